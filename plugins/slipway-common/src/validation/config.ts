const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Total size of all config keys and values of one app (UTF-8 bytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Environment variables the platform sets for every process, over the app's config: `PORT` (where
 * to listen), `PS` (the process name, e.g. web.1) and `SLIPWAY_RELEASE` (e.g. v7). A config value
 * for one of them would be silently overridden, so they are refused.
 */
export const PLATFORM_CONFIG_KEYS: readonly string[] = [
  'PORT',
  'PS',
  'SLIPWAY_RELEASE',
];

/**
 * Environment variables that change how the system loads programs and their libraries (the
 * dynamic linker's `LD_*`, glibc's `GCONV_PATH`, `GLIBC_TUNABLES`, `LOCPATH`). The platform never
 * passes an app's config to its own programs, but these are refused anyway: they are a way to run
 * code in every program that starts, and no app needs them. Interpreter settings (`NODE_OPTIONS`,
 * `PYTHONPATH`, `BASH_ENV`, ...) are the app's own business: they reach only its processes.
 */
export function loaderConfigKey(key: string): boolean {
  return (
    key.startsWith('LD_') ||
    ['GCONV_PATH', 'GLIBC_TUNABLES', 'LOCPATH'].includes(key)
  );
}

/** Returns why `key` is not a valid config key to set, or undefined when it is. */
export function configKeyProblem(key: string): string | undefined {
  const problem = configKeySyntaxProblem(key);
  if (problem) return problem;
  if (loaderConfigKey(key)) {
    return `Config key "${key}" changes how programs are loaded (LD_*, GCONV_PATH, GLIBC_TUNABLES, LOCPATH), so it is refused`;
  }
  if (PLATFORM_CONFIG_KEYS.includes(key)) {
    return `Config key "${key}" is set by the platform for every process (${PLATFORM_CONFIG_KEYS.join(
      ', ',
    )}), so a value for it would never be seen`;
  }
  return undefined;
}

/** Returns why `key` is not a config key at all (platform keys included, e.g. to unset them), or undefined. */
export function configKeySyntaxProblem(key: string): string | undefined {
  if (!CONFIG_KEY.test(key)) {
    return `Config key "${truncate(
      key,
    )}" must start with a letter or underscore and contain only letters, digits and underscores`;
  }
  if (key.length > 256) {
    return `Config key "${truncate(key)}" is longer than 256 characters`;
  }
  return undefined;
}

/** Returns why `value` cannot be a config value (an environment variable), or undefined. */
export function configValueProblem(
  key: string,
  value: string,
): string | undefined {
  if (value.includes('\0')) {
    return `Config value of "${truncate(
      key,
    )}" contains a NUL byte, which no environment variable can hold (newlines are fine)`;
  }
  return undefined;
}

/** Size in bytes of a config's values as counted against MAX_CONFIG_BYTES. */
export function configSize(values: Record<string, string>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(values)) {
    bytes += utf8Length(key) + utf8Length(value);
  }
  return bytes;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
