import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Route } from '@slipway/plugin-slipway-node';
import { DEFAULT_LIMITS, DEFAULT_MAX, type NginxOptions } from '../options';
import { detectLua } from '../lua/detect';
import { freePort, testRoute } from '../../builtin/testing/http';

export const NGINX_BINARY =
  process.env.SLIPWAY_NGINX_BINARY ?? '/usr/sbin/nginx';

/**
 * A temp dir for a test. Traversable by others: when the tests run as root, nginx workers run as
 * `nobody` and must reach the temp paths under it (as in production under /var/lib).
 */
export function tempDir(prefix = 'slipway-nginx-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Options for a test: everything under `dir`, ephemeral ports. */
export async function testOptions(
  dir: string,
  extra: Partial<NginxOptions> = {},
): Promise<NginxOptions> {
  return {
    binary: NGINX_BINARY,
    configDir: path.join(dir, 'nginx'),
    httpPort: await freePort(),
    httpsPort: await freePort(),
    statusPort: await freePort(),
    accessLogPort: await freePort(),
    acmePort: await freePort(),
    manage: true,
    pidFile: path.join(dir, 'nginx', 'run', 'nginx.pid'),
    workerProcesses: 1,
    reloadTimeoutMs: 20_000,
    platformDomain: 'localhost',
    defaults: DEFAULT_LIMITS,
    max: DEFAULT_MAX,
    lua: detectLua(),
    ...extra,
  };
}

/** A route with the defaults the settings service would fill in (HSTS max age included). */
export function route(app: string, overrides: Partial<Route> = {}): Route {
  return testRoute(app, {
    hsts: {
      enabled: false,
      maxAge: 31536000,
      includeSubdomains: false,
      preload: false,
    },
    ...overrides,
  });
}

/**
 * A tiny app process: answers with its name (and the request id it got); `/big` is 4 KiB of text,
 * `/slow` answers after 3 s, a POST answers how many bytes it read, websocket upgrades echo.
 */
export async function startUpstream(
  name: string,
): Promise<{ address: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.setHeader('x-upstream', name);
    res.setHeader(
      'x-seen-request-id',
      String(req.headers['x-request-id'] ?? ''),
    );
    let bytes = 0;
    req.on('data', chunk => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      if (req.url === '/big') {
        res.setHeader('content-type', 'text/plain');
        res.end(name.repeat(4096));
      } else if (req.url === '/slow') {
        setTimeout(() => res.end(name), 3000).unref();
      } else {
        res.end(req.method === 'POST' ? String(bytes) : name);
      }
    });
  });
  server.on('upgrade', (_req, socket) => {
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    socket.pipe(socket);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Answer = {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
};

/** GET through nginx with a Host header (and SNI for https), from 127.0.0.1. */
export function get(
  port: number,
  host: string,
  opts: {
    https?: boolean;
    path?: string;
    ca?: string;
    headers?: Record<string, string>;
    body?: Buffer;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const common = {
      host: '127.0.0.1',
      port,
      path: opts.path ?? '/',
      method: opts.body ? 'POST' : 'GET',
      headers: { host, ...opts.headers },
      agent: false as const,
      timeout: 10_000,
    };
    const done = (res: http.IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', c => {
        body += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers }),
      );
    };
    const req = opts.https
      ? https.request(
          {
            ...common,
            servername: host,
            ca: opts.ca,
            rejectUnauthorized: !!opts.ca,
          },
          done,
        )
      : http.request(common, done);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(opts.body);
  });
}
