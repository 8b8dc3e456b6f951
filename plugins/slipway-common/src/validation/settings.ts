import type { Bounds } from './numbers';
import { wholeNumberProblem } from './numbers';
import { MAX_REPLICAS } from './processType';

/** Bounds of the router timeouts and the deploy timeout, in seconds. */
export const TIMEOUT_BOUNDS = {
  // nginx caps proxy_connect_timeout at 75 seconds.
  connectTimeout: [1, 75],
  readTimeout: [1, 3600],
  sendTimeout: [1, 3600],
  deployTimeout: [10, 3600],
} as const satisfies Record<string, Bounds>;

/** Bounds of HSTS max-age, in seconds (two years). */
export const HSTS_MAX_AGE_BOUNDS: Bounds = [0, 63072000];

// nginx-style sizes; "0" (unlimited) is refused on purpose.
const BODY_SIZE = /^([1-9]\d{0,9})([km]?)$/;
const MAX_BODY_BYTES = 1024 * 1024 * 1024;
const UNIT: Record<string, number> = { '': 1, k: 1024, m: 1024 * 1024 };

/** Returns why `value` is not a maximum request body size, or undefined. */
export function bodySizeProblem(value: unknown): string | undefined {
  const match = typeof value === 'string' ? BODY_SIZE.exec(value) : null;
  if (!match || Number(match[1]) * UNIT[match[2]] > MAX_BODY_BYTES) {
    return 'bodySize must be a size like 512k, 1m or 10m, at most 1024m';
  }
  return undefined;
}

/** Bounds of an autoscaled process type; a HorizontalPodAutoscaler cannot scale to zero (min ≥ 1). */
export const AUTOSCALE_BOUNDS = {
  min: [1, MAX_REPLICAS],
  max: [1, MAX_REPLICAS],
  cpuPercent: [1, 100],
} as const satisfies Record<string, Bounds>;

/** Returns why these are not autoscale bounds of process type `type`, or undefined. */
export function autoscaleProblem(
  type: string,
  bounds: { min: unknown; max: unknown; cpuPercent: unknown },
): string | undefined {
  for (const field of ['min', 'max', 'cpuPercent'] as const) {
    const problem = wholeNumberProblem(
      `autoscale.${type}.${field}`,
      bounds[field],
      AUTOSCALE_BOUNDS[field],
    );
    if (problem) return problem;
  }
  if ((bounds.min as number) > (bounds.max as number)) {
    return `autoscale of "${type}": min (${bounds.min}) is more than max (${bounds.max})`;
  }
  return undefined;
}
