import type {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { SlipwayClient, type SlipwayApi } from '@slipway/plugin-slipway-common';

/** What the Slipway actions need from the backend. */
export type SlipwayActionsOptions = {
  auth: AuthService;
  discovery: DiscoveryService;
  /**
   * The portal's config: `slipway.runtime` and `slipway.defaultCluster` tell where a new app
   * runs, so a template that deploys an image is refused before it creates an app the local
   * runtime could not run.
   */
  config?: RootConfigService;
  /** How often to poll a pending release (tests make this short). Default 2 s. */
  releasePollIntervalMs?: number;
  /** How long to wait for a release to leave `pending`. Default 15 min. */
  releaseTimeoutMs?: number;
};

/**
 * A Slipway client that acts on behalf of the user who runs the template:
 * every request carries a plugin request token issued for that user.
 */
export function clientFor(
  options: SlipwayActionsOptions,
  ctx: ActionContext<any, any>,
): SlipwayApi {
  return new SlipwayClient({
    discoveryApi: options.discovery,
    fetchApi: fetchFor(options, ctx),
  });
}

/** `fetch` on behalf of the user who runs the template. */
function fetchFor(
  options: SlipwayActionsOptions,
  ctx: ActionContext<any, any>,
): { fetch: typeof fetch } {
  return {
    fetch: async (input, init) => {
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'slipway',
      });
      const headers = new Headers(init?.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  };
}

/**
 * Runs one API call and turns a failed response into the matching Backstage error
 * carrying the API's own message (e.g. `App name "Foo" must ...`), which the
 * scaffolder shows to the user.
 */
export async function callApi<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!ResponseError.is(error)) throw error;
    const message = error.cause?.message || error.message;
    switch (error.statusCode) {
      case 400:
        throw new InputError(message);
      case 403:
        throw new NotAllowedError(message);
      case 404:
        throw new NotFoundError(message);
      case 409:
        throw new ConflictError(message);
      default:
        throw new Error(`Slipway API: ${message}`);
    }
  }
}

/**
 * Checkpoint key of one step's side effect. The step id keeps two steps that use the
 * same action on the same app apart; a retried step finds its own checkpoint.
 */
export function checkpointKey(
  ctx: ActionContext<any, any>,
  action: string,
  ...parts: string[]
): string {
  return ['v1', 'slipway', ctx.step?.id ?? 'step', action, ...parts].join('.');
}

/** Throws an InputError with `problem` when there is one. */
export function check(problem: string | undefined): void {
  if (problem) throw new InputError(problem);
}
