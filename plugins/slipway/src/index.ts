/**
 * Slipway's portal surfaces: entity page content and cards, action buttons and the apps page.
 *
 * @packageDocumentation
 */
export {
  slipwayPlugin,
  SlipwayAppsPage,
  SlipwayPipelinesPage,
  EntitySlipwayContent,
  EntitySlipwayOverviewCard,
  EntitySlipwayDeliveryCard,
} from './plugin';
export { slipwayApiRef } from './api';
export { isSlipwayApp, SLIPWAY_APP_ANNOTATION } from './annotations';
