import { createHash } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { cidrProblem, domainProblem } from '@slipway/plugin-slipway-common';
import type { Route, RouteTable } from '@slipway/plugin-slipway-node';
import { bodySizeBytes } from '../nginx/options';
import { compileAllowlist, type AddressMatcher } from './allowlist';

export type Upstream = { host: string; port: number };

/** One app's route, checked and ready to serve requests. Never changes once built. */
export type CompiledRoute = {
  app: string;
  /** Canonical JSON of the route it was built from (for change detection). */
  canonical: string;
  route: Route;
  upstreams: Upstream[];
  /** Undefined: everyone may connect. */
  allow?: AddressMatcher;
  bodyLimit: number;
  /** Host → TLS context, for the hosts that have a certificate. */
  tls: Map<string, SecureContext>;
  /** Round-robin position; the only mutable field, shared by requests of this route. */
  cursor: { next: number };
};

export type HostMatch = { route: CompiledRoute; host: string };

/**
 * An immutable routing table. The router swaps one for another with a single
 * reference assignment, so a request sees either the old table or the new one.
 */
export class CompiledTable {
  private readonly exact = new Map<string, HostMatch>();
  private readonly wildcard = new Map<string, HostMatch>();

  constructor(readonly routes: CompiledRoute[]) {
    for (const route of routes) {
      for (const { host } of route.route.hosts) {
        const match = { route, host };
        if (host.startsWith('*.')) this.wildcard.set(host.slice(2), match);
        else this.exact.set(host, match);
      }
    }
  }

  /** Exact host first, then a wildcard covering exactly one more label. */
  lookup(hostname: string): HostMatch | undefined {
    const exact = this.exact.get(hostname);
    if (exact) return exact;
    const dot = hostname.indexOf('.');
    return dot > 0 ? this.wildcard.get(hostname.slice(dot + 1)) : undefined;
  }

  secureContext(hostname: string): SecureContext | undefined {
    const match = this.lookup(hostname);
    return match?.route.tls.get(match.host);
  }

  /** Hash of everything that determines routing (same routes → same hash). */
  get fingerprint(): string {
    return hashOf(this.routes.map(r => r.canonical).join('\n'));
  }
}

export type CompileResult = {
  table: CompiledTable;
  rejected: { app: string; reason: string }[];
};

/**
 * Builds a table from the reconciler's route table. A route that cannot be used is
 * reported in `rejected`, and the app keeps the version it had in `previous`.
 */
export function compileTable(
  input: RouteTable,
  previous?: CompiledTable,
): CompileResult {
  const previousByApp = new Map(previous?.routes.map(r => [r.app, r]));
  const rejected: CompileResult['rejected'] = [];
  const used = new Map<string, string>(); // host → app
  const routes: CompiledRoute[] = [];
  const sorted = [...input].sort((a, b) => compare(a.app, b.app));

  const claimHosts = (route: CompiledRoute): string | undefined => {
    for (const { host } of route.route.hosts) {
      const owner = used.get(host);
      if (owner !== undefined && owner !== route.app) {
        return `host ${host} is already routed to app ${owner}`;
      }
    }
    for (const { host } of route.route.hosts) used.set(host, route.app);
    return undefined;
  };

  for (const route of sorted) {
    const canonical = canonicalJson(route);
    const before = previousByApp.get(route.app);
    let compiled: CompiledRoute | undefined;
    let reason: string | undefined;
    if (before && before.canonical === canonical) {
      compiled = before; // unchanged: keep TLS contexts and round-robin position
    } else {
      try {
        compiled = compileRoute(route, canonical);
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    if (compiled) {
      reason = claimHosts(compiled);
      if (reason) compiled = undefined;
    }
    if (reason) {
      rejected.push({ app: String(route.app), reason });
      if (before && !claimHosts(before)) routes.push(before);
      continue;
    }
    routes.push(compiled!);
  }
  return { table: new CompiledTable(routes), rejected };
}

function compileRoute(route: Route, canonical: string): CompiledRoute {
  if (typeof route.app !== 'string' || route.app === '') {
    throw new Error('route has no app name');
  }
  if (!Array.isArray(route.hosts) || route.hosts.length === 0) {
    throw new Error('route has no hosts');
  }
  const tls = new Map<string, SecureContext>();
  for (const { host, tls: material } of route.hosts) {
    const problem = domainProblem(host);
    if (problem) throw new Error(problem);
    if (material) {
      try {
        tls.set(
          host,
          createSecureContext({
            cert: material.certificate,
            key: material.key,
          }),
        );
      } catch (error) {
        throw new Error(
          `certificate ${material.certName} for ${host} cannot be used: ${
            (error as Error).message
          }`,
        );
      }
    }
  }
  for (const cidr of route.allowlist ?? []) {
    const problem = cidrProblem(cidr);
    if (problem) throw new Error(problem);
  }
  const bodyLimit = bodySizeBytes(route.bodySize);
  if (bodyLimit === undefined) {
    throw new Error(
      `body size "${route.bodySize}" must look like 512k, 10m or 1g`,
    );
  }
  for (const key of ['connectTimeout', 'readTimeout', 'sendTimeout'] as const) {
    if (!(route[key] > 0))
      throw new Error(`${key} must be a positive number of seconds`);
  }
  return {
    app: route.app,
    canonical,
    route,
    upstreams: (route.upstream?.addresses ?? []).map(parseAddress),
    allow: route.allowlist?.length
      ? compileAllowlist(route.allowlist)
      : undefined,
    bodyLimit,
    tls,
    cursor: { next: 0 },
  };
}

/** `127.0.0.1:3000`, `localhost:3000` or `[::1]:3000`. */
export function parseAddress(address: string): Upstream {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(
    address,
  );
  const port = match ? Number(match[3]) : 0;
  if (!match || port < 1 || port > 65535) {
    throw new Error(`upstream address "${address}" is not host:port`);
  }
  return { host: match[1] ?? match[2], port };
}

/** JSON with object keys sorted, so equal routes give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort(compare)
            .map(k => [k, v[k]]),
        )
      : v,
  );
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
