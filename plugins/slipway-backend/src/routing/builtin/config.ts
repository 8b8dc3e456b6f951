import type { Config } from '@backstage/config';

/** The builtin router's settings, read once from `slipway.builtin`. */
export type BuiltinRouterSettings = {
  /** 0 picks a free port (tests). */
  httpPort: number;
  httpsPort: number;
  /** Address both servers listen on. */
  host: string;
  platformDomain: string;
} & Partial<BuiltinRouterLimits>;

/** Bounds on what clients may hold of the router (`slipway.builtin.*`). */
export type BuiltinRouterLimits = {
  /** Open connections at most, in all and from one client address. */
  maxConnections: number;
  maxConnectionsPerClient: number;
  /** Seconds a client has to send a request's headers (slowloris), and an idle keep-alive connection stays. */
  headersTimeout: number;
  keepAliveTimeout: number;
};

export const DEFAULT_LIMITS: BuiltinRouterLimits = {
  maxConnections: 10_000,
  maxConnectionsPerClient: 256,
  headersTimeout: 20,
  keepAliveTimeout: 5,
};

const POSITIVE_INTEGERS = [
  'maxConnections',
  'maxConnectionsPerClient',
  'headersTimeout',
  'keepAliveTimeout',
] as const;

/** Reads `slipway.builtin`; throws on a port that is not a port. */
export function readBuiltinRouterSettings(
  config: Config,
  platformDomain: string,
): BuiltinRouterSettings {
  const section = config.getOptionalConfig('slipway.builtin');
  const settings = {
    httpPort: section?.getOptionalNumber('httpPort') ?? 8080,
    httpsPort: section?.getOptionalNumber('httpsPort') ?? 8443,
    host: section?.getOptionalString('host') ?? '127.0.0.1',
    platformDomain,
  };
  const limits = { ...DEFAULT_LIMITS };
  for (const key of POSITIVE_INTEGERS) {
    const value = section?.getOptionalNumber(key) ?? DEFAULT_LIMITS[key];
    limits[key] = value;
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`slipway.builtin.${key} must be a whole number above 0`);
    }
  }
  for (const key of ['httpPort', 'httpsPort'] as const) {
    const port = settings[key];
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`slipway.builtin.${key} must be a port number`);
    }
  }
  return { ...settings, ...limits };
}
