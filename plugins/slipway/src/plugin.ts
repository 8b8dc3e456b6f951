import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SlipwayClient } from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from './api';

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
});
