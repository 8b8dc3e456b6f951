import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BubblewrapSandbox } from './bubblewrap';
import { Cgroups, DEFAULT_LIMIT_SETTINGS } from './limits';
import { signalGroup } from './processGroup';
import { SANDBOXED_PATH } from './path';
import { seccompFilter } from './seccomp';
import { processEnvironment } from '../runtime/local/env';
import { DEFAULT_SANDBOX_SETTINGS } from './settings';
import { runSandboxed } from './__testUtils__/runSandboxed';
import { describeWithBubblewrap } from './__testUtils__/testSandbox';
import { eventually } from '../runtime/local/testing/fixtures';

jest.setTimeout(30_000);

/** `add_key("user", name, value, @u)` from python (x86-64 and arm64 numbers): prints the result and errno. */
const ADD_KEY = `import ctypes, platform
nr = 248 if platform.machine() == 'x86_64' else 217
libc = ctypes.CDLL(None, use_errno=True)
print('add_key', libc.syscall(nr, b'user', b'slipway-test-key', b'secret', 6, -4), ctypes.get_errno())`;

describe('seccompFilter', () => {
  it('is a whole number of BPF instructions for the architectures it knows, none elsewhere', () => {
    for (const arch of ['x64', 'arm64']) {
      const filter = seccompFilter(arch)!;
      expect(filter.length % 8).toBe(0);
      expect(filter.length / 8).toBeLessThan(256); // every jump fits in a byte
    }
    expect(seccompFilter('mips')).toBeUndefined();
  });
});

describeWithBubblewrap('sandbox hardening (red team M6, M2, H1)', sandbox => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-hardening-'));
    fs.chmodSync(dir, 0o755);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (script: string) =>
    runSandboxed(sandbox, {
      command: '/bin/sh',
      args: ['-c', script],
      dirs: { app: dir, appWritable: false, home: dir, tmp: dir },
      env: { PATH: '/usr/bin:/bin' },
    }).ended;

  it('runs every process under a seccomp filter', async () => {
    const ended = await run('grep Seccomp: /proc/self/status');
    expect(ended.output).toMatch(/Seccomp:\s+2/);
  });

  it('refuses new user namespaces (unshare -U, as unshare(2) and clone(2))', async () => {
    const ended = await run(
      'unshare -U -r id; echo "unshare=$?"; unshare -U --fork id; echo "fork=$?"',
    );
    expect(ended.output).not.toMatch(/uid=0/);
    expect(ended.output).toMatch(/unshare=1/);
    expect(ended.output).toMatch(/fork=1/);
    expect(ended.output).toMatch(/Operation not permitted/);
  });

  it('refuses the kernel keyrings, which are per uid and not per sandbox', async () => {
    const ended = await run(`/usr/bin/python3 -c "${ADD_KEY}"`);
    expect(ended.output).toMatch(/add_key -1 1\b/); // EPERM
  });

  it('still runs node, its threads and child processes', async () => {
    const ended = await run(
      `exec ${process.execPath} -e "new (require('worker_threads').Worker)('1', { eval: true }).on('exit', () => console.log('child', require('child_process').execSync('echo ok').toString().trim()))"`,
    );
    expect(ended.output.trim()).toBe('child ok');
    expect(ended.code).toBe(0);
  });

  it("gives app processes a fixed PATH, never the backend's (red team L2)", () => {
    const saved = process.env.PATH;
    process.env.PATH = `/root/.cargo/bin:/work/repo/node_modules/.bin:${saved}`;
    try {
      const env = processEnvironment(
        { home: '/home/app', tmp: '/tmp' },
        {},
        {},
      );
      expect(env.PATH).toBe(SANDBOXED_PATH);
      expect(env.PATH).not.toContain('/root/.cargo/bin');
      expect(env.PATH).not.toContain('/work/repo/node_modules/.bin');
    } finally {
      process.env.PATH = saved;
    }
  });

  it("shows npm's machine-wide settings files empty (red team L4)", async () => {
    const ended = await run(
      'for f in /usr/etc/npmrc /usr/local/etc/npmrc; do [ -e $f ] && wc -c < $f; done; echo END',
    );
    expect(
      ended.output
        .trim()
        .split('\n')
        .filter(l => l !== 'END' && l !== '0'),
    ).toEqual([]);
  });

  it('caps open files per process (RLIMIT_NOFILE), soft and hard', async () => {
    const ended = await run('ulimit -n; ulimit -Hn');
    expect(ended.output.trim().split('\n')).toEqual(['4096', '4096']);
  });
});

