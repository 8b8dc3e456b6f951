import type { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import {
  LABEL_APP,
  LABEL_RELEASE,
  LABEL_ROLE,
  LABEL_TYPE,
} from '../../kubernetes/names';
import { readAll } from './pods';
import { watchUntil } from '../../kubernetes/watchUntil';

/** Whether a Deployment has rolled out its current spec completely. */
export function rolledOut(deployment: KubeObject): boolean {
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  return (
    (status.observedGeneration ?? 0) >=
      (deployment.metadata?.generation ?? 0) &&
    (status.updatedReplicas ?? 0) >= wanted &&
    (status.availableReplicas ?? 0) >= wanted &&
    // Old pods gone: nothing but the new ones left.
    (status.replicas ?? 0) === wanted
  );
}

function deadlineExceeded(deployment: KubeObject): boolean {
  return (deployment.status?.conditions ?? []).some(
    (c: { type: string; reason?: string }) =>
      c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
  );
}

/** How often the new release's pods are checked for crashes while a rollout is watched. */
export const CRASH_CHECK_MS = 1000;
/** A container that restarted this often is crash looping (the kubelet's back-off would only slow it down). */
export const CRASH_RESTARTS = 2;
/**
 * Waiting reasons that will not go away by waiting for the rollout's deadline. Image pulls and
 * `CreateContainerConfigError` are left to the deadline: a busy kubelet reports `failed to sync secret cache`
 * and a slow registry pull errors, and both pass on the kubelet's retry.
 */
const FATAL_WAITING = ['CrashLoopBackOff', 'InvalidImageName'];
const LAST_LINES = 10;

/** Why a new pod will never become ready, when that is already certain. */
export type Crash = {
  pod: string;
  container: string;
  /** e.g. `OOMKilled`, `Error`, `ImagePullBackOff`. */
  reason: string;
  exitCode?: number;
  restarts: number;
  /** The kubelet's own words (a waiting container's message). */
  message?: string;
  memoryLimit?: string;
  /** The container ran (and crashed): its previous run's log is worth reading. */
  ran: boolean;
};

/** A pod's crash: an OOM kill, a crash loop (restarted twice, or back-off), or a container that cannot start. */
export function crashOf(pod: KubeObject): Crash | undefined {
  for (const status of pod.status?.containerStatuses ?? []) {
    const waiting = status.state?.waiting;
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    const restarts = status.restartCount ?? 0;
    const spec = (pod.spec?.containers ?? []).find(
      (c: { name: string }) => c.name === status.name,
    );
    const base = {
      pod: pod.metadata.name,
      container: status.name,
      restarts,
      memoryLimit: spec?.resources?.limits?.memory,
    };
    if (terminated?.reason === 'OOMKilled')
      return {
        ...base,
        reason: 'OOMKilled',
        exitCode: terminated.exitCode,
        ran: true,
      };
    if (
      terminated &&
      (restarts >= CRASH_RESTARTS || waiting?.reason === 'CrashLoopBackOff')
    )
      return {
        ...base,
        reason: terminated.reason ?? 'Error',
        exitCode: terminated.exitCode,
        ran: true,
      };
    if (waiting && FATAL_WAITING.includes(waiting.reason))
      return {
        ...base,
        reason: waiting.reason,
        message: waiting.message,
        ran: false,
      };
  }
  return undefined;
}

/** Longest log line shown whole in a crash reason. */
const MAX_LINE = 2000;

/**
 * A log line for the reason: whole, or not at all. Readers without config read see reasons masked, and a
 * mask only knows whole values: a line cut short could end in the first part of a secret.
 */
function shownLine(line: string): string {
  return line.length <= MAX_LINE
    ? line
    : `(a line of ${line.length} characters, not shown)`;
}

/** `web: OOMKilled (memory limit 16Mi, exit code 137) after 1 restart; last lines: …`. */
export function describeCrash(type: string, crash: Crash, lines: string[]) {
  const details = [
    ...(crash.reason === 'OOMKilled' && crash.memoryLimit
      ? [`memory limit ${crash.memoryLimit}`]
      : []),
    ...(crash.exitCode !== undefined ? [`exit code ${crash.exitCode}`] : []),
  ];
  let what = crash.ran ? `exited (${crash.reason})` : crash.reason;
  if (crash.reason === 'OOMKilled') what = 'OOMKilled';
  const restarts = crash.ran
    ? ` after ${crash.restarts} restart${crash.restarts === 1 ? '' : 's'}`
    : '';
  const message = crash.message
    ? `: ${String(crash.message).slice(0, 200)}`
    : '';
  const tail = lines.length
    ? `; last lines:\n${lines.map(l => `  ${shownLine(l)}`).join('\n')}`
    : '';
  return `${type}: ${what}${
    details.length ? ` (${details.join(', ')})` : ''
  }${restarts}${message}${tail}`;
}

/** The release whose pods a rollout waits for (its pods carry `slipway.io/release: v<version>`). */
export type RolloutRelease = { version: number };

/**
 * Waits until the named Deployments of an app have rolled out, or `timeoutSeconds` pass, or a pod of the new
 * release crashes (fails fast: a crash loop or an OOM kill is certain within seconds, the deadline is not needed).
 * Returns undefined when ready, else why not: the new release's pods, their exit code or reason, last log lines.
 */
export async function waitForRollout(
  client: KubeClient,
  namespace: string,
  app: string,
  names: string[],
  timeoutSeconds: number,
  release?: RolloutRelease,
): Promise<string | undefined> {
  if (names.length === 0) return undefined;
  let stuck = false;
  const stop = new AbortController();
  let crash: { type: string; crash: Crash } | undefined;
  const crashWatch = release
    ? watchForCrash(client, namespace, app, release, stop.signal).then(
        found => {
          if (found) {
            crash = found;
            stop.abort();
          }
        },
      )
    : Promise.resolve();
  let outcome: Awaited<ReturnType<typeof watchUntil>>;
  try {
    outcome = await watchUntil(
      client,
      `/apis/apps/v1/namespaces/${namespace}/deployments`,
      { labelSelector: `${LABEL_APP}=${app}` },
      seen => {
        const wanted = names.map(n => seen.get(n));
        if (wanted.some(d => d && deadlineExceeded(d) && !rolledOut(d))) {
          stuck = true;
          return true;
        }
        return wanted.every(d => d && rolledOut(d));
      },
      timeoutSeconds * 1000,
      stop.signal,
    );
  } finally {
    stop.abort();
    await crashWatch;
  }
  if (crash) {
    const lines = crash.crash.ran
      ? await lastLines(client, namespace, crash.crash)
      : [];
    return `Release v${release!.version} crashed: ${describeCrash(
      crash.type,
      crash.crash,
      lines,
    )}`;
  }
  const { reached, objects } = outcome;
  if (reached && !stuck) return undefined;
  const pods = await client
    .list('v1', 'Pod', namespace, podSelector(app, release))
    .catch(() => [] as KubeObject[]);
  const notReady = names
    .map(name => ({ name, d: objects.get(name) }))
    .filter(({ d }) => !d || !rolledOut(d))
    .map(({ name, d }) => {
      const wanted = d?.spec?.replicas ?? 0;
      if (!release) {
        const ready = d?.status?.availableReplicas ?? 0;
        return `${name}: ${ready} of ${wanted} replicas ready`;
      }
      // Count the new release's pods only: the old ones still serving say nothing about it.
      const type = d?.metadata?.labels?.[LABEL_TYPE];
      const ready = pods.filter(
        p => p.metadata?.labels?.[LABEL_TYPE] === type && podReady(p),
      ).length;
      return `${name}: ${ready} of ${wanted} pods of v${release.version} ready`;
    });
  const reasons = podProblems(pods);
  return `Rollout not ready within ${timeoutSeconds}s (${notReady.join('; ')})${
    reasons.length ? `: ${reasons.join('; ')}` : ''
  }`;
}

function podSelector(app: string, release?: RolloutRelease) {
  return `${LABEL_APP}=${app},${LABEL_TYPE}${
    release ? `,${LABEL_RELEASE}=v${release.version}` : ''
  }`;
}

function podReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: { type: string; status: string }) =>
      c.type === 'Ready' && c.status === 'True',
  );
}

