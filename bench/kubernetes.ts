/*
 * Benchmark of the Kubernetes runtime and the ingress router (npm run bench:kubernetes), against the real
 * Kubernetes 1.28 control plane of ../shared/k8s (API server, controllers, scheduler and the fake kubelet: pods
 * become ready about a second after they are scheduled, Job pods finish after about 2 s) and against the fake
 * Kubernetes API (plugins/slipway-backend/src/runtime/kubernetes/__testUtils__, pods ready after ~10 ms).
 * For each, per action: the API requests sent (all / writes, counted by a recording proxy in front of the real
 * server) and the wall time, sequential over the apps. Sizes: BENCH_SIZES (fake, default 1,50) and
 * BENCH_REAL_SIZES (real, default 1,10). Without the control plane's binaries the real half is skipped.
 */
import type { AppDesiredState } from '@slipway/plugin-slipway-node';
import type { PlatformDeps } from '../plugins/slipway-backend/src/platform/types';
import { createIngressRouter } from '../plugins/slipway-backend/src/routing/ingress/createIngressRouter';
import { FakeKubernetesApi } from '../plugins/slipway-backend/src/runtime/kubernetes/__testUtils__/FakeKubernetesApi';
import {
  desiredState,
  fakePlatformDeps,
  release,
} from '../plugins/slipway-backend/src/runtime/kubernetes/__testUtils__/fakeCluster';
import { kubernetesRoute } from '../plugins/slipway-backend/src/kubernetes/__testUtils__/routes';
import { createKubernetesRuntime } from '../plugins/slipway-backend/src/runtime/kubernetes/createKubernetesRuntime';
import { SMOKE } from './smoke';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { ensureControlPlane } = require('../scripts/kubeControlPlane');

const sizes = (value: string | undefined, fallback: string) =>
  (value ?? fallback).split(',').map(Number);

type Row = {
  action: string;
  apps: number;
  requests: number;
  writes: number;
  ms: number;
};

/** Where the runtime sends its requests, and how they are counted. */
type Target = {
  name: string;
  cluster: string;
  deps: PlatformDeps;
  /** Methods of the requests sent since the last reset. */
  methods(): string[];
  reset(): void;
  close(): Promise<void>;
};

async function fakeTarget(): Promise<Target> {
  const fake = await FakeKubernetesApi.start();
  return {
    name: 'fake API',
    cluster: 'fake',
    deps: fakePlatformDeps(fake),
    methods: () => fake.requests.map(r => r.method),
    reset: () => fake.resetRequests(),
    close: () => fake.close(),
  };
}

async function realTarget(): Promise<Target> {
  // Loaded after SLIPWAY_TEST_KUBECONFIG is set: the harness reads it when it loads.
  const {
    REAL_CLUSTER,
    connectToRealCluster,
  } = require('../plugins/slipway-backend/src/kubernetes/__testUtils__/realConnection');
  const connection = await connectToRealCluster({
    serviceAccount: 'slipway-bench',
  });
  return {
    name: 'real API server',
    cluster: REAL_CLUSTER,
    deps: connection.deps({ kubernetes: { instance: 'bench' } }),
    methods: () =>
      connection.proxy.requests.map((r: { method: string }) => r.method),
    reset: () => connection.proxy.reset(),
    close: () => connection.close(),
  };
}

async function bench(target: Target, apps: number): Promise<Row[]> {
  const runtime = createKubernetesRuntime(target.deps);
  const router = createIngressRouter(target.deps);
  const prefix = `bench-${Date.now().toString(36)}`;
  const names = Array.from(
    { length: apps },
    (_, i) => `${prefix}-${String(i).padStart(3, '0')}`,
  );
  const rows: Row[] = [];
  const procfile = { web: 'node server.js', worker: 'node worker.js' };
  const v2 = (app: string) =>
    release(app, {
      version: 2,
      image: 'registry.example.test/app:1.0',
      procfile,
      values: { A: '1' },
    });
  const v3 = (app: string) =>
    release(app, {
      version: 3,
      image: 'registry.example.test/app:1.0',
      procfile,
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
      {
        cluster: target.cluster,
        ...(previous ? { previousRelease: previous } : {}),
      },
    );

  const record = async (action: string, run: () => Promise<unknown>) => {
    target.reset();
    const started = process.hrtime.bigint();
    await run();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const methods = target.methods();
    rows.push({
      action,
      apps,
      requests: methods.length,
      writes: methods.filter(m => m !== 'GET').length,
      ms,
    });
  };
  const measure = (action: string, each: (app: string) => Promise<unknown>) =>
    record(action, async () => {
      for (const app of names) await each(app);
    });

  await measure('createApp', app => runtime.createApp(app, target.cluster));
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
  await measure('restart', app => runtime.restart(app, target.cluster, {}));
  await measure('processes', app => runtime.processes(app, target.cluster));
  await measure('logs (100 lines, all pods)', async app => {
    for await (const _ of runtime.logs(app, target.cluster, { lines: 100 })) {
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
  await record('ingress router apply (all apps)', () => router.apply(table));
  await record('ingress router apply unchanged', () => router.apply(table));
  await record('ingress router apply empty (removes all)', () =>
    router.apply([]),
  );
  await measure('deleteApp', app => runtime.deleteApp(app, target.cluster));
  return rows;
}

function print(target: string, rows: Row[]) {
  console.log(`\n${target} (sequential over apps)`);
  console.log(
    `${'action'.padEnd(52)} ${'apps'.padStart(4)} ${'requests'.padStart(
      8,
    )} ${'writes'.padStart(6)} ${'req/app'.padStart(7)} ${'total ms'.padStart(
      9,
    )} ${'ms/app'.padStart(7)}`,
  );
  for (const row of rows) {
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

async function main() {
  const controlPlane = ensureControlPlane(process.env);
  try {
    if (controlPlane.kubeconfig) {
      process.env.SLIPWAY_TEST_KUBECONFIG = controlPlane.kubeconfig;
      for (const size of sizes(
        process.env.BENCH_REAL_SIZES,
        SMOKE ? '1' : '1,10',
      )) {
        const target = await realTarget();
        try {
          print(target.name, await bench(target, size));
        } finally {
          await target.close();
        }
      }
    } else if (process.env.CI) {
      throw new Error(
        `The Kubernetes control plane cannot run: ${controlPlane.skipped}; CI requires the real API server`,
      );
    } else {
      console.log(`Real API server skipped: ${controlPlane.skipped}`);
    }
    for (const size of sizes(process.env.BENCH_SIZES, SMOKE ? '1,5' : '1,50')) {
      const target = await fakeTarget();
      try {
        print(target.name, await bench(target, size));
      } finally {
        await target.close();
      }
    }
  } finally {
    controlPlane.stop?.();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
