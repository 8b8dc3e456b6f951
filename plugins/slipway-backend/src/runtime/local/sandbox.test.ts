import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { LogLine } from '@slipway/plugin-slipway-common';
import {
  BubblewrapSandbox,
  Cgroups,
  DEFAULT_SANDBOX_SETTINGS,
  unsandboxed,
} from '../../sandbox';
import { groupMembers } from '../../sandbox/processGroup';
import {
  attackResults,
  attackScript,
  expectContained,
  hostUid,
} from '../../sandbox/__testUtils__/attack';
import { describeWithBubblewrap } from '../../sandbox/__testUtils__/testSandbox';
import { LocalRuntime } from './LocalRuntime';
import {
  desired,
  eventually,
  makeDataDir,
  recordedGroups,
  testSettings,
  WORKER_APP,
  writeSlug,
} from './testing/fixtures';

jest.setTimeout(60_000);

const OTHER_SECRET = `other-app-secret-${Math.random().toString(36).slice(2)}`;
const BACKEND_SECRET = `backend-secret-${Math.random().toString(36).slice(2)}`;

/** Whether a process's environment holds `text` (the backend runs the tests as root, or as the same user). */
const environHolds = (pid: number, text: string) => {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(text);
  } catch {
    return false;
  }
};

const collect = async (lines: AsyncIterable<LogLine>) => {
  const out: string[] = [];
  for await (const line of lines) out.push(line.line);
  return out.join('\n');
};

