import { InputError } from '@backstage/errors';
import {
  configSize,
  formatBytes,
  MAX_CONFIG_BYTES,
  type Config,
  type ConfigPatch,
} from '@slipway/plugin-slipway-common';
import { sortKeys } from '../../domain/views';

export const EMPTY_CONFIG: Config = {
  values: {},
  limits: {},
  tags: {},
  healthchecks: {},
};

/** The config after a (validated) patch: `null` removes an entry, anything else sets it. Keys sorted. */
export function applyConfigPatch(config: Config, patch: ConfigPatch): Config {
  const next: Config = {
    values: merge(config.values, patch.values),
    limits: merge(config.limits, patch.limits),
    tags: merge(config.tags, patch.tags),
    healthchecks: merge(config.healthchecks, patch.healthchecks),
  };
  const size = configSize(next.values);
  if (size > MAX_CONFIG_BYTES) {
    throw new InputError(
      `Config values would take ${formatBytes(size)}, ${formatBytes(
        size - MAX_CONFIG_BYTES,
      )} over the ${formatBytes(MAX_CONFIG_BYTES)} an app may have`,
    );
  }
  return next;
}

/** A Map, not an object: `__proto__`, `constructor` and `toString` are keys like any other. */
function merge<T>(
  current: Record<string, T>,
  patch?: Record<string, T | null>,
): Record<string, T> {
  const result = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) result.delete(key);
    else result.set(key, value);
  }
  return sortKeys(Object.fromEntries(result));
}
