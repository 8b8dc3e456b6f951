import { TestDatabases } from '@backstage/backend-test-utils';
import { SecretBox } from '../../crypto';
import { Ledger } from '../../ledger';
import { RequestRecorder } from '../../metrics/RequestRecorder';
import { MetricsWriter } from '../../metrics/MetricsWriter';
import { buildSeries } from '../../metrics/series';
import { minuteOf } from '../../metrics/types';
import { requestSampleOf } from '../../metrics/requestSample';
import { BuiltinRouter } from './BuiltinRouter';
import {
  send,
  startUpstream,
  testRoute,
  type TestUpstream,
} from './testing/http';

jest.setTimeout(60_000);

/** Histogram buckets are 10% wide and read at their geometric middle: within 5%. */
const TOLERANCE = 0.05;

describe('the builtin router counts requests per app', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let router: BuiltinRouter;
  let recorder: RequestRecorder;
  let upstream: TestUpstream;
  let port: number;

  beforeAll(async () => {
    // /slow answers after 200 ms, /fail with 500, everything else at once with 11 bytes.
    upstream = await startUpstream('shop', (req, res) => {
      if (req.url === '/slow') {
        setTimeout(() => res.end('slow'), 200);
      } else if (req.url === '/fail') {
        res.statusCode = 500;
        res.end('failed');
      } else res.end('hello world');
    });
    recorder = new RequestRecorder();
    router = new BuiltinRouter({
      httpPort: 0,
      httpsPort: 0,
      host: '127.0.0.1',
      platformDomain: 'localhost',
    });
    // As the plugin wires it: metrics count the router's line per request.
    router.onAccessLog(entry => recorder.record(requestSampleOf(entry)));
    await router.apply([
      testRoute('shop', { upstream: { addresses: [upstream.address] } }),
      testRoute('closed', { maintenance: true, upstream: { addresses: [] } }),
    ]);
    port = router.listening()!.httpPort;
  });

  afterAll(async () => {
    await router.close();
    await upstream.close();
  });

  /** 80 fast answers, 20 slow ones, 5 failures, 3 maintenance pages, 2 unknown hosts. */
  async function traffic() {
    const started = Date.now();
    /** What the client waited for each shop request: the router's time is part of it. */
    const waited: number[] = [];
    const timed = async (path: string) => {
      const t = performance.now();
      const reply = await send(port, 'shop.localhost', { path });
      waited.push(performance.now() - t);
      return reply;
    };
    for (let i = 0; i < 80; i++) await timed('/');
    await Promise.all(Array.from({ length: 20 }, () => timed('/slow')));
    for (let i = 0; i < 5; i++) expect((await timed('/fail')).status).toBe(500);
    for (let i = 0; i < 3; i++)
      expect((await send(port, 'closed.localhost')).status).toBe(503);
    for (let i = 0; i < 2; i++)
      expect((await send(port, 'nobody.localhost')).status).toBe(404);
    // Counting happens when the answer's close event fires, just after the client has it.
    await new Promise(resolve => setTimeout(resolve, 50));
    waited.sort((a, b) => a - b);
    return { started, ended: Date.now(), waited };
  }

  it('exactly, with latency percentiles, and reads the same series back from the ledger', async () => {
    recorder.drain();
    const { started, ended, waited } = await traffic();
    const clientQuantile = (q: number) =>
      waited[Math.ceil(q * waited.length) - 1];
    const points = recorder.drain();
    const window = {
      from: minuteOf(started),
      to: minuteOf(ended) + 1,
      stepMinutes: minuteOf(ended) + 1 - minuteOf(started),
    };
    // Unknown hosts belong to no app and are not counted.
    expect(new Set(points.map(p => p.app))).toEqual(
      new Set(['shop', 'closed']),
    );
    const series = buildSeries(
      window,
      points.filter(p => p.app === 'shop'),
      [],
    );
    expect(series.timestamps).toHaveLength(1);
    expect(series.requests['2xx']).toEqual([100]);
    expect(series.requests['5xx']).toEqual([5]);
    expect(series.requests['4xx']).toEqual([0]);
    // Body bytes: 80 x "hello world", 20 x "slow", 5 x "failed".
    expect(series.bytesOut[0]).toBe(80 * 11 + 20 * 4 + 5 * 6);
    // The router times each answer from its arrival to its end, within what the client waited:
    // p95 and p99 are among the 20 slow ones (the upstream waits 200 ms), none above the client's.
    const within = (value: number | null, low: number, high: number) => {
      expect(value).toBeGreaterThanOrEqual(low * (1 - TOLERANCE));
      expect(value).toBeLessThanOrEqual(high * (1 + TOLERANCE));
    };
    within(series.latency.p50[0], 0, clientQuantile(0.5));
    within(series.latency.p95[0], 200, clientQuantile(0.95));
    within(series.latency.p99[0], 200, clientQuantile(0.99));
    const closed = buildSeries(
      window,
      points.filter(p => p.app === 'closed'),
      [],
    );
    expect(closed.requests['5xx']).toEqual([3]);

    for (const [databaseId] of databases.eachSupportedId()) {
      const knex = await databases.init(databaseId);
      const ledger = await Ledger.create({
        database: { getClient: async () => knex },
        box: new SecretBox(Buffer.alloc(32, 1)),
      });
      // Two flushes within the window: rows of one minute add up.
      const half = Math.floor(points.length / 2);
      const writer = new MetricsWriter({
        recorder: {
          drain: () => points.slice(0, half),
          retryLater: () => {},
        } as any,
        store: () => ledger.metrics,
        retentionDays: 14,
      });
      await writer.flush();
      await ledger.metrics.insertRequests(points.slice(half));
      const stored = await ledger.metrics.requests(
        'shop',
        window.from,
        window.to,
      );
      expect(buildSeries(window, stored, [])).toEqual(series);
    }
  });
});
