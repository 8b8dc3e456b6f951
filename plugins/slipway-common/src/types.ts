/**
 * The types of Slipway's REST API (`/api/slipway`). See docs/design.md, "Domain model", and
 * plugins/slipway-backend/src/schema/openapi.yaml, which the client checks them against.
 * Timestamps are ISO 8601 strings in UTC.
 */

/** Process type (from the Procfile) → number of replicas. */
export type ProcessStructure = Record<string, number>;

/** Process type → command, as in a Procfile. */
export type Procfile = Record<string, string>;

/** @public */
export type App = {
  name: string;
  /** Catalog entity ref of the owner, e.g. `group:default/team-a` or `user:default/jane`. */
  owner: string;
  /** Runtime target: a configured Kubernetes cluster name, or `local`. */
  cluster: string;
  structure: ProcessStructure;
  createdAt: string;
  updatedAt: string;
  /** Default URL of the app through the router, e.g. `http://myapp.localhost:8080`. */
  url: string;
  /** The app's git remote, e.g. `http://localhost:7007/api/slipway/git/myapp.git`. */
  gitRemote: string;
  /** The newest succeeded (or pending) release; absent only while the app is being created. */
  release?: Release;
};

export type ReleaseStatus = 'pending' | 'succeeded' | 'failed';

/** @public */
export type Build = {
  id: string;
  app: string;
  /** Image reference, or `slug:<sha256>` on the local runtime. */
  image: string;
  /** The git commit the build was made from, when built from a push. */
  sha?: string;
  procfile: Procfile;
  status: 'pending' | 'succeeded' | 'failed';
  createdBy: string;
  createdAt: string;
  /** Build output; only on `GET /apps/:app/builds/:id`. */
  log?: string;
};

export type ProcessLimits = {
  /** Kubernetes quantity, e.g. `512Mi`. */
  memory?: string;
  /** Kubernetes quantity, e.g. `500m` or `2`. */
  cpu?: string;
};

export type Probe = {
  type: 'http' | 'tcp' | 'exec';
  /** http only */
  path?: string;
  /** http/tcp; defaults to the process's PORT */
  port?: number;
  /** exec only */
  command?: string[];
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
};

export type Healthcheck = {
  liveness?: Probe;
  readiness?: Probe;
};

/** @public */
export type Config = {
  /** Environment values. Masked (`values` empty, `keys` present) for callers without `slipway.app.config.read`. */
  values: Record<string, string>;
  /** Process type → limits. */
  limits: Record<string, ProcessLimits>;
  /** Node selector labels. */
  tags: Record<string, string>;
  /** Process type → healthchecks. */
  healthchecks: Record<string, Healthcheck>;
};

/** What `GET /apps/:app/config` returns. */
export type ConfigView = Config & {
  /** Sorted keys of `values`; always present, also when values are masked. */
  keys: string[];
  /** Whether `values` holds the real values (the caller may read config). */
  revealed: boolean;
};

/** `PATCH /apps/:app/config`. A `null` value unsets a key (or a limit/tag/healthcheck entry). */
export type ConfigPatch = {
  values?: Record<string, string | null>;
  limits?: Record<string, ProcessLimits | null>;
  tags?: Record<string, string | null>;
  healthchecks?: Record<string, Healthcheck | null>;
};

/** @public */
export type Release = {
  app: string;
  version: number;
  /** Absent for v1 (created with the app, nothing to run yet). */
  build?: Build;
  /** Masked like `ConfigView` for callers without `slipway.app.config.read`. */
  config: ConfigView;
  summary: string;
  createdBy: string;
  createdAt: string;
  status: ReleaseStatus;
  /** Why the release failed. */
  reason?: string;
};

export type ReleaseDiffEntry = {
  /** `values`, `limits`, `tags`, `healthchecks` or `build`. */
  section: 'values' | 'limits' | 'tags' | 'healthchecks' | 'build';
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** JSON-rendered or `****` when masked. */
  from?: string;
  to?: string;
};

export type ReleaseDiff = {
  from: number;
  to: number;
  changes: ReleaseDiffEntry[];
};

export type ProcessState = 'starting' | 'up' | 'crashed' | 'stopping' | 'down';

