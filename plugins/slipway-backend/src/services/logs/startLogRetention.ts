import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Runtime, TrafficRouter } from '@slipway/plugin-slipway-node';
import type { Ledger } from '../../ledger';
import { LogRetainer } from './LogRetainer';
import { readLogRetention } from './retentionConfig';
import { DrainHub } from './DrainHub';
import { followPodLogs } from './followPodLogs';
import type { InstanceLease } from '../../replicas/InstanceLease';
import type { PodLogFollowing } from '../../runtime/kubernetes/podLogFollowing';
import { drainAddressPolicy, type DrainAddressPolicy } from './drainAddresses';

/**
 * Retains what the runtime and the router capture (where they offer it: `onLogLine`,
 * `onAccessLog`); the platform's own event lines are written by the ledger with each event.
 */
export async function startLogRetention(deps: {
  config: Config;
  ledger: Ledger;
  runtime: Runtime;
  router: TrafficRouter;
  logger: LoggerService;
  /** This instance's leases: on Kubernetes one replica follows an app's pods. */
  lease?: InstanceLease;
}): Promise<{
  retainer: LogRetainer;
  /** Kubernetes: the followers of running pods (stop them before closing the retainer). */
  following?: PodLogFollowing;
  drains: { hub: DrainHub; policy: DrainAddressPolicy };
}> {
  const { config } = deps;
  const policy = drainAddressPolicy(
    config.getOptionalStringArray('slipway.logs.drains.allowAddresses') ?? [],
    ownPorts(config),
  );
  const buffer =
    config.getOptionalNumber('slipway.logs.drains.buffer') ?? 10_000;
  if (!Number.isInteger(buffer) || buffer < 100)
    throw new Error(
      'slipway.logs.drains.buffer must be a whole number of at least 100',
    );
  const hub = new DrainHub({
    ledger: deps.ledger,
    logger: deps.logger,
    policy,
    buffer,
  });
  await hub.start();
  const retainer = new LogRetainer({
    ledger: deps.ledger,
    logger: deps.logger,
    retention: readLogRetention(config),
    onLine: line => hub.deliver(line),
  });
  deps.runtime.onLogLine?.((app, line) => retainer.captured(app, line));
  deps.router.onAccessLog?.(entry => retainer.request(entry));
  const following = deps.lease
    ? followPodLogs({ ...deps, lease: deps.lease, retainer })
    : undefined;
  return {
    retainer,
    ...(following ? { following } : {}),
    drains: { hub, policy },
  };
}

/** The backend's own listening ports (its HTTP port, the builtin router's): never a drain's target. */
function ownPorts(config: Config): number[] {
  return [
    config.getOptionalNumber('backend.listen.port') ?? 7007,
    config.getOptionalNumber('slipway.builtin.httpPort'),
    config.getOptionalNumber('slipway.builtin.httpsPort'),
    config.getOptionalNumber('slipway.builtin.appHttpPort'),
    config.getOptionalNumber('slipway.builtin.appHttpsPort'),
  ].filter((port): port is number => typeof port === 'number' && port > 0);
}
