import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from '../ledger';
import { BuildStore } from '../ledger/BuildStore';
import { LeaseStore } from '../ledger/LeaseStore';
import { InstanceLease } from '../replicas/InstanceLease';
import {
  claimLocalRuntime,
  LOCAL_RUNTIME_LEASE,
} from '../replicas/localRuntimeLease';

jest.setTimeout(60_000);

describe('instance lease red team', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'a local-runtime backend paused (SIGSTOP) past its lease while a second one started learns on resume that it lost the local runtime, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      let now = 1_000_000;
      const lost: string[][] = [];
      const lease = (instanceId: string) =>
        new InstanceLease({
          leases: new LeaseStore(knex),
          instanceId,
          logger: mockServices.logger.mock(),
          leaseMs: 1_000,
          now: () => now,
          onLost: names => lost.push(names),
        });
      const first = lease('first');
      await first.start();
      await claimLocalRuntime(first);
      // Paused (SIGSTOP, a long GC, a lost network) longer than a lease: it renews nothing.
      now += 2_000;
      const second = lease('second');
      await second.start();
      await claimLocalRuntime(second);
      // Resumed (SIGCONT): its next renewal must not carry on as if it still ran the local runtime.
      await first.renew();
      expect(lost).toEqual([[LOCAL_RUNTIME_LEASE]]);
      expect(await new LeaseStore(knex).holder(LOCAL_RUNTIME_LEASE, now)).toBe(
        'second',
      );
      // Paused past its lease with no one taking over: it takes its leases back, nothing is lost.
      await second.stop([LOCAL_RUNTIME_LEASE]);
      await first.stop();
      const third = lease('third');
      await third.start();
      await claimLocalRuntime(third);
      now += 2_000;
      await third.renew();
      expect(lost).toHaveLength(1);
      expect(await new LeaseStore(knex).holder(LOCAL_RUNTIME_LEASE, now)).toBe(
        'third',
      );
      await third.stop([LOCAL_RUNTIME_LEASE]);
    },
  );

  it.each(databases.eachSupportedId())(
    'a replica paused past its lease whose build the sweep failed cannot record it succeeded on resume, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const leases = new LeaseStore(knex);
      const builds = new BuildStore(knex);
      const pending = {
        id: 'b1',
        app: 'shop',
        image: '',
        procfile: {},
        status: 'pending' as const,
        log: '',
        createdBy: 'user:default/jane',
        createdAt: '2026-01-01T00:00:00.000Z',
      };
      await leases.take('instance:paused', 'paused', 0, 1_000);
      await builds.insert(pending, 'paused');
      // Another replica's sweep, after the paused one's lease expired.
      const dead = await builds.pendingOfDeadRunners(2_000);
      expect(dead.map(b => b.id)).toEqual(['b1']);
      expect(await builds.fail('shop', 'b1', 'replica stopped')).toBe(true);
      // Resumed: the build finishes and is recorded (the release is made in the same transaction).
      await expect(
        builds.insert({ ...pending, status: 'succeeded', image: 'slug:1' }),
      ).rejects.toThrow();
      expect(await builds.get('shop', 'b1')).toMatchObject({
        status: 'failed',
      });
    },
  );
});
