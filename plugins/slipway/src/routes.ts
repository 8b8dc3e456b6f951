import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The apps overview page (`/slipway`). */
export const rootRouteRef = createRouteRef({ id: 'slipway' });

/** Pipelines (`/slipway/pipelines`, one at `/slipway/pipelines/:name`). */
export const pipelinesRouteRef = createRouteRef({ id: 'slipway:pipelines' });

/** The Slipway tab of an app's catalog entity page. */
export const entityContentRouteRef = createRouteRef({
  id: 'slipway:entity-content',
});

/** Where "Create app" leads: the scaffolder (its templates create apps). Falls back to `/create`. */
export const createAppRouteRef = createExternalRouteRef({
  id: 'slipway:create-app',
  optional: true,
  defaultTarget: 'scaffolder.root',
});
