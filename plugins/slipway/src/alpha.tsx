import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AppsIcon from '@material-ui/icons/Apps';
import PipelinesIcon from '@material-ui/icons/LinearScale';
import { SlipwayClient } from '@slipway/plugin-slipway-common';
import { isSlipwayApp } from './annotations';
import { slipwayApiRef } from './api';
import {
  createAppRouteRef,
  entityContentRouteRef,
  pipelinesRouteRef,
  rootRouteRef,
} from './routes';

const slipwayApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: slipwayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SlipwayClient({ discoveryApi, fetchApi }),
    }),
});

/** `/slipway`: all apps; its title and icon make the sidebar's "Apps" item (`page:slipway`). */
const appsPage = PageBlueprint.make({
  params: {
    path: '/slipway',
    title: 'Apps',
    icon: <AppsIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The page renders its own header with the filters' context.
    noHeader: true,
    loader: () =>
      import('./components/apps/AppsPage').then(m => <m.AppsPage />),
  },
});

/** `/slipway/pipelines[/:name]`: pipelines, promotion and approvals. */
const pipelinesPage = PageBlueprint.make({
  name: 'pipelines',
  params: {
    path: '/slipway/pipelines',
    title: 'Pipelines',
    icon: <PipelinesIcon />,
    routeRef: convertLegacyRouteRef(pipelinesRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/pipelines/PipelinesPage').then(m => (
        <m.PipelinesPage />
      )),
  },
});

/** The Slipway tab, only on entities that are Slipway apps. */
const entityContent = EntityContentBlueprint.make({
  params: {
    path: '/slipway',
    title: 'Slipway',
    routeRef: convertLegacyRouteRef(entityContentRouteRef),
    filter: isSlipwayApp,
    loader: () =>
      import('./components/entity/EntitySlipwayContent').then(m => (
        <m.EntitySlipwayContent />
      )),
  },
});

/** The app's overview card on the entity's Overview tab. */
const overviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isSlipwayApp,
    loader: () =>
      import('./components/entity/EntitySlipwayOverviewCard').then(m => (
        <m.EntitySlipwayOverviewCard />
      )),
  },
});

/** The Slipway frontend plugin for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'slipway',
  title: 'Slipway',
  icon: <AppsIcon />,
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
    pipelines: pipelinesRouteRef,
  }),
  externalRoutes: convertLegacyRouteRefs({ createApp: createAppRouteRef }),
  extensions: [
    slipwayApi,
    appsPage,
    pipelinesPage,
    entityContent,
    overviewCard,
  ],
});
