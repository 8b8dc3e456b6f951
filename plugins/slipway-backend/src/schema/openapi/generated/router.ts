//
// GENERATED FILE: do not edit. Source: plugins/slipway-backend/src/schema/openapi.yaml; run `npm run openapi:generate`.
//
/* eslint-disable */

import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type { SlipwayOpenApi } from '@slipway/plugin-slipway-common';

// The types generated from the spec live once, in slipway-common.
type operations = SlipwayOpenApi.operations;

/** The OpenAPI document, served at `/api/slipway/openapi.json` and enforced on every request. */
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'Slipway',
    version: '0.1.0',
    description:
      "Slipway's REST API (`/api/slipway`): apps, their append-only release ledger, builds, config,\nprocesses, domains, certificates, settings, events and deploy tokens (see docs/design.md).\nThis file is the single source of the API: the backend's typed router and request validation and\nthe client in slipway-common are generated from it (`npm run openapi:generate`). Requests that do\nnot match it are refused with 400 before any handler runs.\nErrors use Backstage's error shape. Changes need a user token; reads also accept service tokens.\nConfig values are only returned to callers with `slipway.app.config.read`; private keys never.\nLists page with `limit` and an opaque `cursor` and answer `{items, totalItems, pageInfo}`.\n",
  },
  servers: [
    {
      url: '/',
    },
  ],
  security: [
    {},
    {
      bearer: [],
    },
  ],
  tags: [
    {
      name: 'apps',
    },
    {
      name: 'config',
    },
    {
      name: 'builds',
    },
    {
      name: 'releases',
    },
    {
      name: 'processes',
    },
    {
      name: 'domains',
    },
    {
      name: 'certs',
    },
    {
      name: 'settings',
    },
    {
      name: 'events',
    },
    {
      name: 'tokens',
    },
    {
      name: 'pipelines',
    },
    {
      name: 'promotions',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'Health',
        security: [],
        responses: {
          '200': {
            description: 'The plugin is up.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/apps': {
      get: {
        operationId: 'ListApps',
        tags: ['apps'],
        description:
          'One page of the apps the caller may read, filtered and sorted on the server (by name unless\n`sort` says otherwise; ties by name). Release configs are masked in the list.\n',
        parameters: [
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/cursor',
          },
          {
            name: 'q',
            in: 'query',
            description: 'Part of the app name (case-insensitive).',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
          {
            name: 'owner',
            in: 'query',
            description:
              'Owner entity refs (repeatable); apps owned by any of them.',
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              maxItems: 50,
              items: {
                type: 'string',
                minLength: 1,
                maxLength: 255,
              },
            },
          },
          {
            name: 'status',
            in: 'query',
            description: "Status of the app's newest release.",
            schema: {
              $ref: '#/components/schemas/ReleaseStatus',
            },
          },
          {
            name: 'health',
            in: 'query',
            description: "The app's health.",
            schema: {
              $ref: '#/components/schemas/AppHealth',
            },
          },
          {
            name: 'sort',
            in: 'query',
            description:
              "What the list is sorted by: `name` (default), `owner`, `deployedAt` (the newest\nrelease's time), `status` (the newest release's) or `health`. A cursor belongs to one\nsort and order.\n",
            schema: {
              type: 'string',
              enum: ['name', 'owner', 'deployedAt', 'status', 'health'],
            },
          },
          {
            name: 'order',
            in: 'query',
            description: 'Ascending (default) or descending.',
            schema: {
              type: 'string',
              enum: ['asc', 'desc'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of apps.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AppPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'CreateApp',
        tags: ['apps'],
        description:
          'Creates an app with release v1 (no build), its runtime resources and git remote.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: {
                  name: {
                    type: 'string',
                    pattern: '^[a-z][a-z0-9-]*[a-z0-9]$',
                    minLength: 3,
                    maxLength: 30,
                  },
                  owner: {
                    $ref: '#/components/schemas/OwnerRef',
                  },
                  description: {
                    type: 'string',
                    maxLength: 500,
                    description:
                      "One line about the app; its catalog entity's description.",
                  },
                  cluster: {
                    type: 'string',
                    description:
                      'A configured cluster (default `slipway.defaultCluster`).',
                    pattern: '^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            $ref: '#/components/responses/App',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'GetApp',
        tags: ['apps'],
        responses: {
          '200': {
            $ref: '#/components/responses/App',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      patch: {
        operationId: 'TransferApp',
        tags: ['apps'],
        description:
          "Gives the app to another owner (a User or Group the catalog knows, else 400). 409 when the app requires approval and the new owner leaves nobody to approve a member's promotion.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['owner'],
                additionalProperties: false,
                properties: {
                  owner: {
                    $ref: '#/components/schemas/OwnerRef',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/App',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      delete: {
        operationId: 'DeleteApp',
        tags: ['apps'],
        description: 'Destroys the app and everything it owns.',
        responses: {
          '204': {
            description: 'Destroyed.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/config': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'GetConfig',
        tags: ['config'],
        responses: {
          '200': {
            description: 'The config of the latest release.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ConfigView',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      patch: {
        operationId: 'PatchConfig',
        tags: ['config'],
        description:
          'Changes config as a new release; `null` unsets. A PATCH that changes nothing is 409. With `baseVersion` (the `version` of the config the edit was based on) a PATCH made after the config changed since is 409 too, and changes nothing.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ConfigPatch',
              },
            },
          },
        },
        responses: {
          '201': {
            $ref: '#/components/responses/Release',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/builds': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'ListBuilds',
        tags: ['builds'],
        parameters: [
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/cursor',
          },
        ],
        responses: {
          '200': {
            description: 'A page of builds, newest first, without logs.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/BuildPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'DeployImage',
        tags: ['builds'],
        description: 'Records a build of a prebuilt image and a release of it.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['image'],
                additionalProperties: false,
                properties: {
                  image: {
                    type: 'string',
                    description:
                      'An image reference like registry.example.com/team/app:1.2 (no spaces).',
                    pattern: '^[A-Za-z0-9][A-Za-z0-9._\\-/:@+]{0,511}$',
                  },
                  procfile: {
                    type: 'object',
                    description:
                      "Commands by process type (default `{web: ''}`: the image's own command).",
                    minProperties: 1,
                    maxProperties: 20,
                    additionalProperties: {
                      type: 'string',
                      description:
                        'One line; "" runs the image\'s own command.',
                      maxLength: 4096,
                      pattern: '^[^\\r\\n\\x00]*$',
                    },
                  },
                  sha: {
                    type: 'string',
                    pattern: '^[0-9a-f]{7,64}$',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            $ref: '#/components/responses/Release',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/builds/{id}': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      get: {
        operationId: 'GetBuild',
        tags: ['builds'],
        responses: {
          '200': {
            description: 'The build with its log.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Build',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/releases': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'ListReleases',
        tags: ['releases'],
        parameters: [
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/cursor',
          },
        ],
        responses: {
          '200': {
            description: 'A page of the ledger, newest first.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReleasePage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/releases/rollback': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      post: {
        operationId: 'Rollback',
        tags: ['releases'],
        description:
          'A new release with the build and config of `version` (default the previous release).',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  version: {
                    type: 'integer',
                    minimum: 1,
                    maximum: 999999999,
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            $ref: '#/components/responses/Release',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/releases/{version}': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          name: 'version',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            pattern: '^v?[1-9][0-9]*$',
          },
        },
      ],
      get: {
        operationId: 'GetRelease',
        tags: ['releases'],
        responses: {
          '200': {
            $ref: '#/components/responses/Release',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/releases/{from}/diff/{to}': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          name: 'from',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
        {
          name: 'to',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      get: {
        operationId: 'DiffReleases',
        tags: ['releases'],
        responses: {
          '200': {
            description:
              'Value-level differences; values are `****` without config read permission.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReleaseDiff',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/processes': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'ListProcesses',
        tags: ['processes'],
        responses: {
          '200': {
            description: 'Running processes with their state.',
            content: {
              'application/json': {
                schema: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/Process',
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/scale': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      post: {
        operationId: 'Scale',
        tags: ['processes'],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                description: 'Replicas by process type, like `{web: 2}`.',
                minProperties: 1,
                maxProperties: 20,
                additionalProperties: {
                  type: 'integer',
                  minimum: 0,
                  maximum: 100,
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The new process structure.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ProcessStructure',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/restart': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      post: {
        operationId: 'Restart',
        tags: ['processes'],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  type: {
                    $ref: '#/components/schemas/ProcessType',
                  },
                  name: {
                    type: 'string',
                    description: 'A process of the app, like web.1.',
                    pattern:
                      '^[a-z][a-z0-9-]{0,62}(\\.[0-9]{1,4})?$|^[a-z0-9][a-z0-9.-]{0,252}$',
                  },
                },
              },
            },
          },
        },
        responses: {
          '204': {
            description: 'Restarted.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/run': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      post: {
        operationId: 'Run',
        tags: ['processes'],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['command'],
                additionalProperties: false,
                properties: {
                  command: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 4096,
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'Exit code and output of the one-off command. With `Accept: application/x-ndjson` the output is streamed as it is printed: one JSON object per line, `{"line": "..."}` for each output line, then `{"exitCode": n}` (or `{"error": {...}}` when the run failed after it started).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['exitCode', 'output'],
                  properties: {
                    exitCode: {
                      type: 'integer',
                    },
                    output: {
                      type: 'string',
                    },
                  },
                },
              },
              'application/x-ndjson': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/logs': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'GetLogs',
        tags: ['processes'],
        parameters: [
          {
            name: 'lines',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 10000,
            },
          },
          {
            name: 'type',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'follow',
            in: 'query',
            schema: {
              type: 'boolean',
            },
          },
          {
            name: 'previous',
            in: 'query',
            schema: {
              type: 'boolean',
            },
          },
        ],
        responses: {
          '200': {
            description:
              'With `previous=true` (Kubernetes; not with `follow`), the previous run of each process (a crashed or OOM-killed container). Plain text lines `<time> <source>: <line>`; with `follow=true`, server-sent events whose data is a JSON LogLine.',
            content: {
              'text/plain': {
                schema: {
                  type: 'string',
                },
              },
              'text/event-stream': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/metrics': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'GetMetrics',
        tags: ['processes'],
        description:
          'Requests by status class, latency percentiles, bytes out and memory and CPU per process type, on one time axis of `step` seconds from `from` to `to` (default: the last hour), with the releases created in that window. Needs permission to read the app. A window of more than 1500 steps, or a step that is not a multiple of 60, is refused (400).',
        parameters: [
          {
            name: 'from',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'step',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 60,
              maximum: 86400,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The series; every array has one value per timestamp.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AppMetrics',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/metrics/requests': {
      get: {
        operationId: 'GetRequestTotals',
        tags: ['processes'],
        description:
          "Requests per step (all status classes) of up to 100 apps on one time axis, for the Apps page's sparklines (default: the last 24 hours in about 24 steps). Apps that do not exist or that the caller may not read are left out of the answer.",
        parameters: [
          {
            name: 'app',
            in: 'query',
            required: true,
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              minItems: 1,
              maxItems: 100,
              items: {
                type: 'string',
                maxLength: 64,
              },
            },
          },
          {
            name: 'from',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'to',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
          },
          {
            name: 'step',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 60,
              maximum: 86400,
            },
          },
        ],
        responses: {
          '200': {
            description:
              "Each readable app's requests, one value per timestamp.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RequestTotals',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/delivery': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'GetAppDelivery',
        tags: ['releases'],
        description:
          "DORA's four figures of the app over the last `days` days (default 30), from its releases.",
        parameters: [
          {
            $ref: '#/components/parameters/deliveryDays',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Delivery',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/delivery': {
      get: {
        operationId: 'GetOwnerDelivery',
        tags: ['releases'],
        description:
          "DORA's four figures of the apps an owner (a team) owns that the caller may read.",
        parameters: [
          {
            name: 'owner',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            $ref: '#/components/parameters/deliveryDays',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Delivery',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/logs/search': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'SearchLogs',
        tags: ['processes'],
        description:
          "The app's retained lines (kept across process and backend restarts, up to `slipway.logs.retain`): process output, Slipway's own lines and the router's line per request, masked like live logs.",
        parameters: [
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/cursor',
          },
          {
            name: 'since',
            in: 'query',
            description: 'Lines at or after this time (ISO 8601).',
            schema: {
              type: 'string',
              maxLength: 40,
            },
          },
          {
            name: 'until',
            in: 'query',
            description: 'Lines before this time (ISO 8601).',
            schema: {
              type: 'string',
              maxLength: 40,
            },
          },
          {
            name: 'process',
            in: 'query',
            description: 'A process type (`web`), or `slipway` or `router`.',
            schema: {
              type: 'string',
              maxLength: 30,
            },
          },
          {
            name: 'source',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['app', 'platform', 'router'],
            },
          },
          {
            name: 'q',
            in: 'query',
            description:
              'Text anywhere in the line, in any case (no wildcards).',
            schema: {
              type: 'string',
              maxLength: 200,
            },
          },
          {
            name: 'order',
            in: 'query',
            description: '`desc` (default): newest first; `asc`: oldest first.',
            schema: {
              type: 'string',
              enum: ['asc', 'desc'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of retained lines.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RetainedLogPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/drains': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'ListDrains',
        tags: ['processes'],
        description:
          "The app's log drains (owner only), URLs masked, with what each sent and dropped since the backend started.",
        responses: {
          '200': {
            description: 'The drains, oldest first.',
            content: {
              'application/json': {
                schema: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/LogDrain',
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'AddDrain',
        tags: ['processes'],
        description:
          'Sends every retained line of the app also to `syslog+tls://host:port`, `syslog://host:port` (RFC 5424 over TCP) or an `https://` URL (POSTs of NDJSON). Loopback, private and link-local addresses are refused unless the operator allows them (`slipway.logs.drains.allowAddresses`).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['url'],
                additionalProperties: false,
                properties: {
                  url: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 2048,
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The drain, URL masked.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/LogDrain',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/drains/{id}': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            maxLength: 64,
          },
        },
      ],
      delete: {
        operationId: 'RemoveDrain',
        tags: ['processes'],
        responses: {
          '204': {
            description: 'Removed.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/domains': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'ListDomains',
        tags: ['domains'],
        responses: {
          '200': {
            description: 'Custom domains, sorted.',
            content: {
              'application/json': {
                schema: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/Domain',
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'AddDomain',
        tags: ['domains'],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['domain'],
                additionalProperties: false,
                properties: {
                  domain: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 253,
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The domain.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Domain',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/domains/{domain}': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          name: 'domain',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      delete: {
        operationId: 'RemoveDomain',
        tags: ['domains'],
        responses: {
          '204': {
            description: 'Removed.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/certs': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'ListCerts',
        tags: ['certs'],
        responses: {
          '200': {
            description: 'Certificates (never their keys).',
            content: {
              'application/json': {
                schema: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/Cert',
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'AddCert',
        tags: ['certs'],
        description:
          "Uploads a certificate and its key (checked: PEM, key matches, not expired). It is attached at once to the app's domains it covers that have no certificate; `domains` in the answer lists them.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name', 'certificate', 'key'],
                additionalProperties: false,
                properties: {
                  name: {
                    type: 'string',
                    description:
                      '1 to 63 lowercase letters, digits or inner hyphens, like www-example-com.',
                    pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
                  },
                  certificate: {
                    type: 'string',
                    description: 'PEM certificate (chain)',
                    minLength: 1,
                    maxLength: 65536,
                  },
                  key: {
                    type: 'string',
                    description:
                      'PEM private key; stored encrypted, never returned',
                    minLength: 1,
                    maxLength: 65536,
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            $ref: '#/components/responses/Cert',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/certs/{name}': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          $ref: '#/components/parameters/cert',
        },
      ],
      delete: {
        operationId: 'RemoveCert',
        tags: ['certs'],
        responses: {
          '204': {
            description: 'Removed; domains it was attached to lose TLS.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/certs/{name}/attach': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          $ref: '#/components/parameters/cert',
        },
      ],
      post: {
        operationId: 'AttachCert',
        tags: ['certs'],
        requestBody: {
          $ref: '#/components/requestBodies/DomainRef',
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Cert',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/certs/{name}/detach': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          $ref: '#/components/parameters/cert',
        },
      ],
      post: {
        operationId: 'DetachCert',
        tags: ['certs'],
        requestBody: {
          $ref: '#/components/requestBodies/DomainRef',
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Cert',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/settings': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'GetSettings',
        tags: ['settings'],
        responses: {
          '200': {
            $ref: '#/components/responses/Settings',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      patch: {
        operationId: 'PatchSettings',
        tags: ['settings'],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/SettingsPatch',
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Settings',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/events': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'ListEvents',
        tags: ['events'],
        parameters: [
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/cursor',
          },
        ],
        responses: {
          '200': {
            description: 'A page of the audit trail, newest first.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EventPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/tokens': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      get: {
        operationId: 'ListTokens',
        tags: ['tokens'],
        responses: {
          '200': {
            description: 'Deploy tokens (without the tokens themselves).',
            content: {
              'application/json': {
                schema: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/DeployToken',
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'CreateToken',
        tags: ['tokens'],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  description: {
                    type: 'string',
                    description:
                      'One line of printable text (no control characters, line or paragraph separators, or bidirectional overrides).',
                    maxLength: 200,
                    pattern:
                      '^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]*$',
                  },
                  expiresInDays: {
                    type: 'integer',
                    minimum: 1,
                    description:
                      'Lifetime in days (default `slipway.git.tokenTtl`, 90 days; at most `slipway.git.maxTokenTtl`, 365 days).',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The token; `token` appears only in this response.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeployToken',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/tokens/{id}': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
          },
        },
      ],
      delete: {
        operationId: 'RevokeToken',
        tags: ['tokens'],
        responses: {
          '204': {
            description: 'Revoked.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/pipelines': {
      get: {
        operationId: 'ListPipelines',
        tags: ['pipelines'],
        description: 'Pipelines the caller may read, sorted by name.',
        parameters: [
          {
            $ref: '#/components/parameters/limit',
          },
          {
            $ref: '#/components/parameters/cursor',
          },
        ],
        responses: {
          '200': {
            description: 'One page of pipelines.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'totalItems', 'pageInfo'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Pipeline',
                      },
                    },
                    totalItems: {
                      type: 'integer',
                      minimum: 0,
                    },
                    pageInfo: {
                      $ref: '#/components/schemas/PageInfo',
                    },
                  },
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        operationId: 'CreatePipeline',
        tags: ['pipelines'],
        description:
          'Creates an empty pipeline (needs `slipway.pipeline.create`). Names follow the app-name rules.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: {
                  name: {
                    type: 'string',
                    minLength: 3,
                    maxLength: 30,
                    pattern: '^[a-z][a-z0-9-]*[a-z0-9]$',
                  },
                  owner: {
                    $ref: '#/components/schemas/OwnerRef',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            $ref: '#/components/responses/Pipeline',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/pipelines/{name}': {
      parameters: [
        {
          $ref: '#/components/parameters/pipeline',
        },
      ],
      get: {
        operationId: 'GetPipeline',
        tags: ['pipelines'],
        responses: {
          '200': {
            $ref: '#/components/responses/Pipeline',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      delete: {
        operationId: 'DeletePipeline',
        tags: ['pipelines'],
        description:
          'Deletes the pipeline and its pending promotions; the apps stay.',
        responses: {
          '204': {
            description: 'Deleted.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/pipelines/{name}/apps/{app}': {
      parameters: [
        {
          $ref: '#/components/parameters/pipeline',
        },
        {
          $ref: '#/components/parameters/app',
        },
      ],
      put: {
        operationId: 'CoupleApp',
        tags: ['pipelines'],
        description:
          'Couples an app to the pipeline in a stage, or moves it to another stage. An app is in at most one pipeline (409). Needs `slipway.pipeline.update` and `slipway.app.update` on the app.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['stage'],
                additionalProperties: false,
                properties: {
                  stage: {
                    $ref: '#/components/schemas/PipelineStage',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Pipeline',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
      delete: {
        operationId: 'DecoupleApp',
        tags: ['pipelines'],
        description:
          'Decouples the app (needs `slipway.pipeline.update`); the app stays.',
        responses: {
          '204': {
            description: 'Decoupled.',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{app}/promote': {
      parameters: [
        {
          $ref: '#/components/parameters/app',
        },
      ],
      post: {
        operationId: 'Promote',
        tags: ['promotions'],
        description:
          "Promotes the app's current build (the same slug or image digest) to `to` (default: every app of the\nnext non-empty stage). Each target gets a release with that build and its own config, or, when it\nhas `settings.requireApproval`, a pending promotion. 201 when every target got a release, 202 when\nany waits for approval. 409 when the current release has no build or failed, or a target already\nruns that build. Needs `slipway.app.update` on every target.\n",
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  to: {
                    type: 'array',
                    description: 'App names of later stages of the pipeline.',
                    minItems: 1,
                    maxItems: 50,
                    items: {
                      type: 'string',
                      minLength: 1,
                      maxLength: 30,
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            $ref: '#/components/responses/Promotions',
          },
          '202': {
            $ref: '#/components/responses/Promotions',
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/promotions/{id}': {
      parameters: [
        {
          $ref: '#/components/parameters/promotion',
        },
      ],
      get: {
        operationId: 'GetPromotion',
        tags: ['promotions'],
        description: 'A promotion (needs `slipway.app.read` on the target).',
        responses: {
          '200': {
            description: 'The promotion.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Promotion',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/promotions/{id}/approve': {
      parameters: [
        {
          $ref: '#/components/parameters/promotion',
        },
      ],
      post: {
        operationId: 'ApprovePromotion',
        tags: ['promotions'],
        description:
          "Makes the target's release. Needs `slipway.app.update` on the target and a different user than the requester (403).",
        responses: {
          '201': {
            description: "The target's new release.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PromotionResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/promotions/{id}/reject': {
      parameters: [
        {
          $ref: '#/components/parameters/promotion',
        },
      ],
      post: {
        operationId: 'RejectPromotion',
        tags: ['promotions'],
        description:
          'Ends a pending promotion. Needs `slipway.app.update` on the target and a different user than the requester (403).',
        responses: {
          '200': {
            description: 'The rejected promotion.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Promotion',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/promotions/{id}/withdraw': {
      parameters: [
        {
          $ref: '#/components/parameters/promotion',
        },
      ],
      post: {
        operationId: 'WithdrawPromotion',
        tags: ['promotions'],
        description:
          "Ends a pending promotion its requester no longer wants (only the requester may; others reject it, 403). The approvers' notification says it was withdrawn.",
        responses: {
          '200': {
            description: 'The withdrawn promotion.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Promotion',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
      },
    },
    parameters: {
      deliveryDays: {
        name: 'days',
        in: 'query',
        schema: {
          type: 'integer',
          minimum: 1,
          maximum: 365,
        },
      },
      app: {
        name: 'app',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      cert: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      limit: {
        name: 'limit',
        in: 'query',
        description: 'Items per page.',
        schema: {
          type: 'integer',
          minimum: 1,
          maximum: 500,
          default: 50,
        },
      },
      cursor: {
        name: 'cursor',
        in: 'query',
        description:
          '`pageInfo.nextCursor` or `pageInfo.prevCursor` of a page of the same list.',
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 1024,
        },
      },
      pipeline: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      promotion: {
        name: 'id',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
    },
    requestBodies: {
      DomainRef: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['domain'],
              additionalProperties: false,
              properties: {
                domain: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 253,
                },
              },
            },
          },
        },
      },
    },
    responses: {
      Delivery: {
        description: 'The figures and the apps counted.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Delivery',
            },
          },
        },
      },
      App: {
        description: 'An app.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/App',
            },
          },
        },
      },
      Release: {
        description: 'A release.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Release',
            },
          },
        },
      },
      Cert: {
        description: 'A certificate (never its key).',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Cert',
            },
          },
        },
      },
      Pipeline: {
        description: 'A pipeline with its apps by stage.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Pipeline',
            },
          },
        },
      },
      Promotions: {
        description: 'One entry per target.',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['promotions'],
              properties: {
                promotions: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/PromotionResult',
                  },
                },
              },
            },
          },
        },
      },
      Settings: {
        description: "The app's settings.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/AppSettings',
            },
          },
        },
      },
      Error: {
        description:
          '400 invalid input, 401, 403 not allowed, 404 not found, 409 conflict (nothing changed).',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['error'],
              properties: {
                error: {
                  type: 'object',
                  required: ['name', 'message'],
                  properties: {
                    name: {
                      type: 'string',
                    },
                    message: {
                      type: 'string',
                    },
                    stack: {
                      type: 'string',
                    },
                  },
                },
                request: {
                  type: 'object',
                  required: ['method', 'url'],
                  properties: {
                    method: {
                      type: 'string',
                    },
                    url: {
                      type: 'string',
                    },
                  },
                },
                response: {
                  type: 'object',
                  required: ['statusCode'],
                  properties: {
                    statusCode: {
                      type: 'integer',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    schemas: {
      PageInfo: {
        type: 'object',
        properties: {
          nextCursor: {
            type: 'string',
          },
          prevCursor: {
            type: 'string',
          },
        },
      },
      ReleaseStatus: {
        type: 'string',
        enum: ['pending', 'succeeded', 'failed'],
      },
      AppHealth: {
        type: 'string',
        description:
          "Whether the app serves, from its processes as the runtime last reported them; separate\nfrom its releases' status. `up`, `crashing` (a process keeps exiting), `starting`\n(processes wanted, none up yet), `no-processes` (scaled to zero), `maintenance`,\n`not-deployed` (no build yet).\n",
        enum: [
          'up',
          'crashing',
          'starting',
          'no-processes',
          'maintenance',
          'not-deployed',
        ],
      },
      ReleaseSummary: {
        type: 'object',
        description: 'The newest release of an app, whatever its status.',
        required: ['version', 'status', 'createdAt'],
        properties: {
          version: {
            type: 'integer',
          },
          status: {
            $ref: '#/components/schemas/ReleaseStatus',
          },
          reason: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      AppSummary: {
        description:
          'An app as listed; `release` is the one serving, `latestRelease` the newest (also when it failed).',
        allOf: [
          {
            $ref: '#/components/schemas/App',
          },
          {
            type: 'object',
            properties: {
              latestRelease: {
                $ref: '#/components/schemas/ReleaseSummary',
              },
            },
          },
        ],
      },
      AppPage: {
        type: 'object',
        required: ['items', 'totalItems', 'pageInfo'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AppSummary',
            },
          },
          totalItems: {
            type: 'integer',
          },
          pageInfo: {
            $ref: '#/components/schemas/PageInfo',
          },
        },
      },
      BuildPage: {
        type: 'object',
        required: ['items', 'totalItems', 'pageInfo'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Build',
            },
          },
          totalItems: {
            type: 'integer',
          },
          pageInfo: {
            $ref: '#/components/schemas/PageInfo',
          },
        },
      },
      ReleasePage: {
        type: 'object',
        required: ['items', 'totalItems', 'pageInfo'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Release',
            },
          },
          totalItems: {
            type: 'integer',
          },
          pageInfo: {
            $ref: '#/components/schemas/PageInfo',
          },
        },
      },
      EventPage: {
        type: 'object',
        required: ['items', 'totalItems', 'pageInfo'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AppEvent',
            },
          },
          totalItems: {
            type: 'integer',
          },
          pageInfo: {
            $ref: '#/components/schemas/PageInfo',
          },
        },
      },
      LogDrain: {
        type: 'object',
        required: ['id', 'url', 'createdBy', 'createdAt', 'sent', 'dropped'],
        properties: {
          id: {
            type: 'string',
          },
          url: {
            type: 'string',
            description: 'Password and query values masked as ***.',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          sent: {
            type: 'integer',
            description: 'Lines sent since the backend started.',
          },
          dropped: {
            type: 'integer',
            description:
              'Lines lost to a full buffer (the drain was down or slow) since the backend started.',
          },
          lastError: {
            type: 'string',
          },
        },
      },
      RetainedLogPage: {
        type: 'object',
        required: ['items', 'totalItems', 'pageInfo'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RetainedLogLine',
            },
          },
          totalItems: {
            type: 'integer',
          },
          pageInfo: {
            $ref: '#/components/schemas/PageInfo',
          },
        },
      },
      RetainedLogLine: {
        type: 'object',
        required: ['id', 'time', 'source', 'kind', 'processType', 'line'],
        properties: {
          id: {
            type: 'integer',
          },
          time: {
            type: 'string',
            format: 'date-time',
          },
          source: {
            type: 'string',
            description: '`web.1`, `slipway`, `router`',
          },
          kind: {
            type: 'string',
            enum: ['app', 'platform', 'router'],
          },
          processType: {
            type: 'string',
          },
          release: {
            type: 'integer',
          },
          line: {
            type: 'string',
          },
        },
      },
      StringMap: {
        type: 'object',
        additionalProperties: {
          type: 'string',
        },
      },
      ProcessStructure: {
        type: 'object',
        additionalProperties: {
          type: 'integer',
          minimum: 0,
          maximum: 100,
        },
      },
      ProcessType: {
        type: 'string',
        description:
          '1 to 30 lowercase letters, digits or hyphens, starting with a letter.',
        pattern: '^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$',
      },
      OwnerRef: {
        type: 'string',
        description:
          "Entity ref of a User or Group the catalog knows (default kind group), or the caller's own ref; defaults to the caller. An owner the catalog does not know is refused (400).",
        minLength: 1,
        maxLength: 255,
      },
      Autoscale: {
        type: 'object',
        required: ['min', 'max', 'cpuPercent'],
        additionalProperties: false,
        properties: {
          min: {
            type: 'integer',
            minimum: 1,
            maximum: 100,
          },
          max: {
            type: 'integer',
            minimum: 1,
            maximum: 100,
          },
          cpuPercent: {
            type: 'integer',
            minimum: 1,
            maximum: 100,
          },
        },
      },
      App: {
        type: 'object',
        required: [
          'name',
          'owner',
          'cluster',
          'structure',
          'createdAt',
          'updatedAt',
          'url',
          'gitRemote',
        ],
        properties: {
          name: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          structure: {
            $ref: '#/components/schemas/ProcessStructure',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
          url: {
            type: 'string',
          },
          gitRemote: {
            type: 'string',
          },
          release: {
            $ref: '#/components/schemas/Release',
          },
          pipeline: {
            type: 'object',
            description:
              'The pipeline the app is coupled to, if any (GET /apps/{app}, create and transfer only).',
            required: ['name', 'stage'],
            properties: {
              name: {
                type: 'string',
              },
              stage: {
                $ref: '#/components/schemas/PipelineStage',
              },
            },
          },
          rootAllowed: {
            type: 'boolean',
            description:
              'Whether the platform lets apps run as root (setting runAsNonRoot false; slipway.kubernetes.pods.allowRoot). Only from getting, creating and transferring one app.',
          },
          health: {
            $ref: '#/components/schemas/AppHealth',
          },
          healthSince: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      Build: {
        type: 'object',
        required: [
          'id',
          'app',
          'image',
          'procfile',
          'status',
          'createdBy',
          'createdAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          app: {
            type: 'string',
          },
          image: {
            type: 'string',
          },
          sha: {
            type: 'string',
          },
          procfile: {
            $ref: '#/components/schemas/StringMap',
          },
          status: {
            type: 'string',
            enum: ['pending', 'succeeded', 'failed'],
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          log: {
            type: 'string',
          },
        },
      },
      ProcessLimits: {
        type: 'object',
        additionalProperties: false,
        properties: {
          memory: {
            type: 'string',
          },
          cpu: {
            type: 'string',
          },
        },
      },
      Probe: {
        type: 'object',
        required: ['type'],
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['http', 'tcp', 'exec'],
          },
          path: {
            type: 'string',
            description: 'http probes only: starts with "/", no spaces.',
            pattern: '^/[\\x21-\\x7e]{0,254}$',
          },
          port: {
            type: 'integer',
            minimum: 1,
            maximum: 65535,
          },
          command: {
            type: 'array',
            description: 'exec probes only.',
            minItems: 1,
            maxItems: 32,
            items: {
              type: 'string',
              minLength: 1,
              maxLength: 1024,
            },
          },
          initialDelaySeconds: {
            type: 'integer',
            minimum: 0,
            maximum: 3600,
          },
          timeoutSeconds: {
            type: 'integer',
            minimum: 1,
            maximum: 3600,
          },
          periodSeconds: {
            type: 'integer',
            minimum: 1,
            maximum: 3600,
          },
          failureThreshold: {
            type: 'integer',
            minimum: 1,
            maximum: 100,
          },
        },
      },
      Healthcheck: {
        type: 'object',
        additionalProperties: false,
        properties: {
          liveness: {
            $ref: '#/components/schemas/Probe',
          },
          readiness: {
            $ref: '#/components/schemas/Probe',
          },
        },
      },
      ConfigView: {
        type: 'object',
        required: [
          'values',
          'limits',
          'tags',
          'healthchecks',
          'keys',
          'revealed',
        ],
        properties: {
          values: {
            $ref: '#/components/schemas/StringMap',
          },
          limits: {
            type: 'object',
            additionalProperties: {
              $ref: '#/components/schemas/ProcessLimits',
            },
          },
          tags: {
            $ref: '#/components/schemas/StringMap',
          },
          healthchecks: {
            type: 'object',
            additionalProperties: {
              $ref: '#/components/schemas/Healthcheck',
            },
          },
          keys: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          revealed: {
            type: 'boolean',
          },
          version: {
            type: 'integer',
            description:
              'The release this config is from (GET /config only): send it back as `baseVersion`.',
          },
        },
      },
      ConfigPatch: {
        type: 'object',
        description:
          'Keys are config keys, process types and label keys: the service checks them.',
        additionalProperties: false,
        properties: {
          baseVersion: {
            type: 'integer',
            minimum: 1,
            description:
              'The `version` of the config the edit was based on; if the config changed since, the PATCH is refused (409) and changes nothing. Omit to apply the PATCH to whatever the config is now.',
          },
          values: {
            type: 'object',
            description: 'Environment variables; `null` unsets.',
            additionalProperties: {
              type: 'string',
              nullable: true,
            },
          },
          limits: {
            type: 'object',
            description: 'Limits by process type; `null` removes them.',
            additionalProperties: {
              type: 'object',
              nullable: true,
              minProperties: 1,
              additionalProperties: false,
              properties: {
                memory: {
                  type: 'string',
                  description: 'A Kubernetes quantity like 512Mi or 1Gi.',
                  pattern: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$',
                },
                cpu: {
                  type: 'string',
                  description: 'A Kubernetes quantity like 500m or 2.',
                  pattern: '^([0-9]+(\\.[0-9]+)?|[0-9]+m)$',
                },
              },
            },
          },
          tags: {
            type: 'object',
            description: 'Kubernetes labels; `null` removes one.',
            additionalProperties: {
              type: 'string',
              nullable: true,
              description:
                'A label value, up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (or empty).',
              pattern: '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$',
            },
          },
          healthchecks: {
            type: 'object',
            description: 'Probes by process type; `null` removes them.',
            additionalProperties: {
              type: 'object',
              nullable: true,
              minProperties: 1,
              additionalProperties: false,
              properties: {
                liveness: {
                  $ref: '#/components/schemas/Probe',
                },
                readiness: {
                  $ref: '#/components/schemas/Probe',
                },
              },
            },
          },
        },
      },
      Delivery: {
        type: 'object',
        required: [
          'days',
          'deploys',
          'deploymentsPerDay',
          'leadTimeHours',
          'changeFailureRate',
          'timeToRestoreHours',
          'apps',
        ],
        properties: {
          days: {
            type: 'integer',
          },
          deploys: {
            type: 'integer',
          },
          deploymentsPerDay: {
            type: 'number',
          },
          leadTimeHours: {
            type: 'number',
            nullable: true,
          },
          changeFailureRate: {
            type: 'number',
            nullable: true,
          },
          timeToRestoreHours: {
            type: 'number',
            nullable: true,
          },
          apps: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      MetricsEmpty: {
        type: 'object',
        description: 'Why there are no request figures.',
        required: ['reason', 'message'],
        properties: {
          reason: {
            type: 'string',
            enum: [
              'no-traffic',
              'no-prometheus',
              'router-not-counting',
              'metrics-disabled',
            ],
          },
          message: {
            type: 'string',
          },
        },
      },
      RequestTotals: {
        type: 'object',
        required: ['from', 'to', 'step', 'source', 'timestamps', 'apps'],
        properties: {
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          step: {
            type: 'integer',
          },
          source: {
            type: 'string',
            enum: ['ledger', 'prometheus'],
          },
          timestamps: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          apps: {
            type: 'array',
            items: {
              type: 'object',
              required: ['app', 'requests'],
              properties: {
                app: {
                  type: 'string',
                },
                requests: {
                  type: 'array',
                  items: {
                    type: 'number',
                  },
                },
              },
            },
          },
          empty: {
            $ref: '#/components/schemas/MetricsEmpty',
          },
        },
      },
      AppMetrics: {
        type: 'object',
        required: [
          'from',
          'to',
          'step',
          'source',
          'timestamps',
          'requests',
          'latency',
          'bytesOut',
          'processes',
          'releases',
        ],
        properties: {
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          step: {
            type: 'integer',
          },
          source: {
            type: 'string',
            enum: ['ledger', 'prometheus'],
          },
          timestamps: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          requests: {
            type: 'object',
            required: ['1xx', '2xx', '3xx', '4xx', '5xx'],
            properties: {
              '1xx': {
                type: 'array',
                items: {
                  type: 'number',
                },
              },
              '2xx': {
                type: 'array',
                items: {
                  type: 'number',
                },
              },
              '3xx': {
                type: 'array',
                items: {
                  type: 'number',
                },
              },
              '4xx': {
                type: 'array',
                items: {
                  type: 'number',
                },
              },
              '5xx': {
                type: 'array',
                items: {
                  type: 'number',
                },
              },
            },
          },
          latency: {
            type: 'object',
            required: ['p50', 'p95', 'p99'],
            properties: {
              p50: {
                type: 'array',
                items: {
                  type: 'number',
                  nullable: true,
                },
              },
              p95: {
                type: 'array',
                items: {
                  type: 'number',
                  nullable: true,
                },
              },
              p99: {
                type: 'array',
                items: {
                  type: 'number',
                  nullable: true,
                },
              },
            },
          },
          bytesOut: {
            type: 'array',
            items: {
              type: 'number',
            },
          },
          processes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['type', 'memoryBytes', 'cpuMillicores'],
              properties: {
                type: {
                  type: 'string',
                },
                memoryBytes: {
                  type: 'array',
                  items: {
                    type: 'number',
                    nullable: true,
                  },
                },
                cpuMillicores: {
                  type: 'array',
                  items: {
                    type: 'number',
                    nullable: true,
                  },
                },
              },
            },
          },
          empty: {
            $ref: '#/components/schemas/MetricsEmpty',
          },
          releases: {
            type: 'array',
            items: {
              type: 'object',
              required: ['version', 'createdAt', 'status', 'summary'],
              properties: {
                version: {
                  type: 'integer',
                },
                createdAt: {
                  type: 'string',
                },
                status: {
                  type: 'string',
                  enum: ['pending', 'succeeded', 'failed'],
                },
                summary: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      Release: {
        type: 'object',
        required: [
          'app',
          'version',
          'config',
          'summary',
          'createdBy',
          'createdAt',
          'status',
        ],
        properties: {
          app: {
            type: 'string',
          },
          version: {
            type: 'integer',
          },
          build: {
            $ref: '#/components/schemas/Build',
          },
          config: {
            $ref: '#/components/schemas/ConfigView',
          },
          summary: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          status: {
            type: 'string',
            enum: ['pending', 'succeeded', 'failed'],
          },
          reason: {
            type: 'string',
          },
        },
      },
      ReleaseDiff: {
        type: 'object',
        required: ['from', 'to', 'changes'],
        properties: {
          from: {
            type: 'integer',
          },
          to: {
            type: 'integer',
          },
          changes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['section', 'key', 'change'],
              properties: {
                section: {
                  type: 'string',
                  enum: ['values', 'limits', 'tags', 'healthchecks', 'build'],
                },
                key: {
                  type: 'string',
                },
                change: {
                  type: 'string',
                  enum: ['added', 'removed', 'changed'],
                },
                from: {
                  type: 'string',
                },
                to: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      Process: {
        type: 'object',
        required: ['name', 'type', 'release', 'state', 'restarts'],
        properties: {
          name: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          release: {
            type: 'integer',
          },
          state: {
            type: 'string',
            enum: ['starting', 'up', 'crashed', 'stopping', 'down'],
          },
          restarts: {
            type: 'integer',
          },
          startedAt: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
      },
      Domain: {
        type: 'object',
        required: ['app', 'domain', 'createdBy', 'createdAt'],
        properties: {
          app: {
            type: 'string',
          },
          domain: {
            type: 'string',
          },
          cert: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          autoTls: {
            $ref: '#/components/schemas/DomainAutoTls',
          },
        },
      },
      DomainAutoTls: {
        description:
          'The automatic (ACME) certificate of a domain whose app has autoTls (builtin and nginx routers).',
        type: 'object',
        required: ['state', 'updatedAt'],
        properties: {
          state: {
            type: 'string',
            enum: ['pending', 'issued', 'failed'],
          },
          notAfter: {
            type: 'string',
            format: 'date-time',
          },
          nextRenewal: {
            type: 'string',
            format: 'date-time',
            description:
              'When the certificate is renewed, or a failed attempt retried.',
          },
          lastError: {
            type: 'string',
            description: 'Why the last attempt failed.',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      Cert: {
        type: 'object',
        required: [
          'app',
          'name',
          'certificate',
          'subject',
          'sans',
          'issuer',
          'notBefore',
          'notAfter',
          'fingerprint',
          'domains',
          'createdBy',
          'createdAt',
        ],
        properties: {
          app: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          certificate: {
            type: 'string',
          },
          subject: {
            type: 'string',
          },
          sans: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          issuer: {
            type: 'string',
          },
          notBefore: {
            type: 'string',
            format: 'date-time',
          },
          notAfter: {
            type: 'string',
            format: 'date-time',
          },
          fingerprint: {
            type: 'string',
          },
          domains: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      Hsts: {
        type: 'object',
        required: ['enabled', 'maxAge', 'includeSubdomains', 'preload'],
        additionalProperties: false,
        properties: {
          enabled: {
            type: 'boolean',
          },
          maxAge: {
            type: 'integer',
            minimum: 0,
            maximum: 63072000,
          },
          includeSubdomains: {
            type: 'boolean',
          },
          preload: {
            type: 'boolean',
          },
        },
      },
      HstsPatch: {
        type: 'object',
        additionalProperties: false,
        properties: {
          enabled: {
            type: 'boolean',
          },
          maxAge: {
            type: 'integer',
            minimum: 0,
            maximum: 63072000,
          },
          includeSubdomains: {
            type: 'boolean',
          },
          preload: {
            type: 'boolean',
          },
        },
      },
      AppSettings: {
        type: 'object',
        required: [
          'maintenance',
          'routable',
          'allowlist',
          'httpsOnly',
          'hsts',
          'autoTls',
          'autoscale',
          'connectTimeout',
          'readTimeout',
          'sendTimeout',
          'bodySize',
          'deployTimeout',
          'runAsNonRoot',
          'requireApproval',
        ],
        properties: {
          maintenance: {
            type: 'boolean',
          },
          routable: {
            type: 'boolean',
          },
          allowlist: {
            type: 'array',
            description: 'CIDRs allowed to reach the app (empty allows all).',
            maxItems: 100,
            items: {
              type: 'string',
              minLength: 1,
              maxLength: 49,
            },
          },
          httpsOnly: {
            type: 'boolean',
          },
          hsts: {
            $ref: '#/components/schemas/Hsts',
          },
          autoTls: {
            type: 'boolean',
          },
          autoscale: {
            type: 'object',
            description:
              'HorizontalPodAutoscaler bounds by process type (Kubernetes runtime only).',
            additionalProperties: {
              $ref: '#/components/schemas/Autoscale',
            },
          },
          connectTimeout: {
            type: 'integer',
            minimum: 1,
            maximum: 75,
          },
          readTimeout: {
            type: 'integer',
            minimum: 1,
            maximum: 3600,
          },
          sendTimeout: {
            type: 'integer',
            minimum: 1,
            maximum: 3600,
          },
          bodySize: {
            type: 'string',
            description:
              'nginx-style size, at most 1024m ("0", unlimited, is refused).',
            example: '1m',
            pattern: '^[1-9][0-9]{0,9}[km]?$',
          },
          deployTimeout: {
            type: 'integer',
            minimum: 10,
            maximum: 3600,
          },
          runAsNonRoot: {
            type: 'boolean',
            description:
              'Kubernetes runtime only; containers that would run as root are not started.',
          },
          requireApproval: {
            type: 'boolean',
            description:
              'Promotions into this app wait for a different user to approve them',
          },
        },
      },
      SettingsPatch: {
        type: 'object',
        description: 'Settings to change; the others stay.',
        additionalProperties: false,
        properties: {
          maintenance: {
            type: 'boolean',
          },
          routable: {
            type: 'boolean',
          },
          allowlist: {
            type: 'array',
            description: 'CIDRs allowed to reach the app (empty allows all).',
            maxItems: 100,
            items: {
              type: 'string',
              minLength: 1,
              maxLength: 49,
            },
          },
          httpsOnly: {
            type: 'boolean',
          },
          hsts: {
            $ref: '#/components/schemas/HstsPatch',
          },
          autoTls: {
            type: 'boolean',
          },
          autoscale: {
            type: 'object',
            description:
              'HorizontalPodAutoscaler bounds by process type (Kubernetes runtime only).',
            additionalProperties: {
              $ref: '#/components/schemas/Autoscale',
            },
          },
          connectTimeout: {
            type: 'integer',
            minimum: 1,
            maximum: 75,
          },
          readTimeout: {
            type: 'integer',
            minimum: 1,
            maximum: 3600,
          },
          sendTimeout: {
            type: 'integer',
            minimum: 1,
            maximum: 3600,
          },
          bodySize: {
            type: 'string',
            description:
              'nginx-style size, at most 1024m ("0", unlimited, is refused).',
            example: '1m',
            pattern: '^[1-9][0-9]{0,9}[km]?$',
          },
          deployTimeout: {
            type: 'integer',
            minimum: 10,
            maximum: 3600,
          },
          runAsNonRoot: {
            type: 'boolean',
            description:
              'Kubernetes runtime only; containers that would run as root are not started.',
          },
          requireApproval: {
            type: 'boolean',
            description:
              'Promotions into this app wait for a different user to approve them. Turning it on is refused (409) unless the owner is a Group with at least two members in the catalog, so that someone besides the requester can approve.',
          },
        },
      },
      AppEvent: {
        type: 'object',
        required: ['id', 'app', 'type', 'message', 'actor', 'createdAt'],
        properties: {
          id: {
            type: 'integer',
          },
          app: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          details: {
            type: 'object',
            additionalProperties: true,
          },
        },
      },
      DeployToken: {
        type: 'object',
        required: [
          'id',
          'app',
          'description',
          'createdBy',
          'createdAt',
          'expiresAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          app: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
            description:
              "The user the token acts for, while that user owns the app (the catalog's ownership, checked at every use).",
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          lastUsedAt: {
            type: 'string',
            format: 'date-time',
            description:
              'The last push or fetch with the token, to the minute; absent when never used.',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
          },
          token: {
            type: 'string',
          },
        },
      },
      PipelineStage: {
        type: 'string',
        enum: ['review', 'development', 'staging', 'production'],
      },
      PipelineApp: {
        type: 'object',
        required: ['name', 'stage'],
        properties: {
          name: {
            type: 'string',
          },
          stage: {
            $ref: '#/components/schemas/PipelineStage',
          },
          release: {
            type: 'object',
            description: 'The current (newest not failed) release.',
            required: ['version', 'status', 'summary', 'createdAt'],
            properties: {
              version: {
                type: 'integer',
              },
              status: {
                type: 'string',
                enum: ['pending', 'succeeded', 'failed'],
              },
              summary: {
                type: 'string',
              },
              createdAt: {
                type: 'string',
                format: 'date-time',
              },
              build: {
                type: 'object',
                required: ['id', 'image'],
                properties: {
                  id: {
                    type: 'string',
                  },
                  image: {
                    type: 'string',
                  },
                  sha: {
                    type: 'string',
                  },
                },
              },
            },
          },
          status: {
            type: 'string',
            enum: ['pending', 'succeeded', 'failed'],
            description: "The newest release's status",
          },
        },
      },
      Pipeline: {
        type: 'object',
        required: ['name', 'owner', 'createdAt', 'stages'],
        properties: {
          name: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          stages: {
            type: 'object',
            required: ['review', 'development', 'staging', 'production'],
            additionalProperties: false,
            properties: {
              review: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/PipelineApp',
                },
              },
              development: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/PipelineApp',
                },
              },
              staging: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/PipelineApp',
                },
              },
              production: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/PipelineApp',
                },
              },
            },
          },
          pending: {
            type: 'array',
            description:
              'Promotions waiting for approval (GET /pipelines/{name} only).',
            items: {
              $ref: '#/components/schemas/Promotion',
            },
          },
          history: {
            type: 'array',
            description:
              "The pipeline's newest decided promotions (at most 20), newest first (GET /pipelines/{name} only).",
            items: {
              $ref: '#/components/schemas/Promotion',
            },
          },
        },
      },
      Promotion: {
        type: 'object',
        required: [
          'id',
          'pipeline',
          'source',
          'sourceVersion',
          'target',
          'image',
          'status',
          'requestedBy',
          'requestedAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          pipeline: {
            type: 'string',
          },
          source: {
            type: 'string',
          },
          sourceVersion: {
            type: 'integer',
          },
          target: {
            type: 'string',
          },
          sha: {
            type: 'string',
          },
          image: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: [
              'pending',
              'approved',
              'rejected',
              'expired',
              'superseded',
              'promoted',
              'withdrawn',
            ],
          },
          requestedBy: {
            type: 'string',
          },
          requestedAt: {
            type: 'string',
            format: 'date-time',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
          },
          decidedBy: {
            type: 'string',
          },
          decidedAt: {
            type: 'string',
            format: 'date-time',
          },
          version: {
            type: 'integer',
            description: "The target's release it made",
          },
        },
      },
      PromotionResult: {
        type: 'object',
        required: ['id', 'app', 'status'],
        properties: {
          id: {
            type: 'string',
          },
          app: {
            type: 'string',
          },
          version: {
            type: 'integer',
          },
          status: {
            type: 'string',
            enum: ['pending', 'succeeded', 'failed'],
          },
        },
      },
    },
  },
} as const;

/** What each endpoint takes and answers, keyed `#<method>|<path>`. */
export type EndpointMap = {
  '#get|/health': {
    response: operations['Health']['responses'][200]['content']['application/json'];
  };
  '#get|/apps': {
    query: NonNullable<operations['ListApps']['parameters']['query']>;
    response: operations['ListApps']['responses'][200]['content']['application/json'];
  };
  '#post|/apps': {
    body: NonNullable<
      operations['CreateApp']['requestBody']
    >['content']['application/json'];
    response: operations['CreateApp']['responses'][201]['content']['application/json'];
  };
  '#get|/apps/{app}': {
    path: operations['GetApp']['parameters']['path'];
    response: operations['GetApp']['responses'][200]['content']['application/json'];
  };
  '#patch|/apps/{app}': {
    path: operations['TransferApp']['parameters']['path'];
    body: NonNullable<
      operations['TransferApp']['requestBody']
    >['content']['application/json'];
    response: operations['TransferApp']['responses'][200]['content']['application/json'];
  };
  '#_delete|/apps/{app}': {
    path: operations['DeleteApp']['parameters']['path'];
    response: void;
  };
  '#get|/apps/{app}/config': {
    path: operations['GetConfig']['parameters']['path'];
    response: operations['GetConfig']['responses'][200]['content']['application/json'];
  };
  '#patch|/apps/{app}/config': {
    path: operations['PatchConfig']['parameters']['path'];
    body: NonNullable<
      operations['PatchConfig']['requestBody']
    >['content']['application/json'];
    response: operations['PatchConfig']['responses'][201]['content']['application/json'];
  };
  '#get|/apps/{app}/builds': {
    path: operations['ListBuilds']['parameters']['path'];
    query: NonNullable<operations['ListBuilds']['parameters']['query']>;
    response: operations['ListBuilds']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/builds': {
    path: operations['DeployImage']['parameters']['path'];
    body: NonNullable<
      operations['DeployImage']['requestBody']
    >['content']['application/json'];
    response: operations['DeployImage']['responses'][201]['content']['application/json'];
  };
  '#get|/apps/{app}/builds/{id}': {
    path: operations['GetBuild']['parameters']['path'];
    response: operations['GetBuild']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/releases': {
    path: operations['ListReleases']['parameters']['path'];
    query: NonNullable<operations['ListReleases']['parameters']['query']>;
    response: operations['ListReleases']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/releases/rollback': {
    path: operations['Rollback']['parameters']['path'];
    body: NonNullable<
      operations['Rollback']['requestBody']
    >['content']['application/json'];
    response: operations['Rollback']['responses'][201]['content']['application/json'];
  };
  '#get|/apps/{app}/releases/{version}': {
    path: operations['GetRelease']['parameters']['path'];
    response: operations['GetRelease']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/releases/{from}/diff/{to}': {
    path: operations['DiffReleases']['parameters']['path'];
    response: operations['DiffReleases']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/processes': {
    path: operations['ListProcesses']['parameters']['path'];
    response: operations['ListProcesses']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/scale': {
    path: operations['Scale']['parameters']['path'];
    body: NonNullable<
      operations['Scale']['requestBody']
    >['content']['application/json'];
    response: operations['Scale']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/restart': {
    path: operations['Restart']['parameters']['path'];
    body: NonNullable<
      operations['Restart']['requestBody']
    >['content']['application/json'];
    response: void;
  };
  '#post|/apps/{app}/run': {
    path: operations['Run']['parameters']['path'];
    body: NonNullable<
      operations['Run']['requestBody']
    >['content']['application/json'];
    response: operations['Run']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/logs': {
    path: operations['GetLogs']['parameters']['path'];
    query: NonNullable<operations['GetLogs']['parameters']['query']>;
    response: string;
  };
  '#get|/apps/{app}/metrics': {
    path: operations['GetMetrics']['parameters']['path'];
    query: NonNullable<operations['GetMetrics']['parameters']['query']>;
    response: operations['GetMetrics']['responses'][200]['content']['application/json'];
  };
  '#get|/metrics/requests': {
    query: NonNullable<operations['GetRequestTotals']['parameters']['query']>;
    response: operations['GetRequestTotals']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/delivery': {
    path: operations['GetAppDelivery']['parameters']['path'];
    query: NonNullable<operations['GetAppDelivery']['parameters']['query']>;
    response: operations['GetAppDelivery']['responses'][200]['content']['application/json'];
  };
  '#get|/delivery': {
    query: NonNullable<operations['GetOwnerDelivery']['parameters']['query']>;
    response: operations['GetOwnerDelivery']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/logs/search': {
    path: operations['SearchLogs']['parameters']['path'];
    query: NonNullable<operations['SearchLogs']['parameters']['query']>;
    response: operations['SearchLogs']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/drains': {
    path: operations['ListDrains']['parameters']['path'];
    response: operations['ListDrains']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/drains': {
    path: operations['AddDrain']['parameters']['path'];
    body: NonNullable<
      operations['AddDrain']['requestBody']
    >['content']['application/json'];
    response: operations['AddDrain']['responses'][201]['content']['application/json'];
  };
  '#_delete|/apps/{app}/drains/{id}': {
    path: operations['RemoveDrain']['parameters']['path'];
    response: void;
  };
  '#get|/apps/{app}/domains': {
    path: operations['ListDomains']['parameters']['path'];
    response: operations['ListDomains']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/domains': {
    path: operations['AddDomain']['parameters']['path'];
    body: NonNullable<
      operations['AddDomain']['requestBody']
    >['content']['application/json'];
    response: operations['AddDomain']['responses'][201]['content']['application/json'];
  };
  '#_delete|/apps/{app}/domains/{domain}': {
    path: operations['RemoveDomain']['parameters']['path'];
    response: void;
  };
  '#get|/apps/{app}/certs': {
    path: operations['ListCerts']['parameters']['path'];
    response: operations['ListCerts']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/certs': {
    path: operations['AddCert']['parameters']['path'];
    body: NonNullable<
      operations['AddCert']['requestBody']
    >['content']['application/json'];
    response: operations['AddCert']['responses'][201]['content']['application/json'];
  };
  '#_delete|/apps/{app}/certs/{name}': {
    path: operations['RemoveCert']['parameters']['path'];
    response: void;
  };
  '#post|/apps/{app}/certs/{name}/attach': {
    path: operations['AttachCert']['parameters']['path'];
    body: NonNullable<
      operations['AttachCert']['requestBody']
    >['content']['application/json'];
    response: operations['AttachCert']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/certs/{name}/detach': {
    path: operations['DetachCert']['parameters']['path'];
    body: NonNullable<
      operations['DetachCert']['requestBody']
    >['content']['application/json'];
    response: operations['DetachCert']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/settings': {
    path: operations['GetSettings']['parameters']['path'];
    response: operations['GetSettings']['responses'][200]['content']['application/json'];
  };
  '#patch|/apps/{app}/settings': {
    path: operations['PatchSettings']['parameters']['path'];
    body: NonNullable<
      operations['PatchSettings']['requestBody']
    >['content']['application/json'];
    response: operations['PatchSettings']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/events': {
    path: operations['ListEvents']['parameters']['path'];
    query: NonNullable<operations['ListEvents']['parameters']['query']>;
    response: operations['ListEvents']['responses'][200]['content']['application/json'];
  };
  '#get|/apps/{app}/tokens': {
    path: operations['ListTokens']['parameters']['path'];
    response: operations['ListTokens']['responses'][200]['content']['application/json'];
  };
  '#post|/apps/{app}/tokens': {
    path: operations['CreateToken']['parameters']['path'];
    body: NonNullable<
      operations['CreateToken']['requestBody']
    >['content']['application/json'];
    response: operations['CreateToken']['responses'][201]['content']['application/json'];
  };
  '#_delete|/apps/{app}/tokens/{id}': {
    path: operations['RevokeToken']['parameters']['path'];
    response: void;
  };
  '#get|/pipelines': {
    query: NonNullable<operations['ListPipelines']['parameters']['query']>;
    response: operations['ListPipelines']['responses'][200]['content']['application/json'];
  };
  '#post|/pipelines': {
    body: NonNullable<
      operations['CreatePipeline']['requestBody']
    >['content']['application/json'];
    response: operations['CreatePipeline']['responses'][201]['content']['application/json'];
  };
  '#get|/pipelines/{name}': {
    path: operations['GetPipeline']['parameters']['path'];
    response: operations['GetPipeline']['responses'][200]['content']['application/json'];
  };
  '#_delete|/pipelines/{name}': {
    path: operations['DeletePipeline']['parameters']['path'];
    response: void;
  };
  '#put|/pipelines/{name}/apps/{app}': {
    path: operations['CoupleApp']['parameters']['path'];
    body: NonNullable<
      operations['CoupleApp']['requestBody']
    >['content']['application/json'];
    response: operations['CoupleApp']['responses'][200]['content']['application/json'];
  };
  '#_delete|/pipelines/{name}/apps/{app}': {
    path: operations['DecoupleApp']['parameters']['path'];
    response: void;
  };
  '#post|/apps/{app}/promote': {
    path: operations['Promote']['parameters']['path'];
    body: NonNullable<
      operations['Promote']['requestBody']
    >['content']['application/json'];
    response: operations['Promote']['responses'][201]['content']['application/json'];
  };
  '#get|/promotions/{id}': {
    path: operations['GetPromotion']['parameters']['path'];
    response: operations['GetPromotion']['responses'][200]['content']['application/json'];
  };
  '#post|/promotions/{id}/approve': {
    path: operations['ApprovePromotion']['parameters']['path'];
    response: operations['ApprovePromotion']['responses'][201]['content']['application/json'];
  };
  '#post|/promotions/{id}/reject': {
    path: operations['RejectPromotion']['parameters']['path'];
    response: operations['RejectPromotion']['responses'][200]['content']['application/json'];
  };
  '#post|/promotions/{id}/withdraw': {
    path: operations['WithdrawPromotion']['parameters']['path'];
    response: operations['WithdrawPromotion']['responses'][200]['content']['application/json'];
  };
};

/** An express router that refuses requests not matching the spec (400) and serves the spec. */
export const createOpenApiRouter = async (
  options?: Parameters<
    typeof createValidatedOpenApiRouterFromGeneratedEndpointMap
  >['1'],
) =>
  createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    spec as any,
    options,
  );
