import {
  DEFAULT_POD_SETTINGS,
  PodSettings,
} from '../../kubernetes/podSettings';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  BuildExecutor,
  BuildOutcome,
  BuildRequest,
} from '@slipway/plugin-slipway-node';
import { randomUUID } from 'node:crypto';
import type { BuildSources } from '../../git/sourceArchive';
import { RegistryClient } from '../../registry';
import type { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import { LABEL_APP, LABEL_ROLE, namespaceOf } from '../../kubernetes/names';
import type { PodSecurityLevel } from '../../kubernetes/manifests';
import {
  checkSourceTree,
  DEFAULT_SOURCE_LIMITS,
  isSourceFile,
  type SourceLimits,
} from '../source';
import { parseBuildReport, type BuildReport } from './buildReport';
import { buildTermination, waitForBuildPod, waitForJobEnd } from './buildPod';
import type { KubernetesBuildSettings } from './config';
import {
  BUILD_CONTAINER,
  LABEL_BUILD,
  SOURCE_CONTAINER,
  buildJobManifest,
  buildJobName,
  namespaceManifest,
  pushSecretManifest,
  sourceSecretManifest,
  type BuildJob,
  type BuildKind,
} from './manifests';
import { TailLines } from './tailLines';

/** Extra time the backend waits beyond the Job's own deadline (scheduling, the controller noticing). */
const GRACE_MS = 60_000;
/** How often a build log that is not served yet is asked for again (every half second). */
const LOG_ATTEMPTS = 20;

/**
 * The `kubernetes` build executor: each build is a Job in the app's namespace that fetches the pushed
 * commit from this backend (once, with a short-lived token), builds it with Cloud Native Buildpacks or,
 * for a root `Dockerfile`, rootless BuildKit, and pushes the image to the registry. The build pod's log
 * streams to the pusher; the image digest comes back as the container's termination message, and the
 * outcome references the image by that digest. No pushed code runs on the backend's machine, and no
 * pushed file is read there: the process types come in the same report (see buildReport.ts).
 */
export class KubernetesBuildExecutor implements BuildExecutor {
  private readonly registry: RegistryClient;

  constructor(
    private readonly settings: KubernetesBuildSettings,
    private readonly client: KubeClient,
    private readonly sources: BuildSources,
    private readonly logger: LoggerService,
    /** The Pod Security level of app namespaces (`slipway.kubernetes.podSecurity`). */
    private readonly podSecurity: PodSecurityLevel = 'baseline',
    private readonly sourceLimits: SourceLimits = DEFAULT_SOURCE_LIMITS,
    /** `slipway.kubernetes.pods`: build pods go where app pods go (node selector, tolerations). */
    private readonly pods: PodSettings = DEFAULT_POD_SETTINGS,
  ) {
    this.registry = new RegistryClient({
      apiUrl: settings.registryUrl,
      auth: settings.push,
    });
  }

  get maxBuildMs(): number {
    return this.settings.deadlineSeconds * 1000 + GRACE_MS;
  }

  async build(request: BuildRequest): Promise<BuildOutcome> {
    const { app, log, signal } = request;
    const namespace = namespaceOf(app);
    // The build pod fetches this tree as an archive: bounded like the local builder's.
    await checkSourceTree(request.sourceDir, this.sourceLimits);
    const kind = await buildKind(request.sourceDir);
    if (kind === 'dockerfile' && this.podSecurity !== 'privileged') {
      // Its pod would be refused by admission and the build would only end at its deadline.
      throw new Error(
        `a root Dockerfile is built with rootless BuildKit, which needs Unconfined seccomp and AppArmor; ` +
          `Pod Security "${this.podSecurity}" of app namespaces refuses such a pod (slipway.kubernetes.podSecurity). ` +
          `Remove the Dockerfile to build with buildpacks, or set slipway.kubernetes.podSecurity: privileged`,
      );
    }
    const job: BuildJob = {
      app,
      buildId: request.buildId ?? randomUUID(),
      kind,
      repository: `${this.settings.repository.host}/${this.settings.repository.path}/${app}`,
      tag: request.sha.slice(0, 7),
      sourceUrl: '',
    };
    const jobName = buildJobName(job);
    const offer = await this.sources.offer(
      app,
      request.sourceDir,
      this.settings.sourceTokenSeconds * 1000,
    );
    job.sourceUrl = `${this.settings.sourceBaseUrl}/build-sources/${offer.id}.tar.gz`;
    const tail = new TailLines(20);
    const output = (text: string) => {
      tail.push(text);
      log(text);
    };
    const cancel = () => {
      void this.client
        .delete('batch/v1', 'Job', namespace, jobName)
        .catch(() => {});
    };
    try {
      await this.prepareNamespace(app);
      await this.waitForEarlierBuilds(app, job.buildId, output);
      output(
        `-----> ${
          kind === 'dockerfile'
            ? `Dockerfile build with ${this.settings.dockerfileBuilder}`
            : `Cloud Native Buildpacks build with ${this.settings.builder}`
        }\n`,
      );
      const created = await this.client.apply(
        buildJobManifest(job, this.settings, this.pods) as KubeObject,
      );
      // The source token Secret goes with the Job when the Job is removed (ttlSecondsAfterFinished).
      await this.client.apply({
        ...(sourceSecretManifest(job, offer.token) as KubeObject),
        metadata: {
          ...(sourceSecretManifest(job, offer.token).metadata as any),
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'Job',
              name: jobName,
              uid: created.metadata.uid,
            },
          ],
        },
      });
      signal?.addEventListener('abort', cancel, { once: true });
      // A cancelled push answers at once; the deleted Job ends the watches behind it.
      const { digest, procfile } = await Promise.race([
        this.follow(job, jobName, output, signal),
        ...(signal ? [aborted(signal)] : []),
      ]);
      const image = `${job.repository}@${digest}`;
      output(`-----> Pushed ${job.repository}:${job.tag} (${digest})\n`);
      this.logger.info(`Built ${app} ${request.sha.slice(0, 7)} into ${image}`);
      return { image, procfile: procfile ?? { web: '' } };
    } catch (error) {
      if (signal?.aborted) throw new Error('the build was cancelled');
      const lines = tail.lines();
      throw new Error(
        `${(error as Error).message}${
          lines.length ? `\nLast lines of the build:\n${lines.join('\n')}` : ''
        }`,
      );
    } finally {
      signal?.removeEventListener('abort', cancel);
      offer.withdraw();
      await this.client
        .delete('v1', 'Secret', namespace, `${jobName}-source`)
        .catch(() => {});
    }
  }

  /** Streams the build's log; resolves with the build's report (the pushed image's digest, the Procfile), or throws why there is none. */
  private async follow(
    job: BuildJob,
    jobName: string,
    output: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<BuildReport> {
    const namespace = namespaceOf(job.app);
    const timeoutMs = this.settings.deadlineSeconds * 1000 + GRACE_MS;
    const pod = await waitForBuildPod(
      this.client,
      namespace,
      jobName,
      timeoutMs,
    );
    if (pod.state === 'stuck') {
      // A fetch that failed said why on its own output (curl's error); it is not streamed, so show its end.
      if (fetchFailed(pod.pod)) {
        await this.copyLog(namespace, pod.pod.metadata.name, output);
      } else {
        // An image that cannot be pulled keeps the Job active until its deadline, and the app's next push
        // would wait for it (one build at a time): it is removed now.
        await this.client
          .delete('batch/v1', 'Job', namespace, jobName)
          .catch(() => {});
      }
      throw new Error(pod.reason);
    }
    if (pod.state === 'started') {
      await this.streamLog(namespace, pod.pod.metadata.name, output, signal);
    }
    signal?.throwIfAborted();
    const end = await waitForJobEnd(this.client, namespace, jobName, timeoutMs);
    signal?.throwIfAborted();
    if (!end.done) {
      if (end.gone)
        throw new Error('the build Job was deleted before it finished');
      throw new Error(
        `the build did not finish within ${this.settings.deadlineSeconds} seconds`,
      );
    }
    if (end.reason === 'DeadlineExceeded') {
      throw new Error(
        `the build took longer than ${this.settings.deadlineSeconds} seconds and was stopped`,
      );
    }
    const termination = await buildTermination(this.client, namespace, jobName);
    if (!end.succeeded || (termination && termination.exitCode !== 0)) {
      throw new Error(
        termination
          ? `the builder exited with code ${termination.exitCode}${
              termination.reason === 'OOMKilled' ? ' (out of memory)' : ''
            }`
          : `the build Job failed${end.message ? `: ${end.message}` : ''}`,
      );
    }
    const report = parseBuildReport(termination?.message ?? '');
    const { digest } = report;
    if (this.settings.verifyDigest) {
      const repositoryPath = `${this.settings.repository.path}/${job.app}`;
      let found: string | undefined;
      try {
        found = await this.registry.manifestDigest(repositoryPath, digest);
      } catch (error) {
        throw new Error(
          `could not confirm the image with the registry: ${
            (error as Error).message
          }`,
        );
      }
      if (found !== digest) {
        throw new Error(
          `the registry has no image ${job.repository}@${digest} (the push did not arrive)`,
        );
      }
    }
    return report;
  }

  /**
   * Follows the build container's log into `output` until the container ends. Right after a container
   * starts the node may not serve its log yet (404/400): that is retried briefly; a pod that went away
   * (deadline, cancel) ends the log, and the Job's end says why.
   */
  private async streamLog(
    namespace: string,
    pod: string,
    output: (text: string) => void,
    signal?: AbortSignal,
  ) {
    for (let attempt = 0; !signal?.aborted; attempt++) {
      let stream: NodeJS.ReadableStream;
      try {
        stream = await this.client.podLog(namespace, pod, BUILD_CONTAINER, {
          follow: true,
          timestamps: false,
          signal,
        });
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (attempt < LOG_ATTEMPTS && (status === 404 || status === 400)) {
          await new Promise(resolve => setTimeout(resolve, 500));
          continue;
        }
        this.logger.debug(`No build log of ${namespace}/${pod}: ${error}`);
        return;
      }
      for await (const chunk of stream) output(chunk.toString());
      return;
    }
  }

  /** The last lines of the source fetcher's log, into `output`; nothing when the node serves none. */
  private async copyLog(
    namespace: string,
    pod: string,
    output: (text: string) => void,
  ) {
    try {
      const stream = await this.client.podLog(
        namespace,
        pod,
        SOURCE_CONTAINER,
        { tailLines: 10, timestamps: false },
      );
      for await (const chunk of stream) output(chunk.toString());
    } catch (error) {
      this.logger.debug(`No fetch log of ${namespace}/${pod}: ${error}`);
    }
  }

  /** The namespace and push credentials exist before the first release does. */
  private async prepareNamespace(app: string) {
    const namespace = namespaceOf(app);
    if (!(await this.client.read('v1', 'Namespace', undefined, namespace))) {
      await this.client.apply(
        namespaceManifest(app, this.podSecurity) as KubeObject,
      );
    }
    const push = pushSecretManifest(app, this.settings);
    if (push) await this.client.apply(push as KubeObject);
  }

  /**
   * One build per app at a time, also across backend replicas: a newer build queues behind a build Job
   * of the app that is still running.
   */
  private async waitForEarlierBuilds(
    app: string,
    buildId: string,
    output: (text: string) => void,
  ) {
    const namespace = namespaceOf(app);
    const running = (
      await this.client.list(
        'batch/v1',
        'Job',
        namespace,
        `${LABEL_APP}=${app},${LABEL_ROLE}=build`,
      )
    ).filter(
      job => job.metadata.labels?.[LABEL_BUILD] !== buildId && !finished(job),
    );
    for (const job of running) {
      output(
        `-----> Waiting for the running build ${job.metadata.labels?.[LABEL_BUILD]} of ${app}...\n`,
      );
      await waitForJobEnd(
        this.client,
        namespace,
        job.metadata.name,
        this.settings.deadlineSeconds * 1000 + GRACE_MS,
      );
    }
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), {
      once: true,
    });
  });
}

function fetchFailed(pod: KubeObject): boolean {
  const fetch = (pod.status?.initContainerStatuses ?? []).find(
    (s: any) => s.name === SOURCE_CONTAINER,
  );
  return (fetch?.state?.terminated?.exitCode ?? 0) !== 0;
}

function finished(job: KubeObject): boolean {
  return (job.status?.conditions ?? []).some(
    (c: any) =>
      (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/** A regular file named `Dockerfile` at the root (not a link) means the repository builds itself. */
async function buildKind(sourceDir: string): Promise<BuildKind> {
  return (await isSourceFile(sourceDir, 'Dockerfile'))
    ? 'dockerfile'
    : 'buildpacks';
}
