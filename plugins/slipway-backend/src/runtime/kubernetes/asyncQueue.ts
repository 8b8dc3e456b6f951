/** A queue that producers push into and one consumer reads with `for await`; `close` ends it. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting?: () => void;
  private closed = false;
  private error?: unknown;

  push(item: T) {
    if (this.closed) return;
    this.items.push(item);
    this.wake();
  }

  close(error?: unknown) {
    this.closed = true;
    this.error ??= error;
    this.wake();
  }

  private wake() {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.items.length) {
        yield this.items.shift()!;
      } else if (this.closed) {
        if (this.error) throw this.error;
        return;
      } else {
        await new Promise<void>(resolve => {
          this.waiting = resolve;
        });
      }
    }
  }
}
