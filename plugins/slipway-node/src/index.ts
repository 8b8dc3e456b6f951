/**
 * Interfaces that Slipway backend modules implement: runtimes, routers and build executors.
 *
 * @packageDocumentation
 */
export * from './runtime/types';
export * from './routing/types';
export * from './build/types';
export * from './extensions';
export * from './permissions/rules';
export * from './permissions/pipelineRules';
export * from './events/slipwayEvents';
