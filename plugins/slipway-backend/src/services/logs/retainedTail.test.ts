import type { LogLine } from '@slipway/plugin-slipway-common';
import { startingWith } from './retainedTail';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const l = (s: number, line: string, source = 'web.abc'): LogLine => ({
  time: at(s),
  source,
  line,
});

async function* yielding(lines: LogLine[]) {
  yield* lines;
}

describe('startingWith (a live stream after the retained tail)', () => {
  it('shows a line the runtime repeats from the retained tail once, and everything else', async () => {
    const retained = [
      l(1, 'crashed run'),
      l(2, 'ok'),
      l(2, 'ok'),
      l(3, 'ready'),
    ];
    // The kubelet's tail of the running pod: lines also retained, one not yet, then new ones.
    const live = [
      l(2, 'ok'),
      l(2, 'ok'),
      l(3, 'ready'),
      l(4, 'new'),
      l(5, 'ok'),
      l(3, 'ready', 'web.xyz'),
    ];
    const shown: LogLine[] = [];
    for await (const line of startingWith(retained, yielding(live)))
      shown.push(line);
    expect(shown).toEqual([
      ...retained,
      l(4, 'new'),
      l(5, 'ok'),
      l(3, 'ready', 'web.xyz'),
    ]);
  });
});
