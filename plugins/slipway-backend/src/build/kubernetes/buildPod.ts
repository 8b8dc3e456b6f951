import type { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import { watchUntil } from '../../kubernetes/watchUntil';
import { BUILD_CONTAINER, SOURCE_CONTAINER } from './manifests';

/** Waiting reasons after which a build pod never starts: its image cannot be had, or its spec is wrong. */
const STUCK =
  /^(ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull|CreateContainerConfigError|CreateContainerError)$/;

export type PodProgress =
  | { state: 'started'; pod: KubeObject }
  | { state: 'stuck'; pod: KubeObject; reason: string }
  | { state: 'gone' };

const statusOf = (pod: KubeObject, container: string, init = false) =>
  (
    (init
      ? pod.status?.initContainerStatuses
      : pod.status?.containerStatuses) ?? []
  ).find((s: any) => s.name === container);

/** Why a pod cannot start (an image that cannot be pulled, a failed source fetch), if it cannot. */
export function stuckReason(pod: KubeObject): string | undefined {
  for (const [name, init] of [
    [SOURCE_CONTAINER, true],
    [BUILD_CONTAINER, false],
  ] as const) {
    const status = statusOf(pod, name, init);
    const waiting = status?.state?.waiting;
    if (waiting && STUCK.test(waiting.reason ?? '')) {
      return `the ${
        name === SOURCE_CONTAINER ? 'source fetcher' : 'builder'
      } image ${status.image ?? ''} cannot be started: ${waiting.reason}${
        waiting.message ? ` (${waiting.message})` : ''
      }`;
    }
    const terminated = status?.state?.terminated;
    if (init && terminated && terminated.exitCode !== 0) {
      // Most often the backend is not reachable at the URL the pods were given.
      return `fetching the source failed (exit code ${terminated.exitCode}); build pods fetch it from slipway.kubernetes.build.sourceBaseUrl`;
    }
  }
  return undefined;
}

/**
 * Waits until the Job's pod runs its build container (so its log can be followed), finished, or is
 * stuck; at most `timeoutMs`.
 */
export async function waitForBuildPod(
  client: KubeClient,
  namespace: string,
  jobName: string,
  timeoutMs: number,
): Promise<PodProgress> {
  let result: PodProgress = { state: 'gone' };
  let seen = false;
  await watchUntil(
    client,
    `/api/v1/namespaces/${namespace}/pods`,
    { labelSelector: `batch.kubernetes.io/job-name=${jobName}` },
    pods => {
      // A pod that was there and is gone (the Job was deleted): nothing more to wait for.
      if (seen && pods.size === 0) return true;
      seen ||= pods.size > 0;
      for (const pod of pods.values()) {
        const reason = stuckReason(pod);
        if (reason) {
          result = { state: 'stuck', pod, reason };
          return true;
        }
        const build = statusOf(pod, BUILD_CONTAINER)?.state;
        if (
          build?.running ||
          build?.terminated ||
          ['Succeeded', 'Failed'].includes(pod.status?.phase)
        ) {
          result = { state: 'started', pod };
          return true;
        }
      }
      return false;
    },
    timeoutMs,
  );
  return result;
}

export type JobEnd =
  | { done: true; succeeded: boolean; reason?: string; message?: string }
  | { done: false; gone: boolean };

/** Waits for the Job's Complete or Failed condition (with the controller's reason, e.g. DeadlineExceeded). */
export async function waitForJobEnd(
  client: KubeClient,
  namespace: string,
  jobName: string,
  timeoutMs: number,
): Promise<JobEnd> {
  const conditionOf = (job?: KubeObject) =>
    (job?.status?.conditions ?? []).find(
      (c: any) =>
        (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
  let seen = false;
  const { objects } = await watchUntil(
    client,
    `/apis/batch/v1/namespaces/${namespace}/jobs`,
    { fieldSelector: `metadata.name=${jobName}` },
    jobs => {
      const job = jobs.get(jobName);
      if (seen && !job) return true; // deleted
      seen ||= Boolean(job);
      return Boolean(conditionOf(job));
    },
    timeoutMs,
  );
  const job = objects.get(jobName);
  const condition = conditionOf(job);
  if (condition) {
    return {
      done: true,
      succeeded: condition.type === 'Complete',
      reason: condition.reason,
      message: condition.message,
    };
  }
  return { done: false, gone: seen && !job };
}

/** The build container's end: exit code and termination message (the digest), if the pod is still there. */
export async function buildTermination(
  client: KubeClient,
  namespace: string,
  jobName: string,
): Promise<{ exitCode: number; message: string; reason?: string } | undefined> {
  const pods = await client.list(
    'v1',
    'Pod',
    namespace,
    `batch.kubernetes.io/job-name=${jobName}`,
  );
  for (const pod of pods) {
    const terminated = statusOf(pod, BUILD_CONTAINER)?.state?.terminated;
    if (terminated) {
      return {
        exitCode: terminated.exitCode,
        message: String(terminated.message ?? '').trim(),
        reason: terminated.reason,
      };
    }
  }
  return undefined;
}
