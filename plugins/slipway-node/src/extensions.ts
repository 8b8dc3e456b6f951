import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Runtime } from './runtime/types';
import type { TrafficRouter } from './routing/types';
import type { BuildExecutor } from './build/types';

/**
 * Lets backend modules add runtimes, routers and build executors to the Slipway backend.
 * App-config picks which ones are used (`slipway.runtime`, `slipway.router`, `slipway.builder`).
 */
export interface SlipwayPlatformExtensionPoint {
  addRuntime(name: string, runtime: Runtime): void;
  addRouter(name: string, router: TrafficRouter): void;
  addBuildExecutor(name: string, executor: BuildExecutor): void;
}

export const slipwayPlatformExtensionPoint =
  createExtensionPoint<SlipwayPlatformExtensionPoint>({
    id: 'slipway.platform',
  });
