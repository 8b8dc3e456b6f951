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
 * release's memory and CPU limits of the process type (at most the ceilings), else the default
 * memory limit and CPU quota, and always the PID limit. Memory includes swap where the kernel accounts it; the kernel kills a process of
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
      // A release stored before the ceilings were lowered still gets no more than they allow.
      const asked = spec.limits?.memory
        ? memoryBytes(spec.limits.memory)
        : undefined;
      const memory =
        asked !== undefined
          ? Math.min(asked, settings.maxMemoryBytes)
          : undefined;
      const askedCpu = spec.limits?.cpu ? cpuCores(spec.limits.cpu) : undefined;
      const cpu =
        askedCpu !== undefined
          ? Math.min(askedCpu, settings.maxCpuCores)
          : settings.defaultCpuCores;
      const type = spec.build ? 'build' : spec.processType ?? 'run';
      const group = cgroups.create(
        `${spec.app ?? 'sandbox'}.${type}.${sandboxPid}`,
        {
          memoryBytes: memory ?? defaults.memoryBytes,
          pids: defaults.pids,
          cpuCores: cpu,
        },
      );
      try {
        group.add(sandboxPid);
      } catch (error) {
        void group.remove();
        throw error;
      }
      let limit = `${memory ?? defaults.memoryBytes} bytes`;
      if (memory !== undefined && memory === asked)
        limit = spec.limits!.memory!;
      return {
        release: () => void group.remove(),
        // Only an end by SIGKILL can be the kernel's: a process of the group killed for memory
        // earlier (a child; the group lives as long as the sandbox) did not end this one.
        exitNote: ({ code, signal }) =>
          (signal === 'SIGKILL' || code === 128 + 9) && group.oomKilled()
            ? `out of memory: killed at its memory limit (${limit})`
            : undefined,
      };
    },
  };
}
