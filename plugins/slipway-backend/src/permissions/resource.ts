import type { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  SLIPWAY_APP_RESOURCE_TYPE,
  slipwayPermissions,
} from '@slipway/plugin-slipway-common';
import {
  isAppOwnerRule,
  type SlipwayAppFilter,
  type SlipwayAppResource,
} from '@slipway/plugin-slipway-node';
import type { AppStore } from '../ledger/AppStore';

/** The app resource type of the permission framework; resource refs are app names. */
export const slipwayAppResourceRef = createPermissionResourceRef<
  SlipwayAppResource,
  SlipwayAppFilter
>().with({ pluginId: 'slipway', resourceType: SLIPWAY_APP_RESOURCE_TYPE });

/** Lets policies use IS_APP_OWNER on apps, and the permission backend load apps to evaluate it. */
export function registerAppResourceType(
  registry: PermissionsRegistryService,
  apps: Pick<AppStore, 'getMany'>,
): void {
  registry.addResourceType({
    resourceRef: slipwayAppResourceRef,
    permissions: slipwayPermissions,
    rules: [isAppOwnerRule],
    getResources: async names => {
      const found = new Map(
        (await apps.getMany(names)).map(app => [app.name, app]),
      );
      return names.map(name => {
        const app = found.get(name);
        return app && { name: app.name, owner: app.owner };
      });
    },
  });
}
