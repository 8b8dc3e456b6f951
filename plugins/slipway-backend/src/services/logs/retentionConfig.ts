import type { Config } from '@backstage/config';
import type { LogRetention } from './LogRetainer';

const DEFAULTS: LogRetention = { maxLines: 10_000, maxBytes: 5 * 1024 * 1024 };
const MINIMUM: LogRetention = { maxLines: 100, maxBytes: 64 * 1024 };

/** Reads `slipway.logs.retain`; a bound below the minimum (or not a whole number) is refused at startup. */
export function readLogRetention(config: Config): LogRetention {
  const read = (key: 'lines' | 'bytes', field: keyof LogRetention) => {
    const value = config.getOptionalNumber(`slipway.logs.retain.${key}`);
    if (value === undefined) return DEFAULTS[field];
    if (!Number.isInteger(value) || value < MINIMUM[field])
      throw new Error(
        `slipway.logs.retain.${key} must be a whole number of at least ${MINIMUM[field]}`,
      );
    return value;
  };
  return {
    maxLines: read('lines', 'maxLines'),
    maxBytes: read('bytes', 'maxBytes'),
  };
}
