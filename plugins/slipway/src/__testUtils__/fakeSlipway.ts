import {
  configKeyProblem,
  parseOwnerRef,
  domainProblem,
  replicasProblem,
  type App,
  type AppMetrics,
  type Delivery,
  type AppEvent,
  type AppSettings,
  type AppSummary,
  type Build,
  type Cert,
  type Config,
  type ConfigView,
  type DeployToken,
  type Domain,
  type LogDrain,
  type RetainedLogLine,
  type Process,
  type Release,
  type ReleaseDiffEntry,
  hostnameMatches,
} from '@slipway/plugin-slipway-common';
import { HttpResponse, type HttpHandler } from 'msw';
import {
  errorResponse,
  serveOperation,
  type Answer,
  type OperationId,
  type PathParams,
  type Served,
} from './contractRoute';
import { drainRefusal, maskUrl, searchRetained } from './fakeRetainedLogs';

export { errorResponse };

/** The user's token; the portal's fetch API sends it, the fake refuses requests without it. */
export const TEST_TOKEN = 'test-user-token';

/** Where the fake Slipway backend answers in tests. */
export const BASE_URL = 'http://slipway.test/api/slipway';

const invalid = (message: string) => errorResponse(400, 'InputError', message);
const notFound = (message: string) =>
  errorResponse(404, 'NotFoundError', message);

type AppRecord = {
  app: Omit<App, 'release'>;
  releases: Release[];
  config: Config;
  builds: Build[];
  processes: Process[];
  domains: Domain[];
  certs: Cert[];
  settings: AppSettings;
  events: AppEvent[];
  tokens: DeployToken[];
  /** Kept lines (`GET /logs/search`), oldest first, ids rising. */
  retained: RetainedLogLine[];
  drains: LogDrain[];
};

const T0 = '2026-11-20T10:00:00.000Z';
const DAY = 24 * 3600 * 1000;

function emptyMetrics(): AppMetrics {
  const none: number[] = [];
  return {
    from: T0,
    to: T0,
    step: 60,
    source: 'ledger',
    timestamps: [],
    requests: {
      '1xx': none,
      '2xx': none,
      '3xx': none,
      '4xx': none,
      '5xx': none,
    },
    latency: { p50: [], p95: [], p99: [] },
    bytesOut: [],
    processes: [],
    empty: {
      reason: 'no-traffic',
      message:
        'No requests in this window: the router has counted none for this app yet.',
    },
    releases: [],
  };
}

export function defaultSettings(): AppSettings {
  return {
    maintenance: false,
    routable: true,
    allowlist: [],
    httpsOnly: false,
    hsts: {
      enabled: false,
      maxAge: 31536000,
      includeSubdomains: false,
      preload: false,
    },
    autoTls: false,
    autoscale: {},
    connectTimeout: 30,
    readTimeout: 60,
    sendTimeout: 60,
    bodySize: '1m',
    deployTimeout: 120,
    runAsNonRoot: true,
    requireApproval: false,
  };
}

/**
 * A stateful stand-in for the Slipway REST API that answers like the backend: the paths, status
 * codes and shapes of openapi.yaml (each handler is typed by the types generated from it, and
 * every request body and answer is checked against it at run time), its validation and error
 * shape. Tests read its state to prove what was (or was not) changed.
 */
