import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Route } from '@slipway/plugin-slipway-node';
import { DEFAULT_LIMITS, DEFAULT_MAX, type NginxOptions } from '../options';

export const NGINX_BINARY = process.env.SLIPWAY_NGINX_BINARY ?? '/usr/sbin/nginx';

/** A port nobody listens on right now (bind port 0, read it, release it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

export function tempDir(prefix = 'slipway-nginx-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Options for a test: everything under `dir`, ephemeral ports. */
export async function testOptions(dir: string, extra: Partial<NginxOptions> = {}): Promise<NginxOptions> {
  return {
    binary: NGINX_BINARY,
    configDir: path.join(dir, 'nginx'),
    httpPort: await freePort(),
    httpsPort: await freePort(),
    statusPort: await freePort(),
    manage: true,
    pidFile: path.join(dir, 'nginx', 'run', 'nginx.pid'),
    workerProcesses: 1,
    reloadTimeoutMs: 20_000,
    platformDomain: 'localhost',
    defaults: DEFAULT_LIMITS,
    max: DEFAULT_MAX,
    ...extra,
  };
}

/** A route with the defaults the settings service would fill in. */
export function route(app: string, overrides: Partial<Route> = {}): Route {
  return {
    app,
    hosts: [{ host: `${app}.localhost` }],
    httpsOnly: false,
    hsts: { enabled: false, maxAge: 31536000, includeSubdomains: false, preload: false },
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

/** A tiny app process: answers every request with its name (and echoes the request id it got). */
export async function startUpstream(name: string): Promise<{ address: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.setHeader('x-upstream', name);
    res.setHeader('x-seen-request-id', String(req.headers['x-request-id'] ?? ''));
    res.end(name);
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

export type Answer = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** GET through nginx with a Host header (and SNI for https), from 127.0.0.1. */
export function get(
  port: number,
  host: string,
  opts: { https?: boolean; path?: string; ca?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const common = {
      host: '127.0.0.1',
      port,
      path: opts.path ?? '/',
      headers: { host },
      agent: false as const,
      timeout: 10_000,
    };
    const done = (res: http.IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', c => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    };
    const req = opts.https
      ? https.get({ ...common, servername: host, ca: opts.ca, rejectUnauthorized: !!opts.ca }, done)
      : http.get(common, done);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** A self-signed certificate and key for `hosts`, made with the openssl CLI. */
export function selfSigned(hosts: string[]): { certificate: string; key: string } {
  const dir = tempDir('slipway-cert-');
  try {
    const san = hosts.map(h => `DNS:${h}`).join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
      '-days', '2', '-subj', `/CN=${hosts[0]}`, '-addext', `subjectAltName=${san}`,
    ], { stdio: 'ignore' });
    return {
      certificate: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
