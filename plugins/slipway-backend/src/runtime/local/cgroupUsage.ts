import type { GroupUsage } from '../../sandbox/limits';
import type { ProcessUsageSource } from '../../metrics/ProcessSampler';

/** `<app>.<type>.<pid>`, the name limitsStep gives a sandbox's group. */
const GROUP_NAME = /^(.+)\.([^.]+)\.(\d+)$/;

/**
 * The local runtime's process use, from the cgroups its sandboxes run in. Builds are not an app's
 * processes and are left out; one-off runs count as their type (`run`), as on Heroku.
 */
export function cgroupUsageSource(
  usage: () => GroupUsage[],
): ProcessUsageSource {
  return {
    name: 'cgroups',
    async read() {
      return usage().flatMap(group => {
        const match = GROUP_NAME.exec(group.name);
        if (!match || match[2] === 'build') return [];
        return [
          {
            app: match[1],
            processType: match[2],
            instance: match[3],
            memoryBytes: group.memoryBytes,
            cpuNanos: group.cpuNanos,
          },
        ];
      });
    },
  };
}