export class FakeSlipway {
  readonly apps = new Map<string, AppRecord>();
  /** Requests and answers that did not match the spec; setupFakeSlipway fails the test on any. */
  readonly drift: string[] = [];
  /** Whether the caller may read config values (else they come masked). */
  revealConfig = true;
  /** `slipway.kubernetes.pods.allowRoot` of the platform: whether apps may set `runAsNonRoot: false`. */
  rootAllowed = true;
  /** Requests received, as `METHOD /path`, for asserting that nothing was sent. */
  readonly requests: string[] = [];
  /** Query strings `GET /apps` was called with. */
  readonly appQueries: URLSearchParams[] = [];
  /** Query strings the retained logs' search was called with. */
  readonly logSearchQueries: URLSearchParams[] = [];
  /** Query strings the logs endpoint was called with. */
  readonly logQueries: URLSearchParams[] = [];
  /** What `GET /apps/:app/metrics` answers (series over the asked window; empty when unset). */
  metrics?: (url: URL) => AppMetrics;
  /** Requests per step of each app for the Apps page's sparklines (default: none). */
  requestTotals?: (app: string, steps: number) => number[];
  readonly requestTotalsQueries: URLSearchParams[] = [];
  /** The figures the delivery endpoints answer (with the apps counted); none by default. */
  delivery?: Omit<Delivery, 'apps'>;
  /** Query strings the metrics endpoint was called with. */
  readonly metricsQueries: URLSearchParams[] = [];
  /** The body of the logs endpoint with `follow=true`; tests push events into it. */
  logStream?: () => ReadableStream<Uint8Array>;
  /** The body of a streamed run (`Accept: application/x-ndjson`); tests push lines into it. */
  runStream?: () => ReadableStream<Uint8Array>;
  private nextEvent = 1;
  /** Each release's config, so diffs and rollbacks see it. */
  private readonly configsByVersion = new Map<string, Config>();

  private deliveryOf(apps: string[], url: URL): Delivery {
    const days = Number(url.searchParams.get('days') ?? 30);
    return {
      days,
      deploys: 0,
      deploymentsPerDay: 0,
      leadTimeHours: null,
      changeFailureRate: null,
      timeToRestoreHours: null,
      ...this.delivery,
      apps,
    };
  }

  addApp(
    name: string,
    options: {
      owner?: string;
      structure?: Record<string, number>;
      /** `local` (the default) or a Kubernetes cluster's name. */
      cluster?: string;
    } = {},
  ) {
    const config: Config = {
      values: {},
      limits: {},
      tags: {},
      healthchecks: {},
    };
    const record: AppRecord = {
      app: {
        name,
        owner: options.owner ?? 'group:default/team-a',
        cluster: options.cluster ?? 'local',
        structure: options.structure ?? {},
        createdAt: T0,
        updatedAt: T0,
        url: `http://${name}.localhost:8080`,
        gitRemote: `http://localhost:7007/api/slipway/git/${name}.git`,
      },
      releases: [],
      config,
      builds: [],
      processes: [],
      domains: [],
      certs: [],
      settings: defaultSettings(),
      events: [],
      tokens: [],
      retained: [],
      drains: [],
    };
    this.apps.set(name, record);
    this.release(record, {
      summary: 'created app',
      createdBy: 'user:default/jane',
    });
    return record;
  }

  /** Appends a release to the ledger, as the backend does for a build or config change. */
  release(
    record: AppRecord,
    options: {
      summary: string;
      createdBy?: string;
      build?: Build;
      config?: Config;
      status?: Release['status'];
    },
  ): Release {
    const previous = record.releases[0];
    const release: Release = {
      app: record.app.name,
      version: (previous?.version ?? 0) + 1,
      build: options.build ?? previous?.build,
      config: this.view(options.config ?? record.config),
      summary: options.summary,
      createdBy: options.createdBy ?? 'user:default/jane',
      createdAt: new Date(
        Date.parse(T0) + record.releases.length * 60000,
      ).toISOString(),
      status: options.status ?? 'succeeded',
    };
    record.releases.unshift(release);
    if (options.config) record.config = options.config;
    this.configsByVersion.set(
      `${record.app.name}:${release.version}`,
      record.config,
    );
    return release;
  }

  /** Records a build with a Procfile and the release that deploys it. */
  deploy(
    record: AppRecord,
    procfile: Record<string, string>,
    sha = '1a2b3c4d5e6f',
  ) {
    const build: Build = {
      id: `b${record.builds.length + 1}0000000-aaaa`,
      app: record.app.name,
      image: `slug:${sha}`,
      sha,
      procfile,
      status: 'succeeded',
      createdBy: 'user:default/jane',
      createdAt: T0,
      log: `-----> Building ${sha}\n-----> Done`,
    };
    record.builds.unshift(build);
    for (const type of Object.keys(procfile)) {
      record.app.structure[type] ??= type === 'web' ? 1 : 0;
    }
    return this.release(record, {
      summary: `deployed ${sha.slice(0, 7)}`,
      build,
    });
  }

