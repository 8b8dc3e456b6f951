import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { slipwayEventsServiceRef } from '@slipway/plugin-slipway-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import { testCatalog } from '../../api/__testUtils__/startSlipway';
import { slipwayPlugin } from '../../plugin';

/**
 * The features of a test backend running Slipway on the embedded platform (local runtime, builtin router on the
 * given ports), with every permission allowed, the tests' catalog (users and teams) and app change events dropped (the
 * catalog module is not part of it).
 */
export function embeddedBackendFeatures(options: {
  knex: Knex;
  dataDir: string;
  httpPort: number;
  httpsPort: number;
}) {
  return [
    slipwayPlugin,
    mockServices.database.factory({ knex: options.knex }),
    mockServices.rootConfig.factory({
      data: {
        slipway: {
          dataDir: options.dataDir,
          encryptionKey: Buffer.alloc(32, 9).toString('base64'),
          reconcileInterval: { minutes: 10 },
          builtin: { httpPort: options.httpPort, httpsPort: options.httpsPort },
          local: { drainSeconds: 1, stopTimeout: 2 },
        },
      },
    }),
    mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    // Owners are catalog entities: the tests' users and teams (Jane and Ann in ops).
    catalogServiceMock.factory({ entities: testCatalog }),
    createServiceFactory({
      service: slipwayEventsServiceRef,
      deps: {},
      factory: () => ({
        publish: async () => {},
        subscribe: async () => {},
      }),
    }),
  ];
}
