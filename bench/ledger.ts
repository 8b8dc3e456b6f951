/*
 * Benchmark of the ledger over HTTP (npm run bench:ledger): on PostgreSQL, 10,000 apps with 20
 * releases each, then p50/p99 latency of GET /apps?limit=50 (the first page and a page deep in
 * the list), GET /apps?q=…, GET /apps/:app/releases?limit=20 and PATCH /apps/:app/config. The
 * REST router (generated from openapi.yaml, validating every request), services, ledger,
 * encryption and reconciler are the real ones; authentication and the permission backend are left
 * out (an allow-all authorizer), and the runtime and router are no-ops, so the figures are
 * Slipway's own cost.
 * PostgreSQL: SLIPWAY_BENCH_POSTGRES (default postgresql://postgres@127.0.0.1:5432); a scratch
 * database is created and dropped. SLIPWAY_BENCH_APPS sets the number of apps (default 10,000).
 */
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createRouter } from '../plugins/slipway-backend/src/api';
import { SecretBox } from '../plugins/slipway-backend/src/crypto';
import { Ledger } from '../plugins/slipway-backend/src/ledger';
import type { AppAuthorizer } from '../plugins/slipway-backend/src/permissions';
import { Reconciler } from '../plugins/slipway-backend/src/reconciler';
import {
  createServices,
  DEFAULT_SETTINGS,
} from '../plugins/slipway-backend/src/services';

const APPS = Number(process.env.SLIPWAY_BENCH_APPS ?? 10_000);
const RELEASES = 20;
// 1,000 samples each: the p99 of 100 is just the second-slowest request, one GC pause away from any figure.
const SAMPLES = 1_000;
const SERVER =
  process.env.SLIPWAY_BENCH_POSTGRES ?? 'postgresql://postgres@127.0.0.1:5432';

const user: BackstageCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
} as BackstageCredentials;

