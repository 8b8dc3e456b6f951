/*
 * Benchmark of the embedded platform: the `local` runtime behind the `builtin` router.
 *
 *   npm run bench:embedded
 *
 * Prints (1) the time from Runtime.apply() of a new release to the first answer of that
 * release through the router, and (2) requests and failures while a bounded loopback load
 * (8 concurrent clients, one connection per request) hits the app during a deploy, a
 * scale-down and a rollback. The goal for failures is zero. Settings are the defaults of
 * `slipway.local` (drainSeconds 5, ...), so the figures are what a newcomer gets.
 */

import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import type {
  AppDesiredState,
  RouteUpstream,
} from '@slipway/plugin-slipway-node';
import { BuiltinRouter } from '../plugins/slipway-backend/src/routing/builtin/BuiltinRouter';
import {
  loadLoop,
  send,
  testRoute,
} from '../plugins/slipway-backend/src/routing/builtin/testing/http';
import { readLocalRuntimeSettings } from '../plugins/slipway-backend/src/runtime/local/config';
import { LocalRuntime } from '../plugins/slipway-backend/src/runtime/local/LocalRuntime';
import { SMOKE } from './smoke';
import {
  desired,
  makeDataDir,
  writeSlug,
} from '../plugins/slipway-backend/src/runtime/local/testing/fixtures';
import { benchLogger, percentile } from './support';

const DEPLOYS = SMOKE ? 1 : 5;
const CONCURRENCY = 8;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function main() {
  const dataDir = await makeDataDir();
  const settings = readLocalRuntimeSettings(new ConfigReader({}), dataDir);
  const runtime = new LocalRuntime(settings, benchLogger);
  const router = new BuiltinRouter({
    httpPort: 0,
    httpsPort: 0,
    host: '127.0.0.1',
    platformDomain: 'localhost',
  });
  const route = async (upstream: RouteUpstream | undefined) => {
    await router.apply([testRoute('bench', { upstream })]);
  };
  runtime.onUpstreamChange((_app, upstream) => route(upstream));
  const image = await writeSlug(dataDir);
  const release = (
    version: number,
    answer: string,
    web: number,
  ): AppDesiredState =>
    desired('bench', version, image, {
      procfile: { web: 'node server.js' },
      structure: { web },
      config: { values: { ANSWER: answer } },
      deployTimeout: 30,
    });
  const deployAndRoute = async (state: AppDesiredState) => {
    const result = await runtime.apply(state);
    if (result.status === 'failed') throw new Error(result.reason);
    await route(result.upstream);
  };
  const port = () => router.listening()!.httpPort;
  const answer = async () =>
    JSON.parse((await send(port(), 'bench.localhost')).body).answer;

  try {
    console.log(
      `Embedded platform benchmark (node ${process.version}, drainSeconds ${settings.drainSeconds})\n`,
    );
    let version = 2;
    await deployAndRoute(release(version, `v${version}`, 1));

    // 1. apply() of a new release → its first answer through the router.
    const times: number[] = [];
    for (let i = 0; i < DEPLOYS; i++) {
      version++;
      const started = process.hrtime.bigint();
      await deployAndRoute(release(version, `v${version}`, 1));
      while ((await answer()) !== `v${version}`) await sleep(1);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    console.log(
      `apply() → new answer through the router (${DEPLOYS} deploys, web=1):`,
    );
    console.log(
      `  median ${percentile(times, 50).toFixed(0)} ms, min ${Math.min(
        ...times,
      ).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms\n`,
    );

    // 2. Failed requests under load during a deploy, a scale-down and a rollback.
    await deployAndRoute(release(++version, `v${version}`, 3));
    const previous = version;
    const phases: [string, () => Promise<void>][] = [
      [
        'deploy (web=3, new release)',
        () => deployAndRoute(release(++version, `v${version}`, 3)),
      ],
      [
        'scale-down (web 3 → 1)',
        () => deployAndRoute(release(version, `v${version}`, 1)),
      ],
      [
        'rollback (previous release again)',
        () => deployAndRoute(release(++version, `v${previous}`, 1)),
      ],
      ['restart (web=1, rolling)', () => runtime.restart('bench', 'local', {})],
    ];
    console.log(
      `Load: ${CONCURRENCY} concurrent loopback clients through the router`,
    );
    console.log(
      '  phase                               requests  failed  p50 ms  p99 ms',
    );
    let totalFailed = 0;
    for (const [name, action] of phases) {
      const latencies: number[] = [];
      const load = loadLoop(CONCURRENCY, async () => {
        const started = process.hrtime.bigint();
        const reply = await send(port(), 'bench.localhost');
        if (reply.status !== 200) throw new Error(`HTTP ${reply.status}`);
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      });
      await sleep(500);
      await action();
      // Cover the drain and stop of the replaced processes.
      await sleep((settings.drainSeconds + 1) * 1000);
      const { ok, failed } = await load.stop();
      totalFailed += failed.length;
      console.log(
        `  ${name.padEnd(36)}${String(ok.length + failed.length).padStart(
          8,
        )}${String(failed.length).padStart(8)}${percentile(latencies, 50)
          .toFixed(1)
          .padStart(8)}${percentile(latencies, 99).toFixed(1).padStart(8)}`,
      );
      if (failed.length > 0) console.log(`    first failure: ${failed[0]}`);
    }
    console.log(`\nFailed requests in total: ${totalFailed} (goal: 0)`);
    process.exitCode = totalFailed === 0 ? 0 : 1;
  } finally {
    await runtime.close();
    await router.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
