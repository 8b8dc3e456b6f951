import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from '../ledger';
import { LeaseStore } from '../ledger/LeaseStore';
import { InstanceLease } from './InstanceLease';
import { claimLocalRuntime } from './localRuntimeLease';

jest.setTimeout(60_000);

describe('the local runtime on one database', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'refuses a second backend while the first renews its lease, and lets one start after it stopped, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      let now = 1_000_000;
      const backend = (instanceId: string) =>
        new InstanceLease({
          leases: new LeaseStore(knex),
          instanceId,
          logger: mockServices.logger.mock(),
          leaseMs: 15_000,
          now: () => now,
        });
      const first = backend('first');
      const second = backend('second');
      await first.start();
      await claimLocalRuntime(first);
      await second.start();
      await expect(claimLocalRuntime(second)).rejects.toThrow(
        /Another Slipway backend with the local runtime already uses this database.*start again in 15 s/,
      );
      // Renewed: still refused later on.
      now += 10_000;
      await first.renew();
      now += 10_000;
      await expect(claimLocalRuntime(second)).rejects.toThrow(/Another/);
      // The first dies (no renewal): once its lease ends the second may start.
      now += 15_000;
      await claimLocalRuntime(second);
      // A clean stop gives the lease up at once.
      await second.stop(['runtime:local']);
      await claimLocalRuntime(first);
      await first.stop(['runtime:local']);
    },
  );
});
