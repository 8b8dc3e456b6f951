import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { SlipwayClient } from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from './api';

const slipwayApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: slipwayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SlipwayClient({ discoveryApi, fetchApi }),
    }),
});

/** The Slipway frontend plugin for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'slipway',
  extensions: [slipwayApi],
});
