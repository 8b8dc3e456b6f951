import { OutputCursor } from './podLogFollower';

describe('OutputCursor', () => {
  const t = (ms: number) =>
    new Date(Date.UTC(2026, 0, 1, 0, 0, 5, ms)).toISOString();

  it('admits each line once when the kubelet sends a second again', () => {
    // Two lines of one millisecond are retained already.
    const cursor = new OutputCursor({ time: t(200), count: 2 });
    expect(cursor.sinceTime()).toBe('2026-01-01T00:00:05Z');
    const read = (times: number[]) => {
      cursor.reread();
      return times.map(ms => cursor.admit(t(ms)));
    };
    // From the second on: older lines, the two stored, then a third of that millisecond and newer ones.
    expect(read([100, 200, 200, 200, 300, 300])).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    // Read again from the same second: nothing is told twice; a new line is.
    expect(read([100, 200, 200, 200, 300, 300, 400])).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('admits everything without a cursor', () => {
    const cursor = new OutputCursor();
    expect(cursor.sinceTime()).toBeUndefined();
    expect([t(1), t(1), t(2)].map(time => cursor.admit(time))).toEqual([
      true,
      true,
      true,
    ]);
  });
});
