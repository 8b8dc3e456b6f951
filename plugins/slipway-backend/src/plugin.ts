import {
  coreServices,
  createBackendPlugin,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  SLIPWAY_APPS_TOPIC,
  SLIPWAY_PIPELINES_TOPIC,
} from '@slipway/plugin-slipway-common';
import {
  slipwayPlatformExtensionPoint,
  type BuildExecutor,
  type TrafficRouter,
  type Runtime,
  slipwayEventsServiceRef,
} from '@slipway/plugin-slipway-node';
import express from 'express';
import path from 'node:path';
import { createRouter } from './api';
import { createGitRouter, gitLedgerDeps, GitRepositories } from './git';
import { BuildsInFlight } from './services/identity/BuildsInFlight';
import { BuildFiles } from './services/housekeeping/BuildFiles';
import { errorBodies } from './api/errorBodies';
import { credentialsBarrier } from './api/credentialsBarrier';
import { loadEncryptionKey, SecretBox } from './crypto';
import { Ledger } from './ledger';
import { failureHooks, notificationsNotifier } from './notifications';
import {
  AppAuthorizer,
  CatalogOwnership,
  PipelineAuthorizer,
  registerAppResourceType,
  registerPipelineResourceType,
} from './permissions';
import { createPipelineServices } from './pipelines';
import {
  builtinBuildExecutors,
  builtinRouters,
  builtinRuntimes,
} from './platform/builtins';
import { builderName, selectImplementation } from './platform/selectPlatform';
import { BuildSources, createSourceArchiveRouter } from './git/sourceArchive';
import type { PlatformDeps } from './platform/types';
import { Reconciler } from './reconciler';
import { createServices, type ServiceContext } from './services';
import { AppSignals, signallingReconciler } from './signals';
import { readSourceLimits } from './build/source';

/** `slipway.pipelines.approvalTimeout` (default 24 hours) in milliseconds. */
function readApprovalTimeoutMs(config: RootConfigService): number {
  const key = 'slipway.pipelines.approvalTimeout';
  if (!config.has(key)) return 24 * 60 * 60 * 1000;
  return durationToMilliseconds(readDurationFromConfig(config, { key }));
}

/**
 * The Slipway backend plugin: the ledger, its services and REST API, the reconciler and the git remote.
 *
 * @public
 */
