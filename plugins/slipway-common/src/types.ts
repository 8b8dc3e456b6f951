import type { PipelineStage } from './pipelines/types';

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
  /** One line about the app (given when it was created); its catalog entity's description. */
  description?: string;
  structure: ProcessStructure;
  createdAt: string;
  updatedAt: string;
  /** Default URL of the app through the router, e.g. `http://myapp.localhost:8080`. */
  url: string;
  /** The app's git remote, e.g. `http://localhost:7007/api/slipway/git/myapp.git`. */
  gitRemote: string;
  /** The newest succeeded (or pending) release; absent only while the app is being created. */
  release?: Release;
  /** The pipeline the app is coupled to (only from `GET /apps/:app`, create and transfer). */
  pipeline?: { name: string; stage: PipelineStage };
  /** Whether the platform lets apps run as root (`slipway.kubernetes.pods.allowRoot`); only from `GET /apps/:app`, create and transfer. */
  rootAllowed?: boolean;
  /** Whether the app serves, from its processes as the runtime last reported them (not its release status). */
  health?: AppHealth;
  /** When `health` last changed. */
  healthSince?: string;
};

/**
 * An app's health, separate from its releases' status: `up` (its processes run), `crashing`
 * (a process keeps exiting), `starting` (processes wanted, none up yet), `no-processes` (scaled
 * to zero), `maintenance` (the router answers with the maintenance page), `not-deployed` (no build yet).
 */
export type AppHealth =
  | 'up'
  | 'crashing'
  | 'starting'
  | 'no-processes'
  | 'maintenance'
  | 'not-deployed';

/** Every health, worst first (for filters and legends). */
export const APP_HEALTHS: AppHealth[] = [
  'crashing',
  'starting',
  'maintenance',
  'no-processes',
  'not-deployed',
  'up',
];

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
  /** The release this config is from (`GET /apps/:app/config` only): an edit sends it back as `baseVersion`. */
  version?: number;
};

/** `PATCH /apps/:app/config`. A `null` value unsets a key (or a limit/tag/healthcheck entry). */
export type ConfigPatch = {
  /**
   * The config `version` the edit was based on: if the config changed since, the PATCH is
   * refused (409) and changes nothing. Without it the PATCH applies to the config as it is now.
   */
  baseVersion?: number;
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
  /** The automatic (ACME) certificate's state, when the app has `autoTls` on the builtin router. */
  autoTls?: DomainAutoTls;
};

