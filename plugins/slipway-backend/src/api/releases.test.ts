import { TestDatabases } from '@backstage/backend-test-utils';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

describe('builds and releases', () => {
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

    it('deploys an image as a new release that the runtime and router get', async () => {
      await jane()
        .patch('/apps/shop/config', { values: { FOO: 'bar' } })
        .expect(201);
      const res = await jane().post('/apps/shop/builds', {
        image: 'registry.test/shop:1',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        version: 3,
        status: 'pending',
        summary: 'jane deployed registry.test/shop:1',
        build: {
          image: 'registry.test/shop:1',
          procfile: { web: '' },
          status: 'succeeded',
          createdBy: users.jane,
        },
        config: { values: { FOO: 'bar' } },
      });
      expect(res.body.build.log).toBeUndefined();
      await s.settled();
      expect((await jane().get('/apps/shop/releases/3')).body.status).toBe(
        'succeeded',
      );
      const applied = s.runtime.appliesOf('shop').pop()!;
      expect(applied).toMatchObject({
        app: 'shop',
        owner: users.jane,
        cluster: 'local',
        structure: { web: 1 },
        release: {
          version: 3,
          build: { image: 'registry.test/shop:1' },
          config: { values: { FOO: 'bar' } },
        },
        settings: {
          maintenance: false,
          routable: true,
          bodySize: '1m',
          deployTimeout: 120,
        },
      });
      expect(s.router.lastTable[0]).toMatchObject({
        app: 'shop',
        upstream: { addresses: ['127.0.0.1:4003'] },
      });
      const app = await jane().get('/apps/shop');
      expect(app.body).toMatchObject({
        structure: { web: 1 },
        release: { version: 3 },
      });
      const builds = await jane().get('/apps/shop/builds');
      expect(builds.body.items).toHaveLength(1);
      expect(builds.body.totalItems).toBe(1);
      const build = await jane().get(
        `/apps/shop/builds/${builds.body.items[0].id}`,
      );
      expect(build.body).toMatchObject({
        image: 'registry.test/shop:1',
        log: '',
      });
      expect((await jane().get('/apps/shop/builds/nope')).status).toBe(404);
      expect((await s.as(users.bob).get('/apps/shop/builds')).status).toBe(200);
      expect((await s.as(users.eve).get('/apps/shop/builds')).status).toBe(403);
      expect(
        (
          await s
            .as(users.eve)
            .get(`/apps/shop/builds/${builds.body.items[0].id}`)
        ).status,
      ).toBe(403);
    });

    it('follows the Procfile: new types start at 0 (web at 1), vanished types leave', async () => {
      const v2 = await jane().post('/apps/shop/builds', {
        image: 'registry.test/shop:1',
        sha: '1a2b3c4d5e6f',
        procfile: { web: 'node server.js', worker: 'node worker.js' },
      });
      expect(v2.body.summary).toBe('jane deployed 1a2b3c4');
      expect((await jane().get('/apps/shop')).body.structure).toEqual({
        web: 1,
        worker: 0,
      });
      await jane().post('/apps/shop/scale', { web: 3, worker: 2 }).expect(200);
      await jane()
        .post('/apps/shop/builds', {
          image: 'registry.test/shop:2',
          procfile: { web: 'x', clock: 'y' },
        })
        .expect(201);
      expect((await jane().get('/apps/shop')).body.structure).toEqual({
        clock: 0,
        web: 3,
      });
    });

    it.each([
      [{}, /body\/image is required/],
      [{ image: 'has space:1' }, /body\/image must match pattern/],
      [{ image: 'a:1', sha: 'XYZ' }, /sha must match pattern/],
      [{ image: 'a:1', procfile: { Web: 'x' } }, /Process type "Web"/],
      [
        { image: 'a:1', procfile: { web: 'a\nb' } },
        /body\/procfile\/web must match pattern/,
      ],
      [{ image: 'a:1', procfile: {} }, /body\/procfile must not be empty/],
      [
        { image: 'a:1', status: 'failed' },
        /body\/status is not a field of this request/,
      ],
    ])(
      'refuses deploying %j with 400 and changes nothing',
      async (body, message) => {
        await s.settled();
        const before = await snapshot(s);
        const res = await jane().post('/apps/shop/builds', body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await snapshot(s)).toEqual(before);
      },
    );

    it('refuses deploys by callers who may not update the app', async () => {
      await s.settled();
      const before = await snapshot(s);
      expect(
        (await s.as(users.bob).post('/apps/shop/builds', { image: 'a:1' }))
          .status,
      ).toBe(403);
      expect(
        (await jane().post('/apps/nope/builds', { image: 'a:1' })).status,
      ).toBe(404);
      expect(await snapshot(s)).toEqual(before);
    });

    describe('rollback', () => {
      beforeEach(async () => {
        await jane()
          .post('/apps/shop/builds', { image: 'registry.test/shop:1' })
          .expect(201); // v2
        await jane()
          .patch('/apps/shop/config', { values: { FOO: 'one' } })
          .expect(201); // v3
        await jane()
          .post('/apps/shop/builds', { image: 'registry.test/shop:2' })
          .expect(201); // v4
        await jane()
          .patch('/apps/shop/config', { values: { FOO: 'two' } })
          .expect(201); // v5
        await s.settled();
      });

      it('rolls back to the previous release by default, copying its build and config', async () => {
        const res = await jane().post('/apps/shop/releases/rollback', {});
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          version: 6,
          summary: 'jane rolled back to v4',
          build: { image: 'registry.test/shop:2' },
          config: { values: { FOO: 'one' } },
        });
      });

      it('rolls back to a chosen version', async () => {
        const res = await jane().post('/apps/shop/releases/rollback', {
          version: 2,
        });
        expect(res.body).toMatchObject({
          version: 6,
          summary: 'jane rolled back to v2',
          build: { image: 'registry.test/shop:1' },
        });
        expect(res.body.config.keys).toEqual([]);
        await s.settled();
        expect(s.runtime.appliesOf('shop').pop()?.release).toMatchObject({
          version: 6,
          build: { image: 'registry.test/shop:1' },
        });
      });

      it.each([
        [{ version: 1 }, 400, /v1: it has no build/],
        [{ version: 99 }, 404, /Release v99 of app "shop" not found/],
        [{ version: 0 }, 400, /body\/version must be >= 1/],
        [{ version: 'latest' }, 400, /body\/version must be integer/],
        [{ when: 'now' }, 400, /body\/when is not a field of this request/],
      ])('refuses %j and changes nothing', async (body, status, message) => {
        const before = await snapshot(s);
        const res = await jane().post('/apps/shop/releases/rollback', body);
        expect(res.status).toBe(status);
        expect(res.body.error.message).toMatch(message);
        expect(await snapshot(s)).toEqual(before);
      });

      it('refuses callers who may not update the app', async () => {
        const before = await snapshot(s);
        expect(
          (await s.as(users.bob).post('/apps/shop/releases/rollback', {}))
            .status,
        ).toBe(403);
        expect(await snapshot(s)).toEqual(before);
      });

      it('diffs two releases value by value, masking values for readers', async () => {
        const diff = await jane().get('/apps/shop/releases/2/diff/5');
        expect(diff.status).toBe(200);
        expect(diff.body).toEqual({
          from: 2,
          to: 5,
          changes: [
            {
              section: 'build',
              key: 'image',
              change: 'changed',
              from: 'registry.test/shop:1',
              to: 'registry.test/shop:2',
            },
            { section: 'values', key: 'FOO', change: 'added', to: 'two' },
          ],
        });
        const masked = await s
          .as(users.bob)
          .get('/apps/shop/releases/3/diff/5');
        expect(masked.body.changes).toEqual([
          {
            section: 'build',
            key: 'image',
            change: 'changed',
            from: 'registry.test/shop:1',
            to: 'registry.test/shop:2',
          },
          {
            section: 'values',
            key: 'FOO',
            change: 'changed',
            from: '****',
            to: '****',
          },
        ]);
        expect((await jane().get('/apps/shop/releases/2/diff/99')).status).toBe(
          404,
        );
        expect((await jane().get('/apps/shop/releases/x/diff/2')).status).toBe(
          400,
        );
        expect(
          (await s.as(users.eve).get('/apps/shop/releases/2/diff/5')).status,
        ).toBe(403);
      });

      it('pages the ledger, newest first', async () => {
        const versions = (page: { body: { items: { version: number }[] } }) =>
          page.body.items.map(r => r.version);
        const first = await jane().get('/apps/shop/releases?limit=2');
        expect(first.status).toBe(200);
        expect(first.body.totalItems).toBe(5);
        expect(versions(first)).toEqual([5, 4]);
        expect(first.body.pageInfo.prevCursor).toBeUndefined();
        const next = (cursor: string) =>
          jane().get(`/apps/shop/releases?limit=2&cursor=${cursor}`);
        const second = await next(first.body.pageInfo.nextCursor);
        expect(versions(second)).toEqual([3, 2]);
        const last = await next(second.body.pageInfo.nextCursor);
        expect(versions(last)).toEqual([1]);
        expect(last.body.pageInfo.nextCursor).toBeUndefined();
        // A release appended meanwhile does not shift the pages behind a cursor.
        await jane()
          .patch('/apps/shop/config', { values: { BAR: 'x' } })
          .expect(201);
        expect(versions(await next(second.body.pageInfo.prevCursor))).toEqual([
          5, 4,
        ]);
        expect(versions(await next(first.body.pageInfo.nextCursor))).toEqual([
          3, 2,
        ]);
        for (const query of [
          'limit=0',
          'limit=501',
          'limit=x',
          'offset=1',
          'cursor=bm9wZQ',
          `cursor=${Buffer.from('{"after":["v1"]}').toString('base64url')}`,
        ]) {
          const res = await jane().get(`/apps/shop/releases?${query}`);
          expect([query, res.status, res.body.error.name]).toEqual([
            query,
            400,
            'InputError',
          ]);
        }
        expect((await jane().get('/apps/shop/releases/v3')).body.version).toBe(
          3,
        );
        expect((await jane().get('/apps/shop/releases/42')).status).toBe(404);
        expect((await s.as(users.eve).get('/apps/shop/releases')).status).toBe(
          403,
        );
        expect(
          (await s.as(users.eve).get('/apps/shop/releases/3')).status,
        ).toBe(403);
      });
    });

    it('rolls back to a release without a build by copying its config, keeping the build that runs', async () => {
      await jane()
        .patch('/apps/shop/config', { values: { FOO: 'one' } })
        .expect(201); // v2, before any build
      await jane()
        .patch('/apps/shop/config', { values: { FOO: 'two' } })
        .expect(201); // v3
      const configOnly = await jane().post('/apps/shop/releases/rollback', {
        version: 2,
      });
      expect(configOnly.status).toBe(201);
      expect(configOnly.body).toMatchObject({
        version: 4,
        summary: 'jane rolled back to v2',
        config: { values: { FOO: 'one' } },
      });
      expect(configOnly.body.build).toBeUndefined();
      await s.settled();
      // Nothing to deploy until a build exists.
      expect(s.runtime.appliesOf('shop').pop()?.release).toBeUndefined();

      await jane()
        .post('/apps/shop/builds', { image: 'registry.test/shop:1' })
        .expect(201); // v5
      const again = await jane().post('/apps/shop/releases/rollback', {
        version: 3,
      });
      expect(again.body).toMatchObject({
        version: 6,
        build: { image: 'registry.test/shop:1' },
        config: { values: { FOO: 'two' } },
      });
      await s.settled();
      expect(s.runtime.appliesOf('shop').pop()?.release).toMatchObject({
        version: 6,
        build: { image: 'registry.test/shop:1' },
      });
      const v1 = await jane().post('/apps/shop/releases/rollback', {
        version: 1,
      });
      expect(v1.status).toBe(400);
      expect(v1.body.error.message).toMatch(/v1: it has no build/);
    });

    it('marks a release failed when its rollout fails, keeps the previous one running, and refuses rolling back to it', async () => {
      await jane()
        .post('/apps/shop/builds', { image: 'registry.test/shop:1' })
        .expect(201); // v2
      await s.settled();
      s.runtime.onApply = desired =>
        desired.release?.version === 3
          ? { status: 'failed', reason: 'web did not become ready in 120s' }
          : { status: 'ready', upstream: { addresses: ['127.0.0.1:4002'] } };
      await jane()
        .post('/apps/shop/builds', { image: 'registry.test/shop:broken' })
        .expect(201); // v3
      await s.settled();
      const v3 = await jane().get('/apps/shop/releases/3');
      expect(v3.body).toMatchObject({
        status: 'failed',
        reason: 'web did not become ready in 120s',
      });
      await s.eventually(() =>
        expect(s.runtime.appliesOf('shop').pop()?.release?.version).toBe(2),
      );
      const app = await jane().get('/apps/shop');
      expect(app.body.release.version).toBe(2);
      const events = await jane().get('/apps/shop/events');
      expect(events.body.items.map((e: { type: string }) => e.type)).toContain(
        'release.failed',
      );

      await jane()
        .post('/apps/shop/builds', { image: 'registry.test/shop:3' })
        .expect(201); // v4
      await s.settled();
      const res = await jane().post('/apps/shop/releases/rollback', {
        version: 3,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /v3: it failed \(web did not become ready in 120s\)/,
      );
    });
  });
});
