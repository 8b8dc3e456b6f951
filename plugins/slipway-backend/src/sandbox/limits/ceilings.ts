import { cpuCores, memoryBytes } from './quantities';
import type { LimitCeilings } from './settings';

type Limits = Record<string, { memory?: string; cpu?: string } | null>;

const GiB = 1024 ** 3;
const size = (bytes: number) =>
  bytes % GiB === 0 ? `${bytes / GiB}Gi` : `${Math.floor(bytes / 1024 ** 2)}Mi`;

/**
 * What in `limits` (process type → memory and CPU a release asks for) goes over this backend's
 * ceilings, naming the limit and the ceiling; undefined when nothing does. A tenant's limits are
 * its own choice only below them.
 */
export function ceilingProblem(
  limits: Limits,
  ceilings: Pick<LimitCeilings, 'maxMemoryBytes' | 'maxCpuCores'>,
): string | undefined {
  const problems: string[] = [];
  for (const [type, limit] of Object.entries(limits)) {
    if (!limit) continue;
    const memory = limit.memory ? memoryBytes(limit.memory) : undefined;
    if (memory !== undefined && memory > ceilings.maxMemoryBytes) {
      problems.push(
        `${type}'s memory ${
          limit.memory
        } is over slipway.local.limits.maxMemory (${size(
          ceilings.maxMemoryBytes,
        )})`,
      );
    }
    const cpu = limit.cpu ? cpuCores(limit.cpu) : undefined;
    if (cpu !== undefined && cpu > ceilings.maxCpuCores) {
      problems.push(
        `${type}'s cpu ${limit.cpu} is over slipway.local.limits.maxCpu (${ceilings.maxCpuCores})`,
      );
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}
