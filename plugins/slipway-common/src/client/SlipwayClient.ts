import { ResponseError } from '@backstage/errors';
import type { AppSummary, Page } from '../types';
import type { SlipwayApi } from './SlipwayApi';

/** What the client needs from Backstage: the discovery and fetch APIs (or services with the same shape). */
export type SlipwayClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

type Query = Record<string, string | string[] | number | boolean | undefined>;

const e = encodeURIComponent;

/** A typed client of the Slipway REST API. Errors are thrown as `ResponseError` carrying the API's message. */
export class SlipwayClient implements SlipwayApi {
  private readonly discoveryApi: SlipwayClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: SlipwayClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  listApps: SlipwayApi['listApps'] = async query => {
    const answer = await this.request<Page<AppSummary> | AppSummary[]>('GET', '/apps', undefined, query);
    // A backend from before paged lists answers with every app.
    return Array.isArray(answer) ? { items: answer, total: answer.length } : answer;
  };
  createApp: SlipwayApi['createApp'] = input => this.request('POST', '/apps', input);
  getApp: SlipwayApi['getApp'] = app => this.request('GET', `/apps/${e(app)}`);
  transferApp: SlipwayApi['transferApp'] = (app, owner) =>
    this.request('PATCH', `/apps/${e(app)}`, { owner });
  deleteApp: SlipwayApi['deleteApp'] = app => this.request('DELETE', `/apps/${e(app)}`);

  getConfig: SlipwayApi['getConfig'] = app => this.request('GET', `/apps/${e(app)}/config`);
  patchConfig: SlipwayApi['patchConfig'] = (app, patch) =>
    this.request('PATCH', `/apps/${e(app)}/config`, patch);

  listBuilds: SlipwayApi['listBuilds'] = app => this.request('GET', `/apps/${e(app)}/builds`);
  getBuild: SlipwayApi['getBuild'] = (app, id) =>
    this.request('GET', `/apps/${e(app)}/builds/${e(id)}`);
  deployImage: SlipwayApi['deployImage'] = (app, input) =>
    this.request('POST', `/apps/${e(app)}/builds`, input);

  listReleases: SlipwayApi['listReleases'] = (app, options) =>
    this.request('GET', `/apps/${e(app)}/releases`, undefined, options);
  getRelease: SlipwayApi['getRelease'] = (app, version) =>
    this.request('GET', `/apps/${e(app)}/releases/${version}`);
  diffReleases: SlipwayApi['diffReleases'] = (app, from, to) =>
    this.request('GET', `/apps/${e(app)}/releases/${from}/diff/${to}`);
  rollback: SlipwayApi['rollback'] = (app, version) =>
    this.request('POST', `/apps/${e(app)}/releases/rollback`, version === undefined ? {} : { version });

  listProcesses: SlipwayApi['listProcesses'] = app =>
    this.request('GET', `/apps/${e(app)}/processes`);
  scale: SlipwayApi['scale'] = (app, structure) =>
    this.request('POST', `/apps/${e(app)}/scale`, structure);
  restart: SlipwayApi['restart'] = (app, target) =>
    this.request('POST', `/apps/${e(app)}/restart`, target ?? {});
  run: SlipwayApi['run'] = (app, command) =>
    this.request('POST', `/apps/${e(app)}/run`, { command });
  logsUrl: SlipwayApi['logsUrl'] = async (app, options) =>
    this.url(`/apps/${e(app)}/logs`, options);
  getLogs: SlipwayApi['getLogs'] = async (app, options) => {
    const response = await this.fetchApi.fetch(await this.url(`/apps/${e(app)}/logs`, options));
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.text();
  };

  listDomains: SlipwayApi['listDomains'] = app => this.request('GET', `/apps/${e(app)}/domains`);
  addDomain: SlipwayApi['addDomain'] = (app, domain) =>
    this.request('POST', `/apps/${e(app)}/domains`, { domain });
  removeDomain: SlipwayApi['removeDomain'] = (app, domain) =>
    this.request('DELETE', `/apps/${e(app)}/domains/${e(domain)}`);

  listCerts: SlipwayApi['listCerts'] = app => this.request('GET', `/apps/${e(app)}/certs`);
  addCert: SlipwayApi['addCert'] = (app, input) =>
    this.request('POST', `/apps/${e(app)}/certs`, input);
  removeCert: SlipwayApi['removeCert'] = (app, name) =>
    this.request('DELETE', `/apps/${e(app)}/certs/${e(name)}`);
  attachCert: SlipwayApi['attachCert'] = (app, name, domain) =>
    this.request('POST', `/apps/${e(app)}/certs/${e(name)}/attach`, { domain });
  detachCert: SlipwayApi['detachCert'] = (app, name, domain) =>
    this.request('POST', `/apps/${e(app)}/certs/${e(name)}/detach`, { domain });

  getSettings: SlipwayApi['getSettings'] = app => this.request('GET', `/apps/${e(app)}/settings`);
  patchSettings: SlipwayApi['patchSettings'] = (app, patch) =>
    this.request('PATCH', `/apps/${e(app)}/settings`, patch);

  listEvents: SlipwayApi['listEvents'] = (app, options) =>
    this.request('GET', `/apps/${e(app)}/events`, undefined, options);

  listTokens: SlipwayApi['listTokens'] = app => this.request('GET', `/apps/${e(app)}/tokens`);
  createToken: SlipwayApi['createToken'] = (app, input) =>
    this.request('POST', `/apps/${e(app)}/tokens`, input ?? {});
  revokeToken: SlipwayApi['revokeToken'] = (app, id) =>
    this.request('DELETE', `/apps/${e(app)}/tokens/${e(id)}`);

  private async url(path: string, query?: Query): Promise<string> {
    const base = await this.discoveryApi.getBaseUrl('slipway');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      for (const one of Array.isArray(value) ? value : [value]) {
        if (one !== undefined) params.append(key, String(one));
      }
    }
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  private async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const response = await this.fetchApi.fetch(await this.url(path, query), {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}

