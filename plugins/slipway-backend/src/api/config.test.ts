import { TestDatabases } from '@backstage/backend-test-utils';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

describe('config', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    beforeEach(async () => {
      s = await startSlipway({ database });
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
    });
    afterEach(async () => {
      await s.stop();
    });

    it('sets, changes and unsets values, one release each, with summaries', async () => {
      const v2 = await s
        .as(users.jane)
        .patch('/apps/shop/config', { values: { FOO: '1', BAR: 'a' } });
      expect(v2.status).toBe(201);
      expect(v2.body).toMatchObject({
        version: 2,
        status: 'pending',
        summary: 'jane added BAR, FOO',
        config: {
          values: { BAR: 'a', FOO: '1' },
          keys: ['BAR', 'FOO'],
          revealed: true,
        },
      });
      const v3 = await s.as(users.jane).patch('/apps/shop/config', {
        values: { FOO: null, BAR: 'b', BAZ: 'z' },
      });
      expect(v3.body).toMatchObject({
        version: 3,
        summary: 'jane added BAZ, changed BAR, removed FOO',
      });
      const config = await s.as(users.jane).get('/apps/shop/config');
      expect(config.body).toEqual({
        values: { BAR: 'b', BAZ: 'z' },
        limits: {},
        tags: {},
        healthchecks: {},
        keys: ['BAR', 'BAZ'],
        revealed: true,
        version: 3,
      });
      await s.settled();
      const releases = await s.as(users.jane).get('/apps/shop/releases');
      expect(
        releases.body.items.map((r: { version: number; status: string }) => [
          r.version,
          r.status,
        ]),
      ).toEqual([
        [3, 'succeeded'],
        [2, 'succeeded'],
        [1, 'succeeded'],
      ]);
      expect(s.audits.filter(a => a.eventId === 'config-update')).toHaveLength(
        2,
      );
    });

    it('sets limits, tags and healthchecks', async () => {
      const res = await s.as(users.jane).patch('/apps/shop/config', {
        limits: { web: { memory: '512Mi', cpu: '500m' } },
        tags: { 'topology.kubernetes.io/zone': 'eu-1', disk: 'ssd' },
        healthchecks: {
          web: {
            readiness: { type: 'http', path: '/healthz', periodSeconds: 5 },
            liveness: { type: 'exec', command: ['true'] },
          },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.summary).toBe(
        'jane added limits web, tags disk, tags topology.kubernetes.io/zone, healthchecks web',
      );
      const removed = await s
        .as(users.jane)
        .patch('/apps/shop/config', { limits: { web: null } });
      expect(removed.body.summary).toBe('jane removed limits web');
      expect(removed.body.config.limits).toEqual({});
      expect(removed.body.config.tags).toEqual({
        disk: 'ssd',
        'topology.kubernetes.io/zone': 'eu-1',
      });
    });

    it('masks values for callers who may not read config', async () => {
      await s
        .as(users.jane)
        .patch('/apps/shop/config', { values: { SECRET: 'hunter2' } })
        .expect(201);
      const config = await s.as(users.bob).get('/apps/shop/config');
      expect(config.status).toBe(200);
      expect(config.body).toMatchObject({
        values: {},
        keys: ['SECRET'],
        revealed: false,
      });
      const release = await s.as(users.bob).get('/apps/shop/releases/2');
      expect(release.body.config).toMatchObject({
        values: {},
        keys: ['SECRET'],
        revealed: false,
      });
      const app = await s.as(users.bob).get('/apps/shop');
      expect(JSON.stringify(app.body)).not.toContain('hunter2');
      const list = await s.as(users.bob).get('/apps/shop/releases');
      expect(JSON.stringify(list.body)).not.toContain('hunter2');
      expect(
        (await s.as(users.jane).get('/apps/shop')).body.release.config.values,
      ).toEqual({ SECRET: 'hunter2' });
    });

    it('refuses a PATCH that changes nothing with 409, and records nothing', async () => {
      await s
        .as(users.jane)
        .patch('/apps/shop/config', { values: { FOO: '1' } })
        .expect(201);
      await s.settled();
      const before = await snapshot(s);
      for (const body of [
        { values: { FOO: '1' } },
        { values: { NOPE: null } },
        {},
        { limits: { web: null } },
      ]) {
        const res = await s.as(users.jane).patch('/apps/shop/config', body);
        expect(res.status).toBe(409);
        expect(res.body.error).toMatchObject({
          name: 'ConflictError',
          message: expect.stringMatching(/Nothing changed/),
        });
      }
      expect(await snapshot(s)).toEqual(before);
    });

    it('refuses (409) an edit based on config that changed since, and changes nothing', async () => {
      const seen = await s.as(users.jane).get('/apps/shop/config');
      expect(seen.body.version).toBe(1);
      // Someone else adds a key while jane has edits staged on v1.
      await s
        .as(users.bob)
        .patch('/apps/shop/config', { values: { ADDED: 'elsewhere' } })
        .expect(403);
      await s
        .as(users.jane)
        .patch('/apps/shop/config', {
          baseVersion: 1,
          values: { ADDED: 'elsewhere' },
        })
        .expect(201);
      await s.settled();
      const before = await snapshot(s);
      const signalsBefore = s.signals.length;

      const stale = await s.as(users.jane).patch('/apps/shop/config', {
        baseVersion: 1,
        values: { ADDED: 'mine', OTHER: 'x' },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({
        name: 'ConflictError',
        message:
          'The config of "shop" changed since v1 (now v2: ADDED); reload it and apply your edits again',
      });
      expect(await snapshot(s)).toEqual(before);
      expect(s.signals.length).toBe(signalsBefore);
      expect(
        (await s.as(users.jane).get('/apps/shop/config')).body,
      ).toMatchObject({ values: { ADDED: 'elsewhere' }, version: 2 });

      // Based on the current version, the same edit goes through.
      const fresh = await s.as(users.jane).patch('/apps/shop/config', {
        baseVersion: 2,
        values: { ADDED: 'mine', OTHER: 'x' },
      });
      expect(fresh.status).toBe(201);
      expect(fresh.body.config.values).toEqual({ ADDED: 'mine', OTHER: 'x' });
    });

    it('lets an edit through when only the build changed since its baseVersion', async () => {
      const v2 = await s
        .as(users.jane)
        .post('/apps/shop/builds', { image: 'registry.test/shop:1' });
      expect(v2.status).toBe(201);
      await s.settled();
      const res = await s.as(users.jane).patch('/apps/shop/config', {
        baseVersion: 1,
        values: { FOO: '1' },
      });
      expect(res.status).toBe(201);
      expect(res.body.version).toBe(3);
    });

    it.each([
      [0, /baseVersion must be >= 1/],
      [7, /baseVersion 7 is not a release of "shop"/],
    ])(
      'refuses baseVersion %p with 400, and changes nothing',
      async (baseVersion, message) => {
        await s.settled();
        const before = await snapshot(s);
        const res = await s
          .as(users.jane)
          .patch('/apps/shop/config', { baseVersion, values: { FOO: '1' } });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await snapshot(s)).toEqual(before);
      },
    );

    it.each([
      [{ values: { '1FOO': 'x' } }, /must start with a letter/],
      [{ values: { FOO: 1 } }, /values\/FOO must be string/],
      [{ values: ['FOO'] }, /values must be object/],
      [
        { values: { BIG: 'x'.repeat(1024 * 1024) } },
        /would take 1\.0 MiB, 3 bytes over the 1 MiB an app may have/,
      ],
      [
        { limits: { web: { memory: 'lots' } } },
        /body\/limits\/web\/memory must match pattern/,
      ],
      [
        { limits: { web: { cpu: '-1' } } },
        /body\/limits\/web\/cpu must match pattern/,
      ],
      [
        { limits: { web: { disk: '1Gi' } } },
        /body\/limits\/web\/disk is not a field of this request/,
      ],
      [{ limits: { Web: { cpu: '1' } } }, /Process type "Web"/],
      [{ limits: { web: {} } }, /body\/limits\/web must not be empty/],
      [{ tags: { 'bad key!': 'x' } }, /label key/],
      [{ tags: { disk: 'has space' } }, /body\/tags\/disk must match pattern/],
      [
        { healthchecks: { web: { readiness: { type: 'http' } } } },
        /path starting with/,
      ],
      [
        { healthchecks: { web: { readiness: { type: 'grpc' } } } },
        /readiness\/type must be equal to one of the allowed values: http, tcp, exec/,
      ],
      [
        { healthchecks: { web: { liveness: { type: 'exec', command: [] } } } },
        /liveness\/command must not be empty/,
      ],
      [
        { healthchecks: { web: { liveness: { type: 'tcp', port: 70000 } } } },
        /liveness\/port must be <= 65535/,
      ],
      [
        {
          healthchecks: {
            web: { liveness: { type: 'tcp', timeoutSeconds: 0 } },
          },
        },
        /liveness\/timeoutSeconds must be >= 1/,
      ],
      [
        { healthchecks: { web: {} } },
        /body\/healthchecks\/web must not be empty/,
      ],
      [
        { healthchecks: { web: { liveness: { type: 'exec', path: '/' } } } },
        /only http probes have one/,
      ],
      [
        {
          healthchecks: { web: { readiness: { type: 'http', path: '/x y' } } },
        },
        /readiness\/path must match pattern/,
      ],
      [{ env: { FOO: '1' } }, /body\/env is not a field of this request/],
      [['FOO=1'], /body must be object/],
    ])('refuses %j with 400 and changes nothing', async (body, message) => {
      await s.settled();
      const before = await snapshot(s);
      const res = await s.as(users.jane).patch('/apps/shop/config', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(await snapshot(s)).toEqual(before);
    });

    it('refuses callers who may not update the app, and changes nothing', async () => {
      await s.settled();
      const before = await snapshot(s);
      const res = await s
        .as(users.bob)
        .patch('/apps/shop/config', { values: { FOO: '1' } });
      expect(res.status).toBe(403);
      expect((await s.as(users.eve).get('/apps/shop/config')).status).toBe(403);
      expect(
        (
          await s
            .as(users.jane)
            .patch('/apps/nope/config', { values: { FOO: '1' } })
        ).status,
      ).toBe(404);
      expect(await snapshot(s)).toEqual(before);
      expect(s.audits).toContainEqual({
        eventId: 'config-update',
        status: 'failed',
        meta: { app: 'shop', keys: ['FOO'] },
      });
    });

    it('keeps versions gap-free and loses no change under 10 parallel PATCHes', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          s.as(users.jane).patch('/apps/shop/config', {
            values: { [`KEY_${i}`]: `value-${i}` },
          }),
        ),
      );
      expect(results.map(r => r.status)).toEqual(Array(10).fill(201));
      expect(results.map(r => r.body.version).sort((a, b) => a - b)).toEqual([
        2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
      ]);
      const config = await s.as(users.jane).get('/apps/shop/config');
      expect(config.body.keys).toEqual(
        Array.from({ length: 10 }, (_, i) => `KEY_${i}`).sort(),
      );
      const versions = await s
        .knex('slipway_releases')
        .where({ app: 'shop' })
        .orderBy('version')
        .pluck('version');
      expect(versions.map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });

    it('keeps config values out of the database in plaintext', async () => {
      const secret = 'postgres://admin:S3cr3t-Passw0rd@db.internal/shop';
      await s
        .as(users.jane)
        .patch('/apps/shop/config', { values: { DATABASE_URL: secret } })
        .expect(201);
      await s
        .as(users.jane)
        .post('/apps/shop/builds', { image: 'registry.test/shop:1' })
        .expect(201);
      await s.settled();
      for (const table of [
        'slipway_apps',
        'slipway_builds',
        'slipway_releases',
        'slipway_events',
      ]) {
        const dump = JSON.stringify(await s.knex(table).select());
        expect(dump).not.toContain('S3cr3t-Passw0rd');
      }
      // ...while the runtime gets the decrypted value.
      expect(s.runtime.appliesOf('shop').pop()?.release?.config.values).toEqual(
        { DATABASE_URL: secret },
      );
    });
  });
});
