/*
 * Benchmark of `git push` on the embedded platform (npm run bench:push), against a running
 * portal backend on its embedded defaults (`npm run start:backend` in another terminal, or
 * SLIPWAY_BENCH_BACKEND=http://host:port; the builtin router on SLIPWAY_BENCH_ROUTER_PORT, 8080).
 *
 * Signs in as the guest, creates an app with no dependencies, and prints:
 *   1. the time from the start of `git push` to the new release answering through the router
 *      (the stock git client; build, release, rollout and route switch included), for 5 pushes;
 *   2. requests and failures while a bounded loopback load (8 concurrent clients, one
 *      connection per request) hits the app during a push deploy, a scale-down and a rollback.
 * The goal for failures is zero. The app is deleted at the end. In smoke mode (SLIPWAY_BENCH_SMOKE=1) without
 * SLIPWAY_BENCH_BACKEND, it starts a backend of its own (bench/portalBackend.ts) and pushes twice.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  loadLoop,
  send,
} from '../plugins/slipway-backend/src/routing/builtin/testing/http';
import { startPortalBackend } from './portalBackend';
import { SMOKE } from './smoke';

const BACKEND = process.env.SLIPWAY_BENCH_BACKEND ?? 'http://localhost:7007';
const ROUTER_PORT = Number(process.env.SLIPWAY_BENCH_ROUTER_PORT ?? 8080);
const PUSHES = SMOKE ? 2 : 5;
const CONCURRENCY = 8;
const RELEASE_TIMEOUT_MS = 60_000;
const run = promisify(execFile);

async function main() {
  // Smoke mode without a backend named: one of its own, on free ports.
  const own =
    SMOKE && !process.env.SLIPWAY_BENCH_BACKEND
      ? await startPortalBackend()
      : undefined;
  try {
    await bench(own?.url ?? BACKEND, own?.routerPort ?? ROUTER_PORT);
  } finally {
    await own?.stop();
  }
}

async function bench(backend: string, routerPort: number) {
  const session = await (
    await fetch(`${backend}/api/auth/guest/refresh`)
  ).json();
  const token: string = session.backstageIdentity.token;
  const api = async (method: string, url: string, body?: object) => {
    const response = await fetch(`${backend}/api/slipway${url}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(
        `${method} ${url}: ${response.status} ${await response.text()}`,
      );
    return response.status === 204 ? undefined : response.json();
  };
  const app = `bench-${Date.now().toString(36)}`;
  const host = `${app}.localhost`;
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-push-'));
  await api('POST', '/apps', { name: app });
  try {
    const deployToken: string = (
      await api('POST', `/apps/${app}/tokens`, { description: 'bench' })
    ).token;
    const remote = `${backend.replace(
      '://',
      `://bench:${deployToken}@`,
    )}/api/slipway/git/${app}.git`;
    const git = (...args: string[]) =>
      run('git', args, {
        cwd: source,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', HOME: source },
      });
    await git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(source, 'Procfile'), 'web: node server.js\n');

    const commitAndPush = async (n: number) => {
      fs.writeFileSync(
        path.join(source, 'server.js'),
        `require('http').createServer((q, s) => s.end('push ${n}\\n')).listen(process.env.PORT);\n`,
      );
      await git('add', '-A');
      await git(
        '-c',
        'user.email=bench@example.com',
        '-c',
        'user.name=bench',
        'commit',
        '-qm',
        `push ${n}`,
      );
      const started = performance.now();
      await git('push', '-q', remote, 'main');
      while (performance.now() - started < RELEASE_TIMEOUT_MS) {
        const reply = await send(routerPort, host).catch(() => undefined);
        if (reply?.body === `push ${n}\n`) return performance.now() - started;
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      throw new Error(
        `push ${n} did not answer at ${host} within ${
          RELEASE_TIMEOUT_MS / 1000
        } s`,
      );
    };

    const times: number[] = [];
    for (let n = 1; n <= PUSHES; n++) times.push(await commitAndPush(n));
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `git push → new release answering: median ${sorted[
        Math.floor(sorted.length / 2)
      ].toFixed(0)} ms ` +
        `(min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(
          0,
        )}, ${PUSHES} pushes)`,
    );

    const underLoad = async (label: string, action: () => Promise<unknown>) => {
      const load = loadLoop(CONCURRENCY, async () => {
        const reply = await send(routerPort, host);
        if (reply.status !== 200) throw new Error(`HTTP ${reply.status}`);
      });
      await new Promise(resolve => setTimeout(resolve, 500));
      await action();
      await new Promise(resolve => setTimeout(resolve, 1500));
      const { ok, failed } = await load.stop();
      console.log(
        `${label}: ${ok.length + failed.length} requests, ${
          failed.length
        } failed`,
      );
    };
    await api('POST', `/apps/${app}/scale`, { web: 3 });
    await underLoad('deploy by git push (web=3)', () =>
      commitAndPush(PUSHES + 1),
    );
    await underLoad('scale-down 3→1', async () => {
      await api('POST', `/apps/${app}/scale`, { web: 1 });
      await new Promise(resolve => setTimeout(resolve, 3000));
    });
    await underLoad('rollback', async () => {
      const release = await api('POST', `/apps/${app}/releases/rollback`, {});
      const deadline = performance.now() + RELEASE_TIMEOUT_MS;
      for (;;) {
        const { status } = await api(
          'GET',
          `/apps/${app}/releases/${release.version}`,
        );
        if (status !== 'pending') break;
        if (performance.now() > deadline)
          throw new Error(`the rollback to v${release.version} stayed pending`);
        await new Promise(resolve => setTimeout(resolve, 50));
      }
    });
  } finally {
    await api('DELETE', `/apps/${app}`);
    fs.rmSync(source, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