  /** msw handlers for every operation the portal calls, checked against the spec (see serveOperation). */
  handlers(): HttpHandler[] {
    return [
      this.route('ListApps', ({ url }) => {
        const query = url.searchParams;
        this.appQueries.push(query);
        // Filtered on the server, like the backend: name part, owners, newest release's status.
        const owners = query.getAll('owner');
        const items = [...this.apps.values()]
          .map(r => this.appSummary(r))
          .filter(a => !query.get('q') || a.name.includes(query.get('q')!))
          .filter(a => owners.length === 0 || owners.includes(a.owner))
          .filter(
            a =>
              !query.get('status') ||
              a.latestRelease?.status === query.get('status'),
          )
          .filter(
            a => !query.get('health') || a.health === query.get('health'),
          );
        // Sorted like the backend when asked (ties by name); else in the order apps were added.
        const sort = query.get('sort');
        if (sort) {
          const keyOf = (a: AppSummary) =>
            ({
              name: '',
              owner: a.owner,
              deployedAt: a.latestRelease?.createdAt ?? '',
              status: a.latestRelease?.status ?? '',
              health: a.health ?? '',
            }[sort] ?? '');
          items.sort(
            (a, b) =>
              keyOf(a).localeCompare(keyOf(b)) || a.name.localeCompare(b.name),
          );
          if (query.get('order') === 'desc') items.reverse();
        }
        return pageOf(items, url, 20);
      }),
      this.route('CreateApp', ({ body }) => {
        if (this.apps.has(body.name))
          return errorResponse(
            409,
            'ConflictError',
            `App "${body.name}" already exists`,
          );
        const owner = parseOwnerRef(body.owner ?? 'user:default/jane');
        if (owner.problem !== undefined) return invalid(owner.problem);
        const record = this.addApp(body.name, {
          owner: owner.ref,
          cluster: body.cluster,
        });
        if (body.description) record.app.description = body.description;
        return this.appView(record);
      }),
      this.route('GetApp', ({ record }) => this.appView(record)),
      this.route('TransferApp', ({ record, body }) => {
        // The backend's rule: a bare name is a group (`team-b` → `group:default/team-b`).
        const owner = parseOwnerRef(body.owner);
        if (owner.problem !== undefined) return invalid(owner.problem);
        record.app.owner = owner.ref;
        return this.appView(record);
      }),
      this.route('DeleteApp', ({ record }) => {
        this.apps.delete(record.app.name);
      }),
      this.route('GetConfig', ({ record }) => ({
        ...this.view(record.config),
        version: record.releases[0]?.version ?? 1,
      })),
      this.route('PatchConfig', ({ record, body }) => {
        // Like the backend: an edit based on config that changed since is refused.
        const latest = record.releases[0]?.version ?? 1;
        if (body.baseVersion !== undefined && body.baseVersion !== latest) {
          const base = this.configsByVersion.get(
            `${record.app.name}:${body.baseVersion}`,
          );
          if (JSON.stringify(base) !== JSON.stringify(record.config)) {
            return errorResponse(
              409,
              'ConflictError',
              `The config of "${record.app.name}" changed since v${body.baseVersion} (now v${latest}); reload it and apply your edits again`,
            );
          }
        }
        const values = { ...record.config.values };
        const said: string[] = [];
        for (const [key, value] of Object.entries(body.values ?? {})) {
          const problem = configKeyProblem(key);
          if (problem) return invalid(problem);
          if (value === null) {
            if (key in values) said.push(`removed ${key}`);
            delete values[key];
          } else if (values[key] !== value) {
            said.push(`${key in values ? 'changed' : 'added'} ${key}`);
            values[key] = value;
          }
        }
        // Limits, tags and healthchecks merge like values (null removes an entry).
        const sections: Partial<Config> = {};
        for (const section of ['limits', 'tags', 'healthchecks'] as const) {
          const changes = body[section];
          if (!changes) continue;
          const merged: Record<string, unknown> = { ...record.config[section] };
          for (const [key, value] of Object.entries(changes)) {
            if (value === null) delete merged[key];
            else merged[key] = value;
            said.push(`${section} of ${key}`);
          }
          (sections as Record<string, unknown>)[section] = merged;
        }
        if (said.length === 0) {
          return errorResponse(
            409,
            'ConflictError',
            'The config change changes nothing',
          );
        }
        return this.release(record, {
          summary: `jane@ ${said.join(', ')}`,
          config: { ...record.config, ...sections, values },
        });
      }),
      this.route('ListBuilds', ({ record, url }) =>
        pageOf(
          record.builds.map(({ log, ...b }) => b),
          url,
          20,
        ),
      ),
      this.route(
        'GetBuild',
        ({ record, params }) =>
          record.builds.find(b => b.id === params.id) ??
          notFound('No such build'),
      ),
      this.route('ListReleases', ({ record, url }) =>
        pageOf(record.releases, url, 20),
      ),
      this.route('DiffReleases', ({ record, params }) => {
        const from = record.releases.find(x => x.version === +params.from);
        const to = record.releases.find(x => x.version === +params.to);
        if (!from || !to) return notFound('No such release');
        return {
          from: from.version,
          to: to.version,
          changes: this.diff(record, from, to),
        };
      }),
      this.route('Rollback', ({ record, body }) => {
        const version = body?.version ?? record.releases[1]?.version;
        const target = record.releases.find(x => x.version === version);
        if (!target) return notFound(`No release v${version}`);
        if (target.version === 1 || target.status === 'failed') {
          return invalid(`Cannot roll back to v${target.version}`);
        }
        return this.release(record, {
          summary: `rolled back to v${target.version}`,
          build: target.build,
          config:
            this.configsByVersion.get(`${record.app.name}:${target.version}`) ??
            record.config,
        });
      }),
      this.route('DeployImage', ({ record, body }) => {
        if (/\s/.test(body.image)) {
          return invalid('image must be an image reference');
        }
        const build: Build = {
          id: `b${record.builds.length + 1}0000000-image`,
          app: record.app.name,
          image: body.image,
          procfile: record.releases[0]?.build?.procfile ?? { web: '' },
          status: 'succeeded',
          createdBy: 'user:default/jane',
          createdAt: T0,
        };
        record.builds.unshift(build);
        return this.release(record, {
          summary: `deployed ${body.image}`,
          build,
        });
      }),
      this.route('Run', ({ body, request }) => {
        const exitCode = body.command.startsWith('false') ? 1 : 0;
        if (!request.headers.get('accept')?.includes('application/x-ndjson'))
          return { exitCode, output: `ran: ${body.command}` };
        // Streamed: lines the test writes (runStream), else the whole run at once.
        const stream =
          this.runStream?.() ??
          new Response(
            `${JSON.stringify({
              line: `ran: ${body.command}`,
            })}\n${JSON.stringify({ exitCode })}\n`,
          ).body!;
        return new Response(stream, {
          headers: { 'content-type': 'application/x-ndjson' },
        });
      }),
      this.route('ListProcesses', ({ record }) => record.processes),
      this.route('Scale', ({ record, body }) => {
        for (const [type, replicas] of Object.entries(body)) {
          const problem = replicasProblem(type, replicas);
          if (problem) return invalid(problem);
          if (!(type in record.app.structure)) {
            return invalid(`${record.app.name} has no process type "${type}"`);
          }
        }
        Object.assign(record.app.structure, body);
        this.event(record, 'scale', `scaled ${JSON.stringify(body)}`);
        return record.app.structure;
      }),
      this.route('Restart', ({ record }) => {
        this.event(record, 'restart', 'restarted');
      }),
      this.route('GetLogs', ({ url }) => {
        this.logQueries.push(url.searchParams);
        if (url.searchParams.get('follow') === 'true' && this.logStream) {
          return new HttpResponse(this.logStream(), {
            headers: { 'Content-Type': 'text/event-stream' },
          });
        }
        return new HttpResponse('', {
          headers: { 'Content-Type': 'text/plain' },
        });
      }),
      this.route('SearchLogs', ({ record, url }) => {
        this.logSearchQueries.push(url.searchParams);
        return searchRetained(record.retained, url);
      }),
      this.route('ListDrains', ({ record }) => record.drains),
      this.route('AddDrain', ({ record, body }) => {
        const refusal = drainRefusal(body.url, record.drains);
        if (refusal) return invalid(refusal);
        const drain: LogDrain = {
          id: `d${record.drains.length + 1}`,
          url: maskUrl(body.url),
          createdBy: 'user:default/jane',
          createdAt: T0,
          sent: 0,
          dropped: 0,
        };
        record.drains.push(drain);
        return drain;
      }),
      this.route('RemoveDrain', ({ record, params }) => {
        const index = record.drains.findIndex(d => d.id === params.id);
        if (index < 0) return notFound(`No drain ${params.id}`);
        record.drains.splice(index, 1);
        return undefined;
      }),
      this.route('GetMetrics', ({ url }) => {
        this.metricsQueries.push(url.searchParams);
        return this.metrics?.(url) ?? emptyMetrics();
      }),
      this.route('GetRequestTotals', ({ url }) => {
        this.requestTotalsQueries.push(url.searchParams);
        const to = Date.parse(url.searchParams.get('to') ?? T0);
        const step = Number(url.searchParams.get('step') ?? 3600);
        const from = Date.parse(
          url.searchParams.get('from') ??
            new Date(to - 86_400_000).toISOString(),
        );
        const steps = Math.ceil((to - from) / (step * 1000));
        const timestamps = Array.from({ length: steps }, (_, i) =>
          new Date(from + i * step * 1000).toISOString(),
        );
        return {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          step,
          source: 'ledger' as const,
          timestamps,
          apps: url.searchParams
            .getAll('app')
            .filter(app => this.apps.has(app))
            .map(app => ({
              app,
              requests:
                this.requestTotals?.(app, steps) ??
                new Array<number>(steps).fill(0),
            })),
        };
      }),
      this.route('GetAppDelivery', ({ record, url }) =>
        this.deliveryOf([record.app.name], url),
      ),
      this.route('GetOwnerDelivery', ({ url }) =>
        this.deliveryOf(
          [...this.apps.values()]
            .filter(r => r.app.owner === url.searchParams.get('owner'))
            .map(r => r.app.name)
            .sort(),
          url,
        ),
      ),
      this.route('ListDomains', ({ record }) => record.domains),
      this.route('AddDomain', ({ record, body }) => {
        const problem = domainProblem(body.domain);
        if (problem) return invalid(problem);
        for (const other of this.apps.values()) {
          if (other.domains.some(d => d.domain === body.domain)) {
            return errorResponse(
              409,
              'ConflictError',
              `${body.domain} is already used by ${other.app.name}`,
            );
          }
        }
        const added: Domain = {
          app: record.app.name,
          domain: body.domain,
          createdBy: 'user:default/jane',
          createdAt: T0,
        };
        record.domains.push(added);
        return added;
      }),
      this.route('RemoveDomain', ({ record, params }) => {
        record.domains = record.domains.filter(d => d.domain !== params.domain);
      }),
      this.route('ListCerts', ({ record }) => record.certs),
      this.route('AddCert', ({ record, body }) => {
        if (!body.certificate.includes('BEGIN CERTIFICATE')) {
          return invalid('The certificate is not a PEM certificate');
        }
        const cert = fakeCert(
          record.app.name,
          body.name,
          ['www.example.com'],
          90,
        );
        // Like the backend: attached at once to the domains it covers that have no certificate.
        for (const d of record.domains) {
          if (
            !d.cert &&
            cert.sans.some(san => hostnameMatches(san, d.domain))
          ) {
            d.cert = cert.name;
            cert.domains.push(d.domain);
          }
        }
        record.certs.push(cert);
        return cert;
      }),
      this.route('RemoveCert', ({ record, params }) => {
        record.certs = record.certs.filter(c => c.name !== params.name);
        for (const d of record.domains) {
          if (d.cert === params.name) delete d.cert;
        }
      }),
      this.route('AttachCert', ({ record, params, body }) =>
        this.attachment(record, params.name, body.domain, true),
      ),
      this.route('DetachCert', ({ record, params, body }) =>
        this.attachment(record, params.name, body.domain, false),
      ),
      this.route('GetSettings', ({ record }) => record.settings),
      this.route('PatchSettings', ({ record, body }) => {
        // Like the backend on the local runtime: only Kubernetes autoscales.
        if (
          Object.keys(body.autoscale ?? {}).length > 0 &&
          record.app.cluster === 'local'
        ) {
          return invalid(
            'autoscale needs the kubernetes runtime (a HorizontalPodAutoscaler per process type); this backend runs the "local" runtime',
          );
        }
        // Like the backend: root is the platform's decision.
        if (body.runAsNonRoot === false && !this.rootAllowed) {
          return invalid(
            'runAsNonRoot: false is not allowed on this platform: apps run as non-root unless the operator sets slipway.kubernetes.pods.allowRoot',
          );
        }
        record.settings = {
          ...record.settings,
          ...body,
          hsts: { ...record.settings.hsts, ...body.hsts },
        } as AppSettings;
        this.event(record, 'settings.update', 'updated settings');
        return record.settings;
      }),
      this.route('ListEvents', ({ record, url }) =>
        pageOf(record.events, url, 50),
      ),
      this.route('ListTokens', ({ record }) => record.tokens),
      this.route('RevokeToken', ({ record, params }) => {
        const index = record.tokens.findIndex(t => t.id === params.id);
        if (index < 0) return notFound(`No token ${params.id}`);
        record.tokens.splice(index, 1);
        return undefined;
      }),
      this.route('CreateToken', ({ record, body }) => {
        const token: DeployToken = {
          id: `t${record.tokens.length + 1}`,
          app: record.app.name,
          description: body.description ?? '',
          createdBy: 'user:default/jane',
          createdAt: T0,
          expiresAt: new Date(Date.parse(T0) + 90 * DAY).toISOString(),
        };
        record.tokens.push(token);
        return { ...token, token: `slp_secret_${record.tokens.length}` };
      }),
    ];
  }

