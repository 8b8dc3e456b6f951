import { InputError } from '@backstage/errors';
import {
  configKeyProblem,
  configKeySyntaxProblem,
  configValueProblem,
  processTypeProblem,
  type ConfigPatch,
  type Healthcheck,
  type Probe,
  type ProcessLimits,
} from '@slipway/plugin-slipway-common';
import { requireObject } from '../context';

// Kubernetes quantities (a subset that covers what people write for limits).
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const CPU = /^(\d+(\.\d+)?|\d+m)$/;
// Label keys: optional DNS-subdomain prefix and a name of ≤ 63 characters; values the same as names (or empty).
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HTTP_PATH = /^\/[\x21-\x7e]{0,254}$/;

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
      labelKey(key);
      if (value === null) return null;
      if (
        typeof value !== 'string' ||
        (value !== '' && !LABEL_NAME.test(value))
      ) {
        throw new InputError(
          `Tag "${key}" must be a label value: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`,
        );
      }
      return value;
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
    if (typeof object.memory !== 'string' || !MEMORY.test(object.memory)) {
      throw new InputError(
        `Memory limit of "${type}" must be a Kubernetes quantity like 512Mi or 1Gi`,
      );
    }
    result.memory = object.memory;
  }
  if (object.cpu !== undefined) {
    if (typeof object.cpu !== 'string' || !CPU.test(object.cpu)) {
      throw new InputError(
        `CPU limit of "${type}" must be a Kubernetes quantity like 500m or 2`,
      );
    }
    result.cpu = object.cpu;
  }
  if (result.memory === undefined && result.cpu === undefined) {
    throw new InputError(
      `Limits of "${type}" need memory or cpu (or null to remove them)`,
    );
  }
  return result;
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

function healthcheck(type: string, value: unknown): Healthcheck {
  const object = requireObject(value, `healthchecks of "${type}"`, [
    'liveness',
    'readiness',
  ]);
  const result: Healthcheck = {};
  for (const kind of ['liveness', 'readiness'] as const) {
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
    if (typeof object.path !== 'string' || !HTTP_PATH.test(object.path)) {
      throw new InputError(
        `The ${what} needs a path starting with "/" without spaces`,
      );
    }
    result.path = object.path;
  } else if (object.path !== undefined) {
    throw new InputError(
      `The ${what} has a path, but only http probes have one`,
    );
  }
  if (type === 'exec') {
    const command = object.command;
    if (
      !Array.isArray(command) ||
      command.length === 0 ||
      command.length > 32 ||
      !command.every(
        part =>
          typeof part === 'string' && part.length > 0 && part.length <= 1024,
      )
    ) {
      throw new InputError(
        `The ${what} needs a command: a list of 1 to 32 non-empty strings`,
      );
    }
    result.command = command as string[];
  } else if (object.command !== undefined) {
    throw new InputError(
      `The ${what} has a command, but only exec probes have one`,
    );
  }
  if (object.port !== undefined) {
    if (type === 'exec')
      throw new InputError(`The ${what} has a port, but exec probes have none`);
    result.port = integer(what, 'port', object.port, 1, 65535);
  }
  const bounds = {
    initialDelaySeconds: [0, 3600],
    timeoutSeconds: [1, 3600],
    periodSeconds: [1, 3600],
    failureThreshold: [1, 100],
  } as const;
  for (const [field, [min, max]] of Object.entries(bounds) as [
    keyof typeof bounds,
    readonly [number, number],
  ][]) {
    if (object[field] !== undefined)
      result[field] = integer(what, field, object[field], min, max);
  }
  return result;
}

function integer(
  what: string,
  field: string,
  value: unknown,
  min: number,
  max: number,
): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > max
  ) {
    throw new InputError(
      `${field} of the ${what} must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}
