import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Route } from '@slipway/plugin-slipway-node';
import type { KubeObject } from '../../kubernetes/KubeClient';
import {
  KubernetesObjectsRouter,
  KubernetesRouterSettings,
} from '../../kubernetes/routes/KubernetesObjectsRouter';
import {
  maintenanceServiceManifest,
  tlsSecrets,
} from '../../kubernetes/routes/routeObjects';
import { GatewaySettings, httpRouteManifests } from './httpRouteManifest';

/**
 * Routes apps with Gateway API HTTPRoutes attached to one configured Gateway. TLS terminates at the Gateway's
 * listeners; uploaded certificates are kept as `kubernetes.io/tls` Secrets in the app namespace for them.
 */
export class GatewayRouter extends KubernetesObjectsRouter {
  constructor(
    settings: KubernetesRouterSettings,
    private readonly gateway: GatewaySettings,
    logger: LoggerService,
  ) {
    super(settings, logger, 'gateway', [
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
      { apiVersion: 'v1', kind: 'Secret' },
      { apiVersion: 'v1', kind: 'Service' },
    ]);
  }

  protected render(route: Route): KubeObject[] {
    if (!route.upstream && !route.maintenance) return [];
    return [
      ...tlsSecrets(route, this.label),
      ...(route.maintenance
        ? [maintenanceServiceManifest(route.app, this.label)]
        : []),
      ...httpRouteManifests(route, this.gateway, this.label),
    ] as KubeObject[];
  }
}
