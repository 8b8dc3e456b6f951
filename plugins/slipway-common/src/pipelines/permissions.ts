import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The resource type of pipelines in the permission framework; the resource ref is the pipeline name. */
export const SLIPWAY_PIPELINE_RESOURCE_TYPE = 'slipway-pipeline';

export type SlipwayPipelinePermission = ResourcePermission<
  typeof SLIPWAY_PIPELINE_RESOURCE_TYPE
>;

/** Create a pipeline. */
export const slipwayPipelineCreatePermission = createPermission({
  name: 'slipway.pipeline.create',
  attributes: { action: 'create' },
});

/** See a pipeline, its stages and its pending promotions. */
export const slipwayPipelineReadPermission = createPermission({
  name: 'slipway.pipeline.read',
  attributes: { action: 'read' },
  resourceType: SLIPWAY_PIPELINE_RESOURCE_TYPE,
});

/** Couple and decouple apps (coupling also needs `slipway.app.update` on the app). */
export const slipwayPipelineUpdatePermission = createPermission({
  name: 'slipway.pipeline.update',
  attributes: { action: 'update' },
  resourceType: SLIPWAY_PIPELINE_RESOURCE_TYPE,
});

/** Delete a pipeline (its apps stay). */
export const slipwayPipelineDeletePermission = createPermission({
  name: 'slipway.pipeline.delete',
  attributes: { action: 'delete' },
  resourceType: SLIPWAY_PIPELINE_RESOURCE_TYPE,
});

export const slipwayPipelinePermissions = [
  slipwayPipelineCreatePermission,
  slipwayPipelineReadPermission,
  slipwayPipelineUpdatePermission,
  slipwayPipelineDeletePermission,
];

/** The name of the rule that matches when the caller's ownership refs include the pipeline's owner. */
export const IS_PIPELINE_OWNER_RULE = 'IS_PIPELINE_OWNER';
