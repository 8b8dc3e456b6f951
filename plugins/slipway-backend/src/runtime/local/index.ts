export { createLocalRuntime } from './createLocalRuntime';
export { LocalRuntime, type UpstreamListener } from './LocalRuntime';
export type { LocalRuntimeSettings } from './config';
