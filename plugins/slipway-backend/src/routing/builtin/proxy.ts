import {
  request as httpRequest,
  STATUS_CODES,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { decide, hstsHeader, type Decision } from './gate';
import {
  downstreamResponseHeaders,
  requestIdOf,
  upstreamRequestHeaders,
} from './headers';
import { PAGES, pageHtml, type Page } from './pages';
import type { CompiledRoute, CompiledTable } from './routeTable';
import { connectUpstream } from './upstream';
import { watchRequest } from './accessLog';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';
import { answerAcmeChallenge } from './acme';
import type { AcmeChallenges } from '../../acme';

export type ProxyEnvironment = {
  /** The current table; read once per request, so a swap never splits a request. */
  table: () => CompiledTable;
  httpsPort: () => number;
  /** Long-lived sockets (websockets) the router closes on shutdown. */
  track: (socket: Socket | Duplex) => void;
  /** Told about every request to an app once it is answered (absent: nobody listens). */
  accessLog?: () => ((entry: AccessLogEntry) => void) | undefined;
  /** HTTP-01 answers the ACME issuer waits on (autoTls), if it runs. */
  acme: () => AcmeChallenges | undefined;
};

/** The request handler of the http (`secure` false) or https server. */
export function requestHandler(env: ProxyEnvironment, secure: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!secure && answerAcmeChallenge(env.acme(), req, res)) return;
    const requestId = requestIdOf(req);
    const decision = decide(req, secure, env.table(), env.httpsPort());
    const accessLog = env.accessLog?.();
    if (accessLog && decision.route)
      watchRequest(req, res, decision.route.route.app, accessLog);
    const common = {
      'x-request-id': requestId,
      'strict-transport-security': secure
        ? hstsHeader(decision.route)
        : undefined,
    };
    if (decision.kind !== 'proxy') {
      respond(res, decision, common);
      return;
    }
    forward(req, res, decision.route, secure, requestId, common);
  };
}

function respond(
  res: ServerResponse,
  decision: Exclude<Decision, { kind: 'proxy' }>,
  common: Record<string, string | undefined>,
) {
  const headers = Object.fromEntries(
    Object.entries(common).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  if (decision.kind === 'redirect') {
    res.writeHead(301, {
      ...headers,
      location: decision.location,
      'content-length': '0',
    });
    res.end();
    return;
  }
  sendPage(res, decision.page, headers);
}

function sendPage(
  res: ServerResponse,
  page: Page,
  headers: Record<string, string | undefined>,
) {
  const body = pageHtml(page);
  const clean = Object.fromEntries(
    Object.entries(headers).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  res.writeHead(page.status, {
    ...clean,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    // A body we refuse is not read; the connection cannot be reused after that.
    ...(page.status === 413 ? { connection: 'close' } : {}),
  });
  res.end(body);
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  route: CompiledRoute,
  secure: boolean,
  requestId: string,
  common: Record<string, string | undefined>,
) {
  const limits = route.route;
  let clientGone = false;
  res.on('close', () => {
    clientGone = true;
  });
  connectUpstream(
    route,
    () => clientGone,
    ({ socket, timedOut }) => {
      if (!socket) {
        if (!clientGone)
          sendPage(res, timedOut ? PAGES.timeout : PAGES.badGateway, common);
        return;
      }
      if (clientGone) {
        socket.destroy();
        return;
      }
      let failure: Page = PAGES.badGateway;
      let done = false;
      const proxyReq = httpRequest({
        createConnection: () => socket,
        method: req.method,
        path: req.url,
        headers: upstreamRequestHeaders(req, secure, requestId, false),
        setHost: false,
      });
      const fail = (page: Page) => {
        if (done) return;
        done = true;
        proxyReq.destroy();
        socket.destroy();
        if (clientGone) return;
        if (!res.headersSent) sendPage(res, page, common);
        else res.destroy();
      };
      // nginx semantics: the timeouts bound the gap between two writes or two reads.
      socket.setTimeout(limits.sendTimeout * 1000);
      socket.on('timeout', () => fail(PAGES.timeout));
      proxyReq.on('finish', () => socket.setTimeout(limits.readTimeout * 1000));
      proxyReq.on('error', () => fail(failure));
      res.on('close', () => {
        if (!res.writableFinished) fail(failure);
      });

      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > route.bodyLimit) {
          failure = PAGES.tooLarge;
          fail(PAGES.tooLarge);
          req.resume();
          return;
        }
        if (!proxyReq.write(chunk)) req.pause();
      });
      proxyReq.on('drain', () => req.resume());
      req.on('end', () => {
        if (!done) proxyReq.end();
      });

      proxyReq.on('response', proxyRes => {
        socket.setTimeout(limits.readTimeout * 1000);
        res.writeHead(
          proxyRes.statusCode ?? 502,
          proxyRes.statusMessage,
          downstreamResponseHeaders(proxyRes.rawHeaders, common),
        );
        proxyRes.pipe(res);
        proxyRes.on('error', () => fail(failure));
        proxyRes.on('close', () => {
          if (!proxyRes.complete) fail(failure);
        });
        res.on('finish', () => {
          done = true;
          socket.setTimeout(0);
        });
      });
    },
  );
}

/** The `upgrade` handler (websockets): same checks, then bytes are piped both ways. */
export function upgradeHandler(env: ProxyEnvironment, secure: boolean) {
  return (req: IncomingMessage, client: Duplex, head: Buffer) => {
    client.on('error', () => client.destroy());
    const requestId = requestIdOf(req);
    const decision = decide(req, secure, env.table(), env.httpsPort());
    if (decision.kind === 'redirect') {
      writeRaw(client, 301, { location: decision.location }, '');
      return;
    }
    if (decision.kind === 'page') {
      writeRaw(
        client,
        decision.page.status,
        { 'content-type': 'text/html; charset=utf-8' },
        pageHtml(decision.page),
      );
      return;
    }
    const { route } = decision;
    connectUpstream(
      route,
      () => client.destroyed,
      ({ socket, timedOut }) => {
        if (!socket) {
          const page = timedOut ? PAGES.timeout : PAGES.badGateway;
          writeRaw(
            client,
            page.status,
            { 'content-type': 'text/html; charset=utf-8' },
            pageHtml(page),
          );
          return;
        }
        env.track(socket);
        env.track(client);
        const headers = upstreamRequestHeaders(req, secure, requestId, true);
        let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
        for (const [name, value] of Object.entries(headers)) {
          for (const v of Array.isArray(value) ? value : [value]) {
            text += `${name}: ${v}\r\n`;
          }
        }
        socket.write(`${text}\r\n`);
        if (head.length) socket.write(head);
        const close = () => {
          socket.destroy();
          client.destroy();
        };
        // Like nginx's proxy_read_timeout, an idle websocket is closed.
        socket.setTimeout(route.route.readTimeout * 1000, close);
        socket.on('error', close);
        socket.on('close', close);
        client.on('close', close);
        socket.pipe(client);
        client.pipe(socket);
      },
    );
  };
}

function writeRaw(
  socket: Duplex,
  status: number,
  headers: Record<string, string>,
  body: string,
) {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`];
  for (const [name, value] of Object.entries({
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  })) {
    lines.push(`${name}: ${value}`);
  }
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