  /**
   * One operation as the backend serves it: the caller must be signed in, an `:app` must exist
   * (`record` is its state), and the request and answer must match the spec.
   */
  private route<K extends OperationId>(
    operationId: K,
    handle: (
      served: Served<K> & {
        record: 'app' extends keyof PathParams<K> ? AppRecord : undefined;
      },
    ) => Answer<K> | Response,
  ): HttpHandler {
    return serveOperation(
      BASE_URL,
      operationId,
      served => {
        this.requests.push(
          `${served.request.method} ${served.url.pathname.replace(
            '/api/slipway',
            '',
          )}`,
        );
        if (
          served.request.headers.get('authorization') !== `Bearer ${TEST_TOKEN}`
        ) {
          return errorResponse(
            401,
            'AuthenticationError',
            'Missing credentials',
          );
        }
        const name = (served.params as { app?: string }).app;
        const record = name === undefined ? undefined : this.apps.get(name);
        if (name !== undefined && !record) {
          return notFound(`No app named ${name}`);
        }
        return handle({ ...served, record: record as any });
      },
      problems => this.drift.push(...problems),
    );
  }

  event(record: AppRecord, type: string, message: string) {
    record.events.unshift({
      id: this.nextEvent++,
      app: record.app.name,
      type,
      message,
      actor: 'user:default/jane',
      createdAt: T0,
    });
  }

