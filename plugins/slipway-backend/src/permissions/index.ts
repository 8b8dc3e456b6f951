export { AppAuthorizer } from './AppAuthorizer';
export { registerAppResourceType, slipwayAppResourceRef } from './resource';
