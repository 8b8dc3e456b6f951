import type {
  Route,
  RouteHost,
  TrafficRouter,
  RouteTable,
  RouteUpstream,
} from '@slipway/plugin-slipway-node';
import type { DomainRecord, Ledger } from '../ledger';
import { byCodePoint } from '../domain/order';
import { withDefaults } from '../domain/defaults';

/** An app's route as the ledger has it: everything but the upstream (which the runtime reports). */
export type LedgerRoute = {
  app: string;
  hosts: RouteHost[];
  options: Omit<Route, 'app' | 'hosts' | 'upstream'>;
};

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
  const routes = await readRoutes(ledger, router);
  return [...routes.keys()]
    .sort(byCodePoint)
    .map(app => withUpstream(routes.get(app)!, upstreams.get(app)));
}

/**
 * The ledger routes of every routable app, or of those of `apps` that exist and are routable,
 * keyed by app: three queries (apps, domains, certificates) whatever the number of apps.
 */
export async function readRoutes(
  ledger: Ledger,
  router: Pick<TrafficRouter, 'defaultHost'>,
  apps?: string[],
): Promise<Map<string, LedgerRoute>> {
  const [records, domains, certs] = await Promise.all([
    apps ? ledger.apps.getMany(apps) : ledger.apps.list(),
    apps ? ledger.domains.listOf(apps) : ledger.domains.list(),
    ledger.certs.withKeys(apps),
  ]);
  const domainsOf = new Map<string, DomainRecord[]>();
  for (const domain of domains) {
    const list = domainsOf.get(domain.app) ?? [];
    list.push(domain);
    domainsOf.set(domain.app, list);
  }
  const routes = new Map<string, LedgerRoute>();
  for (const app of records) {
    const settings = withDefaults(app.settings);
    if (!settings.routable) continue;
    const custom: RouteHost[] = (domainsOf.get(app.name) ?? [])
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
    routes.set(app.name, {
      app: app.name,
      hosts: [{ host: router.defaultHost(app.name) }, ...custom],
      options: {
        httpsOnly: settings.httpsOnly,
        hsts: settings.hsts,
        allowlist: settings.allowlist,
        maintenance: settings.maintenance,
        autoTls: settings.autoTls,
        connectTimeout: settings.connectTimeout,
        readTimeout: settings.readTimeout,
        sendTimeout: settings.sendTimeout,
        bodySize: settings.bodySize,
      },
    });
  }
  return routes;
}

/** The route table's entry for an app: its ledger route, routed to `upstream` (if any). */
export function withUpstream(
  route: LedgerRoute,
  upstream: RouteUpstream | undefined,
): Route {
  return {
    app: route.app,
    hosts: route.hosts,
    ...(upstream ? { upstream } : {}),
    ...route.options,
  };
}
