/**
 * Catalog entity provider for Slipway apps.
 *
 * @packageDocumentation
 */
export { catalogModuleSlipway as default } from './module';
export { SlipwayEntityProvider } from './provider/SlipwayEntityProvider';
export { appToEntity, SLIPWAY_APP_ANNOTATION } from './provider/appEntity';
