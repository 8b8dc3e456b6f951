import { InputError } from '@backstage/errors';
import {
  autoscaleProblem,
  bodySizeProblem,
  cidrProblem,
  processTypeProblem,
  type AppSettings,
} from '@slipway/plugin-slipway-common';
import type { RequestBody } from '../requests';

/**
 * Returns the settings after a PATCH whose shape the router has checked (types, ranges, the
 * bodySize syntax); throws InputError on what the spec cannot say: CIDRs, process types,
 * autoscale bounds in order, and the largest body size (the last two shared with the portal).
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
    // The rules the portal's autoscale editor applies too.
    const boundsProblem = autoscaleProblem(type, bounds);
    if (boundsProblem) throw new InputError(boundsProblem);
  }
  const sizeProblem =
    patch.bodySize === undefined ? undefined : bodySizeProblem(patch.bodySize);
  if (sizeProblem) throw new InputError(sizeProblem);
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

/** The fields of `patch` that are set: an absent field keeps its setting. */
function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
