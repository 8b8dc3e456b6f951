import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from '.';
import { LogStore } from './LogStore';
import type { NewLogLine } from './types';

jest.setTimeout(60_000);

const at = (second: number) =>
  new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

const line = (second: number, extra: Partial<NewLogLine> = {}): NewLogLine => ({
  app: 'shop',
  time: at(second),
  kind: 'app',
  source: 'web.1',
  release: 3,
  line: `line ${second}`,
  ...extra,
});

describe('LogStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'keeps lines in order, filters them and pages by keyset, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = new LogStore(knex);

      await store.append([
        ...Array.from({ length: 1200 }, (_, i) => line(i % 60)),
        line(1, { source: 'worker.2', line: 'Sent 100% of MAIL_x' }),
        line(2, { kind: 'router', source: 'router', release: undefined }),
        line(3, { app: 'blog', line: 'Sent 100% of MAIL_x' }),
      ]);

      const newest = await store.list('shop', {}, 'desc', { limit: 2 });
      expect(newest.totalItems).toBe(1202);
      expect(newest.items.map(l => [l.source, l.kind])).toEqual([
        ['router', 'router'],
        ['worker.2', 'app'],
      ]);
      expect(newest.items[1]).toMatchObject({
        processType: 'worker',
        release: 3,
      });
      expect(newest.items[0].release).toBeUndefined();
      const next = await store.list('shop', {}, 'desc', {
        limit: 2,
        after: newest.next,
      });
      expect(next.items.map(l => l.line)).toEqual(['line 59', 'line 58']);

      const oldest = await store.list('shop', {}, 'asc', { limit: 3 });
      expect(oldest.items.map(l => l.line)).toEqual([
        'line 0',
        'line 1',
        'line 2',
      ]);

      // Text is matched as typed (no wildcards), in any case, in this app only.
      const found = await store.list('shop', { q: '100% OF mail_' }, 'desc', {
        limit: 10,
      });
      expect(found.items.map(l => [l.app, l.source])).toEqual([
        ['shop', 'worker.2'],
      ]);
      expect(
        (await store.list('shop', { q: '1_0' }, 'desc', { limit: 10 }))
          .totalItems,
      ).toBe(0);
      expect(
        (
          await store.list('shop', { processType: 'worker' }, 'desc', {
            limit: 10,
          })
        ).totalItems,
      ).toBe(1);
      expect(
        (await store.list('shop', { kind: 'router' }, 'desc', { limit: 10 }))
          .totalItems,
      ).toBe(1);
      // since inclusive, until exclusive
      expect(
        (
          await store.list(
            'shop',
            { since: at(10), until: at(12), processType: 'web' },
            'desc',
            { limit: 100 },
          )
        ).totalItems,
      ).toBe(40);
    },
  );

  it.each(databases.eachSupportedId())(
    'prunes the oldest lines beyond the line and byte bounds of each app, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = new LogStore(knex);
      await store.append(
        Array.from({ length: 50 }, (_, i) =>
          line(i, { line: `${i}`.padStart(10, '0') }),
        ),
      );
      await store.append([line(0, { app: 'blog' })]);

      expect(await store.prune('shop', 30, 1_000_000)).toBe(20);
      let left = await store.list('shop', {}, 'asc', { limit: 100 });
      expect(left.items.map(l => l.line)[0]).toBe('0000000020');
      expect(left.totalItems).toBe(30);

      // 10 bytes a line: 95 bytes keep the newest 9.
      expect(await store.prune('shop', 30, 95)).toBe(21);
      left = await store.list('shop', {}, 'asc', { limit: 100 });
      expect(left.items.map(l => l.line)).toEqual(
        Array.from({ length: 9 }, (_, i) => `${41 + i}`.padStart(10, '0')),
      );
      expect(await store.prune('shop', 30, 95)).toBe(0);
      // Another app's lines are its own.
      expect(
        (await store.list('blog', {}, 'asc', { limit: 10 })).totalItems,
      ).toBe(1);

      await store.deleteApp('shop');
      expect(
        (await store.list('shop', {}, 'asc', { limit: 10 })).totalItems,
      ).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    "tells where an instance's retained output ends (the newest time and its count), on %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = new LogStore(knex);
      expect(await store.endOf('shop', 'web.1')).toBeUndefined();
      expect(await store.oldestTime('shop')).toBeUndefined();
      await store.append([
        line(1),
        line(2),
        line(2, { line: 'again' }),
        line(3, { source: 'web.2' }),
        // A platform line of the instance is not its output.
        line(4, { kind: 'platform' }),
      ]);
      expect(await store.endOf('shop', 'web.1')).toEqual({
        time: at(2),
        count: 2,
      });
      expect(await store.endOf('shop', 'web.2')).toEqual({
        time: at(3),
        count: 1,
      });
      expect(await store.oldestTime('shop')).toBe(at(1));
    },
  );
});
