import type { MetricsEmptyReason } from '@slipway/plugin-slipway-common';
import type { MetricsSettings } from './config';
import { PrometheusClient } from './prometheus/PrometheusClient';

/** Where an app's request metrics come from, or why there are none. */
export type RequestMetricsSource =
  | { kind: 'ledger'; routerCounts?: boolean; routerName?: string }
  | { kind: 'prometheus'; client: PrometheusClient }
  | { kind: 'none'; reason: MetricsEmptyReason; message: string };

/** Decides the source from the settings and what the router can do. */
export function requestMetricsSource(options: {
  settings: MetricsSettings;
  routerName: string;
  /** Whether the router hands its line per request to Slipway (it counts in process). */
  routerCounts: boolean;
  log: (message: string) => void;
}): RequestMetricsSource {
  const { settings, routerName } = options;
  if (!settings.enabled)
    return {
      kind: 'none',
      reason: 'metrics-disabled',
      message:
        'Metrics are turned off on this platform (slipway.metrics.enabled is false).',
    };
  if (settings.prometheus)
    return {
      kind: 'prometheus',
      client: new PrometheusClient({
        ...settings.prometheus,
        log: options.log,
      }),
    };
  if (routerName === 'ingress')
    return {
      kind: 'none',
      reason: 'no-prometheus',
      message:
        'No Prometheus is configured: with the ingress router, requests are read from the Prometheus that scrapes ingress-nginx (slipway.metrics.prometheus.url).',
    };
  if (routerName === 'gateway')
    return {
      kind: 'none',
      reason: 'router-not-counting',
      message:
        'The gateway router does not count requests, and reading them from a Gateway implementation’s Prometheus metrics is planned.',
    };
  // Other routers (builtin, nginx, added ones) write to the ledger when they count.
  return { kind: 'ledger', routerCounts: options.routerCounts, routerName };
}
