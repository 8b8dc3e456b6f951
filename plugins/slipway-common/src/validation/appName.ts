/**
 * Names that would collide with platform routes, namespaces or hostnames.
 * Deis reserved the same kind of names (`deis`, `kube-system`, ...).
 */
export const RESERVED_APP_NAMES: ReadonlySet<string> = new Set([
  'api',
  'admin',
  'app',
  'apps',
  'backstage',
  'default',
  'deis',
  'git',
  'kube-node-lease',
  'kube-public',
  'kube-system',
  'localhost',
  'router',
  'slipway',
  'www',
]);

const APP_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/** Returns why `name` is not a valid app name, or undefined when it is. */
export function appNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') {
    return 'App name is required';
  }
  if (name.length < 3 || name.length > 30) {
    return `App name "${name}" must be 3 to 30 characters long`;
  }
  if (!APP_NAME.test(name)) {
    return `App name "${name}" must start with a lowercase letter, end with a letter or digit, and contain only lowercase letters, digits and hyphens`;
  }
  if (name.includes('--')) {
    return `App name "${name}" must not contain "--"`;
  }
  if (RESERVED_APP_NAMES.has(name)) {
    return `App name "${name}" is reserved`;
  }
  return undefined;
}
