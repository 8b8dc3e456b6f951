import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  LogLine,
  Process,
  RunResult,
} from '@slipway/plugin-slipway-common';
import type {
  AppDesiredState,
  CapturedLogLine,
  LogOptions,
  RunOptions,
  Runtime,
  RuntimeApplyResult,
} from '@slipway/plugin-slipway-node';
import { randomBytes } from 'node:crypto';
import { differences } from '../../kubernetes/compare';
import { KubernetesSettings, pickCluster } from '../../kubernetes/config';
import { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import {
  ManifestOptions,
  Release,
  SERVICE_PORT,
  autoscalerManifest,
  deploymentManifest,
  envSecretManifest,
  networkPolicyManifest,
  portOf,
  processTypes,
  runJobManifest,
  serviceManifest,
} from './manifests';
import {
  PodSecurityLevel,
  namespaceManifest,
  registrySecretManifest,
} from '../../kubernetes/manifests';
import {
  ANNOTATION_RESTARTED_AT,
  ANNOTATION_SPEC_HASH,
  FIELD_MANAGER,
  LABEL_APP,
  LABEL_PHASE,
  LABEL_RELEASE,
  LABEL_ROLE,
  LABEL_TYPE,
  checkApp,
  checkType,
  namespaceOf,
  releaseOf,
  serviceName,
} from '../../kubernetes/names';
import { appLogs } from './logs';
import { readAll, toProcess } from './pods';
import { waitForRollout } from './rollout';
import { RestartCapture } from './restartCapture';
import {
  PodLogFollowing,
  type PodLogFollowingOptions,
} from './podLogFollowing';
import { watchUntil } from '../../kubernetes/watchUntil';
import type { ProcessUsageSource } from '../../metrics/ProcessSampler';
import { podMetricsSource, POD_METRICS_API } from './podMetrics';

/** The field manager that holds an autoscaled Deployment's replicas while they pass to its autoscaler. */
const HANDOVER_FIELD_MANAGER = 'slipway-handover-to-hpa';
/** Env Secrets of this many newest releases are kept (for rollbacks); older ones are removed. */
export const KEPT_ENV_SECRETS = 10;
const DEFAULT_DEPLOY_TIMEOUT = 300;
const POD_NAME = /^[a-z0-9]([-a-z0-9]{0,251}[a-z0-9])?$/;

type SyncOutcome = 'created' | 'updated' | 'drift' | 'same';

/** The objects of one release of an app. */
type ReleaseObjects = {
  secret: KubeObject;
  deployments: KubeObject[];
  service?: KubeObject;
  /** HorizontalPodAutoscalers of the autoscaled process types. */
  autoscalers: KubeObject[];
};

/**
 * Runs apps on Kubernetes: a namespace per app, a Deployment per process type, a Service for `web`,
 * the config of each release in an immutable Secret. See docs/kubernetes.md.
 */
export class KubernetesRuntime implements Runtime {
  private readonly clients = new Map<string, KubeClient>();
  private readonly restarts: RestartCapture;
  /** The kubelet keeps only running containers' logs (and one previous run): see Runtime. */
  readonly tailFromRetained = true;

  constructor(
    private readonly settings: KubernetesSettings,
    private readonly logger: LoggerService,
  ) {
    this.restarts = new RestartCapture(logger);
  }

  /** A restarted container's previous run (its log, how it ended), seen when its pods are listed. */
  onLogLine(
    listener: (app: string, line: CapturedLogLine) => void,
  ): () => void {
    return this.restarts.onLogLine(listener);
  }

  /**
   * Retains the output of running pods (see PodLogFollowing); restarts then tell only how a run
   * ended, its lines come from the followers.
   */
  followLogs(
    options: Omit<PodLogFollowingOptions, 'clusters' | 'client' | 'logger'>,
  ): PodLogFollowing {
    this.restarts.previousLines = false;
    const following = new PodLogFollowing({
      ...options,
      clusters: () => this.settings.clusters.map(cluster => cluster.name),
      client: cluster => this.client(cluster),
      logger: this.logger,
    });
    following.start();
    return following;
  }

  /** The API client of an app's cluster (one per cluster, so API discovery is cached). */
  client(cluster: string): KubeClient {
    const { name, kubeConfig } = pickCluster(this.settings, cluster);
    let client = this.clients.get(name);
    if (!client) {
      client = new KubeClient(kubeConfig, this.settings.retry);
      this.clients.set(name, client);
    }
    return client;
  }

  /** Where the pods' memory and CPU are read from: the metrics API (metrics-server) of each cluster. */
  processUsage(): ProcessUsageSource {
    return podMetricsSource(
      () => this.settings.clusters.map(cluster => cluster.name),
      cluster =>
        this.client(cluster).list(
          POD_METRICS_API,
          'PodMetrics',
          undefined,
          `${LABEL_APP},${LABEL_TYPE}`,
        ),
    );
  }

  async createApp(app: string, cluster: string): Promise<void> {
    const client = this.client(cluster);
    await this.ensureNamespace(client, checkApp(app), [], true);
  }

  async apply(desired: AppDesiredState): Promise<RuntimeApplyResult> {
    const app = checkApp(desired.app);
    const client = this.client(desired.cluster);
    const namespace = namespaceOf(app);
    const release = desired.release;
    const options = this.manifestOptions(desired);

    let objects: ReleaseObjects | undefined;
    try {
      objects = release
        ? this.desiredObjects(desired, release, options)
        : undefined;
    } catch (error) {
      // Invalid settings (a bad quantity, tag or probe) are refused before anything is written.
      if (error instanceof InputError)
        return { status: 'failed', reason: error.message };
      throw error;
    }

    const drift: string[] = [];
    let changed = await this.ensureNamespace(
      client,
      app,
      drift,
      options.runAsNonRoot,
    );
    if (!objects) {
      return { status: changed ? 'ready' : 'unchanged' };
    }

    const secret = await this.sync(
      client,
      objects.secret,
      await client.read(
        'v1',
        'Secret',
        namespace,
        objects.secret.metadata.name,
      ),
      drift,
    );
    // The release's Secret was there already: this release ran before, so its objects should exist.
    const applied = secret === 'same';
    if (secret !== 'same') {
      changed = true;
      await this.removeOldEnvSecrets(client, app, [
        release!.version,
        desired.previousRelease?.version,
      ]);
    }

    const rolling: string[] = [];
    const live = await client.list(
      'apps/v1',
      'Deployment',
      namespace,
      `${LABEL_APP}=${app}`,
    );
    for (const deployment of objects.deployments) {
      const current = live.find(
        d => d.metadata?.name === deployment.metadata.name,
      );
      await handOverReplicas(client, deployment, current);
      const outcome = await this.sync(
        client,
        deployment,
        current,
        drift,
        applied,
      );
      if (outcome !== 'same') {
        changed = true;
        rolling.push(deployment.metadata.name);
      }
    }
    changed =
      (await this.removeOthers(client, live, objects.deployments)) || changed;
    changed =
      (await this.syncService(client, app, objects.service, drift, applied)) ||
      changed;
    changed =
      (await this.syncAutoscalers(client, app, objects.autoscalers, drift)) ||
      changed;

    const upstream = objects.service
      ? {
          addresses: [
            `${objects.service.metadata.name}.${namespace}.svc.cluster.local:${SERVICE_PORT}`,
          ],
          service: {
            namespace,
            name: objects.service.metadata.name,
            port: SERVICE_PORT,
          },
        }
      : undefined;
    const result: RuntimeApplyResult = {
      status: changed ? 'ready' : 'unchanged',
      ...(upstream ? { upstream } : {}),
      ...(drift.length ? { drift } : {}),
    };
    if (drift.length)
      this.logger.info(
        `Slipway fixed drift of app ${app}: ${drift.join('; ')}`,
      );

    const timeout = desired.settings.deployTimeout || DEFAULT_DEPLOY_TIMEOUT;
    const notReady = await waitForRollout(
      client,
      namespace,
      app,
      rolling,
      timeout,
      { version: release!.version },
    );
    if (!notReady) return result;

    this.logger.warn(
      `Slipway rollout of ${app} v${release!.version} failed: ${notReady}`,
    );
    const restored = await this.restorePrevious(client, desired, options);
    return {
      ...result,
      status: 'failed',
      reason: restored
        ? `${notReady}; rolled back to v${desired.previousRelease!.version}`
        : notReady,
    };
  }

  private manifestOptions(desired: AppDesiredState): ManifestOptions {
    return {
      imagePullSecret: this.settings.imagePullSecret,
      deployTimeout: desired.settings.deployTimeout || DEFAULT_DEPLOY_TIMEOUT,
      // Non-root unless the app's image must run as root (an explicit `false`) and the platform allows root.
      runAsNonRoot:
        desired.settings.runAsNonRoot !== false ||
        !this.settings.pods.allowRoot,
      pods: this.settings.pods,
    };
  }

  private desiredObjects(
    desired: AppDesiredState,
    release: Release,
    options: ManifestOptions,
  ): ReleaseObjects {
    const types = Object.keys(processTypes(release)).sort();
    for (const type of Object.keys(desired.structure)) checkType(type);
    return {
      secret: envSecretManifest(desired.app, release) as KubeObject,
      deployments: types.map(
        type =>
          deploymentManifest(desired, release, type, options) as KubeObject,
      ),
      service: types.includes('web')
        ? (serviceManifest(desired.app, portOf(release)) as KubeObject)
        : undefined,
      autoscalers: types
        .filter(type => desired.settings.autoscale?.[type])
        .map(type =>
          autoscalerManifest(
            desired.app,
            type,
            desired.settings.autoscale[type],
          ),
        ),
    };
  }

  /** Creates the namespace (and registry Secret) when missing; true when it wrote anything. */
  private async ensureNamespace(
    client: KubeClient,
    app: string,
    drift: string[],
    nonRoot: boolean,
  ): Promise<boolean> {
    const namespace = namespaceManifest(
      app,
      podSecurityOf(this.settings.podSecurity, nonRoot),
    ) as KubeObject;
    const live = await client.read('v1', 'Namespace', undefined, app);
    let changed = false;
    if (!live || differences(namespace.metadata, live.metadata).length) {
      await client.apply(namespace);
      changed = true;
    }
    const { registry, imagePullSecret } = this.settings;
    if (registry && imagePullSecret) {
      const secret = registrySecretManifest(
        app,
        imagePullSecret,
        registry,
      ) as KubeObject;
      const liveSecret = await client.read(
        'v1',
        'Secret',
        app,
        imagePullSecret,
      );
      changed =
        (await this.sync(client, secret, liveSecret, drift)) !== 'same' ||
        changed;
    }
    const { networkPolicyAllowFrom } = this.settings;
    if (networkPolicyAllowFrom) {
      const policy = networkPolicyManifest(
        app,
        networkPolicyAllowFrom,
      ) as KubeObject;
      const livePolicy = await client.read(
        'networking.k8s.io/v1',
        'NetworkPolicy',
        app,
        policy.metadata.name,
      );
      changed =
        (await this.sync(client, policy, livePolicy, drift)) !== 'same' ||
        changed;
    }
    return changed;
  }

  /**
   * Applies `desired` unless the live object already is what Slipway applied (same spec hash, same fields).
   * Same hash but different fields means someone changed the object by hand: that is drift, and it is undone.
   */
  private async sync(
    client: KubeClient,
    desired: KubeObject,
    live: KubeObject | undefined,
    drift: string[],
    /** The object should exist already (its release was applied before): a missing one is drift. */
    expectedLive = false,
  ): Promise<SyncOutcome> {
    if (!live) {
      await client.apply(desired);
      if (expectedLive) {
        drift.push(
          `${desired.kind} ${desired.metadata.name}: missing (recreated)`,
        );
      }
      return 'created';
    }
    const sameHash =
      live.metadata?.annotations?.[ANNOTATION_SPEC_HASH] ===
      desired.metadata.annotations?.[ANNOTATION_SPEC_HASH];
    const { apiVersion: _a, kind: _k, ...fields } = desired;
    const diffs = differences(fields, live);
    if (sameHash && diffs.length === 0) return 'same';
    if (live.immutable) {
      // An immutable Secret cannot be changed in place.
      await client.delete(
        desired.apiVersion,
        desired.kind,
        desired.metadata.namespace,
        desired.metadata.name,
      );
    }
    await client.apply(desired);
    if (!sameHash) return 'updated';
    drift.push(
      ...diffs.map(d => `${desired.kind} ${desired.metadata.name}: ${d}`),
    );
    return 'drift';
  }

  /** Removes Deployments of process types the release no longer has. */
  private async removeOthers(
    client: KubeClient,
    live: KubeObject[],
    wanted: KubeObject[],
  ): Promise<boolean> {
    const names = new Set(wanted.map(d => d.metadata.name));
    let removed = false;
    for (const deployment of live) {
      if (!names.has(deployment.metadata?.name)) {
        await client.delete(
          'apps/v1',
          'Deployment',
          deployment.metadata?.namespace,
          deployment.metadata!.name!,
        );
        removed = true;
      }
    }
    return removed;
  }

  private async syncService(
    client: KubeClient,
    app: string,
    service: KubeObject | undefined,
    drift: string[],
    expectedLive = false,
  ) {
    const live = await client.read(
      'v1',
      'Service',
      namespaceOf(app),
      serviceName(app),
    );
    if (service)
      return (
        (await this.sync(client, service, live, drift, expectedLive)) !== 'same'
      );
    if (live)
      return client.delete('v1', 'Service', namespaceOf(app), serviceName(app));
    return false;
  }

  /** Applies the wanted HorizontalPodAutoscalers and removes those of types no longer autoscaled. */
  private async syncAutoscalers(
    client: KubeClient,
    app: string,
    wanted: KubeObject[],
    drift: string[],
  ): Promise<boolean> {
    const live = await client.list(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      namespaceOf(app),
      `${LABEL_APP}=${app}`,
    );
    let changed = false;
    for (const autoscaler of wanted) {
      const current = live.find(
        a => a.metadata?.name === autoscaler.metadata.name,
      );
      changed =
        (await this.sync(client, autoscaler, current, drift)) !== 'same' ||
        changed;
    }
    const names = new Set(wanted.map(a => a.metadata.name));
    for (const autoscaler of live) {
      if (names.has(autoscaler.metadata.name)) continue;
      await client.delete(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        namespaceOf(app),
        autoscaler.metadata.name,
      );
      changed = true;
    }
    return changed;
  }

  /** Keeps the env Secrets of the newest releases (and of `keep`), removes the rest. */
  private async removeOldEnvSecrets(
    client: KubeClient,
    app: string,
    keep: (number | undefined)[],
  ) {
    const secrets = await client.list(
      'v1',
      'Secret',
      namespaceOf(app),
      `${LABEL_APP}=${app},${LABEL_ROLE}=env`,
    );
    const newestFirst = secrets.sort(
      (a, b) => releaseOf(b.metadata?.labels) - releaseOf(a.metadata?.labels),
    );
    for (const [index, secret] of newestFirst.entries()) {
      const version = releaseOf(secret.metadata?.labels);
      if (index >= KEPT_ENV_SECRETS && !keep.includes(version)) {
        await client.delete(
          'v1',
          'Secret',
          secret.metadata?.namespace,
          secret.metadata!.name!,
        );
      }
    }
  }

  /** After a failed rollout: put the previous release's spec back. */
  private async restorePrevious(
    client: KubeClient,
    desired: AppDesiredState,
    options: ManifestOptions,
  ) {
    const previous = desired.previousRelease;
    if (!previous) return false;
    const objects = this.desiredObjects(desired, previous, options);
    const namespace = namespaceOf(desired.app);
    const secret = await client.read(
      'v1',
      'Secret',
      namespace,
      objects.secret.metadata.name,
    );
    await this.sync(client, objects.secret, secret, []);
    for (const deployment of objects.deployments)
      await client.apply(deployment);
    const live = await client.list(
      'apps/v1',
      'Deployment',
      namespace,
      `${LABEL_APP}=${desired.app}`,
    );
    await this.removeOthers(client, live, objects.deployments);
    await this.syncService(client, desired.app, objects.service, []);
    return true;
  }

  async processes(app: string, cluster: string): Promise<Process[]> {
    const client = this.client(cluster);
    const pods = (
      await client.list(
        'v1',
        'Pod',
        namespaceOf(app),
        `${LABEL_APP}=${app},${LABEL_TYPE}`,
      )
    ).filter(pod => pod.metadata?.labels?.[LABEL_ROLE] === undefined);
    // The health sweep lists every running app's pods: where a restart shows, its last words are kept.
    this.restarts.observe(client, app, pods);
    return pods
      .map(pod => toProcess(pod))
      .sort(
        (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
      );
  }

  async restart(
    app: string,
    cluster: string,
    target: { type?: string; name?: string },
  ): Promise<void> {
    const client = this.client(cluster);
    const namespace = namespaceOf(app);
    if (target.name) {
      // A single process: delete its pod; its Deployment starts a new one.
      const name = String(target.name);
      // Only a pod name of this app is looked up; anything else cannot be one of its processes.
      const pod =
        POD_NAME.test(name) && name.startsWith(`${app}-`)
          ? await client.read('v1', 'Pod', namespace, name)
          : undefined;
      if (
        !pod ||
        pod.metadata?.labels?.[LABEL_APP] !== app ||
        !pod.metadata?.labels?.[LABEL_TYPE]
      ) {
        throw new NotFoundError(
          `No process "${name.slice(0, 80)}" in app ${app}`,
        );
      }
      await client.delete('v1', 'Pod', namespace, pod.metadata!.name!);
      return;
    }
    const selector = `${LABEL_APP}=${app}${
      target.type ? `,${LABEL_TYPE}=${checkType(target.type)}` : ''
    }`;
    const deployments = await client.list(
      'apps/v1',
      'Deployment',
      namespace,
      selector,
    );
    if (target.type && deployments.length === 0) {
      throw new NotFoundError(
        `App ${app} has no process type "${target.type}"`,
      );
    }
    const restartedAt = new Date().toISOString();
    for (const deployment of deployments) {
      // Like `kubectl rollout restart`: a pod template annotation, owned by its own field manager so
      // that Slipway's next apply neither removes it nor counts it as drift.
      await client.mergePatch(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: deployment.metadata!.name!, namespace },
          spec: {
            template: {
              metadata: {
                annotations: { [ANNOTATION_RESTARTED_AT]: restartedAt },
              },
            },
          },
        },
        'slipway-restart',
      );
    }
  }

  async run(
    desired: AppDesiredState,
    command: string,
    options?: RunOptions,
  ): Promise<RunResult> {
    const app = checkApp(desired.app);
    const release = desired.release;
    if (!release)
      throw new InputError(
        `App ${app} has no release to run a command with; deploy first`,
      );
    const client = this.client(desired.cluster);
    const namespace = namespaceOf(app);
    const jobName = `${app}-run-${randomBytes(4).toString('hex')}`;
    const job = runJobManifest(app, release, command, jobName, {
      ...this.manifestOptions(desired),
      runTimeout: this.settings.runTimeout,
      releasePhase: options?.releasePhase,
    }) as KubeObject;
    const secret = envSecretManifest(app, release) as KubeObject;
    await this.sync(
      client,
      secret,
      await client.read('v1', 'Secret', namespace, secret.metadata.name),
      [],
    );
    await client.apply(job);
    try {
      const finished = (j?: KubeObject) =>
        Boolean(
          j && ((j.status?.succeeded ?? 0) > 0 || (j.status?.failed ?? 0) > 0),
        );
      const { reached } = await watchUntil(
        client,
        `/apis/batch/v1/namespaces/${namespace}/jobs`,
        { fieldSelector: `metadata.name=${jobName}` },
        seen => finished(seen.get(jobName)),
        (this.settings.runTimeout + 30) * 1000,
      );
      const [pod] = await client.list(
        'v1',
        'Pod',
        namespace,
        `batch.kubernetes.io/job-name=${jobName}`,
      );
      const output = pod
        ? await readAll(
            await client.podLog(namespace, pod.metadata!.name!, 'run', {
              timestamps: false,
            }),
          )
        : '';
      if (!reached) {
        throw new Error(
          `The command did not finish within ${this.settings.runTimeout}s${
            output ? `; output so far:\n${output}` : ''
          }`,
        );
      }
      return runResult(pod, output);
    } finally {
      await client.delete('batch/v1', 'Job', namespace, jobName);
    }
  }

  /**
   * Deletes release `version`'s release-phase Jobs (background propagation: their pods go too),
   * e.g. that of a replica that died while it ran; a Job already gone counts as stopped.
   */
  async stopReleasePhase(
    app: string,
    cluster: string,
    version: number,
  ): Promise<void> {
    const client = this.client(cluster);
    const namespace = namespaceOf(checkApp(app));
    const jobs = await client.list(
      'batch/v1',
      'Job',
      namespace,
      `${LABEL_ROLE}=run,${LABEL_PHASE}=release,${LABEL_RELEASE}=v${version}`,
    );
    for (const job of jobs) {
      await client.delete('batch/v1', 'Job', namespace, job.metadata.name);
    }
  }

  logs(
    app: string,
    cluster: string,
    options: LogOptions,
  ): AsyncIterable<LogLine> {
    return appLogs(this.client(cluster), checkApp(app), options);
  }

  async deleteApp(app: string, cluster: string): Promise<void> {
    // Everything an app owns lives in its namespace; deleting it removes all of it.
    await this.client(cluster).delete(
      'v1',
      'Namespace',
      undefined,
      namespaceOf(app),
    );
  }
}

