import type { AppMetrics } from '@slipway/plugin-slipway-common';
import type { Window } from '../series';
import { STATUS_CLASSES, statusClass } from '../types';
import type { PrometheusClient, RangeSeries } from './PrometheusClient';

type RequestSeries = Pick<AppMetrics, 'requests' | 'latency' | 'bytesOut'>;

/**
 * The metrics of ingress-nginx's controller that an app's requests are read from. Slipway's Ingress
 * of an app is named after it in the app's namespace (also named after it), and ingress-nginx labels
 * its series with both (`namespace`, `ingress`); `status` is the answer's code.
 */
export const INGRESS_NGINX_METRICS = {
  requests: 'nginx_ingress_controller_requests',
  duration: 'nginx_ingress_controller_request_duration_seconds_bucket',
  bytes: 'nginx_ingress_controller_response_size_sum',
} as const;

export function appSelector(app: string): string {
  const quoted = JSON.stringify(app); // app names are DNS labels; quoting keeps any name a literal
  return `{namespace=${quoted},ingress=${quoted}}`;
}

/** The PromQL queries for one app and a step of `stepSeconds`. */
export function ingressNginxQueries(app: string, stepSeconds: number) {
  const sel = appSelector(app);
  const range = `[${stepSeconds}s]`;
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (le) (rate(${INGRESS_NGINX_METRICS.duration}${sel}${range})))`;
  return {
    requests: `sum by (status) (increase(${INGRESS_NGINX_METRICS.requests}${sel}${range}))`,
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
    bytesOut: `sum(increase(${INGRESS_NGINX_METRICS.bytes}${sel}${range}))`,
  };
}

/**
 * Requests by status class, latency percentiles and bytes out of one app from ingress-nginx's
 * metrics, on the window's axis: step i covers `[from + i·step, from + (i+1)·step)`, which is the
 * range ending at Prometheus's instant `from + (i+1)·step`.
 */
export async function readIngressNginx(
  client: PrometheusClient,
  app: string,
  window: Window,
): Promise<RequestSeries> {
  const steps = Math.ceil((window.to - window.from) / window.stepMinutes);
  const stepSeconds = window.stepMinutes * 60;
  const instants = {
    start: (window.from + window.stepMinutes) * 60,
    end: (window.from + steps * window.stepMinutes) * 60,
    step: stepSeconds,
  };
  const queries = ingressNginxQueries(app, stepSeconds);
  const [requests, p50, p95, p99, bytesOut] = await Promise.all(
    [
      queries.requests,
      queries.p50,
      queries.p95,
      queries.p99,
      queries.bytesOut,
    ].map(query => client.queryRange(query, instants)),
  );
  const indexOf = (seconds: number) =>
    Math.round((seconds / 60 - window.from) / window.stepMinutes) - 1;
  const fill = <T>(
    series: RangeSeries | undefined,
    empty: T,
    read: (value: number) => T,
  ): T[] => {
    const out = new Array<T>(steps).fill(empty);
    for (const [at, text] of series?.values ?? []) {
      const i = indexOf(at);
      const value = Number(text);
      if (i >= 0 && i < steps && Number.isFinite(value)) out[i] = read(value);
    }
    return out;
  };

  const counts = Object.fromEntries(
    STATUS_CLASSES.map(c => [c, new Array<number>(steps).fill(0)]),
  ) as RequestSeries['requests'];
  for (const series of requests) {
    const status = Number(series.metric.status);
    if (!Number.isInteger(status)) continue;
    const byStep = fill(series, 0, Math.round);
    const target = counts[statusClass(status)];
    byStep.forEach((n, i) => (target[i] += n));
  }
  const ms = (seconds: number) => Math.round(seconds * 10_000) / 10;
  return {
    requests: counts,
    latency: {
      p50: fill<number | null>(p50[0], null, ms),
      p95: fill<number | null>(p95[0], null, ms),
      p99: fill<number | null>(p99[0], null, ms),
    },
    bytesOut: fill(bytesOut[0], 0, Math.round),
  };
}

/** Requests per step (all statuses) of several apps, in one query: `[app, step index, count]`. */
export async function readIngressNginxTotals(
  client: PrometheusClient,
  apps: string[],
  window: Window,
): Promise<Array<[app: string, step: number, count: number]>> {
  if (apps.length === 0) return [];
  const steps = Math.ceil((window.to - window.from) / window.stepMinutes);
  const stepSeconds = window.stepMinutes * 60;
  const names = JSON.stringify(apps.map(escapeRegex).join('|'));
  const query = `sum by (namespace, ingress) (increase(${INGRESS_NGINX_METRICS.requests}{namespace=~${names},ingress=~${names}}[${stepSeconds}s]))`;
  const result = await client.queryRange(query, {
    start: (window.from + window.stepMinutes) * 60,
    end: (window.from + steps * window.stepMinutes) * 60,
    step: stepSeconds,
  });
  const out: Array<[string, number, number]> = [];
  for (const series of result) {
    const app = series.metric.namespace;
    // Slipway's Ingress of an app is named after it, in its namespace.
    if (!app || series.metric.ingress !== app) continue;
    for (const [at, text] of series.values) {
      const i = Math.round((at / 60 - window.from) / window.stepMinutes) - 1;
      const value = Math.round(Number(text));
      if (i >= 0 && i < steps && value > 0) out.push([app, i, value]);
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
