import type { Knex } from 'knex';

type LeaseRow = { name: string; holder: string; expires_at: number | string };

const TABLE = 'slipway_leases';

/**
 * Named leases shared by the backend replicas of one database: a lease is held by one holder until
 * it expires (epoch ms); its holder renews it, anyone takes it once expired. Times come from the
 * callers' clocks, so replicas' clocks must agree to well within a lease's length (NTP does).
 */
export class LeaseStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /**
   * Takes `name` for `holder` until `expiresAt`: true when it was free, expired at `now` or
   * already `holder`'s; false while another holder has it. One statement, so two takers never both win.
   */
  async take(
    name: string,
    holder: string,
    now: number,
    expiresAt: number,
  ): Promise<boolean> {
    await this.db.raw(
      `insert into ${TABLE} (name, holder, expires_at) values (?, ?, ?)
       on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where ${TABLE}.holder = excluded.holder or ${TABLE}.expires_at <= ?`,
      [name, holder, expiresAt, now],
    );
    // Read back rather than count changed rows (drivers report those differently).
    return (await this.holder(name, now)) === holder;
  }

  /** Extends every lease `holder` still has (unexpired at `now`); returns how many. */
  async renew(holder: string, now: number, expiresAt: number): Promise<number> {
    return this.db<LeaseRow>(TABLE)
      .where({ holder })
      .andWhere('expires_at', '>', now)
      .update({ expires_at: expiresAt });
  }

  /** Gives `name` up, if `holder` has it. */
  async release(name: string, holder: string): Promise<void> {
    await this.db<LeaseRow>(TABLE).where({ name, holder }).delete();
  }

  /** The holder of `name` at `now`, if anyone holds it. */
  async holder(name: string, now: number): Promise<string | undefined> {
    const row = await this.db<LeaseRow>(TABLE)
      .where({ name })
      .andWhere('expires_at', '>', now)
      .first();
    return row?.holder;
  }

  /** Forgets leases expired for `graceMs` (dead instances' heartbeats). */
  async removeExpired(before: number): Promise<number> {
    return this.db<LeaseRow>(TABLE).where('expires_at', '<', before).delete();
  }
}
