import type { Process } from '@slipway/plugin-slipway-common';
import { appHealth, CRASH_LOOP_WINDOW_MS } from './health';

const now = new Date('2026-12-05T12:00:00.000Z');
const process = (extra: Partial<Process>): Process => ({
  name: 'web.1',
  type: 'web',
  release: 2,
  state: 'up',
  restarts: 0,
  startedAt: new Date(now.getTime() - 5_000).toISOString(),
  ...extra,
});
const judge = (extra: Partial<Parameters<typeof appHealth>[0]>) =>
  appHealth({
    settings: { maintenance: false },
    structure: { web: 1 },
    deployed: true,
    processes: [process({})],
    now,
    ...extra,
  });

describe('appHealth', () => {
  it('is maintenance first, then not deployed, then no processes', () => {
    expect(judge({ settings: { maintenance: true }, deployed: false })).toBe(
      'maintenance',
    );
    expect(judge({ deployed: false })).toBe('not-deployed');
    expect(judge({ structure: { web: 0, worker: 0 } })).toBe('no-processes');
  });

  it('is up when a process serves and none crash', () => {
    expect(judge({})).toBe('up');
    // A process stopping after a scale-down or a deploy says nothing about the app.
    expect(
      judge({
        processes: [
          process({}),
          process({ name: 'web.2', state: 'stopping', restarts: 3 }),
        ],
      }),
    ).toBe('up');
  });

  it('stays crashing through the restarts of a crash loop', () => {
    expect(
      judge({ processes: [process({ state: 'crashed', restarts: 0 })] }),
    ).toBe('crashing');
    expect(
      judge({ processes: [process({ state: 'starting', restarts: 2 })] }),
    ).toBe('crashing');
    // Up again, but restarted moments ago: the loop may go on.
    expect(judge({ processes: [process({ restarts: 2 })] })).toBe('crashing');
    const longAgo = new Date(
      now.getTime() - CRASH_LOOP_WINDOW_MS - 1,
    ).toISOString();
    expect(
      judge({ processes: [process({ restarts: 2, startedAt: longAgo })] }),
    ).toBe('up');
  });

  it('is starting while wanted processes are not up yet', () => {
    expect(judge({ processes: [] })).toBe('starting');
    expect(judge({ processes: [process({ state: 'starting' })] })).toBe(
      'starting',
    );
  });
});
