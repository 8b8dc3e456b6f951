import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  slipwayAppCreatePermission,
  slipwayAppDeletePermission,
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
} from '@slipway/plugin-slipway-common';
import { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';

const owner = {
  info: {
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs: ['user:default/alice', 'group:default/team-a'],
  },
} as PolicyQueryUser;

describe('SlipwayPermissionPolicy', () => {
  const policy = new SlipwayPermissionPolicy();

  it('lets everyone read and create apps', async () => {
    for (const permission of [
      slipwayAppReadPermission,
      slipwayAppCreatePermission,
    ]) {
      expect(await policy.handle({ permission }, owner)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it("leaves changing and deleting an app to the app's owners", async () => {
    for (const permission of [
      slipwayAppUpdatePermission,
      slipwayAppDeletePermission,
    ]) {
      expect(await policy.handle({ permission }, owner)).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'slipway',
        conditions: {
          rule: 'IS_APP_OWNER',
          params: { claims: owner.info.ownershipEntityRefs },
        },
      });
    }
  });

  it('gives a caller without ownership refs no owner claims', async () => {
    expect(
      await policy.handle({ permission: slipwayAppDeletePermission }),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });

  it('allows the permissions of other plugins, as the allow-all policy it replaces', async () => {
    const permission = {
      type: 'basic' as const,
      name: 'catalog.entity.create',
      attributes: { action: 'create' as const },
    };
    expect(await policy.handle({ permission }, owner)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
