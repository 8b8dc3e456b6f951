import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';

type AnyRequest = Request<any, any, any, any>;

/** How routes authenticate callers and audit changes (the app's own events record what changed). */
export function auditing(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}) {
  return {
    /** A route that only reads: users and services (e.g. the catalog module) may call it. */
    async read(
      req: AnyRequest,
      run: (credentials: BackstageCredentials) => Promise<void>,
    ): Promise<void> {
      await run(
        await deps.httpAuth.credentials(req, { allow: ['user', 'service'] }),
      );
    },

    /** A route that changes something: only users may call it, and the auditor records every attempt with its outcome. */
    async write(
      req: AnyRequest,
      eventId: string,
      run: (credentials: BackstageCredentials) => Promise<void>,
      meta?: JsonObject,
    ): Promise<void> {
      const credentials = await deps.httpAuth.credentials(req, {
        allow: ['user'],
      });
      const event = await deps.auditor.createEvent({
        eventId,
        severityLevel: eventId === 'app-delete' ? 'high' : 'medium',
        request: req,
        meta: {
          ...(req.params.app ? { app: String(req.params.app) } : {}),
          ...meta,
        },
      });
      try {
        await run(credentials);
        await event.success();
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  };
}
