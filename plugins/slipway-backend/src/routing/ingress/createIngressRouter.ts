import type { RouterFactory } from '../../platform/types';
import { readRouterSettings } from '../../kubernetes/routes/KubernetesObjectsRouter';
import { IngressRouter } from './IngressRouter';

/** The `ingress` router, configured by `slipway.kubernetes.ingress` (see docs/kubernetes.md). */
export const createIngressRouter: RouterFactory = ({
  config,
  logger,
  platformDomain,
}) => {
  const section = config.getOptionalConfig('slipway.kubernetes.ingress');
  const issuerKind =
    section?.getOptionalString('issuer.kind') ?? 'ClusterIssuer';
  if (issuerKind !== 'ClusterIssuer' && issuerKind !== 'Issuer') {
    throw new Error(
      `slipway.kubernetes.ingress.issuer.kind must be ClusterIssuer or Issuer, not "${issuerKind}"`,
    );
  }
  const hsts = section?.getOptionalString('hsts') ?? 'snippet';
  if (hsts !== 'snippet' && hsts !== 'controller') {
    throw new Error(
      `slipway.kubernetes.ingress.hsts must be snippet or controller, not "${hsts}"`,
    );
  }
  return new IngressRouter(
    readRouterSettings(config, 'ingress', platformDomain),
    {
      className: section?.getOptionalString('className') ?? 'nginx',
      issuer: {
        kind: issuerKind,
        name: section?.getOptionalString('issuer.name') ?? 'letsencrypt',
      },
      hsts,
    },
    logger,
  );
};
