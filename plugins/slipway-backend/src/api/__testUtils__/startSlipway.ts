import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type BackendFeature,
  type BackstageCredentials,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
  type AuthorizePermissionRequest,
  type Permission,
  type PolicyDecision,
  type QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import type { Knex } from 'knex';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { type EventParams } from '@backstage/plugin-events-node';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import {
  SLIPWAY_APP_RESOURCE_TYPE,
  SLIPWAY_PIPELINE_RESOURCE_TYPE,
} from '@slipway/plugin-slipway-common';
import {
  createSlipwayAppConditionalDecision,
  createSlipwayPipelineConditionalDecision,
  slipwayAppConditions,
  slipwayPipelineConditions,
  slipwayPlatformExtensionPoint,
  slipwayEventsServiceRef,
} from '@slipway/plugin-slipway-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  slipwayAppResourceRef,
  slipwayPipelineResourceRef,
} from '../../permissions';
import { slipwayPlugin } from '../../plugin';
import { RecordingRouter, RecordingRuntime } from './recordingPlatform';
import { userApi } from './userApi';

export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/** Callers of the tests and what the test policy lets them do. */
export const users = {
  /** Creates apps and owns them: may do everything to them. */
  jane: 'user:default/jane',
  /** Reads every app, changes none, and does not see config values. */
  bob: 'user:default/bob',
  /** Reads only apps she owns (a conditional decision the ledger turns into SQL). */
  carol: 'user:default/carol',
  /** May do nothing at all. */
  eve: 'user:default/eve',
  /** Reads every app and, with Jane, is a member of group:default/ops (owns what the group owns). */
  ann: 'user:default/ann',
} as const;

/** A group Jane and Ann belong to (for things that need two users with the same rights). */
export const OPS = 'group:default/ops';

/** The caller's ownership refs, as the user info service would report them. */
function claimsOf(userRef: string): string[] {
  return userRef === users.jane || userRef === users.ann
    ? [userRef, OPS]
    : [userRef];
}

/**
 * A policy like the portal's (owners may do everything, others read), plus Carol and Eve.
 * Ownership refs are the user's own ref, as the mock userInfo service reports.
 */
function testPolicy(permission: Permission, userRef: string): PolicyDecision {
  if (userRef === users.eve) return { result: AuthorizeResult.DENY };
  if (isResourcePermission(permission, SLIPWAY_PIPELINE_RESOURCE_TYPE)) {
    if (
      permission.name === 'slipway.pipeline.read' &&
      userRef !== users.carol
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createSlipwayPipelineConditionalDecision(
      permission,
      slipwayPipelineConditions.isPipelineOwner({ claims: claimsOf(userRef) }),
    );
  }
  if (!isResourcePermission(permission, SLIPWAY_APP_RESOURCE_TYPE)) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (permission.name === 'slipway.app.read' && userRef !== users.carol) {
    return { result: AuthorizeResult.ALLOW };
  }
  return createSlipwayAppConditionalDecision(
    permission,
    slipwayAppConditions.isAppOwner({ claims: claimsOf(userRef) }),
  );
}

/**
 * A test double of the permissions service that does what the permission backend does with the
 * policy above: conditional decisions on one app are evaluated with the rules the Slipway plugin
 * registered (so IS_APP_OWNER's apply runs), and authorizeConditional hands the conditions back
 * to the plugin (so its toQuery → SQL path runs). Services may do anything, as in Backstage.
 */
function policyPermissions(knex: Knex) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: { registry: coreServices.permissionsRegistry },
    factory: ({ registry }) => {
      const userOf = (credentials: BackstageCredentials) => {
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        return principal.type === 'user' ? principal.userEntityRef : undefined;
      };
      return {
        async authorize(
          requests: AuthorizePermissionRequest[],
          options?: { credentials: BackstageCredentials },
        ) {
          const user = options?.credentials && userOf(options.credentials);
          const authorizer = createConditionAuthorizer(
            registry.getPermissionRuleset(slipwayAppResourceRef),
          );
          const pipelineAuthorizer = createConditionAuthorizer(
            registry.getPermissionRuleset(slipwayPipelineResourceRef),
          );
          return Promise.all(
            requests.map(async req => {
              if (!user) return { result: AuthorizeResult.ALLOW };
              const decision = testPolicy(req.permission, user);
              if (decision.result !== AuthorizeResult.CONDITIONAL)
                return { result: decision.result };
              const pipeline = isResourcePermission(
                req.permission,
                SLIPWAY_PIPELINE_RESOURCE_TYPE,
              );
              const row = req.resourceRef
                ? await knex(pipeline ? 'slipway_pipelines' : 'slipway_apps')
                    .where({ name: req.resourceRef })
                    .first()
                : undefined;
              const allowed = (pipeline ? pipelineAuthorizer : authorizer)(
                decision,
                row && { name: row.name, owner: row.owner },
              );
              return {
                result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
              };
            }),
          );
        },
        async authorizeConditional(
          requests: QueryPermissionRequest[],
          options?: { credentials: BackstageCredentials },
        ) {
          const user = options?.credentials && userOf(options.credentials);
          return requests.map(req =>
            user
              ? testPolicy(req.permission, user)
              : { result: AuthorizeResult.ALLOW },
          );
        },
      } as PermissionsService;
    },
  });
}

/** A catalog User, member of `groups` (the relations the catalog computes). */
function catalogUser(ref: string, groups: string[] = []): Entity {
  const [, namespace, name] = /^user:([^/]+)\/(.+)$/.exec(ref)!;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace },
    spec: { memberOf: groups },
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}

