//
// GENERATED FILE: do not edit. Source: plugins/slipway-backend/src/schema/openapi.yaml; run `npm run openapi:generate`.
//
/* eslint-disable */

import type { operations } from './schema';

const pluginId = 'slipway';

/** A fetch response whose `json()` is typed. */
export type TypedResponse<T> = Omit<Response, 'json'> & { json(): Promise<T> };

/** Per-call options: a token for callers without a fetch API that adds one (e.g. backends). */
export type RequestOptions = { token?: string };

function queryString(query?: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) params.append(key, String(item));
    }
  }
  // Also "*": URLSearchParams leaves it, the server refuses it unencoded (a search for "*" was a 400).
  const text = params.toString().replace(/\*/g, '%2A');
  return text ? `?${text}` : '';
}

/** One method per operation of the Slipway API; answers are returned as they come (see SlipwayClient). */
export class DefaultApiClient {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  /**
   * GET /health
   */
  async health(
    _request: {} = {},
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['Health']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(`${baseUrl}/health`, {
      method: 'GET',
      headers: {
        ...(options?.token ? { Authorization: `Bearer ${options.token}` } : {}),
      },
    })) as TypedResponse<
      operations['Health']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * One page of the apps the caller may read, filtered and sorted on the server (by name unless
   * `sort` says otherwise; ties by name). Release configs are masked in the list.
   */
  async listApps(
    request: {
      query?: NonNullable<operations['ListApps']['parameters']['query']>;
    } = {},
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListApps']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps` + queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListApps']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Creates an app with release v1 (no build), its runtime resources and git remote.
   */
  async createApp(
    request: {
      body: NonNullable<
        operations['CreateApp']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['CreateApp']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(`${baseUrl}/apps`, {
      method: 'POST',
      headers: {
        ...(options?.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(request.body === undefined
          ? {}
          : { 'Content-Type': 'application/json' }),
      },
      body:
        request.body === undefined ? undefined : JSON.stringify(request.body),
    })) as TypedResponse<
      operations['CreateApp']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}
   */
  async getApp(
    request: { path: operations['GetApp']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetApp']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetApp']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Gives the app to another owner (a User or Group the catalog knows, else 400). 409 when the app requires approval and the new owner leaves nobody to approve a member's promotion.
   */
  async transferApp(
    request: {
      path: operations['TransferApp']['parameters']['path'];
      body: NonNullable<
        operations['TransferApp']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['TransferApp']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}`,
      {
        method: 'PATCH',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['TransferApp']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Destroys the app and everything it owns.
   */
  async deleteApp(
    request: { path: operations['DeleteApp']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}`,
      {
        method: 'DELETE',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<void>;
  }

  /**
   * GET /apps/{app}/config
   */
  async getConfig(
    request: { path: operations['GetConfig']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetConfig']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/config`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetConfig']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Changes config as a new release; `null` unsets. A PATCH that changes nothing is 409. With `baseVersion` (the `version` of the config the edit was based on) a PATCH made after the config changed since is 409 too, and changes nothing.
   */
  async patchConfig(
    request: {
      path: operations['PatchConfig']['parameters']['path'];
      body: NonNullable<
        operations['PatchConfig']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['PatchConfig']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/config`,
      {
        method: 'PATCH',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['PatchConfig']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/builds
   */
  async listBuilds(
    request: {
      path: operations['ListBuilds']['parameters']['path'];
      query?: NonNullable<operations['ListBuilds']['parameters']['query']>;
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListBuilds']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/builds` +
        queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListBuilds']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Records a build of a prebuilt image and a release of it.
   */
  async deployImage(
    request: {
      path: operations['DeployImage']['parameters']['path'];
      body: NonNullable<
        operations['DeployImage']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['DeployImage']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/builds`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['DeployImage']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/builds/{id}
   */
  async getBuild(
    request: { path: operations['GetBuild']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetBuild']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/builds/${encodeURIComponent(request.path.id)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetBuild']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/releases
   */
  async listReleases(
    request: {
      path: operations['ListReleases']['parameters']['path'];
      query?: NonNullable<operations['ListReleases']['parameters']['query']>;
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListReleases']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/releases` +
        queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListReleases']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * A new release with the build and config of `version` (default the previous release).
   */
  async rollback(
    request: {
      path: operations['Rollback']['parameters']['path'];
      body?: NonNullable<
        operations['Rollback']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['Rollback']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/releases/rollback`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['Rollback']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/releases/{version}
   */
  async getRelease(
    request: { path: operations['GetRelease']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetRelease']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/releases/${encodeURIComponent(request.path.version)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetRelease']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/releases/{from}/diff/{to}
   */
  async diffReleases(
    request: { path: operations['DiffReleases']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['DiffReleases']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/releases/${encodeURIComponent(
        request.path.from,
      )}/diff/${encodeURIComponent(request.path.to)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['DiffReleases']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/processes
   */
  async listProcesses(
    request: { path: operations['ListProcesses']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListProcesses']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/processes`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListProcesses']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * POST /apps/{app}/scale
   */
  async scale(
    request: {
      path: operations['Scale']['parameters']['path'];
      body: NonNullable<
        operations['Scale']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['Scale']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/scale`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['Scale']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * POST /apps/{app}/restart
   */
  async restart(
    request: {
      path: operations['Restart']['parameters']['path'];
      body?: NonNullable<
        operations['Restart']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/restart`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<void>;
  }

  /**
   * POST /apps/{app}/run
   */
  async run(
    request: {
      path: operations['Run']['parameters']['path'];
      body: NonNullable<
        operations['Run']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['Run']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/run`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['Run']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/logs
   */
  async getLogs(
    request: {
      path: operations['GetLogs']['parameters']['path'];
      query?: NonNullable<operations['GetLogs']['parameters']['query']>;
    },
    options?: RequestOptions,
  ): Promise<TypedResponse<string>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/logs` +
        queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<string>;
  }

  /**
   * Requests by status class, latency percentiles, bytes out and memory and CPU per process type, on one time axis of `step` seconds from `from` to `to` (default: the last hour), with the releases created in that window. Needs permission to read the app. A window of more than 1500 steps, or a step that is not a multiple of 60, is refused (400).
   */
  async getMetrics(
    request: {
      path: operations['GetMetrics']['parameters']['path'];
      query?: NonNullable<operations['GetMetrics']['parameters']['query']>;
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetMetrics']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/metrics` +
        queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetMetrics']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Requests per step (all status classes) of up to 100 apps on one time axis, for the Apps page's sparklines (default: the last 24 hours in about 24 steps). Apps that do not exist or that the caller may not read are left out of the answer.
   */
  async getRequestTotals(
    request: {
      query?: NonNullable<
        operations['GetRequestTotals']['parameters']['query']
      >;
    } = {},
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetRequestTotals']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/metrics/requests` + queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetRequestTotals']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * DORA's four figures of the app over the last `days` days (default 30), from its releases.
   */
  async getAppDelivery(
    request: {
      path: operations['GetAppDelivery']['parameters']['path'];
      query?: NonNullable<operations['GetAppDelivery']['parameters']['query']>;
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetAppDelivery']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/delivery` +
        queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetAppDelivery']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * DORA's four figures of the apps an owner (a team) owns that the caller may read.
   */
  async getOwnerDelivery(
    request: {
      query?: NonNullable<
        operations['GetOwnerDelivery']['parameters']['query']
      >;
    } = {},
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetOwnerDelivery']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/delivery` + queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetOwnerDelivery']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * The app's retained lines (kept across process and backend restarts, up to `slipway.logs.retain`): process output, Slipway's own lines and the router's line per request, masked like live logs.
   */
  async searchLogs(
    request: {
      path: operations['SearchLogs']['parameters']['path'];
      query?: NonNullable<operations['SearchLogs']['parameters']['query']>;
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['SearchLogs']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/logs/search` +
        queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['SearchLogs']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * The app's log drains (owner only), URLs masked, with what each sent and dropped since the backend started.
   */
  async listDrains(
    request: { path: operations['ListDrains']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListDrains']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/drains`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListDrains']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Sends every retained line of the app also to `syslog+tls://host:port`, `syslog://host:port` (RFC 5424 over TCP) or an `https://` URL (POSTs of NDJSON). Loopback, private and link-local addresses are refused unless the operator allows them (`slipway.logs.drains.allowAddresses`).
   */
  async addDrain(
    request: {
      path: operations['AddDrain']['parameters']['path'];
      body: NonNullable<
        operations['AddDrain']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['AddDrain']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/drains`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['AddDrain']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * DELETE /apps/{app}/drains/{id}
   */
  async removeDrain(
    request: { path: operations['RemoveDrain']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/drains/${encodeURIComponent(request.path.id)}`,
      {
        method: 'DELETE',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<void>;
  }

  /**
   * GET /apps/{app}/domains
   */
  async listDomains(
    request: { path: operations['ListDomains']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListDomains']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/domains`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListDomains']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * POST /apps/{app}/domains
   */
  async addDomain(
    request: {
      path: operations['AddDomain']['parameters']['path'];
      body: NonNullable<
        operations['AddDomain']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['AddDomain']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/domains`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['AddDomain']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * DELETE /apps/{app}/domains/{domain}
   */
  async removeDomain(
    request: { path: operations['RemoveDomain']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/domains/${encodeURIComponent(request.path.domain)}`,
      {
        method: 'DELETE',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<void>;
  }

  /**
   * GET /apps/{app}/certs
   */
  async listCerts(
    request: { path: operations['ListCerts']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListCerts']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/certs`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListCerts']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Uploads a certificate and its key (checked: PEM, key matches, not expired). It is attached at once to the app's domains it covers that have no certificate; `domains` in the answer lists them.
   */
  async addCert(
    request: {
      path: operations['AddCert']['parameters']['path'];
      body: NonNullable<
        operations['AddCert']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['AddCert']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/certs`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['AddCert']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * DELETE /apps/{app}/certs/{name}
   */
  async removeCert(
    request: { path: operations['RemoveCert']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/certs/${encodeURIComponent(request.path.name)}`,
      {
        method: 'DELETE',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<void>;
  }

  /**
   * POST /apps/{app}/certs/{name}/attach
   */
  async attachCert(
    request: {
      path: operations['AttachCert']['parameters']['path'];
      body: NonNullable<
        operations['AttachCert']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['AttachCert']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/certs/${encodeURIComponent(request.path.name)}/attach`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['AttachCert']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * POST /apps/{app}/certs/{name}/detach
   */
  async detachCert(
    request: {
      path: operations['DetachCert']['parameters']['path'];
      body: NonNullable<
        operations['DetachCert']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['DetachCert']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/certs/${encodeURIComponent(request.path.name)}/detach`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['DetachCert']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/settings
   */
  async getSettings(
    request: { path: operations['GetSettings']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetSettings']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/settings`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetSettings']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * PATCH /apps/{app}/settings
   */
  async patchSettings(
    request: {
      path: operations['PatchSettings']['parameters']['path'];
      body: NonNullable<
        operations['PatchSettings']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['PatchSettings']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/settings`,
      {
        method: 'PATCH',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['PatchSettings']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/events
   */
  async listEvents(
    request: {
      path: operations['ListEvents']['parameters']['path'];
      query?: NonNullable<operations['ListEvents']['parameters']['query']>;
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListEvents']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/events` +
        queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListEvents']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * GET /apps/{app}/tokens
   */
  async listTokens(
    request: { path: operations['ListTokens']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListTokens']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/tokens`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListTokens']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * POST /apps/{app}/tokens
   */
  async createToken(
    request: {
      path: operations['CreateToken']['parameters']['path'];
      body?: NonNullable<
        operations['CreateToken']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['CreateToken']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/tokens`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['CreateToken']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * DELETE /apps/{app}/tokens/{id}
   */
  async revokeToken(
    request: { path: operations['RevokeToken']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(
        request.path.app,
      )}/tokens/${encodeURIComponent(request.path.id)}`,
      {
        method: 'DELETE',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<void>;
  }

  /**
   * Pipelines the caller may read, sorted by name.
   */
  async listPipelines(
    request: {
      query?: NonNullable<operations['ListPipelines']['parameters']['query']>;
    } = {},
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ListPipelines']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/pipelines` + queryString(request.query),
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ListPipelines']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Creates an empty pipeline (needs `slipway.pipeline.create`). Names follow the app-name rules.
   */
  async createPipeline(
    request: {
      body: NonNullable<
        operations['CreatePipeline']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['CreatePipeline']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(`${baseUrl}/pipelines`, {
      method: 'POST',
      headers: {
        ...(options?.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(request.body === undefined
          ? {}
          : { 'Content-Type': 'application/json' }),
      },
      body:
        request.body === undefined ? undefined : JSON.stringify(request.body),
    })) as TypedResponse<
      operations['CreatePipeline']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * GET /pipelines/{name}
   */
  async getPipeline(
    request: { path: operations['GetPipeline']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetPipeline']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/pipelines/${encodeURIComponent(request.path.name)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetPipeline']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Deletes the pipeline and its pending promotions; the apps stay.
   */
  async deletePipeline(
    request: { path: operations['DeletePipeline']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/pipelines/${encodeURIComponent(request.path.name)}`,
      {
        method: 'DELETE',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<void>;
  }

  /**
   * Couples an app to the pipeline in a stage, or moves it to another stage. An app is in at most one pipeline (409). Needs `slipway.pipeline.update` and `slipway.app.update` on the app.
   */
  async coupleApp(
    request: {
      path: operations['CoupleApp']['parameters']['path'];
      body: NonNullable<
        operations['CoupleApp']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['CoupleApp']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/pipelines/${encodeURIComponent(
        request.path.name,
      )}/apps/${encodeURIComponent(request.path.app)}`,
      {
        method: 'PUT',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['CoupleApp']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Decouples the app (needs `slipway.pipeline.update`); the app stays.
   */
  async decoupleApp(
    request: { path: operations['DecoupleApp']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<TypedResponse<void>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/pipelines/${encodeURIComponent(
        request.path.name,
      )}/apps/${encodeURIComponent(request.path.app)}`,
      {
        method: 'DELETE',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<void>;
  }

  /**
   * Promotes the app's current build (the same slug or image digest) to `to` (default: every app of the
   * next non-empty stage). Each target gets a release with that build and its own config, or, when it
   * has `settings.requireApproval`, a pending promotion. 201 when every target got a release, 202 when
   * any waits for approval. 409 when the current release has no build or failed, or a target already
   * runs that build. Needs `slipway.app.update` on every target.
   */
  async promote(
    request: {
      path: operations['Promote']['parameters']['path'];
      body?: NonNullable<
        operations['Promote']['requestBody']
      >['content']['application/json'];
    },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['Promote']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/apps/${encodeURIComponent(request.path.app)}/promote`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
      },
    )) as TypedResponse<
      operations['Promote']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * A promotion (needs `slipway.app.read` on the target).
   */
  async getPromotion(
    request: { path: operations['GetPromotion']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['GetPromotion']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/promotions/${encodeURIComponent(request.path.id)}`,
      {
        method: 'GET',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['GetPromotion']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Makes the target's release. Needs `slipway.app.update` on the target and a different user than the requester (403).
   */
  async approvePromotion(
    request: { path: operations['ApprovePromotion']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['ApprovePromotion']['responses'][201]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/promotions/${encodeURIComponent(request.path.id)}/approve`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['ApprovePromotion']['responses'][201]['content']['application/json']
    >;
  }

  /**
   * Ends a pending promotion. Needs `slipway.app.update` on the target and a different user than the requester (403).
   */
  async rejectPromotion(
    request: { path: operations['RejectPromotion']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['RejectPromotion']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/promotions/${encodeURIComponent(request.path.id)}/reject`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['RejectPromotion']['responses'][200]['content']['application/json']
    >;
  }

  /**
   * Ends a pending promotion its requester no longer wants (only the requester may; others reject it, 403). The approvers' notification says it was withdrawn.
   */
  async withdrawPromotion(
    request: { path: operations['WithdrawPromotion']['parameters']['path'] },
    options?: RequestOptions,
  ): Promise<
    TypedResponse<
      operations['WithdrawPromotion']['responses'][200]['content']['application/json']
    >
  > {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(
      `${baseUrl}/promotions/${encodeURIComponent(request.path.id)}/withdraw`,
      {
        method: 'POST',
        headers: {
          ...(options?.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
        },
      },
    )) as TypedResponse<
      operations['WithdrawPromotion']['responses'][200]['content']['application/json']
    >;
  }
}
