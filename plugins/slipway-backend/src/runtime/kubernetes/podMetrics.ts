import type { KubeObject } from '../../kubernetes/KubeClient';
import { LABEL_APP, LABEL_ROLE, LABEL_TYPE } from '../../kubernetes/names';
import { cpuCores, memoryBytes } from '../../sandbox/limits';
import type {
  ProcessUsage,
  ProcessUsageSource,
} from '../../metrics/ProcessSampler';

export const POD_METRICS_API = 'metrics.k8s.io/v1beta1';

/**
 * A usage CPU quantity in millicores: the metrics API writes nano- and microcores (`12345678n`,
 * `250u`), which a release's limits never use, besides the usual `250m` and `1`.
 */
export function usageMillicores(quantity: string): number | undefined {
  const text = quantity.trim();
  const small = /^(\d+)(n|u)$/.exec(text);
  if (small) return Number(small[1]) / (small[2] === 'n' ? 1e6 : 1e3);
  const cores = cpuCores(text);
  return cores === undefined ? undefined : cores * 1000;
}

/**
 * PodMetrics (as `kubectl top pod` reads them) of Slipway's process pods → their use: the
 * containers of a pod summed. Pods without Slipway's app and type labels (build Jobs, one-off
 * runs have a role label) are left out, and so is a pod with a quantity that cannot be read.
 */
export function podMetricsUsage(items: KubeObject[]): ProcessUsage[] {
  return items.flatMap(item => {
    const labels = item.metadata?.labels ?? {};
    const app = labels[LABEL_APP];
    const processType = labels[LABEL_TYPE];
    if (!app || !processType || labels[LABEL_ROLE]) return [];
    const containers: Array<{ usage?: { cpu?: string; memory?: string } }> =
      (item as any).containers ?? [];
    let memory = 0;
    let cpu = 0;
    for (const container of containers) {
      const bytes = memoryBytes(container.usage?.memory ?? '');
      const millicores = usageMillicores(container.usage?.cpu ?? '');
      if (bytes === undefined || millicores === undefined) return [];
      memory += bytes;
      cpu += millicores;
    }
    return [
      {
        app,
        processType,
        instance: item.metadata?.name ?? '',
        memoryBytes: memory,
        cpuMillicores: cpu,
      },
    ];
  });
}

/** Lists the PodMetrics of Slipway's pods in every namespace of each cluster (`list` per cluster). */
export function podMetricsSource(
  clusters: () => string[],
  list: (cluster: string) => Promise<KubeObject[]>,
): ProcessUsageSource {
  return {
    name: `the Kubernetes metrics API (${POD_METRICS_API})`,
    async read() {
      const usages: ProcessUsage[] = [];
      for (const cluster of clusters())
        usages.push(...podMetricsUsage(await list(cluster)));
      return usages;
    },
  };
}
