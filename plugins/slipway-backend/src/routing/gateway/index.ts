export { createGatewayRouter } from './createGatewayRouter';
export { GatewayRouter } from './GatewayRouter';
