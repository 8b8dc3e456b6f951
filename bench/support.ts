/* What several benchmarks share: a logger that says only warnings and errors, and percentiles. */
import type { LoggerService } from '@backstage/backend-plugin-api';

export const benchLogger: LoggerService = {
  info() {},
  debug() {},
  warn: message => console.warn(message),
  error: message => console.error(message),
  child: () => benchLogger,
};

/** The `p`th percentile of `values` (nearest rank); NaN for none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[
      Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
    ] ?? NaN
  );
}
