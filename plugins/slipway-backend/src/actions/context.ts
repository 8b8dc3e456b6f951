import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { PipelineServices } from '../pipelines';
import type { SlipwayServices } from '../services';
import { actorOf } from '../services/context';

/** What Slipway's actions work with: the REST API's own services and auditor. */
export type ActionContext = {
  registry: ActionsRegistryService;
  services: SlipwayServices;
  pipelines: PipelineServices;
  auditor: AuditorService;
};

/**
 * Runs a change on behalf of the caller as the REST API's `write` does (api/audit.ts): only users may
 * change apps, and the auditor records every attempt with its outcome. The service checks the
 * permission itself, with the caller's own credentials.
 */
export async function auditedChange<T>(
  ctx: ActionContext,
  credentials: BackstageCredentials,
  eventId: string,
  meta: JsonObject,
  run: () => Promise<T>,
): Promise<T> {
  if ((credentials.principal as { type: string }).type !== 'user') {
    throw new NotAllowedError('Only users may change apps');
  }
  const event = await ctx.auditor.createEvent({
    eventId,
    severityLevel: eventId === 'app-delete' ? 'high' : 'medium',
    // Actions carry no request of the caller's: who and how are in the event itself.
    meta: { ...meta, actor: actorOf(credentials), via: 'actions' },
  });
  try {
    const result = await run();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}

/** JSON in and out: what the services answer, as an action's output (dates and undefined dropped). */
export function plain<T>(value: T): any {
  return JSON.parse(JSON.stringify(value ?? null));
}
