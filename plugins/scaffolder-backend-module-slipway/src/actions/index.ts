import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { SlipwayActionsOptions } from './api';
import { createSlipwayAppCreateAction } from './appCreate';
import { createSlipwayCertsAddAction } from './certsAdd';
import { createSlipwayConfigSetAction } from './configSet';
import { createSlipwayDeployAction } from './deploy';
import { createSlipwayDomainsAddAction } from './domainsAdd';
import { createSlipwayGitPushAction } from './gitPush';
import { createSlipwayPipelineCreateAction } from './pipelineCreate';
import { createSlipwayPromoteAction } from './promote';
import { createSlipwayRollbackAction } from './rollback';
import { createSlipwayScaleAction } from './scale';

export type { SlipwayActionsOptions } from './api';
export {
  createSlipwayAppCreateAction,
  createSlipwayCertsAddAction,
  createSlipwayConfigSetAction,
  createSlipwayDeployAction,
  createSlipwayDomainsAddAction,
  createSlipwayGitPushAction,
  createSlipwayPipelineCreateAction,
  createSlipwayPromoteAction,
  createSlipwayRollbackAction,
  createSlipwayScaleAction,
};

/**
 * All `slipway:*` scaffolder actions. Typed like the scaffolder's own action lists; each factory above states its
 * action's exact input and output.
 */
export function createSlipwayActions(
  options: SlipwayActionsOptions,
): TemplateAction<any, any, 'v2'>[] {
  return [
    createSlipwayAppCreateAction(options),
    createSlipwayConfigSetAction(options),
    createSlipwayScaleAction(options),
    createSlipwayRollbackAction(options),
    createSlipwayDeployAction(options),
    createSlipwayDomainsAddAction(options),
    createSlipwayCertsAddAction(options),
    createSlipwayGitPushAction(options),
    createSlipwayPipelineCreateAction(options),
    createSlipwayPromoteAction(options),
  ];
}
