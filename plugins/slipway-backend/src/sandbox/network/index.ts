export { SandboxNetwork, type NetworkSpec } from './SandboxNetwork';
export { sandboxNetwork } from './forSandbox';
export { findNetworkPrograms, type NetworkPrograms } from './programs';
export { readRouterPorts, type RouterPort } from './routerPorts';
export { resolverProblem } from './resolver';
export { hostAddresses } from './hostAddresses';
export { listensInside } from './listening';
export { type NetworkCheck } from './checkInside';
