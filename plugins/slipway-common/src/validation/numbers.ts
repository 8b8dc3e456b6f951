/** Inclusive bounds of a whole number. */
export type Bounds = readonly [min: number, max: number];

/** Returns why `value` is not a whole number within `bounds`, naming it `what`, or undefined. */
export function wholeNumberProblem(
  what: string,
  value: unknown,
  [min, max]: Bounds,
): string | undefined {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > max
  ) {
    return `${what} must be a whole number from ${min} to ${max}`;
  }
  return undefined;
}
