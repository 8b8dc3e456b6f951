import type { JsonObject } from '@backstage/types';
import type { PlatformDeps } from '../../platform/types';
import { platformDeps } from './platformDeps';
import { adminObjects, clusterConfig } from './realCluster';
import { RecordingProxy } from './recordingProxy';

/** The name of the cluster entry the real-server suites configure. */
export const REAL_CLUSTER = 'real';

export type RealConnection = {
  /** Every request the runtime and routers send passes this proxy (to count writes). */
  proxy: RecordingProxy;
  /** `slipway.kubernetes.clusters[0]`: the proxy, with the ServiceAccount's token. */
  cluster: JsonObject;
  /** Platform deps for runtime and router factories, with `extra` config merged in. */
  deps(extra?: Record<string, unknown>): PlatformDeps;
  close(): Promise<void>;
};

/**
 * Connects to the real control plane as a ServiceAccount bound to `clusterRole` (default cluster-admin),
 * through a recording proxy.
 */
export async function connectToRealCluster(
  options: { clusterRole?: string; serviceAccount?: string } = {},
): Promise<RealConnection> {
  const real = await clusterConfig(REAL_CLUSTER, options);
  const proxy = await RecordingProxy.start(real.url, real.caData);
  const cluster: JsonObject = {
    name: REAL_CLUSTER,
    url: proxy.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: real.serviceAccountToken,
    // client-node speaks plain HTTP (to the proxy) only with skipTLSVerify; the proxy checks the server's CA.
    skipTLSVerify: true,
  };
  return {
    proxy,
    cluster,
    deps: (extra = {}) => platformDeps(cluster, extra),
    close: () => proxy.close(),
  };
}

/** Deletes test namespaces as admin (in the background: the namespace controller finishes the job). */
export async function deleteNamespaces(names: Iterable<string>) {
  const api = adminObjects();
  for (const name of names) {
    await api
      .delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
      .catch(() => undefined);
  }
}

/** An object as the API server stores it (read as admin), or undefined. */
export async function readAsAdmin(
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
): Promise<any | undefined> {
  try {
    return await adminObjects().read({
      apiVersion,
      kind,
      metadata: { name, namespace },
    });
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/** Objects of a kind in a namespace (read as admin). */
export async function listAsAdmin(
  apiVersion: string,
  kind: string,
  namespace: string,
  labelSelector?: string,
): Promise<any[]> {
  const list = await adminObjects().list(
    apiVersion,
    kind,
    namespace,
    undefined,
    undefined,
    undefined,
    undefined,
    labelSelector,
  );
  return list.items;
}

/** The objects a router owns (label `slipway.io/router`) in `namespaces`: its route kind, Secrets and Services. */
export async function routerObjectsIn(
  namespaces: string[],
  route: { apiVersion: string; kind: string },
): Promise<any[]> {
  const objects = [];
  for (const namespace of namespaces) {
    for (const { apiVersion, kind } of [
      route,
      { apiVersion: 'v1', kind: 'Secret' },
      { apiVersion: 'v1', kind: 'Service' },
    ]) {
      const owned = await listAsAdmin(
        apiVersion,
        kind,
        namespace,
        'slipway.io/router',
      );
      objects.push(...owned.map(o => ({ ...o, kind })));
    }
  }
  return objects;
}
