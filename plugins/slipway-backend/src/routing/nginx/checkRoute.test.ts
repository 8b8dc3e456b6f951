import fs from 'node:fs';
import path from 'node:path';
import type { Route } from '@slipway/plugin-slipway-node';
import { checkRoute, upstreamAddressProblem } from './checkRoute';
import { DEFAULT_LIMITS, DEFAULT_MAX, type NginxOptions } from './options';
import { renderApp } from './render';
import { route } from './testing/helpers';

const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '__fixtures__', name), 'utf8');
const cert = {
  certName: 'example',
  certificate: fixture('example.crt'),
  key: fixture('example.key'),
};

const options = {
  configDir: '/srv/nginx',
  httpPort: 80,
  httpsPort: 443,
  defaults: DEFAULT_LIMITS,
  max: DEFAULT_MAX,
} as NginxOptions;

/** Values that would add or break directives if they reached nginx.conf. */
const HOSTILE = [
  'a.example.com; include /etc/passwd',
  'include /etc/passwd',
  'a.example.com}',
  'a.example.com {',
  'a.example.com\nserver_name evil.com',
  'a.example.com\r\n',
  'a.example.com#',
  '# a comment',
  '$host',
  '${host}.example.com',
  '"a.example.com"',
  "'a.example.com'",
  'a.example.com\\',
  'exämple.com',
  'a.example.com\u2028',
  ' a.example.com',
  'a.example.com ',
  '',
];

function problemOf(r: Route): string | undefined {
  const checked = checkRoute(r, options);
  return 'problem' in checked ? checked.problem : undefined;
}

describe('checking a route before it is rendered', () => {
  it.each(HOSTILE)('refuses the host %j', value => {
    expect(
      problemOf(route('web1', { hosts: [{ host: value }] })),
    ).toBeDefined();
    expect(
      problemOf(
        route('web1', { hosts: [{ host: 'web1.localhost' }, { host: value }] }),
      ),
    ).toBeDefined();
  });

  it.each([
    ...HOSTILE,
    'all',
    '10.0.0.0/8; allow all',
    '0.0.0.0/33',
    'unix:',
    '10.0.0.0/8\n',
  ])('refuses the allowlist entry %j', value => {
    expect(
      problemOf(route('web1', { allowlist: ['10.0.0.0/8', value] })),
    ).toBeDefined();
  });

  it.each([
    ...HOSTILE.map(h => `${h}:80`),
    '127.0.0.1:80; include /etc/passwd',
    '127.0.0.1:80 backup',
    '127.0.0.1:80}',
    'unix:/tmp/app.sock',
    'http://127.0.0.1:80',
    '127.0.0.1',
    '127.0.0.1:0',
    '127.0.0.1:99999',
    '127.0.0.1:080',
    '[::1 ]:80',
    '[fe80::1%eth0]:80',
  ])('refuses the upstream address %j', value => {
    expect(upstreamAddressProblem(value)).toBeDefined();
    expect(
      problemOf(route('web1', { upstream: { addresses: [value] } })),
    ).toBeDefined();
  });

  it('accepts IPv4, IPv6 and DNS upstreams', () => {
    for (const address of [
      '127.0.0.1:4000',
      '[::1]:8080',
      'web.myapp.svc.cluster.local:80',
      'localhost:3000',
    ]) {
      expect(upstreamAddressProblem(address)).toBeUndefined();
    }
  });

  it.each([
    ['bodySize', '1m; include /etc/passwd'],
    ['bodySize', '10m '],
    ['bodySize', '$x'],
    ['bodySize', '0'],
    ['bodySize', '1t'],
    ['bodySize', '2g'], // above the 1g bound
    ['readTimeout', '60; include /etc/passwd'],
    ['readTimeout', '60'],
    ['readTimeout', 5.5],
    ['readTimeout', 0],
    ['readTimeout', 3601], // above the bound
    ['connectTimeout', Number.NaN],
    ['sendTimeout', -1],
    ['httpsOnly', 'true; include /etc/passwd'],
    ['maintenance', 1],
  ])('refuses the setting %s = %j', (key, value) => {
    expect(
      problemOf(route('web1', { [key]: value } as Partial<Route>)),
    ).toBeDefined();
  });

  it.each([
    [{ enabled: 'true', maxAge: 1, includeSubdomains: false, preload: false }],
    [
      {
        enabled: true,
        maxAge: '1"; include /etc/passwd; "',
        includeSubdomains: false,
        preload: false,
      },
    ],
    [{ enabled: true, maxAge: -1, includeSubdomains: false, preload: false }],
    [{ enabled: true, maxAge: 10, includeSubdomains: 'yes', preload: false }],
  ])('refuses the HSTS setting %j', hsts => {
    expect(
      problemOf(route('web1', { hsts } as unknown as Partial<Route>)),
    ).toBeDefined();
  });

  it.each(['web1; include /etc/passwd', 'Web1', 'a', 'web1\n', 'web1}'])(
    'refuses the app name %j',
    app => {
      expect(problemOf(route('web1', { app }))).toBeDefined();
    },
  );

  it('refuses certificate text with anything but PEM blocks, broken PEM and keys that do not match', () => {
    const tls = (c: Partial<typeof cert>) =>
      route('web1', {
        hosts: [{ host: 'example.com', tls: { ...cert, ...c } }],
      });
    expect(problemOf(tls({}))).toBeUndefined();
    expect(
      problemOf(
        tls({
          certificate: `${cert.certificate}\nssl_certificate /etc/passwd;`,
        }),
      ),
    ).toMatch(/PEM/);
    expect(
      problemOf(tls({ certificate: cert.certificate.replace('MII', 'M;I') })),
    ).toBeDefined();
    expect(
      problemOf(tls({ certificate: 'include /etc/passwd;' })),
    ).toBeDefined();
    expect(problemOf(tls({ key: 'include /etc/passwd;' }))).toBeDefined();
    const other = fixture('example.key').replace(/[A-Za-z]/, c =>
      c === 'A' ? 'B' : 'A',
    );
    expect(problemOf(tls({ key: other }))).toBeDefined();
  });

  it('writes certificates re-encoded from the parsed objects, named by their hash', () => {
    const checked = checkRoute(
      route('web1', {
        hosts: [
          {
            host: 'example.com',
            tls: { ...cert, certName: '../../etc/passwd' },
          },
        ],
      }),
      options,
    );
    if ('problem' in checked) throw new Error(checked.problem);
    const material = checked.tlsGroups[0].cert;
    expect(material.id).toMatch(/^[0-9a-f]{32}$/);
    expect(material.key).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/,
    );
    expect(renderApp(checked, options).text).not.toContain('passwd');
  });
});
