import type { RuntimeFactory } from '../../platform/types';
import { readLocalRuntimeSettings } from './config';
import { LocalRuntime } from './LocalRuntime';

/**
 * The `local` runtime (config `slipway.local`). The returned runtime has `close()`
 * (stops every process; hook to the plugin's shutdown) and `onUpstreamChange()`.
 */
export const createLocalRuntime = (deps =>
  new LocalRuntime(
    readLocalRuntimeSettings(deps.config, deps.dataDir),
    deps.logger,
  )) satisfies RuntimeFactory;
