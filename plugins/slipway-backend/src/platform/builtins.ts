import { createLocalBuildExecutor } from '../build/local';
import { createBuiltinRouter } from '../router/builtin';
import { createLocalRuntime } from '../runtime/local';
import type {
  BuildExecutorFactory,
  RouterFactory,
  RuntimeFactory,
} from './types';

/**
 * Runtimes, routers and build executors that ship with the Slipway backend, by the name
 * app-config picks them with (`slipway.runtime`, `slipway.router`, `slipway.builder`).
 * Backend modules can add more through `slipwayPlatformExtensionPoint`.
 */
export const builtinRuntimes: Record<string, RuntimeFactory> = {
  local: createLocalRuntime,
};

export const builtinRouters: Record<string, RouterFactory> = {
  builtin: createBuiltinRouter,
};

export const builtinBuildExecutors: Record<string, BuildExecutorFactory> = {
  local: createLocalBuildExecutor,
};
