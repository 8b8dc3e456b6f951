import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import type { PodSecurityLevel } from './manifests';
import { PodSettings, readPodSettings } from './podSettings';

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
  /**
   * The Pod Security level enforced on app namespaces (`podSecurity`, default restricted). Apps allowed to run
   * as root (setting `runAsNonRoot: false`) get `baseline` at most.
   */
  podSecurity: PodSecurityLevel;
  /** `pods`: placement (node selector, tolerations), non-root uid and minReadySeconds of every pod. */
  pods: PodSettings;
  /** Namespaces whose pods may connect to app pods, besides the app's own; undefined: no NetworkPolicy. */
  networkPolicyAllowFrom?: string[];
};

const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'];
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

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
    podSecurity: readPodSecurity(section),
    pods: readPodSettings(config),
    networkPolicyAllowFrom: readNetworkPolicy(config),
  };
}

function readPodSecurity(section: Config | undefined): PodSecurityLevel {
  const level = section?.getOptionalString('podSecurity') ?? 'restricted';
  if (!POD_SECURITY_LEVELS.includes(level)) {
    throw new Error(
      `slipway.kubernetes.podSecurity must be one of ${POD_SECURITY_LEVELS.join(
        ', ',
      )}, not "${level}"`,
    );
  }
  return level as PodSecurityLevel;
}

/** By default, the ingress controller's namespace (`ingress-nginx`), or the Gateway's with the gateway router. */
function readNetworkPolicy(config: Config): string[] | undefined {
  const section = config.getOptionalConfig('slipway.kubernetes.networkPolicy');
  if (section?.getOptionalBoolean('enabled') === false) return undefined;
  const gatewayNamespace = config.getOptionalString(
    'slipway.kubernetes.gateway.namespace',
  );
  const allowFrom = section?.getOptionalStringArray('allowFrom') ?? [
    config.getOptionalString('slipway.router') === 'gateway' && gatewayNamespace
      ? gatewayNamespace
      : 'ingress-nginx',
  ];
  for (const namespace of allowFrom) {
    if (!NAMESPACE.test(namespace)) {
      throw new Error(
        `slipway.kubernetes.networkPolicy.allowFrom: "${namespace}" is not a namespace name`,
      );
    }
  }
  return allowFrom;
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
