/**
 * Slipway's portal surfaces: entity page content and cards, action buttons and the apps page.
 *
 * @packageDocumentation
 */
export { slipwayPlugin } from './plugin';
export { slipwayApiRef } from './api';
