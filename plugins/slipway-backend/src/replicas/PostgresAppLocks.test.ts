import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { PostgresAppLocks, pushLockKey } from './PostgresAppLocks';

jest.setTimeout(60_000);

describe('PostgresAppLocks', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'lets one replica at a time hold an app, frees it when the holder releases or its connection dies, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Two replicas: two lock sets on two connection pools of one database.
      const other = knexFactory({
        client: knex.client.config.client,
        connection: knex.client.config.connection,
      });
      const one = new PostgresAppLocks(knex, 20);
      const two = new PostgresAppLocks(other, 20);
      const order: string[] = [];

      const releaseOne = await one.acquire('shop');
      let waited = false;
      const second = two.acquire('shop', undefined, () => {
        waited = true;
      });
      // Another app is not held up.
      (await two.acquire('blog'))();
      await new Promise(r => setTimeout(r, 150));
      expect(waited).toBe(true);
      order.push('one done');
      releaseOne();
      const releaseTwo = await second;
      order.push('two got it');
      expect(order).toEqual(['one done', 'two got it']);

      // A waiter that gives up leaves the lock to the holder and the queue intact.
      const abort = new AbortController();
      const gaveUp = one.acquire('shop', abort.signal);
      setTimeout(() => abort.abort(new Error('client left')), 60);
      await expect(gaveUp).rejects.toThrow('client left');

      // The holder's process dies (its connection is cut, as kill -9 does): PostgreSQL frees the lock.
      const third = one.acquire('shop');
      await new Promise(r => setTimeout(r, 100));
      const holders = await knex.raw(
        `select pid from pg_locks where locktype = 'advisory' and granted
         and ((classid::bigint << 32) | objid::bigint) = ?::bigint`,
        [pushLockKey('shop')],
      );
      expect(holders.rows).toHaveLength(1);
      await knex.raw('select pg_terminate_backend(?)', [holders.rows[0].pid]);
      (await third)();
      releaseTwo();
      await one.close();
      await two.close();
      await other.destroy();
    },
  );
});
