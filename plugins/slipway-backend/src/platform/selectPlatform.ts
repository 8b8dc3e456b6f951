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
