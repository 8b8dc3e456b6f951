import type { RouterFactory } from '../../platform/types';
import { BuiltinRouter } from './BuiltinRouter';
import { readBuiltinRouterSettings } from './config';

/**
 * The `builtin` router (config `slipway.builtin`). The returned router has a
 * `close()` to hook to the plugin's shutdown.
 */
export const createBuiltinRouter = (deps =>
  new BuiltinRouter(
    readBuiltinRouterSettings(deps.config, deps.platformDomain),
  )) satisfies RouterFactory;
