import type {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  createConditionTransformer,
  type ConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  slipwayAppConfigReadPermission,
  slipwayAppCreatePermission,
  slipwayAppReadPermission,
  type SlipwayAppPermission,
} from '@slipway/plugin-slipway-common';
import type { SlipwayAppFilter } from '@slipway/plugin-slipway-node';
import type { AppFilter } from '../ledger';
import { slipwayAppResourceRef } from './resource';

/** Asks the permission framework whether a caller may do something to an app. */
export class AppAuthorizer {
  private readonly toQuery: ConditionTransformer<SlipwayAppFilter>;

  constructor(
    private readonly permissions: PermissionsService,
    registry: PermissionsRegistryService,
  ) {
    this.toQuery = createConditionTransformer(
      registry.getPermissionRuleset(slipwayAppResourceRef),
    );
  }

  /** Whether the caller may do `permission` to `app`. */
  async allowed(
    credentials: BackstageCredentials,
    permission: SlipwayAppPermission,
    app: string,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: app }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Whether the caller may see `app`'s config values: users allowed `slipway.app.config.read`.
   * Services (e.g. the catalog module) never see values unless they act for such a user.
   */
  async mayReadValues(
    credentials: BackstageCredentials,
    app: string,
  ): Promise<boolean> {
    return (await this.mayReadValuesOf(credentials, [app])).has(app);
  }

  /** Those of `apps` whose config values the caller may see, asked in one permission request. */
  async mayReadValuesOf(
    credentials: BackstageCredentials,
    apps: string[],
  ): Promise<Set<string>> {
    const principal = credentials.principal as { type?: string };
    if (principal.type !== 'user' || apps.length === 0) return new Set();
    const decisions = await this.permissions.authorize(
      apps.map(app => ({
        permission: slipwayAppConfigReadPermission,
        resourceRef: app,
      })),
      { credentials },
    );
    return new Set(
      apps.filter((_app, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }

  /** Those of `apps` the caller may do `permission` to, asked in one permission request. */
  async allowedOf(
    credentials: BackstageCredentials,
    permission: SlipwayAppPermission,
    apps: string[],
  ): Promise<Set<string>> {
    if (apps.length === 0) return new Set();
    const decisions = await this.permissions.authorize(
      apps.map(app => ({ permission, resourceRef: app })),
      { credentials },
    );
    return new Set(
      apps.filter((_app, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }

  /** Throws NotAllowedError unless the caller may do `permission` to `app`. */
  async require(
    credentials: BackstageCredentials,
    permission: SlipwayAppPermission,
    app: string,
  ): Promise<void> {
    if (!(await this.allowed(credentials, permission, app))) {
      throw new NotAllowedError(
        `You are not allowed to ${
          permission.attributes.action ?? 'use'
        } app "${app}" (${permission.name})`,
      );
    }
  }

  /** Throws NotAllowedError unless the caller may create apps. */
  async requireCreate(credentials: BackstageCredentials): Promise<void> {
    const permission: BasicPermission = slipwayAppCreatePermission;
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to create apps (${permission.name})`,
      );
    }
  }

  /**
   * Which apps the caller may read: `'all'`, `'none'`, or a filter the app store turns into SQL
   * (from the policy's conditions, through each rule's toQuery).
   */
  async readFilter(
    credentials: BackstageCredentials,
  ): Promise<'all' | 'none' | AppFilter> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: slipwayAppReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return 'all';
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return toAppFilter(this.toQuery(decision.conditions));
    }
    return 'none';
  }
}

/** Turns permission conditions on owners (apps' or pipelines') into a filter the stores turn into SQL. */
export function toAppFilter(
  criteria: PermissionCriteria<SlipwayAppFilter>,
): AppFilter {
  if ('allOf' in criteria) return { allOf: criteria.allOf.map(toAppFilter) };
  if ('anyOf' in criteria) return { anyOf: criteria.anyOf.map(toAppFilter) };
  if ('not' in criteria) return { not: toAppFilter(criteria.not) };
  return criteria;
}
