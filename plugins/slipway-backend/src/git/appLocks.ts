/** Per-app push serialization: in-process (AppLocks) or across replicas (replicas/PostgresAppLocks). */
export interface PushLocks {
  /**
   * Waits for the app's lock; resolves with the function that releases it. Rejects when `signal`
   * aborts first. Calls `onWait` once if it has to wait.
   */
  acquire(
    app: string,
    signal?: AbortSignal,
    onWait?: () => void,
  ): Promise<() => void>;
}

/**
 * One lock per app: pushes to an app take turns (build, record, release), so builds are recorded
 * in the order the pushes got the lock and a push always builds on the ref the previous one left.
 * In-process: enough for one replica (SQLite, the local runtime); PostgresAppLocks adds a lock the
 * other replicas see.
 */
export class AppLocks implements PushLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Whether someone holds or waits for the app's lock. */
  busy(app: string): boolean {
    return this.tails.has(app);
  }

  /** Waits for the app's lock; resolves with the function that releases it. Rejects when `signal` aborts first. */
  async acquire(
    app: string,
    signal?: AbortSignal,
    onWait?: () => void,
  ): Promise<() => void> {
    if (this.busy(app)) onWait?.();
    const previous = this.tails.get(app) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>(resolve => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(app, tail);
    const done = () => {
      release();
      if (this.tails.get(app) === tail) this.tails.delete(app);
    };

    if (signal) {
      let onAbort!: () => void;
      const aborted = new Promise<'aborted'>(resolve => {
        onAbort = () => resolve('aborted');
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      const first = await Promise.race([previous, aborted]);
      signal.removeEventListener('abort', onAbort);
      if (first === 'aborted') {
        // Give up our turn without breaking the queue: whoever waits behind us waits for `previous`.
        done();
        throw signal.reason;
      }
    } else {
      await previous;
    }
    return done;
  }
}
