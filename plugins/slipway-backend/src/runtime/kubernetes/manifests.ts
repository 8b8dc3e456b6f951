import { InputError } from '@backstage/errors';
import type {
  V1Container,
  V1Deployment,
  V1Job,
  V1PodSpec,
  V1Probe,
  V1Secret,
  V1Service,
} from '@kubernetes/client-node';
import { configKeySyntaxProblem } from '@slipway/plugin-slipway-common';
import type {
  Healthcheck,
  Probe,
  ProcessLimits,
} from '@slipway/plugin-slipway-common';
import type { AppDesiredState } from '@slipway/plugin-slipway-node';
import type { KubeObject } from '../../kubernetes/KubeClient';
import {
  LABEL_PHASE,
  LABEL_RELEASE,
  LABEL_ROLE,
  LABEL_TYPE,
  appLabels,
  checkType,
  deploymentName,
  envSecretName,
  namespaceOf,
  networkPolicyName,
  processLabels,
  processSelector,
  serviceName,
} from '../../kubernetes/names';
import { withHash } from '../../kubernetes/manifests';
import { PodSettings, placement } from '../../kubernetes/podSettings';

/** Port the `web` process listens on unless the config sets `PORT` (as in Deis Workflow). */
export const DEFAULT_PORT = 5000;
/** Port of the `<app>-web` Service that routers send traffic to. */
export const SERVICE_PORT = 80;

export type Release = NonNullable<AppDesiredState['release']>;

/** What the runtime needs besides the desired state. */
export type ManifestOptions = {
  imagePullSecret?: string;
  /** Seconds; becomes the Deployments' progress deadline. */
  deployTimeout: number;
  /**
   * The app's `runAsNonRoot` setting (default true): its containers run as `pods.runAsUser` with a read-only
   * root file system. False (an image that must run as root) keeps the image's user and a writable root.
   */
  runAsNonRoot: boolean;
  /** `slipway.kubernetes.pods`: placement, the non-root uid, minReadySeconds. */
  pods: PodSettings;
};

/** Where the writable scratch directories of a non-root container are mounted (emptyDirs). */
export const TMP_DIR = '/tmp';
export const HOME_DIR = '/home/slipway';
/**
 * Bound of each scratch directory: emptyDirs live on the node's disk, and an app that filled it would get the
 * node's pods evicted (DiskPressure), other apps' too. The kubelet evicts a pod past its limit.
 */
export const SCRATCH_SIZE_LIMIT = '1Gi';
/** The readiness check of a web process without one: its port accepts connections. */
const DEFAULT_READINESS: V1Probe = {
  periodSeconds: 2,
  failureThreshold: 3,
};

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@+]{0,511}$/;
const MAX_COMMAND = 64 * 1024;
/** Images of the local builder (`slug:<sha256>`). */
const SLUG_PREFIX = 'slug:';

/** Process type → command of a release; an image without a Procfile runs its own command as `web`. */
export function processTypes(release: Release): Record<string, string> {
  const procfile = release.build.procfile ?? {};
  const types = Object.keys(procfile).length > 0 ? procfile : { web: '' };
  for (const type of Object.keys(types)) checkType(type);
  return types;
}

/** The port processes listen on: `PORT` from the config when it is a valid port, else 5000. */
export function portOf(release: Release): number {
  const port = Number(release.config.values.PORT);
  return /^\d+$/.test(release.config.values.PORT ?? '') &&
    port >= 1 &&
    port <= 65535
    ? port
    : DEFAULT_PORT;
}

