import type { LogLine } from '@slipway/plugin-slipway-common';

/** Lines remembered to recognise them again after a reconnect. */
const REMEMBERED = 5000;

/**
 * The lines already shown (as the CLI's `logs --tail` does), so that a resumed stream (which starts again with the retained tail)
 * does not repeat them: a line at or before the last shown line's time, with the same time,
 * source and text as a shown one, is skipped.
 */
export class ShownLines {
  private lastTime = Number.NEGATIVE_INFINITY;
  private readonly keys = new Set<string>();

  /**
   * True if `line`, on a resumed stream, was shown already; otherwise remembers it as shown. (On
   * the first stream nothing is skipped: a process may print the same line twice.)
   */
  repeats(line: LogLine, resumed: boolean): boolean {
    const time = Date.parse(line.time);
    if (Number.isNaN(time)) return false; // no time (plain text): nothing to compare
    const key = `${line.time}\0${line.source}\0${line.line}`;
    if (resumed && this.keys.has(key) && time <= this.lastTime) return true;
    this.keys.add(key);
    if (this.keys.size > REMEMBERED)
      this.keys.delete(this.keys.values().next().value!);
    if (time > this.lastTime) this.lastTime = time;
    return false;
  }
}
