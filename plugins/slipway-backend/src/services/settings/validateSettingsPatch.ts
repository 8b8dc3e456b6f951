import { InputError } from '@backstage/errors';
import {
  autoscaleProblem,
  bodySizeProblem,
  cidrProblem,
  HSTS_MAX_AGE_BOUNDS,
  processTypeProblem,
  TIMEOUT_BOUNDS,
  wholeNumberProblem,
  type Bounds,
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
      next.hsts.maxAge = integer(
        'hsts.maxAge',
        hsts.maxAge,
        HSTS_MAX_AGE_BOUNDS,
      );
  }
  if (patch.autoscale !== undefined)
    next.autoscale = autoscale(patch.autoscale);
  for (const field of Object.keys(TIMEOUT_BOUNDS) as Array<
    keyof typeof TIMEOUT_BOUNDS
  >) {
    if (patch[field] !== undefined)
      next[field] = integer(field, patch[field], TIMEOUT_BOUNDS[field]);
  }
  if (patch.bodySize !== undefined) next.bodySize = bodySize(patch.bodySize);
  return next;
}

function bool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new InputError(`${field} must be true or false`);
  return value;
}

function integer(field: string, value: unknown, bounds: Bounds): number {
  const problem = wholeNumberProblem(field, value, bounds);
  if (problem) throw new InputError(problem);
  return value as number;
}

function bodySize(value: unknown): string {
  const problem = bodySizeProblem(value);
  if (problem) throw new InputError(problem);
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
    const boundsProblem = autoscaleProblem(type, {
      min: bounds.min,
      max: bounds.max,
      cpuPercent: bounds.cpuPercent,
    });
    if (boundsProblem) throw new InputError(boundsProblem);
    const { min, max, cpuPercent } = bounds as Autoscale[string];
    result[type] = { min, max, cpuPercent };
  }
  return result;
}
