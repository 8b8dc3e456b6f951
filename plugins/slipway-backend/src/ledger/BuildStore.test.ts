import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from '.';
import { BuildStore } from './BuildStore';
import type { BuildRecord } from './types';

jest.setTimeout(60_000);

const started = '2026-01-01T00:00:00.000Z';
const build = (extra: Partial<BuildRecord> = {}): BuildRecord => ({
  id: 'b-1',
  app: 'shop',
  image: '',
  sha: 'abcdef0',
  procfile: {},
  status: 'pending',
  log: '',
  createdBy: 'user:default/jane',
  createdAt: started,
  ...extra,
});

describe('BuildStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'shows a running build with its log so far, then records how it ended, once, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = new BuildStore(knex);

      await store.insert(build());
      expect(await store.updateLog('shop', 'b-1', '-----> step 1\n')).toBe(
        true,
      );
      expect(await store.get('shop', 'b-1')).toMatchObject({
        status: 'pending',
        log: '-----> step 1\n',
      });
      // Another app's build of the same id is not this one.
      expect(await store.updateLog('blog', 'b-1', 'x')).toBe(false);

      await store.insert(
        build({
          image: `registry.example.com/slipway/shop@sha256:${'a'.repeat(64)}`,
          procfile: { web: '' },
          status: 'succeeded',
          log: '-----> step 1\n-----> done\n',
          createdAt: '2026-01-01T00:05:00.000Z',
        }),
      );
      expect(await store.get('shop', 'b-1')).toMatchObject({
        status: 'succeeded',
        procfile: { web: '' },
        log: '-----> step 1\n-----> done\n',
        createdAt: started,
      });
      expect((await store.list('shop', { limit: 10 })).items).toHaveLength(1);

      // A finished build never changes again.
      expect(await store.updateLog('shop', 'b-1', 'rewritten')).toBe(false);
      await store
        .insert(build({ status: 'failed', log: 'rewritten' }))
        .catch(() => {}); // the id is taken
      expect((await store.get('shop', 'b-1'))!.log).toBe(
        '-----> step 1\n-----> done\n',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'tells which slugs an app built and which other apps name, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      await knex('slipway_builds').delete();
      const store = new BuildStore(knex);
      const slug = (c: string) => `slug:${c.repeat(64)}`;
      await store.insert(
        build({ id: 's1', image: slug('a'), status: 'succeeded' }),
      );
      await store.insert(
        build({ id: 's2', image: slug('b'), status: 'succeeded' }),
      );
      await store.insert(
        build({ id: 's3', image: 'registry.test/shop:1', status: 'succeeded' }),
      );
      await store.insert(build({ id: 's4', image: '', status: 'failed' }));
      // A promotion (or an identical tree) gives another app the same slug.
      await store.insert(
        build({ id: 'b1', app: 'blog', image: slug('b'), status: 'succeeded' }),
      );
      expect((await store.imagesOf('shop', 'slug:')).sort()).toEqual([
        slug('a'),
        slug('b'),
      ]);
      expect([...(await store.referencedImages('slug:', 'shop'))]).toEqual([
        slug('b'),
      ]);
      expect([...(await store.referencedImages('slug:'))].sort()).toEqual([
        slug('a'),
        slug('b'),
      ]);
    },
  );
});
