export type {
  Sandbox,
  SandboxDirs,
  SandboxPaths,
  SandboxedSpawn,
} from './types';
export type { SandboxSetup, SandboxSetupStep } from './setup';
export {
  Cgroups,
  ceilingProblem,
  readLimitSettings,
  type LimitSettings,
} from './limits';
export { BubblewrapSandbox } from './bubblewrap';
export { Unsandboxed } from './unsandboxed';
export { chooseSandbox, unsandboxed } from './chooseSandbox';
export {
  DEFAULT_SANDBOX_SETTINGS,
  readSandboxSettings,
  type SandboxSettings,
} from './settings';
export { signalGroup } from './processGroup';
export { SANDBOXED_PATH } from './path';
