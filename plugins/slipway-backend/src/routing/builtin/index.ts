export { createBuiltinRouter } from './createBuiltinRouter';
export { BuiltinRouter } from './BuiltinRouter';
export type { BuiltinRouterSettings } from './config';
