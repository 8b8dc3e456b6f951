/*
 * Benchmark of several backend replicas (npm run bench:replicas): Slipway backends as separate
 * processes (Backstage's production backend with the events and signals backends, runtime
 * kubernetes on the real control plane of ../shared/k8s) on one PostgreSQL, on this machine.
 * 1. Requests per second and p99 of the ledger endpoints (GET /apps?limit=50, GET
 *    /apps/:app/releases?limit=20, GET /apps/:app/config), 16 clients at once, with one replica
 *    and then with two (requests alternate between them, as a load balancer's would).
 * 2. The time from a replica's SIGKILL to its work being taken over: a build it ran failed, and
 *    the release whose release phase it ran failed (the release phase is not run again).
 * Sizes: SLIPWAY_BENCH_APPS (default 20), SLIPWAY_BENCH_REQUESTS per endpoint (default 1,000),
 * the lease SLIPWAY_BENCH_LEASE_SECONDS (default 15, Slipway's default). Skipped without
 * PostgreSQL or the control plane, unless CI is set (then it fails).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  replicaConfig,
  startReplicas,
} from '../plugins/slipway-backend/src/replicas/__testUtils__/replicaSet';
import type { Replica } from '../plugins/slipway-backend/src/replicas/__testUtils__/startReplica';
import { benchSize } from './smoke';
import { percentile } from './support';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { ensureControlPlane } = require('../scripts/kubeControlPlane');

const APPS = Number(benchSize(process.env.SLIPWAY_BENCH_APPS, 20, 3));
const REQUESTS = Number(
  benchSize(process.env.SLIPWAY_BENCH_REQUESTS, 1_000, 60),
);
const LEASE_SECONDS = Number(
  benchSize(process.env.SLIPWAY_BENCH_LEASE_SECONDS, 15, 3),
);
const CLIENTS = 16;
const SERVER =
  process.env.SLIPWAY_BENCH_POSTGRES ?? 'postgresql://postgres@127.0.0.1:5432';
const auth = mockCredentials.user.header('user:default/bench');

async function call(port: number, method: string, url: string, body?: object) {
  const res = await fetch(`http://127.0.0.1:${port}/api/slipway${url}`, {
    method,
    headers: {
      Authorization: auth,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300)
    throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

/** `count` GETs of `url(i)` by CLIENTS clients at once, alternating over `ports`. */
async function load(
  ports: number[],
  url: (i: number) => string,
  count = REQUESTS,
) {
  const times: number[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = process.hrtime.bigint();
        await call(ports[i % ports.length], 'GET', url(i));
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return { rps: count / seconds, p99: percentile(times, 99) };
}

async function waitFor<T>(check: () => Promise<T | undefined>, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function main() {
  const admin = knexFactory({ client: 'pg', connection: `${SERVER}/postgres` });
  try {
    await admin.raw('select 1');
  } catch (error) {
    await admin.destroy();
    if (process.env.CI) throw new Error(`PostgreSQL does not answer: ${error}`);
    console.log(
      `bench:replicas skipped: PostgreSQL does not answer (${error})`,
    );
    return;
  }
  const controlPlane = ensureControlPlane(process.env);
  if (!controlPlane.kubeconfig) {
    await admin.destroy();
    if (process.env.CI)
      throw new Error(`No control plane: ${controlPlane.skipped}`);
    console.log(`bench:replicas skipped: ${controlPlane.skipped}`);
    return;
  }
  process.env.SLIPWAY_TEST_KUBECONFIG = controlPlane.kubeconfig;
  // Loaded after SLIPWAY_TEST_KUBECONFIG is set: the helpers read it when they load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cluster: typeof import('../plugins/slipway-backend/src/kubernetes/__testUtils__/realCluster') = require('../plugins/slipway-backend/src/kubernetes/__testUtils__/realCluster');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const {
    deleteNamespaces,
  }: typeof import('../plugins/slipway-backend/src/kubernetes/__testUtils__/realConnection') = require('../plugins/slipway-backend/src/kubernetes/__testUtils__/realConnection');

  const dbName = `slipway_bench_replicas_${Date.now()}`;
  await admin.raw(`CREATE DATABASE ${dbName}`);
  const connection = `${SERVER}/${dbName}`;
  const knex = knexFactory({ client: 'pg', connection });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-rep-'));
  const suffix = cluster.uniqueSuffix();
  const apps = Array.from({ length: APPS }, (_, i) => `br-${suffix}-${i}`);
  const victimApp = `br-${suffix}-kill`;
  const replicas: Replica[] = [];
  try {
    const config = replicaConfig({
      dataDir,
      cluster: await cluster.clusterConfig('bench'),
      instance: `br-${suffix}`,
      leaseSeconds: LEASE_SECONDS,
    });
    const options = { connection, config };
    replicas.push(...(await startReplicas(1, options)));
    const [first] = replicas;
    for (const app of apps) {
      await call(first.port, 'POST', '/apps', { name: app });
      for (let v = 0; v < 5; v++)
        await call(first.port, 'PATCH', `/apps/${app}/config`, {
          values: { [`K${v}`]: String(v) },
        });
    }
    const endpoints: [string, (i: number) => string][] = [
      ['GET /apps?limit=50', () => '/apps?limit=50'],
      [
        'GET /apps/:app/releases?limit=20',
        i => `/apps/${apps[i % APPS]}/releases?limit=20`,
      ],
      ['GET /apps/:app/config', i => `/apps/${apps[i % APPS]}/config`],
    ];
    const measureAll = async (label: string) => {
      for (const [name, url] of endpoints) {
        await load([first.port], url, 50); // warm-up, on the first replica
        const { rps, p99 } = await load(
          replicas.map(r => r.port),
          url,
        );
        console.log(
          `${label.padEnd(11)} ${name.padEnd(33)} ${rps
            .toFixed(0)
            .padStart(6)} req/s  p99 ${p99.toFixed(1).padStart(7)} ms`,
        );
      }
    };
    console.log(
      `Ledger endpoints (${APPS} apps × 6 releases, ${REQUESTS} requests each, ${CLIENTS} clients, ${
        os.cpus().length
      } cores):`,
    );
    await measureAll('1 replica');
    replicas.push(
      ...(await startReplicas(1, { ...options, others: [first.instanceId] })),
    );
    await measureAll('2 replicas');

    // Takeover: a release whose release phase never ends and a build, on one replica; SIGKILL.
    await call(first.port, 'POST', '/apps', { name: victimApp });
    await call(first.port, 'POST', `/apps/${victimApp}/builds`, {
      image: `registry.example.test/${victimApp}:1`,
      procfile: { web: 'node server.js', release: 'sleep 3600' },
    });
    const runner = await waitFor(async () => {
      const row = await knex('slipway_releases')
        .where({ app: victimApp, version: 2 })
        .first();
      return row?.phase === 'running'
        ? (row.phase_runner as string)
        : undefined;
    }, 60_000);
    const victim = replicas.find(r => r.instanceId === runner)!;
    await knex('slipway_builds').insert({
      id: `${victimApp}-build`,
      app: victimApp,
      image: '',
      procfile: '{}',
      status: 'pending',
      log: '',
      created_by: 'user:default/bench',
      created_at: new Date().toISOString(),
      runner,
    });
    victim.process.kill('SIGKILL');
    const killedAt = Date.now();
    const taken = (table: string, where: object) =>
      waitFor(async () => {
        const row = await knex(table).where(where).first();
        return row?.status === 'failed' ? Date.now() - killedAt : undefined;
      }, 120_000);
    const [buildMs, releaseMs] = await Promise.all([
      taken('slipway_builds', { id: `${victimApp}-build` }),
      taken('slipway_releases', { app: victimApp, version: 2 }),
    ]);
    console.log(
      `Takeover after SIGKILL (lease ${LEASE_SECONDS} s): build failed in ${(
        buildMs / 1000
      ).toFixed(1)} s, release phase failed in ${(releaseMs / 1000).toFixed(
        1,
      )} s`,
    );
  } finally {
    for (const replica of replicas) replica.process.kill('SIGKILL');
    await deleteNamespaces([...apps, victimApp]);
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
    controlPlane.stop?.();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
