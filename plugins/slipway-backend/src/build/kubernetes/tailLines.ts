/** The last `max` complete-or-partial lines of a stream of text chunks (what a failed push repeats). */
export class TailLines {
  private text = '';

  constructor(private readonly max: number) {}

  push(chunk: string) {
    this.text += chunk;
    // Keep a bounded window: the last lines are within the last few KiB of any sane log.
    if (this.text.length > 64 * 1024) this.text = this.text.slice(-32 * 1024);
  }

  lines(): string[] {
    return this.text
      .split('\n')
      .map(line => line.replace(/\r$/, ''))
      .filter(line => line.trim() !== '')
      .slice(-this.max);
  }
}
