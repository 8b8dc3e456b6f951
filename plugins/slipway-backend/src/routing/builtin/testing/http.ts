import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Route } from '@slipway/plugin-slipway-node';

export type Reply = {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
};

/**
 * A request to the router on 127.0.0.1 with an explicit Host header (and SNI name for
 * https): tests never depend on resolving `*.localhost`.
 */
export function send(
  port: number,
  host: string,
  options: {
    path?: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: boolean;
    tls?: { servername: string; ca?: string };
    timeoutMs?: number;
  } = {},
): Promise<Reply & { peerSubject?: string }> {
  return new Promise((resolve, reject) => {
    const common = {
      host: '127.0.0.1',
      port,
      path: options.path ?? '/',
      method: options.method ?? 'GET',
      headers: { host, ...options.headers },
      agent: false as const,
    };
    const req = options.tls
      ? httpsRequest({
          ...common,
          servername: options.tls.servername,
          ca: options.tls.ca,
          rejectUnauthorized: Boolean(options.tls.ca),
        })
      : request(common);
    req.setTimeout(options.timeoutMs ?? 15_000, () =>
      req.destroy(new Error('client timeout')),
    );
    req.on('response', res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const peer = (
          res.socket as {
            getPeerCertificate?: () => { subject?: { CN?: string } };
          }
        ).getPeerCertificate?.();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          peerSubject: peer?.subject?.CN,
        });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        const body = Buffer.from(options.body);
        for (let i = 0; i < body.length; i += 256)
          req.write(body.subarray(i, i + 256));
      } else {
        req.setHeader('content-length', Buffer.byteLength(options.body));
        req.write(options.body);
      }
    }
    req.end();
  });
}

export type TestUpstream = {
  address: string;
  port: number;
  server: Server;
  close: () => Promise<void>;
};

/** An app stand-in that answers with its name and what it received. */
export async function startUpstream(
  name: string,
  handler?: Parameters<typeof createServer>[1],
): Promise<TestUpstream> {
  const server = createServer(
    handler ??
      ((req, res) => {
        let bodyLength = 0;
        req.on('data', c => {
          bodyLength += c.length;
        });
        req.on('end', () => {
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify({
              app: name,
              url: req.url,
              headers: req.headers,
              bodyLength,
            }),
          );
        });
      }),
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Where test servers' ports come from: below the kernel's ephemeral range (32768 and up here),
 * since a port from that range (what listening on port 0 gives) can become the local port of any
 * outgoing connection before the caller binds it, which then cannot listen (a flaky
 * `ECONNREFUSED` under a loaded test run); and apart from the fixed ports some suites use (the
 * kubelet's 10250, 17500-17911, 18081-18083, 22900-22923, 27010-27020): keep those out of here.
 */
const TEST_PORTS = [
  ...Array.from({ length: 4000 }, (_, i) => 11_000 + i),
  ...Array.from({ length: 4000 }, (_, i) => 23_000 + i),
];
const handedOut = new Set<number>();

/** A port nobody listens on right now, from TEST_PORTS, never the same twice in one process. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = TEST_PORTS[Math.floor(Math.random() * TEST_PORTS.length)];
    if (!handedOut.has(port) && (await canListen(port))) {
      handedOut.add(port);
      return port;
    }
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A route with the defaults the reconciler would give an app. */
export function testRoute(app: string, overrides: Partial<Route> = {}): Route {
  return {
    app,
    hosts: [{ host: `${app}.localhost` }],
    httpsOnly: false,
    hsts: {
      enabled: false,
      maxAge: 0,
      includeSubdomains: false,
      preload: false,
    },
    allowlist: [],
    maintenance: false,
    autoTls: false,
    connectTimeout: 5,
    readTimeout: 60,
    sendTimeout: 60,
    bodySize: '1m',
    ...overrides,
  };
}

/** A self-signed certificate for `names` (first one is the CN), made with the openssl CLI. */
export function selfSignedCertificate(names: string[]): {
  certificate: string;
  key: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${names[0]}`,
        '-addext',
        `subjectAltName=${names.map(n => `DNS:${n}`).join(',')}`,
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      certificate: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `worker` on `concurrency` loops until `stop()`; resolves with every outcome. */
export function loadLoop<T>(
  concurrency: number,
  worker: () => Promise<T>,
): { stop: () => Promise<{ ok: T[]; failed: unknown[] }> } {
  let running = true;
  const ok: T[] = [];
  const failed: unknown[] = [];
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      try {
        ok.push(await worker());
      } catch (error) {
        failed.push(error);
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { ok, failed };
    },
  };
}
