import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ErrorRequestHandler } from 'express';
import { randomBytes } from 'node:crypto';

/**
 * Answers the plugin's errors itself, so no response carries a stack trace or a host path, in
 * development mode too (where Backstage's own handler adds stacks). Errors with a status (the
 * typed errors Slipway throws: 400, 403, 404, 409, 503, ...) keep their message, which Slipway
 * writes for the caller; any other error (a file system or database error, whose message may
 * name host paths) is logged with an id and answered 500 with only that id.
 */
export function errorBodies(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    // 304 has no body: Backstage's handler answers it.
    if (res.headersSent || (error as Error)?.name === 'NotModifiedError') {
      next(error);
      return;
    }
    const status = statusOf(error);
    let body: { name: string; message: string };
    if (status !== undefined && error instanceof Error) {
      body = { name: error.name, message: error.message };
      if (status >= 500)
        logger.error(`Request failed with status ${status}`, error);
    } else {
      const logId = randomBytes(10).toString('hex');
      logger.error(
        `Internal error logId=${logId} on ${req.method} ${req.url}`,
        error instanceof Error ? error : new Error(String(error)),
      );
      body = {
        name: 'Error',
        message: `An internal error occurred logId=${logId}`,
      };
    }
    const statusCode = status ?? 500;
    res.status(statusCode).json({
      error: body,
      request: { method: req.method, url: req.url },
      response: { statusCode },
    });
  };
}

/** Backstage's typed errors, by name, as its own error handler reads them. */
const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

/** The HTTP status of a typed error (by name, or its `statusCode`/`status`); undefined for any other. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof Error && Object.hasOwn(STATUS_BY_NAME, error.name))
    return STATUS_BY_NAME[error.name];
  for (const field of ['statusCode', 'status']) {
    const value = (error as Record<string, unknown> | undefined)?.[field];
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 400 &&
      value <= 599
    )
      return value;
  }
  return undefined;
}
