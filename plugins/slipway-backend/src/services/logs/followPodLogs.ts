import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { Runtime } from '@slipway/plugin-slipway-node';
import type { Ledger } from '../../ledger';
import type { InstanceLease } from '../../replicas/InstanceLease';
import { KubernetesRuntime } from '../../runtime/kubernetes/KubernetesRuntime';
import {
  DEFAULT_FOLLOW_INTERVAL_MS,
  DEFAULT_MAX_FOLLOWED_PODS,
  type PodLogFollowing,
} from '../../runtime/kubernetes/podLogFollowing';
import type { LogCursor } from '../../runtime/kubernetes/podLogFollower';
import type { LogRetainer } from './LogRetainer';

/** The lease of the replica that follows an app's pods. */
export const logLeaseName = (app: string) => `logs:${app}`;

/**
 * On the kubernetes runtime, retains the output of running pods (`slipway.logs.kubernetes`):
 * followers resume after the last line stored for their pod, and one replica follows an app
 * (its `logs:<app>` lease). Returns undefined on other runtimes or when turned off.
 */
export function followPodLogs(deps: {
  config: Config;
  ledger: Ledger;
  runtime: Runtime;
  retainer: LogRetainer;
  lease: InstanceLease;
}): PodLogFollowing | undefined {
  const { config, ledger, runtime, retainer, lease } = deps;
  if (!(runtime instanceof KubernetesRuntime)) return undefined;
  if (config.getOptionalBoolean('slipway.logs.kubernetes.follow') === false)
    return undefined;
  const maxPods =
    config.getOptionalNumber('slipway.logs.kubernetes.maxPods') ??
    DEFAULT_MAX_FOLLOWED_PODS;
  if (!Number.isInteger(maxPods) || maxPods < 1)
    throw new Error(
      'slipway.logs.kubernetes.maxPods must be a whole number of at least 1',
    );
  const intervalMs = config.has('slipway.logs.kubernetes.interval')
    ? durationToMilliseconds(
        readDurationFromConfig(config, {
          key: 'slipway.logs.kubernetes.interval',
        }),
      )
    : DEFAULT_FOLLOW_INTERVAL_MS;
  if (intervalMs < 1000)
    throw new Error('slipway.logs.kubernetes.interval must be at least 1 s');
  return runtime.followLogs({
    apps: names => ledger.apps.getMany(names),
    lease: {
      take: app => lease.take(logLeaseName(app)),
      release: app =>
        ledger.leases.release(logLeaseName(app), lease.instanceId),
    },
    resume: async (app, source) => {
      // What this replica still queues for the pod counts as kept.
      await retainer.flush();
      return resumeCursor(ledger, app, source);
    },
    onLine: (app, line) => retainer.captured(app, line),
    intervalMs,
    maxPods,
  });
}

/**
 * After the pod's last retained line; for a pod none of whose lines is retained, from the app's
 * oldest retained line on (anything older would be pruned at once), else from the container's start.
 */
export async function resumeCursor(
  ledger: Pick<Ledger, 'logs'>,
  app: string,
  source: string,
): Promise<LogCursor | undefined> {
  const end = await ledger.logs.endOf(app, source);
  if (end) return end;
  const oldest = await ledger.logs.oldestTime(app);
  return oldest ? { time: oldest, count: 0 } : undefined;
}
