import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seccompFilter } from './seccomp';
import { runSandboxed } from './__testUtils__/runSandboxed';
import { describeWithBubblewrap } from './__testUtils__/testSandbox';

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

  it('caps open files per process (RLIMIT_NOFILE), soft and hard', async () => {
    const ended = await run('ulimit -n; ulimit -Hn');
    expect(ended.output.trim().split('\n')).toEqual(['4096', '4096']);
  });
});
