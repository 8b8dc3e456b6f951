import type { PlatformDeps } from './types';

/**
 * Picks the implementation named `name`: one a backend module added through the extension point
 * wins over a built-in factory of the same name. Unknown names are a startup error naming the choices.
 */
export function selectImplementation<T>(options: {
  kind: string;
  configKey: string;
  name: string;
  added: ReadonlyMap<string, T>;
  builtins: Record<string, (deps: PlatformDeps) => T>;
  deps: PlatformDeps;
}): T {
  const { kind, configKey, name, added, builtins, deps } = options;
  const fromModule = added.get(name);
  if (fromModule) return fromModule;
  if (Object.prototype.hasOwnProperty.call(builtins, name))
    return builtins[name](deps);
  const choices = [
    ...new Set([...added.keys(), ...Object.keys(builtins)]),
  ].sort();
  throw new Error(
    `Unknown Slipway ${kind} "${name}" (${configKey}); ${
      choices.length > 0
        ? `available: ${choices.join(', ')}`
        : `no ${kind} is installed`
    }`,
  );
}

/**
 * The build executor `slipway.builder` names, defaulting to the one that fits the runtime: `kubernetes`
 * with the `kubernetes` runtime (images in a registry), else `local` (slugs on this machine). Slugs
 * cannot run on a cluster, so `local` with the `kubernetes` runtime is a startup error naming the fix.
 */
export function builderName(
  runtime: string,
  configured: string | undefined,
): string {
  const name =
    configured ?? (runtime === 'kubernetes' ? 'kubernetes' : 'local');
  if (runtime === 'kubernetes' && name === 'local') {
    throw new Error(
      'slipway.builder "local" cannot build for slipway.runtime "kubernetes": it builds slugs that only this machine can run. Remove slipway.builder (it defaults to "kubernetes" with the kubernetes runtime) or set it to "kubernetes", and configure slipway.kubernetes.build (see docs/kubernetes.md, "Builds")',
    );
  }
  return name;
}
