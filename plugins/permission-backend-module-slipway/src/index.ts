/**
 * Slipway's permission policy as a backend module of the permission plugin.
 *
 * @packageDocumentation
 */
export { permissionModuleSlipwayPolicy as default } from './module';
export { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';