/** The release's config as an immutable Secret; pods read it with `envFrom`. */
export function envSecretManifest(app: string, release: Release): V1Secret {
  // No prototype: a config key `__proto__` is a key like any other.
  const data: Record<string, string> = Object.create(null);
  for (const key of Object.keys(release.config.values).sort()) {
    // Keys the platform sets (PORT) may be left from before they were refused: harmless here.
    const problem = configKeySyntaxProblem(key);
    if (problem) throw new InputError(problem);
    data[key] = Buffer.from(release.config.values[key], 'utf8').toString(
      'base64',
    );
  }
  return withHash<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: envSecretName(app, release.version),
      namespace: namespaceOf(app),
      labels: {
        ...appLabels(app),
        [LABEL_ROLE]: 'env',
        [LABEL_RELEASE]: `v${release.version}`,
      },
    },
    type: 'Opaque',
    immutable: true,
    data,
  });
}

/** One Deployment for one process type of a release. */
export function deploymentManifest(
  desired: AppDesiredState,
  release: Release,
  type: string,
  options: ManifestOptions,
): V1Deployment {
  const { app } = desired;
  const command = processTypes(release)[type] ?? '';
  const port = portOf(release);
  const container: V1Container = {
    ...containerBase(app, release, type, command, port),
    ...(type === 'web'
      ? { ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }] }
      : {}),
    ...probes(release.config.healthchecks[type], port, type),
    ...resources(release.config.limits[type], type),
  };
  if (type === 'web' && !container.readinessProbe) {
    // Without a check of its own a web pod would count as ready the moment it starts, and a process that
    // exits at start would replace the serving release: it must at least accept connections on its port.
    container.readinessProbe = {
      tcpSocket: { port: port as any },
      ...DEFAULT_READINESS,
    };
  }
  return withHash<V1Deployment>({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: deploymentName(app, type),
      namespace: namespaceOf(app),
      labels: processLabels(app, type, release.version),
    },
    spec: {
      // An autoscaled type's replicas belong to its HorizontalPodAutoscaler; applying them would fight it.
      ...(desired.settings.autoscale?.[type]
        ? {}
        : { replicas: desired.structure[type] ?? 0 }),
      revisionHistoryLimit: 10,
      // A new pod counts only once it has stayed ready this long: one that crashes soon after start never does.
      minReadySeconds: options.pods.minReadySeconds,
      // The API server refuses a deadline that is not longer than minReadySeconds.
      progressDeadlineSeconds: Math.max(
        options.deployTimeout,
        options.pods.minReadySeconds + 1,
      ),
      selector: { matchLabels: processSelector(app, type) },
      strategy: {
        type: 'RollingUpdate',
        // Never take a serving pod away before its replacement is ready.
        rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
      },
      template: {
        metadata: { labels: processLabels(app, type, release.version) },
        spec: {
          ...podSpecBase(release, options),
          containers: [withScratch(container, options)],
        },
      },
    },
  });
}

/** The `<app>-web` Service in front of the web pods. */
export function serviceManifest(app: string, port: number): V1Service {
  return withHash<V1Service>({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: serviceName(app),
      namespace: namespaceOf(app),
      labels: { ...appLabels(app), [LABEL_TYPE]: 'web' },
    },
    spec: {
      type: 'ClusterIP',
      selector: processSelector(app, 'web'),
      ports: [
        {
          name: 'http',
          port: SERVICE_PORT,
          targetPort: port as any,
          protocol: 'TCP',
        },
      ],
    },
  });
}

/** A one-off Job running `command` with the release's image and config. */
export function runJobManifest(
  app: string,
  release: Release,
  command: string,
  jobName: string,
  options: ManifestOptions & { runTimeout: number; releasePhase?: boolean },
): V1Job {
  if (typeof command !== 'string' || command.trim() === '') {
    throw new InputError('A command is required');
  }
  if (command.length > MAX_COMMAND) {
    throw new InputError(
      `The command is longer than ${MAX_COMMAND} characters`,
    );
  }
  const labels = {
    ...appLabels(app),
    [LABEL_ROLE]: 'run',
    [LABEL_RELEASE]: `v${release.version}`,
    ...(options.releasePhase ? { [LABEL_PHASE]: 'release' } : {}),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobName, namespace: namespaceOf(app), labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: options.runTimeout,
      ttlSecondsAfterFinished: 300,
      template: {
        metadata: { labels },
        spec: {
          ...podSpecBase(release, options),
          restartPolicy: 'Never',
          containers: [
            withScratch(
              containerBase(app, release, 'run', command, portOf(release)),
              options,
            ),
          ],
        },
      },
    },
  };
}

