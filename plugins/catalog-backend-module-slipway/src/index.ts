/**
 * Catalog entity provider for Slipway apps.
 *
 * @packageDocumentation
 */
export { catalogModuleSlipway as default } from './module';
export {
  SlipwayEntityProvider,
  SLIPWAY_APPS_TOPIC,
  SLIPWAY_PIPELINES_TOPIC,
  type SlipwayAppsEvent,
  type SlipwayPipelinesEvent,
} from './provider/SlipwayEntityProvider';
export { appToEntity, SLIPWAY_APP_ANNOTATION } from './provider/appEntity';
