export { Cgroups, type Cgroup, type CgroupLimits } from './cgroups';
export type { GroupUsage } from './usage';
export { ceilingProblem } from './ceilings';
export { limitsStep, limitDefaults } from './limitsStep';
export { cpuCores, memoryBytes } from './quantities';
export {
  DEFAULT_LIMIT_SETTINGS,
  readLimitSettings,
  type LimitCeilings,
  type LimitSettings,
  type ProcessLimitDefaults,
} from './settings';
