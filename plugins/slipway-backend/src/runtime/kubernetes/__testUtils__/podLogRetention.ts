import { ConfigReader } from '@backstage/config';
import { TestDatabases } from '@backstage/backend-test-utils';
import { SecretBox } from '../../../crypto/SecretBox';
import { Ledger } from '../../../ledger';
import { InstanceLease } from '../../../replicas/InstanceLease';
import { LogRetainer } from '../../../services/logs/LogRetainer';
import { followPodLogs } from '../../../services/logs/followPodLogs';
import { silentLogger } from '../../../kubernetes/__testUtils__/platformDeps';
import { REAL_CLUSTER } from '../../../kubernetes/__testUtils__/realConnection';
import type { PlatformDeps } from '../../../platform/types';
import { createKubernetesRuntime } from '../createKubernetesRuntime';
import type { KubernetesRuntime } from '../KubernetesRuntime';

/** An app pod as Slipway's Deployments make them (labels, container named after its type). */
export function appPod(
  app: string,
  name: string,
  image: string,
  extra: { command?: string[]; spec?: object } = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: app,
      labels: {
        'slipway.io/app': app,
        'slipway.io/type': 'web',
        'slipway.io/release': 'v3',
      },
    },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: 'web',
          image,
          ...(extra.command ? { command: extra.command } : {}),
        },
      ],
      ...extra.spec,
    },
  };
}

/**
 * A ledger (SQLite) holding `app` on the real cluster, and "backend replicas" that retain its pods'
 * output as the plugin does (followPodLogs: a runtime, a LogRetainer, an instance lease each).
 */
export async function podLogRetention(
  databases: TestDatabases,
  deps: () => PlatformDeps,
  app: string,
) {
  const knex = await databases.init('SQLITE_3');
  const ledger = await Ledger.create({
    database: { getClient: async () => knex },
    box: new SecretBox(Buffer.alloc(32, 1)),
  });
  const now = new Date().toISOString();
  await ledger.apps.insert({
    name: app,
    owner: 'user:default/jane',
    cluster: REAL_CLUSTER,
    structure: {},
    settings: {},
    createdAt: now,
    updatedAt: now,
  } as any);
  const started: (() => Promise<void>)[] = [];

  /** One replica: follows until `stop` (which, like a backend shutdown, stores what it queued). */
  const replica = async (instanceId: string, maxPods?: number) => {
    const runtime = createKubernetesRuntime(deps()) as KubernetesRuntime;
    const lease = new InstanceLease({
      leases: ledger.leases,
      instanceId,
      logger: silentLogger,
    });
    await lease.start();
    const retainer = new LogRetainer({
      ledger,
      logger: silentLogger,
      retention: { maxLines: 10_000, maxBytes: 5 * 1024 * 1024 },
      flushMs: 50,
    });
    const following = followPodLogs({
      config: new ConfigReader({
        slipway: {
          logs: { kubernetes: { interval: { seconds: 1 }, maxPods } },
        },
      }),
      ledger,
      runtime,
      retainer,
      lease,
    })!;
    const stop = async () => {
      await following.stop();
      await retainer.close();
      await lease.stop();
    };
    started.push(stop);
    return { following, retainer, runtime, stop };
  };

  const lines = async () =>
    (await ledger.logs.list(app, {}, 'asc', { limit: 1000 })).items;

  return {
    ledger,
    replica,
    lines,
    stopAll: () => Promise.all(started.map(stop => stop().catch(() => {}))),
  };
}
