/*
 * Benchmark of the nginx router (npm run bench:nginx): for 1, 1,000 and 10,000 apps prints
 * render time, `nginx -t` time, time from an endpoint change (a deploy: one app's upstream) to
 * the new upstream answering and whether it reloaded nginx (with every route a fresh object, the
 * worst case, and with unchanged apps' objects reused as the reconciler does), a bare
 * `nginx -s reload` of the same config, and failed requests under a bounded loopback load (wrk when installed, else a node
 * loop) during 50 endpoint changes, with and without keep-alive. With the Lua module installed
 * the router changes endpoints without a reload; SLIPWAY_BENCH_STATIC=1 measures the old way.
 * Runs as any user: everything lives in a temp dir, ports are ephemeral (or from
 * SLIPWAY_BENCH_PORT_BASE: nginx's five ports from there on). SLIPWAY_BENCH_NO_BARE=1 skips the
 * bare reloads (minutes at 10,000 apps); BENCH_SIZES=10000 picks the sizes.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RouteTable } from '@slipway/plugin-slipway-node';
import { checkCert } from '../plugins/slipway-backend/src/routing/nginx/certs';
import { checkRoute } from '../plugins/slipway-backend/src/routing/nginx/checkRoute';
import { testConfig } from '../plugins/slipway-backend/src/routing/nginx/nginxCli';
import { NginxRouter } from '../plugins/slipway-backend/src/routing/nginx/NginxRouter';
import {
  workerPids,
  workersRetired,
} from '../plugins/slipway-backend/src/routing/nginx/nginxMaster';
import {
  renderApp,
  renderConfig,
} from '../plugins/slipway-backend/src/routing/nginx/render';
import { selfSignedCertificate } from '../plugins/slipway-backend/src/routing/builtin/testing/http';
import {
  route,
  startUpstream,
  tempDir,
  testOptions,
} from '../plugins/slipway-backend/src/routing/nginx/testing/helpers';
import { SMOKE, benchSize } from './smoke';

const SIZES = String(
  benchSize(process.env.BENCH_SIZES, '1,1000,10000', '1,100'),
)
  .split(',')
  .map(Number);
const CHANGES = Number(benchSize(process.env.BENCH_CHANGES, 50, 5));
const HOST = 'app-00000.localhost';
// Bare reloads are skipped in smoke mode (the smoke run shows the bench runs; a reload's cost is
// the full run's figure).
const BARE = !process.env.SLIPWAY_BENCH_NO_BARE && !SMOKE;
/** How long a bare reload's old workers may take to retire before the round is given up. */
const RETIRE_LIMIT_MS = 30_000;
/** Without bare reloads, rounds are cheap at any size. */
const rounds = (n: number) => (BARE && n >= 10000 ? 3 : BARE ? 5 : 9);
const PORT_BASE = Number(process.env.SLIPWAY_BENCH_PORT_BASE ?? 0);
const fixedPorts = PORT_BASE
  ? {
      httpPort: PORT_BASE,
      httpsPort: PORT_BASE + 1,
      statusPort: PORT_BASE + 2,
      accessLogPort: PORT_BASE + 3,
      acmePort: PORT_BASE + 4,
    }
  : {};

/** The router logs each apply's phases at debug level: keep the last line. */
let lastPhases = '';
const logger = {
  info() {},
  warn: (m: string) => console.warn(`  warn: ${m}`),
  error: (m: string) => console.error(`  error: ${m}`),
  debug: (m: string) => {
    lastPhases = m.replace(/^nginx (config \w+ live|endpoints): /, '');
  },
  child() {
    return logger;
  },
};

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function table(
  n: number,
  upstream: string,
  first: string,
  cert: { certificate: string; key: string },
): RouteTable {
  return Array.from({ length: n }, (_, i) => {
    const app = `app-${String(i).padStart(5, '0')}`;
    // Every tenth app also has a custom domain with TLS, like a real platform.
    const hosts = [{ host: `${app}.localhost` } as RouteTable[0]['hosts'][0]];
    if (i % 10 === 9)
      hosts.push({
        host: `${app}.bench.test`,
        // Fresh strings per app, as the reconciler's decrypted certificates are: the router
        // compares routes by value, never by identity.
        tls: {
          certName: 'bench',
          certificate: Buffer.from(cert.certificate).toString(),
          key: Buffer.from(cert.key).toString(),
        },
      });
    return route(app, {
      hosts,
      upstream: { addresses: [i === 0 ? first : upstream] },
    });
  });
}

