import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';

/** One entry of `slipway.kubernetes.clusters`: the Kubernetes plugin's cluster shape, or `inCluster: true`. */
export type KubernetesClusterSettings = {
  name: string;
  kubeConfig: KubeConfig;
};

/** Registry credentials, written as a `kubernetes.io/dockerconfigjson` Secret into every app namespace. */
export type RegistryCredentials = {
  server: string;
  username: string;
  password: string;
};

export type KubernetesSettings = {
  clusters: KubernetesClusterSettings[];
  /** Used when an app's cluster is empty or `default`. */
  defaultCluster?: string;
  /** Name of the image pull Secret the pods reference (created by Slipway when `registry` is set). */
  imagePullSecret?: string;
  registry?: RegistryCredentials;
  retry: { attempts: number; baseDelayMs: number; requestTimeoutMs: number };
  /** Seconds a one-off `run` Job may take. */
  runTimeout: number;
};

const REGISTRY_SECRET = 'slipway-registry';

/** Reads `slipway.kubernetes` from app-config. */
export function readKubernetesSettings(config: Config): KubernetesSettings {
  const section = config.getOptionalConfig('slipway.kubernetes');
  const clusters = (section?.getOptionalConfigArray('clusters') ?? []).map(
    readCluster,
  );
  const registryConfig = section?.getOptionalConfig('registry');
  const registry = registryConfig
    ? {
        server: registryConfig.getString('server'),
        username: registryConfig.getString('username'),
        password: registryConfig.getString('password'),
      }
    : undefined;
  const imagePullSecret =
    section?.getOptionalString('imagePullSecret') ??
    (registry ? REGISTRY_SECRET : undefined);
  return {
    clusters,
    defaultCluster: section?.getOptionalString('defaultCluster'),
    imagePullSecret,
    registry,
    retry: {
      attempts: section?.getOptionalNumber('retry.attempts') ?? 5,
      baseDelayMs: section?.getOptionalNumber('retry.baseDelayMs') ?? 200,
      requestTimeoutMs:
        section?.getOptionalNumber('retry.requestTimeoutMs') ?? 30_000,
    },
    runTimeout: section?.getOptionalNumber('runTimeout') ?? 600,
  };
}

function readCluster(cluster: Config): KubernetesClusterSettings {
  const name = cluster.getString('name');
  const kubeConfig = new KubeConfig();
  if (cluster.getOptionalBoolean('inCluster')) {
    // The backend's own service account, as mounted into its pod.
    kubeConfig.loadFromCluster();
    return { name, kubeConfig };
  }
  const authProvider =
    cluster.getOptionalString('authProvider') ?? 'serviceAccount';
  if (authProvider !== 'serviceAccount') {
    throw new Error(
      `slipway.kubernetes.clusters "${name}": authProvider "${authProvider}" is not supported; use serviceAccount or inCluster`,
    );
  }
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name,
        server: cluster.getString('url'),
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      },
    ],
    users: [
      {
        name: 'slipway',
        token: cluster.getOptionalString('serviceAccountToken'),
      },
    ],
    contexts: [{ name, cluster: name, user: 'slipway' }],
    currentContext: name,
  });
  return { name, kubeConfig };
}

/** The cluster an app runs on; a clear error for one that is not configured. */
export function pickCluster(
  settings: KubernetesSettings,
  name: string,
): KubernetesClusterSettings {
  const wanted =
    !name || name === 'default'
      ? settings.defaultCluster ??
        (settings.clusters.length === 1 ? settings.clusters[0].name : name)
      : name;
  const cluster = settings.clusters.find(c => c.name === wanted);
  if (!cluster) {
    const known = settings.clusters.map(c => c.name).join(', ') || 'none';
    throw new InputError(
      `Unknown Kubernetes cluster "${String(name).slice(
        0,
        60,
      )}"; configured clusters (slipway.kubernetes.clusters): ${known}`,
    );
  }
  return cluster;
}
