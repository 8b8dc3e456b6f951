import type { Config } from '@backstage/config';

/** The builtin router's settings, read once from `slipway.builtin`. */
export type BuiltinRouterSettings = {
  /** 0 picks a free port (tests). */
  httpPort: number;
  httpsPort: number;
  /** Address both servers listen on. */
  host: string;
  /**
   * Where sandboxed apps reach the router (pasta forwards a sandbox's own `httpPort`/`httpsPort`
   * here): listeners on 127.0.0.1 of their own, so that apps' connections, which all arrive from
   * 127.0.0.1, never count against the clients of the public ports. Undefined: none (0 picks).
   */
  appHttpPort?: number;
  appHttpsPort?: number;
  platformDomain: string;
} & Partial<BuiltinRouterLimits>;

/** Bounds on what clients may hold of the router (`slipway.builtin.*`). */
export type BuiltinRouterLimits = {
  /** Open connections at most, in all and from one client address. */
  maxConnections: number;
  maxConnectionsPerClient: number;
  /** Open connections at most from every sandboxed app together (the app ports' own cap). */
  maxAppConnections: number;
  /** Seconds a client has to send a request's headers (slowloris), and an idle keep-alive connection stays. */
  headersTimeout: number;
  keepAliveTimeout: number;
};

export const DEFAULT_LIMITS: BuiltinRouterLimits = {
  maxConnections: 10_000,
  maxConnectionsPerClient: 256,
  maxAppConnections: 1024,
  headersTimeout: 20,
  keepAliveTimeout: 5,
};

const POSITIVE_INTEGERS = [
  'maxConnections',
  'maxConnectionsPerClient',
  'maxAppConnections',
  'headersTimeout',
  'keepAliveTimeout',
] as const;

/** The app ports' distance from the public ones by default (8080 → 8090, 8443 → 8453; 0 stays 0). */
const APP_PORT_OFFSET = 10;

/** Reads `slipway.builtin`; throws on a port that is not a port. */
export function readBuiltinRouterSettings(
  config: Config,
  platformDomain: string,
): BuiltinRouterSettings {
  const section = config.getOptionalConfig('slipway.builtin');
  const httpPort = section?.getOptionalNumber('httpPort') ?? 8080;
  const httpsPort = section?.getOptionalNumber('httpsPort') ?? 8443;
  const appPort = (port: number) => (port === 0 ? 0 : port + APP_PORT_OFFSET);
  const settings = {
    httpPort,
    httpsPort,
    host: section?.getOptionalString('host') ?? '127.0.0.1',
    appHttpPort: section?.getOptionalNumber('appHttpPort') ?? appPort(httpPort),
    appHttpsPort:
      section?.getOptionalNumber('appHttpsPort') ?? appPort(httpsPort),
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
  const ports = [
    'httpPort',
    'httpsPort',
    'appHttpPort',
    'appHttpsPort',
  ] as const;
  for (const key of ports) {
    const port = settings[key];
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`slipway.builtin.${key} must be a port number`);
    }
    const same = ports.find(
      other => other !== key && port !== 0 && settings[other] === port,
    );
    if (same) {
      throw new Error(
        `slipway.builtin.${key} and ${same} are both ${port}: each needs a port of its own`,
      );
    }
  }
  return { ...settings, ...limits };
}
