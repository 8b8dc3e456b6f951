const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Total size of all config keys and values of one app (UTF-8 bytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Returns why `key` is not a valid config key, or undefined when it is. */
export function configKeyProblem(key: string): string | undefined {
  if (!CONFIG_KEY.test(key)) {
    return `Config key "${truncate(key)}" must start with a letter or underscore and contain only letters, digits and underscores`;
  }
  if (key.length > 256) {
    return `Config key "${truncate(key)}" is longer than 256 characters`;
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
