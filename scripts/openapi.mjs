#!/usr/bin/env node
// Generates the typed server side and client of Slipway's REST API from its one source,
// plugins/slipway-backend/src/schema/openapi.yaml:
//   plugins/slipway-backend/src/schema/openapi/generated/  spec, endpoint map, createOpenApiRouter
//   plugins/slipway-common/src/schema/openapi/generated/   types (exported as SlipwayOpenApi) and a
//                                                          fetch client (DefaultApiClient)
// It produces what `backstage-repo-tools package schema openapi generate --server --client-package`
// produces, without that command's Java openapi-generator (its jar cannot be downloaded from the npm
// registry). Types come from openapi-typescript.
//
//   node scripts/openapi.mjs           write the generated files
//   node scripts/openapi.mjs --check   exit 1 when a generated file is missing or stale (CI)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'plugins/slipway-backend/src/schema/openapi.yaml';
const SERVER_DIR = 'plugins/slipway-backend/src/schema/openapi/generated';
const CLIENT_DIR = 'plugins/slipway-common/src/schema/openapi/generated';
const PLUGIN_ID = 'slipway';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const HEADER = `//
// GENERATED FILE: do not edit. Source: ${SOURCE}; run \`npm run openapi:generate\`.
//
/* eslint-disable */
`;

const spec = YAML.parse(fs.readFileSync(path.join(root, SOURCE), 'utf8'));

/** Every operation with what it takes and answers, in the spec's order. */
function operations() {
  const result = [];
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId)
        throw new Error(`${method} ${route} has no operationId`);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(
        deref,
      );
      const responses = Object.entries(op.responses ?? {});
      const success = responses.find(([code]) => /^2/.test(code));
      const successBody = success && deref(success[1]).content;
      const requestBody = op.requestBody && deref(op.requestBody);
      result.push({
        route,
        method,
        id: op.operationId,
        name: op.operationId[0].toLowerCase() + op.operationId.slice(1),
        description: op.description,
        path: params.filter(p => p.in === 'path').map(p => p.name),
        query: params.filter(p => p.in === 'query'),
        body: requestBody?.content?.['application/json']
          ? { required: !!requestBody.required }
          : undefined,
        success: success?.[0],
        json: !!successBody?.['application/json'],
        text: !successBody?.['application/json'] && !!successBody,
      });
    }
  }
  return result;
}

function deref(value) {
  if (!value?.$ref) return value;
  const parts = value.$ref.replace(/^#\//, '').split('/');
  return deref(parts.reduce((node, key) => node[key], spec));
}

const opType = op => `operations['${op.id}']`;
const queryType = op => `NonNullable<${opType(op)}['parameters']['query']>`;
const pathType = op => `${opType(op)}['parameters']['path']`;
const bodyType = op =>
  `NonNullable<${opType(op)}['requestBody']>['content']['application/json']`;
const responseType = op =>
  op.json
    ? `${opType(op)}['responses'][${op.success}]['content']['application/json']`
    : op.text
    ? 'string'
    : 'void';

function serverRouter(ops) {
  const endpoints = ops
    .map(op => {
      const method = op.method === 'delete' ? '_delete' : op.method;
      const parts = [
        op.path.length ? `path: ${pathType(op)};` : '',
        op.query.length ? `query: ${queryType(op)};` : '',
        op.body ? `body: ${bodyType(op)};` : '',
        `response: ${responseType(op)};`,
      ].filter(Boolean);
      return `  '#${method}|${op.route}': {\n    ${parts.join('\n    ')}\n  };`;
    })
    .join('\n');
  return `${HEADER}
import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type { SlipwayOpenApi } from '@slipway/plugin-slipway-common';

// The types generated from the spec live once, in slipway-common.
type operations = SlipwayOpenApi.operations;

/** The OpenAPI document, served at \`/api/${PLUGIN_ID}/openapi.json\` and enforced on every request. */
export const spec = ${JSON.stringify(spec, null, 2)} as const;

/** What each endpoint takes and answers, keyed \`#<method>|<path>\`. */
export type EndpointMap = {
${endpoints}
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
`;
}

function client(ops) {
  const methods = ops.map(op => {
    const fields = [
      op.path.length ? `path: ${pathType(op)};` : '',
      op.query.length ? `query?: ${queryType(op)};` : '',
      op.body ? `body${op.body.required ? '' : '?'}: ${bodyType(op)};` : '',
    ].filter(Boolean);
    const required = op.path.length > 0 || op.body?.required;
    const request = fields.length
      ? `request: { ${fields.join(' ')} }${required ? '' : ' = {}'}`
      : '_request: {} = {}';
    const url = op.route.replace(
      /\{(\w+)\}/g,
      (_, name) => `\${encodeURIComponent(request.path.${name})}`,
    );
    const query = op.query.length ? ' + queryString(request.query)' : '';
    return `  /**
   * ${(op.description ?? `${op.method.toUpperCase()} ${op.route}`)
     .trim()
     .replace(/\n/g, '\n   * ')}
   */
  async ${op.name}(
    ${request},
    options?: RequestOptions,
  ): Promise<TypedResponse<${responseType(op)}>> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    return (await this.fetchApi.fetch(\`\${baseUrl}${url}\`${query}, {
      method: '${op.method.toUpperCase()}',
      headers: {
        ...(options?.token ? { Authorization: \`Bearer \${options.token}\` } : {}),
        ${
          op.body
            ? `...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),`
            : ''
        }
      },
      ${
        op.body
          ? 'body: request.body === undefined ? undefined : JSON.stringify(request.body),'
          : ''
      }
    })) as TypedResponse<${responseType(op)}>;
  }`;
  });
  return `${HEADER}
import type { operations } from './schema';

const pluginId = '${PLUGIN_ID}';

/** A fetch response whose \`json()\` is typed. */
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
  const text = params.toString().replace(/\\*/g, '%2A');
  return text ? \`?\${text}\` : '';
}

/** One method per operation of the Slipway API; answers are returned as they come (see SlipwayClient). */
export class DefaultApiClient {
  private readonly discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

${methods.join('\n\n')}
}
`;
}

async function files() {
  const types = `${HEADER}\n${astToString(await openapiTS(spec))}`;
  const ops = operations();
  return {
    [`${SERVER_DIR}/router.ts`]: serverRouter(ops),
    [`${SERVER_DIR}/index.ts`]: `${HEADER}\nexport * from './router';\n`,
    [`${CLIENT_DIR}/schema.ts`]: types,
    [`${CLIENT_DIR}/DefaultApiClient.ts`]: client(ops),
    [`${CLIENT_DIR}/index.ts`]: `${HEADER}\nexport * from './DefaultApiClient';\nexport type * from './schema';\n`,
  };
}

async function main() {
  const check = process.argv.includes('--check');
  const options = await prettier.resolveConfig(path.join(root, 'package.json'));
  let stale = 0;
  for (const [file, text] of Object.entries(await files())) {
    const target = path.join(root, file);
    const formatted = await prettier.format(text, {
      ...options,
      parser: 'typescript',
    });
    const current = fs.existsSync(target)
      ? fs.readFileSync(target, 'utf8')
      : undefined;
    if (current === formatted) continue;
    if (check) {
      console.error(
        `${file} is ${current === undefined ? 'missing' : 'stale'}`,
      );
      stale++;
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, formatted);
      console.log(`wrote ${file}`);
    }
  }
  if (stale) {
    console.error(
      `${stale} generated file(s) differ from ${SOURCE}: run npm run openapi:generate`,
    );
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
