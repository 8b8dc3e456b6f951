import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from '.';
import { BuildStore } from './BuildStore';
import { LeaseStore } from './LeaseStore';
import { AuthFailureStore } from './AuthFailureStore';

jest.setTimeout(60_000);

describe('LeaseStore, AuthFailureStore and builds of dead runners', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'gives a lease to one holder until it expires, renews only what is still held, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const leases = new LeaseStore(knex);

      expect(await leases.take('runtime:local', 'a', 1000, 2000)).toBe(true);
      // Held: another taker loses, the holder may take it again (extending it).
      expect(await leases.take('runtime:local', 'b', 1500, 2500)).toBe(false);
      expect(await leases.holder('runtime:local', 1500)).toBe('a');
      expect(await leases.take('runtime:local', 'a', 1500, 2600)).toBe(true);
      // Concurrent takers of a free lease: exactly one wins.
      const racers = await Promise.all(
        ['x', 'y', 'z', 'w'].map(h => leases.take('race', h, 1000, 5000)),
      );
      expect(racers.filter(Boolean)).toHaveLength(1);

      expect(await leases.renew('a', 2000, 4000)).toBe(1);
      expect(await leases.holder('runtime:local', 3000)).toBe('a');
      // Expired: renewing does nothing, another takes it.
      expect(await leases.renew('a', 4000, 6000)).toBe(0);
      expect(await leases.holder('runtime:local', 4000)).toBeUndefined();
      expect(await leases.take('runtime:local', 'b', 4000, 7000)).toBe(true);
      await leases.release('runtime:local', 'a');
      expect(await leases.holder('runtime:local', 5000)).toBe('b');
      await leases.release('runtime:local', 'b');
      expect(await leases.holder('runtime:local', 5000)).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'finds pending builds whose runner stopped renewing, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const leases = new LeaseStore(knex);
      const builds = new BuildStore(knex);
      const build = (id: string) => ({
        id,
        app: 'shop',
        image: '',
        procfile: {},
        status: 'pending' as const,
        log: '',
        createdBy: 'user:default/jane',
        createdAt: `2026-01-01T00:00:0${id.length}.000Z`,
      });
      await leases.take('instance:alive', 'alive', 0, 10_000);
      await leases.take('instance:dead', 'dead', 0, 5_000);
      await builds.insert(build('a'), 'alive');
      await builds.insert(build('dd'), 'dead');
      await builds.insert(build('nnn'));
      await builds.insert(build('gggg'), 'gone');

      const dead = await builds.pendingOfDeadRunners(6_000);
      expect(dead.map(b => b.id)).toEqual(['dd', 'gggg']);
      expect(await builds.pendingOfDeadRunners(4_000)).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'counts failures in fixed windows, concurrent ones all counted, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const failures = new AuthFailureStore(knex);
      expect(await failures.get('k', 0)).toBeUndefined();
      await Promise.all(
        Array.from({ length: 8 }, () => failures.fail('k', 1000, 0)),
      );
      expect(await failures.get('k', 0)).toEqual({ failures: 8, since: 1000 });
      // The window started at 1000 ended: a new one starts.
      await failures.fail('k', 70_000, 1000);
      expect(await failures.get('k', 1000)).toEqual({
        failures: 1,
        since: 70_000,
      });
      expect(await failures.get('k', 70_000)).toBeUndefined();
    },
  );
});
