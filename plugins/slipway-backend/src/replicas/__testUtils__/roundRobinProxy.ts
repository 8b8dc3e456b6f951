import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A small load balancer: each request goes to the next live target in turn. */
export async function startRoundRobinProxy(targets: () => number[]): Promise<{
  port: number;
  close: () => Promise<void>;
  /** Requests forwarded per target port. */
  counts: Map<number, number>;
  /** Each request forwarded, in order: where it went. */
  forwarded: { port: number; method: string; url: string }[];
}> {
  let next = 0;
  const counts = new Map<number, number>();
  const forwarded: { port: number; method: string; url: string }[] = [];
  const server = http.createServer((req, res) => {
    const live = targets();
    const port = live[next++ % live.length];
    counts.set(port, (counts.get(port) ?? 0) + 1);
    forwarded.push({ port, method: req.method ?? '', url: req.url ?? '' });
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      response => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
        // A target that dies mid-answer (a stream): close the client's connection too, as a load
        // balancer does, rather than leave it waiting.
        response.on('close', () => {
          if (!response.complete) res.destroy();
        });
      },
    );
    upstream.on('error', () => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    counts,
    forwarded,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
