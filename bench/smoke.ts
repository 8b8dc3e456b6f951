/*
 * Smoke mode of the benchmarks (SLIPWAY_BENCH_SMOKE=1, as `npm run bench:smoke` sets): each bench runs at a
 * small size, so that CI sees every one still build and run. The figures then only show that it works.
 */
export const SMOKE = process.env.SLIPWAY_BENCH_SMOKE === '1';

/** `full` normally, `smoke` in smoke mode; a size set explicitly in the environment wins over both. */
export function benchSize<T extends number | string>(
  explicit: string | undefined,
  full: T,
  smoke: T,
): T | string {
  if (explicit !== undefined && explicit !== '') return explicit;
  return SMOKE ? smoke : full;
}
