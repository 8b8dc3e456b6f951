import { randomBytes } from 'node:crypto';
import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  contractProblems,
  successStatus,
} from '@internal/slipway-openapi-contract';
import {
  appNameProblem,
  configKeyProblem,
  domainProblem,
  type App,
  type Release,
  type DeployToken,
} from '@slipway/plugin-slipway-common';

/** Where mockServices.discovery() puts the slipway plugin. */
export const SLIPWAY_BASE = 'http://localhost:0/api/slipway';

type Request = { method: string; path: string; authorization: string | null };

/**
 * An in-memory stand-in for the Slipway REST API (`/api/slipway`), answering with Backstage's
 * error shape. Requests and answers are checked against the API's OpenAPI spec (a mismatch is a
 * 500 naming it), so the fake cannot drift from the real API. Tests read its state to prove what
 * changed.
 */
export class FakeSlipwayApi {
  readonly apps = new Map<string, App>();
  readonly releases = new Map<string, Release[]>();
  readonly domains = new Map<string, string[]>();
  readonly certs = new Map<string, string[]>();
  readonly tokens = new Map<
    string,
    DeployToken & { secret: string; revoked: boolean }
  >();
  readonly requests: Request[] = [];
  /** Releases stay pending for this many reads before they succeed (exercises waiting). */
  pendingReads = 1;
  /** Status a release reaches after it stops pending. */
  finalStatus: 'succeeded' | 'failed' = 'succeeded';
  /** Base of git remotes handed out, e.g. a test git server's URL. */
  gitBase = `${SLIPWAY_BASE}/git`;
  private reads = new Map<Release, number>();

  /** Requests that changed something (anything but GET). */
  get mutations(): Request[] {
    return this.requests.filter(r => r.method !== 'GET');
  }

  addApp(name: string, owner = 'user:default/mock'): App {
    const now = new Date().toISOString();
    const app: App = {
      name,
      owner,
      cluster: 'local',
      structure: {},
      createdAt: now,
      updatedAt: now,
      url: `http://${name}.localhost:8080`,
      gitRemote: `${this.gitBase}/${name}.git`,
    };
    this.apps.set(name, app);
    this.releases.set(name, []);
    this.newRelease(name, 'initial release', undefined, 'succeeded');
    return app;
  }

  /** Records a build from a push, as the git remote does after receiving `sha`. */
  recordPush(app: string, sha: string): Release {
    return this.newRelease(app, `deployed ${sha.slice(0, 7)}`, {
      image: `slug:${sha}`,
      sha,
      procfile: { web: 'npm start' },
    });
  }

  newRelease(
    app: string,
    summary: string,
    build?: { image: string; sha?: string; procfile: Record<string, string> },
    status: Release['status'] = 'pending',
    values?: Record<string, string>,
  ): Release {
    const list = this.releases.get(app)!;
    const previous = list[0];
    const release: Release = {
      app,
      version: (previous?.version ?? 0) + 1,
      build: build && {
        id: randomBytes(4).toString('hex'),
        app,
        ...build,
        status: 'succeeded',
        createdBy: 'user:default/mock',
        createdAt: new Date().toISOString(),
      },
      config: previous?.config ?? {
        values: {},
        keys: [],
        revealed: true,
        limits: {},
        tags: {},
        healthchecks: {},
      },
      summary,
      createdBy: 'user:default/mock',
      createdAt: new Date().toISOString(),
      status,
    };
    if (!build && previous?.build) release.build = previous.build;
    if (values) {
      release.config = {
        ...release.config,
        values,
        keys: Object.keys(values).sort(),
      };
    }
    list.unshift(release);
    return release;
  }

  private read(release: Release): Release {
    if (release.status === 'pending') {
      const n = (this.reads.get(release) ?? 0) + 1;
      this.reads.set(release, n);
      if (n > this.pendingReads) {
        release.status = this.finalStatus;
        if (this.finalStatus === 'failed')
          release.reason = 'web did not become ready in 60s';
      }
    }
    return release;
  }

