import { ConfigReader } from '@backstage/config';
import { readMetricsSettings } from './config';

const read = (slipway: object) =>
  readMetricsSettings(new ConfigReader({ slipway }));

describe('slipway.metrics', () => {
  it('takes a Prometheus with the ingress router, without a trailing slash', () => {
    expect(
      read({
        router: 'ingress',
        metrics: { prometheus: { url: 'http://prom.monitoring:9090/' } },
      }).prometheus,
    ).toEqual({ url: 'http://prom.monitoring:9090', timeoutMs: 10_000 });
  });

  it('refuses Prometheus with the gateway router as planned, and with routers that count themselves', () => {
    expect(() =>
      read({
        router: 'gateway',
        metrics: { prometheus: { url: 'http://prom:9090' } },
      }),
    ).toThrow(/with slipway.router "gateway" is planned, not built/);
    expect(() =>
      read({ metrics: { prometheus: { url: 'http://prom:9090' } } }),
    ).toThrow(/needs slipway.router "ingress" \(it is "builtin"/);
  });

  it('refuses a URL that is not http(s) and a timeout out of range', () => {
    expect(() =>
      read({
        router: 'ingress',
        metrics: { prometheus: { url: 'file:///etc/passwd' } },
      }),
    ).toThrow('slipway.metrics.prometheus.url must be http or https');
    expect(() =>
      read({
        router: 'ingress',
        metrics: { prometheus: { url: 'http://p:9090', timeoutSeconds: 0 } },
      }),
    ).toThrow(/timeoutSeconds must be from 1 to 120/);
  });
});
