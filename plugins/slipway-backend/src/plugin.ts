import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  slipwayPlatformExtensionPoint,
  type BuildExecutor,
  type Router,
  type Runtime,
} from '@slipway/plugin-slipway-node';
import express from 'express';
import path from 'node:path';
import { createRouter } from './api';
import { createGitRouter, gitLedgerDeps, GitRepositories } from './git';
import { loadEncryptionKey, SecretBox } from './crypto';
import { Ledger } from './ledger';
import { AppAuthorizer, registerAppResourceType } from './permissions';
import {
  builtinBuildExecutors,
  builtinRouters,
  builtinRuntimes,
} from './platform/builtins';
import { selectImplementation } from './platform/selectPlatform';
import type { PlatformDeps } from './platform/types';
import { Reconciler } from './reconciler';
import { createServices } from './services';

/** Topic of app lifecycle events (payload `{ action: 'created' | 'updated' | 'deleted', app }`). */
export const SLIPWAY_APPS_TOPIC = 'slipway.apps';

/**
 * The Slipway backend plugin: the ledger, its services and REST API, the reconciler and the git remote.
 *
 * @public
 */
export const slipwayPlugin = createBackendPlugin({
  pluginId: 'slipway',
  register(env) {
    const runtimes = new Map<string, Runtime>();
    const routers = new Map<string, Router>();
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
        events: eventsServiceRef,
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
          name: config.getOptionalString('slipway.builder') ?? 'local',
          added: builders,
          builtins: builtinBuildExecutors,
          deps: platform,
        });

        const box = new SecretBox(
          loadEncryptionKey({ config, dataDir: platform.dataDir, logger }),
        );
        const ledger = await Ledger.create({ database: deps.database, box });
        registerAppResourceType(deps.permissionsRegistry, ledger.apps);
        const reconciler = new Reconciler({ ledger, runtime, router, logger });
        const services = createServices({
          ledger,
          authorizer: new AppAuthorizer(
            deps.permissions,
            deps.permissionsRegistry,
          ),
          reconciler,
          runtime,
          router,
          logger,
          platformDomain: platform.platformDomain,
          defaultCluster:
            config.getOptionalString('slipway.defaultCluster') ??
            (runtimeName === 'local' ? 'local' : 'default'),
          gitBaseUrl: async () =>
            `${await deps.discovery.getExternalBaseUrl('slipway')}/git`,
          publishAppChange: async (action, app) => {
            try {
              await deps.events.publish({
                topic: SLIPWAY_APPS_TOPIC,
                eventPayload: { action, app },
              });
            } catch (error) {
              logger.warn(
                `Could not publish ${action} of app ${app}: ${error}`,
              );
            }
          },
          now: () => new Date(),
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
        const gitRemote = express.Router();
        gitRemote.use(
          '/git',
          createGitRouter({
            dataDir: platform.dataDir,
            logger: logger.child({ component: 'git' }),
            buildExecutor,
            maxPushBytes: config.getOptionalNumber('slipway.git.maxPushBytes'),
            ...gitLedgerDeps({ ledger, services, reconciler, router }),
          }),
        );
        httpRouter.use(gitRemote);
        httpRouter.addAuthPolicy({ path: '/git', allow: 'unauthenticated' });

        httpRouter.use(
          await createRouter({
            services,
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

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