const cgroups = new Cgroups();
const describeWithLimits = cgroups.problem ? describe.skip : describe;

describeWithBubblewrap('what bounds a tenant (red team H1, L5)', () => {
  describeWithLimits(`through cgroups v${cgroups.version}`, () => {
    const sandbox = new BubblewrapSandbox(DEFAULT_SANDBOX_SETTINGS);
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-hardening-'));
      fs.chmodSync(dir, 0o755);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (script: string, extra: object = {}) =>
      runSandboxed(sandbox, {
        command: '/bin/sh',
        args: ['-c', script],
        dirs: { app: dir, appWritable: false, home: dir, tmp: dir },
        env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` },
        app: 'hardening-test',
        processType: 'web',
        ...extra,
      }).ended;

    it('bounds all sandboxes together: the parent group has a memory and a PID limit', () => {
      const totals = cgroups.totals();
      // The kernel keeps whole pages.
      expect(
        DEFAULT_LIMIT_SETTINGS.totalMemoryBytes - totals.memoryBytes,
      ).toBeLessThan(4096);
      expect(totals.memoryBytes).toBeGreaterThan(0);
      expect(totals.memoryBytes).toBeLessThan(os.totalmem());
      expect(totals.pids).toBe(String(DEFAULT_LIMIT_SETTINGS.totalPids));
    });

    /** The CPU quota (µs per 100 ms) of a sandbox running `sleep`, read from its cgroup on the host. */
    const quotaOf = async (extra: object) => {
      const started = runSandboxed(sandbox, {
        command: '/bin/sh',
        args: ['-c', 'echo started; exec sleep 30'],
        dirs: { app: dir, appWritable: false, home: dir, tmp: dir },
        env: { PATH: '/usr/bin:/bin' },
        app: 'hardening-test',
        processType: 'web',
        ...extra,
      });
      try {
        await eventually(() => started.output().includes('started'));
        const pid = started.child.pid!;
        const init = Number(
          fs
            .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
            .trim()
            .split(' ')[0],
        );
        const lines = fs.readFileSync(`/proc/${init}/cgroup`, 'utf8');
        if (cgroups.version === 2) {
          const group = /^0::(.*)$/m.exec(lines)![1];
          return fs
            .readFileSync(path.join('/sys/fs/cgroup', group, 'cpu.max'), 'utf8')
            .split(' ')[0];
        }
        const line = lines
          .split('\n')
          .find(l => l.split(':')[1]?.split(',').includes('cpu'))!;
        const controllers = line.split(':')[1];
        return fs
          .readFileSync(
            path.join(
              '/sys/fs/cgroup',
              fs.existsSync(`/sys/fs/cgroup/${controllers}`)
                ? controllers
                : 'cpu',
              line.split(':')[2],
              'cpu.cfs_quota_us',
            ),
            'utf8',
          )
          .trim();
      } finally {
        signalGroup(started.child.pid!, 'SIGKILL');
        await started.ended;
      }
    };

    it('gives a process whose release sets no CPU limit the default quota, and caps one set above the ceiling', async () => {
      expect(await quotaOf({})).toBe('100000');
      expect(await quotaOf({ limits: { cpu: '1000' } })).toBe('200000');
    });

    it('says "out of memory" only for the exit the kernel caused, not after a child was killed earlier', async () => {
      const ended = await run(
        `node -e "const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))"; echo "child ended $?"; exit 3`,
        { limits: { memory: '48Mi' } },
      );
      expect(ended.output).toMatch(/child ended 137/);
      expect(ended.code).toBe(3);
      expect(ended.note).toBeUndefined();
    });
  });
});
