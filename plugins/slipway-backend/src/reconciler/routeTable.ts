import type {
  Route,
  RouteHost,
  TrafficRouter,
  RouteTable,
  RouteUpstream,
} from '@slipway/plugin-slipway-node';
import type { Ledger } from '../ledger';
import { byCodePoint } from '../domain/order';
import { withDefaults } from '../domain/defaults';

/**
 * The full route table, sorted by app: each routable app's default host, then its custom domains
 * sorted, TLS from attached certificates (decrypted keys), its settings, and the upstream the
 * runtime last reported for it.
 */
export async function buildRouteTable(
  ledger: Ledger,
  router: Pick<TrafficRouter, 'defaultHost'>,
  upstreams: ReadonlyMap<string, RouteUpstream | undefined>,
): Promise<RouteTable> {
  const [apps, domains, certs] = await Promise.all([
    ledger.apps.list(),
    ledger.domains.list(),
    ledger.certs.withKeys(),
  ]);
  const table: RouteTable = [];
  for (const app of [...apps].sort((a, b) => byCodePoint(a.name, b.name))) {
    const settings = withDefaults(app.settings);
    if (!settings.routable) continue;
    const custom: RouteHost[] = domains
      .filter(d => d.app === app.name)
      .sort((a, b) => byCodePoint(a.domain, b.domain))
      .map(d => {
        const cert = d.cert ? certs.get(`${app.name}/${d.cert}`) : undefined;
        return {
          host: d.domain,
          ...(cert
            ? {
                tls: {
                  certName: cert.name,
                  certificate: cert.certificate,
                  key: cert.key,
                },
              }
            : {}),
        };
      });
    const upstream = upstreams.get(app.name);
    const route: Route = {
      app: app.name,
      hosts: [{ host: router.defaultHost(app.name) }, ...custom],
      ...(upstream ? { upstream } : {}),
      httpsOnly: settings.httpsOnly,
      hsts: settings.hsts,
      allowlist: settings.allowlist,
      maintenance: settings.maintenance,
      autoTls: settings.autoTls,
      connectTimeout: settings.connectTimeout,
      readTimeout: settings.readTimeout,
      sendTimeout: settings.sendTimeout,
      bodySize: settings.bodySize,
    };
    table.push(route);
  }
  return table;
}
