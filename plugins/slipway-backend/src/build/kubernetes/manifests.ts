import {
  DEFAULT_POD_SETTINGS,
  PodSettings,
  placement,
} from '../../kubernetes/podSettings';
import type { V1Container, V1Job, V1Secret } from '@kubernetes/client-node';
import {
  namespaceManifest,
  registrySecretManifest,
} from '../../kubernetes/manifests';
import {
  LABEL_ROLE,
  appLabels,
  checkApp,
  namespaceOf,
} from '../../kubernetes/names';
import { captureProcfileScript, writeReportScript } from './buildReport';
import type { KubernetesBuildSettings } from './config';

export const LABEL_BUILD = 'slipway.io/build';
export const BUILD_CONTAINER = 'build';
export const SOURCE_CONTAINER = 'source';
/** The Secret with the registry push credentials, mounted only into build pods. */
export const PUSH_SECRET = 'slipway-registry-push';
/** Seconds a stopped build pod gets before it is killed. */
const BUILD_GRACE_SECONDS = 5;
/** The user rootless BuildKit's image is made for. */
const BUILDKIT_USER = 1000;

/** How the source is built: buildpacks, or the repository's own root `Dockerfile`. */
export type BuildKind = 'buildpacks' | 'dockerfile';

/** One build: what the Job is named and labelled by, where it gets its source, where the image goes. */
export type BuildJob = {
  app: string;
  /** The build's id (a UUID); labels the Job and its pod. */
  buildId: string;
  kind: BuildKind;
  /** `<repository>/<app>` (no tag). */
  repository: string;
  /** The git commit's short sha: the image tag. */
  tag: string;
  /** Where the pod fetches the source tarball. */
  sourceUrl: string;
};

export const buildJobName = (job: Pick<BuildJob, 'app' | 'buildId'>) =>
  `${checkApp(job.app)}-build-${job.buildId.replace(/-/g, '').slice(0, 10)}`;
export const sourceSecretName = (job: Pick<BuildJob, 'app' | 'buildId'>) =>
  `${buildJobName(job)}-source`;

export function buildLabels(job: Pick<BuildJob, 'app' | 'buildId'>) {
  return {
    ...appLabels(job.app),
    [LABEL_ROLE]: 'build',
    [LABEL_BUILD]: job.buildId,
  };
}

export { namespaceManifest };

/** The single-use source token as a Secret, so it is in no object spec anyone can read. */
export function sourceSecretManifest(job: BuildJob, token: string): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: sourceSecretName(job),
      namespace: namespaceOf(job.app),
      labels: buildLabels(job),
    },
    type: 'Opaque',
    data: { token: Buffer.from(token).toString('base64') },
  };
}

/** Push credentials for the build's registry (`kubernetes.io/dockerconfigjson`). */
export function pushSecretManifest(
  app: string,
  settings: KubernetesBuildSettings,
): V1Secret | undefined {
  if (!settings.push) return undefined;
  return registrySecretManifest(app, PUSH_SECRET, {
    server: settings.repository.host,
    ...settings.push,
  });
}

// The lifecycle writes the image digest to its report; the termination message carries it out of the pod.
// The Procfile is kept before the app's code runs and reported with the digest (see buildReport.ts).
const CNB_SCRIPT = [
  'set -e',
  captureProcfileScript('/workspace'),
  '/cnb/lifecycle/creator -app=/workspace -layers=/layers -cache-image="$SLIPWAY_CACHE_IMAGE" -report=/layers/report.toml "$SLIPWAY_IMAGE"',
  `digest="$(sed -n 's/^[[:space:]]*digest = "\\(sha256:[0-9a-f]*\\)".*/\\1/p' /layers/report.toml)"`,
  writeReportScript('/dev/termination-log'),
].join('\n');

const BUILDKIT_SCRIPT = [
  'set -e',
  captureProcfileScript('/workspace'),
  'buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=/workspace --local dockerfile=/workspace' +
    ' --output "type=image,name=$SLIPWAY_IMAGE,push=true"' +
    ' --import-cache "type=registry,ref=$SLIPWAY_CACHE_IMAGE"' +
    ' --export-cache "type=registry,ref=$SLIPWAY_CACHE_IMAGE,mode=max"' +
    ' --metadata-file /tmp/metadata.json',
  `digest="$(sed -n 's/.*"containerimage.digest": *"\\(sha256:[0-9a-f]*\\)".*/\\1/p' /tmp/metadata.json)"`,
  writeReportScript('/dev/termination-log'),
].join('\n');

const FETCH_SCRIPT = [
  'set -e',
  'curl -fsS --max-time 300 -H "Authorization: Bearer $SLIPWAY_SOURCE_TOKEN" -o /tmp/source.tar.gz "$SLIPWAY_SOURCE_URL"',
  'tar -xzf /tmp/source.tar.gz -C /workspace',
  'rm /tmp/source.tar.gz',
].join('\n');

