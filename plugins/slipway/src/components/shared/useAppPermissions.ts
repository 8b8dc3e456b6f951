import { usePermission } from '@backstage/plugin-permission-react';
import {
  slipwayAppConfigReadPermission,
  slipwayAppDeletePermission,
  slipwayAppUpdatePermission,
} from '@slipway/plugin-slipway-common';

/** What the signed-in user may do to one app, with the reason to show when they may not. */
export type AppPermissions = {
  loading: boolean;
  canUpdate: boolean;
  canReadConfig: boolean;
  canDelete: boolean;
  /** "Only the owners of myapp can <action>". */
  reason(action: string): string;
};

export function useAppPermissions(app: string): AppPermissions {
  const update = usePermission({
    permission: slipwayAppUpdatePermission,
    resourceRef: app,
  });
  const configRead = usePermission({
    permission: slipwayAppConfigReadPermission,
    resourceRef: app,
  });
  const remove = usePermission({
    permission: slipwayAppDeletePermission,
    resourceRef: app,
  });
  return {
    loading: update.loading || configRead.loading || remove.loading,
    canUpdate: update.allowed,
    canReadConfig: configRead.allowed,
    canDelete: remove.allowed,
    reason: action => `Only the owners of ${app} can ${action}`,
  };
}
