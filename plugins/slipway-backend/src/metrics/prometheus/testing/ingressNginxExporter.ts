import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** ingress-nginx's default request duration buckets (seconds). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The labels ingress-nginx puts on its per-request series. */
export type IngressLabels = {
  namespace: string;
  ingress: string;
  service: string;
  status: string;
};

type Counters = {
  labels: IngressLabels;
  requests: number;
  buckets: number[];
  durationSum: number;
  bytes: number;
};

/**
 * A test exporter that serves ingress-nginx-shaped metrics (`nginx_ingress_controller_requests`,
 * `..._request_duration_seconds` histogram, `..._response_size` sum) from counters that grow as
 * `record` is called. Each scrape can advance a simulated clock (`tick`), and serves the samples
 * with that time, so a Prometheus scraping it every 100 ms holds minutes of history in seconds.
 */
export class IngressNginxExporter {
  private readonly series = new Map<string, Counters>();
  private server?: Server;
  /** Simulated time of the samples (ms), or undefined for the scrape's own time. */
  private at?: number;
  private onScrape?: () => void;
  scrapes = 0;

  /** Counts `count` answered requests. */
  record(
    labels: IngressLabels,
    sample: { seconds: number; bytes: number; count?: number },
  ): void {
    const key = JSON.stringify(labels);
    let c = this.series.get(key);
    if (!c) {
      c = {
        labels,
        requests: 0,
        buckets: BUCKETS.map(() => 0),
        durationSum: 0,
        bytes: 0,
      };
      this.series.set(key, c);
    }
    const n = sample.count ?? 1;
    c.requests += n;
    BUCKETS.forEach((le, i) => {
      if (sample.seconds <= le) c!.buckets[i] += n;
    });
    c.durationSum += sample.seconds * n;
    c.bytes += sample.bytes * n;
  }

  /** Samples carry `at` (ms) from now on; `onScrape` runs before each scrape is answered. */
  simulate(at: number | undefined, onScrape?: () => void): void {
    this.at = at;
    this.onScrape = onScrape;
  }

  /** The simulated time (ms) of the last scrape served. */
  get time(): number | undefined {
    return this.at;
  }

  setTime(at: number | undefined): void {
    this.at = at;
  }

  text(): string {
    const ts = this.at === undefined ? '' : ` ${this.at}`;
    const lines: string[] = [];
    const put = (name: string, labels: Record<string, string>, v: number) =>
      lines.push(
        `${name}{${Object.entries(labels)
          .map(([k, value]) => `${k}=${JSON.stringify(value)}`)
          .join(',')}} ${v}${ts}`,
      );
    lines.push('# TYPE nginx_ingress_controller_requests counter');
    for (const c of this.series.values())
      put('nginx_ingress_controller_requests', this.full(c), c.requests);
    lines.push(
      '# TYPE nginx_ingress_controller_request_duration_seconds histogram',
    );
    for (const c of this.series.values()) {
      const base = this.full(c);
      BUCKETS.forEach((le, i) =>
        put(
          'nginx_ingress_controller_request_duration_seconds_bucket',
          { ...base, le: String(le) },
          c.buckets[i],
        ),
      );
      put(
        'nginx_ingress_controller_request_duration_seconds_bucket',
        { ...base, le: '+Inf' },
        c.requests,
      );
      put(
        'nginx_ingress_controller_request_duration_seconds_sum',
        base,
        c.durationSum,
      );
      put(
        'nginx_ingress_controller_request_duration_seconds_count',
        base,
        c.requests,
      );
    }
    lines.push('# TYPE nginx_ingress_controller_response_size histogram');
    for (const c of this.series.values()) {
      put('nginx_ingress_controller_response_size_sum', this.full(c), c.bytes);
      put(
        'nginx_ingress_controller_response_size_count',
        this.full(c),
        c.requests,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  private full(c: Counters): Record<string, string> {
    return {
      controller_class: 'k8s.io/ingress-nginx',
      controller_namespace: 'ingress-nginx',
      controller_pod: 'ingress-nginx-controller-0',
      ...c.labels,
      method: 'GET',
      path: '/',
      canary: '',
    };
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.statusCode = 404;
        res.end();
        return;
      }
      this.onScrape?.();
      this.scrapes++;
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(this.text());
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>(resolve => this.server?.close(() => resolve()));
  }
}
