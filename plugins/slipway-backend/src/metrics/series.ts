import type { AppMetrics } from '@slipway/plugin-slipway-common';
import { decodeInto, quantile, type Histogram } from './histogram';
import { STATUS_CLASSES, type ProcessPoint, type RequestPoint } from './types';

/** A window in whole minutes: `from ≤ minute < to`, cut in steps of `stepMinutes`. */
export type Window = { from: number; to: number; stepMinutes: number };

type Series = Omit<AppMetrics, 'from' | 'to' | 'step' | 'source' | 'releases'>;

/** Folds per-minute rows (several per minute possible) into one value per step. */
export function buildSeries(
  window: Window,
  requests: RequestPoint[],
  processes: ProcessPoint[],
): Series {
  const steps = Math.ceil((window.to - window.from) / window.stepMinutes);
  const indexOf = (minute: number) =>
    Math.floor((minute - window.from) / window.stepMinutes);
  const zeros = () => new Array<number>(steps).fill(0);
  const counts = Object.fromEntries(
    STATUS_CLASSES.map(c => [c, zeros()]),
  ) as Series['requests'];
  const bytesOut = zeros();
  const histograms: Histogram[] = Array.from(
    { length: steps },
    () => new Map(),
  );
  for (const point of requests) {
    const i = indexOf(point.minute);
    if (i < 0 || i >= steps) continue;
    for (const c of STATUS_CLASSES) counts[c][i] += point.statuses[c];
    bytesOut[i] += point.bytesOut;
    decodeInto(histograms[i], point.latency);
  }
  const percentile = (q: number) => histograms.map(h => round(quantile(h, q)));

  // Memory: the highest of the step; CPU: the mean of the minutes measured in it.
  const byType = new Map<
    string,
    { memory: (number | null)[]; cpuSum: number[]; cpuMinutes: number[] }
  >();
  for (const point of processes) {
    const i = indexOf(point.minute);
    if (i < 0 || i >= steps) continue;
    let series = byType.get(point.processType);
    if (!series) {
      series = {
        memory: new Array(steps).fill(null),
        cpuSum: zeros(),
        cpuMinutes: zeros(),
      };
      byType.set(point.processType, series);
    }
    series.memory[i] = Math.max(series.memory[i] ?? 0, point.memoryBytes);
    series.cpuSum[i] += point.cpuMillicores;
    series.cpuMinutes[i] += point.samples ?? 1;
  }
  return {
    timestamps: Array.from({ length: steps }, (_, i) =>
      new Date((window.from + i * window.stepMinutes) * 60_000).toISOString(),
    ),
    requests: counts,
    latency: {
      p50: percentile(0.5),
      p95: percentile(0.95),
      p99: percentile(0.99),
    },
    bytesOut,
    processes: [...byType.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([type, series]) => ({
        type,
        memoryBytes: series.memory,
        cpuMillicores: series.cpuSum.map((sum, i) =>
          series.cpuMinutes[i] ? Math.round(sum / series.cpuMinutes[i]) : null,
        ),
      })),
  };
}

/** Milliseconds to a tenth: the histogram is not finer than that anyway. */
function round(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 10) / 10;
}