  private view(config: Config): ConfigView {
    return {
      ...config,
      values: this.revealConfig ? { ...config.values } : {},
      keys: Object.keys(config.values).sort(),
      revealed: this.revealConfig,
    };
  }

  private appView(record: AppRecord): App {
    return {
      ...record.app,
      release: record.releases.find(r => r.status !== 'failed'),
      rootAllowed: this.rootAllowed,
    };
  }

  /** An app as `GET /apps` lists it: configs masked, the newest release in brief. */
  private appSummary(record: AppRecord): AppSummary {
    const { rootAllowed: _platform, ...app } = this.appView(record);
    const newest = record.releases[0];
    return {
      ...app,
      release: app.release && {
        ...app.release,
        config: { ...app.release.config, values: {}, revealed: false },
      },
      latestRelease: newest && {
        version: newest.version,
        status: newest.status,
        ...(newest.reason ? { reason: newest.reason } : {}),
        createdAt: newest.createdAt,
      },
    };
  }

  private attachment(
    record: AppRecord,
    name: string,
    domain: string,
    attach: boolean,
  ) {
    const cert = record.certs.find(c => c.name === name);
    const target = record.domains.find(d => d.domain === domain);
    if (!cert || !target) return notFound('No such certificate or domain');
    cert.domains = cert.domains.filter(d => d !== domain);
    if (attach) {
      target.cert = cert.name;
      cert.domains.push(domain);
    } else {
      delete target.cert;
    }
    return cert;
  }

