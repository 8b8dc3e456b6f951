import {
  configKeyProblem,
  domainProblem,
  replicasProblem,
  type App,
  type AppEvent,
  type AppSettings,
  type Build,
  type Cert,
  type Config,
  type ConfigView,
  type DeployToken,
  type Domain,
  type Process,
  type Release,
  type ReleaseDiffEntry,
} from '@slipway/plugin-slipway-common';
import {
  http,
  HttpResponse,
  type HttpHandler,
  type HttpResponseResolver,
} from 'msw';

/** The user's token; the portal's fetch API sends it, the fake refuses requests without it. */
export const TEST_TOKEN = 'test-user-token';

/** Where the fake Slipway backend answers in tests. */
export const BASE_URL = 'http://slipway.test/api/slipway';

/** An error in Backstage's error shape, as the backend's error middleware sends it. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );
}

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
};

const T0 = '2026-11-20T10:00:00.000Z';
const DAY = 24 * 3600 * 1000;

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
    runAsNonRoot: false,
    requireApproval: false,
  };
}

/**
 * A stateful stand-in for the Slipway REST API that answers like docs/design.md's table:
 * same paths, status codes, validation and error shape. Tests read its state to prove
 * what was (or was not) changed.
 */
export class FakeSlipway {
  readonly apps = new Map<string, AppRecord>();
  /** Whether the caller may read config values (else they come masked). */
  revealConfig = true;
  /** Requests received, as `METHOD /path`, for asserting that nothing was sent. */
  readonly requests: string[] = [];
  /** Query strings `GET /apps` was called with. */
  readonly appQueries: URLSearchParams[] = [];
  /** Query strings the logs endpoint was called with. */
  readonly logQueries: URLSearchParams[] = [];
  /** The body of the logs endpoint with `follow=true`; tests push events into it. */
  logStream?: () => ReadableStream<Uint8Array>;
  private nextEvent = 1;
  /** Each release's config, so diffs and rollbacks see it. */
  private readonly configsByVersion = new Map<string, Config>();

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

