import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The resource type of Slipway apps in the permission framework; the resource ref is the app name. */
export const SLIPWAY_APP_RESOURCE_TYPE = 'slipway-app';

export type SlipwayAppPermission = ResourcePermission<
  typeof SLIPWAY_APP_RESOURCE_TYPE
>;

/** Create an app (there is no app yet, so this is a basic permission). */
export const slipwayAppCreatePermission = createPermission({
  name: 'slipway.app.create',
  attributes: { action: 'create' },
});

/** See an app, its releases, processes, domains, certs (never private keys), settings and events. */
export const slipwayAppReadPermission = createPermission({
  name: 'slipway.app.read',
  attributes: { action: 'read' },
  resourceType: SLIPWAY_APP_RESOURCE_TYPE,
});

/** Deploy, change config, scale, restart, roll back, run, domains, certs, settings, tokens, transfer. */
export const slipwayAppUpdatePermission = createPermission({
  name: 'slipway.app.update',
  attributes: { action: 'update' },
  resourceType: SLIPWAY_APP_RESOURCE_TYPE,
});

/** Destroy an app and everything it owns. */
export const slipwayAppDeletePermission = createPermission({
  name: 'slipway.app.delete',
  attributes: { action: 'delete' },
  resourceType: SLIPWAY_APP_RESOURCE_TYPE,
});

/** See config values (without it, values are masked). */
export const slipwayAppConfigReadPermission = createPermission({
  name: 'slipway.app.config.read',
  attributes: { action: 'read' },
  resourceType: SLIPWAY_APP_RESOURCE_TYPE,
});

export const slipwayPermissions = [
  slipwayAppCreatePermission,
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  slipwayAppDeletePermission,
  slipwayAppConfigReadPermission,
];

/** The name of the rule that matches when the caller's ownership refs include the app's owner. */
export const IS_APP_OWNER_RULE = 'IS_APP_OWNER';
