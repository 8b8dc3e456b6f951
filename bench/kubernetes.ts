/*
 * Benchmark of the Kubernetes runtime and the ingress router (npm run bench:kubernetes) against the fake
 * Kubernetes API (plugins/slipway-backend/src/runtime/kubernetes/__testUtils__): for 1 and 50 apps, the number of
 * API requests (all / writes) and the wall time of each action, driven through @kubernetes/client-node.
 * No cluster is needed; the fake's controllers make pods ready after ~10 ms, so times are dominated by
 * the client, the HTTP round trips and the rollout watches, not by a real scheduler.
 */
import type { AppDesiredState } from '@slipway/plugin-slipway-node';
import { createIngressRouter } from '../plugins/slipway-backend/src/router/ingress/createIngressRouter';
import { FakeKubernetesApi } from '../plugins/slipway-backend/src/runtime/kubernetes/__testUtils__/FakeKubernetesApi';
import {
  desiredState,
  fakePlatformDeps,
  release,
} from '../plugins/slipway-backend/src/runtime/kubernetes/__testUtils__/fakeCluster';
import { kubernetesRoute } from '../plugins/slipway-backend/src/runtime/kubernetes/__testUtils__/routes';
import { createKubernetesRuntime } from '../plugins/slipway-backend/src/runtime/kubernetes/createKubernetesRuntime';

const SIZES = (process.env.BENCH_SIZES ?? '1,50').split(',').map(Number);

type Row = {
  action: string;
  apps: number;
  requests: number;
  writes: number;
  ms: number;
};

async function bench(apps: number): Promise<Row[]> {
  const fake = await FakeKubernetesApi.start();
  const deps = fakePlatformDeps(fake);
  const runtime = createKubernetesRuntime(deps);
  const router = createIngressRouter(deps);
  const names = Array.from(
    { length: apps },
    (_, i) => `app-${String(i).padStart(3, '0')}`,
  );
  const rows: Row[] = [];
  const v2 = (app: string) =>
    release(app, {
      version: 2,
      image: 'registry.example.test/app:1.0',
      procfile: { web: 'node server.js', worker: 'node worker.js' },
      values: { A: '1' },
    });
  const v3 = (app: string) =>
    release(app, {
      version: 3,
      image: 'registry.example.test/app:1.0',
      procfile: { web: 'node server.js', worker: 'node worker.js' },
      values: { A: '2' },
    });
  const state = (
    app: string,
    r: AppDesiredState['release'],
    web = 2,
    previous?: AppDesiredState['release'],
  ) =>
    desiredState(
      app,
      r,
      { web, worker: 1 },
      previous ? { previousRelease: previous } : {},
    );

  const measure = async (
    action: string,
    each: (app: string) => Promise<unknown>,
  ) => {
    fake.resetRequests();
    const started = process.hrtime.bigint();
    for (const app of names) await each(app);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    rows.push({
      action,
      apps,
      requests: fake.requests.length,
      writes: fake.writes().length,
      ms,
    });
  };
  const measureOnce = async (action: string, run: () => Promise<unknown>) => {
    fake.resetRequests();
    const started = process.hrtime.bigint();
    await run();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    rows.push({
      action,
      apps,
      requests: fake.requests.length,
      writes: fake.writes().length,
      ms,
    });
  };

  await measure('createApp', app => runtime.createApp(app, 'fake'));
  await measure('apply first release (2 types, waits for rollout)', app =>
    runtime.apply(state(app, v2(app))),
  );
  await measure('apply unchanged', app => runtime.apply(state(app, v2(app))));
  await measure('apply config change (new Secret + rollout)', app =>
    runtime.apply(state(app, v3(app), 2, v2(app))),
  );
  await measure('scale web 2 -> 3', app =>
    runtime.apply(state(app, v3(app), 3, v2(app))),
  );
  await measure('restart', app => runtime.restart(app, 'fake', {}));
  await measure('processes', app => runtime.processes(app, 'fake'));
  await measure('logs (100 lines, all pods)', async app => {
    for await (const _ of runtime.logs(app, 'fake', { lines: 100 })) {
      // drain
    }
  });
  await measure('run (Job, wait, log, delete)', app =>
    runtime.run(state(app, v3(app)), 'echo hello'),
  );
  const table = names.map(app =>
    kubernetesRoute(app, {
      hosts: [
        { host: `${app}.apps.example.test` },
        { host: `${app}.example.com` },
      ],
    }),
  );
  await measureOnce('ingress router apply (all apps)', () =>
    router.apply(table),
  );
  await measureOnce('ingress router apply unchanged', () =>
    router.apply(table),
  );
  await measure('deleteApp', app => runtime.deleteApp(app, 'fake'));
  await fake.close();
  return rows;
}

async function main() {
  console.log(
    'Kubernetes runtime + ingress router against the fake API (sequential over apps)',
  );
  console.log(
    `${'action'.padEnd(52)} ${'apps'.padStart(4)} ${'requests'.padStart(
      8,
    )} ${'writes'.padStart(6)} ${'req/app'.padStart(7)} ${'total ms'.padStart(
      9,
    )} ${'ms/app'.padStart(7)}`,
  );
  for (const size of SIZES) {
    for (const row of await bench(size)) {
      console.log(
        `${row.action.padEnd(52)} ${String(row.apps).padStart(4)} ${String(
          row.requests,
        ).padStart(8)} ${String(row.writes).padStart(6)} ${(
          row.requests / row.apps
        )
          .toFixed(1)
          .padStart(7)} ${row.ms.toFixed(0).padStart(9)} ${(row.ms / row.apps)
          .toFixed(1)
          .padStart(7)}`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