/**
 * The build Job: an init container fetches the pushed source into the workspace, the build container
 * turns it into an image and pushes it. Hardened: no service account token, no service links, never
 * retried, bounded in time and resources, non-root, all capabilities dropped. The Dockerfile build
 * alone needs what rootless BuildKit needs to create its user namespace (see docs/kubernetes.md).
 */
export function buildJobManifest(
  job: BuildJob,
  settings: KubernetesBuildSettings,
  pods: PodSettings = DEFAULT_POD_SETTINGS,
): V1Job {
  const buildpacks = job.kind === 'buildpacks';
  const user = buildpacks
    ? settings.cnbUser
    : { uid: BUILDKIT_USER, gid: BUILDKIT_USER };
  const labels = buildLabels(job);
  const resources = {
    requests: { ...settings.resources.requests },
    limits: { ...settings.resources.limits },
  };
  const hardened = {
    runAsNonRoot: true,
    runAsUser: user.uid,
    runAsGroup: user.gid,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  };
  const registryMount = settings.push
    ? [{ name: 'registry', mountPath: '/slipway/registry', readOnly: true }]
    : [];
  const fetch: V1Container = {
    name: SOURCE_CONTAINER,
    image: settings.fetcher,
    command: ['/bin/sh', '-c', FETCH_SCRIPT],
    env: [
      { name: 'SLIPWAY_SOURCE_URL', value: job.sourceUrl },
      {
        name: 'SLIPWAY_SOURCE_TOKEN',
        valueFrom: {
          secretKeyRef: { name: sourceSecretName(job), key: 'token' },
        },
      },
    ],
    resources,
    // It writes only the workspace and /tmp, both volumes.
    securityContext: { ...hardened, readOnlyRootFilesystem: true },
    volumeMounts: [
      { name: 'workspace', mountPath: '/workspace' },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
  const env = [
    { name: 'SLIPWAY_IMAGE', value: `${job.repository}:${job.tag}` },
    { name: 'SLIPWAY_CACHE_IMAGE', value: `${job.repository}:build-cache` },
    ...(settings.push
      ? [{ name: 'DOCKER_CONFIG', value: '/slipway/registry' }]
      : []),
  ];
  const build: V1Container = buildpacks
    ? {
        name: BUILD_CONTAINER,
        image: settings.builder,
        command: ['/bin/sh', '-c', CNB_SCRIPT],
        env: [{ name: 'CNB_PLATFORM_API', value: '0.12' }, ...env],
        resources,
        securityContext: hardened,
        terminationMessagePolicy: 'File',
        volumeMounts: [
          { name: 'workspace', mountPath: '/workspace' },
          { name: 'layers', mountPath: '/layers' },
          { name: 'tmp', mountPath: '/tmp' },
          ...registryMount,
        ],
      }
    : {
        name: BUILD_CONTAINER,
        image: settings.dockerfileBuilder,
        command: ['/bin/sh', '-c', BUILDKIT_SCRIPT],
        env: [
          {
            name: 'BUILDKITD_FLAGS',
            value: '--oci-worker-no-process-sandbox',
          },
          ...env,
        ],
        resources,
        securityContext: {
          ...hardened,
          // rootlesskit maps users through the setuid newuidmap/newgidmap, in a user namespace that
          // the default seccomp profile forbids creating.
          allowPrivilegeEscalation: true,
          capabilities: { drop: ['ALL'], add: ['SETUID', 'SETGID'] },
          seccompProfile: { type: 'Unconfined' },
        },
        terminationMessagePolicy: 'File',
        volumeMounts: [
          { name: 'workspace', mountPath: '/workspace' },
          { name: 'tmp', mountPath: '/tmp' },
          { name: 'buildkit', mountPath: '/home/user/.local/share/buildkit' },
          ...registryMount,
        ],
      };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: buildJobName(job),
      namespace: namespaceOf(job.app),
      labels,
    },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: settings.deadlineSeconds,
      ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
      template: {
        metadata: {
          labels,
          ...(buildpacks
            ? {}
            : {
                annotations: {
                  [`container.apparmor.security.beta.kubernetes.io/${BUILD_CONTAINER}`]:
                    'unconfined',
                },
              }),
        },
        spec: {
          restartPolicy: 'Never',
          ...placement(pods),
          // A stopped build (deadline, cancelled push) has nothing to save, and the shell that runs the
          // builder as PID 1 does not pass SIGTERM on: the default 30 s would only delay the failure.
          terminationGracePeriodSeconds: BUILD_GRACE_SECONDS,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            fsGroup: user.gid,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          initContainers: [fetch],
          containers: [build],
          volumes: [
            { name: 'workspace', emptyDir: {} },
            { name: 'tmp', emptyDir: {} },
            ...(buildpacks
              ? [{ name: 'layers', emptyDir: {} }]
              : [{ name: 'buildkit', emptyDir: {} }]),
            ...(settings.push
              ? [
                  {
                    name: 'registry',
                    secret: {
                      secretName: PUSH_SECRET,
                      items: [
                        { key: '.dockerconfigjson', path: 'config.json' },
                      ],
                    },
                  },
                ]
              : []),
          ],
        },
      },
    },
  };
}
