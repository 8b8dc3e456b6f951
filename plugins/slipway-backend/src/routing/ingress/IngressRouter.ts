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
import { IngressSettings, ingressManifest } from './ingressManifest';

/** Routes apps with a `networking.k8s.io/v1` Ingress each (ingress-nginx annotations, cert-manager for auto TLS). */
export class IngressRouter extends KubernetesObjectsRouter {
  constructor(
    settings: KubernetesRouterSettings,
    private readonly ingress: IngressSettings,
    logger: LoggerService,
  ) {
    super(settings, logger, 'ingress', [
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
      { apiVersion: 'v1', kind: 'Secret' },
      { apiVersion: 'v1', kind: 'Service' },
    ]);
  }

  protected render(route: Route): KubeObject[] {
    // Nothing to route to yet (no web process) and not in maintenance: no Ingress.
    if (!route.upstream && !route.maintenance) return [];
    return [
      ...tlsSecrets(route, this.label),
      ...(route.maintenance
        ? [maintenanceServiceManifest(route.app, this.label)]
        : []),
      ingressManifest(route, this.ingress, this.label),
    ] as KubeObject[];
  }
}
