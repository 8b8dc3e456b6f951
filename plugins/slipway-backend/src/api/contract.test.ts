import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

describe('the API contract', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    const jane = () => s.as(users.jane);
    beforeEach(async () => {
      s = await startSlipway({ database });
    });
    afterEach(async () => {
      await s.stop();
    });

    it('serves the spec it enforces at /api/slipway/openapi.json', async () => {
      const res = await jane().get('/openapi.json');
      expect(res.status).toBe(200);
      const source = YAML.parse(
        fs.readFileSync(
          path.resolve(__dirname, '../schema/openapi.yaml'),
          'utf8',
        ),
      );
      expect(res.body.info).toEqual(source.info);
      expect(Object.keys(res.body.paths)).toContain('/api/slipway/apps');
    });

    it.each([
      [
        'POST',
        '/apps',
        { name: 'shop', color: 'red' },
        /body\/color is not a field of this request/,
      ],
      ['POST', '/apps', { name: 42 }, /^body\/name must be string$/],
      ['POST', '/apps', { name: 'Shop!' }, /body\/name must match pattern/],
      [
        'PATCH',
        '/apps/base/config',
        { values: { A: 1 } },
        /^body\/values\/A must be string$/,
      ],
      ['PATCH', '/apps/base/config', [], /^body must be object$/],
      ['POST', '/apps/base/scale', { web: 'two' }, /body\/web must be integer/],
      ['POST', '/apps/base/scale', { web: 101 }, /body\/web must be <= 100/],
      [
        'PATCH',
        '/apps/base/settings',
        { maintenance: 'yes' },
        /body\/maintenance must be boolean/,
      ],
      ['POST', '/apps/base/domains', {}, /^body\/domain is required$/],
      ['GET', '/apps?limit=501', undefined, /query\/limit must be <= 500/],
      [
        'GET',
        '/apps?status=crashed',
        undefined,
        /query\/status must be equal to one of/,
      ],
      ['GET', '/apps?colour=red', undefined, /Unknown query parameter/],
      [
        'GET',
        '/apps?sort=colour',
        undefined,
        /query\/sort must be equal to one of/,
      ],
    ])(
      'refuses %s %s %j as the spec does not allow it (400, error shape), changing nothing',
      async (method, url, body, message) => {
        await jane().post('/apps', { name: 'base' }).expect(201);
        await s.settled();
        const before = await snapshot(s);
        const agent = jane();
        const send = {
          GET: () => agent.get(url),
          POST: () => agent.post(url, body as object),
          PATCH: () => agent.patch(url, body),
        }[method as 'GET' | 'POST' | 'PATCH'];
        const res = await send();
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          error: {
            name: 'InputError',
            message: expect.stringMatching(message),
          },
          request: { method, url },
          response: { statusCode: 400 },
        });
        expect(await snapshot(s)).toEqual(before);
      },
    );

    describe('GET /apps', () => {
      beforeEach(async () => {
        // jane owns shop-1..shop-6; carol owns blog.
        for (let i = 1; i <= 6; i++) {
          await jane()
            .post('/apps', { name: `shop-${i}` })
            .expect(201);
        }
        await s.as(users.carol).post('/apps', { name: 'blog' }).expect(201);
        await jane()
          .post('/apps/shop-2/builds', { image: 'registry.test/a:1' })
          .expect(201);
        await s.settled();
        const healthy = s.runtime.onApply;
        s.runtime.onApply = () => ({
          status: 'failed',
          reason: 'web crashed',
        });
        await jane()
          .post('/apps/shop-2/builds', { image: 'registry.test/a:2' })
          .expect(201);
        await s.settled();
        s.runtime.onApply = healthy;
      });

      const names = (res: { body: { items: { name: string }[] } }) =>
        res.body.items.map(a => a.name);

      it('pages by name with cursors both ways', async () => {
        const first = await s.as(users.bob).get('/apps?limit=3');
        expect(names(first)).toEqual(['blog', 'shop-1', 'shop-2']);
        expect(first.body.totalItems).toBe(7);
        expect(first.body.pageInfo.prevCursor).toBeUndefined();
        const second = await s
          .as(users.bob)
          .get(`/apps?limit=3&cursor=${first.body.pageInfo.nextCursor}`);
        expect(names(second)).toEqual(['shop-3', 'shop-4', 'shop-5']);
        const third = await s
          .as(users.bob)
          .get(`/apps?limit=3&cursor=${second.body.pageInfo.nextCursor}`);
        expect(names(third)).toEqual(['shop-6']);
        expect(third.body.pageInfo.nextCursor).toBeUndefined();
        const back = await s
          .as(users.bob)
          .get(`/apps?limit=3&cursor=${third.body.pageInfo.prevCursor}`);
        expect(names(back)).toEqual(names(second));
        expect(
          (await s.as(users.bob).get('/apps?cursor=garbage')).body.error,
        ).toMatchObject({ name: 'InputError', message: expect.any(String) });
      });

      it('shows the newest release, also when it failed, and filters by its status', async () => {
        const all = await s.as(users.bob).get('/apps?q=shop-2');
        expect(all.body.items).toHaveLength(1);
        const [shop2] = all.body.items;
        expect(shop2.latestRelease).toEqual({
          version: 3,
          status: 'failed',
          reason: 'web crashed',
          createdAt: expect.any(String),
        });
        expect(shop2.release.version).toBe(2); // still serving
        const failed = await s.as(users.bob).get('/apps?status=failed');
        expect(names(failed)).toEqual(['shop-2']);
        expect(failed.body.totalItems).toBe(1);
        const succeeded = await s.as(users.bob).get('/apps?status=succeeded');
        expect(names(succeeded)).not.toContain('shop-2');
      });

      it('filters by part of the name and by owners, within what the caller may read', async () => {
        expect(names(await s.as(users.bob).get('/apps?q=OP-1'))).toEqual([
          'shop-1',
        ]);
        expect(names(await s.as(users.bob).get('/apps?q=%25'))).toEqual([]);
        expect(
          names(
            await s
              .as(users.bob)
              .get(
                `/apps?owner=${encodeURIComponent(
                  'user:default/carol',
                )}&owner=${encodeURIComponent('group:default/none')}`,
              ),
          ),
        ).toEqual(['blog']);
        // Default kind and namespace, as for app owners.
        expect(
          (
            await s
              .as(users.bob)
              .get(`/apps?owner=${encodeURIComponent('user:carol')}`)
          ).body.totalItems,
        ).toBe(1);
        // Carol may read only her own apps, whatever she asks for.
        const carol = await s
          .as(users.carol)
          .get(`/apps?owner=${encodeURIComponent('user:default/jane')}`);
        expect(carol.body).toEqual({ items: [], totalItems: 0, pageInfo: {} });
      });
    });
  });
});
