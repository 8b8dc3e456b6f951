import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { BuildSources } from '../git/sourceArchive';
import type {
  BuildExecutor,
  TrafficRouter,
  Runtime,
} from '@slipway/plugin-slipway-node';

/** What the built-in runtimes, routers and build executors are created from. */
export type PlatformDeps = {
  /** The root config; each implementation reads its own section (`slipway.local`, `slipway.nginx`, `slipway.kubernetes`, ...). */
  config: RootConfigService;
  logger: LoggerService;
  /** Absolute directory for repositories, slugs, logs and router files (`slipway.dataDir`). */
  dataDir: string;
  /** Apps are reached at `<app>.<platformDomain>` (`slipway.domain`, default `localhost`). */
  platformDomain: string;
  /** Sources the backend serves to build Jobs (`GET /build-sources/…`); needed by the `kubernetes` builder. */
  buildSources?: BuildSources;
};

export type RuntimeFactory = (deps: PlatformDeps) => Runtime;
export type RouterFactory = (deps: PlatformDeps) => TrafficRouter;
export type BuildExecutorFactory = (deps: PlatformDeps) => BuildExecutor;
