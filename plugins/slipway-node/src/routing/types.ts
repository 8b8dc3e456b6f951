import type { AppSettings } from '@slipway/plugin-slipway-common';
import type { RouteUpstream } from '../runtime/types';

/** TLS material for one host; `key` is the decrypted private key PEM. */
export type RouteTls = {
  certName: string;
  certificate: string;
  key: string;
};

export type RouteHost = {
  /** Lowercase hostname; may start with `*.`. */
  host: string;
  tls?: RouteTls;
};

/** One app's entry in the route table. */
export type Route = {
  app: string;
  /** Default host first, then custom domains sorted. */
  hosts: RouteHost[];
  /** Absent when the app has nothing to route to (no web process yet). */
  upstream?: RouteUpstream;
  httpsOnly: boolean;
  hsts: AppSettings['hsts'];
  /** CIDRs; empty = everyone. */
  allowlist: string[];
  maintenance: boolean;
  /** Ask the router's certificate automation (e.g. cert-manager) for certs of hosts without one. */
  autoTls: boolean;
  connectTimeout: number;
  readTimeout: number;
  sendTimeout: number;
  bodySize: string;
};

/** The full route table, sorted by app name. */
export type RouteTable = Route[];

export type RouterApplyResult = {
  /** Whether anything was written/reloaded. */
  changed: boolean;
  /** Apps left out because their routes could not be rendered or failed the check, with why. */
  rejected: { app: string; reason: string }[];
};

/**
 * One request the router answered for an app. `path` has no query string (its values may be
 * secrets); `client` is the address the request came from.
 */
export type AccessLogEntry = {
  app: string;
  /** ISO timestamp of when the request arrived */
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** Bytes of the response sent to the client */
  bytes: number;
  client: string;
};

/**
 * Routes traffic for all apps. Implementations: `builtin`, `nginx`, `ingress`, `gateway`.
 * `apply` renders deterministically (same table → same output) and does nothing when nothing changed.
 */
export interface TrafficRouter {
  apply(table: RouteTable): Promise<RouterApplyResult>;
  /** The URL an app is reached at by default, e.g. `http://myapp.localhost:8080`. */
  defaultUrl(app: string): string;
  /** The default hostname of an app, e.g. `myapp.localhost`. */
  defaultHost(app: string): string;
  /**
   * Lets the platform retain a line per request. Optional: routers whose access log the platform
   * does not read offer none. Returns an unsubscribe function; listeners must not block.
   */
  onAccessLog?(listener: (entry: AccessLogEntry) => void): () => void;
  /** Releases what the router holds on backend shutdown (listening servers, a managed nginx). Optional. */
  close?(): Promise<void>;
}
