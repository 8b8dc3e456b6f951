import { TestDatabases } from '@backstage/backend-test-utils';
import {
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';
import { MetricStore } from '../ledger/MetricStore';
import { RequestRecorder } from '../metrics/RequestRecorder';

jest.setTimeout(60_000);

const HOUR = 3_600_000;

describe('GET /apps/:app/metrics', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    const jane = () => s.as(users.jane);
    beforeEach(async () => {
      s = await startSlipway({ database });
      await jane().post('/apps', { name: 'shop' }).expect(201);
    });
    afterEach(async () => {
      await s.stop();
    });

    /** Points as the router's recorder makes them, stored as the writer stores them. */
    async function store(
      samples: Array<[at: number, status: number, ms: number]>,
    ) {
      const recorder = new RequestRecorder();
      for (const [at, status, durationMs] of samples)
        recorder.record({ app: 'shop', status, durationMs, bytesOut: 100, at });
      await new MetricStore(s.knex).insertRequests(recorder.drain());
    }

    it('answers series on one time axis with the releases of the window', async () => {
      const to = Date.parse('2030-01-01T12:00:00.000Z');
      const from = to - HOUR;
      await store([
        [from + 60_000, 200, 10],
        [from + 61_000, 200, 10],
        [from + 62_000, 503, 100],
        [from + 30 * 60_000, 404, 5],
        [from - 60_000, 200, 1], // before the window
        [to, 200, 1], // the window ends before `to`
      ]);
      // A release in the window and one before it.
      await s.knex('slipway_releases').insert(
        [
          [2, new Date(from - 1000).toISOString()],
          [3, new Date(from + 20 * 60_000).toISOString()],
        ].map(([version, createdAt]) => ({
          app: 'shop',
          version,
          config: 'x',
          summary: `Deploy v${version}`,
          created_by: users.jane,
          created_at: createdAt,
          status: 'succeeded',
        })),
      );
      const res = await jane().get(
        `/apps/shop/metrics?${new URLSearchParams({
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          step: '600',
        })}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.source).toBe('ledger');
      expect(res.body.step).toBe(600);
      expect(res.body.timestamps).toHaveLength(6);
      expect(res.body.timestamps[0]).toBe('2030-01-01T11:00:00.000Z');
      expect(res.body.requests['2xx']).toEqual([2, 0, 0, 0, 0, 0]);
      expect(res.body.requests['5xx']).toEqual([1, 0, 0, 0, 0, 0]);
      expect(res.body.requests['4xx']).toEqual([0, 0, 0, 1, 0, 0]);
      expect(res.body.bytesOut).toEqual([300, 0, 0, 100, 0, 0]);
      expect(res.body.latency.p50[1]).toBeNull();
      expect(res.body.latency.p50[0]).toBeCloseTo(10, -0.5);
      expect(res.body.latency.p99[0]).toBeGreaterThan(95);
      expect(res.body.latency.p99[0]).toBeLessThan(105);
      expect(res.body.releases).toEqual([
        {
          version: 3,
          createdAt: new Date(from + 20 * 60_000).toISOString(),
          status: 'succeeded',
          summary: 'Deploy v3',
        },
      ]);
    });

    it('defaults to the last hour in steps of a minute', async () => {
      const res = await jane().get('/apps/shop/metrics');
      expect(res.status).toBe(200);
      expect(res.body.step).toBe(60);
      expect(res.body.timestamps.length).toBeGreaterThanOrEqual(60);
      expect(res.body.timestamps.length).toBeLessThanOrEqual(61);
      expect(res.body.processes).toEqual([]);
      // The app's first release was created just now.
      expect(res.body.releases.map((r: any) => r.version)).toEqual([1]);
    });

    const refused = [
      [{ step: '90' }, /step must be a multiple of 60/],
      [{ step: '30' }, /step must be >= 60/],
      [
        { from: '2030-01-01T12:00:00Z', to: '2030-01-01T11:00:00Z' },
        /from must be before to/,
      ],
      [{ from: 'yesterday' }, /from must match format "date-time"/],
      [
        {
          from: '2030-01-01T00:00:00Z',
          to: '2030-01-03T00:00:00Z',
          step: '60',
        },
        /more than 1500 steps/,
      ],
    ] as const;

    it('refuses a window it cannot answer with 400', async () => {
      for (const [query, message] of refused) {
        const res = await jane().get(
          `/apps/shop/metrics?${new URLSearchParams(query)}`,
        );
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
    });

    it('is for those who may read the app', async () => {
      expect((await s.as(users.eve).get('/apps/shop/metrics')).status).toBe(
        403,
      );
      expect((await s.as(users.bob).get('/apps/shop/metrics')).status).toBe(
        200,
      );
      expect((await jane().get('/apps/nothing/metrics')).status).toBe(404);
    });

    it('reads requests of several apps for sparklines, leaving out apps the caller may not read', async () => {
      const to = Date.parse('2030-01-01T12:00:00.000Z');
      await store([
        [to - 90 * 60_000, 200, 10],
        [to - 30 * 60_000, 500, 10],
        [to - 29 * 60_000, 200, 10],
      ]);
      const query = new URLSearchParams([
        ['app', 'shop'],
        ['app', 'ghost'],
        ['from', new Date(to - 2 * HOUR).toISOString()],
        ['to', new Date(to).toISOString()],
        ['step', '3600'],
      ]);
      const res = await jane().get(`/metrics/requests?${query}`);
      expect(res.status).toBe(200);
      expect(res.body.apps).toEqual([{ app: 'shop', requests: [1, 2] }]);
      const eve = await s.as(users.eve).get(`/metrics/requests?${query}`);
      expect(eve.status).toBe(200);
      expect(eve.body.apps).toEqual([]);
      expect((await jane().get('/metrics/requests')).status).toBe(400);
    });

    it('RT28: refuses odd shapes of the batch read and answers the same for missing and unreadable apps (holds)', async () => {
      // Times URL-encoded, as the validator wants them (else every case is a 400 for that alone).
      const enc = (query: string) => query.replace(/:/g, '%3A');
      const ask = (query: string) =>
        jane().get(`/metrics/requests?${enc(query)}`);
      // One app alone is a list of one, not its letters.
      const one = await ask('app=shop');
      expect(one.status).toBe(200);
      expect(one.body.apps.map((a: { app: string }) => a.app)).toEqual([
        'shop',
      ]);
      // Repeated: answered once.
      const twice = await ask('app=shop&app=shop');
      expect(twice.body.apps).toHaveLength(1);
      for (const bad of [
        'app[x]=shop',
        `${Array.from({ length: 101 }, (_, i) => `app=a${i}`).join('&')}`,
        `app=${'a'.repeat(65)}`,
        'app=shop&step=59',
        'app=shop&step=86401',
        'app=shop&from=yesterday',
        'app=shop&from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z',
        // A year in one-minute steps: more steps than a chart shows.
        'app=shop&from=2029-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&step=60',
      ]) {
        const res = await ask(bad);
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
        expect(res.body.error.message).not.toMatch(/url encoded/);
      }
      // Eve may not read shop: the answer is that of an app that does not exist.
      const eve = (q: string) =>
        s.as(users.eve).get(`/metrics/requests?${enc(q)}`);
      const [hidden, missing] = await Promise.all([
        eve('app=shop&from=2030-01-01T00:00:00Z&to=2030-01-01T01:00:00Z'),
        eve('app=nope&from=2030-01-01T00:00:00Z&to=2030-01-01T01:00:00Z'),
      ]);
      expect([hidden.status, hidden.body.error?.message]).toEqual([
        200,
        undefined,
      ]);
      expect(hidden.body).toEqual(missing.body);
    });

    it('goes with the app', async () => {
      await store([[Date.now(), 200, 1]]);
      expect((await jane().delete('/apps/shop')).status).toBe(204);
      expect(await s.knex('slipway_request_points').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      for (const table of [
        'slipway_request_points',
        'slipway_request_rollups',
      ]) {
        const [{ n }] = await s.knex(table).count({ n: '*' });
        expect(Number(n)).toBe(0);
      }
    });
  });
});
