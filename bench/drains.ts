/*
 * Benchmark of log retention and drains (npm run bench:drains): prints
 *   - lines/s from one app to an HTTPS drain (a local server; the SSRF rules allow loopback here), end to end
 *     through the LogRetainer (queued, masked, batched POSTs of NDJSON) while the lines are also stored (SQLite);
 *   - the builtin router's p50/p99 latency without router lines, with router lines retained, and with router lines
 *     retained and sent to a drain that refuses connections (a drain that is down must not move p99);
 *   - the nginx router's p50/p99 (sequential keep-alive requests) without its access-log feed and with router lines
 *     retained from the feed, when nginx is installed.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import knexFactory from 'knex';
import {
  Ledger,
  migrationsDir,
} from '../plugins/slipway-backend/src/ledger/Ledger';
import { SecretBox } from '../plugins/slipway-backend/src/crypto';
import { BuiltinRouter } from '../plugins/slipway-backend/src/routing/builtin/BuiltinRouter';
import {
  freePort,
  selfSignedCertificate,
  send,
  startUpstream,
  testRoute,
} from '../plugins/slipway-backend/src/routing/builtin/testing/http';
import { DrainHub } from '../plugins/slipway-backend/src/services/logs/DrainHub';
import { drainAddressPolicy } from '../plugins/slipway-backend/src/services/logs/drainAddresses';
import { LogRetainer } from '../plugins/slipway-backend/src/services/logs/LogRetainer';
import { maskDrainUrl } from '../plugins/slipway-backend/src/domain/drainUrl';
import { benchLogger, percentile } from './support';
import { benchSize } from './smoke';
import { nginxRouterLatency } from './nginxRouterLatency';

const LINES = Number(benchSize(process.env.BENCH_LINES, 100_000, 5_000));
const REQUESTS = Number(benchSize(process.env.BENCH_REQUESTS, 5_000, 500));
const CONCURRENCY = 8;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-drains-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'ledger.sqlite') },
    useNullAsDefault: true,
  });
  await knex.migrate.latest({ directory: migrationsDir });
  const ledger = new Ledger(knex, new SecretBox(Buffer.alloc(32, 3)));
  await ledger.apps.insert({
    name: 'shop',
    owner: 'user:default/jane',
    cluster: 'local',
    structure: {},
    settings: {} as any,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  });
  const policy = drainAddressPolicy(['127.0.0.0/8'], []);
  const { certificate, key } = selfSignedCertificate(['localhost']);
  let received = 0;
  const server = https.createServer({ cert: certificate, key }, (req, res) => {
    req.on('data', chunk => {
      for (const byte of chunk as Buffer) if (byte === 10) received++;
    });
    req.on('end', () => res.end());
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const hub = new DrainHub({
    ledger,
    logger: benchLogger,
    policy,
    buffer: LINES,
    ca: certificate,
  });
  const url = `https://localhost:${
    (server.address() as AddressInfo).port
  }/ingest`;
  await hub.add({
    id: 'd1',
    app: 'shop',
    url,
    display: maskDrainUrl(url),
    createdBy: 'bench',
    createdAt: '',
  });
  const retainer = new LogRetainer({
    ledger,
    logger: benchLogger,
    retention: { maxLines: 10_000, maxBytes: 5 * 1024 * 1024 },
    onLine: line => hub.deliver(line),
  });
  const started = Date.now();
  for (let i = 0; i < LINES; i++)
    retainer.captured('shop', {
      time: new Date().toISOString(),
      source: 'web.1',
      line: `GET /items/${i} handled in ${i % 97}ms`,
      kind: 'app',
      release: 1,
    });
  while (received < LINES) await new Promise(r => setTimeout(r, 5));
  const seconds = (Date.now() - started) / 1000;
  await retainer.flush();
  console.log(
    `drain (https, NDJSON): ${LINES} lines in ${seconds.toFixed(
      2,
    )} s = ${Math.round(LINES / seconds)} lines/s; dropped ${
      hub.sender('d1')!.dropped
    }`,
  );
  hub.close();
  server.close();

  // The router: one upstream, CONCURRENCY clients, REQUESTS requests per run.
  const upstream = await startUpstream('shop', (_req, res) => res.end('ok'));
  const run = async (
    label: string,
    setup?: (router: BuiltinRouter) => () => Promise<void>,
  ) => {
    const router = new BuiltinRouter({
      httpPort: 0,
      httpsPort: 0,
      host: '127.0.0.1',
      platformDomain: 'localhost',
    });
    const teardown = setup?.(router);
    await router.apply([
      testRoute('shop', { upstream: { addresses: [upstream.address] } }),
    ]);
    const port = router.listening()!.httpPort;
    const latencies: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next++ < REQUESTS) {
        const t = process.hrtime.bigint();
        await send(port, 'shop.localhost', { path: '/cart?session=x' });
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await teardown?.();
    await router.close();
    console.log(
      `router, ${label}: ${REQUESTS} requests, p50 ${percentile(
        latencies,
        50,
      ).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
    );
  };
  await run('without router lines');
  const withRetainer = (drainUrl?: string) => (router: BuiltinRouter) => {
    const downHub = new DrainHub({
      ledger,
      logger: benchLogger,
      policy,
      buffer: 10_000,
    });
    const lineRetainer = new LogRetainer({
      ledger,
      logger: benchLogger,
      retention: { maxLines: 10_000, maxBytes: 5 * 1024 * 1024 },
      onLine: line => downHub.deliver(line),
    });
    const ready = drainUrl
      ? downHub.add({
          id: 'down',
          app: 'shop',
          url: drainUrl,
          display: drainUrl,
          createdBy: 'bench',
          createdAt: '',
        })
      : Promise.resolve();
    router.onAccessLog(entry => lineRetainer.request(entry));
    return async () => {
      await ready;
      const dropped = downHub.sender('down')?.dropped;
      await lineRetainer.close();
      downHub.close();
      if (dropped !== undefined)
        console.log(`  (the refusing drain dropped ${dropped} lines)`);
    };
  };
  await run('with router lines retained', withRetainer());
  await run(
    'with router lines retained and a drain that refuses connections',
    withRetainer(`syslog://127.0.0.1:${await freePort()}`),
  );
  const nginxRetainer = new LogRetainer({
    ledger,
    logger: benchLogger,
    retention: { maxLines: 10_000, maxBytes: 5 * 1024 * 1024 },
  });
  const noFeed = await nginxRouterLatency(REQUESTS);
  const fed = await nginxRouterLatency(REQUESTS, entry =>
    nginxRetainer.request(entry),
  );
  await nginxRetainer.close();
  const f = (r: { p50: number; p99: number }) =>
    `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`;
  console.log(
    noFeed && fed
      ? `nginx router, ${REQUESTS} sequential keep-alive requests: without its access-log feed ${f(
          noFeed,
        )}; with router lines retained from the feed ${f(fed)} (${
          fed.lines
        } of ${REQUESTS + 100} lines)`
      : 'nginx router: skipped (no nginx here)',
  );
  await upstream.close();
  await knex.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