function containerBase(
  app: string,
  release: Release,
  name: string,
  command: string,
  port: number,
): V1Container {
  const image = release.build.image;
  if (typeof image === 'string' && image.startsWith(SLUG_PREFIX)) {
    // A slug is a directory on the backend host that built it; no kubelet can pull it.
    throw new InputError(
      `Build ${image.slice(
        0,
        24,
      )}… is a slug of the local builder, which only the local runtime can run; ` +
        'set slipway.builder to kubernetes so that pushes are built into images in the cluster',
    );
  }
  if (typeof image !== 'string' || !IMAGE.test(image)) {
    throw new InputError(
      `"${String(image).slice(0, 80)}" is not a valid image reference`,
    );
  }
  return {
    name,
    image,
    // The Procfile command runs through a shell, as on Heroku; none means the image's own entrypoint.
    ...(command.trim() ? { command: ['/bin/sh', '-c', command] } : {}),
    env: [{ name: 'PORT', value: String(port) }],
    envFrom: [{ secretRef: { name: envSecretName(app, release.version) } }],
    // Pushed code is untrusted: no privilege escalation (setuid), no Linux capabilities.
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** A non-root container gets a read-only root file system with a writable /tmp and HOME (emptyDirs). */
function withScratch(
  container: V1Container,
  options: ManifestOptions,
): V1Container {
  if (!options.runAsNonRoot) return container;
  return {
    ...container,
    env: [...(container.env ?? []), { name: 'HOME', value: HOME_DIR }],
    securityContext: {
      ...container.securityContext,
      readOnlyRootFilesystem: true,
    },
    volumeMounts: [
      { name: 'tmp', mountPath: TMP_DIR },
      { name: 'home', mountPath: HOME_DIR },
    ],
  };
}

function podSpecBase(
  release: Release,
  options: ManifestOptions,
): Omit<V1PodSpec, 'containers'> {
  const tags = release.config.tags ?? {};
  for (const [key, value] of Object.entries(tags)) {
    if (!LABEL_KEY.test(key) || key.length > 317) {
      throw new InputError(
        `Tag "${key.slice(0, 60)}" is not a valid Kubernetes label key`,
      );
    }
    if (!LABEL_VALUE.test(value)) {
      throw new InputError(
        `Tag value "${String(value).slice(
          0,
          60,
        )}" of "${key}" is not a valid Kubernetes label value`,
      );
    }
  }
  return {
    // App code does not talk to the Kubernetes API; no token in its pods.
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: {
      seccompProfile: { type: 'RuntimeDefault' },
      // Non-root by default, as one uid whatever the image's USER (root or unset in many images);
      // an app whose image must run as root opts out with its `runAsNonRoot` setting.
      ...(options.runAsNonRoot
        ? {
            runAsNonRoot: true,
            runAsUser: options.pods.runAsUser,
            runAsGroup: options.pods.runAsUser,
            fsGroup: options.pods.runAsUser,
          }
        : {}),
    },
    ...placement(options.pods, tags),
    ...(options.runAsNonRoot
      ? {
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: SCRATCH_SIZE_LIMIT } },
            { name: 'home', emptyDir: { sizeLimit: SCRATCH_SIZE_LIMIT } },
          ],
        }
      : {}),
    ...(options.imagePullSecret
      ? { imagePullSecrets: [{ name: options.imagePullSecret }] }
      : {}),
  };
}

