import path from 'node:path';
import { readText, safeReaddir } from './cgroups';

/** What one sandbox's cgroup has used, as the kernel counts it. */
export type GroupUsage = {
  /** The group's name below `slipway/` (`<app>.<type>.<pid>`, see limitsStep). */
  name: string;
  /** Memory in use without the page cache the kernel may drop (inactive files), like `docker stats`. */
  memoryBytes: number;
  /** CPU time used since the group was made, in nanoseconds (undefined where nothing counts it). */
  cpuNanos?: number;
};

/**
 * Reads every sandbox group below `slipway/`: v2 `memory.current`, `memory.stat` and `cpu.stat`;
 * v1 the memory hierarchy's `memory.usage_in_bytes` and `memory.stat`, and `cpuacct.usage` from
 * the cpuacct hierarchy (or cpu's, where both are mounted together). A group that goes away while
 * read is left out.
 */
export function readGroupUsage(
  root: string,
  version: 1 | 2,
  parent = 'slipway',
): GroupUsage[] {
  const memoryParent =
    version === 2 ? path.join(root, parent) : path.join(root, 'memory', parent);
  const usages: GroupUsage[] = [];
  for (const name of safeReaddir(memoryParent)) {
    const memoryDir = path.join(memoryParent, name);
    const stat = readText(path.join(memoryDir, 'memory.stat'));
    const current = readText(
      path.join(
        memoryDir,
        version === 2 ? 'memory.current' : 'memory.usage_in_bytes',
      ),
    );
    if (!current || !stat) continue;
    const inactiveFile = statValue(
      stat,
      version === 2 ? 'inactive_file' : 'total_inactive_file',
    );
    usages.push({
      name,
      memoryBytes: Math.max(0, Number(current.trim()) - (inactiveFile ?? 0)),
      cpuNanos: version === 2 ? cpuV2(memoryDir) : cpuV1(root, parent, name),
    });
  }
  return usages;
}

function cpuV2(dir: string): number | undefined {
  const micros = statValue(readText(path.join(dir, 'cpu.stat')), 'usage_usec');
  return micros === undefined ? undefined : micros * 1000;
}

function cpuV1(root: string, parent: string, name: string): number | undefined {
  for (const hierarchy of ['cpuacct', 'cpu']) {
    const text = readText(
      path.join(root, hierarchy, parent, name, 'cpuacct.usage'),
    );
    if (/^\d+\s*$/.test(text)) return Number(text.trim());
  }
  return undefined;
}

/** The value of `key` in a `key value` per line file (memory.stat, cpu.stat). */
function statValue(text: string, key: string): number | undefined {
  const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}