  handlers(): HttpHandler[] {
    const url = (path: string) => `${BASE_URL}${path}`;
    const withApp =
      (
        fn: (
          record: AppRecord,
          info: { request: Request; params: Record<string, string> },
        ) => Response | Promise<Response>,
      ): HttpResponseResolver =>
      async ({ request, params: pathParams }) => {
        const params = pathParams as Record<string, string>;
        this.requests.push(
          `${request.method} ${new URL(request.url).pathname.replace(
            '/api/slipway',
            '',
          )}`,
        );
        if (request.headers.get('authorization') !== `Bearer ${TEST_TOKEN}`) {
          return errorResponse(
            401,
            'AuthenticationError',
            'Missing credentials',
          );
        }
        const record = this.apps.get(params.app);
        if (!record)
          return errorResponse(
            404,
            'NotFoundError',
            `No app named ${params.app}`,
          );
        return fn(record, { request, params });
      };

    return [
      http.get(url('/apps'), ({ request }) => {
        const query = new URL(request.url).searchParams;
        this.requests.push(`GET /apps`);
        this.appQueries.push(query);
        // Filtered on the server, like the backend: name part, owners, newest release's status.
        const items = [...this.apps.values()]
          .map(r => ({ ...this.appView(r), latestRelease: r.releases[0] }))
          .filter(a => !query.get('q') || a.name.includes(query.get('q')!))
          .filter(
            a =>
              query.getAll('owner').length === 0 ||
              query.getAll('owner').includes(a.owner),
          )
          .filter(
            a =>
              !query.get('status') ||
              a.latestRelease?.status === query.get('status'),
          );
        return HttpResponse.json({
          items,
          totalItems: items.length,
          pageInfo: {},
        });
      }),
      http.get(
        url('/apps/:app'),
        withApp(r => HttpResponse.json(this.appView(r))),
      ),
      http.patch(
        url('/apps/:app'),
        withApp(async (r, { request }) => {
          const { owner } = (await request.json()) as { owner?: string };
          if (!owner || !/^(user|group):/.test(owner)) {
            return errorResponse(
              400,
              'InputError',
              'owner must be a user or group entity ref, e.g. group:default/team-a',
            );
          }
          r.app.owner = owner;
          return HttpResponse.json(this.appView(r));
        }),
      ),
      http.delete(
        url('/apps/:app'),
        withApp(r => {
          this.apps.delete(r.app.name);
          return new HttpResponse(null, { status: 204 });
        }),
      ),
      http.get(
        url('/apps/:app/config'),
        withApp(r => HttpResponse.json(this.view(r.config))),
      ),
      http.patch(
        url('/apps/:app/config'),
        withApp(async (r, { request }) => {
          const patch = (await request.json()) as {
            values?: Record<string, string | null>;
          };
          const values = { ...r.config.values };
          const said: string[] = [];
          for (const [key, value] of Object.entries(patch.values ?? {})) {
            const problem = configKeyProblem(key);
            if (problem) return errorResponse(400, 'InputError', problem);
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
            const changes = (patch as Partial<Record<string, object>>)[section];
            if (!changes) continue;
            const merged: Record<string, unknown> = { ...r.config[section] };
            for (const [key, value] of Object.entries(changes)) {
              if (value === null) delete merged[key];
              else merged[key] = value;
              said.push(`${section} of ${key}`);
            }
            (sections as Record<string, unknown>)[section] = merged;
          }
          if (said.length === 0)
            return errorResponse(
              409,
              'ConflictError',
              'The config change changes nothing',
            );
          const release = this.release(r, {
            summary: `jane@ ${said.join(', ')}`,
            config: { ...r.config, ...sections, values },
          });
          return HttpResponse.json(release, { status: 201 });
        }),
      ),
      http.get(
        url('/apps/:app/builds'),
        withApp(r => {
          const items = r.builds.map(({ log, ...b }) => b);
          return HttpResponse.json({
            items,
            totalItems: items.length,
            pageInfo: {},
          });
        }),
      ),
      http.get(
        url('/apps/:app/builds/:id'),
        withApp((r, { params }) => {
          const build = r.builds.find(b => b.id === params.id);
          return build
            ? HttpResponse.json(build)
            : errorResponse(404, 'NotFoundError', 'No such build');
        }),
      ),
      http.get(
        url('/apps/:app/releases'),
        withApp((r, { request }) => {
          return HttpResponse.json(pageOf(r.releases, request, 20));
        }),
      ),
      http.get(
        url('/apps/:app/releases/:from/diff/:to'),
        withApp((r, { params }) => {
          const from = r.releases.find(x => x.version === Number(params.from));
          const to = r.releases.find(x => x.version === Number(params.to));
          if (!from || !to)
            return errorResponse(404, 'NotFoundError', 'No such release');
          return HttpResponse.json({
            from: from.version,
            to: to.version,
            changes: this.diff(r, from, to),
          });
        }),
      ),
      http.post(
        url('/apps/:app/releases/rollback'),
        withApp(async (r, { request }) => {
          const { version } = (await request.json()) as { version?: number };
          const target = r.releases.find(
            x => x.version === (version ?? r.releases[1]?.version),
          );
          if (!target)
            return errorResponse(
              404,
              'NotFoundError',
              `No release v${version}`,
            );
          if (target.version === 1 || target.status === 'failed') {
            return errorResponse(
              400,
              'InputError',
              `Cannot roll back to v${target.version}`,
            );
          }
          const configs = this.configsByVersion.get(
            `${r.app.name}:${target.version}`,
          );
          const release = this.release(r, {
            summary: `rolled back to v${target.version}`,
            build: target.build,
            config: configs ?? r.config,
          });
          return HttpResponse.json(release, { status: 201 });
        }),
      ),
      http.post(
        url('/apps/:app/builds'),
        withApp(async (r, { request }) => {
          const { image } = (await request.json()) as { image?: string };
          if (!image || /\s/.test(image)) {
            return errorResponse(
              400,
              'InputError',
              'image must be an image reference',
            );
          }
          const build: Build = {
            id: `b${r.builds.length + 1}0000000-image`,
            app: r.app.name,
            image,
            procfile: r.releases[0]?.build?.procfile ?? { web: '' },
            status: 'succeeded',
            createdBy: 'user:default/jane',
            createdAt: T0,
          };
          r.builds.unshift(build);
          const release = this.release(r, {
            summary: `deployed ${image}`,
            build,
          });
          return HttpResponse.json(release, { status: 201 });
        }),
      ),
      http.post(
        url('/apps/:app/run'),
        withApp(async (_r, { request }) => {
          const { command } = (await request.json()) as { command: string };
          return HttpResponse.json({
            exitCode: command.startsWith('false') ? 1 : 0,
            output: `ran: ${command}`,
          });
        }),
      ),
      http.get(
        url('/apps/:app/processes'),
        withApp(r => HttpResponse.json(r.processes)),
      ),
      http.post(
        url('/apps/:app/scale'),
        withApp(async (r, { request }) => {
          const structure = (await request.json()) as Record<string, number>;
          for (const [type, replicas] of Object.entries(structure)) {
            const problem = replicasProblem(type, replicas);
            if (problem) return errorResponse(400, 'InputError', problem);
            if (!(type in r.app.structure)) {
              return errorResponse(
                400,
                'InputError',
                `${r.app.name} has no process type "${type}"`,
              );
            }
          }
          Object.assign(r.app.structure, structure);
          this.event(r, 'scale', `scaled ${JSON.stringify(structure)}`);
          return HttpResponse.json(r.app.structure);
        }),
      ),
      http.post(
        url('/apps/:app/restart'),
        withApp(r => {
          this.event(r, 'restart', 'restarted');
          return new HttpResponse(null, { status: 204 });
        }),
      ),
      http.get(
        url('/apps/:app/logs'),
        withApp((_r, { request }) => {
          const query = new URL(request.url).searchParams;
          this.logQueries.push(query);
          const follow = query.get('follow') === 'true';
          if (follow && this.logStream) {
            return new HttpResponse(this.logStream(), {
              headers: { 'Content-Type': 'text/event-stream' },
            });
          }
          return new HttpResponse('', {
            headers: { 'Content-Type': 'text/plain' },
          });
        }),
      ),
      http.get(
        url('/apps/:app/domains'),
        withApp(r => HttpResponse.json(r.domains)),
      ),
      http.post(
        url('/apps/:app/domains'),
        withApp(async (r, { request }) => {
          const { domain } = (await request.json()) as { domain: string };
          const problem = domainProblem(domain);
          if (problem) return errorResponse(400, 'InputError', problem);
          for (const other of this.apps.values()) {
            if (other.domains.some(d => d.domain === domain)) {
              return errorResponse(
                409,
                'ConflictError',
                `${domain} is already used by ${other.app.name}`,
              );
            }
          }
          const added: Domain = {
            app: r.app.name,
            domain,
            createdBy: 'user:default/jane',
            createdAt: T0,
          };
          r.domains.push(added);
          return HttpResponse.json(added, { status: 201 });
        }),
      ),
      http.delete(
        url('/apps/:app/domains/:domain'),
        withApp((r, { params }) => {
          r.domains = r.domains.filter(d => d.domain !== params.domain);
          return new HttpResponse(null, { status: 204 });
        }),
      ),
      http.get(
        url('/apps/:app/certs'),
        withApp(r => HttpResponse.json(r.certs)),
      ),
      http.post(
        url('/apps/:app/certs'),
        withApp(async (r, { request }) => {
          const input = (await request.json()) as {
            name: string;
            certificate: string;
            key: string;
          };
          if (!input.certificate.includes('BEGIN CERTIFICATE')) {
            return errorResponse(
              400,
              'InputError',
              'The certificate is not a PEM certificate',
            );
          }
          const cert = fakeCert(
            r.app.name,
            input.name,
            ['www.example.com'],
            90,
          );
          r.certs.push(cert);
          return HttpResponse.json(cert, { status: 201 });
        }),
      ),
      http.delete(
        url('/apps/:app/certs/:name'),
        withApp((r, { params }) => {
          r.certs = r.certs.filter(c => c.name !== params.name);
          r.domains = r.domains.map(d =>
            d.cert === params.name ? { ...d, cert: undefined } : d,
          );
          return new HttpResponse(null, { status: 204 });
        }),
      ),
      http.post(
        url('/apps/:app/certs/:name/:action'),
        withApp(async (r, { request, params }) => {
          const { domain } = (await request.json()) as { domain: string };
          const cert = r.certs.find(c => c.name === params.name);
          const target = r.domains.find(d => d.domain === domain);
          if (!cert || !target)
            return errorResponse(
              404,
              'NotFoundError',
              'No such certificate or domain',
            );
          if (params.action === 'attach') {
            target.cert = cert.name;
            cert.domains = [...cert.domains, domain];
          } else {
            target.cert = undefined;
            cert.domains = cert.domains.filter(d => d !== domain);
          }
          return HttpResponse.json(cert);
        }),
      ),
      http.get(
        url('/apps/:app/settings'),
        withApp(r => HttpResponse.json(r.settings)),
      ),
      http.patch(
        url('/apps/:app/settings'),
        withApp(async (r, { request }) => {
          const patch = (await request.json()) as Partial<AppSettings>;
          // Like the backend on the local runtime: only Kubernetes autoscales.
          if (
            Object.keys(patch.autoscale ?? {}).length > 0 &&
            r.app.cluster === 'local'
          ) {
            return errorResponse(
              400,
              'InputError',
              'autoscale needs the kubernetes runtime (a HorizontalPodAutoscaler per process type); this backend runs the "local" runtime',
            );
          }
          r.settings = {
            ...r.settings,
            ...patch,
            hsts: { ...r.settings.hsts, ...(patch.hsts ?? {}) },
          };
          this.event(r, 'settings.update', 'updated settings');
          return HttpResponse.json(r.settings);
        }),
      ),
      http.get(
        url('/apps/:app/events'),
        withApp((r, { request }) => {
          return HttpResponse.json(pageOf(r.events, request, 50));
        }),
      ),
      http.get(
        url('/apps/:app/tokens'),
        withApp(r => HttpResponse.json(r.tokens)),
      ),
      http.delete(
        url('/apps/:app/tokens/:id'),
        withApp((r, { params }) => {
          const index = r.tokens.findIndex(t => t.id === params.id);
          if (index < 0) {
            return errorResponse(404, 'NotFoundError', `No token ${params.id}`);
          }
          r.tokens.splice(index, 1);
          return new HttpResponse(null, { status: 204 });
        }),
      ),
      http.post(
        url('/apps/:app/tokens'),
        withApp(async (r, { request }) => {
          const input = (await request.json()) as { description?: string };
          const token: DeployToken = {
            id: `t${r.tokens.length + 1}`,
            app: r.app.name,
            description: input.description ?? '',
            createdBy: 'user:default/jane',
            createdAt: T0,
            expiresAt: new Date(Date.parse(T0) + 90 * DAY).toISOString(),
          };
          r.tokens.push(token);
          return HttpResponse.json(
            { ...token, token: `slp_secret_${r.tokens.length}` },
            { status: 201 },
          );
        }),
      ),
    ];
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
    };
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
function pageOf<T>(all: T[], request: Request, defaultLimit: number) {
  const q = new URL(request.url).searchParams;
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
