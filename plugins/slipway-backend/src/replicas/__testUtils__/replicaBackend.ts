/*
 * One Slipway backend replica as its own process (so that a test can kill it with SIGKILL):
 * Backstage's production backend (createBackend: real HTTP stack, scheduler, WebSockets) with
 * the events backend (its bus carries events between replicas) and the signals backend, runtime
 * kubernetes, on the PostgreSQL database and config given as JSON in SLIPWAY_REPLICA (see
 * startReplica); credentials are mock tokens, as in other tests. Prints `listening <port>
 * <instanceId>` when it serves. Run with `node --require @backstage/cli/config/nodeTransform.cjs`.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import knexFactory, { type Knex } from 'knex';
import { slipwayPlugin } from '../../plugin';
import { freePort } from '../../routing/builtin/testing/http';

/**
 * Slipway's tables on the test's database (the test reads them); every other plugin's in its own
 * schema there, as Backstage gives each plugin its own database (their migrations must not meet).
 */
function pluginDatabases(connection: object | string, slipway: Knex) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    async factory({ pluginMetadata }) {
      const id = pluginMetadata.getId();
      let client = slipway;
      if (id !== 'slipway') {
        await slipway.raw('CREATE SCHEMA IF NOT EXISTS ??', [id]);
        client = knexFactory({ client: 'pg', connection, searchPath: [id] });
      }
      return { getClient: async () => client };
    },
  });
}

async function main() {
  const { connection, config, others } = JSON.parse(
    process.env.SLIPWAY_REPLICA!,
  );
  const knex = knexFactory({ client: 'pg', connection });
  const port = await freePort();
  const backend = createBackend();
  for (const feature of [
    pluginDatabases(connection, knex),
    mockServices.rootLogger.factory({ level: 'warn' }),
    mockServices.rootConfig.factory({
      data: {
        ...config,
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
        },
      },
    }),
    mockServices.auth.factory(),
    mockServices.httpAuth.factory(),
    mockServices.userInfo.factory(),
    mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
  ]) {
    backend.add(feature);
  }
  backend.add(import('@backstage/plugin-events-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));
  backend.add(slipwayPlugin);
  await backend.start();
  // This process's heartbeat: the one of no replica started before (the test starts them in turn).
  const leases = await knex('slipway_leases')
    .where('name', 'like', 'instance:%')
    .whereNotIn(
      'name',
      (others as string[]).map(id => `instance:${id}`),
    );
  process.stdout.write(
    `listening ${port} ${leases[0].name.slice('instance:'.length)}\n`,
  );
  process.on('SIGTERM', () => {
    void backend.stop().finally(() => process.exit(0));
  });
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