describeWithBubblewrap('LocalRuntime sandbox', sandbox => {
  let dataDir: string;
  let local: LocalRuntime;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    fs.writeFileSync(path.join(dataDir, 'encryption.key'), 'key material');
    process.env.SLIPWAY_TEST_BACKEND_SECRET = BACKEND_SECRET;
    local = new LocalRuntime(
      testSettings(dataDir),
      mockServices.logger.mock(),
      sandbox,
    );
  });

  afterEach(async () => {
    await local.close();
    delete process.env.SLIPWAY_TEST_BACKEND_SECRET;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Another app with a secret in its config, running; and an attacker's slug aimed at it. */
  async function victimAndAttacker() {
    const otherImage = await writeSlug(dataDir, { 'worker.js': WORKER_APP });
    const other = await local.apply(
      desired('other', 1, otherImage, {
        procfile: { worker: 'node worker.js' },
        structure: { worker: 1 },
        config: { values: { DATABASE_PASSWORD: OTHER_SECRET } },
      }),
    );
    expect(other.status).toBe('ready');
    // "ready" means started; the victim's own process (the one holding the secret) may come a
    // moment later, after the sandbox's setup: wait for it rather than race it.
    const leader = recordedGroups(dataDir, 'other')['worker.1'];
    const otherPids = await eventually(() => {
      const pids = groupMembers(leader).map(m => m.pid);
      return pids.some(pid => environHolds(pid, OTHER_SECRET))
        ? pids
        : undefined;
    });
    expect(otherPids.length).toBeGreaterThan(1);
    const script = attackScript({
      keyFile: path.join(dataDir, 'encryption.key'),
      dataDir,
      otherSlug: path.join(dataDir, 'slugs', otherImage.slice('slug:'.length)),
      otherPids,
      otherSecret: OTHER_SECRET,
      backendSecret: BACKEND_SECRET,
    });
    return writeSlug(dataDir, { 'attack.sh': script });
  }

  it('a one-off command cannot reach the key, /etc/shadow, other apps, the backend or the system', async () => {
    const image = await victimAndAttacker();
    const result = await local.run(desired('shop', 1, image), 'sh attack.sh');
    expect(result.exitCode).toBe(0);
    expectContained(attackResults(result.output), {
      uid: 65534,
      appWritable: false, // the slug is shared and content-addressed: read-only
    });
  });

  it('neither can an app process, which runs as the sandbox user for the kernel too', async () => {
    const image = await victimAndAttacker();
    const result = await local.apply(
      desired('shop', 1, image, {
        procfile: { worker: 'sh attack.sh; exec sleep 600' },
        structure: { worker: 1 },
      }),
    );
    expect(result.status).toBe('ready');
    const output = await eventually(async () => {
      const text = await collect(
        local.logs('shop', 'local', { type: 'worker' }),
      );
      return text.includes('ATTACK processes=') ? text : undefined;
    });
    expectContained(attackResults(output), { uid: 65534, appWritable: false });

    const leader = recordedGroups(dataDir, 'shop')['worker.1'];
    const inside = groupMembers(leader).filter(
      m => m.pid !== leader && m.ppid !== leader,
    );
    expect(inside.length).toBeGreaterThan(0);
    // A backend running as root starts apps as uid 65534 outside the sandbox as well; an ordinary
    // backend's user namespace maps 65534 onto its own user (README, Trust model).
    const hostUser = process.getuid!() === 0 ? 65534 : process.getuid!();
    expect(inside.map(({ pid }) => hostUid(pid))).toEqual(
      inside.map(() => hostUser),
    );
  });

  it('stops a process gracefully: SIGTERM reaches the app before the sandbox goes', async () => {
    const image = await writeSlug(dataDir, { 'w.sh': 'echo' });
    const scaled = (worker: number) =>
      desired('shop', 1, image, {
        procfile: {
          worker:
            // The output differs from the command's text (which the log's first line quotes).
            'trap \'echo graceful st""op; exit 0\' TERM; echo st""arted; while true; do sleep 0.1; done',
        },
        structure: { worker },
      });
    await local.apply(scaled(1));
    await eventually(async () =>
      (
        await collect(local.logs('shop', 'local', { type: 'worker' }))
      ).includes('\nstarted'),
    );
    const leader = recordedGroups(dataDir, 'shop')['worker.1'];
    await local.apply(scaled(0));
    await eventually(() => groupMembers(leader).length === 0);
    const log = await collect(local.logs('shop', 'local', { type: 'worker' }));
    expect(log).toContain('\ngraceful stop\n');
    expect(log).toContain('Process exited with code 0');
  });

  it('applies the release limits: a process past its memory limit is killed and its log says out of memory', async () => {
    if (sandbox.limitsProblem) return; // no cgroups here (not root): covered by the refusal below
    const image = await writeSlug(dataDir, {
      'hog.js': 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1));\n',
    });
    await local.apply(
      desired('shop', 1, image, {
        procfile: { worker: 'node hog.js' },
        structure: { worker: 1 },
        config: { limits: { worker: { memory: '64Mi' } } },
      }),
    );
    const log = await eventually(async () => {
      const text = await collect(
        local.logs('shop', 'local', { type: 'worker' }),
      );
      return /out of memory: killed at its memory limit \(64Mi\)/.test(text)
        ? text
        : undefined;
    });
    expect(log).toMatch(/Process exited with .*out of memory/);
  });

  it('says which limits are over the ceilings, naming them (the config API refuses those with 400)', () => {
    if (sandbox.limitsProblem) return; // no cgroups here: every limit is refused (below)
    expect(local.limitsProblem({ web: { memory: '64Gi', cpu: '1000' } })).toBe(
      "web's memory 64Gi is over slipway.local.limits.maxMemory (2Gi); web's cpu 1000 is over slipway.local.limits.maxCpu (2)",
    );
    expect(
      local.limitsProblem({ web: { memory: '2Gi', cpu: '2' }, worker: null }),
    ).toBeUndefined();
  });

  it('refuses a release with limits where cgroups cannot be used, saying why', async () => {
    const noCgroups = new LocalRuntime(
      testSettings(dataDir),
      mockServices.logger.mock(),
      new BubblewrapSandbox(
        DEFAULT_SANDBOX_SETTINGS,
        'bwrap',
        new Cgroups('/nonexistent/cgroup'),
      ),
    );
    try {
      expect(noCgroups.limitsProblem()).toMatch(/no cgroup v2 hierarchy/);
      const result = await noCgroups.apply(
        desired('shop', 1, await writeSlug(dataDir), {
          config: { limits: { web: { memory: '64Mi' } } },
        }),
      );
      expect(result).toEqual(
        expect.objectContaining({
          status: 'failed',
          reason: expect.stringMatching(
            /v1 sets limits \(web\), which this backend cannot apply: no cgroup v2/,
          ),
        }),
      );
    } finally {
      await noCgroups.close();
    }
  });

  it('processes die with the backend (no orphans)', async () => {
    // Covered in orphans.test.ts, which kills a real backend process.
    expect(sandbox.kind).toBe('bubblewrap');
  });
});

describe('LocalRuntime without a sandbox', () => {
  it('still runs apps, and every start warns loudly in the backend log and the app log', async () => {
    const dataDir = await makeDataDir();
    const logger = mockServices.logger.mock();
    const local = new LocalRuntime(
      testSettings(dataDir),
      logger,
      unsandboxed('"bwrap" is not installed', logger),
    );
    try {
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^WARNING: pushed code is NOT sandboxed \("bwrap" is not installed\): .*encryption key/,
        ),
      );
      const image = await writeSlug(dataDir);
      const result = await local.apply(desired('shop', 1, image));
      expect(result.status).toBe('ready');
      const run = await local.run(desired('shop', 1, image), 'echo hi');
      expect(run.output).toBe('hi\n');
      const warnings = logger.warn.mock.calls
        .map(([message]) => String(message))
        .filter(message => /runs without a sandbox/.test(message));
      expect(warnings).toEqual([
        expect.stringMatching(/^WARNING: web.1 runs without a sandbox/),
        expect.stringMatching(/^WARNING: run.1 runs without a sandbox/),
      ]);
      const appLog = await collect(local.logs('shop', 'local', { lines: 100 }));
      expect(appLog).toMatch(/WARNING: web.1 runs without a sandbox/);
    } finally {
      await local.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
