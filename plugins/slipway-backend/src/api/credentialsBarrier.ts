import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import Router from 'express-promise-router';
import { errorBodies } from './errorBodies';

/**
 * Backstage's credentials barrier (a user or service token on every path but the open ones),
 * run inside the plugin's routes so that its 401 is answered by `errorBodies`: Backstage's own
 * barrier fails before the plugin's routes and its error handler puts the stack, with host
 * paths, into the body in development mode. The plugin declares every path unauthenticated to
 * Backstage and passes the open ones through here instead.
 */
export function credentialsBarrier(options: {
  httpAuth: HttpAuthService;
  config: Config;
  logger: LoggerService;
  /** Paths (and what is under them) that need no Backstage credentials. */
  open: string[];
}) {
  const router = Router();
  // Backstage's switch for its own barrier switches this one off too.
  const disabled = options.config.getOptionalBoolean(
    'backend.auth.dangerouslyDisableDefaultAuthPolicy',
  );
  const isOpen = (path: string) =>
    options.open.some(open => path === open || path.startsWith(`${open}/`));
  router.use(async (req, _res, next) => {
    if (!disabled && !isOpen(req.path)) {
      await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    }
    next();
  });
  router.use(errorBodies(options.logger));
  return router;
}
