import os from 'node:os';
import type { Config } from '@backstage/config';
import { cpuCores, memoryBytes } from './quantities';

/** The limits of one kind of sandboxed process (app processes and runs, or build steps). */
export type ProcessLimitDefaults = {
  /** Memory (and swap, where the kernel accounts it) when the release sets none. */
  memoryBytes: number;
  /** Processes and threads at once (a fork bomb stops there). */
  pids: number;
  /** Size of the private `/tmp` (a tmpfs: RAM, counted in the memory limit too). */
  tmpBytes: number;
  /** Size of HOME where it is a private tmpfs (app processes and runs). */
  homeBytes: number;
};

/**
 * What bounds a tenant beyond one process's defaults: the most a release may ask for, the CPU a
 * process gets when it asks for none, and what all sandboxes together may use (the parent
 * `slipway` cgroup), so that no app's limits reach the backend's and the database's share.
 */
export type LimitCeilings = {
  /** Largest memory limit a release may set for a process type. */
  maxMemoryBytes: number;
  /** Largest CPU limit (cores) a release may set for a process type. */
  maxCpuCores: number;
  /** CPU quota (cores) of every sandboxed process whose release sets none, and of builds. */
  defaultCpuCores: number;
  /** Memory of all sandboxes together. */
  totalMemoryBytes: number;
  /** Processes and threads of all sandboxes together. */
  totalPids: number;
};

/** `slipway.local.limits`: what every local process gets, and builds theirs. */
export type LimitSettings = ProcessLimitDefaults &
  LimitCeilings & {
    build: ProcessLimitDefaults;
  };

export const DEFAULT_LIMIT_SETTINGS: LimitSettings = {
  memoryBytes: 512 * 1024 ** 2,
  pids: 256,
  tmpBytes: 256 * 1024 ** 2,
  homeBytes: 256 * 1024 ** 2,
  maxMemoryBytes: 2 * 1024 ** 3,
  maxCpuCores: 2,
  defaultCpuCores: 1,
  // Three quarters of the host: the rest stays for the backend, the database and the system.
  totalMemoryBytes: Math.floor((os.totalmem() * 0.75) / 1024 ** 2) * 1024 ** 2,
  totalPids: 16384,
  build: {
    memoryBytes: 2 * 1024 ** 3,
    pids: 1024,
    tmpBytes: 1024 ** 3,
    homeBytes: 1024 ** 3,
  },
};

const KEYS: Record<string, keyof ProcessLimitDefaults> = {
  defaultMemory: 'memoryBytes',
  tmpSize: 'tmpBytes',
  homeSize: 'homeBytes',
};

/** Reads `slipway.local.limits` (sizes as quantities like `512Mi`); throws on values that make no sense. */
export function readLimitSettings(config: Config): LimitSettings {
  const read = (
    prefix: string,
    section: Config | undefined,
    fallback: ProcessLimitDefaults,
  ): ProcessLimitDefaults => {
    const result = { ...fallback };
    for (const [key, field] of Object.entries(KEYS)) {
      const text = section?.getOptionalString(key);
      if (text === undefined) continue;
      const bytes = memoryBytes(text);
      if (!bytes || bytes < 1024 ** 2) {
        throw new Error(
          `${prefix}.${key} must be a size of at least 1Mi, like 512Mi or 1Gi`,
        );
      }
      result[field] = bytes;
    }
    const pids = section?.getOptionalNumber('pids');
    if (pids !== undefined) {
      if (!Number.isInteger(pids) || pids < 8) {
        throw new Error(`${prefix}.pids must be a whole number of 8 or more`);
      }
      result.pids = pids;
    }
    return result;
  };
  const section = config.getOptionalConfig('slipway.local.limits');
  const size = (key: string, fallback: number) => {
    const text = section?.getOptionalString(key);
    if (text === undefined) return fallback;
    const bytes = memoryBytes(text);
    if (!bytes || bytes < 1024 ** 2) {
      throw new Error(
        `slipway.local.limits.${key} must be a size of at least 1Mi, like 2Gi`,
      );
    }
    return bytes;
  };
  const cores = (key: string, fallback: number) => {
    const text = section?.getOptional<string | number>(key);
    if (text === undefined) return fallback;
    const value = cpuCores(String(text));
    if (!value || value < 0.01) {
      throw new Error(
        `slipway.local.limits.${key} must be a CPU quantity like 2 or 500m`,
      );
    }
    return value;
  };
  const totalPids =
    section?.getOptionalNumber('totalPids') ?? DEFAULT_LIMIT_SETTINGS.totalPids;
  if (!Number.isInteger(totalPids) || totalPids < 64) {
    throw new Error(
      'slipway.local.limits.totalPids must be a whole number of 64 or more',
    );
  }
  const d = DEFAULT_LIMIT_SETTINGS;
  return {
    ...read('slipway.local.limits', section, DEFAULT_LIMIT_SETTINGS),
    maxMemoryBytes: size('maxMemory', d.maxMemoryBytes),
    maxCpuCores: cores('maxCpu', d.maxCpuCores),
    defaultCpuCores: cores('defaultCpu', d.defaultCpuCores),
    totalMemoryBytes: size('totalMemory', d.totalMemoryBytes),
    totalPids,
    build: read(
      'slipway.local.limits.build',
      section?.getOptionalConfig('build'),
      DEFAULT_LIMIT_SETTINGS.build,
    ),
  };
}
