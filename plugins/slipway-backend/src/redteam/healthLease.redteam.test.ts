import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Process } from '@slipway/plugin-slipway-common';
import type { Runtime } from '@slipway/plugin-slipway-node';
import { SecretBox } from '../crypto';
import { DEFAULT_SETTINGS } from '../domain/defaults';
import { Ledger } from '../ledger';
import { startReplicaServices } from '../replicas/replicaServices';
import { HealthMonitor } from '../services/health/HealthMonitor';

jest.setTimeout(60_000);

/**
 * Red team of the per-app health leases (`health:<app>`, issue #24). Was medium: a replica that
 * learnt of a crash while another replica held the app's lease dropped its check ("that one sees
 * the same processes"), but the holder had read the processes before the crash and stored `up`.
 * With a runtime that reports changes the sweep only looks at crashing/starting apps again, so
 * the app showed `up` (and its owner heard of no crash) until its next process change.
 */
describe('health lease red team', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'a crash reported to one replica while another judges the app is judged after all, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const ledger = await Ledger.create({
        database: { getClient: async () => knex },
        box: new SecretBox(Buffer.alloc(32, 1)),
      });
      const at = new Date().toISOString();
      await ledger.apps.insert({
        name: 'shop',
        owner: 'user:default/jane',
        cluster: 'default',
        structure: { web: 1 },
        settings: DEFAULT_SETTINGS,
        createdAt: at,
        updatedAt: at,
      });
      jest.spyOn(ledger.releases, 'hasRunnable').mockResolvedValue(true);
      // What the shared runtime reports: read when asked; replica a's answer is held back.
      let web: Process = {
        name: 'web.1',
        type: 'web',
        state: 'up',
        restarts: 0,
        startedAt: at,
      } as Process;
      let holdA = true;
      let answerA = () => {};
      let aAsked = false;
      const replica = async (name: string) => {
        const services = await startReplicaServices({
          config: mockServices.rootConfig({ data: {} }),
          logger: mockServices.logger.mock(),
          ledger,
          knex,
          runtimeName: 'kubernetes',
          failBuildsOfDeadRunners: async () => 0,
          reconcile: () => {},
        });
        const runtime = {
          onProcessChange: () => {},
          processes: async () => {
            const seen = [web];
            if (name === 'a' && holdA) {
              holdA = false;
              aAsked = true;
              await new Promise<void>(resolve => {
                answerA = resolve;
              });
            }
            return seen;
          },
        } as unknown as Runtime;
        const monitor = new HealthMonitor({
          ledger,
          runtime,
          logger: mockServices.logger.mock(),
          now: () => new Date(),
          onChange: async () => {},
          replicas: services.healthReplicas,
        });
        return { services, monitor };
      };
      const a = await replica('a');
      const b = await replica('b');
      try {
        // Replica a (its sweep) reads the processes: web is up.
        a.monitor.check('shop');
        await waitFor(async () => aAsked);
        // Then web crashes; the runtime tells replica b, which finds a holding shop's lease.
        web = { ...web, state: 'crashed', restarts: 1 };
        b.monitor.check('shop');
        await b.monitor.idle('shop');
        // a stores what it read (up).
        answerA();
        await a.monitor.idle('shop');
        // Still, shop is judged from what runs now: crashing.
        await waitFor(
          async () => (await ledger.apps.get('shop'))?.health === 'crashing',
        );
        expect((await ledger.apps.get('shop'))?.health).toBe('crashing');
      } finally {
        await a.services.stop();
        await b.services.stop();
      }
    },
  );
});

async function waitFor(condition: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await condition()); i++) {
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  expect(await condition()).toBe(true);
}