function catalogGroup(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

/**
 * The catalog of the tests when a test gives none: the users above (Jane and Ann in ops) and the
 * teams tests give apps to. Owners must be catalog entities.
 */
export const testCatalog: Entity[] = [
  catalogUser(users.jane, [OPS]),
  catalogUser(users.ann, [OPS]),
  catalogUser(users.bob),
  catalogUser(users.carol),
  catalogUser(users.eve),
  catalogGroup('ops'),
  catalogGroup('team-a'),
  catalogGroup('team-b'),
  catalogGroup('other-team'),
];

export type Slipway = Awaited<ReturnType<typeof startSlipway>>;

const TABLES = [
  'slipway_apps',
  'slipway_builds',
  'slipway_releases',
  'slipway_domains',
  'slipway_certs',
  'slipway_events',
  'slipway_log_lines',
  'slipway_log_drains',
  'slipway_tokens',
  'slipway_pipelines',
  'slipway_pipeline_apps',
  'slipway_promotions',
  'slipway_request_points',
  'slipway_request_rollups',
  'slipway_process_points',
];

/**
 * One database per database kind and test file (creating PostgreSQL databases is slow);
 * `startSlipway` empties it for every test.
 */
export function testDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let knex: Knex | undefined;
  return async () => {
    knex ??= await databases.init(databaseId);
    return knex;
  };
}

/** Starts the Slipway plugin on an emptied test database, with recording runtime and router. */
export async function startSlipway(options: {
  database: () => Promise<Knex>;
  config?: Record<string, unknown>;
  /** What the catalog holds (users and their groups, for deploy tokens' ownership checks). */
  entities?: Entity[];
  /** More features, e.g. a module that puts middleware in front of the plugin's routes. */
  features?: BackendFeature[];
}) {
  const knex = await options.database();
  if (await knex.schema.hasTable('slipway_apps')) {
    for (const table of TABLES) await knex(table).delete();
  }
  const runtime = new RecordingRuntime();
  const router = new RecordingRouter();
  const published: EventParams[] = [];
  const notifications: NotificationSendOptions[] = [];
  const signals: SignalPayload[] = [];
  const audits: { eventId: string; status: string; meta?: unknown }[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-test-'));

  const platform = createBackendModule({
    pluginId: 'slipway',
    moduleId: 'test-platform',
    register(reg) {
      reg.registerInit({
        deps: { platform: slipwayPlatformExtensionPoint },
        async init({ platform: p }) {
          p.addRuntime('recording', runtime);
          p.addRouter('recording', router);
        },
      });
    },
  });

  // A backend that fails to start leaves no temp dir behind.
  const backend = await startTestBackend({
    features: [
      slipwayPlugin,
      platform,
      policyPermissions(knex),
      catalogServiceMock.factory({
        entities: options.entities ?? testCatalog,
      }),
      ...(options.features ?? []),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          slipway: {
            runtime: 'recording',
            router: 'recording',
            dataDir,
            encryptionKey: ENCRYPTION_KEY,
            domain: 'apps.test',
            defaultCluster: 'local',
            ...options.config,
          },
        },
      }),
      createServiceFactory({
        service: slipwayEventsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (params: EventParams) => {
            published.push(params);
          },
          subscribe: async () => {},
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (sent: NotificationSendOptions) => {
            notifications.push(sent);
          },
        }),
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload) => {
            signals.push(signal);
          },
        }),
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => ({
          createEvent: async (o: { eventId: string; meta?: unknown }) => ({
            success: async () => {
              audits.push({
                eventId: o.eventId,
                status: 'succeeded',
                meta: o.meta,
              });
            },
            fail: async () => {
              audits.push({
                eventId: o.eventId,
                status: 'failed',
                meta: o.meta,
              });
            },
          }),
        }),
      }),
    ],
  }).catch(error => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });

  const server = backend.server;
  const as = (user: string) => userApi(server, user);

  /** Waits until `predicate` holds (polling; the reconciler works asynchronously). */
  const eventually = async <T>(
    fn: () => Promise<T> | T,
    timeoutMs = 10000,
  ): Promise<T> => {
    const start = Date.now();
    for (;;) {
      try {
        return await fn();
      } catch (error) {
        if (Date.now() - start > timeoutMs) throw error;
        await new Promise(r => setTimeout(r, 20));
      }
    }
  };

  /** Waits until the reconciler has rolled out (or failed) every release. */
  /**
   * Waits until no release is pending and the reconciles that follow changes without a release
   * (domains, certs, settings) are over: the runtime and router saw no call for a while.
   */
  const settled = async () => {
    await eventually(async () => {
      expect(
        await knex('slipway_releases').where({ status: 'pending' }),
      ).toEqual([]);
    });
    let seen = '';
    for (;;) {
      const now = `${runtime.applies.length}/${router.tables.length}/${router.applies}`;
      if (now === seen) return;
      seen = now;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  };

  return {
    server,
    knex,
    settled,
    runtime,
    router,
    published,
    notifications,
    signals,
    audits,
    dataDir,
    as,
    service: () => {
      const agent = request(server);
      return {
        get: (url: string) =>
          agent
            .get(`/api/slipway${url}`)
            .set('Authorization', mockCredentials.service.header()),
      };
    },
    eventually,
    stop: async () => {
      await backend.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A snapshot of everything the ledger holds and the platform was told, to prove a rejection changed nothing. */
export async function snapshot(s: Slipway) {
  const rows: Record<string, unknown[]> = {};
  for (const table of TABLES)
    rows[table] = await s.knex(table).select().orderBy(1);
  return {
    rows,
    applies: s.runtime.applies.length,
    created: s.runtime.created.length,
    deleted: s.runtime.deleted.length,
    restarts: s.runtime.restarts.length,
    runs: s.runtime.runs.length,
    tables: s.router.tables.length,
    published: s.published.length,
    notifications: s.notifications.length,
  };
}
