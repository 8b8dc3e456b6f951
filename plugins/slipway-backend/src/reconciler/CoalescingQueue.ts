/**
 * Runs `work(key)` serialized per key. Scheduling a key while its work runs makes it run once more
 * afterwards, however often it was scheduled: a burst of changes costs at most two runs.
 */
export class CoalescingQueue {
  private readonly running = new Map<
    string,
    { again: boolean; done: Promise<void> }
  >();

  constructor(
    private readonly work: (key: string) => Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  schedule(key: string): void {
    const state = this.running.get(key);
    if (state) {
      state.again = true;
      return;
    }
    const next = { again: true, done: Promise.resolve() };
    this.running.set(key, next);
    next.done = (async () => {
      // Yield first so that changes made right after scheduling are seen by this run.
      await Promise.resolve();
      while (next.again) {
        next.again = false;
        try {
          await this.work(key);
        } catch (error) {
          this.onError(key, error);
        }
      }
      this.running.delete(key);
    })();
  }

  /** Resolves when `key` (or every key) has no work scheduled or running. */
  async idle(key?: string): Promise<void> {
    for (;;) {
      const pending =
        key === undefined
          ? [...this.running.values()]
          : [this.running.get(key)];
      const states = pending.filter((s): s is NonNullable<typeof s> => !!s);
      if (states.length === 0) return;
      await Promise.all(states.map(s => s.done));
    }
  }
}
