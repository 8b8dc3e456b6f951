/*
 * Benchmark of app metrics (npm run bench:metrics):
 * 1. the builtin router's p99 per request with and without counting requests (a fast upstream,
 *    keep-alive client, sequential requests, so the difference is the counting's own cost);
 *    The same for the nginx router with and without its access-log feed (loopback UDP, what metrics
 *    and router lines come from), when nginx is installed;
 * 2. the p99 of reading one app's series (MetricStore + buildSeries, what GET /apps/:app/metrics
 *    does after its permission check) for 24 h in 10-min steps and 7 d in 1-h steps (`from` on a
 *    whole step, as the portal asks: the rollups serve it, minute rows the tail), on PostgreSQL
 *    holding 7 days of per-minute points and their rollups for SLIPWAY_BENCH_APPS apps (default
 *    1,000; 20 in smoke).
 * PostgreSQL: SLIPWAY_BENCH_POSTGRES (default postgresql://postgres@127.0.0.1:5432); a scratch database
 * is created and dropped. Without PostgreSQL part 2 is skipped, unless CI is set (then it fails).
 */
import knexFactory from 'knex';
import { SecretBox } from '../plugins/slipway-backend/src/crypto';
import { Ledger } from '../plugins/slipway-backend/src/ledger';
import {
  encode,
  observe,
} from '../plugins/slipway-backend/src/metrics/histogram';
import { requestSampleOf } from '../plugins/slipway-backend/src/metrics/requestSample';
import { RequestRecorder } from '../plugins/slipway-backend/src/metrics/RequestRecorder';
import { buildSeries } from '../plugins/slipway-backend/src/metrics/series';
import { BuiltinRouter } from '../plugins/slipway-backend/src/routing/builtin';
import {
  startUpstream,
  testRoute,
} from '../plugins/slipway-backend/src/routing/builtin/testing/http';
import { nginxRouterLatency } from './nginxRouterLatency';
import { sequentialRequestTimes } from './sequentialRequests';
import { benchSize, SMOKE } from './smoke';

const APPS = Number(benchSize(process.env.SLIPWAY_BENCH_APPS, 1_000, 20));
const REQUESTS = SMOKE ? 300 : 5_000;
const QUERIES = SMOKE ? 20 : 200;
const SERVER =
  process.env.SLIPWAY_BENCH_POSTGRES ??
  process.env.SLIPWAY_TEST_POSTGRES ??
  'postgresql://postgres@127.0.0.1:5432';

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.ceil(values.length * q) - 1];
const p99 = (values: number[]) => quantile(values, 0.99);

async function routerLatency(
  counting: boolean,
): Promise<{ p50: number; p99: number }> {
  const upstream = await startUpstream('bench', (_req, res) => res.end('ok'));
  const recorder = new RequestRecorder();
  const router = new BuiltinRouter({
    httpPort: 0,
    httpsPort: 0,
    host: '127.0.0.1',
    platformDomain: 'localhost',
  });
  // As the plugin wires it: metrics count the router's line per request.
  if (counting)
    router.onAccessLog(entry => recorder.record(requestSampleOf(entry)));
  await router.apply([
    testRoute('bench', { upstream: { addresses: [upstream.address] } }),
  ]);
  const port = router.listening()!.httpPort;
  const times = await sequentialRequestTimes(port, 'bench.localhost', REQUESTS);
  await router.close();
  await upstream.close();
  return { p50: quantile(times, 0.5), p99: p99(times) };
}

async function queryP99() {
  const dbName = `slipway_bench_metrics_${Date.now()}`;
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
        `PostgreSQL does not answer at ${SERVER}; CI requires bench:metrics (${error})`,
      );
    console.log(
      `metrics query: skipped, PostgreSQL does not answer at ${SERVER}`,
    );
    return;
  }
  await admin.raw(`CREATE DATABASE ${dbName}`);
  const knex = knexFactory({ client: 'pg', connection: `${SERVER}/${dbName}` });
  try {
    const ledger = await Ledger.create({
      database: { getClient: async () => knex },
      box: new SecretBox(Buffer.alloc(32, 1)),
    });
    const now = Math.floor(Date.now() / 60_000);
    const histogram = new Map<number, number>();
    for (const ms of [3, 5, 8, 12, 40, 200]) observe(histogram, ms, 10);
    const started = Date.now();
    // 7 days of one row a minute for every app, generated in the database.
    await knex.raw(
      `insert into slipway_request_points
         (app, minute, status_1xx, status_2xx, status_3xx, status_4xx, status_5xx, bytes_out, latency)
       select 'app-' || a, m, 0, 50, 2, 3, 1, 51200, ?::text
       from generate_series(1, ?::int) a, generate_series(?::int, ?::int) m`,
      [encode(histogram), APPS, now - 7 * 1440, now - 1],
    );
    // The 10-minute and hour rollups the writer keeps beside them.
    await knex.raw(
      `insert into slipway_request_rollups
         (app, span, start, status_1xx, status_2xx, status_3xx, status_4xx, status_5xx, bytes_out, latency)
       select app, s.span, minute - minute % s.span, sum(status_1xx), sum(status_2xx), sum(status_3xx),
         sum(status_4xx), sum(status_5xx), sum(bytes_out), string_agg(latency, ',')
       from slipway_request_points, (values (10), (60)) as s(span)
       group by app, s.span, minute - minute % s.span`,
    );
    await knex.raw('analyze slipway_request_points');
    await knex.raw('analyze slipway_request_rollups');
    console.log(
      `Seeded ${APPS} apps × 7 days of per-minute points (${
        APPS * 7 * 1440
      } rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const [label, minutes, step] of [
      ['24 h', 1440, 10],
      ['7 d', 7 * 1440, 60],
    ] as const) {
      const times: number[] = [];
      for (let i = -5; i < QUERIES; i++) {
        const app = `app-${1 + ((Math.abs(i) * 7919) % APPS)}`;
        const t = performance.now();
        // As the portal asks: `from` on a whole step, `to` now.
        const from = now - minutes - ((now - minutes) % step);
        const window = { from, to: now, stepMinutes: step };
        const rows = await ledger.metrics.requestSteps(app, window);
        buildSeries(
          window,
          rows,
          await ledger.metrics.processSteps(app, window),
        );
        if (i >= 0) times.push(performance.now() - t); // the first 5 warm up
      }
      console.log(
        `metrics query ${label} at ${APPS} apps: p50 ${quantile(
          times,
          0.5,
        ).toFixed(1)} ms, p99 ${p99(times).toFixed(1)} ms (${QUERIES} queries)`,
      );
    }
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.destroy();
  }
}

async function main() {
  const without = await routerLatency(false);
  const withMetrics = await routerLatency(true);
  const f = (r: { p50: number; p99: number }) =>
    `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`;
  console.log(
    `builtin router (${REQUESTS} sequential keep-alive requests): without metrics ${f(
      without,
    )}; with metrics ${f(withMetrics)}`,
  );
  const recorder = new RequestRecorder();
  const nginxWithout = await nginxRouterLatency(REQUESTS);
  const nginxWith = await nginxRouterLatency(REQUESTS, entry =>
    recorder.record(requestSampleOf(entry)),
  );
  if (nginxWithout && nginxWith) {
    console.log(
      `nginx router (${REQUESTS} sequential keep-alive requests): without its access-log feed ${f(
        nginxWithout,
      )}; with the feed and metrics ${f(nginxWith)} (${nginxWith.lines} of ${
        REQUESTS + 100
      } lines counted)`,
    );
  } else console.log('nginx router: skipped (no nginx here)');
  await queryP99();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
