import { InputError } from '@backstage/errors';
import {
  configKeyProblem,
  configKeySyntaxProblem,
  configValueProblem,
  processTypeProblem,
  type ConfigPatch,
  type Probe,
} from '@slipway/plugin-slipway-common';
import type { RequestBody } from '../requests';

// Label keys: optional DNS-subdomain prefix and a name of ≤ 63 characters.
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Checks what the spec cannot of a config PATCH whose shape the router has checked: the keys a
 * user chooses (config keys, process types, label keys), values no environment can hold, and
 * which fields go with which probe type. Throws InputError naming the first problem. Keys are
 * read with Object.entries, so `__proto__` is a key like any other (see applyConfigPatch).
 */
export function validateConfigPatch(
  patch: RequestBody<'PatchConfig'>,
): ConfigPatch {
  for (const [key, value] of Object.entries(patch.values ?? {})) {
    // Unsetting a key the platform sets is fine (it may be left from before they were refused).
    const problem =
      value === null
        ? configKeySyntaxProblem(key)
        : configKeyProblem(key) ?? configValueProblem(key, value);
    if (problem) throw new InputError(problem);
  }
  for (const type of Object.keys(patch.limits ?? {})) processType(type);
  for (const key of Object.keys(patch.tags ?? {})) labelKey(key);
  for (const [type, healthcheck] of Object.entries(patch.healthchecks ?? {})) {
    processType(type);
    if (healthcheck?.liveness)
      probe(`liveness probe of "${type}"`, healthcheck.liveness);
    if (healthcheck?.readiness)
      probe(`readiness probe of "${type}"`, healthcheck.readiness);
  }
  return patch;
}

function processType(type: string): void {
  const problem = processTypeProblem(type);
  if (problem) throw new InputError(problem);
}

function labelKey(key: string): void {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    !LABEL_NAME.test(name) ||
    (prefix !== undefined &&
      (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))
  ) {
    throw new InputError(
      `Tag "${key.slice(
        0,
        60,
      )}" must be a label key: an optional DNS prefix and "/", then up to 63 letters, digits, "-", "_" or "."`,
    );
  }
}

/** Which fields a probe of each type has: http a path, exec a command and no port. */
function probe(what: string, value: Probe): void {
  if (value.type === 'http' && value.path === undefined)
    throw new InputError(`The ${what} needs a path starting with "/"`);
  if (value.type !== 'http' && value.path !== undefined)
    throw new InputError(
      `The ${what} has a path, but only http probes have one`,
    );
  if (value.type === 'exec' && value.command === undefined)
    throw new InputError(
      `The ${what} needs a command: a list of 1 to 32 non-empty strings`,
    );
  if (value.type !== 'exec' && value.command !== undefined)
    throw new InputError(
      `The ${what} has a command, but only exec probes have one`,
    );
  if (value.type === 'exec' && value.port !== undefined)
    throw new InputError(`The ${what} has a port, but exec probes have none`);
}
