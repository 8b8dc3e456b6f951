export { Reconciler } from './Reconciler';
export type { ReleaseOutcome } from './ReleaseWaiters';
export { desiredStateOf } from './desiredState';
export { buildRouteTable } from './routeTable';
