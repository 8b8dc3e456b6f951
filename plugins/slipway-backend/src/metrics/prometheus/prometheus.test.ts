import { TestDatabases } from '@backstage/backend-test-utils';
import { testServices } from '../../services/__testUtils__/testServices';
import { PrometheusClient } from './PrometheusClient';
import {
  IngressNginxExporter,
  type IngressLabels,
} from './testing/ingressNginxExporter';
import { prometheusInstalled, startPrometheus } from './testing/realPrometheus';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const TICK = 15_000;
/** Simulated history: 25 minutes of ticks every 15 s, served one tick per scrape. */
const TICKS = 25 * 4;

const shop = (status: string): IngressLabels => ({
  namespace: 'shop',
  ingress: 'shop',
  service: 'shop-web',
  status,
});

/**
 * What ingress-nginx counted at tick k (the 15 s up to it): shop answers 3 requests a tick in 8 ms,
 * plus one 503 in 400 ms in minutes 5 and 6; blog 7; and an Ingress of another name in shop's
 * namespace (not Slipway's) 100, which must not count.
 */
function traffic(exporter: IngressNginxExporter, k: number) {
  const minute = Math.floor((k - 1) / 4);
  exporter.record(shop('200'), { seconds: 0.008, bytes: 1000, count: 3 });
  if (minute === 5 || minute === 6)
    exporter.record(shop('503'), { seconds: 0.4, bytes: 200 });
  exporter.record(
    { namespace: 'blog', ingress: 'blog', service: 'blog-web', status: '200' },
    { seconds: 0.02, bytes: 10, count: 7 },
  );
  exporter.record(
    { namespace: 'shop', ingress: 'shop-old', service: 'x', status: '200' },
    { seconds: 0.02, bytes: 10, count: 100 },
  );
}

const describeIfPrometheus =
  prometheusInstalled() || process.env.CI ? describe : describe.skip;

describeIfPrometheus(
  'request metrics from a real Prometheus scraping ingress-nginx metrics',
  () => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
    const exporter = new IngressNginxExporter();
    let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
    let t0: number;
    const logged: string[] = [];
    const client = (url: string) =>
      new PrometheusClient({ url, timeoutMs: 5000, log: m => logged.push(m) });

    beforeAll(async () => {
      t0 = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
      let k = 0;
      traffic(exporter, 0);
      exporter.simulate(t0, () => {
        if (k >= TICKS) return;
        k += 1;
        traffic(exporter, k);
        exporter.setTime(t0 + k * TICK);
      });
      prometheus = await startPrometheus(await exporter.start());
      // Until the whole history is scraped, and a few scrapes more.
      const deadline = Date.now() + 60_000;
      while (k < TICKS || exporter.scrapes < TICKS + 5) {
        if (Date.now() > deadline)
          throw new Error('the history was not scraped');
        await new Promise(r => setTimeout(r, 200));
      }
    });
    afterAll(async () => {
      await prometheus?.stop();
      await exporter.close();
    });

    it('reads requests by status class, latency percentiles and bytes of one app per step', async () => {
      const t = await testServices(await databases.init('SQLITE_3'), {
        requestMetrics: { kind: 'prometheus', client: client(prometheus.url) },
      });
      await t.services.apps.create(t.jane, { name: 'shop' });
      const metrics = await t.services.metrics.get(t.jane, 'shop', {
        from: new Date(t0 + MINUTE).toISOString(),
        to: new Date(t0 + 21 * MINUTE).toISOString(),
        step: 60,
      });
      expect(metrics.source).toBe('prometheus');
      expect(metrics.empty).toBeUndefined();
      expect(metrics.timestamps).toHaveLength(20);
      // Step i is minute i + 1 of the history.
      const errorMinute = (i: number) => i + 1 === 5 || i + 1 === 6;
      expect(metrics.requests['2xx']).toEqual(metrics.timestamps.map(() => 12));
      expect(metrics.requests['5xx']).toEqual(
        metrics.timestamps.map((_, i) => (errorMinute(i) ? 4 : 0)),
      );
      expect(metrics.requests['4xx'].every(n => n === 0)).toBe(true);
      expect(metrics.bytesOut).toEqual(
        metrics.timestamps.map((_, i) => 12_000 + (errorMinute(i) ? 800 : 0)),
      );
      // histogram_quantile interpolates inside ingress-nginx's buckets: 8 ms lies in (5, 10] ms.
      for (const p50 of metrics.latency.p50) {
        expect(p50).toBeGreaterThan(5);
        expect(p50).toBeLessThanOrEqual(10);
      }
      const p99s = metrics.latency.p99;
      const errorP99s = p99s.filter((_, i) => errorMinute(i));
      expect(errorP99s).toHaveLength(2);
      for (const p99 of errorP99s) {
        expect(p99).toBeGreaterThan(250);
        expect(p99).toBeLessThanOrEqual(500);
      }
      for (const p99 of p99s.filter((_, i) => !errorMinute(i)))
        expect(p99).toBeLessThanOrEqual(10);

      // The Apps page's sparklines: several apps in one query; unknown apps left out.
      await t.services.apps.create(t.jane, { name: 'blog' });
      const totals = await t.services.metrics.totals(t.jane, {
        app: ['shop', 'blog', 'ghost'],
        from: new Date(t0 + MINUTE).toISOString(),
        to: new Date(t0 + 21 * MINUTE).toISOString(),
        step: 300,
      });
      expect(totals.source).toBe('prometheus');
      expect(totals.apps).toEqual([
        { app: 'shop', requests: [64, 64, 60, 60] },
        { app: 'blog', requests: [140, 140, 140, 140] },
      ]);
    });

    it('says no traffic when ingress-nginx counted none for the app in the window', async () => {
      const t = await testServices(await databases.init('SQLITE_3'), {
        requestMetrics: { kind: 'prometheus', client: client(prometheus.url) },
      });
      await t.services.apps.create(t.jane, { name: 'quiet' });
      const metrics = await t.services.metrics.get(t.jane, 'quiet', {
        from: new Date(t0 + MINUTE).toISOString(),
        to: new Date(t0 + 21 * MINUTE).toISOString(),
      });
      expect(metrics.empty?.reason).toBe('no-traffic');
      expect(metrics.latency.p50.every(v => v === null)).toBe(true);
    });

    it('turns a refused query or an unreachable Prometheus into a 503 that names neither', async () => {
      const instants = { start: t0 / 1000, end: t0 / 1000 + 600, step: 60 };
      const refused = client(prometheus.url).queryRange('sum(', instants);
      await expect(refused).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message:
          'Metrics are unavailable: the Prometheus of slipway.metrics.prometheus failed, it refused the query (bad_data)',
      });
      const away = client('http://127.0.0.1:1').queryRange('up', instants);
      await expect(away).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message:
          'Metrics are unavailable: the Prometheus of slipway.metrics.prometheus failed, it could not be reached',
      });
      // The detail is logged for the operator.
      expect(logged.some(line => line.includes('bad_data'))).toBe(true);
    });
  },
);
