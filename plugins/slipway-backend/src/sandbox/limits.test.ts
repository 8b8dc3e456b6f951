import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { BubblewrapSandbox } from './bubblewrap';
import { Cgroups, DEFAULT_LIMIT_SETTINGS } from './limits';
import { signalGroup } from './processGroup';
import { DEFAULT_SANDBOX_SETTINGS } from './settings';
import { runSandboxed } from './__testUtils__/runSandboxed';
import { describeWithBubblewrap } from './__testUtils__/testSandbox';
import { eventually } from '../runtime/local/testing/fixtures';

jest.setTimeout(60_000);

const cgroups = new Cgroups();
const MiB = 1024 ** 2;

/** The cgroup directory of a process in one hierarchy (v1: a controller; v2: the unified one). */
function cgroupDir(pid: number, controller: string): string | undefined {
  const lines = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  if (cgroups.version === 2) {
    const line = lines.find(l => l.startsWith('0::'));
    return line && path.join('/sys/fs/cgroup', line.slice(3));
  }
  const line = lines.find(l =>
    l.split(':')[1]?.split(',').includes(controller),
  );
  return line && path.join('/sys/fs/cgroup', controller, line.split(':')[2]);
}

describe('Cgroups where they cannot be used', () => {
  it('says why, and a sandbox then refuses limits instead of ignoring them', () => {
    const none = new Cgroups('/nonexistent/cgroup');
    expect(none.problem).toMatch(
      /no cgroup v2 hierarchy nor the v1 controllers/,
    );
    expect(() =>
      none.create('x', { memoryBytes: MiB * 64, pids: 8 }),
    ).toThrow();
    const sandbox = new BubblewrapSandbox(
      DEFAULT_SANDBOX_SETTINGS,
      'bwrap',
      none,
    );
    expect(sandbox.limitsProblem).toBe(none.problem);
    expect(sandbox.setupSteps.map(step => step.name)).not.toContain('limits');
  });
});

const describeWithLimits = cgroups.problem ? describe.skip : describe;

describeWithBubblewrap('limits', () => {
  describeWithLimits(`through cgroups v${cgroups.version}`, () => {
    const sandbox = new BubblewrapSandbox({
      ...DEFAULT_SANDBOX_SETTINGS,
      limits: {
        ...DEFAULT_LIMIT_SETTINGS,
        memoryBytes: 64 * MiB,
        pids: 32,
        tmpBytes: 8 * MiB,
        homeBytes: 8 * MiB,
      },
    });
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-limits-'));
      fs.chmodSync(dir, 0o755);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const spec = (script: string, extra: object = {}) => ({
      command: '/bin/sh',
      args: ['-c', script],
      dirs: {
        app: dir,
        appWritable: false,
        home: dir,
        privateHome: true,
        tmp: dir,
      },
      env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` },
      app: 'limits-test',
      processType: 'web',
      ...extra,
    });

    it('kills a process that allocates past its memory limit, and says it was out of memory', async () => {
      const ended = await runSandboxed(
        sandbox,
        spec(
          `exec node -e "const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))"`,
          { limits: { memory: '48Mi' } },
        ),
      ).ended;
      expect(ended.code === 0 && ended.signal === null).toBe(false);
      expect(ended.note).toMatch(
        /out of memory: killed at its memory limit \(48Mi\)/,
      );
    });

    it('stops a fork bomb at the PID limit while the backend keeps answering', async () => {
      const server = http.createServer((_req, res) => res.end('ok'));
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      const port = (server.address() as { port: number }).port;
      const run = runSandboxed(
        sandbox,
        spec('echo bombing; bomb() { bomb | bomb & }; bomb; exec sleep 60'),
      );
      try {
        await eventually(() => run.output().includes('bombing'));
        const init = await eventually(() =>
          fs
            .readFileSync(
              `/proc/${run.child.pid}/task/${run.child.pid}/children`,
              'utf8',
            )
            .trim(),
        );
        const pids = cgroupDir(Number(init.split(' ')[0]), 'pids')!;
        // The bomb reaches the limit: the kernel refuses forks there (and counts them).
        await eventually(
          () =>
            Number(
              /^max (\d+)$/m.exec(
                fs.readFileSync(path.join(pids, 'pids.events'), 'utf8'),
              )?.[1],
            ) > 0,
        );
        expect(run.output()).toMatch(/Cannot fork/);
        expect(
          Number(fs.readFileSync(path.join(pids, 'pids.max'), 'utf8')),
        ).toBe(32);
        const answer = await fetch(`http://127.0.0.1:${port}/`);
        expect(await answer.text()).toBe('ok');
      } finally {
        signalGroup(run.child.pid!, 'SIGKILL');
        await run.ended;
        server.close();
      }
    });

    it('caps /tmp and HOME: writing past the size fails with ENOSPC', async () => {
      const ended = await runSandboxed(
        sandbox,
        spec(
          'dd if=/dev/zero of=/tmp/big bs=1M count=16; dd if=/dev/zero of=/home/app/big bs=1M count=16',
        ),
      ).ended;
      expect(ended.output.match(/No space left on device/g)).toHaveLength(2);
    });

    it('sets the CPU quota and the memory limit in the cgroup, and removes the cgroup when the process ends', async () => {
      const run = runSandboxed(
        sandbox,
        spec('echo up; exec sleep 60', {
          limits: { memory: '100Mi', cpu: '250m' },
        }),
      );
      let groups: string[] = [];
      try {
        await eventually(() => run.output().includes('up'));
        const init = Number(
          fs
            .readFileSync(
              `/proc/${run.child.pid}/task/${run.child.pid}/children`,
              'utf8',
            )
            .trim(),
        );
        const cpu = cgroupDir(init, 'cpu')!;
        const memory = cgroupDir(init, 'memory')!;
        groups = [cpu, memory, cgroupDir(init, 'pids')!];
        expect(path.basename(memory)).toBe(`limits-test.web.${init}`);
        // v2: cpu.max "quota period", memory.max; v1: cpu.cfs_quota_us, memory.limit_in_bytes.
        const [cpuFile, cpuValue, memoryFile] =
          cgroups.version === 2
            ? ['cpu.max', '25000 100000', 'memory.max']
            : ['cpu.cfs_quota_us', '25000', 'memory.limit_in_bytes'];
        const read = (file: string) => fs.readFileSync(file, 'utf8').trim();
        expect(read(path.join(cpu, cpuFile))).toBe(cpuValue);
        expect(read(path.join(memory, memoryFile))).toBe(String(100 * MiB));
      } finally {
        signalGroup(run.child.pid!, 'SIGKILL');
        await run.ended;
      }
      await eventually(() => groups.every(group => !fs.existsSync(group)));
    });
  });
});
