import type { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  slipwayPermissions,
} from '@slipway/plugin-slipway-common';
import {
  createSlipwayAppConditionalDecision,
  isAppOwnerRule,
  slipwayAppConditions,
} from '@slipway/plugin-slipway-node';
import {
  AppAuthorizer,
  registerAppResourceType,
  slipwayAppResourceRef,
} from '.';

function fakeRegistry() {
  const added: any[] = [];
  const registry = {
    addResourceType: (options: any) => added.push(options),
    getPermissionRuleset: () => ({ getRuleByName: () => isAppOwnerRule }),
  } as unknown as PermissionsRegistryService;
  return { registry, added };
}

describe('the app resource type', () => {
  it('registers the permissions, the owner rule and a loader of apps by name', async () => {
    const { registry, added } = fakeRegistry();
    registerAppResourceType(registry, {
      getMany: async (names: string[]) =>
        names
          .filter(n => n === 'shop')
          .map(name => ({ name, owner: 'user:default/jane' } as any)),
    });
    expect(added).toHaveLength(1);
    expect(added[0].resourceRef).toBe(slipwayAppResourceRef);
    expect(added[0].permissions).toEqual(slipwayPermissions);
    expect(added[0].rules).toEqual([isAppOwnerRule]);
    expect(await added[0].getResources(['nope', 'shop'])).toEqual([
      undefined,
      { name: 'shop', owner: 'user:default/jane' },
    ]);
  });

  it('matches owners case-insensitively, in memory and as a query', () => {
    expect(
      isAppOwnerRule.apply(
        { name: 'shop', owner: 'group:default/team-a' },
        { claims: ['Group:default/Team-A'] },
      ),
    ).toBe(true);
    expect(
      isAppOwnerRule.apply(
        { name: 'shop', owner: 'group:default/team-a' },
        { claims: ['user:default/bob'] },
      ),
    ).toBe(false);
    expect(isAppOwnerRule.toQuery({ claims: ['User:default/Jane'] })).toEqual({
      property: 'owner',
      values: ['user:default/jane'],
    });
  });
});

describe('AppAuthorizer', () => {
  const credentials = mockCredentials.user('user:default/jane');

  it('turns conditional read decisions into an app filter', async () => {
    const { registry } = fakeRegistry();
    const decision = createSlipwayAppConditionalDecision(
      slipwayAppReadPermission,
      slipwayAppConditions.isAppOwner({ claims: ['user:default/jane'] }),
    );
    const permissions = {
      authorize: async () => [{ result: AuthorizeResult.DENY }],
      authorizeConditional: async () => [decision],
    };
    const authorizer = new AppAuthorizer(permissions as any, registry);
    expect(await authorizer.readFilter(credentials)).toEqual({
      property: 'owner',
      values: ['user:default/jane'],
    });
  });

  it('says all or none for definitive decisions, and throws NotAllowedError when denied', async () => {
    const { registry } = fakeRegistry();
    const answer = (result: AuthorizeResult) =>
      new AppAuthorizer(
        {
          authorize: async () => [{ result }],
          authorizeConditional: async () => [{ result }],
        } as any,
        registry,
      );
    expect(await answer(AuthorizeResult.ALLOW).readFilter(credentials)).toBe(
      'all',
    );
    expect(await answer(AuthorizeResult.DENY).readFilter(credentials)).toBe(
      'none',
    );
    await expect(
      answer(AuthorizeResult.ALLOW).require(
        credentials,
        slipwayAppUpdatePermission,
        'shop',
      ),
    ).resolves.toBeUndefined();
    const denied = answer(AuthorizeResult.DENY);
    await expect(
      denied.require(credentials, slipwayAppUpdatePermission, 'shop'),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      denied.require(credentials, slipwayAppUpdatePermission, 'shop'),
    ).rejects.toThrow(
      'You are not allowed to update app "shop" (slipway.app.update)',
    );
    await expect(denied.requireCreate(credentials)).rejects.toThrow(
      /not allowed to create apps/,
    );
  });
});
