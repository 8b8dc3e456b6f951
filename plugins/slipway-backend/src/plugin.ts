import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  slipwayPlatformExtensionPoint,
  type BuildExecutor,
  type Router,
  type Runtime,
} from '@slipway/plugin-slipway-node';
import Router_ from 'express-promise-router';

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
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ httpRouter, logger }) {
        const router = Router_();
        router.get('/health', (_req, res) => {
          res.json({ status: 'ok' });
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Slipway backend started');
      },
    });
  },
});
