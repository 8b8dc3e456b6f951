import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Route } from '@slipway/plugin-slipway-node';
import type { KubeObject } from '../../kubernetes/KubeClient';
import {
  KubernetesObjectsRouter,
  KubernetesRouterSettings,
} from '../../kubernetes/routes/KubernetesObjectsRouter';
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
    ]);
  }

  protected routeObjects(route: Route): KubeObject[] {
    return httpRouteManifests(route, this.gateway, this.label) as KubeObject[];
  }
}
