const MAX_RECORDED_LOG = 1024 * 1024;

/** What the pusher sees of a build, kept (up to 1 MiB, the end wins) for the ledger. */
export class BuildLog {
  private chunks = '';
  private dropped = 0;

  constructor(private readonly send: (text: string) => void) {}

  write(text: string) {
    this.send(text);
    this.chunks += text;
    if (this.chunks.length > MAX_RECORDED_LOG) {
      this.dropped += this.chunks.length - MAX_RECORDED_LOG;
      this.chunks = this.chunks.slice(-MAX_RECORDED_LOG);
    }
  }

  text() {
    return this.dropped
      ? `[${this.dropped} characters of earlier output left out]\n${this.chunks}`
      : this.chunks;
  }
}
