import type { AppMetrics } from '@slipway/plugin-slipway-common';

/** One step of the charts: the time in ms and every series' value at it. */
export type ChartRow = { time: number } & Record<string, number | null>;

/** Request counts per step: successes (1xx–3xx), client errors (4xx) and server errors (5xx). */
export function requestRows(metrics: AppMetrics): ChartRow[] {
  const r = metrics.requests;
  return metrics.timestamps.map((t, i) => ({
    time: Date.parse(t),
    ok: r['1xx'][i] + r['2xx'][i] + r['3xx'][i],
    '4xx': r['4xx'][i],
    '5xx': r['5xx'][i],
  }));
}

export function latencyRows(metrics: AppMetrics): ChartRow[] {
  const { p50, p95, p99 } = metrics.latency;
  return metrics.timestamps.map((t, i) => ({
    time: Date.parse(t),
    p50: p50[i],
    p95: p95[i],
    p99: p99[i],
  }));
}

/** One row per step with a column per process type, of memory (MiB) or CPU (millicores). */
export function processRows(
  metrics: AppMetrics,
  of: 'memoryBytes' | 'cpuMillicores',
): ChartRow[] {
  return metrics.timestamps.map((t, i) => {
    const row: ChartRow = { time: Date.parse(t) };
    for (const p of metrics.processes) {
      const value = p[of][i] ?? null;
      row[p.type] = value === null ? null : scaled(value, of);
    }
    return row;
  });
}

/** Memory in MiB to a tenth; CPU as it is. */
function scaled(value: number, of: 'memoryBytes' | 'cpuMillicores'): number {
  return of === 'memoryBytes'
    ? Math.round((value / 1024 / 1024) * 10) / 10
    : value;
}

export function totalRequests(metrics: AppMetrics): number {
  return Object.values(metrics.requests).reduce(
    (sum, series) => sum + series.reduce((a, b) => a + b, 0),
    0,
  );
}

/** The sentence a screen reader hears for the requests chart. */
export function requestSummary(metrics: AppMetrics): string {
  const total = totalRequests(metrics);
  const errors = metrics.requests['5xx'].reduce((a, b) => a + b, 0);
  const rate = total ? ((errors / total) * 100).toFixed(1) : '0';
  return `${total} requests, ${errors} server errors (${rate}%), ${metrics.releases.length} releases in this window.`;
}

/** The highest value of a series, for the screen-reader summaries. */
export function peak(values: (number | null)[]): number | undefined {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? Math.max(...present) : undefined;
}
