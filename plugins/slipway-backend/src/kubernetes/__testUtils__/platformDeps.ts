import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { PlatformDeps } from '../../platform/types';

/** A logger that drops everything (usable outside jest, e.g. in the benchmark). */
export const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** Platform deps whose only `slipway.kubernetes.clusters` entry is `cluster` (fast retries; extra config merged in). */
export function platformDeps(
  cluster: JsonObject,
  extra: Record<string, unknown> = {},
  platformDomain = 'apps.example.test',
): PlatformDeps {
  const { kubernetes, ...rest } = extra as {
    kubernetes?: Record<string, unknown>;
  };
  return {
    config: new ConfigReader({
      slipway: {
        domain: platformDomain,
        kubernetes: {
          clusters: [cluster],
          retry: { attempts: 3, baseDelayMs: 5, requestTimeoutMs: 5000 },
          ...kubernetes,
        },
        ...rest,
      },
    }),
    logger: silentLogger,
    dataDir: '/nonexistent',
    platformDomain,
  };
}
