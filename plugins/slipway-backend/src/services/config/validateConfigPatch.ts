import { InputError } from '@backstage/errors';
import {
  configKeyProblem,
  configKeySyntaxProblem,
  configValueProblem,
  cpuLimitProblem,
  memoryLimitProblem,
  PROBE_BOUNDS,
  PROBE_KINDS,
  probeCommandProblem,
  probePathProblem,
  processTypeProblem,
  tagKeyProblem,
  tagValueProblem,
  wholeNumberProblem,
  type ConfigPatch,
  type Healthcheck,
  type Probe,
  type ProcessLimits,
} from '@slipway/plugin-slipway-common';
import { requireObject } from '../context';

const PROBE_FIELDS = [
  'type',
  'path',
  'port',
  'command',
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'failureThreshold',
] as const;

/** Checks the shape of a config PATCH; throws InputError naming the first problem. */
export function validateConfigPatch(body: unknown): ConfigPatch {
  const patch = requireObject(body, 'Config patch', [
    'values',
    'limits',
    'tags',
    'healthchecks',
  ]);
  const result: ConfigPatch = {};
  if (patch.values !== undefined) {
    result.values = entries(patch.values, 'values', (key, value) => {
      // Unsetting a key the platform sets is fine (it may be left from before they were refused).
      const problem =
        value === null ? configKeySyntaxProblem(key) : configKeyProblem(key);
      if (problem) throw new InputError(problem);
      if (value !== null && typeof value !== 'string') {
        throw new InputError(
          `Config value of "${key}" must be a string, or null to unset it`,
        );
      }
      const valueProblem = value !== null && configValueProblem(key, value);
      if (valueProblem) throw new InputError(valueProblem);
      return value as string | null;
    });
  }
  if (patch.limits !== undefined) {
    result.limits = entries(patch.limits, 'limits', (type, value) => {
      processType(type);
      return value === null ? null : limits(type, value);
    });
  }
  if (patch.tags !== undefined) {
    result.tags = entries(patch.tags, 'tags', (key, value) => {
      const problem =
        tagKeyProblem(key) ??
        (value === null ? undefined : tagValueProblem(key, value));
      if (problem) throw new InputError(problem);
      return value as string | null;
    });
  }
  if (patch.healthchecks !== undefined) {
    result.healthchecks = entries(
      patch.healthchecks,
      'healthchecks',
      (type, value) => {
        processType(type);
        return value === null ? null : healthcheck(type, value);
      },
    );
  }
  return result;
}

function entries<T>(
  value: unknown,
  what: string,
  check: (key: string, value: unknown) => T,
): Record<string, T> {
  const object = requireObject(value, what);
  return Object.fromEntries(
    Object.entries(object).map(([k, v]) => [k, check(k, v)]),
  );
}

function processType(type: string): void {
  const problem = processTypeProblem(type);
  if (problem) throw new InputError(problem);
}

function limits(type: string, value: unknown): ProcessLimits {
  const object = requireObject(value, `limits of "${type}"`, ['memory', 'cpu']);
  const result: ProcessLimits = {};
  if (object.memory !== undefined) {
    const problem = memoryLimitProblem(type, object.memory);
    if (problem) throw new InputError(problem);
    result.memory = object.memory as string;
  }
  if (object.cpu !== undefined) {
    const problem = cpuLimitProblem(type, object.cpu);
    if (problem) throw new InputError(problem);
    result.cpu = object.cpu as string;
  }
  if (result.memory === undefined && result.cpu === undefined) {
    throw new InputError(
      `Limits of "${type}" need memory or cpu (or null to remove them)`,
    );
  }
  return result;
}

function healthcheck(type: string, value: unknown): Healthcheck {
  const object = requireObject(value, `healthchecks of "${type}"`, [
    'liveness',
    'readiness',
  ]);
  const result: Healthcheck = {};
  for (const kind of PROBE_KINDS) {
    if (object[kind] !== undefined)
      result[kind] = probe(`${kind} probe of "${type}"`, object[kind]);
  }
  if (!result.liveness && !result.readiness) {
    throw new InputError(
      `Healthchecks of "${type}" need a liveness or readiness probe (or null to remove them)`,
    );
  }
  return result;
}

function probe(what: string, value: unknown): Probe {
  const object = requireObject(value, what, PROBE_FIELDS);
  const type = object.type;
  if (type !== 'http' && type !== 'tcp' && type !== 'exec') {
    throw new InputError(`The ${what} needs type "http", "tcp" or "exec"`);
  }
  const result: Probe = { type };
  if (type === 'http') {
    const problem = probePathProblem(what, object.path);
    if (problem) throw new InputError(problem);
    result.path = object.path as string;
  } else if (object.path !== undefined) {
    throw new InputError(
      `The ${what} has a path, but only http probes have one`,
    );
  }
  if (type === 'exec') {
    const command = object.command;
    const problem = probeCommandProblem(what, command);
    if (problem) throw new InputError(problem);
    result.command = command as string[];
  } else if (object.command !== undefined) {
    throw new InputError(
      `The ${what} has a command, but only exec probes have one`,
    );
  }
  if (object.port !== undefined) {
    if (type === 'exec')
      throw new InputError(`The ${what} has a port, but exec probes have none`);
    result.port = integer(what, 'port', object.port);
  }
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'failureThreshold',
  ] as const) {
    if (object[field] !== undefined)
      result[field] = integer(what, field, object[field]);
  }
  return result;
}

function integer(
  what: string,
  field: keyof typeof PROBE_BOUNDS,
  value: unknown,
): number {
  const problem = wholeNumberProblem(
    `${field} of the ${what}`,
    value,
    PROBE_BOUNDS[field],
  );
  if (problem) throw new InputError(problem);
  return value as number;
}
