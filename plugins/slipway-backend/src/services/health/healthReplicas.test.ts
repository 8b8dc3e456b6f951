import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Runtime } from '@slipway/plugin-slipway-node';
import { SecretBox } from '../../crypto';
import { DEFAULT_SETTINGS } from '../../domain/defaults';
import { Ledger } from '../../ledger';
import { startReplicaServices } from '../../replicas/replicaServices';
import { HealthMonitor } from './HealthMonitor';

jest.setTimeout(60_000);

describe('the health sweep with several replicas', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it('judges each app on one replica at a time, and on another once that one is done', async () => {
    const knex = await databases.init('POSTGRES_15');
    const ledger = await Ledger.create({
      database: { getClient: async () => knex },
      box: new SecretBox(Buffer.alloc(32, 1)),
    });
    const at = new Date().toISOString();
    await ledger.apps.insert({
      name: 'shop',
      owner: 'user:default/jane',
      cluster: 'default',
      structure: {},
      settings: DEFAULT_SETTINGS,
      createdAt: at,
      updatedAt: at,
    });
    // Deployed (its processes are asked for).
    jest.spyOn(ledger.releases, 'hasRunnable').mockResolvedValue(true);
    // The runtime both replicas share: answers once `answer` is called; counts the questions.
    const asked: string[] = [];
    let answer = () => {};
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
        processes: async () => {
          asked.push(name);
          await new Promise<void>(resolve => {
            answer = resolve;
          });
          return [];
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
      expect(b.services.healthReplicas).toBeDefined();
      a.monitor.check('shop');
      await waitFor(() => asked.length === 1);
      // While replica a judges shop, b skips it: a sees the same processes.
      b.monitor.check('shop');
      await b.monitor.idle('shop');
      expect(asked).toEqual(['a']);
      answer();
      await a.monitor.idle('shop');
      // Done on a: b may judge it now.
      b.monitor.check('shop');
      await waitFor(() => asked.length === 2);
      answer();
      await b.monitor.idle('shop');
      expect(asked).toEqual(['a', 'b']);
    } finally {
      await a.services.stop();
      await b.services.stop();
    }
  });
});

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  expect(condition()).toBe(true);
}
