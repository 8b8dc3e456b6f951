import type { Config } from '@backstage/config';
import { parseRepository, type RepositoryReference } from '../../registry';

const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

export type BuildResources = {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
};

/** `slipway.kubernetes.build`: how pushed code becomes an image in the cluster. */
export type KubernetesBuildSettings = {
  /** The cluster builds run on (default: the runtime's default cluster). */
  cluster: string;
  /** The backend's plugin URL as build pods reach it, e.g. `http://backstage.backstage.svc:7007/api/slipway`. */
  sourceBaseUrl: string;
  /** Cloud Native Buildpacks builder image (holds `/cnb/lifecycle/creator`). */
  builder: string;
  /** Rootless BuildKit image for repositories with a root `Dockerfile`. */
  dockerfileBuilder: string;
  /** Image with `curl` and `tar` that fetches the source into the build's workspace. */
  fetcher: string;
  /** Where images go: `<repository>/<app>:<short sha>`, cache at `<repository>/<app>:build-cache`. */
  repository: RepositoryReference;
  /** The registry's API as the backend reaches it (to verify digests). */
  registryUrl: string;
  /** Push credentials, mounted into build pods only. */
  push?: { username: string; password: string };
  verifyDigest: boolean;
  resources: BuildResources;
  deadlineSeconds: number;
  ttlSecondsAfterFinished: number;
  sourceTokenSeconds: number;
  /** The user and group the CNB lifecycle runs as (the builder image's CNB user). */
  cnbUser: { uid: number; gid: number };
};

/** Reads `slipway.kubernetes.build` (with push credentials defaulting to `slipway.kubernetes.registry`). */
export function readKubernetesBuildSettings(
  config: Config,
): KubernetesBuildSettings {
  const kubernetes = config.getOptionalConfig('slipway.kubernetes');
  const build = kubernetes?.getOptionalConfig('build');
  const registry = kubernetes?.getOptionalConfig('registry');
  const where = 'slipway.kubernetes.build';
  const sourceBaseUrl = build?.getOptionalString('sourceBaseUrl');
  if (!sourceBaseUrl || !/^https?:\/\/[^\s]+$/.test(sourceBaseUrl)) {
    throw new Error(
      `${where}.sourceBaseUrl must be the backend's Slipway URL as build pods reach it, e.g. http://backstage.backstage.svc:7007/api/slipway (the builder "kubernetes" fetches pushed source from there)`,
    );
  }
  const repositoryText =
    build?.getOptionalString('repository') ??
    (registry?.getOptionalString('server')
      ? `${registry.getString('server')}/slipway`
      : undefined);
  if (!repositoryText) {
    throw new Error(
      `${where}.repository (or slipway.kubernetes.registry.server) is required: builds push their images there`,
    );
  }
  const repository = parseRepository(repositoryText, `${where}.repository`);
  const pushConfig = build?.getOptionalConfig('push') ?? registry;
  const push = pushConfig?.has('username')
    ? {
        username: pushConfig.getString('username'),
        password: pushConfig.getString('password'),
      }
    : undefined;
  const positive = (key: string, fallback: number) => {
    const value = build?.getOptionalNumber(key) ?? fallback;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`${where}.${key} must be a positive whole number`);
    }
    return value;
  };
  const resource = (key: string, fallback: string) => {
    const value = build?.getOptionalString(`resources.${key}`) ?? fallback;
    if (!QUANTITY.test(value)) {
      throw new Error(
        `${where}.resources.${key} must be a Kubernetes quantity like 500m, 2 or 4Gi, got "${value.slice(
          0,
          40,
        )}"`,
      );
    }
    return value;
  };
  return {
    cluster:
      build?.getOptionalString('cluster') ??
      kubernetes?.getOptionalString('defaultCluster') ??
      'default',
    sourceBaseUrl: sourceBaseUrl.replace(/\/+$/, ''),
    builder: build?.getOptionalString('builder') ?? 'heroku/builder:24',
    dockerfileBuilder:
      build?.getOptionalString('dockerfileBuilder') ??
      'moby/buildkit:v0.18.2-rootless',
    fetcher: build?.getOptionalString('fetcher') ?? 'curlimages/curl:8.11.1',
    repository,
    registryUrl: (
      build?.getOptionalString('registryUrl') ?? `https://${repository.host}`
    ).replace(/\/+$/, ''),
    ...(push ? { push } : {}),
    verifyDigest: build?.getOptionalBoolean('verifyDigest') ?? true,
    resources: {
      requests: {
        cpu: resource('requests.cpu', '500m'),
        memory: resource('requests.memory', '1Gi'),
      },
      limits: {
        cpu: resource('limits.cpu', '2'),
        memory: resource('limits.memory', '4Gi'),
      },
    },
    deadlineSeconds: positive('deadlineSeconds', 1800),
    ttlSecondsAfterFinished: positive('ttlSecondsAfterFinished', 3600),
    sourceTokenSeconds: positive('sourceTokenSeconds', 300),
    cnbUser: {
      uid: positive('cnbUser.uid', 1002),
      gid: positive('cnbUser.gid', 1000),
    },
  };
}
