import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  RecordingRouter,
  RecordingRuntime,
} from '../../api/__testUtils__/recordingPlatform';
import { SecretBox } from '../../crypto';
import { Ledger } from '../../ledger';
import type { AppAuthorizer } from '../../permissions';
import { Reconciler } from '../../reconciler';
import { createServices, type ServiceContext } from '..';

const TABLES = [
  'slipway_apps',
  'slipway_builds',
  'slipway_releases',
  'slipway_domains',
  'slipway_certs',
  'slipway_events',
  'slipway_tokens',
  'slipway_pipelines',
  'slipway_pipeline_apps',
  'slipway_promotions',
  'slipway_acme_domains',
  'slipway_acme_accounts',
];

/**
 * An authorizer that allows everything: these tests are about rules, not permissions (see
 * api/permissions.test.ts). `mayReadValues: false` makes a caller who may not see config values.
 */
export function allowAll(options: { mayReadValues?: boolean } = {}) {
  return {
    allowed: async () => true,
    allowedOf: async (_credentials: unknown, _p: unknown, apps: string[]) =>
      new Set(apps),
    mayReadValues: async () => options.mayReadValues ?? true,
    mayReadValuesOf: async (_credentials: unknown, apps: string[]) =>
      new Set(options.mayReadValues ?? true ? apps : []),
    require: async () => {},
    requireCreate: async () => {},
    readFilter: async () => 'all' as const,
  } as unknown as AppAuthorizer;
}

/** The services and reconciler over a real (emptied) database, with recording runtime and router. */
export async function testServices(
  knex: Knex,
  options: Partial<
    Pick<
      ServiceContext,
      | 'ownership'
      | 'deployTokens'
      | 'now'
      | 'authorizer'
      | 'autoTlsUnavailable'
      | 'requestMetrics'
    >
  > = {},
) {
  const box = new SecretBox(Buffer.alloc(32, 5));
  const ledger = await Ledger.create({
    database: { getClient: async () => knex },
    box,
  });
  for (const table of TABLES) await knex(table).delete();
  const runtime = new RecordingRuntime();
  const router = new RecordingRouter();
  const logger = mockServices.logger.mock();
  const reconciler = new Reconciler({ ledger, runtime, router, logger });
  const published: { action: string; app: string }[] = [];
  const publishedPipelines: { action: string; pipeline: string }[] = [];
  const context: ServiceContext = {
    ledger,
    authorizer: allowAll(),
    reconciler,
    runtime,
    runtimeName: 'local',
    router,
    logger,
    platformDomain: 'apps.test',
    defaultCluster: 'local',
    gitBaseUrl: async () => 'http://localhost:7007/api/slipway/git',
    publishAppChange: async (action, app) => {
      published.push({ action, app });
    },
    publishPipelineChange: async (action, pipeline) => {
      publishedPipelines.push({ action, pipeline });
    },
    now: () => new Date(),
    ...options,
  };
  const services = createServices(context);
  const jane = mockCredentials.user('user:default/jane');
  return {
    context,
    ledger,
    runtime,
    router,
    reconciler,
    services,
    published,
    publishedPipelines,
    jane,
    knex,
    logger,
  };
}
