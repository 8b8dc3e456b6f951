/**
 * How long after telling an owner of a crash loop a new loop of the same app is not told again.
 * A process that lives just past the crash-loop window (domain/health) and exits starts a "new"
 * loop every minute or two; without this its owner (possibly a team the app was given to) would
 * get a critical notification each time, forever.
 */
export const CRASH_NOTICE_QUIET_MS = 60 * 60 * 1000;

/** Which crash loops are told to the app's owner: at most one per app per quiet period. */
export class CrashNotices {
  private readonly told = new Map<string, number>();

  constructor(private readonly quietMs = CRASH_NOTICE_QUIET_MS) {}

  /**
   * Whether the loop of `app` starting at `since` is told to `owner`; remembers it if so. Per
   * owner: a new owner (a transfer, or a new app of the same name) hears of its first loop.
   */
  shouldTell(app: string, owner: string, since: string): boolean {
    const key = `${owner} ${app}`;
    const at = Date.parse(since);
    // Forget what is past its quiet period, so the map holds only recent loops.
    for (const [name, last] of this.told) {
      if (at - last >= this.quietMs) this.told.delete(name);
    }
    if (this.told.has(key)) return false;
    this.told.set(key, at);
    return true;
  }
}
