export { Reconciler } from './Reconciler';
export { desiredStateOf } from './desiredState';
export { buildRouteTable } from './routeTable';
