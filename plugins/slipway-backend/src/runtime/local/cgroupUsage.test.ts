import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BubblewrapSandbox } from '../../sandbox/bubblewrap';
import { Cgroups, DEFAULT_LIMIT_SETTINGS } from '../../sandbox/limits';
import { signalGroup } from '../../sandbox/processGroup';
import { DEFAULT_SANDBOX_SETTINGS } from '../../sandbox/settings';
import { runSandboxed } from '../../sandbox/__testUtils__/runSandboxed';
import { describeWithBubblewrap } from '../../sandbox/__testUtils__/testSandbox';
import { ProcessSampler } from '../../metrics/ProcessSampler';
import { eventually } from './testing/fixtures';
import { cgroupUsageSource } from './cgroupUsage';

jest.setTimeout(60_000);

const cgroups = new Cgroups();
const MiB = 1024 ** 2;
const describeWithLimits = cgroups.problem ? describe.skip : describe;

describeWithBubblewrap('process use from cgroups', () => {
  describeWithLimits(`v${cgroups.version}`, () => {
    const sandbox = new BubblewrapSandbox(
      {
        ...DEFAULT_SANDBOX_SETTINGS,
        limits: {
          ...DEFAULT_LIMIT_SETTINGS,
          memoryBytes: 256 * MiB,
          defaultCpuCores: 0.5,
        },
      },
      'bwrap',
      cgroups,
    );
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-usage-'));
      fs.chmodSync(dir, 0o755);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('shows the memory a sandboxed process holds and the CPU it burns, per app and process type', async () => {
      const app = `usage-${process.pid}`;
      // Holds 96 MiB (touched, so resident) and spins: both must show in the sampled point.
      const script =
        'const held = Buffer.alloc(96 * 1024 * 1024, 1); console.log("holding", held.length); for (;;) {}';
      const run = runSandboxed(sandbox, {
        command: process.execPath,
        args: ['-e', script],
        dirs: {
          app: dir,
          appWritable: false,
          home: dir,
          privateHome: true,
          tmp: dir,
        },
        env: { PATH: '/usr/bin:/bin' },
        app,
        processType: 'worker',
      });
      const sampler = new ProcessSampler({
        source: cgroupUsageSource(() => cgroups.usage()),
        store: () => {
          throw new Error('not stored here');
        },
      });
      try {
        await eventually(() => run.output().includes('holding'));
        const first = (await sampler.sample()).find(p => p.app === app);
        expect(first).toMatchObject({
          processType: 'worker',
          cpuMillicores: 0,
        });
        expect(first!.memoryBytes).toBeGreaterThanOrEqual(96 * MiB);
        expect(first!.memoryBytes).toBeLessThan(256 * MiB);

        await new Promise(resolve => setTimeout(resolve, 1500));
        const second = (await sampler.sample()).find(p => p.app === app)!;
        // A busy loop under a quota of half a core: some CPU shows (how much depends on the
        // machine's load), never more than the quota (a counter read in the wrong unit would be
        // a thousand times off either way).
        expect(second.cpuMillicores).toBeGreaterThan(0);
        expect(second.cpuMillicores).toBeLessThanOrEqual(550);
        expect(second.memoryBytes).toBeGreaterThanOrEqual(96 * MiB);
      } finally {
        signalGroup(run.child.pid!, 'SIGKILL');
        await run.ended;
      }
      // The group goes with its sandbox, and so does the app from the readings.
      await eventually(async () =>
        (await sampler.sample()).every(p => p.app !== app),
      );
    });

    it('leaves builds out', async () => {
      const source = cgroupUsageSource(() => cgroups.usage());
      const group = cgroups.create(`some-app.build.${process.pid}`, {
        memoryBytes: 64 * MiB,
        pids: 8,
      });
      try {
        expect(cgroups.usage().map(u => u.name)).toContain(
          `some-app.build.${process.pid}`,
        );
        expect((await source.read()).map(u => u.app)).not.toContain('some-app');
      } finally {
        await group.remove();
      }
    });
  });
});
