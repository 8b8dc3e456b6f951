import type { RuntimeFactory } from '../../platform/types';
import { chooseSandbox, readSandboxSettings } from '../../sandbox';
import { readLocalRuntimeSettings } from './config';
import { LocalRuntime } from './LocalRuntime';

/**
 * The `local` runtime (config `slipway.local`, its sandbox `slipway.local.sandbox`). The returned
 * runtime has `close()` (stops every process; hook to the plugin's shutdown) and `onUpstreamChange()`.
 */
export const createLocalRuntime = (deps =>
  new LocalRuntime(
    readLocalRuntimeSettings(deps.config, deps.dataDir),
    deps.logger,
    chooseSandbox(readSandboxSettings(deps.config), deps.logger),
  )) satisfies RuntimeFactory;
