import {
  createConditionExports,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  IS_APP_OWNER_RULE,
  SLIPWAY_APP_RESOURCE_TYPE,
} from '@slipway/plugin-slipway-common';
import { z } from 'zod';

/** What permission rules see of an app. */
export type SlipwayAppResource = { name: string; owner: string };

/** A filter on the apps table that the ledger store can turn into SQL. */
export type SlipwayAppFilter = { property: 'owner'; values: string[] };

/** Matches when the caller's ownership entity refs include the app's owner. */
export const isAppOwnerRule = createPermissionRule({
  name: IS_APP_OWNER_RULE,
  description:
    "Allow apps whose owner is one of the caller's ownership entity refs",
  resourceType: SLIPWAY_APP_RESOURCE_TYPE,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("The caller's ownership entity refs, e.g. user:default/jane"),
  }),
  apply: (app: SlipwayAppResource, { claims }) =>
    claims
      .map(c => c.toLocaleLowerCase('en-US'))
      .includes(app.owner.toLocaleLowerCase('en-US')),
  toQuery: ({ claims }): SlipwayAppFilter => ({
    property: 'owner',
    values: claims.map(c => c.toLocaleLowerCase('en-US')),
  }),
});

export const slipwayAppPermissionRules = [isAppOwnerRule];

const conditionExports = createConditionExports({
  pluginId: 'slipway',
  resourceType: SLIPWAY_APP_RESOURCE_TYPE,
  rules: { isAppOwner: isAppOwnerRule },
});

/** Conditions for permission policies: `slipwayAppConditions.isAppOwner({ claims })`. */
export const slipwayAppConditions = conditionExports.conditions;
/** Wraps conditions into a conditional decision for a Slipway app permission. */
export const createSlipwayAppConditionalDecision =
  conditionExports.createConditionalDecision;
