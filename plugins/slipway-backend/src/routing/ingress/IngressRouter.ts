import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Route } from '@slipway/plugin-slipway-node';
import type { KubeObject } from '../../kubernetes/KubeClient';
import {
  KubernetesObjectsRouter,
  KubernetesRouterSettings,
} from '../../kubernetes/routes/KubernetesObjectsRouter';
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
    ]);
  }

  protected routeObjects(route: Route): KubeObject[] {
    return [ingressManifest(route, this.ingress, this.label)] as KubeObject[];
  }
}
