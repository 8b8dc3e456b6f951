import { registerAppActions } from './appActions';
import { withCallerErrors } from './callerErrors';
import { registerConfigActions } from './configActions';
import type { ActionContext } from './context';
import { registerDomainActions } from './domainActions';
import { registerPipelineActions } from './pipelineActions';
import { registerProcessActions } from './processActions';
import { registerReleaseActions } from './releaseActions';

export type { ActionContext } from './context';

/**
 * Slipway's operations as Backstage actions (`slipway:<name>`), for `backstage-cli actions` and MCP
 * clients. Each calls the same service method as its REST route, with the caller's credentials, so
 * permissions, validation and events are the same; changes are audited like the REST API's.
 */
export function registerActions(context: ActionContext): void {
  // Errors answer as the REST API's do: no stack, no internal message (see callerErrors).
  const ctx = { ...context, registry: withCallerErrors(context.registry) };
  registerAppActions(ctx);
  registerConfigActions(ctx);
  registerProcessActions(ctx);
  registerReleaseActions(ctx);
  registerDomainActions(ctx);
  registerPipelineActions(ctx);
}
