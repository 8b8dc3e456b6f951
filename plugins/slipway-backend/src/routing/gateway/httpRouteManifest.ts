import { InputError } from '@backstage/errors';
import type { Route } from '@slipway/plugin-slipway-node';
import { withHash } from '../../kubernetes/manifests';
import { checkApp, namespaceOf } from '../../kubernetes/names';
import {
  MAINTENANCE_PORT,
  maintenanceServiceName,
  routerLabels,
} from '../../kubernetes/routes/routeObjects';
import { hstsValue } from '../../kubernetes/routes/validateRoute';

export type GatewaySettings = {
  /** The Gateway routes attach to. */
  gateway: { name: string; namespace: string };
  /** Listener names for https-only apps: the route serves on `httpsListener`, and `httpListener` redirects. */
  httpListener?: string;
  httpsListener?: string;
};

type HTTPRoute = {
  apiVersion: 'gateway.networking.k8s.io/v1';
  kind: 'HTTPRoute';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
};

/**
 * The HTTPRoutes of one app. Gateway API has no per-route client allowlist, so an app with one is refused
 * rather than exposed to everyone; request body limits are the Gateway's (not expressible on a route).
 */
export function httpRouteManifests(
  route: Route,
  settings: GatewaySettings,
  /** The `slipway.io/router` label value. */
  label = 'gateway',
): HTTPRoute[] {
  if (route.allowlist.length) {
    throw new InputError(
      'an allowlist cannot be enforced by the gateway router (Gateway API HTTPRoute has no client IP match)',
    );
  }
  if (route.httpsOnly && (!settings.httpListener || !settings.httpsListener)) {
    throw new InputError(
      'httpsOnly needs slipway.kubernetes.gateway.httpListener and httpsListener to be configured',
    );
  }
  const parent = (sectionName?: string) => ({
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: settings.gateway.name,
    namespace: settings.gateway.namespace,
    ...(sectionName ? { sectionName } : {}),
  });
  const backend = route.maintenance
    ? { name: maintenanceServiceName(route.app), port: MAINTENANCE_PORT }
    : {
        name: route.upstream!.service!.name,
        port: route.upstream!.service!.port,
      };
  const hostnames = route.hosts.map(h => h.host);
  const filters = route.hsts.enabled
    ? [
        {
          type: 'ResponseHeaderModifier',
          responseHeaderModifier: {
            set: [
              { name: 'Strict-Transport-Security', value: hstsValue(route) },
            ],
          },
        },
      ]
    : [];

  const main: HTTPRoute = withHash<HTTPRoute>({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: checkApp(route.app),
      namespace: namespaceOf(route.app),
      labels: routerLabels(route.app, label, 'route'),
    },
    spec: {
      parentRefs: [
        parent(route.httpsOnly ? settings.httpsListener : undefined),
      ],
      hostnames,
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          ...(filters.length ? { filters } : {}),
          backendRefs: [{ group: '', kind: 'Service', ...backend }],
          timeouts: {
            request: `${
              route.connectTimeout + route.sendTimeout + route.readTimeout
            }s`,
            backendRequest: `${route.readTimeout}s`,
          },
        },
      ],
    },
  });
  if (!route.httpsOnly) return [main];

  const redirect: HTTPRoute = withHash<HTTPRoute>({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: `${route.app}-https-redirect`,
      namespace: namespaceOf(route.app),
      labels: routerLabels(route.app, label, 'redirect'),
    },
    spec: {
      parentRefs: [parent(settings.httpListener)],
      hostnames,
      rules: [
        {
          filters: [
            {
              type: 'RequestRedirect',
              requestRedirect: { scheme: 'https', statusCode: 301 },
            },
          ],
        },
      ],
    },
  });
  return [main, redirect];
}