/**
 * The exit code and output of a finished one-off pod. Only a container that terminated with 0 in a pod that did
 * not fail answers 0: a pod evicted or past its deadline (phase Failed) may have a container that exited 0 on
 * SIGTERM, or none that terminated at all, and the command did not complete (a release phase must not pass).
 */
export function runResult(
  pod: KubeObject | undefined,
  output: string,
): RunResult {
  const terminated = pod?.status?.containerStatuses?.[0]?.state?.terminated;
  // A command that exited non-zero by itself fails its pod too, with no pod reason: its code is the answer.
  const cutShort =
    !pod ||
    !terminated ||
    (pod.status?.phase === 'Failed' &&
      (Boolean(pod.status?.reason) || terminated.exitCode === 0));
  if (!cutShort) return { exitCode: terminated.exitCode ?? 1, output };
  const why = !pod
    ? 'its pod is gone'
    : [
        `pod ${pod.status?.phase ?? 'unknown'}`,
        pod.status?.reason,
        pod.status?.message,
        terminated
          ? `container exit code ${terminated.exitCode}${
              terminated.reason ? ` (${terminated.reason})` : ''
            }`
          : 'the container never terminated',
      ]
        .filter(Boolean)
        .join(': ');
  const exitCode = terminated?.exitCode ? terminated.exitCode : 1;
  const sep = output && !output.endsWith('\n') ? '\n' : '';
  return {
    exitCode,
    output: `${output}${sep}The command did not complete: ${why}\n`,
  };
}

