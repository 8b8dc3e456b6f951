import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  slipwayAppReadPermission,
  type AppMetrics,
  type MetricsQuery,
  type RequestTotals,
  type RequestTotalsQuery,
} from '@slipway/plugin-slipway-common';
import {
  readIngressNginx,
  readIngressNginxTotals,
} from '../metrics/prometheus/ingressNginx';
import type { RequestMetricsSource } from '../metrics/requestSource';
import { buildSeries, type Window } from '../metrics/series';
import { loadApp, type ServiceContext } from './context';

/** More steps than a chart can show only costs time. */
const MAX_STEPS = 1500;
/** About this many steps when the caller names none: a readable line on any width. */
const DEFAULT_STEPS = 120;
const MAX_RELEASES = 200;
/** More apps than a page of the Apps list shows are refused. */
const MAX_TOTALS_APPS = 100;
/** Sparklines: about this many points when the caller names no step. */
const TOTALS_STEPS = 24;

/** An app's metrics (the ledger's time series, or Prometheus for requests), for whoever may read the app. */
export class MetricsService {
  constructor(private readonly ctx: ServiceContext) {}

  async get(
    credentials: BackstageCredentials,
    name: string,
    query: MetricsQuery = {},
  ): Promise<AppMetrics> {
    const window = parseWindow(query, this.ctx.now());
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const from = new Date(window.from * 60_000).toISOString();
    const to = new Date(window.to * 60_000).toISOString();
    const source = this.ctx.requestMetrics ?? { kind: 'ledger' };
    const [requests, processes, releases, fromPrometheus] = await Promise.all([
      source.kind === 'ledger'
        ? this.ctx.ledger.metrics.requestSteps(name, window)
        : [],
      this.ctx.ledger.metrics.processSteps(name, window),
      this.ctx.ledger.releases.createdBetween(name, from, to, MAX_RELEASES),
      source.kind === 'prometheus'
        ? readIngressNginx(source.client, name, window)
        : undefined,
    ]);
    const series = {
      ...buildSeries(window, requests, processes),
      ...fromPrometheus,
    };
    return {
      from,
      to,
      step: window.stepMinutes * 60,
      source: source.kind === 'prometheus' ? 'prometheus' : 'ledger',
      ...series,
      ...emptiness(source, series.requests),
      releases,
    };
  }

  /** Requests per step of the apps among `query.app` that exist and that the caller may read. */
  async totals(
    credentials: BackstageCredentials,
    query: RequestTotalsQuery,
  ): Promise<RequestTotals> {
    const asked = [...new Set(query.app ?? [])];
    if (asked.length === 0) throw new InputError('name at least one app');
    if (asked.length > MAX_TOTALS_APPS)
      throw new InputError(`at most ${MAX_TOTALS_APPS} apps at once`);
    const window = parseWindow(query, this.ctx.now(), TOTALS_STEPS);
    const existing = (await this.ctx.ledger.apps.getMany(asked)).map(
      a => a.name,
    );
    const readable = await this.ctx.authorizer.allowedOf(
      credentials,
      slipwayAppReadPermission,
      existing,
    );
    const apps = asked.filter(app => readable.has(app));
    const source = this.ctx.requestMetrics ?? { kind: 'ledger' };
    const steps = Math.ceil((window.to - window.from) / window.stepMinutes);
    let totals: Array<[string, number, number]> = [];
    if (source.kind === 'ledger')
      totals = await this.ctx.ledger.metrics.requestTotals(apps, window);
    if (source.kind === 'prometheus')
      totals = await readIngressNginxTotals(source.client, apps, window);
    const byApp = new Map(
      apps.map(app => [app, new Array<number>(steps).fill(0)]),
    );
    for (const [app, i, count] of totals) {
      const series = byApp.get(app);
      if (series && i >= 0 && i < steps) series[i] += count;
    }
    return {
      from: new Date(window.from * 60_000).toISOString(),
      to: new Date(window.to * 60_000).toISOString(),
      step: window.stepMinutes * 60,
      source: source.kind === 'prometheus' ? 'prometheus' : 'ledger',
      timestamps: Array.from({ length: steps }, (_, i) =>
        new Date((window.from + i * window.stepMinutes) * 60_000).toISOString(),
      ),
      apps: apps.map(app => ({ app, requests: byApp.get(app)! })),
      ...(source.kind === 'none'
        ? { empty: { reason: source.reason, message: source.message } }
        : {}),
    };
  }
}

/** Why the request figures are empty, if they are. */
function emptiness(
  source: RequestMetricsSource,
  requests: AppMetrics['requests'],
): Pick<AppMetrics, 'empty'> {
  if (source.kind === 'none')
    return { empty: { reason: source.reason, message: source.message } };
  const any = Object.values(requests).some(counts => counts.some(n => n > 0));
  if (any) return {};
  return {
    empty: {
      reason: 'no-traffic',
      message:
        source.kind === 'prometheus'
          ? 'No requests in this window: ingress-nginx has counted none for this app.'
          : noTrafficMessage(source),
    },
  };
}

function noTrafficMessage(
  source: Extract<RequestMetricsSource, { kind: 'ledger' }>,
): string {
  if (source.routerCounts === false)
    return `No requests in this window; the ${source.routerName} router may not count requests for Slipway.`;
  return 'No requests in this window: the router has counted none for this app yet.';
}

/** The window of a query in whole minutes; default the hour up to now. */
export function parseWindow(
  query: MetricsQuery,
  now: Date,
  defaultSteps = DEFAULT_STEPS,
): Window {
  const time = (value: string | undefined, field: string, fallback: number) => {
    if (value === undefined) return fallback;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new InputError(`${field} is not a date-time`);
    return ms;
  };
  const toMs = time(query.to, 'to', now.getTime());
  const fromMs = time(query.from, 'from', toMs - 3_600_000);
  const from = Math.floor(fromMs / 60_000);
  const to = Math.ceil(toMs / 60_000);
  if (to <= from) throw new InputError('from must be before to');
  const step = query.step;
  if (step !== undefined && (step < 60 || step % 60 !== 0))
    throw new InputError('step must be a multiple of 60 seconds');
  const stepMinutes = step
    ? step / 60
    : Math.max(1, Math.ceil((to - from) / defaultSteps));
  if (Math.ceil((to - from) / stepMinutes) > MAX_STEPS)
    throw new InputError(
      `from..to holds more than ${MAX_STEPS} steps of ${
        stepMinutes * 60
      } s; use a longer step`,
    );
  return { from, to, stepMinutes };
}
