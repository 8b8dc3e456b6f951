import type { PlatformDeps, RouterFactory } from '../../platform/types';
import { NginxRouter } from './NginxRouter';
import { readNginxOptions } from './options';

export { NginxRouter } from './NginxRouter';
export type { NginxOptions, ProxyLimits } from './options';

/**
 * The `nginx` router (`slipway.router: nginx`), configured by `slipway.nginx`.
 * Call `stop()` of the returned router on shutdown: it stops a managed nginx master.
 */
export const createNginxRouter = ((deps: PlatformDeps) =>
  new NginxRouter(
    readNginxOptions(deps.config, deps.dataDir, deps.platformDomain),
    deps.logger,
  )) satisfies RouterFactory;
