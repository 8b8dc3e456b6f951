import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  SlipwayAppPermission,
  SlipwayAppsEvent,
  SlipwayPipelinesEvent,
} from '@slipway/plugin-slipway-common';
import type { TrafficRouter, Runtime } from '@slipway/plugin-slipway-node';
import type { RequestMetricsSource } from '../metrics/requestSource';
import type { AppRecord, BuildRecord, Ledger } from '../ledger';
import type {
  AppAuthorizer,
  OwnerDirectory,
  OwnershipResolver,
} from '../permissions';
import type { Reconciler } from '../reconciler';
import type { BuildsInFlight } from './identity/BuildsInFlight';
import type { DrainHub } from './logs/DrainHub';
import type { DrainAddressPolicy } from './logs/drainAddresses';

/** Publishes app lifecycle changes (for the catalog module's delta mutations). */
export type AppChangePublisher = (
  action: SlipwayAppsEvent['action'],
  app: string,
) => Promise<void>;

/**
 * Publishes that a pipeline was created or deleted (coupling and decoupling are changes of the app), so that the
 * catalog shows a pipeline without apps as soon as it exists.
 */
export type PipelineChangePublisher = (
  action: SlipwayPipelinesEvent['action'],
  pipeline: string,
) => Promise<void>;

/** What every service works with. */
export type ServiceContext = {
  /** The running log drains and which addresses they may reach (absent: drains are refused). */
  logDrains?: { hub: DrainHub; policy: DrainAddressPolicy };
  ledger: Ledger;
  authorizer: AppAuthorizer;
  reconciler: Pick<Reconciler, 'schedule' | 'desiredState' | 'forget' | 'idle'>;
  runtime: Runtime;
  /** `slipway.runtime`: what the runtime can do decides which settings are accepted (e.g. autoscale). */
  runtimeName: string;
  /** Why `autoTls` cannot be turned on with this router (undefined: it can). */
  autoTlsUnavailable?: string;
  /** `slipway.kubernetes.pods.allowRoot`: whether an app may set `runAsNonRoot: false` (default false). */
  allowRoot?: boolean;
  router: TrafficRouter;
  /** Where request metrics come from (absent: the ledger, as the builtin router feeds it). */
  requestMetrics?: RequestMetricsSource;
  logger: LoggerService;
  /** Apps are reached at `<app>.<platformDomain>`; custom domains may not live under it. */
  platformDomain: string;
  /** Cluster of apps created without one. */
  defaultCluster: string;
  /** Base URL of git remotes, e.g. `http://localhost:7007/api/slipway/git`. */
  gitBaseUrl: () => Promise<string>;
  publishAppChange: AppChangePublisher;
  publishPipelineChange: PipelineChangePublisher;
  /** Tells the app's owners that a build failed (notifications). */
  onBuildFailed?: (build: BuildRecord) => Promise<void>;
  now: () => Date;
  /**
   * Group memberships from the catalog, to check that a deploy token's creator still owns the
   * app. Without it only a user's own ref counts (tests, a portal without a catalog).
   */
  ownership?: OwnershipResolver;
  /**
   * The catalog's Users and Groups: owners must be among them, and "Require approval" needs a
   * second member to approve. Without it (tests, a portal without a catalog) neither is checked.
   */
  directory?: OwnerDirectory;
  /**
   * The platform registry (`slipway.kubernetes.registry.server`, e.g. `registry.example.com`):
   * images under `<it>/<app>` belong to that app.
   */
  platformRegistry?: string;
  /** Pushes whose builds run on this backend: a transfer, a revoke or a delete stops them. */
  buildsInFlight?: BuildsInFlight;
  /** Lifetimes of deploy tokens in ms (default 90 days, at most 365 days). */
  deployTokens?: { ttlMs?: number; maxTtlMs?: number };
};

/** The entity ref a change is recorded under; only users change apps through the API. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal.type === 'service' && principal.subject)
    return principal.subject;
  return 'unknown';
}

/** Loads an app, or throws 404; then throws 403 unless the caller may do `permission` to it. */
export async function loadApp(
  ctx: ServiceContext,
  credentials: BackstageCredentials,
  name: string,
  permission: SlipwayAppPermission,
): Promise<AppRecord> {
  const app = await ctx.ledger.apps.get(name);
  if (!app) throw new NotFoundError(`App "${name}" not found`);
  await ctx.authorizer.require(credentials, permission, name);
  return app;
}

/** Throws 404 when the app does not exist (for callers that authenticated otherwise, e.g. git push). */
export async function requireApp(
  ctx: ServiceContext,
  name: string,
): Promise<AppRecord> {
  const app = await ctx.ledger.apps.get(name);
  if (!app) throw new NotFoundError(`App "${name}" not found`);
  return app;
}

/** Throws InputError unless `body` is a plain JSON object with only `allowed` fields. */
export function requireObject(
  body: unknown,
  what: string,
  allowed?: readonly string[],
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(`${what} must be a JSON object`);
  }
  if (allowed) {
    const unknown = Object.keys(body).filter(key => !allowed.includes(key));
    if (unknown.length > 0) {
      throw new InputError(
        `${what} has unknown field${unknown.length > 1 ? 's' : ''} ${unknown
          .map(k => `"${k.slice(0, 40)}"`)
          .join(', ')}; allowed: ${allowed.join(', ')}`,
      );
    }
  }
  return body as Record<string, unknown>;
}
