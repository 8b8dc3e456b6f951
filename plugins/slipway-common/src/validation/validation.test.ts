import { appNameProblem } from './appName';
import {
  configKeyProblem,
  configKeySyntaxProblem,
  configSize,
  configValueProblem,
} from './config';
import { cidrProblem } from './cidr';
import { domainProblem, hostnameMatches } from './domain';
import { processTypeProblem, replicasProblem } from './processType';

describe('app names', () => {
  it.each(['myapp', 'my-app-2', 'abc', 'a'.repeat(30)])('accepts %s', name => {
    expect(appNameProblem(name)).toBeUndefined();
  });
  it.each([
    ['', /required/],
    ['ab', /3 to 30/],
    ['a'.repeat(31), /3 to 30/],
    ['MyApp', /lowercase/],
    ['1app', /start with a lowercase letter/],
    ['app-', /end with a letter or digit/],
    ['my_app', /hyphens/],
    ['my--app', /--/],
    ['kube-system', /reserved/],
    ['slipway', /reserved/],
  ])('refuses %j', (name, message) => {
    expect(appNameProblem(name)).toMatch(message);
  });
});

describe('config keys', () => {
  it.each(['FOO', '_X', 'database_URL2'])('accepts %s', key => {
    expect(configKeyProblem(key)).toBeUndefined();
  });
  it.each(['1FOO', 'FOO-BAR', 'A B', '', 'Ü', 'FOO=1', 'X'.repeat(257)])(
    'refuses %j',
    key => {
      expect(configKeyProblem(key)).toBeDefined();
    },
  );
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'accepts %s like any other key',
    key => expect(configKeyProblem(key)).toBeUndefined(),
  );
  it.each(['PORT', 'PS', 'SLIPWAY_RELEASE'])(
    'refuses %s: the platform sets it',
    key => {
      expect(configKeyProblem(key)).toMatch(
        /set by the platform for every process/,
      );
      expect(configKeySyntaxProblem(key)).toBeUndefined();
    },
  );
  it('refuses NUL bytes in values, not newlines', () => {
    expect(configValueProblem('K', 'a\0b')).toMatch(/NUL byte/);
    expect(
      configValueProblem('K', '-----BEGIN KEY-----\nabc\n'),
    ).toBeUndefined();
  });
  it('counts bytes, not characters', () => {
    expect(configSize({ A: 'é' })).toBe(3);
  });
});

describe('domains', () => {
  it.each(['example.com', 'www.example.com', '*.example.com', 'a-b.c0.io'])(
    'accepts %s',
    d => {
      expect(domainProblem(d)).toBeUndefined();
    },
  );
  it.each([
    ['', /required/],
    ['Example.com', /lowercase/],
    ['localhost', /two labels/],
    ['10.0.0.1', /IP address/],
    ['::1', /IP address/],
    ['a.*.example.com', /wildcard/],
    ['*.*.example.com', /wildcard/],
    ['-a.example.com', /not a valid hostname/],
    ['a_b.example.com', /not a valid hostname/],
    ['example.com.', /not a valid hostname/],
    ['example.123', /numeric/],
    [`${'a'.repeat(64)}.com`, /not a valid hostname/],
    ['evil.com;\n}', /not a valid hostname/],
  ])('refuses %j', (d, message) => {
    expect(domainProblem(d)).toMatch(message);
  });
  it.each([
    [
      'https://www.foo.test/',
      'Domain "https://www.foo.test/" must be a hostname only, without "https" or a trailing "/": try "www.foo.test"',
    ],
    [
      'http://Shop.example.com:8080/app?x=1',
      'Domain "http://Shop.example.com:8080/app?x=1" must be a hostname only, without "http" or a port or a path: try "shop.example.com"',
    ],
    [
      'www.foo.test:443',
      'Domain "www.foo.test:443" must be a hostname only, without a port: try "www.foo.test"',
    ],
  ])('says exactly what is wrong with the URL %j', (d, message) => {
    expect(domainProblem(d)).toBe(message);
  });
  it('matches one level of wildcard only', () => {
    expect(hostnameMatches('*.example.com', 'www.example.com')).toBe(true);
    expect(hostnameMatches('*.example.com', 'a.b.example.com')).toBe(false);
    expect(hostnameMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostnameMatches('Example.com', 'example.com')).toBe(true);
  });
});

describe('CIDRs', () => {
  it.each([
    '10.0.0.0/8',
    '192.168.1.1',
    '0.0.0.0/0',
    '2001:db8::/32',
    '::1',
    'fe80::1/128',
  ])('accepts %s', c => expect(cidrProblem(c)).toBeUndefined());
  it.each([
    '10.0.0.0/33',
    '256.0.0.1',
    '10.0.0',
    '01.2.3.4',
    'abc',
    '10.0.0.0/8;',
    '2001:db8::/129',
    '1::2::3',
  ])('refuses %j', c => expect(cidrProblem(c)).toBeDefined());
});

describe('process types and replicas', () => {
  it('accepts Procfile-style names', () => {
    expect(processTypeProblem('web')).toBeUndefined();
    expect(processTypeProblem('worker-2')).toBeUndefined();
  });
  it.each(['Web', '2web', 'web_1', '', 'w'.repeat(31), 'web-'])(
    'refuses type %j',
    t => {
      expect(processTypeProblem(t)).toBeDefined();
    },
  );
  it.each([-1, 1.5, '3', 101, NaN])('refuses %j replicas', r => {
    expect(replicasProblem('web', r)).toMatch(/whole number from 0 to 100/);
  });
  it('accepts 0 to 100', () => {
    expect(replicasProblem('web', 0)).toBeUndefined();
    expect(replicasProblem('web', 100)).toBeUndefined();
  });
});