async function main() {
  const dbName = `slipway_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: `${SERVER}/postgres` });
  await admin.raw(`CREATE DATABASE ${dbName}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${SERVER}/${dbName}`,
    pool: { min: 0, max: 10 },
  });
  let server: ReturnType<express.Express['listen']> | undefined;
  try {
    const box = new SecretBox(Buffer.alloc(32, 42));
    const ledger = await Ledger.create({
      database: { getClient: async () => knex },
      box,
    });
    const seedStart = Date.now();
    await seed(knex, box);
    console.log(
      `Seeded ${APPS} apps × ${RELEASES} releases in ${(
        (Date.now() - seedStart) /
        1000
      ).toFixed(1)} s`,
    );

    const logger: LoggerService = {
      info: () => {},
      debug: () => {},
      warn: (message: string) => console.warn(message),
      error: (message: string) => console.error(message),
      child: () => logger,
    };
    const runtime = {
      createApp: async () => {},
      apply: async () => ({
        status: 'ready' as const,
        upstream: { addresses: ['127.0.0.1:5000'] },
      }),
      processes: async () => [],
      restart: async () => {},
      run: async () => ({ exitCode: 0, output: '' }),
      logs: async function* logs() {},
      deleteApp: async () => {},
    };
    const router = {
      apply: async () => ({ changed: false, rejected: [] }),
      defaultHost: (app: string) => `${app}.localhost`,
      defaultUrl: (app: string) => `http://${app}.localhost:8080`,
    };
    const allowAll = {
      allowed: async () => true,
      mayReadValues: async () => true,
      mayReadValuesOf: async (_c: unknown, apps: string[]) => new Set(apps),
      require: async () => {},
      requireCreate: async () => {},
      readFilter: async () => 'all' as const,
    } as unknown as AppAuthorizer;
    const reconciler = new Reconciler({ ledger, runtime, router, logger });
    const services = createServices({
      ledger,
      authorizer: allowAll,
      reconciler,
      runtime,
      router,
      logger,
      platformDomain: 'localhost',
      defaultCluster: 'local',
      gitBaseUrl: async () => 'http://localhost:7007/api/slipway/git',
      publishAppChange: async () => {},
      now: () => new Date(),
    });
    const app = express();
    app.use(
      '/api/slipway',
      await createRouter({
        services,
        httpAuth: { credentials: async () => user } as any,
        auditor: {
          createEvent: async () => ({
            success: async () => {},
            fail: async () => {},
          }),
        } as any,
      }),
    );
    app.use(
      (
        error: Error,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res
          .status(500)
          .json({ error: { name: error.name, message: error.message } });
      },
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server!.once('listening', resolve));
    const base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/slipway`;

    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      if (response.status >= 300)
        throw new Error(
          `${method} ${path}: ${response.status} ${text.slice(0, 200)}`,
        );
      return text;
    };
    const pick = (i: number) =>
      `app-${String((i * 7919) % APPS).padStart(4, '0')}`;

    // Warm up connections and caches (the reconciler's first route table reads every app, as a
    // backend's first scheduled reconcile does).
    for (let i = 0; i < 5; i++) {
      await call('GET', '/apps?limit=50');
      await call('GET', `/apps/${pick(i)}/releases?limit=20`);
    }
    await call('PATCH', `/apps/${pick(0)}/config`, {
      values: { BENCH_WARM_UP: randomUUID() },
    });
    await reconciler.idle();
    // A cursor half way through the list, reached the way a client does: page after page.
    let deep: string | undefined;
    for (let i = 0; i < APPS / 2 / 500; i++) {
      const page = JSON.parse(
        await call('GET', `/apps?limit=500${deep ? `&cursor=${deep}` : ''}`),
      );
      deep = page.pageInfo.nextCursor;
    }
    const first = await call('GET', '/apps?limit=50');
    const deepPage = JSON.parse(
      await call('GET', `/apps?limit=50&cursor=${deep}`),
    );
    const results = [
      await measure('GET /apps?limit=50', SAMPLES, () =>
        call('GET', '/apps?limit=50'),
      ),
      await measure(`GET /apps?limit=50&cursor= (deep)`, SAMPLES, () =>
        call('GET', `/apps?limit=50&cursor=${deep}`),
      ),
      await measure('GET /apps?q=…', SAMPLES, i =>
        call('GET', `/apps?q=${String(i % 100).padStart(2, '0')}5`),
      ),
      await measure('GET /apps/:app/releases?limit=20', SAMPLES, i =>
        call('GET', `/apps/${pick(i)}/releases?limit=20`),
      ),
      // Each change is followed by a reconcile (which reads the changed app's routes, not every
      // app's); it is awaited between samples, so each request starts on an idle reconciler.
      await measure(
        'PATCH /apps/:app/config',
        SAMPLES,
        i =>
          call('PATCH', `/apps/${pick(i)}/config`, {
            values: { [`BENCH_${i}`]: randomUUID() },
          }),
        () => reconciler.idle(),
      ),
    ];
    await reconciler.idle();
    console.log(
      `\nLedger over HTTP on PostgreSQL, ${APPS} apps × ${RELEASES} releases (a page of 50 apps is ${(
        first.length / 1024
      ).toFixed(0)} KiB; the deep page starts at ${deepPage.items[0].name}):`,
    );
    console.log(
      [
        'endpoint'.padEnd(40),
        'n'.padStart(5),
        'p50 ms'.padStart(9),
        'p99 ms'.padStart(9),
      ].join(' '),
    );
    for (const r of results) {
      console.log(
        [
          r.name.padEnd(40),
          String(r.n).padStart(5),
          r.p50.toFixed(1).padStart(9),
          r.p99.toFixed(1).padStart(9),
        ].join(' '),
      );
    }
  } finally {
    await new Promise(resolve =>
      server ? server.close(resolve) : resolve(undefined),
    );
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.destroy();
  }
}

/**
 * 10,000 apps, each with v1 (created), a deploy and 18 config changes, and an event per release.
 * Rows are written in bulk, in the stores' row format (config snapshots encrypted as the
 * ReleaseStore does), since inserting 200,000 releases one by one takes minutes.
 */
async function seed(knex: Knex, box: SecretBox) {
  const now = new Date().toISOString();
  const actor = 'user:default/bench';
  const apps = [];
  const builds = [];
  const releases = [];
  const events = [];
  for (let i = 0; i < APPS; i++) {
    const name = `app-${String(i).padStart(4, '0')}`;
    apps.push({
      name,
      owner: i % 10 === 0 ? 'group:default/team-a' : actor,
      cluster: 'local',
      structure: JSON.stringify({ web: 1 }),
      settings: JSON.stringify(DEFAULT_SETTINGS),
      created_at: now,
      updated_at: now,
    });
    const buildId = randomUUID();
    builds.push({
      id: buildId,
      app: name,
      image: `registry.example.com/${name}:1`,
      sha: null,
      procfile: JSON.stringify({ web: '' }),
      status: 'succeeded',
      log: '',
      created_by: actor,
      created_at: now,
    });
    const values: Record<string, string> = {};
    for (let version = 1; version <= RELEASES; version++) {
      if (version > 2) values[`KEY_${version}`] = randomUUID();
      releases.push({
        app: name,
        version,
        build_id: version >= 2 ? buildId : null,
        config: box.encrypt(
          JSON.stringify({ values, limits: {}, tags: {}, healthchecks: {} }),
        ),
        summary:
          version === 1
            ? 'bench created the app'
            : version === 2
            ? 'bench deployed'
            : `bench added KEY_${version}`,
        created_by: actor,
        created_at: now,
        // Every 50th app's newest release failed.
        status: version === RELEASES && i % 50 === 0 ? 'failed' : 'succeeded',
        reason: null,
      });
      events.push({
        app: name,
        type: 'release.create',
        message: `v${version}`,
        actor,
        created_at: now,
        details: null,
      });
    }
  }
  await knex.batchInsert('slipway_apps', apps, 1000);
  await knex.batchInsert('slipway_builds', builds, 1000);
  await knex.batchInsert('slipway_releases', releases, 1000);
  await knex.batchInsert('slipway_events', events, 1000);
  // A long-lived database has been vacuumed: without this, autovacuum's pass over the freshly inserted rows
  // runs during the measurement.
  await knex.raw('VACUUM ANALYZE');
}

async function measure(
  name: string,
  n: number,
  fn: (i: number) => Promise<unknown>,
  between?: () => Promise<unknown>,
) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    await between?.();
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { name, n, p50: at(0.5), p99: at(0.99) };
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
