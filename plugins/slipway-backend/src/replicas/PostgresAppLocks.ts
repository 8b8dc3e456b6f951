import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppLocks, type PushLocks } from '../git/appLocks';

const DEFAULT_POLL_MS = 200;

/**
 * The advisory-lock key of an app's push lock: 64 bits of a SHA-256 of the name. Not hashtext
 * (32 bits): a tenant can find a name of its own with the victim app's hashtext offline and block
 * the victim's pushes with a long build of its own.
 */
export function pushLockKey(app: string): string {
  return createHash('sha256')
    .update(`slipway-push\0${app}`, 'utf8')
    .digest()
    .readBigInt64BE(0)
    .toString();
}

/** The one PostgreSQL session a replica holds its push locks on (outside the pool). */
type Session = {
  query(sql: string, values: unknown[]): Promise<{ rows: any[] }>;
  on(event: 'error' | 'end', listener: () => void): void;
};

/**
 * Per-app push locks that every replica on one PostgreSQL sees: session-level advisory locks, all
 * of a replica's on ONE connection of their own, outside the pool. A lock per pooled connection
 * would let one tenant's builds (held for a whole build and release) take every connection the API
 * needs. A replica that dies loses its session, and PostgreSQL frees its locks with it. Pushes on
 * this replica first queue in-process (first come, first served; so the session never asks twice
 * for one key); across replicas the lock is polled, so the order between replicas is whoever asks
 * first after it is freed.
 */
export class PostgresAppLocks implements PushLocks {
  private readonly local = new AppLocks();
  private session?: Promise<Session>;

  constructor(
    private readonly knex: Knex,
    private readonly pollMs = DEFAULT_POLL_MS,
  ) {}

  async acquire(
    app: string,
    signal?: AbortSignal,
    onWait?: () => void,
  ): Promise<() => void> {
    let told = false;
    const tell = () => {
      if (!told) onWait?.();
      told = true;
    };
    const releaseLocal = await this.local.acquire(app, signal, tell);
    const key = pushLockKey(app);
    let held!: Session;
    try {
      for (;;) {
        held = await this.connection();
        const result = await held.query(
          'select pg_try_advisory_lock($1::bigint) as locked',
          [key],
        );
        if (result.rows[0].locked) break;
        tell();
        signal?.throwIfAborted();
        await sleep(this.pollMs, undefined, { signal });
      }
    } catch (error) {
      releaseLocal();
      throw signal?.aborted ? signal.reason : error;
    }
    return () => {
      // Unlocking frees the advisory lock; then the next push here may ask for it. A session
      // that died has freed it already.
      void held
        .query('select pg_advisory_unlock($1::bigint)', [key])
        .catch(() => {})
        .finally(releaseLocal);
    };
  }

  /** Ends the session (its locks go with it). */
  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session) {
      await session
        .then(s => (this.knex.client as any).destroyRawConnection(s))
        .catch(() => {});
    }
  }

  private connection(): Promise<Session> {
    if (!this.session) {
      const opened: Promise<Session> = (
        this.knex.client as any
      ).acquireRawConnection();
      this.session = opened;
      const forget = () => {
        if (this.session === opened) this.session = undefined;
      };
      opened.then(s => {
        s.on('error', forget);
        s.on('end', forget);
      }, forget);
    }
    return this.session;
  }
}
