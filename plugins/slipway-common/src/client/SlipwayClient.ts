import { ResponseError } from '@backstage/errors';
import {
  DefaultApiClient,
  type TypedResponse,
} from '../schema/openapi/generated';
import type { RunResult } from '../types';
import type { SlipwayApi } from './SlipwayApi';

/** What the client needs from Backstage: the discovery and fetch APIs (or services with the same shape). */
export type SlipwayClientOptions = {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
};

/**
 * A typed client of the Slipway REST API, on top of the client generated from its OpenAPI spec.
 * Errors are thrown as `ResponseError` carrying the API's message.
 */
export class SlipwayClient implements SlipwayApi {
  private readonly api: DefaultApiClient;
  private readonly discoveryApi: SlipwayClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: SlipwayClientOptions) {
    this.api = new DefaultApiClient(options);
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  listApps: SlipwayApi['listApps'] = query =>
    body(this.api.listApps({ query }));
  createApp: SlipwayApi['createApp'] = input =>
    body(this.api.createApp({ body: input }));
  getApp: SlipwayApi['getApp'] = app =>
    body(this.api.getApp({ path: { app } }));
  transferApp: SlipwayApi['transferApp'] = (app, owner) =>
    body(this.api.transferApp({ path: { app }, body: { owner } }));
  deleteApp: SlipwayApi['deleteApp'] = app =>
    body(this.api.deleteApp({ path: { app } }));

  getConfig: SlipwayApi['getConfig'] = app =>
    body(this.api.getConfig({ path: { app } }));
  patchConfig: SlipwayApi['patchConfig'] = (app, patch) =>
    body(this.api.patchConfig({ path: { app }, body: patch }));

  listBuilds: SlipwayApi['listBuilds'] = (app, query) =>
    body(this.api.listBuilds({ path: { app }, query }));
  getBuild: SlipwayApi['getBuild'] = (app, id) =>
    body(this.api.getBuild({ path: { app, id } }));
  deployImage: SlipwayApi['deployImage'] = (app, input) =>
    body(this.api.deployImage({ path: { app }, body: input }));

  listReleases: SlipwayApi['listReleases'] = (app, query) =>
    body(this.api.listReleases({ path: { app }, query }));
  getRelease: SlipwayApi['getRelease'] = (app, version) =>
    body(this.api.getRelease({ path: { app, version: String(version) } }));
  diffReleases: SlipwayApi['diffReleases'] = (app, from, to) =>
    body(
      this.api.diffReleases({
        path: { app, from: String(from), to: String(to) },
      }),
    );
  rollback: SlipwayApi['rollback'] = (app, version) =>
    body(
      this.api.rollback({
        path: { app },
        body: version === undefined ? {} : { version },
      }),
    );

  listProcesses: SlipwayApi['listProcesses'] = app =>
    body(this.api.listProcesses({ path: { app } }));
  scale: SlipwayApi['scale'] = (app, structure) =>
    body(this.api.scale({ path: { app }, body: structure }));
  restart: SlipwayApi['restart'] = (app, target) =>
    body(this.api.restart({ path: { app }, body: target ?? {} }));
  run: SlipwayApi['run'] = async (app, command, options) => {
    const onLine = options?.onLine;
    if (!onLine)
      return body(this.api.run({ path: { app }, body: { command } }));
    const response = await this.fetchApi.fetch(
      `${await this.discoveryApi.getBaseUrl(
        'slipway',
      )}/apps/${encodeURIComponent(app)}/run`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/x-ndjson',
        },
        body: JSON.stringify({ command }),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return readRunStream(response, onLine);
  };
  logsUrl: SlipwayApi['logsUrl'] = async (app, options) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${await this.discoveryApi.getBaseUrl(
      'slipway',
    )}/apps/${encodeURIComponent(app)}/logs${search ? `?${search}` : ''}`;
  };
  getLogs: SlipwayApi['getLogs'] = async (app, options) => {
    const response = await this.fetchApi.fetch(
      await this.logsUrl(app, options),
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.text();
  };

  searchLogs: SlipwayApi['searchLogs'] = (app, query) =>
    body(this.api.searchLogs({ path: { app }, query: query ?? {} }));
  listDrains: SlipwayApi['listDrains'] = app =>
    body(this.api.listDrains({ path: { app } }));
  addDrain: SlipwayApi['addDrain'] = (app, url) =>
    body(this.api.addDrain({ path: { app }, body: { url } }));
  removeDrain: SlipwayApi['removeDrain'] = (app, id) =>
    body(this.api.removeDrain({ path: { app, id } }));

  getMetrics: SlipwayApi['getMetrics'] = (app, query) =>
    body(this.api.getMetrics({ path: { app }, query: query ?? {} }));

  getRequestTotals: SlipwayApi['getRequestTotals'] = query =>
    body(this.api.getRequestTotals({ query }));

  getAppDelivery: SlipwayApi['getAppDelivery'] = (app, days) =>
    body(this.api.getAppDelivery({ path: { app }, query: { days } }));
  getOwnerDelivery: SlipwayApi['getOwnerDelivery'] = (owner, days) =>
    body(this.api.getOwnerDelivery({ query: { owner, days } }));

  listDomains: SlipwayApi['listDomains'] = app =>
    body(this.api.listDomains({ path: { app } }));
  addDomain: SlipwayApi['addDomain'] = (app, domain) =>
    body(this.api.addDomain({ path: { app }, body: { domain } }));
  removeDomain: SlipwayApi['removeDomain'] = (app, domain) =>
    body(this.api.removeDomain({ path: { app, domain } }));

  listCerts: SlipwayApi['listCerts'] = app =>
    body(this.api.listCerts({ path: { app } }));
  addCert: SlipwayApi['addCert'] = (app, input) =>
    body(this.api.addCert({ path: { app }, body: input }));
  removeCert: SlipwayApi['removeCert'] = (app, name) =>
    body(this.api.removeCert({ path: { app, name } }));
  attachCert: SlipwayApi['attachCert'] = (app, name, domain) =>
    body(this.api.attachCert({ path: { app, name }, body: { domain } }));
  detachCert: SlipwayApi['detachCert'] = (app, name, domain) =>
    body(this.api.detachCert({ path: { app, name }, body: { domain } }));

  getSettings: SlipwayApi['getSettings'] = app =>
    body(this.api.getSettings({ path: { app } }));
  patchSettings: SlipwayApi['patchSettings'] = (app, patch) =>
    body(this.api.patchSettings({ path: { app }, body: patch }));

  listEvents: SlipwayApi['listEvents'] = (app, query) =>
    body(this.api.listEvents({ path: { app }, query }));

  listTokens: SlipwayApi['listTokens'] = app =>
    body(this.api.listTokens({ path: { app } }));
  createToken: SlipwayApi['createToken'] = (app, input) =>
    body(this.api.createToken({ path: { app }, body: input ?? {} }));
  revokeToken: SlipwayApi['revokeToken'] = (app, id) =>
    body(this.api.revokeToken({ path: { app, id } }));

  listPipelines: SlipwayApi['listPipelines'] = query =>
    body(this.api.listPipelines({ query }));
  createPipeline: SlipwayApi['createPipeline'] = input =>
    body(this.api.createPipeline({ body: input }));
  getPipeline: SlipwayApi['getPipeline'] = name =>
    body(this.api.getPipeline({ path: { name } }));
  deletePipeline: SlipwayApi['deletePipeline'] = name =>
    body(this.api.deletePipeline({ path: { name } }));
  coupleApp: SlipwayApi['coupleApp'] = (name, app, stage) =>
    body(this.api.coupleApp({ path: { name, app }, body: { stage } }));
  decoupleApp: SlipwayApi['decoupleApp'] = (name, app) =>
    body(this.api.decoupleApp({ path: { name, app } }));

  promote: SlipwayApi['promote'] = (app, to) =>
    body(this.api.promote({ path: { app }, body: to ? { to } : {} }));
  getPromotion: SlipwayApi['getPromotion'] = id =>
    body(this.api.getPromotion({ path: { id } }));
  approvePromotion: SlipwayApi['approvePromotion'] = id =>
    body(this.api.approvePromotion({ path: { id } }));
  rejectPromotion: SlipwayApi['rejectPromotion'] = id =>
    body(this.api.rejectPromotion({ path: { id } }));
  withdrawPromotion: SlipwayApi['withdrawPromotion'] = id =>
    body(this.api.withdrawPromotion({ path: { id } }));
}

/**
 * The body of a successful answer (nothing for 204), or the API's error as a `ResponseError`.
 * Typed as the spec says, so a drift between the spec and this package's types fails to compile.
 */
async function body<T>(request: Promise<TypedResponse<T>>): Promise<T> {
  const response = await request;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  if (response.status === 204) return undefined as T;
  return await response.json();
}

/**
 * Reads a streamed run (`application/x-ndjson`: `{"line"}` per output line, then `{"exitCode"}`
 * or `{"error"}`), handing each line on as it arrives.
 */
async function readRunStream(
  response: Response,
  onLine: (line: string) => void,
): Promise<RunResult> {
  const lines: string[] = [];
  let exitCode: number | undefined;
  let failure: string | undefined;
  const handle = (text: string) => {
    if (!text.trim()) return;
    const message = JSON.parse(text) as {
      line?: string;
      exitCode?: number;
      error?: { message?: string };
    };
    if (typeof message.line === 'string') {
      lines.push(message.line);
      onLine(message.line);
    }
    if (typeof message.exitCode === 'number') exitCode = message.exitCode;
    if (message.error) failure = message.error.message ?? 'the run failed';
  };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  for (;;) {
    const { done, value } = await reader.read();
    pending += decoder.decode(value, { stream: !done });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      handle(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    if (done) break;
  }
  handle(pending);
  if (failure !== undefined) throw new Error(failure);
  if (exitCode === undefined)
    throw new Error('The run ended without an exit code (connection lost)');
  return {
    exitCode,
    output: lines.map(line => `${line}\n`).join(''),
  };
}
