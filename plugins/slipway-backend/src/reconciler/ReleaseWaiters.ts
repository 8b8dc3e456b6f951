import type { ReleaseStatus } from '@slipway/plugin-slipway-common';
import type { Ledger, ReleaseRecord } from '../ledger';

/**
 * How a waited-for release ended up: `succeeded` (also when a newer release superseded it), `failed`
 * with the reason, `gone` (the app was deleted), or still `pending` when the wait ran out, was
 * aborted or the reconciler stopped first.
 */
export type ReleaseOutcome = {
  status: ReleaseStatus | 'gone';
  reason?: string;
};

type Waiter = {
  version: number;
  settle(outcome: ReleaseOutcome): void;
};

/**
 * Who waits for which release of which app. The reconciler checks an app's waiters against the ledger
 * after each of its runs, so a wait costs one read per run instead of a poll.
 */
export class ReleaseWaiters {
  private readonly waiting = new Map<string, Set<Waiter>>();

  constructor(private readonly ledger: Ledger) {}

  /** Resolves with the release's outcome once settled, or `pending` after `timeoutMs` or on `signal`. */
  wait(
    app: string,
    version: number,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<ReleaseOutcome> {
    const waiting = this.waiting;
    return new Promise(resolve => {
      const waiters = waiting.get(app) ?? new Set<Waiter>();
      waiting.set(app, waiters);
      const timer = setTimeout(stillPending, options.timeoutMs);
      // A wait never keeps the process alive.
      timer.unref();
      const waiter: Waiter = { version, settle };
      function settle(outcome: ReleaseOutcome) {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', stillPending);
        waiters.delete(waiter);
        if (waiters.size === 0 && waiting.get(app) === waiters) {
          waiting.delete(app);
        }
        resolve(outcome);
      }
      function stillPending() {
        settle({ status: 'pending' });
      }
      waiters.add(waiter);
      if (options.signal?.aborted) stillPending();
      else {
        options.signal?.addEventListener('abort', stillPending, { once: true });
      }
    });
  }

  /** Whether anyone waits for a release of `app`. */
  has(app: string): boolean {
    return this.waiting.has(app);
  }

  /** Settles the waits on `app`'s releases that the ledger shows settled (or gone). */
  async check(app: string): Promise<void> {
    const waiters = this.waiting.get(app);
    if (!waiters) return;
    const releases = new Map<number, ReleaseRecord | undefined>();
    for (const waiter of [...waiters]) {
      if (!releases.has(waiter.version)) {
        releases.set(
          waiter.version,
          await this.ledger.releases.get(app, waiter.version),
        );
      }
      const release = releases.get(waiter.version);
      if (!release) waiter.settle({ status: 'gone' });
      else if (release.status !== 'pending') {
        waiter.settle({
          status: release.status,
          ...(release.reason ? { reason: release.reason } : {}),
        });
      }
    }
  }

  /** Ends every wait as still `pending` (the reconciler stops). */
  abandonAll(): void {
    for (const waiters of [...this.waiting.values()]) {
      for (const waiter of [...waiters]) waiter.settle({ status: 'pending' });
    }
  }
}