export const slipwayPlugin = createBackendPlugin({
  pluginId: 'slipway',
  register(env) {
    const runtimes = new Map<string, Runtime>();
    const routers = new Map<string, TrafficRouter>();
    const builders = new Map<string, BuildExecutor>();
    env.registerExtensionPoint(slipwayPlatformExtensionPoint, {
      addRuntime: (name, runtime) => runtimes.set(name, runtime),
      addRouter: (name, router) => routers.set(name, router),
      addBuildExecutor: (name, executor) => builders.set(name, executor),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
        events: slipwayEventsServiceRef,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter } = deps;
        const platform: PlatformDeps = {
          config,
          logger,
          dataDir: path.resolve(
            config.getOptionalString('slipway.dataDir') ?? '.slipway',
          ),
          platformDomain:
            config.getOptionalString('slipway.domain') ?? 'localhost',
          buildSources: new BuildSources(),
        };
        const runtimeName =
          config.getOptionalString('slipway.runtime') ?? 'local';
        const runtime = selectImplementation({
          kind: 'runtime',
          configKey: 'slipway.runtime',
          name: runtimeName,
          added: runtimes,
          builtins: builtinRuntimes,
          deps: platform,
        });
        const router = selectImplementation({
          kind: 'router',
          configKey: 'slipway.router',
          name: config.getOptionalString('slipway.router') ?? 'builtin',
          added: routers,
          builtins: builtinRouters,
          deps: platform,
        });
        const buildExecutor = selectImplementation({
          kind: 'build executor',
          configKey: 'slipway.builder',
          name: builderName(
            runtimeName,
            config.getOptionalString('slipway.builder'),
          ),
          added: builders,
          builtins: builtinBuildExecutors,
          deps: platform,
        });

        const box = new SecretBox(
          loadEncryptionKey({ config, dataDir: platform.dataDir, logger }),
        );
        const ledger = await Ledger.create({ database: deps.database, box });
        registerAppResourceType(deps.permissionsRegistry, ledger.apps);
        registerPipelineResourceType(
          deps.permissionsRegistry,
          ledger.pipelines,
        );
        const notifier = notificationsNotifier(deps.notifications, logger);
        // Failed releases and builds are told to the app's owners.
        const failures = failureHooks(ledger, notifier);
        // For the catalog module's delta mutations; a lost event is repaired by its next full sync.
        const publishChange = async (
          topic: string,
          eventPayload: { action: string } & Record<string, string>,
        ) => {
          try {
            await deps.events.publish({ topic, eventPayload });
          } catch (error) {
            logger.warn(
              `Could not publish ${JSON.stringify(
                eventPayload,
              )} to ${topic}: ${error}`,
            );
          }
        };
        const reconciler = new Reconciler({
          ledger,
          runtime,
          router,
          logger,
          onReleaseFailed: failures.onReleaseFailed,
        });
        // Pushes whose builds run here: a transfer, a revoke or a delete stops them.
        const buildsInFlight = new BuildsInFlight();
        const serviceContext: ServiceContext = {
          ledger,
          buildsInFlight,
          authorizer: new AppAuthorizer(
            deps.permissions,
            deps.permissionsRegistry,
          ),
          // Open portal pages refetch when an app changes (signals), polling as a fallback.
          reconciler: signallingReconciler(
            reconciler,
            new AppSignals(deps.signals, logger),
          ),
          runtime,
          runtimeName,
          router,
          logger,
          platformDomain: platform.platformDomain,
          defaultCluster:
            config.getOptionalString('slipway.defaultCluster') ??
            (runtimeName === 'local' ? 'local' : 'default'),
          gitBaseUrl: async () =>
            `${await deps.discovery.getExternalBaseUrl('slipway')}/git`,
          publishAppChange: (action, app) =>
            publishChange(SLIPWAY_APPS_TOPIC, { action, app }),
          publishPipelineChange: (action, pipeline) =>
            publishChange(SLIPWAY_PIPELINES_TOPIC, { action, pipeline }),
          onBuildFailed: failures.onBuildFailed,
          now: () => new Date(),
          ownership: new CatalogOwnership(deps.catalog, deps.auth),
          platformRegistry: config
            .getOptionalString('slipway.kubernetes.registry.server')
            ?.replace(/^[a-z]+:\/\//i, ''),
          deployTokens: {
            ttlMs: optionalDurationMs(config, 'slipway.git.tokenTtl'),
            maxTtlMs: optionalDurationMs(config, 'slipway.git.maxTokenTtl'),
          },
        };
        const services = createServices(serviceContext);
        const pipelines = createPipelineServices({
          ...serviceContext,
          pipelineAuthorizer: new PipelineAuthorizer(
            deps.permissions,
            deps.permissionsRegistry,
          ),
          notifier,
          auditor: deps.auditor,
          approvalTimeoutMs: readApprovalTimeoutMs(config),
        });
        // A destroyed app leaves its pipeline and takes its promotions along.
        services.apps.onDelete(async app => {
          await ledger.promotions.deleteApp(app);
          await ledger.pipelines.decouple(app);
        });
        await deps.scheduler.scheduleTask({
          id: 'slipway-promotion-expiry',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          fn: async () => {
            await pipelines.promotions.expireDue();
          },
        });

        // A build whose backend stopped stays `pending` until this fails it, past the longest a build can take.
        await deps.scheduler.scheduleTask({
          id: 'slipway-abandoned-builds',
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          fn: async () => {
            await services.builds.failAbandoned(
              buildExecutor.maxBuildMs ?? 3_600_000,
            );
          },
        });

        deps.lifecycle.addShutdownHook(async () => {
          await reconciler.stop();
          await runtime.close?.();
          await router.close?.();
        });
        // A rolling restart may move web processes outside a reconcile; route to where they are now.
        runtime.onUpstreamChange?.((app, upstream) =>
          reconciler.setUpstream(app, upstream),
        );
        // The git remote authenticates pushes itself (HTTP Basic with a deploy token).
        const repositories = new GitRepositories(platform.dataDir);
        services.apps.onDelete(app => repositories.removeRepository(app));
        // Delete means gone: the build cache and the slugs no other app names go with the app,
        // and a new app of that name starts without anything an earlier one left.
        const buildFiles = new BuildFiles(ledger, platform.dataDir);
        services.apps.onDelete(async app => {
          await buildFiles.removeApp(app);
        });
        // A transfer drops the cache too: the old owner's builds (even cancelled ones) wrote it.
        services.apps.onTransfer(app => buildFiles.removeCache(app));
        services.apps.onLeftovers(async app => {
          await repositories.removeRepository(app);
          await buildFiles.removeApp(app);
        });
        // Slugs no build names any more (e.g. left by a backend that stopped mid-delete).
        await deps.scheduler.scheduleTask({
          id: 'slipway-slug-collection',
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          fn: async () => {
            const removed = await buildFiles.collect(
              new Date(),
              // Past the longest a build can take: a slug is stored just before its build is recorded.
              (buildExecutor.maxBuildMs ?? 3_600_000) + 10 * 60_000,
            );
            if (removed.length > 0)
              logger.info(`Removed ${removed.length} unreferenced slug(s)`);
          },
        });
        // Slipway checks credentials itself, so that its 401s carry no stack (see credentialsBarrier).
        httpRouter.use(
          credentialsBarrier({
            httpAuth: deps.httpAuth,
            config,
            logger,
            open: ['/git', '/build-sources', '/health'],
          }),
        );
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        const gitRemote = express.Router();
        gitRemote.use(
          '/git',
          createGitRouter({
            dataDir: platform.dataDir,
            logger: logger.child({ component: 'git' }),
            buildExecutor,
            maxPushBytes: config.getOptionalNumber('slipway.git.maxPushBytes'),
            sourceLimits: readSourceLimits(config),
            buildsInFlight,
            ...gitLedgerDeps({ ledger, services, reconciler, router }),
          }),
        );
        gitRemote.use(errorBodies(logger));
        httpRouter.use(gitRemote);
        // Build Jobs fetch their source with a single-use token of their own.
        httpRouter.use(createSourceArchiveRouter(platform.buildSources!));

        httpRouter.use(
          await createRouter({
            services,
            pipelines,
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            logger,
          }),
        );

        await reconciler.start(
          deps.scheduler,
          config.has('slipway.reconcileInterval')
            ? readDurationFromConfig(config, {
                key: 'slipway.reconcileInterval',
              })
            : { seconds: 30 },
        );
        logger.info(`Slipway backend started (runtime ${runtimeName})`);
      },
    });
  },
});

/** A duration setting (e.g. `{ days: 30 }` or `P30D`) in milliseconds, if set. */
function optionalDurationMs(config: Config, key: string): number | undefined {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : undefined;
}
