/*
 * Benchmark of the ledger over HTTP (npm run bench:ledger): on PostgreSQL, 10,000 apps with 20
 * releases each, then p50/p99 latency of GET /apps?limit=50 (the first page and a page deep in
 * the list), GET /apps?q=…, GET /apps/:app/releases?limit=20 and PATCH /apps/:app/config. The
 * REST router (generated from openapi.yaml, validating every request), services, ledger,
 * encryption and reconciler are the real ones; authentication and the permission backend are left
 * out (an allow-all authorizer), and the runtime and router are no-ops, so the figures are
 * Slipway's own cost. The measuring client (bench/ledgerClient.ts) runs in a child process.
 * PostgreSQL: SLIPWAY_BENCH_POSTGRES (default postgresql://postgres@127.0.0.1:5432); a scratch
 * database is created and dropped. SLIPWAY_BENCH_APPS sets the number of apps (default 10,000).
 * Like the tests: when no PostgreSQL answers the bench is skipped, unless CI is set (then it fails).
 */
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createRouter } from '../plugins/slipway-backend/src/api';
import { SecretBox } from '../plugins/slipway-backend/src/crypto';
import { Ledger } from '../plugins/slipway-backend/src/ledger';
import type { AppAuthorizer } from '../plugins/slipway-backend/src/permissions';
import { Reconciler } from '../plugins/slipway-backend/src/reconciler';
import {
  createServices,
  DEFAULT_SETTINGS,
} from '../plugins/slipway-backend/src/services';
import { benchSize, SMOKE } from './smoke';

const APPS = Number(benchSize(process.env.SLIPWAY_BENCH_APPS, 10_000, 1_000));
const RELEASES = 20;
// 1,000 samples each: the p99 of 100 is just the second-slowest request, one GC pause away from any figure.
const SAMPLES = SMOKE ? 50 : 1_000;
const SERVER =
  process.env.SLIPWAY_BENCH_POSTGRES ??
  process.env.SLIPWAY_TEST_POSTGRES ??
  'postgresql://postgres@127.0.0.1:5432';

const user: BackstageCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
} as BackstageCredentials;

async function main() {
  const dbName = `slipway_bench_${Date.now()}`;
  const admin = knexFactory({
    client: 'pg',
    connection: `${SERVER}/postgres`,
    acquireConnectionTimeout: 5000,
  });
  try {
    await admin.raw('select 1');
  } catch (error) {
    await admin.destroy();
    if (process.env.CI)
      throw new Error(
        `PostgreSQL does not answer at ${SERVER}; CI requires bench:ledger (${error})`,
      );
    console.log(
      `bench:ledger skipped: PostgreSQL does not answer at ${SERVER} (CI runs it)`,
    );
    return;
  }
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
      // The no-op runtime stands in for the local one (its settings rules apply).
      runtimeName: 'local',
      router,
      logger,
      platformDomain: 'localhost',
      defaultCluster: 'local',
      gitBaseUrl: async () => 'http://localhost:7007/api/slipway/git',
      publishAppChange: async () => {},
      publishPipelineChange: async () => {},
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

    // The client runs in its own process, as a real one does: its buffers and collections are not the backend's.
    const client = fork(join(__dirname, 'ledgerClient.ts'), [base], {
      execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
      env: {
        ...process.env,
        SLIPWAY_BENCH_APPS: String(APPS),
        SLIPWAY_BENCH_RELEASES: String(RELEASES),
        SLIPWAY_BENCH_SAMPLES: String(SAMPLES),
      },
    });
    // Between PATCH samples the client asks for the reconcile to finish, so each change starts on an idle reconciler.
    client.on('message', async message => {
      if (message === 'idle?') {
        await reconciler.idle();
        client.send('idle');
      }
    });
    const code = await new Promise<number | null>(resolve =>
      client.once('exit', resolve),
    );
    if (code !== 0) throw new Error(`the bench client exited with ${code}`);
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
 * 10,000 apps, each with v1 (created), a deploy and 18 config changes, and an event per release;
 * their healths and deploy times vary, so the sorted lists are real orders.
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
  const healths = ['up', 'up', 'up', 'crashing', 'no-processes', 'starting'];
  for (let i = 0; i < APPS; i++) {
    const name = `app-${String(i).padStart(4, '0')}`;
    // Apps deployed at different times, in a different order than their names (sorts differ).
    const deployedAt = new Date(
      Date.parse(now) - ((i * 7919) % APPS) * 1000,
    ).toISOString();
    apps.push({
      name,
      owner: i % 10 === 0 ? 'group:default/team-a' : actor,
      cluster: 'local',
      structure: JSON.stringify({ web: 1 }),
      settings: JSON.stringify(DEFAULT_SETTINGS),
      created_at: now,
      updated_at: now,
      // The app's copies of its newest release (the ReleaseStore keeps them) and its health.
      release_status: i % 50 === 0 ? 'failed' : 'succeeded',
      deployed_at: deployedAt,
      health: healths[i % healths.length],
      health_since: now,
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
        created_at: version === RELEASES ? apps[i].deployed_at : now,
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

main().catch(error => {
  console.error(error);
  process.exit(1);
});