function answer(port: number): Promise<string> {
  return new Promise(resolve => {
    const req = http.get(
      { host: '127.0.0.1', port, headers: { host: HOST }, agent: false },
      res => {
        let body = '';
        res.on('data', c => {
          body += c;
        });
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', () => resolve(''));
  });
}

async function until(port: number, body: string) {
  while ((await answer(port)) !== body);
}

type LoadResult = { requests: number; failed: number; detail: string };
type Load = { stop: () => Promise<LoadResult> };

/**
 * Bounded loopback load: 4 connections that keep connections alive and 4 that close after each
 * request (wrk when installed, else node loops). Reported separately: a keep-alive connection
 * that is idle when an old worker retires is closed by nginx, racing the client's next request.
 */
function startLoad(port: number, keepAlive: boolean): Load {
  const wrk = spawnSync('which', ['wrk']).status === 0;
  const label = keepAlive ? 'keep-alive' : 'Connection: close';
  if (wrk) {
    const args = ['-t1', '-c4', '-d3600s', '-H', `Host: ${HOST}`];
    if (!keepAlive) args.push('-H', 'Connection: close');
    const child = spawn('wrk', [...args, `http://127.0.0.1:${port}/`]);
    let out = '';
    child.stdout.on('data', c => {
      out += c;
    });
    return {
      stop: async () => {
        const exited = new Promise(resolve => child.on('exit', resolve));
        child.kill('SIGINT');
        await exited;
        const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
        const errors =
          /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
            out,
          );
        const non2xx = Number(
          /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0,
        );
        const socket = errors
          ? errors.slice(1).reduce((sum, x) => sum + Number(x), 0)
          : 0;
        return {
          requests,
          failed: socket + non2xx,
          detail: `wrk -c4 ${label}; ${
            errors?.[0] ?? 'no socket errors'
          }; non-2xx ${non2xx}`,
        };
      },
    };
  }
  const agent = new http.Agent({ keepAlive, maxSockets: 4 });
  let running = true;
  let requests = 0;
  let failed = 0;
  const loop = async () => {
    while (running) {
      const ok = await new Promise<boolean>(resolve => {
        const req = http.get(
          { host: '127.0.0.1', port, headers: { host: HOST }, agent },
          res => {
            res.resume();
            res.on('end', () => resolve((res.statusCode ?? 0) < 400));
          },
        );
        req.on('error', () => resolve(false));
      });
      requests++;
      if (!ok) failed++;
    }
  };
  const loops = Array.from({ length: 4 }, loop);
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return { requests, failed, detail: `node loop, 4 connections, ${label}` };
    },
  };
}

