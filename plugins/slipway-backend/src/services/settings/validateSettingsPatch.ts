import { InputError } from '@backstage/errors';
import {
  cidrProblem,
  MAX_REPLICAS,
  processTypeProblem,
  type AppSettings,
  type Autoscale,
  type SettingsPatch,
} from '@slipway/plugin-slipway-common';
import { requireObject } from '../context';

const FIELDS = [
  'maintenance',
  'routable',
  'allowlist',
  'httpsOnly',
  'hsts',
  'autoTls',
  'autoscale',
  'connectTimeout',
  'readTimeout',
  'sendTimeout',
  'bodySize',
  'deployTimeout',
  'runAsNonRoot',
  'requireApproval',
] as const;

const MAX_ALLOWLIST = 100;
// nginx-style sizes; "0" (unlimited) is refused on purpose.
const BODY_SIZE = /^([1-9]\d{0,9})([km]?)$/;
const MAX_BODY_BYTES = 1024 * 1024 * 1024;

/** Checks a settings PATCH and returns the settings after it; throws InputError on the first problem. */
export function applySettingsPatch(
  current: AppSettings,
  body: unknown,
): AppSettings {
  const patch = requireObject(body, 'Settings', FIELDS) as SettingsPatch &
    Record<string, unknown>;
  const next: AppSettings = { ...current, hsts: { ...current.hsts } };
  for (const field of [
    'maintenance',
    'routable',
    'httpsOnly',
    'autoTls',
    'runAsNonRoot',
    'requireApproval',
  ] as const) {
    if (patch[field] !== undefined) next[field] = bool(field, patch[field]);
  }
  if (patch.allowlist !== undefined) {
    if (
      !Array.isArray(patch.allowlist) ||
      patch.allowlist.length > MAX_ALLOWLIST
    ) {
      throw new InputError(
        `allowlist must be a list of at most ${MAX_ALLOWLIST} CIDRs`,
      );
    }
    for (const cidr of patch.allowlist) {
      const problem = cidrProblem(cidr);
      if (problem) throw new InputError(`allowlist: ${problem}`);
    }
    next.allowlist = [...new Set(patch.allowlist as string[])];
  }
  if (patch.hsts !== undefined) {
    const hsts = requireObject(patch.hsts, 'hsts', [
      'enabled',
      'maxAge',
      'includeSubdomains',
      'preload',
    ]);
    for (const field of ['enabled', 'includeSubdomains', 'preload'] as const) {
      if (hsts[field] !== undefined)
        next.hsts[field] = bool(`hsts.${field}`, hsts[field]);
    }
    if (hsts.maxAge !== undefined)
      next.hsts.maxAge = integer('hsts.maxAge', hsts.maxAge, 0, 63072000);
  }
  if (patch.autoscale !== undefined)
    next.autoscale = autoscale(patch.autoscale);
  if (patch.connectTimeout !== undefined) {
    // nginx caps proxy_connect_timeout at 75 seconds.
    next.connectTimeout = integer(
      'connectTimeout',
      patch.connectTimeout,
      1,
      75,
    );
  }
  if (patch.readTimeout !== undefined)
    next.readTimeout = integer('readTimeout', patch.readTimeout, 1, 3600);
  if (patch.sendTimeout !== undefined)
    next.sendTimeout = integer('sendTimeout', patch.sendTimeout, 1, 3600);
  if (patch.deployTimeout !== undefined) {
    next.deployTimeout = integer(
      'deployTimeout',
      patch.deployTimeout,
      10,
      3600,
    );
  }
  if (patch.bodySize !== undefined) next.bodySize = bodySize(patch.bodySize);
  return next;
}

function bool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new InputError(`${field} must be true or false`);
  return value;
}

function integer(
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
      `${field} must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

function bodySize(value: unknown): string {
  const match = typeof value === 'string' ? BODY_SIZE.exec(value) : null;
  const bytes = match
    ? Number(match[1]) *
      ({ '': 1, k: 1024, m: 1024 * 1024 } as Record<string, number>)[match[2]]
    : 0;
  if (!match || bytes > MAX_BODY_BYTES) {
    throw new InputError(
      'bodySize must be a size like 512k, 1m or 10m, at most 1024m',
    );
  }
  return value as string;
}

function autoscale(value: unknown): Autoscale {
  const object = requireObject(value, 'autoscale');
  const result: Autoscale = {};
  for (const type of Object.keys(object).sort()) {
    const problem = processTypeProblem(type);
    if (problem) throw new InputError(`autoscale: ${problem}`);
    const bounds = requireObject(object[type], `autoscale of "${type}"`, [
      'min',
      'max',
      'cpuPercent',
    ]);
    // A HorizontalPodAutoscaler cannot scale to zero (minReplicas ≥ 1).
    const min = integer(`autoscale.${type}.min`, bounds.min, 1, MAX_REPLICAS);
    const max = integer(`autoscale.${type}.max`, bounds.max, 1, MAX_REPLICAS);
    const cpuPercent = integer(
      `autoscale.${type}.cpuPercent`,
      bounds.cpuPercent,
      1,
      100,
    );
    if (min > max)
      throw new InputError(
        `autoscale of "${type}": min (${min}) is more than max (${max})`,
      );
    result[type] = { min, max, cpuPercent };
  }
  return result;
}
