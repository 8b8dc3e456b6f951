import {
  coreServices,
  createBackendPlugin,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
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
import { registerActions } from './actions';
import { createRouter } from './api';
import { createGitRouter, gitLedgerDeps, GitRepositories } from './git';
import { BuildsInFlight } from './services/identity/BuildsInFlight';
import { BuildFiles } from './services/housekeeping/BuildFiles';
import { readMetricsSettings } from './metrics/config';
import { MetricsWriter } from './metrics/MetricsWriter';
import { RequestRecorder } from './metrics/RequestRecorder';
import { requestMetricsSource } from './metrics/requestSource';
import { requestSampleOf } from './metrics/requestSample';
import { ProcessSampler, processUsageSource } from './metrics/ProcessSampler';
import { errorBodies } from './api/errorBodies';
import { credentialsBarrier } from './api/credentialsBarrier';
import { loadEncryptionKey, SecretBox } from './crypto';
import { AcmeChallenges, AcmeIssuer, readAcmeSettings } from './acme';
import { BuiltinRouter } from './routing/builtin';
import { NginxRouter } from './routing/nginx';
import { Ledger } from './ledger';
import { failureHooks, notificationsNotifier } from './notifications';
import {
  AppAuthorizer,
  CatalogDirectory,
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
import { startLogRetention } from './services/logs/startLogRetention';
import { AppSignals, signallingReconciler } from './signals';
import {
  CrashNotices,
  healthReconciler,
  HealthMonitor,
} from './services/health';
import { readSourceLimits } from './build/source';
import { readAllowRoot } from './kubernetes/podSettings';
import { startReplicaServices } from './replicas/replicaServices';

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
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter } = deps;
        // Routers count requests here; a scheduled task moves the counts to the ledger.
        const metricsSettings = readMetricsSettings(config);
        const requestRecorder = new RequestRecorder();
        const dataDir = path.resolve(
          config.getOptionalString('slipway.dataDir') ?? '.slipway',
        );
        const platform: PlatformDeps = {
          config,
          logger,
          dataDir,
          platformDomain:
            config.getOptionalString('slipway.domain') ?? 'localhost',
          // On the shared data directory: any replica serves a build pod's download.
          buildSources: new BuildSources(path.join(dataDir, 'build-sources')),
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
        const routerName =
          config.getOptionalString('slipway.router') ?? 'builtin';
        const router = selectImplementation({
          kind: 'router',
          configKey: 'slipway.router',
          name: routerName,
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
        // Leases (this instance's work), and on PostgreSQL what replicas share; the local runtime
        // refuses to start beside another backend of this database.
        let failBuildsOfDeadRunners = async () => 0;
        let reconcileApp = (_app: string) => {};
        const replicas = await startReplicaServices({
          config,
          logger,
          ledger,
          knex: await deps.database.getClient(),
          runtimeName,
          failBuildsOfDeadRunners: () => failBuildsOfDeadRunners(),
          reconcile: app => reconcileApp(app),
        });
        registerAppResourceType(deps.permissionsRegistry, ledger.apps);
        registerPipelineResourceType(
          deps.permissionsRegistry,
          ledger.pipelines,
        );
        // The router's line per request is also what metrics count.
        if (metricsSettings.enabled)
          router.onAccessLog?.(entry =>
            requestRecorder.record(requestSampleOf(entry)),
          );
        // Lines outlive processes: what the runtime and the router capture is kept per app.
        const {
          retainer,
          following: podLogFollowing,
          drains: logDrains,
        } = await startLogRetention({
          config,
          ledger,
          runtime,
          router,
          logger,
          lease: replicas.lease,
        });
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
          instanceId: replicas.instanceId,
          ...(replicas.reconcilerReplicas
            ? { replicas: replicas.reconcilerReplicas }
            : {}),
          onReleaseFailed: failures.onReleaseFailed,
        });
        reconcileApp = app => reconciler.schedule(app);
        const appSignals = new AppSignals(deps.signals, logger);
        // Health is what the processes do, not how the release went: stored, so the Apps page
        // filters and sorts by it; a crash loop is told to the owner once, when it starts.
        // A crash loop is told once an hour at most per app: one that ends and starts again
        // every minute must not flood its owner (perhaps a team it was given to) with alerts.
        const crashNotices = new CrashNotices();
        const health = new HealthMonitor({
          ledger,
          runtime,
          logger,
          now: () => new Date(),
          ...(replicas.healthReplicas
            ? { replicas: replicas.healthReplicas }
            : {}),
          onChange: async change => {
            await appSignals.appChanged(change.app);
            if (
              change.to === 'crashing' &&
              crashNotices.shouldTell(change.app, change.owner, change.since)
            ) {
              await notifier.crashLooping(
                { name: change.app, owner: change.owner },
                change.crashing,
                change.since,
              );
            }
          },
        });
        // Pushes whose builds run here: a transfer, a revoke or a delete stops them.
        const buildsInFlight = new BuildsInFlight();
        const serviceContext: ServiceContext = {
          ledger,
          logDrains,
          buildsInFlight,
          authorizer: new AppAuthorizer(
            deps.permissions,
            deps.permissionsRegistry,
          ),
          // Open portal pages refetch when an app changes (signals), polling as a fallback.
          reconciler: healthReconciler(
            signallingReconciler(reconciler, appSignals),
            health,
          ),
          runtime,
          runtimeName,
          allowRoot: readAllowRoot(config),
          requestMetrics: requestMetricsSource({
            settings: metricsSettings,
            routerName,
            routerCounts: typeof router.onAccessLog === 'function',
            log: message => logger.warn(message),
          }),
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
          directory: new CatalogDirectory(deps.catalog, deps.auth),
          platformRegistry: config
            .getOptionalString('slipway.kubernetes.registry.server')
            ?.replace(/^[a-z]+:\/\//i, ''),
          deployTokens: {
            ttlMs: optionalDurationMs(config, 'slipway.git.tokenTtl'),
            maxTtlMs: optionalDurationMs(config, 'slipway.git.maxTokenTtl'),
          },
        };
        const services = createServices(serviceContext);
        failBuildsOfDeadRunners = () => services.builds.failOfDeadRunners();
        const pipelines = createPipelineServices({
          ...serviceContext,
          pipelineAuthorizer: new PipelineAuthorizer(
            deps.permissions,
            deps.permissionsRegistry,
          ),
          notifier,
          auditor: deps.auditor,
          approvalTimeoutMs: readApprovalTimeoutMs(config),
          pipelineChanged: pipeline => appSignals.pipelineChanged(pipeline),
        });
        services.apps.onDelete(async app => {
          retainer.forget(app);
          logDrains.hub.removeApp(app);
        });
        // A transfer removes the drains (the old owner's log system); they stop here too.
        services.apps.onTransfer(async app => logDrains.hub.removeApp(app));
        // A destroyed app leaves its pipeline and takes its promotions along.
        services.apps.onDelete(async app => {
          await ledger.promotions.deleteApp(app);
          await ledger.pipelines.decouple(app);
        });
        // autoTls on the builtin and nginx routers: certificates from the ACME directory, HTTP-01
        // answered by the router (nginx forwards the challenge path to a loopback responder here).
        if (router instanceof BuiltinRouter || router instanceof NginxRouter) {
          const challenges = new AcmeChallenges();
          await router.serveAcmeChallenges(challenges);
          const issuer = new AcmeIssuer({
            ledger,
            settings: readAcmeSettings(config),
            challenges,
            notifier,
            logger,
            reconcile: app => serviceContext.reconciler.schedule(app),
            now: () => new Date(),
          });
          await deps.scheduler.scheduleTask({
            id: 'slipway-acme',
            // The router answering the challenges is this instance's; one issuer runs at a time.
            scope: 'global',
            frequency: { minutes: 1 },
            timeout: { minutes: 10 },
            fn: () => issuer.run(),
          });
        }
        await deps.scheduler.scheduleTask({
          id: 'slipway-promotion-expiry',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          fn: async () => {
            await pipelines.promotions.expireDue();
          },
        });

        const metricsWriter = new MetricsWriter({
          recorder: requestRecorder,
          store: () => ledger.metrics,
          retentionDays: metricsSettings.retentionDays,
          logger,
        });
        await deps.scheduler.scheduleTask({
          id: 'slipway-metrics-flush',
          // Each instance writes what its own router counted.
          scope: 'local',
          frequency: { seconds: 15 },
          timeout: { minutes: 1 },
          fn: async () => {
            await metricsWriter.flush();
          },
        });
        // Memory and CPU per process type, from where the runtime can tell (cgroups, metrics API).
        const usageSource = metricsSettings.enabled
          ? processUsageSource(runtime)
          : undefined;
        if (usageSource) {
          const sampler = new ProcessSampler({
            source: usageSource,
            store: () => ledger.metrics,
            logger,
          });
          await deps.scheduler.scheduleTask({
            id: 'slipway-metrics-processes',
            // Each instance reads the processes it runs (local) or the clusters it knows; replicas
            // share the clusters: one at a time samples them (else every sample is stored twice).
            scope: replicas.reconcilerReplicas ? 'global' : 'local',
            frequency: { minutes: 1 },
            timeout: { minutes: 1 },
            fn: async () => {
              await sampler.run();
            },
          });
        }
        await deps.scheduler.scheduleTask({
          id: 'slipway-metrics-prune',
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          fn: async () => {
            await metricsWriter.prune();
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
          await podLogFollowing?.stop();
          await runtime.close?.();
          await router.close?.();
          // After both: the processes' last words are stored too.
          await retainer.close();
          logDrains.hub.close();
          await metricsWriter.flush();
          // Last: the others take this instance's work over only once it has stopped.
          await replicas.stop();
        });
        // Processes change on their own (ready, crashed, stopped): health and open pages follow.
        runtime.onProcessChange?.(app => {
          health.check(app);
          void appSignals.appChanged(app);
        });
        await deps.scheduler.scheduleTask({
          id: 'slipway-health-sweep',
          // One replica: it judges what its runtime reports (local processes are this instance's).
          // Replicas share the runtime: one at a time sweeps (each app also under its own lease).
          scope: replicas.healthReplicas ? 'global' : 'local',
          frequency: config.has('slipway.healthInterval')
            ? readDurationFromConfig(config, { key: 'slipway.healthInterval' })
            : { seconds: 10 },
          timeout: { minutes: 1 },
          fn: () => health.sweep(),
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
            locks: replicas.locks,
            authLimiter: replicas.authLimiter,
            ...gitLedgerDeps({
              runner: replicas.instanceId,
              ledger,
              services,
              reconciler,
              router,
              appChanged: app => appSignals.appChanged(app),
            }),
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

        // The same operations for terminals and agents (backstage-cli actions, MCP).
        registerActions({
          registry: deps.actionsRegistry,
          services,
          pipelines,
          auditor: deps.auditor,
        });

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
