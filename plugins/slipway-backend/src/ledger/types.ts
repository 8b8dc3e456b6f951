import type {
  AppEvent,
  AppHealth,
  AppSettings,
  AppSort,
  Build,
  Config,
  Domain,
  PipelineStage,
  ProcessStructure,
  PromotionStatus,
  ReleaseStatus,
} from '@slipway/plugin-slipway-common';

/** An app as stored. `owner` is a lowercase entity ref. */
export type AppRecord = {
  name: string;
  owner: string;
  cluster: string;
  structure: ProcessStructure;
  settings: AppSettings;
  createdAt: string;
  updatedAt: string;
  /** As the health monitor last observed it (absent before the app is stored). */
  health?: AppHealth;
  healthSince?: string;
  /** One line about the app, for its catalog entity. */
  description?: string;
};

/** A build as stored, with its log. */
export type BuildRecord = Omit<Build, 'log'> & { log: string };

/** A release as stored; `config` is the decrypted snapshot. */
export type ReleaseRecord = {
  app: string;
  version: number;
  buildId?: string;
  config: Config;
  summary: string;
  createdBy: string;
  createdAt: string;
  status: ReleaseStatus;
  reason?: string;
};

/** Where a release sits on a metrics chart. */
export type ReleaseMarkerRecord = Pick<
  ReleaseRecord,
  'version' | 'createdAt' | 'status' | 'summary'
>;

/** The release phase (Procfile `release:`) of one release: it runs once, ever. */
export type ReleasePhaseState = 'pending' | 'running' | 'done' | 'failed';

export type ReleasePhaseRecord = {
  state: ReleasePhaseState;
  /** The backend instance that started it. */
  runner?: string;
  startedAt?: string;
};

export type DomainRecord = Domain;

/** A certificate as stored, without its private key (see CertStore.withKeys). */
export type CertRecord = {
  app: string;
  name: string;
  certificate: string;
  subject: string;
  sans: string[];
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  createdBy: string;
  createdAt: string;
};

export type EventRecord = AppEvent;

export type NewEvent = Omit<AppEvent, 'id' | 'createdAt'> & {
  createdAt?: string;
};

export type TokenRecord = {
  id: string;
  app: string;
  description: string;
  createdBy: string;
  createdAt: string;
  /** From then on the token is refused. */
  expiresAt: string;
  /** The last push or fetch with it, to the minute. */
  lastUsedAt?: string;
};

/** A filter on apps the permission framework can turn conditions into (see permissions/). */
export type AppFilter =
  | { property: 'owner'; values: string[] }
  | { allOf: AppFilter[] }
  | { anyOf: AppFilter[] }
  | { not: AppFilter };

/** `GET /apps` filters (besides the caller's read filter). */
export type AppQuery = {
  /** Part of the name. */
  q?: string;
  /** Owners (normalised entity refs), any of them. */
  owners?: string[];
  /** Status of the newest release. */
  status?: ReleaseStatus;
  health?: AppHealth;
  /** Default: by name, ascending. */
  sort?: AppSort;
  order?: 'asc' | 'desc';
};

export type PipelineRecord = {
  name: string;
  /** Lowercase entity ref. */
  owner: string;
  createdBy: string;
  createdAt: string;
};

export type CouplingRecord = {
  app: string;
  pipeline: string;
  stage: PipelineStage;
  createdAt: string;
};

export type PromotionRecord = {
  id: string;
  pipeline: string;
  source: string;
  sourceVersion: number;
  /** The source's build (the target gets a copy of it). */
  buildId: string;
  target: string;
  status: PromotionStatus;
  requestedBy: string;
  requestedAt: string;
  expiresAt?: string;
  decidedBy?: string;
  decidedAt?: string;
  version?: number;
};

/** What produced a retained log line: a process's output, the platform, or the router (one per request). */
export type LogKind = 'app' | 'platform' | 'router';

/** A log line to retain. */
export type NewLogLine = {
  app: string;
  /** ISO timestamp */
  time: string;
  kind: LogKind;
  /** `web.1`, `slipway`, `router` */
  source: string;
  release?: number;
  line: string;
};

/** A retained log line; `id` orders lines as they were captured. */
export type LogLineRecord = NewLogLine & { id: number; processType: string };

/** Which retained lines to read; text `q` matches case-insensitively anywhere in the line. */
export type LogFilter = {
  since?: string;
  until?: string;
  processType?: string;
  kind?: LogKind;
  q?: string;
};

/** A log drain as stored; `url` is decrypted (it may hold credentials), `display` is masked. */
export type DrainRecord = {
  id: string;
  app: string;
  url: string;
  display: string;
  createdBy: string;
  createdAt: string;
};

/** Where a domain's automatic (ACME) certificate stands. */
export type AcmeState = 'pending' | 'issued' | 'failed';

/** A domain's automatic certificate: its state, when it is renewed next and why it last failed. */
export type AcmeDomainRecord = {
  domain: string;
  app: string;
  state: AcmeState;
  /** The certificate (in the certificate store) issued for the domain. */
  cert?: string;
  notAfter?: string;
  /** When the next attempt is due (renewal, or retry after a failure). */
  nextRenewal?: string;
  lastError?: string;
  /** Failed orders in a row (0 after a success): the retry backs off with it. */
  failures?: number;
  updatedAt: string;
};
