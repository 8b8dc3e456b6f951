import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { slipwayEventsServiceRef } from '@slipway/plugin-slipway-node';
import { SlipwayEntityProvider } from './provider/SlipwayEntityProvider';

/**
 * Turns Slipway apps into catalog entities.
 *
 * @public
 */
export const catalogModuleSlipway = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'slipway',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        events: slipwayEventsServiceRef,
      },
      async init({ catalogProcessing, config, ...deps }) {
        catalogProcessing.addEntityProvider(
          SlipwayEntityProvider.fromConfig(config, deps),
        );
      },
    });
  },
});
