import { TestDatabases } from '@backstage/backend-test-utils';
import {
  OPS,
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('delivery figures (DORA)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    const jane = () => s.as(users.jane);

    beforeAll(async () => {
      s = await startSlipway({ database });
      await jane().post('/apps', { name: 'shop', owner: OPS }).expect(201);
      await jane().post('/apps', { name: 'ops-api', owner: OPS }).expect(201);
      await jane().post('/apps', { name: 'blog' }).expect(201);
      await s.settled();
      await seed(s);
    });
    afterAll(async () => {
      await s.stop();
    });

    const shopFigures = {
      days: 30,
      deploys: 3, // v2, v3, v5 (v4 and v6 reuse a build: a config change and a rollback)
      deploymentsPerDay: 0.07, // 2 succeeded in 30 days
      leadTimeHours: 1.5, // median of 1 h (v2) and 2 h (v5)
      changeFailureRate: 0.667, // v3 failed, v5 rolled back
      timeToRestoreHours: 3, // median of 2 h (v3 → v4) and 4 h (v5 → v6)
    };

    it('of an app, from its releases and builds', async () => {
      const res = await jane().get('/apps/shop/delivery');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...shopFigures, apps: ['shop'] });
      // A window that starts after the rollback holds nothing to measure.
      const recent = await jane().get('/apps/blog/delivery?days=1');
      expect(recent.body).toMatchObject({
        deploys: 0,
        deploymentsPerDay: 0,
        leadTimeHours: null,
        changeFailureRate: null,
        timeToRestoreHours: null,
      });
    });

    it('of a team: the apps it owns that the caller may read', async () => {
      const res = await jane().get(
        `/delivery?owner=${encodeURIComponent(OPS)}`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...shopFigures, apps: ['ops-api', 'shop'] });
      const eve = await s
        .as(users.eve)
        .get(`/delivery?owner=${encodeURIComponent(OPS)}`);
      expect(eve.status).toBe(200);
      expect(eve.body.apps).toEqual([]);
      expect(eve.body.deploys).toBe(0);
    });

    it('is refused to those who may not read the app, and for windows it cannot measure', async () => {
      const before = await snapshot(s);
      expect((await s.as(users.eve).get('/apps/shop/delivery')).status).toBe(
        403,
      );
      expect((await jane().get('/apps/nothing/delivery')).status).toBe(404);
      for (const query of ['days=0', 'days=366', 'days=two']) {
        const res = await jane().get(`/apps/shop/delivery?${query}`);
        expect(res.status).toBe(400);
      }
      const noOwner = await jane().get('/delivery');
      expect(noOwner.status).toBe(400);
      expect(noOwner.body.error.message).toMatch(/owner/);
      expect(await snapshot(s)).toEqual(before);
    });
  });
});

/** Builds and releases of `shop`, at fixed distances from now (see shopFigures). */
async function seed(s: Slipway) {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const build = (id: string, at: number) => ({
    id,
    app: 'shop',
    image: `registry.test/shop:${id}`,
    procfile: '{}',
    status: 'succeeded',
    log: '',
    created_by: users.jane,
    created_at: iso(at),
  });
  await s
    .knex('slipway_builds')
    .insert([
      build('b1', now - 10 * DAY),
      build('b2', now - 5 * DAY),
      build('b3', now - 2 * DAY),
    ]);
  const release = (
    version: number,
    at: number,
    status: string,
    buildId: string,
    summary: string,
  ) => ({
    app: 'shop',
    version,
    build_id: buildId,
    config: 'unused',
    summary,
    created_by: users.jane,
    created_at: iso(at),
    status,
  });
  await s
    .knex('slipway_releases')
    .insert([
      release(2, now - 10 * DAY + HOUR, 'succeeded', 'b1', 'jane deployed b1'),
      release(3, now - 5 * DAY + 3 * HOUR, 'failed', 'b2', 'jane deployed b2'),
      release(4, now - 5 * DAY + 5 * HOUR, 'succeeded', 'b1', 'jane added FOO'),
      release(
        5,
        now - 2 * DAY + 2 * HOUR,
        'succeeded',
        'b3',
        'jane deployed b3',
      ),
      release(
        6,
        now - 2 * DAY + 6 * HOUR,
        'succeeded',
        'b1',
        'jane rolled back to v4',
      ),
    ]);
}