/** A running instance of a process type. */
export type Process = {
  name: string;
  type: string;
  release: number;
  state: ProcessState;
  restarts: number;
  startedAt?: string;
  message?: string;
};

export type Domain = {
  app: string;
  /** RFC 1123 hostname, lowercase; may start with `*.`. */
  domain: string;
  /** Name of the attached certificate. */
  cert?: string;
  createdBy: string;
  createdAt: string;
};

/** A TLS certificate. The private key is never returned. */
export type Cert = {
  app: string;
  name: string;
  /** PEM of the certificate chain (public). */
  certificate: string;
  subject: string;
  /** Names the certificate covers (SANs). */
  sans: string[];
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  /** Domains the certificate is attached to. */
  domains: string[];
  createdBy: string;
  createdAt: string;
};

export type Autoscale = {
  /** Process type → bounds */
  [type: string]: { min: number; max: number; cpuPercent: number };
};

/** @public */
export type AppSettings = {
  maintenance: boolean;
  routable: boolean;
  /** CIDRs allowed to reach the app; empty = everyone. */
  allowlist: string[];
  httpsOnly: boolean;
  hsts: {
    enabled: boolean;
    maxAge: number;
    includeSubdomains: boolean;
    preload: boolean;
  };
  autoTls: boolean;
  autoscale: Autoscale;
  /** Seconds. */
  connectTimeout: number;
  readTimeout: number;
  sendTimeout: number;
  /** Maximum request body, e.g. `1m`, `10m`. */
  bodySize: string;
  /** Seconds the runtime waits for a rollout to become ready before the release fails. */
  deployTimeout: number;
  /** Kubernetes: refuse to start containers that would run as root (opt-in: many images need root). */
  runAsNonRoot: boolean;
  /** Promotions into this app wait for a different user's approval (pipelines). */
  requireApproval: boolean;
};

export type SettingsPatch = Partial<Omit<AppSettings, 'hsts'>> & {
  hsts?: Partial<AppSettings['hsts']>;
};

/** An audit record of a change to an app. */
export type AppEvent = {
  id: number;
  app: string;
  /** e.g. `app.create`, `release.create`, `scale`, `restart`, `domain.add`, `cert.add`, `settings.update`, `token.create`, `reconcile.drift`. */
  type: string;
  message: string;
  actor: string;
  createdAt: string;
  details?: Record<string, unknown>;
};

/** A deploy token for git push and scripts. `token` is only present in the creation response. */
/** A deploy token for git push; `token` itself only in the answer that creates it. */
export type DeployToken = {
  id: string;
  app: string;
  description: string;
  /** The user the token acts for, while that user still owns the app. */
  createdBy: string;
  createdAt: string;
  /** The last push or fetch with it (to the minute); absent when never used. */
  lastUsedAt?: string;
  /** From then on the token is refused. */
  expiresAt: string;
  token?: string;
};

/**
 * One page of a list (the shape of the catalog's `/entities/by-query`). Pass a cursor back as
 * `cursor` to get the next or previous page; a cursor is opaque and only valid for the same list.
 */
export type Page<T> = {
  items: T[];
  /** Number of items in the whole list (with the same filters). */
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
};

/** Paging of a list: `limit` (default 50, at most 500) items from `cursor`. */
export type PageQuery = { limit?: number; cursor?: string };

/** `GET /apps` filters, all applied on the server. */
export type AppsQuery = PageQuery & {
  /** Part of the app name. */
  q?: string;
  /** Owner entity refs (any of them). */
  owner?: string[];
  /** Status of the app's newest release. */
  status?: ReleaseStatus;
};

/** The newest release of an app, whatever its status. */
export type ReleaseSummary = {
  version: number;
  status: ReleaseStatus;
  reason?: string;
  createdAt: string;
};

/**
 * An app as listed by `GET /apps`: `release` is the one serving (config masked),
 * `latestRelease` the newest one, also when it failed.
 */
export type AppSummary = App & { latestRelease?: ReleaseSummary };

export type RunResult = {
  exitCode: number;
  output: string;
};

export type LogLine = {
  /** ISO timestamp */
  time: string;
  /** e.g. `web.1`, `worker.2`, `build`, `router` */
  source: string;
  line: string;
};
