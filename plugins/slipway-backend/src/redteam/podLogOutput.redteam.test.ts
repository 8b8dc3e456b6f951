import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import type { CapturedLogLine } from '@slipway/plugin-slipway-node';
import { parseProcfile } from '../build/local/procfile';
import { secretMask } from '../domain/secretMask';
import type { KubeClient, KubeObject } from '../kubernetes/KubeClient';
import { PodLogFollower } from '../runtime/kubernetes/podLogFollower';
import { lineSplitter } from '../runtime/local/AppLog';

/**
 * RT28: what a tenant's pod prints, as the kubelet answers it (`timestamps=true`: every line starts
 * with the kubelet's time), through the follower that retains it.
 */
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'shop-web-5d8f9c-x2k4p',
    namespace: 'shop',
    labels: {
      'slipway.io/app': 'shop',
      'slipway.io/type': 'web',
      'slipway.io/release': 'v3',
    },
  },
  status: { phase: 'Running' },
};

/** The kubelet's log answer in these chunks (as the connection delivers them), then the pod finished. */
async function follow(chunks: Buffer[]): Promise<CapturedLogLine[]> {
  const lines: CapturedLogLine[] = [];
  let reads = 0;
  const client = {
    podLog: async () => Readable.from(reads++ === 0 ? chunks : []),
    read: async () => ({ ...pod, status: { phase: 'Succeeded' } }),
  } as unknown as KubeClient;
  const follower = new PodLogFollower({
    client,
    namespace: 'shop',
    pod,
    onLine: line => lines.push(line),
    logger: mockServices.logger.mock(),
  });
  await follower.done;
  return lines;
}

const T1 = '2026-12-05T10:00:00.000000001Z';
const T2 = '2026-12-05T10:00:01.000000001Z';

describe('RT28: hostile output of a Kubernetes pod', () => {
  it('does not take the rest of a long line for a line of its own with the time the app wrote in it (was: high)', async () => {
    // The app prints a line of 40 KB whose middle (where the connection's chunk ends) is a fake
    // kubelet time far ahead: it became a line of 9999, the cursor moved there, and every later line
    // (and, after a backend restart, the whole pod's output) was dropped as already retained.
    const lines = await follow([
      Buffer.from(`${T1} ${'x'.repeat(20_000)}`),
      Buffer.from(`9999-12-31T23:59:59Z forged ${'y'.repeat(20_000)}\n`),
      Buffer.from(`${T2} the next real line\n`),
    ]);
    expect(lines.map(l => [l.time, l.line.slice(0, 12)])).toEqual([
      ['2026-12-05T10:00:00.000Z', 'xxxxxxxxxxxx'],
      ['2026-12-05T10:00:01.000Z', 'the next rea'],
    ]);
    expect(lines[0].line.endsWith('…')).toBe(true);
    expect(lines[0].line.length).toBeLessThanOrEqual(16 * 1024 + 1);
  });

  it('keeps a character whose bytes two chunks split', async () => {
    const text = Buffer.from(`${T1} prix: 10 €\n`);
    const at = text.indexOf(Buffer.from('€')) + 1;
    const lines = await follow([text.subarray(0, at), text.subarray(at)]);
    expect(lines.map(l => l.line)).toEqual(['prix: 10 €']);
  });
});

describe('RT28: a secret where a long line is cut (was: medium)', () => {
  const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
  const mask = secretMask([{ STRIPE_KEY: SECRET }]);

  it('does not show the start of a value that the cut of a long line falls in', () => {
    const lines: string[] = [];
    const splitter = lineSplitter(line => lines.push(line));
    // The app prints its config as one long line: the cut falls in the key.
    splitter.push(`${'x'.repeat(16 * 1024 - 10)} key=${SECRET} more`);
    splitter.push(`${'z'.repeat(20_000)}\nnext\n`);
    splitter.flush();
    expect(lines.map(l => l.slice(-11))).toEqual([
      ` key=${SECRET.slice(0, 5)}…`,
      'next',
    ]);
    const shown = lines.map(mask);
    expect(shown[0].endsWith(' key=***…')).toBe(true);
    // Nor any other piece of the key (the rest was a line of its own before).
    for (const line of shown) expect(line).not.toContain(SECRET.slice(5));
  });

  it('leaves a cut line alone when no value is cut (holds)', () => {
    expect(mask(`${'x'.repeat(10)}…`)).toBe(`${'x'.repeat(10)}…`);
  });
});

describe('RT28: process types named like the platform’s sources (fixed)', () => {
  // A Procfile `router: node fake.js` ran pods whose lines are `router.5d8f9c-x2k4p` (kind app):
  // the Logs tab's process filter `router` (and `slipway`) then listed the app's own lines, which
  // can print router-like text (`at=info method=GET path=/admin status=200`), among the real ones.
  // A build may not define those names; they stay valid as the search's process filter.
  it('refuses a Procfile process type named router or slipway', () => {
    expect(() => parseProcfile('router: node fake.js')).toThrow(
      /Procfile line 1: Process type "router" is reserved/,
    );
    expect(() =>
      parseProcfile('web: node a.js\nslipway: node fake.js'),
    ).toThrow(/Procfile line 2: Process type "slipway" is reserved/);
    expect(parseProcfile('routers: node a.js')).toEqual({
      routers: 'node a.js',
    });
  });
});
