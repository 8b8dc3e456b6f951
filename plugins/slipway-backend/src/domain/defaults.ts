import type { AppSettings } from '@slipway/plugin-slipway-common';

/** Settings of a new app. */
export const DEFAULT_SETTINGS: AppSettings = {
  maintenance: false,
  routable: true,
  allowlist: [],
  httpsOnly: false,
  hsts: {
    enabled: false,
    maxAge: 31536000,
    includeSubdomains: false,
    preload: false,
  },
  autoTls: false,
  autoscale: {},
  connectTimeout: 5,
  readTimeout: 60,
  sendTimeout: 60,
  bodySize: '1m',
  deployTimeout: 120,
  runAsNonRoot: true,
  requireApproval: false,
};

/** Stored settings completed with defaults (for settings added after an app was created). */
export function withDefaults(
  stored: Partial<AppSettings> | undefined,
): AppSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    hsts: { ...DEFAULT_SETTINGS.hsts, ...stored?.hsts },
  };
}
