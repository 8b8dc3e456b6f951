import { InputError } from '@backstage/errors';
import {
  cidrProblem,
  processTypeProblem,
  type AppSettings,
} from '@slipway/plugin-slipway-common';
import type { RequestBody } from '../requests';

const MAX_BODY_BYTES = 1024 * 1024 * 1024;
const UNIT = { '': 1, k: 1024, m: 1024 * 1024 } as const;

/**
 * Returns the settings after a PATCH whose shape the router has checked (types, ranges, the
 * bodySize syntax); throws InputError on what the spec cannot say: CIDRs, process types,
 * autoscale bounds in order, and the largest body size.
 */
export function applySettingsPatch(
  current: AppSettings,
  patch: RequestBody<'PatchSettings'>,
): AppSettings {
  for (const cidr of patch.allowlist ?? []) {
    const problem = cidrProblem(cidr);
    if (problem) throw new InputError(`allowlist: ${problem}`);
  }
  for (const [type, bounds] of Object.entries(patch.autoscale ?? {})) {
    const problem = processTypeProblem(type);
    if (problem) throw new InputError(`autoscale: ${problem}`);
    if (bounds.min > bounds.max)
      throw new InputError(
        `autoscale of "${type}": min (${bounds.min}) is more than max (${bounds.max})`,
      );
  }
  if (
    patch.bodySize !== undefined &&
    bodyBytes(patch.bodySize) > MAX_BODY_BYTES
  )
    throw new InputError('bodySize must be at most 1024m');
  const { hsts, allowlist, autoscale, ...rest } = patch;
  return {
    ...current,
    ...defined(rest),
    hsts: { ...current.hsts, ...defined(hsts ?? {}) },
    ...(allowlist ? { allowlist: [...new Set(allowlist)] } : {}),
    // Sorted, so that equal autoscale settings compare equal.
    ...(autoscale
      ? {
          autoscale: Object.fromEntries(
            Object.entries(autoscale).sort(([a], [b]) => (a < b ? -1 : 1)),
          ),
        }
      : {}),
  };
}

/** Bytes of an nginx-style size the spec has matched (`512k`, `10m`, `1048576`). */
function bodyBytes(size: string): number {
  const unit = size.slice(-1);
  return unit === 'k' || unit === 'm'
    ? Number(size.slice(0, -1)) * UNIT[unit]
    : Number(size);
}

/** The fields of `patch` that are set: an absent field keeps its setting. */
function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
