import { fetchApiRef, identityApiRef } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { SlipwayClient } from '@slipway/plugin-slipway-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { slipwayApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { BASE_URL, TEST_TOKEN } from './fakeSlipway';
import type { FakeSignals } from './fakeSignals';

/** The catalog of the tests: owners to pick (Transfer ownership). */
export const testCatalog: Entity[] = [
  ...['team-a', 'team-b'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'team',
      profile: { displayName: `Team ${name.slice(-1).toUpperCase()}` },
    },
  })),
  ...['jane', 'ann'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName: name[0].toUpperCase() + name.slice(1) } },
  })),
];

/** Which Slipway permissions the signed-in test user has (all by default). */
export type Grants = {
  update?: boolean;
  configRead?: boolean;
  delete?: boolean;
};

const PERMISSION_OF: Record<string, keyof Grants> = {
  'slipway.app.update': 'update',
  'slipway.app.config.read': 'configRead',
  'slipway.app.delete': 'delete',
};

/** Renders UI in a test app wired to the fake backend at BASE_URL (mocked with msw). */
export async function renderWithSlipway(
  element: ReactElement,
  options: {
    grants?: Grants;
    routeEntries?: string[];
    ownershipEntityRefs?: string[];
    /** The signals plugin; without it, views fall back to polling. */
    signals?: FakeSignals;
  } = {},
) {
  const grants: Grants = {
    update: true,
    configRead: true,
    delete: true,
    ...options.grants,
  };
  // Like Backstage's fetch API: every request carries the user's credentials.
  const fetchApi = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('Authorization', `Bearer ${TEST_TOKEN}`);
      return fetch(input, { ...init, headers });
    },
  };
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          slipwayApiRef,
          new SlipwayClient({
            discoveryApi: { getBaseUrl: async () => BASE_URL },
            fetchApi,
          }),
        ],
        [fetchApiRef, fetchApi],
        [catalogApiRef, catalogApiMock({ entities: testCatalog })],
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request => {
              const grant = PERMISSION_OF[request.permission.name];
              return !grant || grants[grant]
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY;
            },
          }),
        ],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/jane',
            ownershipEntityRefs: options.ownershipEntityRefs ?? [
              'user:default/jane',
              'group:default/team-a',
            ],
          }),
        ],
      ]}
    >
      {/* usePermission caches answers in SWR; a fresh cache per render keeps tests independent. */}
      <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/slipway': rootRouteRef,
      },
    },
  );
}
