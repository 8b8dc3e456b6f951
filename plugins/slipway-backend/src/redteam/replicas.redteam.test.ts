import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import { migrationsDir } from '../ledger';
import { AuthFailureStore } from '../ledger/AuthFailureStore';
import { PostgresAppLocks } from '../replicas/PostgresAppLocks';
import { SharedAuthLimits } from '../replicas/SharedAuthLimits';

jest.setTimeout(60_000);

/** Red team of issue #24 (replicas on one PostgreSQL): attacks a tenant can make. */
describe('replicas red team', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  /** Another replica: its own connection pool on the same database. */
  function replica(knex: Knex, pool?: Knex.PoolConfig) {
    return knexFactory({
      client: knex.client.config.client,
      connection: knex.client.config.connection,
      ...(pool ? { pool, acquireConnectionTimeout: 2_000 } : {}),
    });
  }

  it.each(databases.eachSupportedId())(
    'advisory lock key collision: an app named to hash like the victim app does not block its pushes, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Two valid app names with one hashtext (32 bits: a birthday search among ~100k names;
      // a name colliding with one chosen victim takes ~2^32 offline tries).
      const pair = await knex.raw(
        `select min(n) as a, max(n) as b from (
           select 'app-' || i as n, hashtext('app-' || i) as h from generate_series(1, 300000) i
         ) s group by h having count(*) > 1 limit 1`,
      );
      const { a: attacker, b: victim } = pair.rows[0];
      expect(attacker).not.toEqual(victim);
      const other = replica(knex);
      const one = new PostgresAppLocks(knex, 20);
      const two = new PostgresAppLocks(other, 20);
      // The attacker's push holds its app's lock (a long build).
      const releaseAttacker = await one.acquire(attacker);
      let waited = false;
      const abort = new AbortController();
      const victimPush = two.acquire(victim, abort.signal, () => {
        waited = true;
      });
      const outcome = await Promise.race([
        victimPush.then(release => {
          release();
          return 'got the lock';
        }),
        new Promise(r => setTimeout(() => r('blocked'), 1_000)),
      ]);
      abort.abort(new Error('test over'));
      await victimPush.catch(() => {});
      releaseAttacker();
      expect({ outcome, waited }).toEqual({
        outcome: 'got the lock',
        waited: false,
      });
      await other.destroy();
    },
  );

  // Was high: each push holding or waiting for its app's lock kept a pooled connection in a
  // transaction for its whole build and release. Now one session of its own holds all of a replica's locks.
  it.each(databases.eachSupportedId())(
    'connection pool exhaustion: pushes holding app locks leave connections for the API, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // A replica whose pool has 3 connections (Backstage's default is 10: one tenant with 10
      // apps and 10 builds that sleep takes them all).
      const small = replica(knex, { min: 0, max: 3 });
      const locks = new PostgresAppLocks(small, 20);
      const releases = [];
      for (const app of ['t-one', 't-two', 't-three']) {
        releases.push(await locks.acquire(app));
      }
      // Any other request of the plugin (another tenant's API call) needs a connection.
      const query = small.raw('select 1 as ok').then(
        () => 'answered',
        (e: Error) => `failed: ${e.message}`,
      );
      const result = await query;
      for (const release of releases) release();
      await new Promise(r => setTimeout(r, 100));
      await locks.close();
      await small.destroy();
      expect(result).toBe('answered');
    },
  );

  it.each(databases.eachSupportedId())(
    'auth limit bypass by concurrency across replicas: parallel wrong tokens get no more than the limit of tries, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const other = replica(knex);
      const limits = { maxFailures: 5, maxFailuresPerApp: 100 };
      const replicas = [knex, other].map(
        db => new SharedAuthLimits(new AuthFailureStore(db), limits),
      );
      const attempt = { client: '10.0.0.9', app: 'shop', token: 'slw_guess' };
      // What the git router does with a wrong token: check, then count the failure (401), or 429.
      const results = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const limiter = replicas[i % 2];
          try {
            await limiter.check(attempt);
            await limiter.fail(attempt);
            return 401;
          } catch {
            return 429;
          }
        }),
      );
      await other.destroy();
      expect(results.filter(s => s === 401).length).toBeLessThanOrEqual(5);
    },
  );
});
