import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SlipwayClient } from '@slipway/plugin-slipway-common';
import type { JSX } from 'react';
import { slipwayApiRef } from './api';
import {
  createAppRouteRef,
  entityContentRouteRef,
  pipelinesRouteRef,
  rootRouteRef,
} from './routes';

/** The Slipway frontend plugin for the legacy frontend system. */
export const slipwayPlugin = createPlugin({
  id: 'slipway',
  apis: [
    createApiFactory({
      api: slipwayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SlipwayClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
    pipelines: pipelinesRouteRef,
  },
  externalRoutes: { createApp: createAppRouteRef },
});

/** The apps overview page; mount it at `/slipway`. */
export const SlipwayAppsPage: () => JSX.Element = slipwayPlugin.provide(
  createRoutableExtension({
    name: 'SlipwayAppsPage',
    component: () => import('./components/apps/AppsPage').then(m => m.AppsPage),
    mountPoint: rootRouteRef,
  }),
);

/** Pipelines: the list, and each pipeline's stages, promotion and approvals; mount it at `/slipway/pipelines`. */
export const SlipwayPipelinesPage: () => JSX.Element = slipwayPlugin.provide(
  createRoutableExtension({
    name: 'SlipwayPipelinesPage',
    component: () =>
      import('./components/pipelines/PipelinesPage').then(m => m.PipelinesPage),
    mountPoint: pipelinesRouteRef,
  }),
);

/**
 * The Slipway tab of an app's entity page (overview, releases, config, scale,
 * domains, logs, builds, activity, settings). Show it only where `isSlipwayApp`.
 */
export const EntitySlipwayContent: () => JSX.Element = slipwayPlugin.provide(
  createRoutableExtension({
    name: 'EntitySlipwayContent',
    component: () =>
      import('./components/entity/EntitySlipwayContent').then(
        m => m.EntitySlipwayContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/** The app's overview card for the entity's Overview tab. */
export const EntitySlipwayOverviewCard: () => JSX.Element =
  slipwayPlugin.provide(
    createComponentExtension({
      name: 'EntitySlipwayOverviewCard',
      component: {
        lazy: () =>
          import('./components/entity/EntitySlipwayOverviewCard').then(
            m => m.EntitySlipwayOverviewCard,
          ),
      },
    }),
  );

/** DORA's four figures: put it on an app's Overview tab (where `isSlipwayApp`) or on a Group's page. */
export const EntitySlipwayDeliveryCard: () => JSX.Element =
  slipwayPlugin.provide(
    createComponentExtension({
      name: 'EntitySlipwayDeliveryCard',
      component: {
        lazy: () =>
          import('./components/entity/EntitySlipwayDeliveryCard').then(
            m => m.EntitySlipwayDeliveryCard,
          ),
      },
    }),
  );
