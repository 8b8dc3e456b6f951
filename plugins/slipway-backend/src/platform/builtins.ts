import { createKubernetesBuildExecutor } from '../build/kubernetes';
import { createLocalBuildExecutor } from '../build/local';
import { createBuiltinRouter } from '../routing/builtin';
import { createGatewayRouter } from '../routing/gateway';
import { createIngressRouter } from '../routing/ingress';
import { createNginxRouter } from '../routing/nginx';
import { createKubernetesRuntime } from '../runtime/kubernetes';
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
  kubernetes: createKubernetesRuntime,
};

export const builtinRouters: Record<string, RouterFactory> = {
  builtin: createBuiltinRouter,
  nginx: createNginxRouter,
  ingress: createIngressRouter,
  gateway: createGatewayRouter,
};

export const builtinBuildExecutors: Record<string, BuildExecutorFactory> = {
  local: createLocalBuildExecutor,
  kubernetes: createKubernetesBuildExecutor,
};
