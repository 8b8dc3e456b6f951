import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';

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
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider([]);
      },
    });
  },
});
