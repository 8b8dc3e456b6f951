import type { Knex } from 'knex';

type FailureRow = {
  failure_key: string;
  failures: number;
  since: number | string;
};

const TABLE = 'slipway_auth_failures';

/** A fixed-window failure count. */
export type FailureCount = { failures: number; since: number };

/**
 * The git remote's failed-authentication counters (fixed windows), in the database so that every
 * replica counts the same failures. Keys carry only a hash of the token presented.
 */
export class AuthFailureStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** The count of `key` in a window that started after `windowStart`, if any. */
  async get(
    key: string,
    windowStart: number,
  ): Promise<FailureCount | undefined> {
    const row = await this.db<FailureRow>(TABLE)
      .where({ failure_key: key })
      .andWhere('since', '>', windowStart)
      .first();
    return row && { failures: row.failures, since: Number(row.since) };
  }

  /**
   * Counts one failure of `key`: a window that started at or before `windowStart` has ended, and a
   * new one starts at `now`. One statement, so concurrent failures on several replicas all count;
   * returns the count after this failure, so callers decide on it without a race.
   */
  async fail(
    key: string,
    now: number,
    windowStart: number,
  ): Promise<FailureCount> {
    const result = await this.db.raw(
      `insert into ${TABLE} (failure_key, failures, since) values (?, 1, ?)
       on conflict (failure_key) do update set
         failures = case when ${TABLE}.since <= ? then 1 else ${TABLE}.failures + 1 end,
         since = case when ${TABLE}.since <= ? then excluded.since else ${TABLE}.since end
       returning failures, since`,
      [key, now, windowStart, windowStart],
    );
    // PostgreSQL answers { rows }, SQLite the rows.
    const row: FailureRow = (Array.isArray(result) ? result : result.rows)[0];
    return { failures: Number(row.failures), since: Number(row.since) };
  }

  /** Forgets windows that ended (housekeeping). */
  async removeEnded(windowStart: number): Promise<number> {
    return this.db<FailureRow>(TABLE)
      .where('since', '<=', windowStart)
      .delete();
  }
}
