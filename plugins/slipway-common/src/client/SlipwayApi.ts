import type {
  App,
  AppEvent,
  AppMetrics,
  Delivery,
  MetricsQuery,
  RequestTotals,
  RequestTotalsQuery,
  AppsQuery,
  AppSummary,
  AppSettings,
  Build,
  Cert,
  ConfigPatch,
  ConfigView,
  DeployToken,
  Domain,
  LogDrain,
  Page,
  PageQuery,
  Process,
  ProcessStructure,
  Release,
  ReleaseDiff,
  RetainedLogLine,
  RetainedLogsQuery,
  RunResult,
  SettingsPatch,
} from '../types';
import type {
  Pipeline,
  PipelineStage,
  Promotion,
  PromotionResult,
} from '../pipelines';

/** The Slipway REST API (`/api/slipway`), as used by the portal, scaffolder actions and scripts. */
export interface SlipwayApi {
  /** One page of apps (default 50), filtered on the server; follow `pageInfo.nextCursor` for more. */
  listApps(query?: AppsQuery): Promise<Page<AppSummary>>;
  createApp(input: {
    name: string;
    owner?: string;
    description?: string;
    cluster?: string;
  }): Promise<App>;
  getApp(app: string): Promise<App>;
  transferApp(app: string, owner: string): Promise<App>;
  deleteApp(app: string): Promise<void>;

  getConfig(app: string): Promise<ConfigView>;
  patchConfig(app: string, patch: ConfigPatch): Promise<Release>;

  listBuilds(app: string, options?: PageQuery): Promise<Page<Build>>;
  getBuild(app: string, id: string): Promise<Build>;
  deployImage(
    app: string,
    input: { image: string; procfile?: Record<string, string>; sha?: string },
  ): Promise<Release>;

  listReleases(app: string, options?: PageQuery): Promise<Page<Release>>;
  getRelease(app: string, version: number): Promise<Release>;
  diffReleases(app: string, from: number, to: number): Promise<ReleaseDiff>;
  rollback(app: string, version?: number): Promise<Release>;

  listProcesses(app: string): Promise<Process[]>;
  scale(app: string, structure: ProcessStructure): Promise<ProcessStructure>;
  restart(
    app: string,
    target?: { type?: string; name?: string },
  ): Promise<void>;
  /**
   * Runs a one-off command. With `onLine`, its output is followed as it is printed (streamed,
   * each line masked like the result) and the result's `output` is every line received.
   */
  run(
    app: string,
    command: string,
    options?: { onLine?: (line: string) => void },
  ): Promise<RunResult>;
  /** The URL of the logs endpoint (for EventSource / streaming with `follow=true`). */
  logsUrl(
    app: string,
    options?: { lines?: number; type?: string; follow?: boolean },
  ): Promise<string>;
  getLogs(
    app: string,
    options?: { lines?: number; type?: string },
  ): Promise<string>;

  /** One page of the app's retained lines (newest first unless `order: 'asc'`), masked like live logs. */
  searchLogs(
    app: string,
    query?: RetainedLogsQuery,
  ): Promise<Page<RetainedLogLine>>;
  /** The app's log drains (owner only), URLs masked. */
  listDrains(app: string): Promise<LogDrain[]>;
  addDrain(app: string, url: string): Promise<LogDrain>;
  removeDrain(app: string, id: string): Promise<void>;

  /** Requests, latency, bytes and process use of an app, with its releases in the window. */
  getMetrics(app: string, query?: MetricsQuery): Promise<AppMetrics>;
  /** Requests per step of several apps (those the caller may read), for sparklines. */
  getRequestTotals(query: RequestTotalsQuery): Promise<RequestTotals>;

  /** DORA's four figures of an app over the last `days` days (default 30). */
  getAppDelivery(app: string, days?: number): Promise<Delivery>;
  /** DORA's four figures of the apps an owner (a team) owns that the caller may read. */
  getOwnerDelivery(owner: string, days?: number): Promise<Delivery>;

  listDomains(app: string): Promise<Domain[]>;
  addDomain(app: string, domain: string): Promise<Domain>;
  removeDomain(app: string, domain: string): Promise<void>;

  listCerts(app: string): Promise<Cert[]>;
  addCert(
    app: string,
    input: { name: string; certificate: string; key: string },
  ): Promise<Cert>;
  removeCert(app: string, name: string): Promise<void>;
  attachCert(app: string, name: string, domain: string): Promise<Cert>;
  detachCert(app: string, name: string, domain: string): Promise<Cert>;

  getSettings(app: string): Promise<AppSettings>;
  patchSettings(app: string, patch: SettingsPatch): Promise<AppSettings>;

  listEvents(app: string, options?: PageQuery): Promise<Page<AppEvent>>;

  listTokens(app: string): Promise<DeployToken[]>;
  createToken(
    app: string,
    input?: { description?: string },
  ): Promise<DeployToken>;
  revokeToken(app: string, id: string): Promise<void>;

  /** One page of the pipelines the caller may read, sorted by name. */
  listPipelines(query?: PageQuery): Promise<Page<Pipeline>>;
  createPipeline(input: { name: string; owner?: string }): Promise<Pipeline>;
  /** The pipeline with its pending promotions. */
  getPipeline(pipeline: string): Promise<Pipeline>;
  deletePipeline(pipeline: string): Promise<void>;
  /** Couples the app in `stage`, or moves it there. */
  coupleApp(
    pipeline: string,
    app: string,
    stage: PipelineStage,
  ): Promise<Pipeline>;
  decoupleApp(pipeline: string, app: string): Promise<void>;

  /** Promotes the app's current build to `to` (default: the apps of the next non-empty stage). */
  promote(
    app: string,
    to?: string[],
  ): Promise<{ promotions: PromotionResult[] }>;
  getPromotion(id: string): Promise<Promotion>;
  /** Approves a pending promotion (a different user than the requester). */
  approvePromotion(id: string): Promise<PromotionResult>;
  rejectPromotion(id: string): Promise<Promotion>;
  /** The requester ends their own pending promotion. */
  withdrawPromotion(id: string): Promise<Promotion>;
}
