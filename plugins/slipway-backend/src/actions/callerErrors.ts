import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { randomBytes } from 'node:crypto';
import { statusOf } from '../api/errorBodies';

/**
 * The actions registry with every action's errors made fit for the caller, as `errorBodies` makes
 * the REST API's: the actions API answers through Backstage's own error handler, which in
 * development mode adds the stack (host paths) and always passes an internal error's message (a
 * file system error names the file). A typed error keeps its name and message, without stack or
 * cause; any other is logged with an id and answered 500 with only that id.
 */
export function withCallerErrors(
  registry: ActionsRegistryService,
): ActionsRegistryService {
  return {
    register: options =>
      registry.register({
        ...options,
        action: async args => {
          try {
            return await options.action(args);
          } catch (error) {
            throw forCaller(error, args.logger);
          }
        },
      }),
  };
}

function forCaller(error: unknown, logger: LoggerService): Error {
  const status = statusOf(error);
  let safe: Error;
  if (status !== undefined && error instanceof Error) {
    safe = new Error(error.message);
    safe.name = error.name;
    // Read by Backstage's handler for the status, not put into the body.
    Object.defineProperty(safe, 'statusCode', { value: status });
    if (status >= 500)
      logger.error(`Action failed with status ${status}`, error);
  } else {
    const logId = randomBytes(10).toString('hex');
    logger.error(
      `Internal error logId=${logId} in an action`,
      error instanceof Error ? error : new Error(String(error)),
    );
    safe = new Error(`An internal error occurred logId=${logId}`);
  }
  // Backstage's handler shows `stack` in development mode: none to show.
  delete safe.stack;
  return safe;
}