/** `restricted` requires non-root pods: an app allowed to run as root gets `baseline` at most. */
export function podSecurityOf(
  level: PodSecurityLevel,
  nonRoot: boolean,
): PodSecurityLevel {
  return !nonRoot && level === 'restricted' ? 'baseline' : level;
}

/**
 * When a process type becomes autoscaled, Slipway stops applying its Deployment's `replicas`. Server-side apply
 * would then remove the field (and the Deployment would fall back to 1 replica until the autoscaler acts), so the
 * current count is first applied by a second field manager that keeps owning it; the autoscaler takes it from
 * there. (Kubernetes' documented way to hand a field over to an HPA.)
 */
async function handOverReplicas(
  client: KubeClient,
  desired: KubeObject,
  live: KubeObject | undefined,
) {
  if (!live || desired.spec?.replicas !== undefined) return;
  const ownedBySlipway = (live.metadata?.managedFields ?? []).some(
    (entry: any) =>
      entry.manager === FIELD_MANAGER &&
      entry.operation === 'Apply' &&
      entry.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined,
  );
  if (!ownedBySlipway) return;
  await client.apply(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: live.metadata.name,
        namespace: live.metadata.namespace,
      },
      spec: { replicas: live.spec?.replicas ?? 1 },
    },
    HANDOVER_FIELD_MANAGER,
  );
}