function probes(
  healthcheck: Healthcheck | undefined,
  port: number,
  type: string,
): Pick<V1Container, 'readinessProbe' | 'livenessProbe'> {
  return {
    ...(healthcheck?.readiness
      ? {
          readinessProbe: probe(healthcheck.readiness, port, type, 'readiness'),
        }
      : {}),
    ...(healthcheck?.liveness
      ? { livenessProbe: probe(healthcheck.liveness, port, type, 'liveness') }
      : {}),
  };
}

function probe(
  p: Probe,
  defaultPort: number,
  type: string,
  which: string,
): V1Probe {
  const where = `${which} healthcheck of "${type}"`;
  const port = p.port ?? defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(`The ${where} has an invalid port`);
  }
  const timing: V1Probe = {};
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'failureThreshold',
  ] as const) {
    const value = p[field];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > 86400) {
      throw new InputError(`The ${where} has an invalid ${field}`);
    }
    timing[field] = value;
  }
  switch (p.type) {
    case 'http': {
      const path = p.path ?? '/';
      if (
        typeof path !== 'string' ||
        !/^\/[\x21-\x7e]*$/.test(path) ||
        path.length > 1024
      ) {
        throw new InputError(
          `The ${where} needs a path starting with "/" without spaces`,
        );
      }
      return { httpGet: { path, port: port as any }, ...timing };
    }
    case 'tcp':
      return { tcpSocket: { port: port as any }, ...timing };
    case 'exec':
      if (
        !Array.isArray(p.command) ||
        p.command.length === 0 ||
        !p.command.every(c => typeof c === 'string')
      ) {
        throw new InputError(`The ${where} needs a command`);
      }
      return { exec: { command: [...p.command] }, ...timing };
    default:
      throw new InputError(
        `The ${where} has an unknown type "${String(p.type).slice(0, 20)}"`,
      );
  }
}

function resources(
  limits: ProcessLimits | undefined,
  type: string,
): Pick<V1Container, 'resources'> {
  const values: Record<string, string> = {};
  for (const resource of ['cpu', 'memory'] as const) {
    const quantity = limits?.[resource];
    if (quantity === undefined) continue;
    if (typeof quantity !== 'string' || !QUANTITY.test(quantity)) {
      throw new InputError(
        `The ${resource} limit of "${type}" is not a Kubernetes quantity like 512Mi or 500m`,
      );
    }
    values[resource] = quantity;
  }
  return Object.keys(values).length ? { resources: { limits: values } } : {};
}

/**
 * The app namespace's NetworkPolicy: its pods accept connections only from pods of the same namespace and from
 * the namespaces of the ingress controller or Gateway (`slipway.kubernetes.networkPolicy.allowFrom`).
 */
export function networkPolicyManifest(
  app: string,
  allowFrom: string[],
): KubeObject {
  // client-node serializes (and reads back) NetworkPolicies through its V1NetworkPolicy model, whose name for
  // the `from` field is `_from`: a plain `from` would be dropped on the way to the server.
  return withHash<KubeObject>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: networkPolicyName(app),
      namespace: namespaceOf(app),
      labels: { ...appLabels(app), [LABEL_ROLE]: 'network-policy' },
    },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [
            { podSelector: {} },
            ...[...allowFrom].sort().map(namespace => ({
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': namespace },
              },
            })),
          ],
        },
      ],
    },
  });
}

/** The `autoscaling/v2` HorizontalPodAutoscaler of an autoscaled process type (`settings.autoscale.<type>`). */
export function autoscalerManifest(
  app: string,
  type: string,
  bounds: { min: number; max: number; cpuPercent: number },
): KubeObject {
  return withHash<KubeObject>({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: deploymentName(app, type),
      namespace: namespaceOf(app),
      labels: { ...appLabels(app), [LABEL_TYPE]: checkType(type) },
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deploymentName(app, type),
      },
      minReplicas: bounds.min,
      maxReplicas: bounds.max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization: bounds.cpuPercent,
            },
          },
        },
      ],
    },
  });
}
