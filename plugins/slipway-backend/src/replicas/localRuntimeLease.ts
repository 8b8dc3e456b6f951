import type { InstanceLease } from './InstanceLease';

export const LOCAL_RUNTIME_LEASE = 'runtime:local';

/**
 * The local runtime runs apps as this machine's processes: two backends on one database would both
 * start every app. The first takes the `runtime:local` lease; a second refuses to start while the
 * lease is held (until `leaseMs` after the first stops renewing it).
 */
export async function claimLocalRuntime(lease: InstanceLease): Promise<void> {
  if (await lease.hold(LOCAL_RUNTIME_LEASE)) return;
  throw new Error(
    'Another Slipway backend with the local runtime already uses this database ' +
      '(it holds the runtime:local lease). The local runtime runs apps as the processes of one ' +
      'machine, so it supports one replica only: stop the other backend, or use the kubernetes ' +
      `runtime for several replicas. If the other backend died, start again in ${Math.ceil(
        lease.leaseMs / 1000,
      )} s.`,
  );
}
