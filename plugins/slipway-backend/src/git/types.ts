import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Build, Procfile, Release } from '@slipway/plugin-slipway-common';
import type { BuildExecutor } from '@slipway/plugin-slipway-node';
import type { SourceLimits } from '../build/source';
import type { PushLocks } from './appLocks';
import type { AuthFailureLimits, AuthLimiter } from './authFailures';

/** Who a push acts as: the token's creator, the token and the app's owner when it was checked. */
export type GitIdentity = {
  userEntityRef: string;
  tokenId: string;
  owner: string;
};

/** Verifies deploy tokens (the password of HTTP Basic auth; any username). */
export type GitTokens = {
  /**
   * The user the token was issued to, when it is a valid deploy token of `app`; never logs the
   * token. May throw AuthenticationError (e.g. expired: answered 401) or NotAllowedError (its
   * creator no longer owns the app: 403).
   */
  authenticate(app: string, token: string): Promise<GitIdentity | undefined>;
  /**
   * Why a push authenticated as `identity` may no longer go on (the app deleted or transferred,
   * the token revoked or expired, its creator no longer an owner); undefined while it may.
   */
  recheck(app: string, identity: GitIdentity): Promise<string | undefined>;
};

/** Tells in-flight builds apart and stops them when who may push changes (see BuildsInFlight). */
export type GitBuildsInFlight = {
  track(
    app: string,
    identity: GitIdentity,
    cancel: (reason: string) => void,
    done: Promise<unknown>,
  ): void;
};

export type GitApps = {
  exists(app: string): Promise<boolean>;
  /** The app's URL, printed after a release (`Released v4 at <url>`). */
  url(app: string): Promise<string>;
};

/** What a push records in the ledger. */
export type BuildToRecord = {
  /** The running build this completes (from `GitBuilds.startBuild`). */
  id?: string;
  /** `slug:<sha256>` or an image reference; empty when the build failed. */
  image: string;
  /** Process types; empty when the build failed. */
  procfile: Procfile;
  /** The pushed commit. */
  sha: string;
  /** The build output as the pusher saw it. */
  log: string;
  status: 'succeeded' | 'failed';
};

/** A build recorded as running: its log is saved as it grows, so the portal shows it live. */
export type RunningBuild = {
  id: string;
  saveLog(log: string): Promise<void>;
};

export type GitBuilds = {
  /** Records a build of `sha` as running (status `pending`), before it runs. */
  startBuild?(
    app: string,
    sha: string,
    userEntityRef: string,
  ): Promise<RunningBuild>;
  /**
   * Records a build; a succeeded build also creates a release (a failed one creates none). With
   * `pushedAs`, the release is made only if the app's owner and the token are still those the
   * push started with (checked in the same transaction): NotAllowedError otherwise.
   */
  recordBuild(
    app: string,
    build: BuildToRecord,
    userEntityRef: string,
    pushedAs?: GitIdentity,
  ): Promise<{ build: Build; release?: Release }>;
};

export type GitReleases = {
  /**
   * Resolves when the release serves (status `succeeded`) or could not be rolled out (`failed`, with a reason);
   * still `pending` when that takes too long or `signal` aborts.
   */
  waitForRelease(
    app: string,
    version: number,
    signal?: AbortSignal,
  ): Promise<Release>;
};

/** What the git remote needs from the rest of the backend. */
export type GitRemoteDeps = {
  /** `<dataDir>/repos/<app>.git` holds the bare repositories. */
  dataDir: string;
  logger: LoggerService;
  tokens: GitTokens;
  apps: GitApps;
  builds: GitBuilds;
  releases: GitReleases;
  buildExecutor: BuildExecutor;
  /** Largest accepted push (the pack sent by `git push`), in bytes. Default 512 MiB. */
  maxPushBytes?: number;
  /** Bounds of a checked-out push (`slipway.local.maxSourceBytes`, files, depth); defaults apply without. */
  sourceLimits?: SourceLimits;
  /** Limits on failed authentications per client address and app (default 10 a minute). */
  authFailures?: AuthFailureLimits;
  /** Counts failures elsewhere (replicas: the database); `authFailures` then does not apply. */
  authLimiter?: AuthLimiter;
  /** Per-app push serialization; in-process by default (one replica). */
  locks?: PushLocks;
  /** Where running builds are registered, so that a transfer, revoke or delete stops them. */
  buildsInFlight?: GitBuildsInFlight;
};
