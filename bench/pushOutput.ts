/*
 * Benchmark of build output to a slow `git push` client (npm run bench:push-output): the backend's
 * memory must stay bounded however much a build prints and however slowly the client reads.
 *
 * In this process: the real git remote (git http-backend, receive-pack, the pre-receive hook) with
 * the real local build executor (sandboxed when bubblewrap works here), in-memory ledger doubles,
 * and a TCP proxy that lets the client read at SLIPWAY_BENCH_RATE MB/s (default 20). The stock git
 * client pushes an app whose build script prints SLIPWAY_BENCH_MB MiB (default 200). Prints the
 * process's RSS before, its peak during the push, and the time taken.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import type { Build, Release } from '@slipway/plugin-slipway-common';
import { createLocalBuildExecutor } from '../plugins/slipway-backend/src/build/local';
import { createGitRouter } from '../plugins/slipway-backend/src/git/router';
import { GitRepositories } from '../plugins/slipway-backend/src/git/repositories';
import { benchSize } from './smoke';

const MB = Number(benchSize(process.env.SLIPWAY_BENCH_MB, 200, 10));
const RATE = Number(process.env.SLIPWAY_BENCH_RATE ?? 20) * 1024 * 1024;
const TOKEN = 'bench-token';
const run = promisify(execFile);
const logger = {
  info() {},
  warn(message: string) {
    console.warn(message);
  },
  error(message: string) {
    console.error(message);
  },
  debug() {},
  child() {
    return logger;
  },
} as any;

/** Relays to `port`, handing the client at most `RATE` bytes per second. */
function slowProxy(port: number): Promise<net.Server> {
  const proxy = net.createServer(client => {
    const upstream = net.connect(port, '127.0.0.1');
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      client.write(chunk);
      setTimeout(() => upstream.resume(), (chunk.length / RATE) * 1000);
    });
    upstream.on('end', () => client.end());
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise(resolve =>
    proxy.listen(0, '127.0.0.1', () => resolve(proxy)),
  );
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-output-'));
  const dataDir = path.join(root, 'data');
  await new GitRepositories(dataDir).ensureRepository('loud');
  let version = 0;
  const app = express();
  app.use(
    '/api/slipway/git',
    createGitRouter({
      dataDir,
      logger,
      buildExecutor: createLocalBuildExecutor({
        config: new ConfigReader({}),
        logger,
        dataDir,
        platformDomain: 'localhost',
      }),
      tokens: {
        authenticate: async (_app, token) =>
          token === TOKEN
            ? {
                userEntityRef: 'user:default/bench',
                tokenId: '1',
                owner: 'user:default/bench',
              }
            : undefined,
        // The token and the app's owner never change during the bench.
        recheck: async () => undefined,
      },
      apps: {
        exists: async name => name === 'loud',
        url: async name => `http://${name}.localhost:8080`,
      },
      builds: {
        recordBuild: async (name, record) => ({
          build: { id: '1', app: name, status: record.status } as Build,
          release: { app: name, version: ++version } as Release,
        }),
      },
      releases: {
        waitForRelease: async (name, v) =>
          ({ app: name, version: v, status: 'succeeded' } as Release),
      },
    }),
  );
  app.use(
    MiddlewareFactory.create({ config: new ConfigReader({}), logger }).error(),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const proxy = await slowProxy((server.address() as net.AddressInfo).port);
  const remote = `http://bench:${TOKEN}@127.0.0.1:${
    (proxy.address() as net.AddressInfo).port
  }/api/slipway/git/loud.git`;

  const source = path.join(root, 'source');
  fs.mkdirSync(source);
  const loud = `const l = 'z'.repeat(1023) + '\\n'; let n = ${
    MB * 1024
  }; const w = () => { while (n > 0) { n--; if (!process.stdout.write(l)) return process.stdout.once('drain', w); } }; w();`;
  fs.writeFileSync(
    path.join(source, 'package.json'),
    JSON.stringify({
      name: 'loud',
      version: '1.0.0',
      scripts: { build: `node -e "${loud}"`, start: 'node -e 0' },
    }),
  );
  const git = (...args: string[]) =>
    run('git', args, {
      cwd: source,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', HOME: root },
    });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git(
    '-c',
    'user.email=b@example.com',
    '-c',
    'user.name=b',
    'commit',
    '-qm',
    'loud',
  );

  global.gc?.();
  const baseline = process.memoryUsage();
  const before = process.memoryUsage().rss;
  let peak = before;
  let peakRetained = 0;
  let samples = 0;
  const sampler = setInterval(() => {
    // Every 5th sample after a full GC: what is held, not garbage awaiting collection.
    if (++samples % 5 === 0 && global.gc) {
      global.gc();
      const usage = process.memoryUsage();
      peakRetained = Math.max(
        peakRetained,
        usage.heapUsed + usage.external - baseline.heapUsed - baseline.external,
      );
    }
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  let received = 0;
  const code = await new Promise<number | null>(resolve => {
    const push = spawn('git', ['push', remote, 'main'], {
      cwd: source,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', HOME: root },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    push.stderr.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    push.on('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  console.log(
    `git push of a build printing ${MB} MiB to a client reading ${(
      RATE /
      1024 /
      1024
    ).toFixed(0)} MB/s: exit ${code}, ${mib(
      received,
    )} of output shown, ${seconds.toFixed(1)} s`,
  );
  console.log(
    `backend RSS: ${mib(before)} before, ${mib(peak)} peak (+${mib(
      peak - before,
    )}); held after GC (heap + buffers): peak ${
      global.gc ? mib(peakRetained) : 'n/a (run with --expose-gc)'
    }`,
  );
  proxy.close();
  server.closeAllConnections();
  server.close();
  fs.rmSync(root, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
