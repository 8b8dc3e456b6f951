import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { LogLine } from '@slipway/plugin-slipway-common';
import { send } from '../../routing/builtin/testing/http';
import { testSandbox } from '../../sandbox/__testUtils__/testSandbox';
import { createLocalRuntime } from './createLocalRuntime';
import { LocalRuntime } from './LocalRuntime';
import {
  desired,
  eventually,
  groupAlive,
  makeDataDir,
  recordedGroups,
  testSettings,
  writeSlug,
} from './testing/fixtures';
import type { LocalRuntimeSettings } from './config';

jest.setTimeout(60_000);

describe('LocalRuntime', () => {
  let dataDir: string;
  const runtimes: LocalRuntime[] = [];

  const runtime = (overrides: Partial<LocalRuntimeSettings> = {}) => {
    const made = new LocalRuntime(
      testSettings(dataDir, overrides),
      mockServices.logger.mock(),
      testSandbox,
    );
    runtimes.push(made);
    return made;
  };
  /** Asks a process directly (not through a router) what it was started with. */
  const ask = async (address: string) => {
    const [, port] = address.split(':');
    const reply = await send(Number(port), 'direct');
    return JSON.parse(reply.body);
  };
  const collect = async (lines: AsyncIterable<LogLine>) => {
    const out: LogLine[] = [];
    for await (const line of lines) out.push(line);
    return out;
  };

  beforeEach(async () => {
    dataDir = await makeDataDir();
    process.env.SLIPWAY_TEST_BACKEND_SECRET = 'do-not-leak';
  });

  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map(r => r.close()));
    delete process.env.SLIPWAY_TEST_BACKEND_SECRET;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is created from config and refuses nonsense settings', () => {
    const deps = (local: object) => ({
      config: new ConfigReader({ slipway: { local } }),
      logger: mockServices.logger.mock(),
      dataDir,
      platformDomain: 'localhost',
    });
    expect(
      createLocalRuntime(deps({ portRange: '20000-20100' })),
    ).toBeInstanceOf(LocalRuntime);
    expect(() => createLocalRuntime(deps({ portRange: '80-90' }))).toThrow(
      /portRange/,
    );
    expect(() => createLocalRuntime(deps({ drainSeconds: -1 }))).toThrow(
      /drainSeconds/,
    );
  });

  it('starts the release from its slug with config, PORT, PS and SLIPWAY_RELEASE', async () => {
    const local = runtime();
    await local.createApp('shop', 'local');
    expect(fs.existsSync(path.join(dataDir, 'logs', 'shop'))).toBe(true);
    const image = await writeSlug(dataDir);
    const result = await local.apply(
      desired('shop', 2, image, { config: { values: { ANSWER: '42' } } }),
    );
    expect(result.status).toBe('ready');
    expect(result.upstream?.addresses).toHaveLength(1);
    const address = result.upstream!.addresses[0];
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const seen = await ask(address);
    expect(seen).toMatchObject({
      answer: '42',
      release: 'v2',
      ps: 'web.1',
      port: address.split(':')[1],
      leaked: null, // the backend's own environment is not passed on
      // The slug, at /app in the sandbox.
      cwd:
        testSandbox.kind === 'bubblewrap'
          ? '/app'
          : path.join(dataDir, 'slugs', image.slice('slug:'.length)),
    });
    const processes = await local.processes('shop', 'local');
    expect(processes).toEqual([
      expect.objectContaining({
        name: 'web.1',
        type: 'web',
        release: 2,
        state: 'up',
        restarts: 0,
      }),
    ]);
  });

  it('is idempotent: the same desired state again changes nothing', async () => {
    const local = runtime();
    const state = desired('shop', 2, await writeSlug(dataDir), {
      structure: { web: 2, worker: 1 },
    });
    const first = await local.apply(state);
    const pids = await Promise.all(
      first.upstream!.addresses.map(async a => (await ask(a)).pid),
    );
    const again = await local.apply(JSON.parse(JSON.stringify(state)));
    expect(again).toEqual({ status: 'unchanged', upstream: first.upstream });
    expect(
      await Promise.all(
        first.upstream!.addresses.map(async a => (await ask(a)).pid),
      ),
    ).toEqual(pids);
    expect((await local.processes('shop', 'local')).map(p => p.name)).toEqual([
      'web.1',
      'web.2',
      'worker.1',
    ]);
  });

  it('waits for the readiness check before calling a release ready', async () => {
    const local = runtime();
    const result = await local.apply(
      desired('shop', 2, await writeSlug(dataDir), {
        config: {
          values: { READY_AFTER_MS: '800' },
          healthchecks: {
            web: { readiness: { type: 'http', path: '/ready' } },
          },
        },
      }),
    );
    expect(result.status).toBe('ready');
    const [, port] = result.upstream!.addresses[0].split(':');
    expect(
      (await send(Number(port), 'direct', { path: '/ready' })).status,
    ).toBe(200);
  });

  it('fails a release that never gets ready and keeps the old one serving', async () => {
    const local = runtime();
    const image = await writeSlug(dataDir);
    const v2 = await local.apply(
      desired('shop', 2, image, { config: { values: { ANSWER: 'old' } } }),
    );
    const v3 = await local.apply(
      desired('shop', 3, image, {
        procfile: { web: 'node -e "setInterval(() => {}, 1000)"' },
        deployTimeout: 1.5,
      }),
    );
    expect(v3.status).toBe('failed');
    expect(v3.reason).toMatch(
      /v3 did not become ready: web.1 did not become ready within 2s; v2 keeps serving/,
    );
    expect(v3.upstream).toEqual(v2.upstream);
    expect((await ask(v2.upstream!.addresses[0])).answer).toBe('old');
    await eventually(async () =>
      (await local.processes('shop', 'local')).every(p => p.release === 2),
    );
  });

  it('refuses builds that are not slugs, with a clear reason', async () => {
    const local = runtime();
    const image = await local.apply(
      desired('shop', 2, 'ghcr.io/acme/shop:1.0'),
    );
    expect(image).toMatchObject({ status: 'failed' });
    expect(image.reason).toMatch(
      /runs only slugs that Slipway built.*not the image "ghcr.io\/acme\/shop:1.0"/,
    );
    const missing = await local.apply(
      desired('shop', 2, `slug:${'a'.repeat(64)}`),
    );
    expect(missing.reason).toMatch(/Slug aaaaaaaaaaaa is missing/);
    await expect(local.apply(desired('../etc', 2, 'slug:x'))).rejects.toThrow(
      /name/i,
    );
  });

  it('restarts crashing processes with exponential backoff and reports a crash loop', async () => {
    const local = runtime();
    const image = await writeSlug(dataDir);
    const result = await local.apply(
      desired('shop', 2, image, {
        // Runs a second before crashing: the web process is ready long before a crash loop could fail the deploy.
        procfile: {
          web: 'node server.js',
          worker: 'echo failing; sleep 1; exit 3',
        },
        structure: { web: 1, worker: 1 },
      }),
    );
    expect(result.status).toBe('ready'); // a worker without readiness check is up once started
    const worker = await eventually(async () =>
      (
        await local.processes('shop', 'local')
      ).find(p => p.name === 'worker.1' && p.restarts >= 3),
    );
    expect(worker.state).toMatch(/crashed|starting|up/);
    const crashed = await eventually(async () =>
      (
        await local.processes('shop', 'local')
      ).find(p => p.name === 'worker.1' && p.state === 'crashed'),
    );
    expect(crashed.message).toMatch(
      /Process exited with code 3 \(\d+ times in a row\); restarting in/,
    );
    const lines = (
      await collect(local.logs('shop', 'local', { type: 'worker', lines: 100 }))
    ).map(l => l.line);
    const delays = lines
      .map(l => /restarting in ([\d.]+)s/.exec(l)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(delays.slice(0, 4)).toEqual([0.2, 0.4, 0.8, 1.6]);
    expect(lines).toContain('failing');
  });

  it('fails a deploy whose web process keeps crashing, without waiting for the timeout', async () => {
    const local = runtime({ restartDelay: 0.05 });
    const result = await local.apply(
      desired('shop', 2, await writeSlug(dataDir), {
        procfile: { web: 'exit 1' },
        deployTimeout: 50,
      }),
    );
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(
      /web.1 keeps crashing: Process exited with code 1/,
    );
    // The rollout gave up: no restart follows, so the reason promises none.
    expect(result.reason).not.toMatch(/restarting in/);
    expect(await local.processes('shop', 'local')).toEqual([]);
  });

  it('reports process changes: started, up, and gone after a scale-down', async () => {
    const local = runtime({ drainSeconds: 0 });
    const image = await writeSlug(dataDir);
    const changes: string[] = [];
    const listed: string[] = [];
    local.onProcessChange(app => {
      changes.push(app);
      // What a page refetching on this report would see.
      void local
        .processes(app, 'local')
        .then(ps => listed.push(ps.map(p => `${p.name}:${p.state}`).join()));
    });
    await local.apply(desired('shop', 2, image, { structure: { web: 2 } }));
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes)).toEqual(new Set(['shop']));

    changes.length = 0;
    await local.apply(desired('shop', 2, image, { structure: { web: 1 } }));
    // Once web.2 has stopped, a report says so: the list no longer has it.
    await eventually(() => listed[listed.length - 1] === 'web.1:up');
    expect(changes.length).toBeGreaterThan(0);
  });

  it('scales up and down, stopping the highest-numbered processes first', async () => {
    const local = runtime();
    const image = await writeSlug(dataDir);
    const one = await local.apply(
      desired('shop', 2, image, { structure: { web: 1 } }),
    );
    const three = await local.apply(
      desired('shop', 2, image, { structure: { web: 3, worker: 1 } }),
    );
    expect(three.status).toBe('ready');
    expect(three.upstream!.addresses).toHaveLength(3);
    expect(three.upstream!.addresses[0]).toBe(one.upstream!.addresses[0]);
    const answers = await Promise.all(three.upstream!.addresses.map(ask));
    expect(answers.map(a => a.ps)).toEqual(['web.1', 'web.2', 'web.3']);
    const groups = recordedGroups(dataDir, 'shop');

    const down = await local.apply(
      desired('shop', 2, image, { structure: { web: 1 } }),
    );
    expect(down.upstream!.addresses).toEqual([one.upstream!.addresses[0]]);
    await eventually(
      async () =>
        (await local.processes('shop', 'local')).map(p => p.name).join() ===
        'web.1',
    );
    await eventually(
      () => !groupAlive(groups['web.2']) && !groupAlive(groups['web.3']),
    );
    expect(groupAlive(groups['web.1'])).toBe(true);
  });

  it('restarts all, one type, or one process by name, replacing web processes before stopping them', async () => {
    const local = runtime();
    const image = await writeSlug(dataDir);
    await local.apply(
      desired('shop', 2, image, { structure: { web: 2, worker: 1 } }),
    );
    const changes: string[][] = [];
    local.onUpstreamChange((_app, upstream) => {
      changes.push(upstream!.addresses);
    });
    const before = await local.processes('shop', 'local');

    await local.restart('shop', 'local', { name: 'web.2' });
    const afterOne = await local.processes('shop', 'local');
    const started = (list: typeof before, name: string) =>
      list.find(p => p.name === name && p.state !== 'stopping')!.startedAt;
    expect(started(afterOne, 'web.1')).toBe(started(before, 'web.1'));
    expect(started(afterOne, 'web.2')).not.toBe(started(before, 'web.2'));
    expect(changes).toHaveLength(1);
    for (const address of changes[0])
      expect((await ask(address)).release).toBe('v2');

    await local.restart('shop', 'local', { type: 'worker' });
    await local.restart('shop', 'local', {});
    expect(changes).toHaveLength(3); // web.2, then web.1 and web.2 again (not for the worker)
    await eventually(
      async () => (await local.processes('shop', 'local')).length === 3,
    );
    const after = await local.processes('shop', 'local');
    for (const name of ['web.1', 'web.2', 'worker.1']) {
      expect(started(after, name)).not.toBe(started(before, name));
    }
    await expect(
      local.restart('shop', 'local', { name: 'web.9' }),
    ).rejects.toThrow(/No process named web.9/);
    await expect(
      local.restart('shop', 'local', { type: 'clock' }),
    ).rejects.toThrow(/No clock processes/);
  });

  it('uses exec probes: a restart whose replacement never gets ready keeps the old process', async () => {
    // Long enough for a sandbox to start on a loaded machine; the replacement never gets ready anyway.
    const local = runtime({ readyTimeout: 10 });
    // HOME is each process's own; the probe looks in the slug (its working directory), which only the host writes.
    const image = await writeSlug(dataDir);
    const flag = path.join(
      dataDir,
      'slugs',
      image.slice('slug:'.length),
      'broken',
    );
    const result = await local.apply(
      desired('shop', 2, image, {
        config: {
          healthchecks: {
            web: {
              readiness: {
                type: 'exec',
                command: ['sh', '-c', 'test ! -f broken'],
              },
            },
          },
        },
      }),
    );
    expect(result.status).toBe('ready');
    // The exec check replaces the port check, so the server may still be starting.
    const before = await eventually(() => ask(result.upstream!.addresses[0]));
    fs.writeFileSync(flag, '');
    await expect(
      local.restart('shop', 'local', { name: 'web.1' }),
    ).rejects.toThrow(
      /Restarting web.1 failed: web.1 did not become ready within 10s; the old process keeps running/,
    );
    expect((await ask(result.upstream!.addresses[0])).pid).toBe(before.pid);
    expect(await local.processes('shop', 'local')).toEqual([
      expect.objectContaining({ name: 'web.1', state: 'up' }),
    ]);
  });

  it('restarts a process whose liveness check fails', async () => {
    const local = runtime();
    // HOME is each process's own; the probe looks in the slug (its working directory), which only the host writes.
    const image = await writeSlug(dataDir);
    const flag = path.join(
      dataDir,
      'slugs',
      image.slice('slug:'.length),
      'sick',
    );
    await local.apply(
      desired('shop', 2, image, {
        config: {
          healthchecks: {
            web: {
              liveness: {
                type: 'exec',
                command: ['sh', '-c', 'test ! -f sick'],
                periodSeconds: 0.1,
                failureThreshold: 2,
              },
            },
          },
        },
      }),
    );
    fs.writeFileSync(flag, '');
    const restarted = await eventually(async () =>
      (await local.processes('shop', 'local')).find(p => p.restarts >= 1),
    );
    expect(restarted.name).toBe('web.1');
    const lines = await collect(local.logs('shop', 'local', { type: 'web' }));
    expect(lines.map(l => l.line)).toContain(
      'Liveness check failed; restarting the process',
    );
  });

  it('runs one-off commands with the release environment and a timeout', async () => {
    // Long enough for a sandbox to start and run a command on a loaded machine.
    const local = runtime({ runTimeout: 4 });
    const state = desired('shop', 4, await writeSlug(dataDir), {
      config: { values: { ANSWER: 'yes' } },
    });
    const result = await local.run(
      state,
      'echo "answer=$ANSWER ps=$PS release=$SLIPWAY_RELEASE"; ls server.js; echo oops >&2; exit 4',
    );
    expect(result.exitCode).toBe(4);
    expect(result.output).toContain('answer=yes ps=run.1 release=v4');
    expect(result.output).toContain('server.js');
    expect(result.output).toContain('oops');
    const slow = await local.run(state, 'sleep 30 & wait');
    expect(slow.exitCode).toBe(124);
    expect(slow.output).toMatch(/timed out after 4s/);
    await expect(
      local.run(desired('shop', 5, 'nginx:1.25'), 'true'),
    ).rejects.toThrow(/not the image/);
    const lines = await collect(local.logs('shop', 'local', { type: 'run' }));
    expect(lines.map(l => l.line)).toContain('oops');
  });

  it('hands each line of a one-off command to the caller as it is printed, before the command ends', async () => {
    const local = runtime();
    const image = await writeSlug(dataDir);
    // The command waits for a file in its slug (read-only to it; only the host writes there),
    // which the test writes only once the first line has arrived: no timing involved.
    const go = path.join(dataDir, 'slugs', image.slice('slug:'.length), 'go');
    const seen: string[] = [];
    const result = await local.run(
      desired('shop', 2, image),
      'echo first; while [ ! -f go ]; do sleep 0.05; done; echo second',
      {
        onLine: line => {
          seen.push(line);
          if (line === 'first') fs.writeFileSync(go, '');
        },
      },
    );
    expect(result).toEqual({ exitCode: 0, output: 'first\nsecond\n' });
    expect(seen).toEqual(['first', 'second']);
  });

  it("sources the slug's .profile.d scripts before processes and one-off commands, as Heroku does", async () => {
    const local = runtime();
    const slug = await writeSlug(dataDir, {
      '.profile.d/venv.sh': 'export FROM_PROFILE="set by .profile.d"\n',
    });
    const result = await local.run(
      desired('shop', 2, slug),
      'echo "$FROM_PROFILE"; echo "$1"',
    );
    expect(result).toEqual({ exitCode: 0, output: 'set by .profile.d\n\n' });
  });

  it('keeps logs per process, filters by type, follows until aborted, and survives a restart', async () => {
    const local = runtime();
    await local.apply(
      desired('shop', 2, await writeSlug(dataDir), {
        structure: { web: 1, worker: 1 },
      }),
    );
    await eventually(
      async () =>
        (
          await collect(local.logs('shop', 'local', { type: 'worker' }))
        ).length >= 6,
    );
    const last3 = await collect(
      local.logs('shop', 'local', { type: 'worker', lines: 3 }),
    );
    expect(last3).toHaveLength(3);
    expect(last3.every(l => l.source === 'worker.1')).toBe(true);
    const web = await collect(local.logs('shop', 'local', { type: 'web' }));
    expect(web.map(l => l.line).join('\n')).toMatch(/listening on \d+/);

    const controller = new AbortController();
    const followed: LogLine[] = [];
    const following = (async () => {
      for await (const line of local.logs('shop', 'local', {
        type: 'worker',
        lines: 0,
        follow: true,
        signal: controller.signal,
      })) {
        followed.push(line);
        if (followed.length === 5) controller.abort();
      }
    })();
    await following; // ends once aborted
    expect(followed).toHaveLength(5);
    const ticks = followed.map(l => Number(/tick (\d+)/.exec(l.line)![1]));
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    expect(ticks[0]).toBeGreaterThan(
      Number(/tick (\d+)/.exec(last3[2].line)![1]),
    );

    const file = path.join(dataDir, 'logs', 'shop', 'current.log');
    await eventually(() =>
      fs.readFileSync(file, 'utf8').includes('worker.1: tick'),
    );
    await local.close();
    const fresh = runtime();
    const replayed = await collect(
      fresh.logs('shop', 'local', { type: 'worker', lines: 1000 }),
    );
    expect(replayed.some(l => /tick \d+/.test(l.line))).toBe(true);
  });

  it('deleteApp stops every process and removes the app files', async () => {
    const local = runtime();
    await local.createApp('shop', 'local');
    const result = await local.apply(
      desired('shop', 2, await writeSlug(dataDir), {
        structure: { web: 2, worker: 1 },
      }),
    );
    expect(result.status).toBe('ready');
    const groups = Object.values(recordedGroups(dataDir, 'shop'));
    expect(groups).toHaveLength(3);
    await local.deleteApp('shop', 'local');
    for (const pid of groups) expect(groupAlive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'logs', 'shop'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'run', 'shop'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'run', 'shop.json'))).toBe(false);
    expect(await local.processes('shop', 'local')).toEqual([]);
  });

  it('names every process once, also while a restarted or redeployed process is replaced', async () => {
    const local = runtime({ drainSeconds: 2 });
    const image = await writeSlug(dataDir);
    await local.apply(
      desired('shop', 2, image, { structure: { web: 2, worker: 1 } }),
    );
    await local.restart('shop', 'local', { name: 'web.1' });
    // web.1's old instance is still draining: one row stands for it, the new one.
    const during = await local.processes('shop', 'local');
    expect(during.map(p => p.name)).toEqual(['web.1', 'web.2', 'worker.1']);
    expect(during[0].state).toBe('up');
    const v3 = await local.apply(
      desired('shop', 3, image, { structure: { web: 2, worker: 1 } }),
    );
    expect(v3.status).toBe('ready');
    const deployed = await local.processes('shop', 'local');
    expect(deployed.map(p => `${p.name} v${p.release}`)).toEqual([
      'web.1 v3',
      'web.2 v3',
      'worker.1 v3',
    ]);
  });
});
