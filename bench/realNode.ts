/*
 * Benchmark of apps that really run (npm run bench:real-node): the Kubernetes runtime against the real node of
 * ../shared/k8s (kubelet v1.28, containerd, runc, CNI bridge) beside its control plane. The app is an image.sh
 * image of the host's Node; it is checked from this machine through its pods' own addresses. Per round:
 * - image deploy → the first pod answering (from the apply's start);
 * - config change → the new process answering with the new value;
 * - scale-up 1 → 3 → the new pods Ready;
 * - one-off run → its process's first output (start latency), and the whole run.
 * Rounds: BENCH_ROUNDS (default 5; 1 in smoke mode). Without the real node (not root, packages missing) it says
 * why and skips; with CI set it fails instead.
 */
import path from 'node:path';
import type { AppDesiredState } from '@slipway/plugin-slipway-node';
import { createKubernetesRuntime } from '../plugins/slipway-backend/src/runtime/kubernetes/createKubernetesRuntime';
import {
  desiredState,
  release,
} from '../plugins/slipway-backend/src/runtime/kubernetes/__testUtils__/fakeCluster';
import { benchSize } from './smoke';
import { percentile } from './support';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const {
  ensureControlPlane,
  ensureRealNode,
} = require('../scripts/kubeControlPlane');

const APP_DIR = path.resolve(
  __dirname,
  '../plugins/slipway-backend/src/runtime/kubernetes/__testUtils__/realNodeApp',
);

type Sample = Record<string, number>;

async function until<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

async function main() {
  const env = process.env;
  const controlPlane = ensureControlPlane(env);
  const skip = (why: string) => {
    if (env.CI) throw new Error(`${why}; CI requires the real node`);
    console.log(`Real node skipped: ${why}`);
  };
  try {
    if (!controlPlane.kubeconfig)
      return skip(`no control plane (${controlPlane.skipped})`);
    env.SLIPWAY_TEST_KUBECONFIG = controlPlane.kubeconfig;
    const node = ensureRealNode(env, controlPlane.kubeconfig);
    if (!node.registry) return skip(node.skipped);
    env.SLIPWAY_TEST_REAL_NODE_REGISTRY = node.registry;
    await run(Number(benchSize(env.BENCH_ROUNDS, 5, 1)));
  } finally {
    controlPlane.stop?.();
  }
}

async function run(rounds: number) {
  // Loaded once the environment names the control plane and the registry: the harness reads them when it loads.
  const {
    REAL_CLUSTER,
    connectToRealCluster,
    deleteNamespaces,
    listAsAdmin,
  } = require('../plugins/slipway-backend/src/kubernetes/__testUtils__/realConnection');
  const {
    buildImage,
    realNodePlacement,
  } = require('../plugins/slipway-backend/src/kubernetes/__testUtils__/realNode');

  const suffix = `${process.pid.toString(36)}${Date.now()
    .toString(36)
    .slice(-4)}`;
  const t0 = Date.now();
  const image: string = await buildImage(`rn-bench:${suffix}`, APP_DIR, [
    '/usr/bin/node',
    '/app/server.js',
  ]);
  console.log(`image.sh: ${Date.now() - t0} ms (${image})`);
  const connection = await connectToRealCluster({
    serviceAccount: 'slipway-bench',
  });
  const runtime = createKubernetesRuntime(
    connection.deps({
      kubernetes: {
        instance: `rn-bench-${suffix}`,
        pods: {
          nodeSelector: Object.entries(realNodePlacement.nodeSelector).map(
            ([key, value]) => ({ key, value }),
          ),
          tolerations: realNodePlacement.tolerations,
        },
      },
    }),
  );
  const apps: string[] = [];
  const samples: Sample[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const app = `rn-bench-${suffix}-${round}`;
      apps.push(app);
      const state = (
        version: number,
        greeting: string,
        web: number,
        previous?: AppDesiredState['release'],
      ) => {
        const r = release(app, {
          version,
          image,
          procfile: { web: 'node /app/server.js' },
          values: { GREETING: greeting },
        });
        return {
          r,
          desired: desiredState(
            app,
            r,
            { web },
            {
              cluster: REAL_CLUSTER,
              previousRelease: previous,
            },
          ),
        };
      };
      const answering = (greeting: string, count = 1) =>
        until(async () => {
          const pods = (
            await listAsAdmin('v1', 'Pod', app, `slipway.io/app=${app}`)
          ).filter(
            (p: any) => p.status?.podIP && !p.metadata.deletionTimestamp,
          );
          let answered = 0;
          for (const pod of pods) {
            const response = await fetch(`http://${pod.status.podIP}:5000/`, {
              signal: AbortSignal.timeout(1000),
            }).catch(() => undefined);
            const body: any = await response?.json().catch(() => undefined);
            if (body?.greeting === greeting) answered++;
          }
          return answered >= count ? true : undefined;
        });
      const sample: Sample = {};
      await runtime.createApp(app, REAL_CLUSTER);

      const v2 = state(2, 'one', 1);
      let start = Date.now();
      const deployed = runtime.apply(v2.desired);
      await answering('one');
      sample['deploy → first pod answering'] = Date.now() - start;
      await deployed;

      const v3 = state(3, 'two', 1, v2.r);
      start = Date.now();
      const changed = runtime.apply(v3.desired);
      await answering('two');
      sample['config change → new process answering'] = Date.now() - start;
      await changed;

      start = Date.now();
      const scaling = runtime.apply(state(3, 'two', 3, v2.r).desired);
      await until(async () => {
        const pods = await listAsAdmin(
          'v1',
          'Pod',
          app,
          `slipway.io/app=${app},slipway.io/type=web`,
        );
        const ready = pods.filter((p: any) =>
          (p.status?.conditions ?? []).some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
        );
        return ready.length >= 3 ? true : undefined;
      });
      sample['scale 1 → 3: new pods Ready'] = Date.now() - start;
      const scaled = await scaling;
      if (scaled.status === 'failed') throw new Error(scaled.reason);
      // The rollout counts a new pod once it has stayed ready for minReadySeconds (3 s).
      sample['scale 1 → 3: rollout done'] = Date.now() - start;

      start = Date.now();
      const result = await runtime.run(
        v3.desired,
        'node -e "console.log(Date.now())"',
      );
      sample['run: whole'] = Date.now() - start;
      sample['run: start latency'] = Number(result.output.trim()) - start;
      samples.push(sample);
      console.log(
        `round ${round + 1}: ${Object.entries(sample)
          .map(([k, v]) => `${k} ${v} ms`)
          .join(', ')}`,
      );
      await runtime.deleteApp(app, REAL_CLUSTER);
    }
  } finally {
    await connection.close();
    await deleteNamespaces(apps);
  }
  console.log(`\nReal node, ${rounds} round(s), ms (median / max):`);
  for (const key of Object.keys(samples[0] ?? {})) {
    const values = samples.map(s => s[key]);
    console.log(
      `${key.padEnd(42)} ${String(percentile(values, 50)).padStart(6)} ${String(
        Math.max(...values),
      ).padStart(6)}`,
    );
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
