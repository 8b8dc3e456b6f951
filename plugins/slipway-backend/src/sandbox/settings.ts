import type { Config } from '@backstage/config';
import { readRouterPorts, type RouterPort } from './network/routerPorts';
import {
  DEFAULT_LIMIT_SETTINGS,
  readLimitSettings,
  type LimitSettings,
} from './limits/settings';

/** `slipway.local.sandbox`: how the local runtime and builder sandbox pushed code. */
export type SandboxSettings = {
  /** The user and group sandboxed processes run as (never root, never the backend's user). */
  uid: number;
  gid: number;
  /** Refuse to start (instead of warning) when bubblewrap cannot sandbox on this machine. */
  required: boolean;
  /** The router's ports on the host's loopback, which sandboxes reach (`slipway.router`'s). */
  routerPorts: RouterPort[];
  /** `slipway.local.limits`: memory, process and tmpfs limits of each sandboxed process. */
  limits: LimitSettings;
};

export const DEFAULT_SANDBOX_SETTINGS: SandboxSettings = {
  uid: 65534,
  gid: 65534,
  required: false,
  routerPorts: [],
  limits: DEFAULT_LIMIT_SETTINGS,
};

export function readSandboxSettings(config: Config): SandboxSettings {
  const section = config.getOptionalConfig('slipway.local.sandbox');
  const id = (key: string) => {
    const value =
      section?.getOptionalNumber(key) ??
      DEFAULT_SANDBOX_SETTINGS[key as 'uid' | 'gid'];
    if (!Number.isInteger(value) || value < 1 || value > 4294967294) {
      throw new Error(
        `slipway.local.sandbox.${key} must be a user or group id other than 0 (root)`,
      );
    }
    return value;
  };
  return {
    uid: id('uid'),
    gid: id('gid'),
    required:
      section?.getOptionalBoolean('required') ??
      DEFAULT_SANDBOX_SETTINGS.required,
    routerPorts: readRouterPorts(config),
    limits: readLimitSettings(config),
  };
}
