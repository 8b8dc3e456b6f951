import type { Config } from '@backstage/config';

export type MetricsSettings = {
  /** `slipway.metrics.enabled` (default true): whether routers count requests and process use is sampled. */
  enabled: boolean;
  /** `slipway.metrics.retentionDays` (default 14, 1 to 90). */
  retentionDays: number;
  /** `slipway.metrics.prometheus`: where request metrics come from instead of the ledger (ingress router only). */
  prometheus?: PrometheusSettings;
};

export type PrometheusSettings = { url: string; timeoutMs: number };

/** Routers whose requests a Prometheus can tell, by the metrics of the controller behind them. */
const PROMETHEUS_ROUTERS = ['ingress'];

/** Reads `slipway.metrics`; a value outside its range, or a source not built yet, is refused. */
export function readMetricsSettings(config: Config): MetricsSettings {
  const retentionDays =
    config.getOptionalNumber('slipway.metrics.retentionDays') ?? 14;
  if (
    !Number.isInteger(retentionDays) ||
    retentionDays < 1 ||
    retentionDays > 90
  )
    throw new Error(
      'slipway.metrics.retentionDays must be a whole number of days from 1 to 90',
    );
  return {
    enabled: config.getOptionalBoolean('slipway.metrics.enabled') ?? true,
    retentionDays,
    prometheus: readPrometheus(config),
  };
}

function readPrometheus(config: Config): PrometheusSettings | undefined {
  if (!config.has('slipway.metrics.prometheus')) return undefined;
  const router = config.getOptionalString('slipway.router') ?? 'builtin';
  if (router === 'gateway')
    throw new Error(
      'slipway.metrics.prometheus with slipway.router "gateway" is planned, not built: Gateway API implementations (Envoy Gateway, Istio, Cilium, ...) share no request metrics; remove the setting or use the ingress router',
    );
  if (!PROMETHEUS_ROUTERS.includes(router))
    throw new Error(
      `slipway.metrics.prometheus reads the metrics of ingress-nginx and needs slipway.router "ingress" (it is "${router}", which counts requests itself); remove the setting`,
    );
  const url = config.getString('slipway.metrics.prometheus.url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`slipway.metrics.prometheus.url is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error('slipway.metrics.prometheus.url must be http or https');
  const timeoutSeconds =
    config.getOptionalNumber('slipway.metrics.prometheus.timeoutSeconds') ?? 10;
  if (!(timeoutSeconds >= 1 && timeoutSeconds <= 120))
    throw new Error(
      'slipway.metrics.prometheus.timeoutSeconds must be from 1 to 120',
    );
  return { url: url.replace(/\/+$/, ''), timeoutMs: timeoutSeconds * 1000 };
}
