import http from 'node:http';
import type { AcmeChallenges } from '../../acme';

/**
 * The backend's ACME HTTP-01 responder for the nginx router: listens on 127.0.0.1 only, and nginx
 * forwards `/.well-known/acme-challenge/` of autoTls apps (with the raw request URI and the Host)
 * to it. It answers from the issuer's in-memory challenges and nothing else: GET or HEAD of a
 * base64url token the issuer waits on for that very Host gets the key authorization (public by
 * design: the ACME server fetches it over plain HTTP); everything else is a bare 404.
 */
export class AcmeResponder {
  private server?: http.Server;

  constructor(
    private readonly port: number,
    private readonly challenges: AcmeChallenges,
  ) {}

  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => this.handle(req, res));
    // Nginx asks one short question at a time; nothing may hold a connection long.
    server.requestTimeout = 10_000;
    server.headersTimeout = 5_000;
    server.keepAliveTimeout = 5_000;
    server.maxHeadersCount = 50;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    // Whatever body was sent is not read: it has nothing to say here.
    req.resume();
    const path = (req.url ?? '').split('?')[0];
    const answer =
      req.method === 'GET' || req.method === 'HEAD'
        ? this.challenges.answer(req.headers.host ?? '', path)
        : undefined;
    const body = typeof answer === 'string' ? answer : 'Not found\n';
    res.writeHead(typeof answer === 'string' ? 200 : 404, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
