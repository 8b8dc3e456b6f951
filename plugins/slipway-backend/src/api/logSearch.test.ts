import { TestDatabases } from '@backstage/backend-test-utils';
import {
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

describe('GET /apps/:app/logs/search', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    beforeEach(async () => {
      s = await startSlipway({ database });
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
    });
    afterEach(() => s.stop());

    const search = (query: string, user: string = users.jane) =>
      s.as(user).get(`/apps/shop/logs/search${query}`);

    it('starts a log stream with the retained tail where the runtime forgets finished runs (Kubernetes)', async () => {
      await s
        .as(users.jane)
        .patch('/apps/shop/config', { values: { API_KEY: 'k3y-0f-the-shop' } })
        .expect(201);
      s.runtime.print('shop', 'web.1', 'crashed run with k3y-0f-the-shop', 2);
      s.runtime.print('shop', 'worker.1', 'a worker line', 2);
      // Both printed lines are stored (the app's event lines are stored at once, these in a batch).
      await s.eventually(async () => {
        expect((await search('?process=web')).body.totalItems).toBe(1);
        expect((await search('?process=worker')).body.totalItems).toBe(1);
      });
      const current = 'data: {"time":"2026-01-01T00:00:00.000Z"';
      // The local runtime's ring already holds what outlived processes: nothing is prepended.
      const plain = await s.as(users.bob).get('/apps/shop/logs?follow=true');
      expect(plain.text.startsWith(current)).toBe(true);

      s.runtime.tailFromRetained = true;
      const sse = await s
        .as(users.bob)
        .get('/apps/shop/logs?follow=true&type=web');
      const lines = sse.text
        .split('\n\n')
        .filter(Boolean)
        .map(l => JSON.parse(l.slice('data: '.length)).line);
      expect(lines).toEqual([
        'crashed run with ***',
        'listening on 5000',
        'GET / 200',
      ]);
      // previous=true reads the runtime's previous runs only.
      const previous = await s
        .as(users.bob)
        .get('/apps/shop/logs?previous=true&lines=1');
      expect(previous.text).not.toContain('crashed run');
    });

    it('finds retained lines by text, process type and source, masked, newest first, page by page', async () => {
      await s
        .as(users.jane)
        .patch('/apps/shop/config', { values: { API_KEY: 'k3y-0f-the-shop' } })
        .expect(201);
      for (let i = 1; i <= 30; i++)
        s.runtime.print('shop', 'web.1', `request ${i}`, 2);
      s.runtime.print('shop', 'worker.1', 'calling with k3y-0f-the-shop', 2);
      s.runtime.print('blog', 'worker.1', 'calling from blog');

      const found = await s.eventually(async () => {
        const res = await search('?q=CALLING');
        expect(res.body.totalItems).toBe(1);
        return res;
      });
      expect(found.body.items[0]).toMatchObject({
        source: 'worker.1',
        processType: 'worker',
        kind: 'app',
        release: 2,
        line: 'calling with k3y-0f-the-shop',
      });
      // Bob reads the app but not its config values: masked, and a search for (part of) a
      // secret finds nothing, else it would tell which lines hold it.
      const masked = await search('?q=calling', users.bob);
      expect(masked.body.items.map((l: any) => l.line)).toEqual([
        'calling with ***',
      ]);
      for (const q of ['k3y-0f', 'K3Y-0F-THE-SHOP']) {
        const probe = await search(`?q=${q}`, users.bob);
        expect(probe.body).toMatchObject({ totalItems: 0, items: [] });
      }
      const bobPage = await search('?q=request&limit=20', users.bob);
      expect(bobPage.body.totalItems).toBe(30);
      const bobNext = await search(
        `?q=request&limit=20&cursor=${bobPage.body.pageInfo.nextCursor}`,
        users.bob,
      );
      expect(bobNext.body.items.map((l: any) => l.line)).toEqual(
        Array.from({ length: 10 }, (_, i) => `request ${10 - i}`),
      );
      expect(bobNext.body.pageInfo.prevCursor).toBeDefined();

      // Slipway's own lines: the app's creation and its config change, as events say them.
      const platform = await search('?source=platform&order=asc');
      expect(platform.status).toBe(200);
      expect(platform.body.items.map((l: any) => l.source)).toEqual(
        platform.body.items.map(() => 'slipway'),
      );
      expect(platform.body.items.length).toBeGreaterThanOrEqual(2);

      const first = await s.eventually(async () => {
        const res = await search('?process=web&limit=20');
        expect(res.body.totalItems).toBe(30);
        return res;
      });
      expect(first.body.totalItems).toBe(30);
      expect(first.body.items[0].line).toBe('request 30');
      const second = await search(
        `?process=web&limit=20&cursor=${first.body.pageInfo.nextCursor}`,
      );
      expect(second.body.items.map((l: any) => l.line)).toEqual(
        Array.from({ length: 10 }, (_, i) => `request ${10 - i}`),
      );
      const later = await search(
        `?process=web&since=${encodeURIComponent(first.body.items[0].time)}`,
      );
      expect(later.body.items.map((l: any) => l.line)).toContain('request 30');
    });

    it('RT28: matches %, _, \\ and regex characters as typed, on the database and masked (holds)', async () => {
      for (const text of [
        '100% done',
        '1000 done',
        'a_b',
        'axb',
        'c\\d',
        'cd',
        'e.*f',
        'ef',
      ])
        s.runtime.print('shop', 'web.1', text, 1);
      await s.eventually(async () => {
        expect((await search('?process=web')).body.totalItems).toBe(8);
      });
      for (const user of [users.jane, users.bob]) {
        for (const [q, expected] of [
          ['%', ['100% done']],
          ['_', ['a_b']],
          ['\\', ['c\\d']],
          ['.*', ['e.*f']],
        ] as const) {
          // As the API client encodes it (`*` included).
          const res = await search(
            `?q=${encodeURIComponent(q).replace(/\*/g, '%2A')}`,
            user,
          );
          expect({
            user,
            q,
            lines: res.body.items?.map((l: any) => l.line) ?? res.body,
          }).toEqual({
            user,
            q,
            lines: expected,
          });
        }
      }
      // An empty window is an empty answer; a page larger than allowed is refused.
      const empty = await search(
        `?since=${encodeURIComponent(
          '2030-01-02T00:00:00Z',
        )}&until=${encodeURIComponent('2030-01-01T00:00:00Z')}`,
      );
      expect([empty.status, empty.body.totalItems]).toEqual([200, 0]);
      expect((await search('?limit=100000')).status).toBe(400);
      expect((await search('?limit=-1')).status).toBe(400);
    });

    it('refuses bad filters (400) and callers who may not read the app', async () => {
      for (const query of [
        '?since=yesterday',
        '?until=2026-13-45',
        '?process=Web!',
        '?source=kernel',
        '?order=sideways',
        '?cursor=bm9wZQ',
        `?q=${'x'.repeat(201)}`,
      ]) {
        const res = await search(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.error.name).toMatch(/InputError|Error/);
      }
      expect((await search('', users.eve)).status).toBe(403);
      expect(
        (await s.as(users.jane).get('/apps/nope/logs/search')).status,
      ).toBe(404);
    });
  });
});
