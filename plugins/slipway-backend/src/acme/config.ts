import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

export const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';
export const LETS_ENCRYPT_STAGING =
  'https://acme-staging-v02.api.letsencrypt.org/directory';

/** `slipway.acme`: where automatic certificates come from and when they are renewed. */
export type AcmeSettings = {
  directoryUrl: string;
  email?: string;
  /** Renew this long before a certificate expires (default 30 days). */
  renewBeforeMs: number;
  /** Retry a failed domain after this long (default 1 hour), doubled per failure in a row. */
  retryAfterMs: number;
  /** At most this many orders per app per hour (default 10). */
  ordersPerAppPerHour?: number;
};

/** The longest wait before a failing domain is ordered again. */
export const MAX_RETRY_MS = 7 * 86_400_000;
export const ORDERS_PER_APP_PER_HOUR = 10;

/** `retryAfter × 2^(failures−1)`, at most 7 days: when a domain that failed `failures` times in a row is due. */
export function retryDelayMs(retryAfterMs: number, failures: number): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(retryAfterMs * 2 ** doublings, MAX_RETRY_MS);
}

/** Reads `slipway.acme`; throws on a directory that is not https (or http on loopback) or a bad duration. */
export function readAcmeSettings(config: Config): AcmeSettings {
  const section = config.getOptionalConfig('slipway.acme');
  const directoryUrl =
    section?.getOptionalString('directoryUrl') ?? LETS_ENCRYPT;
  let url: URL;
  try {
    url = new URL(directoryUrl);
  } catch {
    throw new Error(`slipway.acme.directoryUrl is not a URL: ${directoryUrl}`);
  }
  if (url.protocol !== 'https:') {
    throw new Error('slipway.acme.directoryUrl must be an https URL');
  }
  const duration = (key: string, fallback: number) =>
    section?.has(key)
      ? durationToMilliseconds(readDurationFromConfig(section, { key }))
      : fallback;
  const renewBeforeMs = duration('renewBefore', 30 * 86_400_000);
  const retryAfterMs = duration('retryAfter', 3_600_000);
  if (renewBeforeMs <= 0 || retryAfterMs <= 0) {
    throw new Error('slipway.acme.renewBefore and retryAfter must be positive');
  }
  const ordersPerAppPerHour =
    section?.getOptionalNumber('ordersPerAppPerHour') ??
    ORDERS_PER_APP_PER_HOUR;
  if (!Number.isInteger(ordersPerAppPerHour) || ordersPerAppPerHour < 1) {
    throw new Error(
      'slipway.acme.ordersPerAppPerHour must be a positive integer',
    );
  }
  const email = section?.getOptionalString('email');
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new Error(`slipway.acme.email is not an email address: ${email}`);
  }
  return {
    directoryUrl,
    email,
    renewBeforeMs,
    retryAfterMs,
    ordersPerAppPerHour,
  };
}
