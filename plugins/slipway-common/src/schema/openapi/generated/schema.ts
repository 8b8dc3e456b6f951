//
// GENERATED FILE: do not edit. Source: plugins/slipway-backend/src/schema/openapi.yaml; run `npm run openapi:generate`.
//
/* eslint-disable */

export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['Health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * @description One page of the apps the caller may read, filtered and sorted on the server (by name unless
     *     `sort` says otherwise; ties by name). Release configs are masked in the list.
     */
    get: operations['ListApps'];
    put?: never;
    /** @description Creates an app with release v1 (no build), its runtime resources and git remote. */
    post: operations['CreateApp'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['GetApp'];
    put?: never;
    post?: never;
    /** @description Destroys the app and everything it owns. */
    delete: operations['DeleteApp'];
    options?: never;
    head?: never;
    /** @description Gives the app to another owner (a User or Group the catalog knows, else 400). 409 when the app requires approval and the new owner leaves nobody to approve a member's promotion. */
    patch: operations['TransferApp'];
    trace?: never;
  };
  '/apps/{app}/config': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['GetConfig'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** @description Changes config as a new release; `null` unsets. A PATCH that changes nothing is 409. With `baseVersion` (the `version` of the config the edit was based on) a PATCH made after the config changed since is 409 too, and changes nothing. */
    patch: operations['PatchConfig'];
    trace?: never;
  };
  '/apps/{app}/builds': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['ListBuilds'];
    put?: never;
    /** @description Records a build of a prebuilt image and a release of it. */
    post: operations['DeployImage'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/builds/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        id: string;
      };
      cookie?: never;
    };
    get: operations['GetBuild'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/releases': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['ListReleases'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/releases/rollback': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description A new release with the build and config of `version` (default the previous release). */
    post: operations['Rollback'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/releases/{version}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        version: string;
      };
      cookie?: never;
    };
    get: operations['GetRelease'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/releases/{from}/diff/{to}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        from: string;
        to: string;
      };
      cookie?: never;
    };
    get: operations['DiffReleases'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/processes': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['ListProcesses'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/scale': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['Scale'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/restart': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['Restart'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/run': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['Run'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/logs': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['GetLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    /** @description Requests by status class, latency percentiles, bytes out and memory and CPU per process type, on one time axis of `step` seconds from `from` to `to` (default: the last hour), with the releases created in that window. Needs permission to read the app. A window of more than 1500 steps, or a step that is not a multiple of 60, is refused (400). */
    get: operations['GetMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics/requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Requests per step (all status classes) of up to 100 apps on one time axis, for the Apps page's sparklines (default: the last 24 hours in about 24 steps). Apps that do not exist or that the caller may not read are left out of the answer. */
    get: operations['GetRequestTotals'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/delivery': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    /** @description DORA's four figures of the app over the last `days` days (default 30), from its releases. */
    get: operations['GetAppDelivery'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/delivery': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description DORA's four figures of the apps an owner (a team) owns that the caller may read. */
    get: operations['GetOwnerDelivery'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/logs/search': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    /** @description The app's retained lines (kept across process and backend restarts, up to `slipway.logs.retain`): process output, Slipway's own lines and the router's line per request, masked like live logs. */
    get: operations['SearchLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/drains': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    /** @description The app's log drains (owner only), URLs masked, with what each sent and dropped since the backend started. */
    get: operations['ListDrains'];
    put?: never;
    /** @description Sends every retained line of the app also to `syslog+tls://host:port`, `syslog://host:port` (RFC 5424 over TCP) or an `https://` URL (POSTs of NDJSON). Loopback, private and link-local addresses are refused unless the operator allows them (`slipway.logs.drains.allowAddresses`). */
    post: operations['AddDrain'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/drains/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['RemoveDrain'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/domains': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['ListDomains'];
    put?: never;
    post: operations['AddDomain'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/domains/{domain}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        domain: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['RemoveDomain'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/certs': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['ListCerts'];
    put?: never;
    /** @description Uploads a certificate and its key (checked: PEM, key matches, not expired). It is attached at once to the app's domains it covers that have no certificate; `domains` in the answer lists them. */
    post: operations['AddCert'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/certs/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        name: components['parameters']['cert'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['RemoveCert'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/certs/{name}/attach': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        name: components['parameters']['cert'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AttachCert'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/certs/{name}/detach': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        name: components['parameters']['cert'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['DetachCert'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/settings': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['GetSettings'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['PatchSettings'];
    trace?: never;
  };
  '/apps/{app}/events': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['ListEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get: operations['ListTokens'];
    put?: never;
    post: operations['CreateToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        id: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['RevokeToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/pipelines': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Pipelines the caller may read, sorted by name. */
    get: operations['ListPipelines'];
    put?: never;
    /** @description Creates an empty pipeline (needs `slipway.pipeline.create`). Names follow the app-name rules. */
    post: operations['CreatePipeline'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/pipelines/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: components['parameters']['pipeline'];
      };
      cookie?: never;
    };
    get: operations['GetPipeline'];
    put?: never;
    post?: never;
    /** @description Deletes the pipeline and its pending promotions; the apps stay. */
    delete: operations['DeletePipeline'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/pipelines/{name}/apps/{app}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: components['parameters']['pipeline'];
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get?: never;
    /** @description Couples an app to the pipeline in a stage, or moves it to another stage. An app is in at most one pipeline (409). Needs `slipway.pipeline.update` and `slipway.app.update` on the app. */
    put: operations['CoupleApp'];
    post?: never;
    /** @description Decouples the app (needs `slipway.pipeline.update`); the app stays. */
    delete: operations['DecoupleApp'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/apps/{app}/promote': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * @description Promotes the app's current build (the same slug or image digest) to `to` (default: every app of the
     *     next non-empty stage). Each target gets a release with that build and its own config, or, when it
     *     has `settings.requireApproval`, a pending promotion. 201 when every target got a release, 202 when
     *     any waits for approval. 409 when the current release has no build or failed, or a target already
     *     runs that build. Needs `slipway.app.update` on every target.
     */
    post: operations['Promote'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/promotions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['promotion'];
      };
      cookie?: never;
    };
    /** @description A promotion (needs `slipway.app.read` on the target). */
    get: operations['GetPromotion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/promotions/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['promotion'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Makes the target's release. Needs `slipway.app.update` on the target and a different user than the requester (403). */
    post: operations['ApprovePromotion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/promotions/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['promotion'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Ends a pending promotion. Needs `slipway.app.update` on the target and a different user than the requester (403). */
    post: operations['RejectPromotion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/promotions/{id}/withdraw': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['promotion'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Ends a pending promotion its requester no longer wants (only the requester may; others reject it, 403). The approvers' notification says it was withdrawn. */
    post: operations['WithdrawPromotion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    PageInfo: {
      nextCursor?: string;
      prevCursor?: string;
    };
    /** @enum {string} */
    ReleaseStatus: 'pending' | 'succeeded' | 'failed';
    /**
     * @description Whether the app serves, from its processes as the runtime last reported them; separate
     *     from its releases' status. `up`, `crashing` (a process keeps exiting), `starting`
     *     (processes wanted, none up yet), `no-processes` (scaled to zero), `maintenance`,
     *     `not-deployed` (no build yet).
     * @enum {string}
     */
    AppHealth:
      | 'up'
      | 'crashing'
      | 'starting'
      | 'no-processes'
      | 'maintenance'
      | 'not-deployed';
    /** @description The newest release of an app, whatever its status. */
    ReleaseSummary: {
      version: number;
      status: components['schemas']['ReleaseStatus'];
      reason?: string;
      /** Format: date-time */
      createdAt: string;
    };
    /** @description An app as listed; `release` is the one serving, `latestRelease` the newest (also when it failed). */
    AppSummary: components['schemas']['App'] & {
      latestRelease?: components['schemas']['ReleaseSummary'];
    };
    AppPage: {
      items: components['schemas']['AppSummary'][];
      totalItems: number;
      pageInfo: components['schemas']['PageInfo'];
    };
    BuildPage: {
      items: components['schemas']['Build'][];
      totalItems: number;
      pageInfo: components['schemas']['PageInfo'];
    };
    ReleasePage: {
      items: components['schemas']['Release'][];
      totalItems: number;
      pageInfo: components['schemas']['PageInfo'];
    };
    EventPage: {
      items: components['schemas']['AppEvent'][];
      totalItems: number;
      pageInfo: components['schemas']['PageInfo'];
    };
    LogDrain: {
      id: string;
      /** @description Password and query values masked as ***. */
      url: string;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      /** @description Lines sent since the backend started. */
      sent: number;
      /** @description Lines lost to a full buffer (the drain was down or slow) since the backend started. */
      dropped: number;
      lastError?: string;
    };
    RetainedLogPage: {
      items: components['schemas']['RetainedLogLine'][];
      totalItems: number;
      pageInfo: components['schemas']['PageInfo'];
    };
    RetainedLogLine: {
      id: number;
      /** Format: date-time */
      time: string;
      /** @description `web.1`, `slipway`, `router` */
      source: string;
      /** @enum {string} */
      kind: 'app' | 'platform' | 'router';
      processType: string;
      release?: number;
      line: string;
    };
    StringMap: {
      [key: string]: string;
    };
    ProcessStructure: {
      [key: string]: number;
    };
    /** @description 1 to 30 lowercase letters, digits or hyphens, starting with a letter. */
    ProcessType: string;
    /** @description Entity ref of a User or Group the catalog knows (default kind group), or the caller's own ref; defaults to the caller. An owner the catalog does not know is refused (400). */
    OwnerRef: string;
    Autoscale: {
      min: number;
      max: number;
      cpuPercent: number;
    };
    App: {
      name: string;
      owner: string;
      cluster: string;
      description?: string;
      structure: components['schemas']['ProcessStructure'];
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      url: string;
      gitRemote: string;
      release?: components['schemas']['Release'];
      /** @description The pipeline the app is coupled to, if any (GET /apps/{app}, create and transfer only). */
      pipeline?: {
        name: string;
        stage: components['schemas']['PipelineStage'];
      };
      /** @description Whether the platform lets apps run as root (setting runAsNonRoot false; slipway.kubernetes.pods.allowRoot). Only from getting, creating and transferring one app. */
      rootAllowed?: boolean;
      health?: components['schemas']['AppHealth'];
      /** Format: date-time */
      healthSince?: string;
    };
    Build: {
      id: string;
      app: string;
      image: string;
      sha?: string;
      procfile: components['schemas']['StringMap'];
      /** @enum {string} */
      status: 'pending' | 'succeeded' | 'failed';
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      log?: string;
    };
    ProcessLimits: {
      memory?: string;
      cpu?: string;
    };
    Probe: {
      /** @enum {string} */
      type: 'http' | 'tcp' | 'exec';
      /** @description http probes only: starts with "/", no spaces. */
      path?: string;
      port?: number;
      /** @description exec probes only. */
      command?: string[];
      initialDelaySeconds?: number;
      timeoutSeconds?: number;
      periodSeconds?: number;
      failureThreshold?: number;
    };
    Healthcheck: {
      liveness?: components['schemas']['Probe'];
      readiness?: components['schemas']['Probe'];
    };
    ConfigView: {
      values: components['schemas']['StringMap'];
      limits: {
        [key: string]: components['schemas']['ProcessLimits'];
      };
      tags: components['schemas']['StringMap'];
      healthchecks: {
        [key: string]: components['schemas']['Healthcheck'];
      };
      keys: string[];
      revealed: boolean;
      /** @description The release this config is from (GET /config only): send it back as `baseVersion`. */
      version?: number;
    };
    /** @description Keys are config keys, process types and label keys: the service checks them. */
    ConfigPatch: {
      /** @description The `version` of the config the edit was based on; if the config changed since, the PATCH is refused (409) and changes nothing. Omit to apply the PATCH to whatever the config is now. */
      baseVersion?: number;
      /** @description Environment variables; `null` unsets. */
      values?: {
        [key: string]: string | null;
      };
      /** @description Limits by process type; `null` removes them. */
      limits?: {
        [key: string]: {
          /** @description A Kubernetes quantity like 512Mi or 1Gi. */
          memory?: string;
          /** @description A Kubernetes quantity like 500m or 2. */
          cpu?: string;
        } | null;
      };
      /** @description Kubernetes labels; `null` removes one. */
      tags?: {
        [key: string]: string | null;
      };
      /** @description Probes by process type; `null` removes them. */
      healthchecks?: {
        [key: string]: {
          liveness?: components['schemas']['Probe'];
          readiness?: components['schemas']['Probe'];
        } | null;
      };
    };
    Delivery: {
      days: number;
      deploys: number;
      deploymentsPerDay: number;
      leadTimeHours: number | null;
      changeFailureRate: number | null;
      timeToRestoreHours: number | null;
      apps: string[];
    };
    /** @description Why there are no request figures. */
    MetricsEmpty: {
      /** @enum {string} */
      reason:
        | 'no-traffic'
        | 'no-prometheus'
        | 'router-not-counting'
        | 'metrics-disabled';
      message: string;
    };
    RequestTotals: {
      from: string;
      to: string;
      step: number;
      /** @enum {string} */
      source: 'ledger' | 'prometheus';
      timestamps: string[];
      apps: {
        app: string;
        requests: number[];
      }[];
      empty?: components['schemas']['MetricsEmpty'];
    };
    AppMetrics: {
      from: string;
      to: string;
      step: number;
      /** @enum {string} */
      source: 'ledger' | 'prometheus';
      timestamps: string[];
      requests: {
        '1xx': number[];
        '2xx': number[];
        '3xx': number[];
        '4xx': number[];
        '5xx': number[];
      };
      latency: {
        p50: (number | null)[];
        p95: (number | null)[];
        p99: (number | null)[];
      };
      bytesOut: number[];
      processes: {
        type: string;
        memoryBytes: (number | null)[];
        cpuMillicores: (number | null)[];
      }[];
      empty?: components['schemas']['MetricsEmpty'];
      releases: {
        version: number;
        createdAt: string;
        /** @enum {string} */
        status: 'pending' | 'succeeded' | 'failed';
        summary: string;
      }[];
    };
    Release: {
      app: string;
      version: number;
      build?: components['schemas']['Build'];
      config: components['schemas']['ConfigView'];
      summary: string;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      /** @enum {string} */
      status: 'pending' | 'succeeded' | 'failed';
      reason?: string;
    };
    ReleaseDiff: {
      from: number;
      to: number;
      changes: {
        /** @enum {string} */
        section: 'values' | 'limits' | 'tags' | 'healthchecks' | 'build';
        key: string;
        /** @enum {string} */
        change: 'added' | 'removed' | 'changed';
        from?: string;
        to?: string;
      }[];
    };
    Process: {
      name: string;
      type: string;
      release: number;
      /** @enum {string} */
      state: 'starting' | 'up' | 'crashed' | 'stopping' | 'down';
      restarts: number;
      startedAt?: string;
      message?: string;
    };
    Domain: {
      app: string;
      domain: string;
      cert?: string;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      autoTls?: components['schemas']['DomainAutoTls'];
    };
    /** @description The automatic (ACME) certificate of a domain whose app has autoTls (builtin and nginx routers). */
    DomainAutoTls: {
      /** @enum {string} */
      state: 'pending' | 'issued' | 'failed';
      /** Format: date-time */
      notAfter?: string;
      /**
       * Format: date-time
       * @description When the certificate is renewed, or a failed attempt retried.
       */
      nextRenewal?: string;
      /** @description Why the last attempt failed. */
      lastError?: string;
      /** Format: date-time */
      updatedAt: string;
    };
    Cert: {
      app: string;
      name: string;
      certificate: string;
      subject: string;
      sans: string[];
      issuer: string;
      /** Format: date-time */
      notBefore: string;
      /** Format: date-time */
      notAfter: string;
      fingerprint: string;
      domains: string[];
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
    };
    Hsts: {
      enabled: boolean;
      maxAge: number;
      includeSubdomains: boolean;
      preload: boolean;
    };
    HstsPatch: {
      enabled?: boolean;
      maxAge?: number;
      includeSubdomains?: boolean;
      preload?: boolean;
    };
    AppSettings: {
      maintenance: boolean;
      routable: boolean;
      /** @description CIDRs allowed to reach the app (empty allows all). */
      allowlist: string[];
      httpsOnly: boolean;
      hsts: components['schemas']['Hsts'];
      autoTls: boolean;
      /** @description HorizontalPodAutoscaler bounds by process type (Kubernetes runtime only). */
      autoscale: {
        [key: string]: components['schemas']['Autoscale'];
      };
      connectTimeout: number;
      readTimeout: number;
      sendTimeout: number;
      /**
       * @description nginx-style size, at most 1024m ("0", unlimited, is refused).
       * @example 1m
       */
      bodySize: string;
      deployTimeout: number;
      /** @description Kubernetes runtime only; containers that would run as root are not started. */
      runAsNonRoot: boolean;
      /** @description Promotions into this app wait for a different user to approve them */
      requireApproval: boolean;
    };
    /** @description Settings to change; the others stay. */
    SettingsPatch: {
      maintenance?: boolean;
      routable?: boolean;
      /** @description CIDRs allowed to reach the app (empty allows all). */
      allowlist?: string[];
      httpsOnly?: boolean;
      hsts?: components['schemas']['HstsPatch'];
      autoTls?: boolean;
      /** @description HorizontalPodAutoscaler bounds by process type (Kubernetes runtime only). */
      autoscale?: {
        [key: string]: components['schemas']['Autoscale'];
      };
      connectTimeout?: number;
      readTimeout?: number;
      sendTimeout?: number;
      /**
       * @description nginx-style size, at most 1024m ("0", unlimited, is refused).
       * @example 1m
       */
      bodySize?: string;
      deployTimeout?: number;
      /** @description Kubernetes runtime only; containers that would run as root are not started. */
      runAsNonRoot?: boolean;
      /** @description Promotions into this app wait for a different user to approve them. Turning it on is refused (409) unless the owner is a Group with at least two members in the catalog, so that someone besides the requester can approve. */
      requireApproval?: boolean;
    };
    AppEvent: {
      id: number;
      app: string;
      type: string;
      message: string;
      actor: string;
      /** Format: date-time */
      createdAt: string;
      details?: {
        [key: string]: unknown;
      };
    };
    DeployToken: {
      id: string;
      app: string;
      description: string;
      /** @description The user the token acts for, while that user owns the app (the catalog's ownership, checked at every use). */
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description The last push or fetch with the token, to the minute; absent when never used.
       */
      lastUsedAt?: string;
      /** Format: date-time */
      expiresAt: string;
      token?: string;
    };
    /** @enum {string} */
    PipelineStage: 'review' | 'development' | 'staging' | 'production';
    PipelineApp: {
      name: string;
      stage: components['schemas']['PipelineStage'];
      /** @description The current (newest not failed) release. */
      release?: {
        version: number;
        /** @enum {string} */
        status: 'pending' | 'succeeded' | 'failed';
        summary: string;
        /** Format: date-time */
        createdAt: string;
        build?: {
          id: string;
          image: string;
          sha?: string;
        };
      };
      /**
       * @description The newest release's status
       * @enum {string}
       */
      status?: 'pending' | 'succeeded' | 'failed';
    };
    Pipeline: {
      name: string;
      owner: string;
      /** Format: date-time */
      createdAt: string;
      stages: {
        review: components['schemas']['PipelineApp'][];
        development: components['schemas']['PipelineApp'][];
        staging: components['schemas']['PipelineApp'][];
        production: components['schemas']['PipelineApp'][];
      };
      /** @description Promotions waiting for approval (GET /pipelines/{name} only). */
      pending?: components['schemas']['Promotion'][];
      /** @description The pipeline's newest decided promotions (at most 20), newest first (GET /pipelines/{name} only). */
      history?: components['schemas']['Promotion'][];
    };
    Promotion: {
      id: string;
      pipeline: string;
      source: string;
      sourceVersion: number;
      target: string;
      sha?: string;
      image: string;
      /** @enum {string} */
      status:
        | 'pending'
        | 'approved'
        | 'rejected'
        | 'expired'
        | 'superseded'
        | 'promoted'
        | 'withdrawn';
      requestedBy: string;
      /** Format: date-time */
      requestedAt: string;
      /** Format: date-time */
      expiresAt?: string;
      decidedBy?: string;
      /** Format: date-time */
      decidedAt?: string;
      /** @description The target's release it made */
      version?: number;
    };
    PromotionResult: {
      id: string;
      app: string;
      version?: number;
      /** @enum {string} */
      status: 'pending' | 'succeeded' | 'failed';
    };
  };
  responses: {
    /** @description The figures and the apps counted. */
    Delivery: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Delivery'];
      };
    };
    /** @description An app. */
    App: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['App'];
      };
    };
    /** @description A release. */
    Release: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Release'];
      };
    };
    /** @description A certificate (never its key). */
    Cert: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Cert'];
      };
    };
    /** @description A pipeline with its apps by stage. */
    Pipeline: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Pipeline'];
      };
    };
    /** @description One entry per target. */
    Promotions: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': {
          promotions: components['schemas']['PromotionResult'][];
        };
      };
    };
    /** @description The app's settings. */
    Settings: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['AppSettings'];
      };
    };
    /** @description 400 invalid input, 401, 403 not allowed, 404 not found, 409 conflict (nothing changed). */
    Error: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': {
          error: {
            name: string;
            message: string;
            stack?: string;
          };
          request?: {
            method: string;
            url: string;
          };
          response?: {
            statusCode: number;
          };
        };
      };
    };
  };
  parameters: {
    deliveryDays: number;
    app: string;
    cert: string;
    /** @description Items per page. */
    limit: number;
    /** @description `pageInfo.nextCursor` or `pageInfo.prevCursor` of a page of the same list. */
    cursor: string;
    pipeline: string;
    promotion: string;
  };
  requestBodies: {
    DomainRef: {
      content: {
        'application/json': {
          domain: string;
        };
      };
    };
  };
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  Health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The plugin is up. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            status?: string;
          };
        };
      };
    };
  };
  ListApps: {
    parameters: {
      query?: {
        /** @description Items per page. */
        limit?: components['parameters']['limit'];
        /** @description `pageInfo.nextCursor` or `pageInfo.prevCursor` of a page of the same list. */
        cursor?: components['parameters']['cursor'];
        /** @description Part of the app name (case-insensitive). */
        q?: string;
        /** @description Owner entity refs (repeatable); apps owned by any of them. */
        owner?: string[];
        /** @description Status of the app's newest release. */
        status?: components['schemas']['ReleaseStatus'];
        /** @description The app's health. */
        health?: components['schemas']['AppHealth'];
        /**
         * @description What the list is sorted by: `name` (default), `owner`, `deployedAt` (the newest
         *     release's time), `status` (the newest release's) or `health`. A cursor belongs to one
         *     sort and order.
         */
        sort?: 'name' | 'owner' | 'deployedAt' | 'status' | 'health';
        /** @description Ascending (default) or descending. */
        order?: 'asc' | 'desc';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of apps. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AppPage'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  CreateApp: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          owner?: components['schemas']['OwnerRef'];
          /** @description One line about the app; its catalog entity's description. */
          description?: string;
          /** @description A configured cluster (default `slipway.defaultCluster`). */
          cluster?: string;
        };
      };
    };
    responses: {
      201: components['responses']['App'];
      default: components['responses']['Error'];
    };
  };
  GetApp: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['App'];
      default: components['responses']['Error'];
    };
  };
  DeleteApp: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Destroyed. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  TransferApp: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          owner: components['schemas']['OwnerRef'];
        };
      };
    };
    responses: {
      200: components['responses']['App'];
      default: components['responses']['Error'];
    };
  };
  GetConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The config of the latest release. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConfigView'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  PatchConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ConfigPatch'];
      };
    };
    responses: {
      201: components['responses']['Release'];
      default: components['responses']['Error'];
    };
  };
  ListBuilds: {
    parameters: {
      query?: {
        /** @description Items per page. */
        limit?: components['parameters']['limit'];
        /** @description `pageInfo.nextCursor` or `pageInfo.prevCursor` of a page of the same list. */
        cursor?: components['parameters']['cursor'];
      };
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of builds, newest first, without logs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BuildPage'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  DeployImage: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description An image reference like registry.example.com/team/app:1.2 (no spaces). */
          image: string;
          /** @description Commands by process type (default `{web: ''}`: the image's own command). */
          procfile?: {
            [key: string]: string;
          };
          sha?: string;
        };
      };
    };
    responses: {
      201: components['responses']['Release'];
      default: components['responses']['Error'];
    };
  };
  GetBuild: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The build with its log. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Build'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  ListReleases: {
    parameters: {
      query?: {
        /** @description Items per page. */
        limit?: components['parameters']['limit'];
        /** @description `pageInfo.nextCursor` or `pageInfo.prevCursor` of a page of the same list. */
        cursor?: components['parameters']['cursor'];
      };
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of the ledger, newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReleasePage'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  Rollback: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          version?: number;
        };
      };
    };
    responses: {
      201: components['responses']['Release'];
      default: components['responses']['Error'];
    };
  };
  GetRelease: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Release'];
      default: components['responses']['Error'];
    };
  };
  DiffReleases: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        from: string;
        to: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Value-level differences; values are `****` without config read permission. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReleaseDiff'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  ListProcesses: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Running processes with their state. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Process'][];
        };
      };
      default: components['responses']['Error'];
    };
  };
  Scale: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          [key: string]: number;
        };
      };
    };
    responses: {
      /** @description The new process structure. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProcessStructure'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  Restart: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          type?: components['schemas']['ProcessType'];
          /** @description A process of the app, like web.1. */
          name?: string;
        };
      };
    };
    responses: {
      /** @description Restarted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  Run: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          command: string;
        };
      };
    };
    responses: {
      /** @description Exit code and output of the one-off command. With `Accept: application/x-ndjson` the output is streamed as it is printed: one JSON object per line, `{"line": "..."}` for each output line, then `{"exitCode": n}` (or `{"error": {...}}` when the run failed after it started). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            exitCode: number;
            output: string;
          };
          'application/x-ndjson': string;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetLogs: {
    parameters: {
      query?: {
        lines?: number;
        type?: string;
        follow?: boolean;
        previous?: boolean;
      };
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description With `previous=true` (Kubernetes; not with `follow`), the previous run of each process (a crashed or OOM-killed container). Plain text lines `<time> <source>: <line>`; with `follow=true`, server-sent events whose data is a JSON LogLine. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
          'text/event-stream': string;
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetMetrics: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
        step?: number;
      };
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The series; every array has one value per timestamp. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AppMetrics'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetRequestTotals: {
    parameters: {
      query: {
        app: string[];
        from?: string;
        to?: string;
        step?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Each readable app's requests, one value per timestamp. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RequestTotals'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  GetAppDelivery: {
    parameters: {
      query?: {
        days?: components['parameters']['deliveryDays'];
      };
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Delivery'];
      default: components['responses']['Error'];
    };
  };
  GetOwnerDelivery: {
    parameters: {
      query: {
        owner: string;
        days?: components['parameters']['deliveryDays'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Delivery'];
      default: components['responses']['Error'];
    };
  };
  SearchLogs: {
    parameters: {
      query?: {
        /** @description Items per page. */
        limit?: components['parameters']['limit'];
        /** @description `pageInfo.nextCursor` or `pageInfo.prevCursor` of a page of the same list. */
        cursor?: components['parameters']['cursor'];
        /** @description Lines at or after this time (ISO 8601). */
        since?: string;
        /** @description Lines before this time (ISO 8601). */
        until?: string;
        /** @description A process type (`web`), or `slipway` or `router`. */
        process?: string;
        source?: 'app' | 'platform' | 'router';
        /** @description Text anywhere in the line, in any case (no wildcards). */
        q?: string;
        /** @description `desc` (default): newest first; `asc`: oldest first. */
        order?: 'asc' | 'desc';
      };
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of retained lines. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RetainedLogPage'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  ListDrains: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The drains, oldest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LogDrain'][];
        };
      };
      default: components['responses']['Error'];
    };
  };
  AddDrain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          url: string;
        };
      };
    };
    responses: {
      /** @description The drain, URL masked. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LogDrain'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  RemoveDrain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  ListDomains: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Custom domains, sorted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Domain'][];
        };
      };
      default: components['responses']['Error'];
    };
  };
  AddDomain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          domain: string;
        };
      };
    };
    responses: {
      /** @description The domain. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Domain'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  RemoveDomain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        domain: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  ListCerts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Certificates (never their keys). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Cert'][];
        };
      };
      default: components['responses']['Error'];
    };
  };
  AddCert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description 1 to 63 lowercase letters, digits or inner hyphens, like www-example-com. */
          name: string;
          /** @description PEM certificate (chain) */
          certificate: string;
          /** @description PEM private key; stored encrypted, never returned */
          key: string;
        };
      };
    };
    responses: {
      201: components['responses']['Cert'];
      default: components['responses']['Error'];
    };
  };
  RemoveCert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        name: components['parameters']['cert'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed; domains it was attached to lose TLS. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  AttachCert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        name: components['parameters']['cert'];
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['DomainRef'];
    responses: {
      200: components['responses']['Cert'];
      default: components['responses']['Error'];
    };
  };
  DetachCert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        name: components['parameters']['cert'];
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['DomainRef'];
    responses: {
      200: components['responses']['Cert'];
      default: components['responses']['Error'];
    };
  };
  GetSettings: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Settings'];
      default: components['responses']['Error'];
    };
  };
  PatchSettings: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SettingsPatch'];
      };
    };
    responses: {
      200: components['responses']['Settings'];
      default: components['responses']['Error'];
    };
  };
  ListEvents: {
    parameters: {
      query?: {
        /** @description Items per page. */
        limit?: components['parameters']['limit'];
        /** @description `pageInfo.nextCursor` or `pageInfo.prevCursor` of a page of the same list. */
        cursor?: components['parameters']['cursor'];
      };
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of the audit trail, newest first. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventPage'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  ListTokens: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deploy tokens (without the tokens themselves). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeployToken'][];
        };
      };
      default: components['responses']['Error'];
    };
  };
  CreateToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          /** @description One line of printable text (no control characters, line or paragraph separators, or bidirectional overrides). */
          description?: string;
          /** @description Lifetime in days (default `slipway.git.tokenTtl`, 90 days; at most `slipway.git.maxTokenTtl`, 365 days). */
          expiresInDays?: number;
        };
      };
    };
    responses: {
      /** @description The token; `token` appears only in this response. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeployToken'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  RevokeToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  ListPipelines: {
    parameters: {
      query?: {
        /** @description Items per page. */
        limit?: components['parameters']['limit'];
        /** @description `pageInfo.nextCursor` or `pageInfo.prevCursor` of a page of the same list. */
        cursor?: components['parameters']['cursor'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of pipelines. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Pipeline'][];
            totalItems: number;
            pageInfo: components['schemas']['PageInfo'];
          };
        };
      };
      default: components['responses']['Error'];
    };
  };
  CreatePipeline: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          owner?: components['schemas']['OwnerRef'];
        };
      };
    };
    responses: {
      201: components['responses']['Pipeline'];
      default: components['responses']['Error'];
    };
  };
  GetPipeline: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: components['parameters']['pipeline'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Pipeline'];
      default: components['responses']['Error'];
    };
  };
  DeletePipeline: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: components['parameters']['pipeline'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  CoupleApp: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: components['parameters']['pipeline'];
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          stage: components['schemas']['PipelineStage'];
        };
      };
    };
    responses: {
      200: components['responses']['Pipeline'];
      default: components['responses']['Error'];
    };
  };
  DecoupleApp: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: components['parameters']['pipeline'];
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Decoupled. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      default: components['responses']['Error'];
    };
  };
  Promote: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        app: components['parameters']['app'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          /** @description App names of later stages of the pipeline. */
          to?: string[];
        };
      };
    };
    responses: {
      201: components['responses']['Promotions'];
      202: components['responses']['Promotions'];
      default: components['responses']['Error'];
    };
  };
  GetPromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['promotion'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The promotion. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  ApprovePromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['promotion'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The target's new release. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PromotionResult'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  RejectPromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['promotion'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The rejected promotion. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      default: components['responses']['Error'];
    };
  };
  WithdrawPromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['promotion'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The withdrawn promotion. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Promotion'];
        };
      };
      default: components['responses']['Error'];
    };
  };
}
