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
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
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

/** DORA's four figures: an app's on its Overview tab, a team's on a Group's page. */
const deliveryCard = EntityCardBlueprint.make({
  name: 'delivery',
  params: {
    filter: entity => isSlipwayApp(entity) || entity.kind === 'Group',
    loader: () =>
      import('./components/entity/EntitySlipwayDeliveryCard').then(m => (
        <m.EntitySlipwayDeliveryCard />
      )),
  },
});

/**
 * `ui:field: SlipwayAppName` in templates: the app name, checked against existing apps as it is
 * typed and again when the step is submitted (so a taken name never reaches Create).
 */
const appNameField = FormFieldBlueprint.make({
  name: 'app-name',
  params: {
    field: async () => {
      const [{ AppNameField }, { appNameUnavailable }] = await Promise.all([
        import('./components/scaffolder/AppNameField'),
        import('./components/scaffolder/validateAppName'),
      ]);
      return createFormField({
        name: 'SlipwayAppName',
        component: AppNameField,
        validation: async (value, validation, { apiHolder }) => {
          const api = apiHolder.get(slipwayApiRef);
          if (typeof value !== 'string' || !api) return;
          const problem = await appNameUnavailable(api, value);
          if (problem) validation.addError(problem);
        },
      });
    },
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
    deliveryCard,
    appNameField,
  ],
});
