import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

describe('apps', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    beforeEach(async () => {
      s = await startSlipway({ database });
    });
    afterEach(async () => {
      await s.stop();
    });

    it('creates an app with v1, its runtime resources, routes and a catalog event', async () => {
      const res = await s.as(users.jane).post('/apps', { name: 'shop' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'shop',
        owner: 'user:default/jane',
        cluster: 'local',
        structure: {},
        url: 'http://shop.apps.test:8080',
        gitRemote: expect.stringMatching(
          /^http:\/\/localhost:\d+\/api\/slipway\/git\/shop\.git$/,
        ),
        release: {
          version: 1,
          status: 'pending',
          summary: 'jane created the app',
        },
      });
      expect(res.body.release.build).toBeUndefined();
      expect(s.runtime.created).toEqual([{ app: 'shop', cluster: 'local' }]);
      expect(s.published).toEqual([
        {
          topic: 'slipway.apps',
          eventPayload: { action: 'created', app: 'shop' },
        },
      ]);
      await s.eventually(async () => {
        const app = await s.as(users.jane).get('/apps/shop');
        expect(app.body.release.status).toBe('succeeded');
      });
      await s.eventually(() =>
        expect(s.router.lastTable.map(r => r.app)).toEqual(['shop']),
      );
      expect(s.router.lastTable[0].hosts).toEqual([{ host: 'shop.apps.test' }]);
      expect(s.audits).toContainEqual({
        eventId: 'app-create',
        status: 'succeeded',
        meta: { app: 'shop' },
      });
      const events = await s.as(users.jane).get('/apps/shop/events');
      expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
        'app.create',
      ]);
    });

    it('takes the owner and cluster given, normalising the owner ref', async () => {
      const res = await s
        .as(users.jane)
        .post('/apps', { name: 'shop', owner: 'Team-A', cluster: 'prod-1' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        owner: 'group:default/team-a',
        cluster: 'prod-1',
      });
    });

    it('keeps the description given at creation, for the catalog entity', async () => {
      const res = await s
        .as(users.jane)
        .post('/apps', { name: 'shop', description: '  Sells things  ' });
      expect(res.status).toBe(201);
      expect(res.body.description).toBe('Sells things');
      expect((await s.as(users.bob).get('/apps/shop')).body.description).toBe(
        'Sells things',
      );
      const listed = await s.as(users.bob).get('/apps');
      expect(listed.body.items[0].description).toBe('Sells things');
      await s.as(users.jane).post('/apps', { name: 'blog' }).expect(201);
      expect(
        (await s.as(users.jane).get('/apps/blog')).body,
      ).not.toHaveProperty('description');
    });

    it.each([
      [{ name: 'shop', description: 'x'.repeat(501) }, /description/],
      [{ name: 'Shop' }, /name must match pattern/],
      [{ name: 'ab' }, /must NOT have fewer than 3 characters/],
      [{ name: 'kube-system' }, /reserved/],
      [{}, /body\/name is required/],
      [{ name: 'shop', owner: 'user:' }, /owner/],
      [{ name: 'shop', owner: '' }, /body\/owner must not be empty/],
      [
        { name: 'shop', cluster: 'Bad Cluster' },
        /body\/cluster must match pattern/,
      ],
      [
        { name: 'shop', colour: 'blue' },
        /body\/colour is not a field of this request/,
      ],
    ])('refuses %j with 400 and creates nothing', async (body, message) => {
      const before = await snapshot(s);
      const res = await s.as(users.jane).post('/apps', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(await snapshot(s)).toEqual(before);
    });

    it('refuses a second app of the same name with 409', async () => {
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      await s.eventually(async () =>
        expect(
          (
            await s.as(users.jane).get('/apps/shop')
          ).body.release.status,
        ).toBe('succeeded'),
      );
      const before = await snapshot(s);
      const res = await s.as(users.bob).post('/apps', { name: 'shop' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('App "shop" already exists');
      expect(await snapshot(s)).toEqual(before);
    });

    it('records nothing when the runtime cannot create the app', async () => {
      s.runtime.createFails = true;
      const before = await snapshot(s);
      const res = await s.as(users.jane).post('/apps', { name: 'shop' });
      expect(res.status).toBe(500);
      expect(await snapshot(s)).toEqual(before);
      expect(s.audits).toContainEqual({
        eventId: 'app-create',
        status: 'failed',
        meta: { app: 'shop' },
      });
    });

    it('lists the apps a caller may read, filtered in SQL for conditional decisions', async () => {
      await s.as(users.jane).post('/apps', { name: 'alpha' }).expect(201);
      await s.as(users.carol).post('/apps', { name: 'beta' }).expect(201);
      await s.as(users.jane).post('/apps', { name: 'gamma' }).expect(201);
      const all = await s.as(users.bob).get('/apps');
      expect(all.status).toBe(200);
      expect(all.body.items.map((a: { name: string }) => a.name)).toEqual([
        'alpha',
        'beta',
        'gamma',
      ]);
      // Listing never reveals values, also not to owners.
      expect(all.body.totalItems).toBe(3);
      expect(all.body.items[0].release.config).toMatchObject({
        values: {},
        revealed: false,
      });
      const carols = await s.as(users.carol).get('/apps');
      expect(carols.body.items.map((a: { name: string }) => a.name)).toEqual([
        'beta',
      ]);
      const none = await s.as(users.eve).get('/apps');
      expect(none.status).toBe(200);
      expect(none.body).toEqual({ items: [], totalItems: 0, pageInfo: {} });
      const service = await s.service().get('/apps');
      expect(service.status).toBe(200);
      expect(service.body.items).toHaveLength(3);
    });

    it('reads one app: 404 when missing, 403 when not allowed', async () => {
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      expect((await s.as(users.bob).get('/apps/shop')).status).toBe(200);
      expect((await s.service().get('/apps/shop')).status).toBe(200);
      // Services (like the catalog module) read apps but never config values.
      expect((await s.service().get('/apps/shop/config')).body.revealed).toBe(
        false,
      );
      const missing = await s.as(users.jane).get('/apps/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe('App "nope" not found');
      const carol = await s.as(users.carol).get('/apps/shop');
      expect(carol.status).toBe(403);
      expect(carol.body.error.name).toBe('NotAllowedError');
      expect((await s.as(users.eve).get('/apps/shop')).status).toBe(403);
    });

    it('transfers an app to a new owner, who may then change it', async () => {
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      await s.settled();
      const before = await snapshot(s);
      expect(
        (await s.as(users.bob).patch('/apps/shop', { owner: users.bob }))
          .status,
      ).toBe(403);
      expect(await snapshot(s)).toEqual(before);
      expect(
        (await s.as(users.jane).patch('/apps/shop', { owner: 'user:' })).status,
      ).toBe(400);
      expect((await s.as(users.jane).patch('/apps/shop', {})).status).toBe(400);
      expect(await snapshot(s)).toEqual(before);

      const res = await s
        .as(users.jane)
        .patch('/apps/shop', { owner: 'user:default/bob' });
      expect(res.status).toBe(200);
      expect(res.body.owner).toBe('user:default/bob');
      expect(s.published).toContainEqual({
        topic: 'slipway.apps',
        eventPayload: { action: 'updated', app: 'shop' },
      });
      const events = await s.as(users.bob).get('/apps/shop/events');
      expect(events.body.items[0]).toMatchObject({
        type: 'app.transfer',
        message:
          'jane transferred shop from user:default/jane to user:default/bob',
      });
      expect(
        (await s.as(users.jane).post('/apps/shop/scale', { web: 1 })).status,
      ).toBe(403);
      expect(
        (
          await s
            .as(users.bob)
            .patch('/apps/shop/config', { values: { A: '1' } })
        ).status,
      ).toBe(201);
    });

    it('destroys an app and everything it owns', async () => {
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      await s.as(users.jane).post('/apps', { name: 'other' }).expect(201);
      await s
        .as(users.jane)
        .post('/apps/shop/builds', { image: 'registry.test/shop:1' })
        .expect(201);
      await s
        .as(users.jane)
        .post('/apps/shop/domains', { domain: 'shop.example.com' })
        .expect(201);
      await s.as(users.jane).post('/apps/shop/tokens', {}).expect(201);
      await s.eventually(() =>
        expect(
          s.router.lastTable.find(r => r.app === 'shop')?.hosts,
        ).toHaveLength(2),
      );
      await s.settled();

      const before = await snapshot(s);
      expect((await s.as(users.bob).delete('/apps/shop')).status).toBe(403);
      expect(await snapshot(s)).toEqual(before);

      expect((await s.as(users.jane).delete('/apps/shop')).status).toBe(204);
      expect(s.runtime.deleted).toEqual([{ app: 'shop', cluster: 'local' }]);
      expect(s.published).toContainEqual({
        topic: 'slipway.apps',
        eventPayload: { action: 'deleted', app: 'shop' },
      });
      for (const table of [
        'slipway_apps',
        'slipway_builds',
        'slipway_releases',
        'slipway_domains',
        'slipway_events',
        'slipway_tokens',
      ]) {
        expect(
          await s
            .knex(table)
            .where(
              table === 'slipway_apps' ? { name: 'shop' } : { app: 'shop' },
            ),
        ).toEqual([]);
      }
      expect((await s.as(users.jane).get('/apps/shop')).status).toBe(404);
      await s.eventually(() =>
        expect(s.router.lastTable.map(r => r.app)).toEqual(['other']),
      );
      // The name is free again.
      expect(
        (await s.as(users.jane).post('/apps', { name: 'shop' })).status,
      ).toBe(201);
    });

    it('refuses callers without create permission', async () => {
      const res = await s.as(users.eve).post('/apps', { name: 'shop' });
      expect(res.status).toBe(403);
      expect(await s.knex('slipway_apps')).toEqual([]);
    });

    it('refuses changes by service principals and unauthenticated callers', async () => {
      const res = await s.service().get('/apps');
      expect(res.status).toBe(200);
      const anonymous = await request(s.server)
        .post('/api/slipway/apps')
        .set('Authorization', 'Bearer nope')
        .send({ name: 'shop' });
      expect(anonymous.status).toBe(401);
    });
  });
});
