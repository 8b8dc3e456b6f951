import type { Config } from '@backstage/config';
import { memoryBytes } from './quantities';

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

/** `slipway.local.limits`: what every local process gets, and builds theirs. */
export type LimitSettings = ProcessLimitDefaults & {
  build: ProcessLimitDefaults;
};

export const DEFAULT_LIMIT_SETTINGS: LimitSettings = {
  memoryBytes: 512 * 1024 ** 2,
  pids: 256,
  tmpBytes: 256 * 1024 ** 2,
  homeBytes: 256 * 1024 ** 2,
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
  return {
    ...read('slipway.local.limits', section, DEFAULT_LIMIT_SETTINGS),
    build: read(
      'slipway.local.limits.build',
      section?.getOptionalConfig('build'),
      DEFAULT_LIMIT_SETTINGS.build,
    ),
  };
}
