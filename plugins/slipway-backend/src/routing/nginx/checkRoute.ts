import {
  appNameProblem,
  cidrProblem,
  domainProblem,
} from '@slipway/plugin-slipway-common';
import type { Route } from '@slipway/plugin-slipway-node';
import { checkCert, type CertMaterial } from './certs';
import { bodySizeBytes, type NginxOptions } from './options';

/**
 * A route whose every value has been matched against a whitelist; only these values are
 * ever written into nginx.conf. Lists are sorted so the rendering does not depend on input order.
 */
export type CheckedRoute = {
  app: string;
  /** Hosts without a certificate, sorted. */
  plainHosts: string[];
  /** Hosts grouped by certificate, sorted by certificate id. */
  tlsGroups: { cert: CertMaterial; hosts: string[] }[];
  /** `host:port` entries, sorted and unique; empty = nothing to route to. */
  upstream: string[];
  httpsOnly: boolean;
  /** The HSTS header value, or undefined when HSTS is off. */
  hsts?: string;
  allowlist: string[];
  maintenance: boolean;
  /** Plain-HTTP servers answer ACME HTTP-01 challenges (the backend issues the certificates). */
  autoTls: boolean;
  /** Only values that differ from the platform defaults. */
  overrides: Partial<
    Record<'connectTimeout' | 'readTimeout' | 'sendTimeout', number>
  > & {
    bodySize?: string;
  };
};

const MAX_HSTS_AGE = 5 * 365 * 24 * 3600;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const PORT = /^[1-9][0-9]{0,4}$/;

/** Why a route cannot be rendered; thrown inside the checks, returned by checkRoute. */
class RouteProblem extends Error {}

/** Checks one app's route; returns the checked route or why it cannot be rendered. */
export function checkRoute(
  route: Route,
  options: NginxOptions,
  certCheck: typeof checkCert = checkCert,
): CheckedRoute | { problem: string } {
  try {
    return check(route, options, certCheck);
  } catch (error) {
    if (error instanceof RouteProblem) return { problem: error.message };
    throw error;
  }
}

function fail(message: string): never {
  throw new RouteProblem(message);
}

function check(
  route: Route,
  options: NginxOptions,
  certCheck: typeof checkCert,
): CheckedRoute {
  const appProblem = appNameProblem(route.app);
  if (appProblem) fail(appProblem);
  if (!Array.isArray(route.hosts) || route.hosts.length === 0) {
    fail('the route has no hosts');
  }

  const plainHosts: string[] = [];
  const groups = new Map<string, { cert: CertMaterial; hosts: string[] }>();
  const seen = new Set<string>();
  for (const entry of route.hosts) {
    const host = entry?.host;
    const problem = domainProblem(host);
    if (problem) fail(problem);
    if (seen.has(host)) fail(`host "${host}" is listed twice`);
    seen.add(host);
    if (entry.tls === undefined || entry.tls === null) {
      plainHosts.push(host);
      continue;
    }
    const cert = certCheck(entry.tls);
    if ('problem' in cert) fail(`${host}: ${cert.problem}`);
    const group = groups.get(cert.id) ?? { cert, hosts: [] };
    group.hosts.push(host);
    groups.set(cert.id, group);
  }

  const upstream = [...new Set(route.upstream?.addresses ?? [])].map(
    address => {
      const problem = upstreamAddressProblem(address);
      if (problem) fail(problem);
      return address;
    },
  );

  const allowlist = [...new Set(route.allowlist ?? [])].map(cidr => {
    const problem = cidrProblem(cidr);
    if (problem) fail(`allowlist: ${problem}`);
    return cidr;
  });

  return {
    app: route.app,
    plainHosts: plainHosts.sort(),
    tlsGroups: [...groups.values()]
      .map(g => ({ cert: g.cert, hosts: g.hosts.sort() }))
      .sort((a, b) => compare(a.cert.id, b.cert.id)),
    upstream: upstream.sort(),
    httpsOnly: flag(route.httpsOnly, 'httpsOnly'),
    hsts: hstsHeader(route.hsts),
    allowlist: allowlist.sort(),
    maintenance: flag(route.maintenance, 'maintenance'),
    autoTls: flag(route.autoTls, 'autoTls'),
    overrides: overrides(route, options),
  };
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') fail(`${name} must be true or false`);
  return value;
}

function hstsHeader(hsts: Route['hsts'] | undefined): string | undefined {
  if (!hsts || !flag(hsts.enabled, 'hsts.enabled')) return undefined;
  const maxAge = hsts.maxAge;
  if (!Number.isInteger(maxAge) || maxAge < 0 || maxAge > MAX_HSTS_AGE) {
    fail(
      `hsts.maxAge must be a whole number of seconds from 0 to ${MAX_HSTS_AGE}`,
    );
  }
  let value = `max-age=${maxAge}`;
  if (flag(hsts.includeSubdomains, 'hsts.includeSubdomains'))
    value += '; includeSubDomains';
  if (flag(hsts.preload, 'hsts.preload')) value += '; preload';
  return value;
}

function overrides(
  route: Route,
  options: NginxOptions,
): CheckedRoute['overrides'] {
  const result: CheckedRoute['overrides'] = {};
  for (const key of ['connectTimeout', 'readTimeout', 'sendTimeout'] as const) {
    const value: unknown = route[key];
    if (value === undefined || value === null) continue;
    const max = options.max[key];
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 1 ||
      value > max
    ) {
      fail(`${key} must be a whole number of seconds from 1 to ${max}`);
    }
    if (value !== options.defaults[key]) result[key] = value;
  }
  const size: unknown = route.bodySize;
  if (size !== undefined && size !== null && size !== '') {
    const bytes = bodySizeBytes(size);
    const maxBytes = bodySizeBytes(options.max.bodySize)!;
    if (bytes === undefined || bytes > maxBytes) {
      fail(
        `bodySize must look like 512k or 10m and be at most ${options.max.bodySize}`,
      );
    }
    const normalized = (size as string).toLowerCase();
    if (bytes !== bodySizeBytes(options.defaults.bodySize))
      result.bodySize = normalized;
  }
  return result;
}

/** Returns why `address` is not `host:port` (IPv4, [IPv6] or a DNS name), or undefined. */
export function upstreamAddressProblem(address: unknown): string | undefined {
  const problem = `upstream "${String(address).slice(0, 60)}" is not host:port`;
  if (typeof address !== 'string' || address.length > 260) return problem;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([a-z0-9.-]+)):([0-9]+)$/.exec(
    address,
  );
  if (!match) return problem;
  const [, ipv6, name, port] = match;
  if (!PORT.test(port) || Number(port) > 65535) return problem;
  if (ipv6 !== undefined) {
    return ipv6.includes(':') && !cidrProblem(ipv6) ? undefined : problem;
  }
  if (!cidrProblem(name)) return undefined;
  const labels = name.split('.');
  if (name.length > 253 || !labels.every(label => HOST_LABEL.test(label))) {
    return problem;
  }
  return undefined;
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