/** Where a domain's automatic certificate stands: issued, being issued, or failed (and why). */
export type DomainAutoTls = {
  state: 'pending' | 'issued' | 'failed';
  notAfter?: string;
  /** When it is renewed, or retried after a failure. */
  nextRenewal?: string;
  /** Why the last attempt failed (kept until one succeeds). */
  lastError?: string;
  updatedAt: string;
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

/** A retained log line (`GET /apps/{app}/logs/search`). */
export type RetainedLogLine = LogLine & {
  id: number;
  /** `app`: printed by a process; `platform`: said by Slipway (build, release, scale, exit); `router`: one per request. */
  kind: 'app' | 'platform' | 'router';
  /** `web` for `web.1`; `slipway` and `router` for their lines. */
  processType: string;
  /** The release the process ran, where known. */
  release?: number;
};

/** A log drain of an app (`GET /apps/{app}/drains`, owner only): its URL with secrets as `***`. */
export type LogDrain = {
  id: string;
  url: string;
  createdBy: string;
  createdAt: string;
  /** Lines sent, and lost to a full buffer (the drain was down or slow), since the backend started. */
  sent: number;
  dropped: number;
  lastError?: string;
};

/** `GET /apps/{app}/logs/search` filters. */
export type RetainedLogsQuery = PageQuery & {
  /** ISO timestamps: lines at or after `since`, before `until`. */
  since?: string;
  until?: string;
  /** A process type (`web`), or `slipway` / `router`. */
  process?: string;
  source?: RetainedLogLine['kind'];
  /** Text anywhere in the line, any case. */
  q?: string;
  /** `desc` (default): newest first. */
  order?: 'asc' | 'desc';
};

/** `GET /apps` filters, all applied on the server. */
export type AppsQuery = PageQuery & {
  /** Part of the app name. */
  q?: string;
  /** Owner entity refs (any of them). */
  owner?: string[];
  /** Status of the app's newest release. */
  status?: ReleaseStatus;
  /** The app's health. */
  health?: AppHealth;
  /** The order of the list (default `name`); ties are broken by name. */
  sort?: AppSort;
  /** `asc` (default) or `desc`. */
  order?: 'asc' | 'desc';
};

/** What `GET /apps` sorts by: name, owner, the newest release's time (`deployedAt`) or status, or health. */
export type AppSort = 'name' | 'owner' | 'deployedAt' | 'status' | 'health';

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

/** A status class of HTTP answers. */
export type MetricsStatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

/** What `GET /apps/:app/metrics` takes: ISO times and a step in seconds (a multiple of 60). */
export type MetricsQuery = { from?: string; to?: string; step?: number };

/**
 * Why an app's request figures are empty: `no-traffic` (nothing answered in the window),
 * `no-prometheus` (the router's requests are read from a Prometheus, and none is configured),
 * `router-not-counting` (the router does not tell Slipway its requests), `metrics-disabled`.
 * @public
 */
export type MetricsEmptyReason =
  | 'no-traffic'
  | 'no-prometheus'
  | 'router-not-counting'
  | 'metrics-disabled';

/**
 * An app's metrics on one time axis: `timestamps[i]` starts the i-th step and every series has
 * one value per step; `null` where nothing was measured (a latency without requests).
 */
export type AppMetrics = {
  from: string;
  to: string;
  /** Seconds. */
  step: number;
  /** Where the figures come from: the ledger's own time series, or Prometheus. */
  source: 'ledger' | 'prometheus';
  timestamps: string[];
  requests: Record<MetricsStatusClass, number[]>;
  /** Milliseconds. */
  latency: {
    p50: (number | null)[];
    p95: (number | null)[];
    p99: (number | null)[];
  };
  bytesOut: number[];
  /** Per process type: the highest memory of a step and the mean CPU (both summed over the type's processes). */
  processes: Array<{
    type: string;
    memoryBytes: (number | null)[];
    cpuMillicores: (number | null)[];
  }>;
  /** Why there are no request figures, when there are none (see MetricsEmptyReason). */
  empty?: { reason: MetricsEmptyReason; message: string };
  /** Releases created in the window, oldest first (at most 200, the newest). */
  releases: Array<{
    version: number;
    createdAt: string;
    status: ReleaseStatus;
    summary: string;
  }>;
};

/** What `GET /metrics/requests` takes: the apps (at most 100) and a window as for one app's metrics. */
export type RequestTotalsQuery = MetricsQuery & { app: string[] };

/**
 * Requests per step (all status classes) of several apps on one time axis, for sparklines. Apps
 * that do not exist or that the caller may not read are left out.
 */
export type RequestTotals = {
  from: string;
  to: string;
  /** Seconds. */
  step: number;
  source: 'ledger' | 'prometheus';
  timestamps: string[];
  apps: Array<{ app: string; requests: number[] }>;
  /** Why every app's figures are empty, when that is the platform's doing (not the apps' traffic). */
  empty?: { reason: MetricsEmptyReason; message: string };
};

/**
 * DORA's four figures over the last `days` days (see the definitions in docs/design.md);
 * `null` where nothing happened to measure.
 */
export type DeliveryFigures = {
  days: number;
  /** Releases of a build (deploys), whatever their outcome. */
  deploys: number;
  /** Succeeded deploys per day. */
  deploymentsPerDay: number;
  /** Median hours from the build's start (the push) to the release. */
  leadTimeHours: number | null;
  /** Share (0–1) of deploys that failed or were rolled back. */
  changeFailureRate: number | null;
  /** Median hours from a failed or rolled-back deploy to the next succeeded release. */
  timeToRestoreHours: number | null;
};

/** Delivery figures of one app or of the apps of an owner (a team) the caller may read. */
export type Delivery = DeliveryFigures & {
  /** The apps counted (for an owner, those the caller may read). */
  apps: string[];
};
