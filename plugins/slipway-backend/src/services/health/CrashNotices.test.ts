import { CRASH_NOTICE_QUIET_MS, CrashNotices } from './CrashNotices';

describe('CrashNotices', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

  it('tells an owner of one crash loop per app per quiet period, however often loops restart', () => {
    const notices = new CrashNotices();
    expect(notices.shouldTell('shop', 'group:default/ops', at(0))).toBe(true);
    for (let minute = 1; minute < 60; minute++) {
      expect(
        notices.shouldTell('shop', 'group:default/ops', at(minute * 60_000)),
      ).toBe(false);
    }
    expect(
      notices.shouldTell(
        'shop',
        'group:default/ops',
        at(CRASH_NOTICE_QUIET_MS),
      ),
    ).toBe(true);
  });

  it('tells other apps, and a new owner of the same app, at once', () => {
    const notices = new CrashNotices();
    expect(notices.shouldTell('shop', 'user:default/jane', at(0))).toBe(true);
    expect(notices.shouldTell('blog', 'user:default/jane', at(1))).toBe(true);
    expect(notices.shouldTell('shop', 'group:default/ops', at(2))).toBe(true);
  });
});
