import type { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import { LABEL_APP } from '../../kubernetes/names';
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

/**
 * Waits until the named Deployments of an app have rolled out, or `timeoutSeconds` pass.
 * Returns undefined when ready, else why not (per Deployment, with the pods' waiting reasons).
 */
export async function waitForRollout(
  client: KubeClient,
  namespace: string,
  app: string,
  names: string[],
  timeoutSeconds: number,
): Promise<string | undefined> {
  if (names.length === 0) return undefined;
  let stuck = false;
  const { reached, objects } = await watchUntil(
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
  );
  if (reached && !stuck) return undefined;
  const notReady = names
    .map(name => ({ name, d: objects.get(name) }))
    .filter(({ d }) => !d || !rolledOut(d))
    .map(({ name, d }) => {
      const wanted = d?.spec?.replicas ?? 0;
      const ready = d?.status?.availableReplicas ?? 0;
      return `${name}: ${ready} of ${wanted} replicas ready`;
    });
  const reasons = await podProblems(client, namespace, app);
  return `Rollout not ready within ${timeoutSeconds}s (${notReady.join('; ')})${
    reasons.length ? `: ${reasons.join('; ')}` : ''
  }`;
}

/** Why pods are not ready, e.g. `myapp-web-5d8f-x2: CrashLoopBackOff`. */
async function podProblems(
  client: KubeClient,
  namespace: string,
  app: string,
): Promise<string[]> {
  const pods = await client
    .list('v1', 'Pod', namespace, `${LABEL_APP}=${app}`)
    .catch(() => []);
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