/** Polls the new release's pods until one crashes (returned) or `signal` aborts. */
async function watchForCrash(
  client: KubeClient,
  namespace: string,
  app: string,
  release: RolloutRelease,
  signal: AbortSignal,
): Promise<{ type: string; crash: Crash } | undefined> {
  while (!signal.aborted) {
    const pods = await client
      .list('v1', 'Pod', namespace, podSelector(app, release))
      .catch(() => [] as KubeObject[]);
    for (const pod of pods) {
      if (pod.metadata?.labels?.[LABEL_ROLE] !== undefined) continue;
      if (pod.metadata?.deletionTimestamp) continue;
      const crash = crashOf(pod);
      if (crash)
        return { type: pod.metadata.labels?.[LABEL_TYPE] ?? 'process', crash };
    }
    await new Promise<void>(resolve => {
      const timer = setTimeout(done, CRASH_CHECK_MS);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
  return undefined;
}

/** The last lines the crashed container wrote (its previous run's log); none when the log cannot be read. */
async function lastLines(
  client: KubeClient,
  namespace: string,
  crash: Crash,
): Promise<string[]> {
  // The previous run's log, asked again briefly: a kubelet may not know of the restart yet that the API
  // server already shows. Then the current run's log, which may already show the next crash.
  for (const previous of [true, true, true, false]) {
    try {
      const text = await readAll(
        await client.podLog(namespace, crash.pod, crash.container, {
          previous,
          tailLines: LAST_LINES,
          timestamps: false,
        }),
      );
      // A kubelet whose previous container is already gone answers 200 with this line instead of a log.
      if (!text.startsWith('unable to retrieve container logs')) {
        const lines = text.split('\n').filter(l => l.trim() !== '');
        if (lines.length) return lines.slice(-LAST_LINES);
      }
    } catch {
      // No previous run known (yet): try again, then the current log.
    }
    if (previous) await new Promise(resolve => setTimeout(resolve, 300));
  }
  return [];
}

/** Why pods are not ready, e.g. `CrashLoopBackOff`. */
function podProblems(pods: KubeObject[]): string[] {
  const problems = new Set<string>();
  for (const pod of pods) {
    for (const status of pod.status?.containerStatuses ?? []) {
      const waiting = status.state?.waiting;
      const terminated =
        status.state?.terminated ?? status.lastState?.terminated;
      if (waiting?.reason)
        problems.add(
          `${waiting.reason}${
            waiting.message ? ` (${String(waiting.message).slice(0, 120)})` : ''
          }`,
        );
      else if (terminated?.reason)
        problems.add(`${terminated.reason} (exit ${terminated.exitCode})`);
      else if (!status.ready)
        problems.add('not ready (readiness probe failing)');
    }
  }
  return [...problems].sort().slice(0, 5);
}
