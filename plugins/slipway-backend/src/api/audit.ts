import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Request, Response } from 'express';

type Handler = (
  req: Request,
  res: Response,
  credentials: BackstageCredentials,
) => Promise<void>;

/**
 * Wraps a route that changes something: only users may call it, and the auditor records
 * every attempt with its outcome (the app's own events record what changed).
 */
export function mutation(
  deps: { httpAuth: HttpAuthService; auditor: AuditorService },
  eventId: string,
  handler: Handler,
  meta?: (req: Request) => JsonObject,
) {
  return async (req: Request, res: Response) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const event = await deps.auditor.createEvent({
      eventId,
      severityLevel: eventId === 'app-delete' ? 'high' : 'medium',
      request: req,
      meta: {
        ...(req.params.app ? { app: req.params.app } : {}),
        ...meta?.(req),
      },
    });
    try {
      await handler(req, res, credentials);
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };
}

/** Wraps a route that only reads: users and services (e.g. the catalog module) may call it. */
export function query(deps: { httpAuth: HttpAuthService }, handler: Handler) {
  return async (req: Request, res: Response) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await handler(req, res, credentials);
  };
}
