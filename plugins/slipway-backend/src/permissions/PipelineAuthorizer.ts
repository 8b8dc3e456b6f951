import type {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createConditionTransformer,
  type ConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  slipwayPipelineCreatePermission,
  slipwayPipelineReadPermission,
  type SlipwayPipelinePermission,
} from '@slipway/plugin-slipway-common';
import type { SlipwayPipelineFilter } from '@slipway/plugin-slipway-node';
import type { AppFilter } from '../ledger';
import { toAppFilter } from './AppAuthorizer';
import { slipwayPipelineResourceRef } from './pipelineResource';

/** Asks the permission framework whether a caller may do something to a pipeline. */
export class PipelineAuthorizer {
  private readonly toQuery: ConditionTransformer<SlipwayPipelineFilter>;

  constructor(
    private readonly permissions: PermissionsService,
    registry: PermissionsRegistryService,
  ) {
    this.toQuery = createConditionTransformer(
      registry.getPermissionRuleset(slipwayPipelineResourceRef),
    );
  }

  /** Throws NotAllowedError unless the caller may do `permission` to `pipeline`. */
  async require(
    credentials: BackstageCredentials,
    permission: SlipwayPipelinePermission,
    pipeline: string,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: pipeline }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.attributes.action} pipeline "${pipeline}" (${permission.name})`,
      );
    }
  }

  async requireCreate(credentials: BackstageCredentials): Promise<void> {
    const [decision] = await this.permissions.authorize(
      [{ permission: slipwayPipelineCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to create pipelines (${slipwayPipelineCreatePermission.name})`,
      );
    }
  }

  /** Which pipelines the caller may read: `'all'`, `'none'`, or an owner filter for SQL. */
  async readFilter(
    credentials: BackstageCredentials,
  ): Promise<'all' | 'none' | AppFilter> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: slipwayPipelineReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return 'all';
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return toAppFilter(this.toQuery(decision.conditions));
    }
    return 'none';
  }
}
