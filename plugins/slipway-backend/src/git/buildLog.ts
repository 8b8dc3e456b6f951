const MAX_RECORDED_LOG = 1024 * 1024;

/**
 * What the pusher sees of a build, kept (up to 1 MiB, the end wins) for the ledger. `write` passes
 * on the pusher's backpressure: a promise while the client is behind.
 */
export class BuildLog {
  private chunks = '';
  private dropped = 0;

  constructor(private readonly send: (text: string) => void | Promise<void>) {}

  write(text: string): void | Promise<void> {
    const busy = this.send(text);
    this.chunks += text;
    if (this.chunks.length > MAX_RECORDED_LOG) {
      this.dropped += this.chunks.length - MAX_RECORDED_LOG;
      this.chunks = this.chunks.slice(-MAX_RECORDED_LOG);
    }
    return busy;
  }

  text() {
    return this.dropped
      ? `[${this.dropped} characters of earlier output left out]\n${this.chunks}`
      : this.chunks;
  }
}
