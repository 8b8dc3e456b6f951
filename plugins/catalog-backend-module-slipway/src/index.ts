/**
 * Catalog entity provider for Slipway apps.
 *
 * @packageDocumentation
 */
export { catalogModuleSlipway as default } from './module';
