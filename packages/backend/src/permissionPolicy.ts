import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  type PermissionPolicy,
  type PolicyQuery,
  type PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  SLIPWAY_APP_RESOURCE_TYPE,
  SLIPWAY_PIPELINE_RESOURCE_TYPE,
  slipwayAppReadPermission,
  slipwayPipelineReadPermission,
} from '@slipway/plugin-slipway-common';
import {
  createSlipwayAppConditionalDecision,
  createSlipwayPipelineConditionalDecision,
  slipwayAppConditions,
  slipwayPipelineConditions,
} from '@slipway/plugin-slipway-node';

/**
 * The portal's policy: everyone signed in may read every app and create apps;
 * only an app's owners may change it, see its config values or delete it.
 * Pipelines likewise: everyone reads and creates them, their owners change and delete them.
 * Everything else in Backstage is allowed, as in the default development setup.
 */
export class SlipwayPortalPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isResourcePermission(request.permission, SLIPWAY_APP_RESOURCE_TYPE)) {
      if (request.permission.name === slipwayAppReadPermission.name) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createSlipwayAppConditionalDecision(
        request.permission,
        slipwayAppConditions.isAppOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    if (
      isResourcePermission(request.permission, SLIPWAY_PIPELINE_RESOURCE_TYPE)
    ) {
      if (request.permission.name === slipwayPipelineReadPermission.name) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createSlipwayPipelineConditionalDecision(
        request.permission,
        slipwayPipelineConditions.isPipelineOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'slipway-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new SlipwayPortalPolicy());
      },
    });
  },
});
