import type { RouterFactory } from '../../platform/types';
import { readRouterSettings } from '../../kubernetes/routes/KubernetesObjectsRouter';
import { GatewayRouter } from './GatewayRouter';

/** The `gateway` router, configured by `slipway.kubernetes.gateway` (see docs/kubernetes.md). */
export const createGatewayRouter: RouterFactory = ({
  config,
  logger,
  platformDomain,
}) => {
  const section = config.getConfig('slipway.kubernetes.gateway');
  return new GatewayRouter(
    readRouterSettings(config, 'gateway', platformDomain),
    {
      gateway: {
        name: section.getString('name'),
        namespace: section.getString('namespace'),
      },
      httpListener: section.getOptionalString('httpListener'),
      httpsListener: section.getOptionalString('httpsListener'),
    },
    logger,
  );
};
