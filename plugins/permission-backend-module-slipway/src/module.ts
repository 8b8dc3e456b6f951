import { createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';

/**
 * Sets {@link SlipwayPermissionPolicy} as the portal's permission policy. A backend has one
 * policy: this module replaces `@backstage/plugin-permission-backend-module-allow-all-policy`
 * (with both, the backend stops with "Policy already set").
 *
 * @public
 */
export const permissionModuleSlipwayPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'slipway-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new SlipwayPermissionPolicy());
      },
    });
  },
});
