export { SandboxNetwork } from './SandboxNetwork';
export { findNetworkPrograms, type NetworkPrograms } from './programs';
export { readRouterPorts } from './routerPorts';
export { resolverProblem } from './resolver';
