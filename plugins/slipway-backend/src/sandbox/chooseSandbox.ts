import type { LoggerService } from '@backstage/backend-plugin-api';
import { BubblewrapSandbox } from './bubblewrap';
import type { Cgroups } from './limits';
import { hostAddresses, resolverProblem } from './network';
import type { SandboxSettings } from './settings';
import type { Sandbox } from './types';
import { Unsandboxed } from './unsandboxed';

/** Found once per backend process: every runtime and builder of it shares the answer. */
let checked: Map<string, string | undefined> | undefined;

/**
 * bubblewrap when it works on this machine. Otherwise the local platform still runs (the
 * two-command quick start on a laptop), unsandboxed and loudly warned about — unless
 * `slipway.local.sandbox.required` says to refuse.
 */
export function chooseSandbox(
  settings: SandboxSettings,
  logger: LoggerService,
  binary = 'bwrap',
  cgroups?: Cgroups,
): Sandbox {
  const bubblewrap = new BubblewrapSandbox(settings, binary, cgroups);
  checked ??= new Map();
  const key = JSON.stringify({ ...settings, binary });
  if (!checked.has(key)) checked.set(key, bubblewrap.check());
  const problem = checked.get(key);
  if (problem === undefined) {
    if (bubblewrap.weakness) {
      logger.warn(
        `WARNING: Sandbox: ${bubblewrap.weakness}. See README, "Trust model".`,
      );
    }
    if (bubblewrap.limitsProblem) {
      logger.warn(
        `Limits: cgroups cannot be used here (${bubblewrap.limitsProblem}): processes and builds run without memory, CPU or process limits, and releases with limits are refused`,
      );
    }
    const resolver = bubblewrap.network && resolverProblem(hostAddresses());
    if (resolver) logger.warn(`WARNING: Sandbox network: ${resolver}`);
    return bubblewrap;
  }
  if (settings.required) {
    throw new Error(
      `slipway.local.sandbox.required is set, but bubblewrap cannot sandbox pushed code here: ${problem}`,
    );
  }
  return unsandboxed(problem, logger);
}

/** The fallback, with the warning every start logs. */
export function unsandboxed(problem: string, logger: LoggerService): Sandbox {
  const sandbox = new Unsandboxed(
    `pushed code is NOT sandboxed (${problem}): builds and app processes run as the backend's user and can read its files, including the encryption key, and other apps' files and config`,
  );
  logger.warn(`WARNING: ${sandbox.weakness}. See README, "Trust model".`);
  return sandbox;
}
