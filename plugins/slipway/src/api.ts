import { createApiRef } from '@backstage/core-plugin-api';
import type { SlipwayApi } from '@slipway/plugin-slipway-common';

/** The Slipway API client, shared by the legacy and the new frontend system. */
export const slipwayApiRef = createApiRef<SlipwayApi>({ id: 'plugin.slipway' });
