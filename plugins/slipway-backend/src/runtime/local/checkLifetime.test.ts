import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { mockServices } from '@backstage/backend-test-utils';
import type { Probe } from '@slipway/plugin-slipway-common';
import type { Sandbox, SandboxedSpawn } from '../../sandbox';
import { describeWithBubblewrap } from '../../sandbox/__testUtils__/testSandbox';
import { LocalRuntime } from './LocalRuntime';
import {
  desired,
  eventually,
  groupAlive,
  makeDataDir,
  testSettings,
  writeSlug,
} from './testing/fixtures';

jest.setTimeout(90_000);

/*
 * Attacks through slow health checks (red team round 2, R2-H1 and R2-H2). Before the fix a
 * liveness check started every `periodSeconds` whether or not the previous one had ended, so a
 * check hanging for its `timeoutSeconds` (up to an hour) piled up one root bash or one whole
 * sandbox (bwrap + pasta) a second. And exec check sandboxes outlived their process: a scale to
 * zero, a replacement or the app's deletion left them running the tenant's command with its
 * config, and a deletion during a deploy waited for the deploy's timeout.
 */

const APP = `require('http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
// Accepts on 9998 and never answers: an http check there hangs until its timeout.
require('net').createServer(() => {}).listen(9998, '127.0.0.1');`;

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describeWithBubblewrap('the lifetime of health checks', sandbox => {
  let dataDir: string;
  let local: LocalRuntime;
  /** Sandboxes the runtime started for exec checks. */
  let execChecks: ChildProcess[];
  /** In-namespace tcp/http checks in flight. */
  let insideChecks: number;
  let mostInside: number;

  const running = () =>
    execChecks.filter(c => c.pid && groupAlive(c.pid)).length;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    execChecks = [];
    insideChecks = 0;
    mostInside = 0;
    const counting: Sandbox = Object.create(sandbox);
    counting.spawn = (spec: SandboxedSpawn) => {
      const child = sandbox.spawn(spec);
      if (spec.stdio === 'ignore' && spec.timeoutMs) execChecks.push(child);
      return child;
    };
    counting.checkInside = (pid, check, timeoutMs, cancel) => {
      const result = sandbox.checkInside(pid, check, timeoutMs, cancel);
      if (!result) return result;
      mostInside = Math.max(mostInside, ++insideChecks);
      return result.finally(() => insideChecks--);
    };
    local = new LocalRuntime(
      testSettings(dataDir),
      mockServices.logger.mock(),
      counting,
    );
  });

  afterEach(async () => {
    await local.close();
    for (const child of execChecks) {
      if (child.pid && groupAlive(child.pid))
        process.kill(-child.pid, 'SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const deploy = async (
    version: number,
    checks: { readiness?: Probe; liveness?: Probe },
    options: {
      structure?: Record<string, number>;
      deployTimeout?: number;
    } = {},
  ) =>
    local.apply(
      desired('hang', version, await writeSlug(dataDir, { 'app.js': APP }), {
        procfile: { web: 'node app.js' },
        structure: options.structure,
        deployTimeout: options.deployTimeout ?? 20,
        config: {
          values: { RELEASE: String(version) },
          healthchecks: { web: checks },
        },
      }),
    );

  const hangingExec: Probe = {
    type: 'exec',
    command: ['sleep', '60'],
    timeoutSeconds: 3600,
    periodSeconds: 1,
  };

  it('runs at most one exec liveness check at a time, however long each hangs', async () => {
    expect((await deploy(1, { liveness: hangingExec })).status).toBe('ready');
    await eventually(() => running() > 0);
    await pause(5000);
    expect(execChecks.length).toBe(1);
    expect(running()).toBe(1);
  });

  it('runs at most one http liveness check at a time against a port that never answers', async () => {
    const liveness: Probe = {
      type: 'http',
      port: 9998,
      path: '/',
      timeoutSeconds: 3600,
      periodSeconds: 1,
    };
    expect((await deploy(1, { liveness })).status).toBe('ready');
    await eventually(() => insideChecks > 0);
    await pause(5000);
    expect(mostInside).toBe(1);
  });

  it('kills a check at its own timeout, then runs the next one', async () => {
    const liveness: Probe = {
      ...hangingExec,
      timeoutSeconds: 1,
      failureThreshold: 100,
    };
    expect((await deploy(1, { liveness })).status).toBe('ready');
    await eventually(() => execChecks.length >= 3);
    // Every check but the newest is gone: killed at its timeout, never left running.
    await eventually(() => running() <= 1);
    expect(execChecks.slice(0, -1).filter(c => groupAlive(c.pid!))).toEqual([]);
  });

  it('kills a liveness check in flight when the process is scaled to zero', async () => {
    expect((await deploy(1, { liveness: hangingExec })).status).toBe('ready');
    await eventually(() => running() > 0);
    await deploy(1, { liveness: hangingExec }, { structure: { web: 0 } });
    await eventually(() => running() === 0, 10_000);
  });

  it('kills a liveness check in flight when the process is replaced', async () => {
    expect((await deploy(1, { liveness: hangingExec })).status).toBe('ready');
    await eventually(() => running() > 0);
    const first = execChecks[0];
    expect((await deploy(2, {})).status).toBe('ready');
    await eventually(() => !groupAlive(first.pid!), 10_000);
    expect(running()).toBe(0);
  });

  it('kills a liveness check in flight when the app is deleted', async () => {
    expect((await deploy(1, { liveness: hangingExec })).status).toBe('ready');
    await eventually(() => running() > 0);
    await local.deleteApp('hang');
    await eventually(() => running() === 0, 10_000);
  });

  it('gives up a deploy waiting on a hanging readiness check when the app is deleted, and kills the check', async () => {
    const readiness: Probe = { ...hangingExec, periodSeconds: undefined };
    const deploying = deploy(1, { readiness }, { deployTimeout: 600 });
    await eventually(() => running() > 0);
    local.abandonRollout('hang');
    const result = await deploying;
    expect(result.status).toBe('failed');
    await local.deleteApp('hang');
    await eventually(() => running() === 0, 10_000);
  });
});