  handlers(): HttpHandler[] {
    // Any origin: the git push tests point discovery at their git server's origin.
    const base = '*/api/slipway';
    const route = <P extends Record<string, string>>(
      method: 'get' | 'post' | 'patch' | 'delete',
      path: string,
      handle: (args: {
        params: P;
        body: any;
        caller: string;
      }) => Response | object,
    ) =>
      http[method](`${base}${path}`, async ({ request, params }) => {
        const authorization = request.headers.get('authorization');
        this.requests.push({
          method: request.method,
          path: new URL(request.url).pathname.replace('/api/slipway', ''),
          authorization,
        });
        if (!authorization?.startsWith('Bearer ')) {
          return problem(401, 'AuthenticationError', 'Missing credentials');
        }
        const caller =
          /"obo":"([^"]+)"/.exec(authorization)?.[1] ?? 'user:default/mock';
        const body = ['post', 'patch'].includes(method)
          ? await request.json().catch(() => ({}))
          : undefined;
        const invalid =
          body === undefined
            ? []
            : contractProblems(method, path, 0, body, 'request');
        if (invalid.length > 0) {
          return problem(400, 'InputError', invalid.join('; '));
        }
        const p = params as P;
        if ('app' in p && !this.apps.has(p.app)) {
          return problem(404, 'NotFoundError', `App "${p.app}" not found`);
        }
        const result = handle({ params: p, body, caller });
        const status =
          result instanceof Response
            ? result.status
            : successStatus(method, path);
        const answer =
          result instanceof Response
            ? await result
                .clone()
                .json()
                .catch(() => undefined)
            : result;
        const wrong = contractProblems(method, path, status, answer);
        if (wrong.length > 0) {
          return problem(500, 'Error', `Fake drifted: ${wrong.join('; ')}`);
        }
        return result instanceof Response
          ? result
          : HttpResponse.json(result, { status });
      });

    return [
      route('get', '/apps', () => {
        const items = [...this.apps.values()];
        return { items, totalItems: items.length, pageInfo: {} };
      }),
      route('post', '/apps', ({ body, caller }) => {
        const bad = appNameProblem(body.name);
        if (bad) return problem(400, 'InputError', bad);
        if (this.apps.has(body.name)) {
          return problem(
            409,
            'ConflictError',
            `App "${body.name}" already exists`,
          );
        }
        const app = this.addApp(body.name, body.owner ?? caller);
        if (body.cluster) app.cluster = body.cluster;
        return { ...app, release: this.releases.get(app.name)![0] };
      }),
      route<{ app: string }>('get', '/apps/:app', ({ params }) => ({
        ...this.apps.get(params.app)!,
        release: this.releases.get(params.app)![0],
      })),
      route<{ app: string }>(
        'patch',
        '/apps/:app/config',
        ({ params, body }) => {
          const current = {
            ...this.releases.get(params.app)![0].config.values,
          };
          let changed = false;
          for (const [key, value] of Object.entries<string | null>(
            body.values ?? {},
          )) {
            const bad = configKeyProblem(key);
            if (bad) return problem(400, 'InputError', bad);
            if (value === null) {
              changed ||= key in current;
              delete current[key];
            } else {
              changed ||= current[key] !== value;
              current[key] = value;
            }
          }
          if (!changed) return problem(409, 'ConflictError', 'Nothing changed');
          return this.newRelease(
            params.app,
            'config change',
            undefined,
            'succeeded',
            current,
          );
        },
      ),
      route<{ app: string }>(
        'post',
        '/apps/:app/builds',
        ({ params, body }) => {
          if (typeof body.image !== 'string' || !body.image) {
            return problem(400, 'InputError', 'image is required');
          }
          return this.newRelease(params.app, `deployed ${body.image}`, {
            image: body.image,
            procfile: body.procfile ?? {},
          });
        },
      ),
      route<{ app: string }>('get', '/apps/:app/releases', ({ params }) => {
        const items = this.releases.get(params.app)!.map(r => this.read(r));
        return { items, totalItems: items.length, pageInfo: {} };
      }),
      route<{ app: string; version: string }>(
        'get',
        '/apps/:app/releases/:version',
        ({ params }) => {
          const release = this.releases
            .get(params.app)!
            .find(r => r.version === Number(params.version));
          return release
            ? this.read(release)
            : problem(
                404,
                'NotFoundError',
                `Release v${params.version} not found`,
              );
        },
      ),
      route<{ app: string }>(
        'post',
        '/apps/:app/releases/rollback',
        ({ params, body }) => {
          const list = this.releases.get(params.app)!;
          const target = body.version ?? list[1]?.version;
          const found = list.find(r => r.version === target);
          if (!found || found.version === 1) {
            return problem(
              400,
              'InputError',
              `Cannot roll back to v${target ?? '?'}`,
            );
          }
          return this.newRelease(
            params.app,
            `rolled back to v${target}`,
            found.build,
            'succeeded',
          );
        },
      ),
      route<{ app: string }>('post', '/apps/:app/scale', ({ params, body }) => {
        const app = this.apps.get(params.app)!;
        app.structure = { ...app.structure, ...body };
        return app.structure;
      }),
      route<{ app: string }>(
        'post',
        '/apps/:app/domains',
        ({ params, body }) => {
          const bad = domainProblem(body.domain);
          if (bad) return problem(400, 'InputError', bad);
          const taken = [...this.domains.values()].some(list =>
            list.includes(body.domain),
          );
          if (taken)
            return problem(
              409,
              'ConflictError',
              `Domain ${body.domain} is already in use`,
            );
          this.domains.set(params.app, [
            ...(this.domains.get(params.app) ?? []),
            body.domain,
          ]);
          return {
            app: params.app,
            domain: body.domain,
            createdBy: 'user:default/mock',
            createdAt: '',
          };
        },
      ),
      route<{ app: string }>('post', '/apps/:app/certs', ({ params, body }) => {
        if (!String(body.key).includes('PRIVATE KEY')) {
          return problem(
            400,
            'InputError',
            'The key does not match the certificate',
          );
        }
        if ((this.certs.get(params.app) ?? []).includes(body.name)) {
          return problem(
            409,
            'ConflictError',
            `Certificate ${body.name} already exists`,
          );
        }
        this.certs.set(params.app, [
          ...(this.certs.get(params.app) ?? []),
          body.name,
        ]);
        return {
          app: params.app,
          name: body.name,
          certificate: body.certificate,
          subject: 'CN=www.example.com',
          sans: ['www.example.com'],
          issuer: 'CN=test',
          notBefore: '2026-01-01T00:00:00.000Z',
          notAfter: '2027-01-01T00:00:00.000Z',
          fingerprint: 'ab:cd',
          domains: [],
          createdBy: 'user:default/mock',
          createdAt: '',
        };
      }),
      route<{ app: string }>(
        'post',
        '/apps/:app/tokens',
        ({ params, body, caller }) => {
          const token = {
            id: randomBytes(6).toString('hex'),
            app: params.app,
            description: body.description ?? '',
            createdBy: caller,
            createdAt: new Date().toISOString(),
            expiresAt: new Date(Date.now() + 90 * 86400_000).toISOString(),
            secret: randomBytes(24).toString('base64url'),
            revoked: false,
          };
          this.tokens.set(token.id, token);
          const { secret, revoked, ...shown } = token;
          return { ...shown, token: secret };
        },
      ),
      route<{ app: string; id: string }>(
        'delete',
        '/apps/:app/tokens/:id',
        ({ params }) => {
          const token = this.tokens.get(params.id);
          if (!token) return problem(404, 'NotFoundError', 'No such token');
          token.revoked = true;
          return new Response(null, { status: 204 });
        },
      ),
    ];
  }

  /** Whether `secret` is a live deploy token of `app` (what the git remote checks). */
  tokenValid(app: string, id: string, secret: string): boolean {
    const token = this.tokens.get(id);
    return (
      !!token && token.app === app && !token.revoked && token.secret === secret
    );
  }
}

function problem(status: number, name: string, message: string): Response {
  return HttpResponse.json(
    {
      error: { name, message },
      response: { statusCode: status },
    },
    { status },
  );
}
