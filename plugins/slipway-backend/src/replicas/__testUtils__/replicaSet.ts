import type { JsonObject } from '@backstage/types';
import { Replica, startReplica } from './startReplica';

/** Slipway's config of the replicas: runtime kubernetes (router ingress) on `cluster`, shared `dataDir`. */
export function replicaConfig(options: {
  dataDir: string;
  cluster: JsonObject;
  /** Names this Slipway installation on the cluster (its ingress class, labels). */
  instance: string;
  leaseSeconds: number;
  /** Merged into `slipway.kubernetes` (e.g. `build`). */
  kubernetes?: JsonObject;
}): object {
  return {
    slipway: {
      runtime: 'kubernetes',
      router: 'ingress',
      dataDir: options.dataDir,
      encryptionKey: Buffer.alloc(32, 7).toString('base64'),
      domain: 'apps.example.test',
      defaultCluster: options.cluster.name,
      reconcileInterval: { seconds: 2 },
      leaseTime: { seconds: options.leaseSeconds },
      kubernetes: {
        clusters: [options.cluster],
        retry: { attempts: 3, baseDelayMs: 5 },
        instance: options.instance,
        ingress: { className: 'nginx' },
        ...options.kubernetes,
      },
    },
  };
}

/** Starts `count` replicas on one database, in turn (each learns the instance ids before it). */
export async function startReplicas(
  count: number,
  options: {
    connection: object | string;
    config: object;
    /** Instance ids of replicas already running. */
    others?: string[];
  },
): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) {
    replicas.push(
      await startReplica({
        connection: options.connection,
        config: options.config,
        others: [...(options.others ?? []), ...replicas.map(r => r.instanceId)],
      }),
    );
  }
  return replicas;
}
