export type { Sandbox, SandboxDirs, SandboxPaths } from './types';
export { BubblewrapSandbox } from './bubblewrap';
export { Unsandboxed } from './unsandboxed';
export { chooseSandbox, unsandboxed } from './chooseSandbox';
export {
  DEFAULT_SANDBOX_SETTINGS,
  readSandboxSettings,
  type SandboxSettings,
} from './settings';
export { signalGroup } from './processGroup';
