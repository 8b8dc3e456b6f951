import type { Config } from '@backstage/config';
import { readBuiltinRouterSettings } from '../../routing/builtin/config';
import { readNginxOptions } from '../../routing/nginx/options';

/**
 * The host loopback ports a sandbox may reach: the local router's, so an app still calls another
 * through `http://<other>.<domain>` (the router's allowlist and maintenance mode still apply).
 * Only the router in use (`slipway.router`); a port of 0 (tests: picked when the router starts)
 * is not known here and not forwarded.
 */
export function readRouterPorts(config: Config): number[] {
  const router = config.getOptionalString('slipway.router') ?? 'builtin';
  let ports: number[] = [];
  if (router === 'builtin') {
    const { httpPort, httpsPort } = readBuiltinRouterSettings(config, '');
    ports = [httpPort, httpsPort];
  } else if (router === 'nginx') {
    // The data directory only places nginx's files, which do not matter here.
    const { httpPort, httpsPort } = readNginxOptions(config, '/', '');
    ports = [httpPort, httpsPort];
  }
  return [...new Set(ports.filter(port => port > 0))];
}
