import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export type ProxiedRequest = { method: string; path: string; status?: number };

/**
 * A plain-HTTP proxy in front of the real API server that records every request, so tests can count what the
 * runtime and routers send (e.g. "an unchanged apply makes no write"). Requests are forwarded as they are,
 * with their bearer token; answers, watches and log streams are piped back unchanged.
 */
export class RecordingProxy {
  readonly requests: ProxiedRequest[] = [];
  url = '';
  private server!: http.Server;

  private constructor(
    private readonly target: URL,
    private readonly ca: Buffer,
  ) {}

  static async start(server: string, caData: string): Promise<RecordingProxy> {
    const proxy = new RecordingProxy(
      new URL(server),
      Buffer.from(caData, 'base64'),
    );
    proxy.server = http.createServer((req, res) => proxy.forward(req, res));
    await new Promise<void>(resolve =>
      proxy.server.listen(0, '127.0.0.1', resolve),
    );
    proxy.url = `http://127.0.0.1:${
      (proxy.server.address() as AddressInfo).port
    }`;
    return proxy;
  }

  /** Requests that change state (everything but GET). */
  writes(): ProxiedRequest[] {
    return this.requests.filter(r => r.method !== 'GET');
  }

  /** `PATCH /apis/apps/v1/namespaces/x/deployments/y`-style lines of the writes, for readable assertions. */
  writeLines(): string[] {
    return this.writes().map(w => `${w.method} ${w.path.split('?')[0]}`);
  }

  reset() {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse) {
    const record: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
    };
    this.requests.push(record);
    const upstream = https.request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.target.host },
        ca: this.ca,
      },
      answer => {
        record.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', error => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }
}