  private diff(
    record: AppRecord,
    from: Release,
    to: Release,
  ): ReleaseDiffEntry[] {
    const a =
      this.configsByVersion.get(`${record.app.name}:${from.version}`)?.values ??
      {};
    const b =
      this.configsByVersion.get(`${record.app.name}:${to.version}`)?.values ??
      {};
    const mask = (v?: string) => {
      if (v === undefined) return undefined;
      return this.revealConfig ? JSON.stringify(v) : '****';
    };
    const changes: ReleaseDiffEntry[] = [];
    if (from.build?.id !== to.build?.id) {
      changes.push({
        section: 'build',
        key: 'image',
        change: 'changed',
        from: from.build?.image,
        to: to.build?.image,
      });
    }
    for (const key of [
      ...new Set([...Object.keys(a), ...Object.keys(b)]),
    ].sort()) {
      if (!(key in a))
        changes.push({
          section: 'values',
          key,
          change: 'added',
          to: mask(b[key]),
        });
      else if (!(key in b))
        changes.push({
          section: 'values',
          key,
          change: 'removed',
          from: mask(a[key]),
        });
      else if (a[key] !== b[key]) {
        changes.push({
          section: 'values',
          key,
          change: 'changed',
          from: mask(a[key]),
          to: mask(b[key]),
        });
      }
    }
    return changes;
  }
}

/** A certificate as the API lists it, expiring `days` from now. */
export function fakeCert(
  app: string,
  name: string,
  sans: string[],
  days: number,
): Cert {
  return {
    app,
    name,
    certificate: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----',
    subject: `CN=${sans[0]}`,
    sans,
    issuer: "CN=Let's Pretend CA",
    notBefore: new Date(Date.now() - DAY).toISOString(),
    notAfter: new Date(Date.now() + days * DAY).toISOString(),
    fingerprint: 'AA:BB',
    domains: [],
    createdBy: 'user:default/jane',
    createdAt: T0,
  };
}

/** A page as the API answers it; the fake's cursor is the offset of the page (the API's are opaque). */
function pageOf<T>(all: T[], url: URL, defaultLimit: number) {
  const q = url.searchParams;
  const offset = Number(q.get('cursor') ?? 0);
  const limit = Number(q.get('limit') ?? defaultLimit);
  const next = offset + limit;
  return {
    items: all.slice(offset, next),
    totalItems: all.length,
    pageInfo: {
      ...(next < all.length ? { nextCursor: String(next) } : {}),
      ...(offset > 0
        ? { prevCursor: String(Math.max(0, offset - limit)) }
        : {}),
    },
  };
}
