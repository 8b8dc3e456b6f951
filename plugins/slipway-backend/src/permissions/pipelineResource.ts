import type { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  SLIPWAY_PIPELINE_RESOURCE_TYPE,
  slipwayPipelinePermissions,
} from '@slipway/plugin-slipway-common';
import {
  isPipelineOwnerRule,
  type SlipwayPipelineFilter,
  type SlipwayPipelineResource,
} from '@slipway/plugin-slipway-node';
import type { PipelineStore } from '../ledger/PipelineStore';

/** The pipeline resource type of the permission framework; resource refs are pipeline names. */
export const slipwayPipelineResourceRef = createPermissionResourceRef<
  SlipwayPipelineResource,
  SlipwayPipelineFilter
>().with({ pluginId: 'slipway', resourceType: SLIPWAY_PIPELINE_RESOURCE_TYPE });

/** Lets policies use IS_PIPELINE_OWNER, and the permission backend load pipelines to evaluate it. */
export function registerPipelineResourceType(
  registry: PermissionsRegistryService,
  pipelines: Pick<PipelineStore, 'getMany'>,
): void {
  registry.addResourceType({
    resourceRef: slipwayPipelineResourceRef,
    permissions: slipwayPipelinePermissions,
    rules: [isPipelineOwnerRule],
    getResources: async names => {
      const found = new Map(
        (await pipelines.getMany(names)).map(p => [p.name, p]),
      );
      return names.map(name => {
        const pipeline = found.get(name);
        return pipeline && { name: pipeline.name, owner: pipeline.owner };
      });
    },
  });
}
