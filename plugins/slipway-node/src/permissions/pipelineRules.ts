import {
  createConditionExports,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  IS_PIPELINE_OWNER_RULE,
  SLIPWAY_PIPELINE_RESOURCE_TYPE,
} from '@slipway/plugin-slipway-common';
import { z } from 'zod';

/** What permission rules see of a pipeline. */
export type SlipwayPipelineResource = { name: string; owner: string };

/** A filter on the pipelines table that the ledger store can turn into SQL. */
export type SlipwayPipelineFilter = { property: 'owner'; values: string[] };

/** Matches when the caller's ownership entity refs include the pipeline's owner. */
export const isPipelineOwnerRule = createPermissionRule({
  name: IS_PIPELINE_OWNER_RULE,
  description:
    "Allow pipelines whose owner is one of the caller's ownership entity refs",
  resourceType: SLIPWAY_PIPELINE_RESOURCE_TYPE,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("The caller's ownership entity refs, e.g. user:default/jane"),
  }),
  apply: (pipeline: SlipwayPipelineResource, { claims }) =>
    claims
      .map(c => c.toLocaleLowerCase('en-US'))
      .includes(pipeline.owner.toLocaleLowerCase('en-US')),
  toQuery: ({ claims }): SlipwayPipelineFilter => ({
    property: 'owner',
    values: claims.map(c => c.toLocaleLowerCase('en-US')),
  }),
});

const conditionExports = createConditionExports({
  pluginId: 'slipway',
  resourceType: SLIPWAY_PIPELINE_RESOURCE_TYPE,
  rules: { isPipelineOwner: isPipelineOwnerRule },
});

/** Conditions for permission policies: `slipwayPipelineConditions.isPipelineOwner({ claims })`. */
export const slipwayPipelineConditions = conditionExports.conditions;
/** Wraps conditions into a conditional decision for a Slipway pipeline permission. */
export const createSlipwayPipelineConditionalDecision =
  conditionExports.createConditionalDecision;
