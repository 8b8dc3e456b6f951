/**
 * Scaffolder actions for Slipway apps.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSlipway as default } from './module';
export * from './actions';
