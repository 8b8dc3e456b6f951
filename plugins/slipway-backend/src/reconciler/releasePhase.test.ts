import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { RunResult } from '@slipway/plugin-slipway-common';
import {
  RecordingRouter,
  RecordingRuntime,
} from '../api/__testUtils__/recordingPlatform';
import { SecretBox } from '../crypto';
import { Ledger } from '../ledger';
import { testServices } from '../services/__testUtils__/testServices';
import { Reconciler } from './Reconciler';
import { STALE_RELEASE_PHASE_MS } from './releasePhase';

jest.setTimeout(60_000);

/** The release phase (Procfile `release:`, e.g. migrations) runs exactly once per release. */
describe('the release phase', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let t: Awaited<ReturnType<typeof testServices>>;
    beforeEach(async () => {
      t = await testServices(await databases.init(databaseId));
      await t.services.apps.create(t.jane, { name: 'shop' });
      await t.services.builds.deploy(t.jane, 'shop', {
        image: 'registry.test/shop:1',
      });
      await t.reconciler.idle();
    });

    /** A backend started again over the same database: a new ledger, runtime and reconciler. */
    async function restart(now: () => Date = () => new Date()) {
      const ledger = await Ledger.create({
        database: { getClient: async () => t.knex },
        box: new SecretBox(Buffer.alloc(32, 5)),
      });
      const runtime = new RecordingRuntime();
      const reconciler = new Reconciler({
        ledger,
        runtime,
        router: new RecordingRouter(),
        logger: mockServices.logger.mock(),
        now,
      });
      return { ledger, runtime, reconciler };
    }

    const deployWithMigration = () =>
      t.services.builds.deploy(t.jane, 'shop', {
        image: 'registry.test/shop:2',
        procfile: { web: '', release: 'migrate' },
      });

    /** Deploys v3 with a `release:` command, and returns once the command runs; it runs until `finish`. */
    async function deployWithMigrationRunning() {
      let finish: (result: RunResult) => void = () => {};
      t.runtime.run = () =>
        new Promise(resolve => {
          finish = resolve;
        });
      await deployWithMigration();
      for (let i = 0; i < 100; i++) {
        if ((await t.ledger.releases.phaseOf('shop', 3)).state === 'running')
          break;
        await new Promise(r => setTimeout(r, 20));
      }
      return (result: RunResult) => finish(result);
    }

    it('does not run a finished command again after a restart mid-deploy', async () => {
      // The command succeeds, then the rollout dies with the backend.
      t.runtime.onApply = () => {
        throw new Error('backend stopped');
      };
      await deployWithMigration();
      await t.reconciler.idle('shop');
      expect(t.runtime.runs).toEqual([{ version: 3, command: 'migrate' }]);
      expect((await t.ledger.releases.phaseOf('shop', 3)).state).toBe('done');
      expect((await t.ledger.releases.get('shop', 3))?.status).toBe('pending');

      const after = await restart();
      await after.reconciler.reconcileAll();
      await after.reconciler.reconcileAll();
      expect(after.runtime.runs).toEqual([]);
      expect((await after.ledger.releases.get('shop', 3))?.status).toBe(
        'succeeded',
      );
      expect(after.runtime.appliesOf('shop').pop()?.release?.build.image).toBe(
        'registry.test/shop:2',
      );
    });

    it('never runs a command twice that a restart interrupted, and fails its release once the runner is taken for dead', async () => {
      const finish = await deployWithMigrationRunning();
      expect((await t.ledger.releases.phaseOf('shop', 3)).state).toBe(
        'running',
      );

      // Right after the restart the command may still be running elsewhere: wait, never run it,
      // and keep the previous release running meanwhile.
      let now = new Date();
      const after = await restart(() => now);
      await after.reconciler.reconcileAll();
      expect(after.runtime.runs).toEqual([]);
      expect((await after.ledger.releases.get('shop', 3))?.status).toBe(
        'pending',
      );
      expect(after.runtime.appliesOf('shop')).toEqual([
        expect.objectContaining({
          release: expect.objectContaining({ version: 2 }),
        }),
      ]);

      now = new Date(Date.now() + STALE_RELEASE_PHASE_MS + 1000);
      await after.reconciler.reconcileAll();
      await after.reconciler.reconcileAll();
      expect(after.runtime.runs).toEqual([]);
      expect(await after.ledger.releases.get('shop', 3)).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(
          /^the release command was interrupted .*it is never run twice: deploy again to retry$/,
        ),
      });
      // The previous release keeps serving.
      expect(after.runtime.appliesOf('shop').pop()?.release?.build.image).toBe(
        'registry.test/shop:1',
      );

      // The old runner finishing late changes nothing.
      finish({ exitCode: 0, output: '' });
      await t.reconciler.idle('shop');
      expect((await t.ledger.releases.get('shop', 3))?.status).toBe('failed');
      expect((await t.ledger.releases.phaseOf('shop', 3)).state).toBe('failed');
    });

    it("stops a dead runner's command through the runtime before failing its release, and waits while it cannot", async () => {
      await deployWithMigrationRunning();
      const now = new Date(Date.now() + STALE_RELEASE_PHASE_MS + 1000);
      const after = await restart(() => now);
      const stops: string[] = [];
      let clusterDown = true;
      after.runtime.stopReleasePhase = async (app, _cluster, version) => {
        if (clusterDown) throw new Error('the cluster did not answer');
        stops.push(`${app} v${version}`);
      };

      // Not stopped: the phase stays running (a new deploy's phase must not run beside it).
      await after.reconciler.reconcileAll();
      await after.reconciler.idle('shop');
      expect((await after.ledger.releases.phaseOf('shop', 3)).state).toBe(
        'running',
      );
      expect((await after.ledger.releases.get('shop', 3))?.status).toBe(
        'pending',
      );

      clusterDown = false;
      await after.reconciler.reconcileAll();
      await after.reconciler.reconcileAll();
      expect(stops).toEqual(['shop v3']);
      expect(after.runtime.runs).toEqual([]);
      expect((await after.ledger.releases.get('shop', 3))?.status).toBe(
        'failed',
      );
    });

    it('settles a wait on another instance once the instance that runs the command rolls the release out', async () => {
      const finish = await deployWithMigrationRunning();

      // A git push answered by this instance waits for v3, whose command runs on the first one.
      const other = await restart();
      const settled = other.reconciler.whenSettled('shop', 3, {
        timeoutMs: 10_000,
      });
      await other.reconciler.reconcileAll();
      expect(other.runtime.runs).toEqual([]);

      // No event reaches this instance when the first one finishes: it looks again by itself.
      finish({ exitCode: 0, output: '' });
      await t.reconciler.idle('shop');
      expect((await t.ledger.releases.get('shop', 3))?.status).toBe(
        'succeeded',
      );
      expect(await settled).toEqual({ status: 'succeeded' });
      expect(other.runtime.runs).toEqual([]);
      expect(other.runtime.appliesOf('shop').pop()?.release?.build.image).toBe(
        'registry.test/shop:2',
      );
      await other.reconciler.stop();
    });

    it('fails the release when run throws, and never tries again', async () => {
      let calls = 0;
      t.runtime.run = async () => {
        calls++;
        throw new Error('the cluster did not answer');
      };
      await deployWithMigration();
      await t.reconciler.idle('shop');
      for (let i = 0; i < 3; i++) await t.reconciler.reconcileAll();
      expect(calls).toBe(1);
      expect(await t.ledger.releases.get('shop', 3)).toMatchObject({
        status: 'failed',
        reason: 'the release command could not run: the cluster did not answer',
      });
      expect((await t.ledger.releases.phaseOf('shop', 3)).state).toBe('failed');
      expect(t.runtime.appliesOf('shop').pop()?.release?.build.image).toBe(
        'registry.test/shop:1',
      );
    });

    it('runs a failing command once, however often the app is reconciled', async () => {
      t.runtime.run = async (desired, command) => {
        t.runtime.runs.push({ version: desired.release!.version, command });
        return { exitCode: 1, output: 'relation "users" already exists\n' };
      };
      await deployWithMigration();
      await t.reconciler.idle('shop');
      for (let i = 0; i < 3; i++) await t.reconciler.reconcileAll();
      expect(t.runtime.runs).toEqual([{ version: 3, command: 'migrate' }]);
      expect((await t.ledger.releases.get('shop', 3))?.status).toBe('failed');
    });
  });
});
