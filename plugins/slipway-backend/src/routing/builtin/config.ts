import type { Config } from '@backstage/config';

/** The builtin router's settings, read once from `slipway.builtin`. */
export type BuiltinRouterSettings = {
  /** 0 picks a free port (tests). */
  httpPort: number;
  httpsPort: number;
  /** Address both servers listen on. */
  host: string;
  platformDomain: string;
};

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
  for (const key of ['httpPort', 'httpsPort'] as const) {
    const port = settings[key];
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`slipway.builtin.${key} must be a port number`);
    }
  }
  return settings;
}
