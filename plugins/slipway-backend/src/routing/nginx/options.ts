import path from 'node:path';
import type { Config } from '@backstage/config';
import { detectLua, type LuaSupport } from './lua/detect';

/** Per-app proxy limits: timeouts in seconds, body size like `1m`. */
export type ProxyLimits = {
  connectTimeout: number;
  readTimeout: number;
  sendTimeout: number;
  bodySize: string;
};

/** Everything the nginx router needs to know, read once from `slipway.nginx`. */
export type NginxOptions = {
  binary: string;
  configDir: string;
  httpPort: number;
  httpsPort: number;
  /** Loopback-only port answering the hash of the live config (confirms reloads). */
  statusPort: number;
  /**
   * Loopback UDP port nginx sends each request's line to (syslog), read by the backend for router
   * lines and request metrics; unset: no feed.
   */
  accessLogPort?: number;
  /** Loopback port of the backend's ACME challenge responder, which nginx forwards challenges to. */
  acmePort: number;
  /** Start and supervise an nginx master ourselves (true) or signal the operator's (false). */
  manage: boolean;
  pidFile: string;
  workerProcesses: number | 'auto';
  /** How long a reload may take to answer the new config hash. */
  reloadTimeoutMs: number;
  platformDomain: string;
  /** Platform-wide values, rendered once at the http level. */
  defaults: ProxyLimits;
  /** The most an app may ask for. */
  max: ProxyLimits;
  /**
   * Set: endpoints live in a Lua shared dictionary and change without a reload. Unset (module
   * missing, or `dynamicUpstreams: false`): every endpoint is rendered into nginx.conf.
   */
  lua?: LuaSupport;
};

export const DEFAULT_LIMITS: ProxyLimits = {
  connectTimeout: 5,
  readTimeout: 60,
  sendTimeout: 60,
  bodySize: '1m',
};

export const DEFAULT_MAX: ProxyLimits = {
  connectTimeout: 75,
  readTimeout: 3600,
  sendTimeout: 3600,
  bodySize: '1g',
};

/** Paths end up inside nginx.conf, so they are held to the same whitelist as everything else. */
const SAFE_PATH = /^\/[A-Za-z0-9._\/-]*$/;

/** Reads `slipway.nginx`; throws on settings that could not be rendered safely. */
export function readNginxOptions(
  config: Config,
  dataDir: string,
  platformDomain: string,
): NginxOptions {
  const section = config.getOptionalConfig('slipway.nginx');
  const configDir = path.resolve(
    section?.getOptionalString('configDir') ?? path.join(dataDir, 'nginx'),
  );
  const limits = (key: string, fallback: ProxyLimits): ProxyLimits => {
    const s = section?.getOptionalConfig(key);
    return {
      connectTimeout:
        s?.getOptionalNumber('connectTimeout') ?? fallback.connectTimeout,
      readTimeout: s?.getOptionalNumber('readTimeout') ?? fallback.readTimeout,
      sendTimeout: s?.getOptionalNumber('sendTimeout') ?? fallback.sendTimeout,
      bodySize: s?.getOptionalString('bodySize') ?? fallback.bodySize,
    };
  };
  const workers = section?.getOptional<number | string>('workerProcesses');
  const options: NginxOptions = {
    binary: section?.getOptionalString('binary') ?? 'nginx',
    configDir,
    httpPort: section?.getOptionalNumber('httpPort') ?? 80,
    httpsPort: section?.getOptionalNumber('httpsPort') ?? 443,
    statusPort: section?.getOptionalNumber('statusPort') ?? 18081,
    accessLogPort:
      section?.getOptionalBoolean('accessLogFeed') === false
        ? undefined
        : section?.getOptionalNumber('accessLogPort') ?? 18082,
    acmePort: section?.getOptionalNumber('acmeChallengePort') ?? 18083,
    manage: section?.getOptionalBoolean('manage') ?? true,
    pidFile: path.resolve(
      section?.getOptionalString('pidFile') ??
        path.join(configDir, 'run', 'nginx.pid'),
    ),
    workerProcesses: typeof workers === 'number' ? workers : 'auto',
    reloadTimeoutMs:
      (section?.getOptionalNumber('reloadTimeoutSeconds') ?? 15) * 1000,
    platformDomain,
    defaults: limits('defaults', DEFAULT_LIMITS),
    max: limits('max', DEFAULT_MAX),
    lua:
      section?.getOptionalBoolean('dynamicUpstreams') === false
        ? undefined
        : detectLua(),
  };
  checkOptions(options);
  return options;
}

/** Throws when an operator setting would not render into a valid, safe config. */
export function checkOptions(options: NginxOptions): void {
  for (const [name, value] of [
    ['configDir', options.configDir],
    ['pidFile', options.pidFile],
    ...(options.lua?.modules ?? []).map(m => ['Lua module', m]),
    ['lua-resty-core path', options.lua?.restyPath ?? '/'],
  ]) {
    if (!SAFE_PATH.test(value)) {
      throw new Error(
        `slipway.nginx.${name} "${value}" may only contain letters, digits and . _ / -`,
      );
    }
  }
  for (const [name, port] of [
    ['httpPort', options.httpPort],
    ['httpsPort', options.httpsPort],
    ['statusPort', options.statusPort],
    ['accessLogPort', options.accessLogPort ?? 1],
    ['acmeChallengePort', options.acmePort],
  ] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`slipway.nginx.${name} must be a port number`);
    }
  }
  const w = options.workerProcesses;
  if (w !== 'auto' && (!Number.isInteger(w) || w < 1 || w > 256)) {
    throw new Error('slipway.nginx.workerProcesses must be 1..256 or "auto"');
  }
  for (const key of ['connectTimeout', 'readTimeout', 'sendTimeout'] as const) {
    for (const set of [options.defaults, options.max]) {
      if (!Number.isInteger(set[key]) || set[key] < 1) {
        throw new Error(
          `slipway.nginx ${key} must be a whole number of seconds`,
        );
      }
    }
  }
  if (
    bodySizeBytes(options.defaults.bodySize) === undefined ||
    bodySizeBytes(options.max.bodySize) === undefined
  ) {
    throw new Error('slipway.nginx bodySize must look like 512k, 10m or 1g');
  }
}

const BODY_SIZE = /^([1-9][0-9]{0,9})([kmg]?)$/i;
const UNIT: Record<string, number> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/** Bytes of a body size like `10m` (nginx units k, m, g), or undefined when it is not in that exact form. */
export function bodySizeBytes(size: unknown): number | undefined {
  if (typeof size !== 'string') return undefined;
  const match = BODY_SIZE.exec(size);
  return match ? Number(match[1]) * UNIT[match[2].toLowerCase()] : undefined;
}
