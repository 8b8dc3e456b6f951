import fs from 'node:fs';
import path from 'node:path';
import type { Route, RouteTable } from '@slipway/plugin-slipway-node';
import { checkRoute } from './checkRoute';
import { DEFAULT_LIMITS, DEFAULT_MAX, type NginxOptions } from './options';
import { renderApp, renderConfig } from './render';
import { route } from './testing/helpers';

const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '__fixtures__', name), 'utf8');
const cert = {
  certName: 'example',
  certificate: fixture('example.crt'),
  key: fixture('example.key'),
};

const options: NginxOptions = {
  binary: 'nginx',
  configDir: '/srv/slipway/nginx',
  httpPort: 80,
  httpsPort: 443,
  statusPort: 18081,
  accessLogPort: 18082,
  acmePort: 18083,
  manage: true,
  pidFile: '/srv/slipway/nginx/run/nginx.pid',
  workerProcesses: 'auto',
  reloadTimeoutMs: 15000,
  platformDomain: 'apps.example.net',
  defaults: DEFAULT_LIMITS,
  max: DEFAULT_MAX,
};

/** What the router renders for a table whose routes are all valid. */
function render(table: RouteTable): string {
  const blocks = table.map(r => {
    const checked = checkRoute(r, options);
    if ('problem' in checked) throw new Error(checked.problem);
    return renderApp(checked, options);
  });
  return renderConfig(blocks, options).text;
}

const table: RouteTable = [
  route('api-gw', {
    hosts: [
      { host: 'api-gw.apps.example.net' },
      { host: '*.example.com', tls: cert },
      { host: 'example.com', tls: cert },
    ],
    upstream: { addresses: ['10.1.0.7:5000', '10.1.0.8:5000'] },
    httpsOnly: true,
    hsts: {
      enabled: true,
      maxAge: 31536000,
      includeSubdomains: true,
      preload: false,
    },
    allowlist: ['192.168.0.0/16', '10.0.0.0/8'],
    readTimeout: 300,
    bodySize: '20m',
    // Its plain-HTTP servers answer ACME challenges (through the backend's responder).
    autoTls: true,
  }),
  route('blog', {
    hosts: [{ host: 'blog.apps.example.net' }],
    upstream: { addresses: ['127.0.0.1:4001'] },
  }),
  route('shop', {
    hosts: [{ host: 'shop.apps.example.net' }],
    upstream: { addresses: ['127.0.0.1:4002'] },
    maintenance: true,
  }),
  route('worker-only', { hosts: [{ host: 'worker-only.apps.example.net' }] }),
];

describe('rendering nginx.conf', () => {
  it('matches the checked-in golden config', () => {
    const golden = path.join(__dirname, '__fixtures__', 'golden.conf');
    const text = render(table);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, text);
    expect(text).toBe(fs.readFileSync(golden, 'utf8'));
  });

  it('renders the same bytes for the same table, whatever the order of apps, hosts and lists', () => {
    const shuffled: RouteTable = [...table].reverse().map(
      (r): Route => ({
        ...r,
        hosts: [...r.hosts].reverse(),
        allowlist: [...r.allowlist].reverse(),
        upstream: r.upstream && {
          addresses: [...r.upstream.addresses].reverse(),
        },
      }),
    );
    expect(render(table)).toBe(render(table));
    expect(render(shuffled)).toBe(render(table));
  });

  it('puts a hash of the config on the loopback status server only', () => {
    const text = render(table);
    expect(text).toMatch(
      /listen 127\.0\.0\.1:18081;\n.*\n.*\n.*return 200 "[0-9a-f]{64}"/,
    );
    expect(render(table.slice(1))).not.toBe(text);
  });

  it('renders wildcard domains, SNI certs, HTTPS redirects, HSTS and allowlists where they apply', () => {
    const text = render(table);
    expect(text).toContain('server_name *.example.com example.com;');
    expect(text).toMatch(
      /ssl_certificate \/srv\/slipway\/nginx\/certs\/[0-9a-f]{32}\.crt;/,
    );
    expect(text).toContain('return 301 https://$host$request_uri;');
    expect(text).toContain(
      'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;',
    );
    // HSTS only over HTTPS: the plain server of api-gw has no such header.
    const plain = text.slice(
      text.indexOf('server_name api-gw.apps.example.net;'),
    );
    expect(plain.slice(0, plain.indexOf('}'))).not.toContain(
      'Strict-Transport-Security',
    );
    expect(text).toContain(
      'allow 10.0.0.0/8;\n        allow 192.168.0.0/16;\n        deny all;',
    );
  });

  it('renders only the overrides that differ from the platform defaults', () => {
    const text = render(table);
    // The http-level default, then api-gw's plain and TLS servers.
    expect(text.match(/proxy_read_timeout/g)).toHaveLength(3);
    expect(text).toContain('proxy_read_timeout 300s;');
    expect(text).toContain('client_max_body_size 20m;');
  });

  it('forwards ACME challenges of autoTls apps only, before the https redirect', () => {
    const text = render(table);
    const forwards = text.match(
      /location \^~ \/\.well-known\/acme-challenge\/ \{/g,
    );
    // api-gw's plain server, its redirect server and the default server; not blog or shop.
    expect(forwards).toHaveLength(3);
    expect(text).toContain('proxy_pass http://127.0.0.1:18083$request_uri;');
    const redirect = text.indexOf('return 301 https://');
    expect(text.lastIndexOf('if ($slipway_acme)', redirect)).toBeGreaterThan(
      text.lastIndexOf('server {', redirect),
    );
  });

  it('answers 503 for apps in maintenance or without upstream, 404 for unknown hosts', () => {
    const text = render(table);
    expect(text).toContain(
      'return 503 "<!doctype html><html><head><title>shop is down for maintenance',
    );
    expect(text).toContain(
      'return 503 "<!doctype html><html><head><title>worker-only has no running web process',
    );
    expect(text).toMatch(/listen 80 default_server;[\s\S]*return 404/);
    expect(text).not.toContain('upstream app_shop');
  });
});
