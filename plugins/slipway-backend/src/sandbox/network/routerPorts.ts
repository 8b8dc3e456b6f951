import type { Config } from '@backstage/config';
import { readBuiltinRouterSettings } from '../../routing/builtin/config';
import { readNginxOptions } from '../../routing/nginx/options';

/**
 * A router port a sandbox reaches at its own 127.0.0.1:<port>, forwarded to the host's
 * 127.0.0.1:<hostPort> (the same port when a number).
 */
export type RouterPort = number | { port: number; hostPort: number };

/**
 * The host loopback ports a sandbox may reach: the local router's, so an app still calls another
 * through `http://<other>.<domain>` (the router's allowlist and maintenance mode still apply).
 * Only the router in use (`slipway.router`). The builtin router takes apps on ports of their own
 * (`appHttpPort`/`appHttpsPort`), where their connections do not count against outside clients;
 * apps still call its public port numbers. A port of 0 (tests: picked when the router starts) is
 * not known here and not forwarded.
 */
export function readRouterPorts(config: Config): RouterPort[] {
  const router = config.getOptionalString('slipway.router') ?? 'builtin';
  let ports: { port: number; hostPort: number }[] = [];
  if (router === 'builtin') {
    const settings = readBuiltinRouterSettings(config, '');
    ports = [
      { port: settings.httpPort, hostPort: settings.appHttpPort! },
      { port: settings.httpsPort, hostPort: settings.appHttpsPort! },
    ];
  } else if (router === 'nginx') {
    // The data directory only places nginx's files, which do not matter here.
    const { httpPort, httpsPort } = readNginxOptions(config, '/', '');
    ports = [
      { port: httpPort, hostPort: httpPort },
      { port: httpsPort, hostPort: httpsPort },
    ];
  }
  return ports
    .filter(({ port, hostPort }) => port > 0 && hostPort > 0)
    .filter(
      (forward, index, all) =>
        all.findIndex(other => other.port === forward.port) === index,
    )
    .map(({ port, hostPort }) =>
      port === hostPort ? port : { port, hostPort },
    );
}
