import { InputError } from '@backstage/errors';
import {
  configKeyProblem,
  configKeySyntaxProblem,
  configValueProblem,
  processTypeProblem,
  tagKeyProblem,
  type ConfigPatch,
  type Probe,
} from '@slipway/plugin-slipway-common';
import type { RequestBody } from '../requests';

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
  for (const key of Object.keys(patch.tags ?? {})) {
    const problem = tagKeyProblem(key);
    if (problem) throw new InputError(problem);
  }
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