async function bench(n: number) {
  const dir = tempDir('slipway-bench-');
  const options = await testOptions(dir, {
    workerProcesses: 'auto',
    reloadTimeoutMs: 120_000,
    ...fixedPorts,
    ...(process.env.SLIPWAY_BENCH_STATIC ? { lua: undefined } : {}),
  });
  const router = new NginxRouter(options, logger as unknown as LoggerService);
  const a = await startUpstream('A');
  const b = await startUpstream('B');
  const cert = selfSignedCertificate(['*.bench.test']);
  try {
    const tableA = table(n, a.address, a.address, cert);
    const tableB = table(n, a.address, b.address, cert);

    let t0 = process.hrtime.bigint();
    await router.apply(tableA);
    const firstApply = ms(t0);

    // Render from scratch: check + render every app + assemble.
    t0 = process.hrtime.bigint();
    const certs = new Map<string, ReturnType<typeof checkCert>>();
    const blocks = tableB.map(r => {
      const checked = checkRoute(r, options, tls => {
        const known = certs.get(tls.certificate) ?? checkCert(tls);
        certs.set(tls.certificate, known);
        return known;
      });
      if ('problem' in checked) throw new Error(checked.problem);
      return renderApp(checked, options);
    });
    const rendered = renderConfig(blocks, options);
    const renderTime = ms(t0);

    const live = path.join(options.configDir, 'current', 'nginx.conf');
    t0 = process.hrtime.bigint();
    const complaint = await testConfig(options.binary, live);
    const testTime = ms(t0);
    if (complaint) throw new Error(complaint);

    // Alternate: the router switches app-00000 between A and B; a bare reload of the live config
    // in between shows what a reload costs.
    const routerTimes: number[] = [];
    const bareTimes: number[] = [];
    const phases: string[] = [];
    let reloads = 0;
    const workersNow = async () => {
      const master = Number(fs.readFileSync(options.pidFile, 'utf8'));
      return workerPids(master);
    };
    // A reload starts new workers; old ones still shutting down from the bare reload may exit.
    const reloaded = async (before: number[]) =>
      (await workersNow()).some(pid => !before.includes(pid));
    for (let round = 0; round < rounds(n); round++) {
      const next = round % 2 === 0 ? 'B' : 'A';
      const before = await workersNow();
      t0 = process.hrtime.bigint();
      await router.apply(next === 'B' ? tableB : tableA);
      await until(options.httpPort, next);
      routerTimes.push(ms(t0));
      phases.push(lastPhases);
      if (await reloaded(before)) reloads++;

      // Bare: `nginx -s reload` of the same config, until no new connection reaches an old worker.
      if (!BARE) continue;
      const master = Number(fs.readFileSync(options.pidFile, 'utf8'));
      const oldWorkers = await workerPids(master);
      t0 = process.hrtime.bigint();
      await promisify(execFile)(options.binary, [
        '-e',
        'stderr',
        '-c',
        live,
        '-s',
        'reload',
      ]);
      const giveUpAt = Date.now() + RETIRE_LIMIT_MS;
      while (!(await workersRetired(oldWorkers)) && Date.now() < giveUpAt);
      if (!(await workersRetired(oldWorkers))) {
        console.log(
          `  bare reload: old workers still serving after ${RETIRE_LIMIT_MS} ms (round not counted)`,
        );
        continue;
      }
      await until(options.httpPort, next);
      bareTimes.push(ms(t0));
    }

    // As the reconciler passes tables (RouteTableCache): the same objects for apps it did not
    // touch, a new entry for the changed app, so the router's diff is mostly identity checks.
    const reusedB = tableA.map((r, i) => (i === 0 ? tableB[0] : r));
    await router.apply(tableA);
    const reusedTimes: number[] = [];
    for (let round = 0; round < rounds(n); round++) {
      const next = round % 2 === 0 ? 'B' : 'A';
      t0 = process.hrtime.bigint();
      await router.apply(next === 'B' ? reusedB : tableA);
      await until(options.httpPort, next);
      reusedTimes.push(ms(t0));
    }

    // 50 consecutive route changes under load.
    const loads = [
      startLoad(options.httpPort, true),
      startLoad(options.httpPort, false),
    ];
    await new Promise(resolve => setTimeout(resolve, 500));
    const workersBefore = await workersNow();
    t0 = process.hrtime.bigint();
    for (let i = 0; i < CHANGES; i++)
      await router.apply(i % 2 === 0 ? tableA : tableB);
    const changesTime = ms(t0);
    const reloadedUnderLoad = await reloaded(workersBefore);
    await new Promise(resolve => setTimeout(resolve, 500));
    const results = await Promise.all(loads.map(l => l.stop()));

    const r = median(routerTimes);
    const bare = BARE ? median(bareTimes) : NaN;
    console.log(
      [
        `apps: ${n}, ${
          options.lua ? 'dynamic upstreams (Lua)' : 'static upstreams'
        } (config ${(rendered.text.length / 1024).toFixed(
          0,
        )} KiB, first apply incl. nginx start ${firstApply.toFixed(0)} ms)`,
        `  render, all apps from scratch:           ${renderTime.toFixed(
          1,
        )} ms`,
        `  nginx -t:                                ${testTime.toFixed(1)} ms`,
        `  endpoint change -> answering (median of ${rounds(
          n,
        )}, goal <= 50 ms): ${r.toFixed(1)} ms; reloads: ${reloads} of ${rounds(
          n,
        )}`,
        `    all rounds: ${routerTimes.map(x => x.toFixed(0)).join(', ')} ms`,
        `    phases of that apply: ${phases[routerTimes.indexOf(r)]}`,
        `    unchanged apps' route objects reused (as the reconciler does): median ${median(
          reusedTimes,
        ).toFixed(1)} ms; all rounds: ${reusedTimes
          .map(x => x.toFixed(0))
          .join(', ')} ms`,
        `  bare nginx -s reload -> old workers retired: ${
          BARE
            ? `${bare.toFixed(1)} ms`
            : 'skipped (smoke run or SLIPWAY_BENCH_NO_BARE)'
        }`,
        `  ${CHANGES} endpoint changes under load took ${changesTime.toFixed(
          0,
        )} ms (${reloadedUnderLoad ? 'nginx reloaded' : 'no reload'}):`,
        ...results.map(
          x => `    ${x.requests} requests, failed: ${x.failed} (${x.detail})`,
        ),
      ].join('\n'),
    );
  } finally {
    await router.close();
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const nginx = spawnSync(
    process.env.SLIPWAY_NGINX_BINARY ?? '/usr/sbin/nginx',
    ['-v'],
  )
    .stderr.toString()
    .trim();
  console.log(
    `nginx router benchmark — ${nginx}, node ${process.version}, ${
      require('node:os').cpus().length
    } cpus`,
  );
  for (const n of SIZES) await bench(n);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
