import type { AuthFailureStore } from '../ledger/AuthFailureStore';
import {
  appKey,
  clientKey,
  tokenKey,
  tooManyFailures,
  type AuthAttempt,
  type AuthFailureLimits,
  type AuthLimiter,
} from '../git/authFailures';

/**
 * The git remote's failed-authentication limit (same keys and limits as AuthLimits) counted in the
 * database, so a client cannot multiply its tries by the number of replicas behind the load
 * balancer. Ended windows are removed by `removeEnded`; within a window, an address past its
 * `maxFailuresPerClient` adds no rows, so one address keeps at most 2 × that many (plus one).
 */
export class SharedAuthLimits implements AuthLimiter {
  private readonly maxFailures: number;
  private readonly maxFailuresPerApp: number;
  private readonly maxFailuresPerClient: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: AuthFailureStore,
    limits: AuthFailureLimits = {},
  ) {
    this.maxFailures = limits.maxFailures ?? 10;
    this.maxFailuresPerApp = limits.maxFailuresPerApp ?? 100;
    this.maxFailuresPerClient = limits.maxFailuresPerClient ?? 1000;
    this.windowMs = limits.windowMs ?? 60_000;
    this.now = limits.now ?? Date.now;
  }

  async check(attempt: AuthAttempt): Promise<void> {
    await this.checkKey(clientKey(attempt), this.maxFailuresPerClient, '');
    await this.checkKey(
      appKey(attempt),
      this.maxFailuresPerApp,
      `for ${attempt.app}`,
    );
    await this.checkKey(
      tokenKey(attempt),
      this.maxFailures,
      `with this token for ${attempt.app}`,
    );
  }

  /**
   * Counts the failure; throws TooManyFailuresError when it went over a limit. `check` alone is
   * not enough: parallel attempts (on several replicas) all pass it before any is counted.
   */
  async fail(attempt: AuthAttempt): Promise<void> {
    const now = this.now();
    const perClient = await this.store.fail(
      clientKey(attempt),
      now,
      now - this.windowMs,
    );
    if (perClient.failures > this.maxFailuresPerClient) {
      // Past the address's ceiling: nothing more about this attempt is kept.
      throw tooManyFailures(perClient.since + this.windowMs - now, '');
    }
    const perApp = await this.store.fail(
      appKey(attempt),
      now,
      now - this.windowMs,
    );
    const perToken = await this.store.fail(
      tokenKey(attempt),
      now,
      now - this.windowMs,
    );
    if (perApp.failures > this.maxFailuresPerApp) {
      throw tooManyFailures(
        perApp.since + this.windowMs - now,
        `for ${attempt.app}`,
      );
    }
    if (perToken.failures > this.maxFailures) {
      throw tooManyFailures(
        perToken.since + this.windowMs - now,
        `with this token for ${attempt.app}`,
      );
    }
  }

  /** Forgets ended windows (a scheduled housekeeping task). */
  removeEnded(): Promise<number> {
    return this.store.removeEnded(this.now() - this.windowMs);
  }

  private async checkKey(key: string, max: number, what: string) {
    const now = this.now();
    const entry = await this.store.get(key, now - this.windowMs);
    if (entry && entry.failures >= max) {
      throw tooManyFailures(entry.since + this.windowMs - now, what);
    }
  }
}
