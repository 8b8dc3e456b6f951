/*
 * Benchmark of the nginx router (npm run bench:nginx): for 1, 1,000 and 10,000 apps prints
 * render time, `nginx -t` time, time from a route change to the new upstream answering,
 * that time over a bare `nginx -s reload` of the same config, and failed requests under a
 * bounded loopback load (wrk when installed, else a node loop) during 50 route changes.
 * Runs as any user: everything lives in a temp dir, ports are ephemeral.
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
import { benchSize } from './smoke';

const SIZES = String(
  benchSize(process.env.BENCH_SIZES, '1,1000,10000', '1,100'),
)
  .split(',')
  .map(Number);
const CHANGES = Number(benchSize(process.env.BENCH_CHANGES, 50, 5));
const rounds = (n: number) => (n >= 10000 ? 3 : 5);
const HOST = 'app-00000.localhost';

/** The router logs each apply's phases at debug level: keep the last line. */
let lastPhases = '';
const logger = {
  info() {},
  warn: (m: string) => console.warn(`  warn: ${m}`),
  error: (m: string) => console.error(`  error: ${m}`),
  debug: (m: string) => {
    lastPhases = m.replace(/^nginx config \w+ live: /, '');
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
        tls: { certName: 'bench', ...cert },
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

    // Alternate: the router switches app-00000 to B, a bare reload of the same config puts A back.
    const routerTimes: number[] = [];
    const bareTimes: number[] = [];
    const bareFirst: number[] = [];
    const phases: string[] = [];
    const textA = fs.readFileSync(live, 'utf8');
    for (let round = 0; round < rounds(n); round++) {
      t0 = process.hrtime.bigint();
      await router.apply(tableB);
      await until(options.httpPort, 'B');
      routerTimes.push(ms(t0));
      phases.push(lastPhases);

      // Bare: same bytes the router would render for table A, written in place, `nginx -s reload`.
      const target = fs.realpathSync(live);
      fs.writeFileSync(target, textA);
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
      await until(options.httpPort, 'A');
      bareFirst.push(ms(t0));
      // Same bar as the router's: no new connection can reach an old worker any more.
      while (!(await workersRetired(oldWorkers)));
      bareTimes.push(ms(t0));
    }

    // 50 consecutive route changes under load.
    const loads = [
      startLoad(options.httpPort, true),
      startLoad(options.httpPort, false),
    ];
    await new Promise(resolve => setTimeout(resolve, 500));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < CHANGES; i++)
      await router.apply(i % 2 === 0 ? tableA : tableB);
    const changesTime = ms(t0);
    await new Promise(resolve => setTimeout(resolve, 500));
    const results = await Promise.all(loads.map(l => l.stop()));

    const r = median(routerTimes);
    const bare = median(bareTimes);
    console.log(
      [
        `apps: ${n} (config ${(rendered.text.length / 1024).toFixed(
          0,
        )} KiB, first apply incl. nginx start ${firstApply.toFixed(0)} ms)`,
        `  render, all apps from scratch:           ${renderTime.toFixed(
          1,
        )} ms`,
        `  nginx -t:                                ${testTime.toFixed(1)} ms`,
        `  route change -> answering (median of ${rounds(n)}): ${r.toFixed(
          1,
        )} ms`,
        `    phases of that apply: ${phases[routerTimes.indexOf(r)]}`,
        `  bare nginx -s reload -> answering:       ${bare.toFixed(1)} ms`,
        `  ratio (goal <= 1.2x):                    ${(r / bare).toFixed(2)}x`,
        `  bare reload -> first new answer:         ${median(bareFirst).toFixed(
          1,
        )} ms (old workers still accept ~100 ms more)`,
        `  ${CHANGES} route changes under load took ${changesTime.toFixed(
          0,
        )} ms:`,
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
