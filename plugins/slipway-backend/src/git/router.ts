import { AuthenticationError, InputError } from '@backstage/errors';
import { appNameProblem } from '@slipway/plugin-slipway-common';
import type { Request, Response } from 'express';
import Router from 'express-promise-router';
import { AppLocks } from './appLocks';
import { AuthLimits, type TooManyFailuresError } from './authFailures';
import { deployPush } from './deploy';
import { gitConfigEnvironment } from './git';
import { runHttpBackend } from './httpBackend';
import { openPushSession } from './pushSession';
import { GitRepositories } from './repositories';
import type { GitIdentity, GitRemoteDeps } from './types';

const DEFAULT_MAX_PUSH_BYTES = 512 * 1024 * 1024;
/** Fetch negotiation (wants and haves) is small even for big repositories. */
const MAX_FETCH_REQUEST_BYTES = 64 * 1024 * 1024;
const SERVICES = ['git-upload-pack', 'git-receive-pack'];

/**
 * The apps' git remotes over smart HTTP, to be mounted at `/git`:
 * `GET /<app>.git/info/refs?service=...`, `POST /<app>.git/git-upload-pack`, `POST /<app>.git/git-receive-pack`.
 * Clients authenticate with HTTP Basic, a deploy token of the app as the password (any username),
 * for fetches and pushes alike; the token acts for its creator while the creator owns the app. Git itself (`git http-backend`) serves the protocol.
 */
export function createGitRouter(deps: GitRemoteDeps) {
  const repositories = new GitRepositories(deps.dataDir);
  const locks = deps.locks ?? new AppLocks();
  const maxPushBytes = deps.maxPushBytes ?? DEFAULT_MAX_PUSH_BYTES;
  const failures = deps.authLimiter ?? new AuthLimits(deps.authFailures);
  const router = Router();

  /**
   * The app named by the URL, after checking the caller holds one of its deploy tokens. Whether
   * the app exists or not, a caller without a valid token gets the same 401, so the remote does
   * not tell who is there; callers that keep failing are refused with 429 for a while. Only
   * failures are throttled: a token that authenticates always passes, so guessers sharing the
   * owner's address (a proxy, NAT) cannot lock the owner out; tokens are too long to guess, the
   * limit only bounds noise.
   */
  async function authorize(req: Request, res: Response) {
    const repo = req.params.repo;
    const app = repo.endsWith('.git') ? repo.slice(0, -4) : '';
    // The proxy's address unless `backend.trustProxy` lets express read X-Forwarded-For.
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const token = basicPassword(req.headers.authorization);
    const attempt = { client, app: app.slice(0, 64), token: token ?? '' };
    const unauthenticated = async (message: string) => {
      // A request without credentials is how git asks which to send: neither counted nor refused.
      if (req.headers.authorization) {
        try {
          await failures.check(attempt);
          // Counting may refuse too (a replica's parallel attempts all passed the check).
          await failures.fail(attempt);
        } catch (error) {
          const retryAfter = (error as Partial<TooManyFailuresError>)
            .retryAfterSeconds;
          if (retryAfter !== undefined) {
            res.setHeader('Retry-After', String(retryAfter));
          }
          throw error;
        }
      }
      res.setHeader('WWW-Authenticate', 'Basic realm="Slipway"');
      return new AuthenticationError(message);
    };
    let user: GitIdentity | undefined;
    try {
      user =
        token && !appNameProblem(app)
          ? await deps.tokens.authenticate(app, token)
          : undefined;
    } catch (error) {
      if ((error as Error).name === 'AuthenticationError')
        throw await unauthenticated((error as Error).message);
      throw error;
    }
    if (!user || !(await deps.apps.exists(app))) {
      throw await unauthenticated(
        `Use a deploy token of ${repo.slice(
          0,
          64,
        )} as the password (any username)`,
      );
    }
    const repoDir = await repositories.ensureRepository(app);
    return { app, repoDir, userEntityRef: user.userEntityRef, identity: user };
  }

  router.get('/:repo/info/refs', async (req, res) => {
    const service = req.query.service;
    if (typeof service !== 'string' || !SERVICES.includes(service)) {
      throw new InputError(
        'This git remote speaks the smart HTTP protocol only (git 1.6.6 or newer)',
      );
    }
    const { app, userEntityRef } = await authorize(req, res);
    await runHttpBackend({
      req,
      res,
      projectRoot: repositories.root,
      pathInfo: `/${app}.git/info/refs`,
      remoteUser: userEntityRef,
      env: gitConfigEnvironment(receivePackSettings(maxPushBytes)),
      maxBodyBytes: 0,
      logger: deps.logger,
    });
  });

  router.post('/:repo/git-upload-pack', async (req, res) => {
    const { app, userEntityRef } = await authorize(req, res);
    await runHttpBackend({
      req,
      res,
      projectRoot: repositories.root,
      pathInfo: `/${app}.git/git-upload-pack`,
      remoteUser: userEntityRef,
      maxBodyBytes: MAX_FETCH_REQUEST_BYTES,
      logger: deps.logger,
    });
  });

  router.post('/:repo/git-receive-pack', async (req, res) => {
    const { app, repoDir, userEntityRef, identity } = await authorize(req, res);
    const releases: Array<() => void> = [];
    const session = await openPushSession(input =>
      deployPush(
        deps,
        locks,
        {
          app,
          userEntityRef,
          identity,
          repoDir,
          holdLock: r => releases.push(r),
        },
        input,
      ),
    );
    try {
      await runHttpBackend({
        req,
        res,
        projectRoot: repositories.root,
        pathInfo: `/${app}.git/git-receive-pack`,
        remoteUser: userEntityRef,
        env: {
          ...session.env,
          ...gitConfigEnvironment({
            ...receivePackSettings(maxPushBytes),
            'core.hooksPath': session.hooksPath,
          }),
        },
        // A little more than git's own limit, which answers with a clear message first.
        maxBodyBytes: maxPushBytes + 1024 * 1024,
        logger: deps.logger,
      });
    } finally {
      // Only now, with the refs updated (or not), may the next push to this app build.
      await session.close();
      releases.forEach(release => release());
    }
  });

  return router;
}

/** Git's own checks on what a push sends. */
function receivePackSettings(maxPushBytes: number): Record<string, string> {
  return {
    // Authentication is Slipway's: git serves pushes to whoever got this far.
    'http.receivepack': 'true',
    'receive.maxInputSize': String(maxPushBytes),
    'receive.fsckObjects': 'true',
  };
}

/** The password of an HTTP Basic `Authorization` header. */
function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1
    ? decoded.slice(colon + 1)
    : undefined;
}
