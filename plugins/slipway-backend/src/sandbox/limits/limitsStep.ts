import type { SandboxSetupStep } from '../setup';
import type { SandboxedSpawn } from '../types';
import type { Cgroups } from './cgroups';
import { cpuCores, memoryBytes } from './quantities';
import type { LimitSettings, ProcessLimitDefaults } from './settings';

/** The defaults that hold for a spawn: builds have their own, bigger ones. */
export function limitDefaults(
  settings: LimitSettings,
  spec: Pick<SandboxedSpawn, 'build'>,
): ProcessLimitDefaults {
  return spec.build ? settings.build : settings;
}

/**
 * Puts the sandbox in its own cgroups (`slipway/<app>.<type>.<pid>`) before its command runs: the
 * release's memory and CPU limits of the process type, else the default memory limit, and always
 * the PID limit. Memory includes swap where the kernel accounts it; the kernel kills a process of
 * the group that goes past it (reported as "out of memory").
 */
export function limitsStep(
  cgroups: Cgroups,
  settings: LimitSettings,
): SandboxSetupStep {
  return {
    name: 'limits',
    async prepare(sandboxPid, spec) {
      const defaults = limitDefaults(settings, spec);
      const memory = spec.limits?.memory
        ? memoryBytes(spec.limits.memory)
        : undefined;
      const cpu = spec.limits?.cpu ? cpuCores(spec.limits.cpu) : undefined;
      const type = spec.build ? 'build' : spec.processType ?? 'run';
      const group = cgroups.create(
        `${spec.app ?? 'sandbox'}.${type}.${sandboxPid}`,
        {
          memoryBytes: memory ?? defaults.memoryBytes,
          pids: defaults.pids,
          ...(cpu !== undefined ? { cpuCores: cpu } : {}),
        },
      );
      try {
        group.add(sandboxPid);
      } catch (error) {
        void group.remove();
        throw error;
      }
      const limit = spec.limits?.memory ?? `${defaults.memoryBytes} bytes`;
      return {
        release: () => void group.remove(),
        exitNote: () =>
          group.oomKilled()
            ? `out of memory: killed at its memory limit (${limit})`
            : undefined,
      };
    },
  };
}
