import { TestDatabases } from '@backstage/backend-test-utils';
import {
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

type Listed = {
  name: string;
  owner: string;
  health?: string;
  latestRelease?: { status: string; createdAt: string };
};

describe('GET /apps: sort, cursor and health', () => {
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
    const jane = () => s.as(users.jane);

    /** Every page of `query`, following nextCursor; also checks that prevCursor leads back. */
    const readAll = async (query: string) => {
      const pages: Listed[][] = [];
      let url = `/apps?limit=4${query}`;
      let total = -1;
      for (;;) {
        const res = await s.as(users.bob).get(url);
        expect(res.status).toBe(200);
        total = res.body.totalItems;
        pages.push(res.body.items);
        if (pages.length > 1) {
          const back = await s
            .as(users.bob)
            .get(
              `/apps?limit=4${query}&cursor=${res.body.pageInfo.prevCursor}`,
            );
          expect(back.body.items).toEqual(pages[pages.length - 2]);
        }
        if (!res.body.pageInfo.nextCursor) break;
        url = `/apps?limit=4${query}&cursor=${res.body.pageInfo.nextCursor}`;
      }
      const items = pages.flat();
      expect(items).toHaveLength(total);
      return items;
    };

    it('pages through every app in each order, ties broken by name', async () => {
      const names = ['kiwi', 'apple', 'mango', 'cherry', 'fig', 'date'];
      const owners = [users.jane, users.carol];
      for (const [i, name] of names.entries()) {
        await s
          .as(owners[i % 2])
          .post('/apps', { name })
          .expect(201);
      }
      await s.settled();
      // Two of them deployed, one of those failed: statuses and deploy times differ.
      await jane()
        .post('/apps/mango/builds', { image: 'registry.test/mango:1' })
        .expect(201);
      await s.settled();
      s.runtime.onApply = () => ({ status: 'failed', reason: 'boom' });
      await jane()
        .post('/apps/fig/builds', { image: 'registry.test/fig:1' })
        .expect(201);
      await s.settled();

      const byName = await readAll('');
      expect(byName.map(a => a.name)).toEqual([...names].sort());
      expect((await readAll('&order=desc')).map(a => a.name)).toEqual(
        [...names].sort().reverse(),
      );

      const byOwner = await readAll('&sort=owner');
      expect(byOwner.map(a => `${a.owner} ${a.name}`)).toEqual(
        names.map((n, i) => `${owners[i % 2]} ${n}`).sort(),
      );

      const byDeploy = await readAll('&sort=deployedAt&order=desc');
      expect(byDeploy.slice(0, 2).map(a => a.name)).toEqual(['fig', 'mango']);
      const times = byDeploy.map(a => a.latestRelease!.createdAt);
      expect(times).toEqual([...times].sort().reverse());

      const byStatus = await readAll('&sort=status');
      expect(byStatus.map(a => a.latestRelease!.status)).toEqual([
        'failed',
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
      expect(byStatus[0].name).toBe('fig');

      await s.eventually(async () => {
        const byHealth = await readAll('&sort=health&order=desc');
        expect(byHealth.map(a => `${a.health} ${a.name}`)).toEqual([
          'up mango',
          'not-deployed kiwi',
          'not-deployed fig',
          'not-deployed date',
          'not-deployed cherry',
          'not-deployed apple',
        ]);
      });
      // Filters combine with any order.
      const failed = await readAll('&status=failed&sort=owner');
      expect(failed.map(a => a.name)).toEqual(['fig']);
      const up = await readAll('&health=up&sort=deployedAt');
      expect(up.map(a => a.name)).toEqual(['mango']);
    });

    it('refuses a cursor of another order and an unknown sort, with 400', async () => {
      for (const name of ['one-app', 'two-app', 'three-app']) {
        await jane().post('/apps', { name }).expect(201);
      }
      const byName = await jane().get('/apps?limit=1');
      const cursor = byName.body.pageInfo.nextCursor;
      const wrong = await jane().get(
        `/apps?limit=1&sort=owner&cursor=${cursor}`,
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toMatch(/cursor/);
      const sort = await jane().get('/apps?sort=colour');
      expect(sort.status).toBe(400);
      expect(sort.body.error.message).toMatch(/sort/);
      const order = await jane().get('/apps?order=up');
      expect(order.status).toBe(400);
      const health = await jane().get('/apps?health=fine');
      expect(health.status).toBe(400);
    });

    it('judges health apart from release status, and tells the owner of a crash loop once', async () => {
      await jane().post('/apps', { name: 'shop' }).expect(201);
      await s.settled();
      const health = async () => (await jane().get('/apps/shop')).body.health;
      await s.eventually(async () =>
        expect(await health()).toBe('not-deployed'),
      );

      await jane()
        .post('/apps/shop/builds', { image: 'registry.test/shop:1' })
        .expect(201);
      await s.eventually(async () => expect(await health()).toBe('up'));

      const crash = (restarts: number) =>
        s.runtime.report('shop', [
          {
            name: 'web.1',
            type: 'web',
            release: 2,
            state: restarts % 2 ? 'crashed' : 'starting',
            restarts,
            startedAt: new Date().toISOString(),
            message: 'Process exited with code 1',
          },
        ]);
      crash(1);
      await s.eventually(async () => expect(await health()).toBe('crashing'));
      // Restarts of the same loop (starting between crashes) keep it crashing: one notification.
      for (const restarts of [2, 3, 4, 5]) crash(restarts);
      await new Promise(resolve => setTimeout(resolve, 300));
      expect(await health()).toBe('crashing');
      const crashes = s.notifications.filter(n =>
        n.payload.title.includes('crashing'),
      );
      expect(crashes).toHaveLength(1);
      expect(crashes[0]).toMatchObject({
        recipients: { type: 'entity', entityRef: users.jane },
        payload: {
          title: 'shop is crashing',
          severity: 'critical',
          link: '/catalog/default/component/shop/slipway/logs',
        },
      });
      // The release still succeeded: status and health are separate fields.
      const listed = (await jane().get('/apps')).body.items[0];
      expect(listed).toMatchObject({
        health: 'crashing',
        latestRelease: { status: 'succeeded' },
      });
      expect(
        (await jane().get('/apps?health=crashing')).body.items.map(
          (a: Listed) => a.name,
        ),
      ).toEqual(['shop']);

      s.runtime.report('shop');
      await s.eventually(async () => expect(await health()).toBe('up'));

      await jane().post('/apps/shop/scale', { web: 0 }).expect(200);
      await s.eventually(async () =>
        expect(await health()).toBe('no-processes'),
      );
      await jane()
        .patch('/apps/shop/settings', { maintenance: true })
        .expect(200);
      await s.eventually(async () =>
        expect(await health()).toBe('maintenance'),
      );
      // A signal for every change of health, so open pages follow.
      expect(s.signals.some(sig => sig.channel === 'slipway:app:shop')).toBe(
        true,
      );
    });
  });
});
