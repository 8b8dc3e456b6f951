import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
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
 * Slipway's permission policy: everyone signed in may read every app and create apps;
 * only an app's owners may change it, see its config values or delete it.
 * Pipelines likewise: everyone reads and creates them, their owners change and delete them.
 * Every other permission is allowed, as by the stock app's allow-all policy that this replaces.
 *
 * @public
 */
export class SlipwayPermissionPolicy implements PermissionPolicy {
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
