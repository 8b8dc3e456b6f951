import Ajv, { type ValidateFunction } from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

// The one source of the API, as the backend enforces it.
const spec = YAML.parse(
  fs.readFileSync(
    path.resolve(
      // A test-only package, never built or installed elsewhere: the spec is beside it in the repo.
      // eslint-disable-next-line no-restricted-syntax
      __dirname,
      '../../../plugins/slipway-backend/src/schema/openapi.yaml',
    ),
    'utf8',
  ),
);
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', true);
const compiled = new Map<object, ValidateFunction>();

/** `/apps/:app` (msw, Express) as the spec writes it: `/apps/{app}`. */
const specPath = (expressPath: string) =>
  expressPath.replace(/:(\w+)/g, '{$1}');

/**
 * What is wrong with a request body or an answer, against the spec: empty when `body` matches.
 * `status` picks the answer (the operation's `default` answer covers the error statuses).
 */
export function contractProblems(
  method: string,
  expressPath: string,
  status: number,
  body: unknown,
  part: 'request' | 'response' = 'response',
): string[] {
  const route = specPath(expressPath);
  const operation = spec.paths[route]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${route} is not in the spec`];
  const holder =
    part === 'request'
      ? deref(operation.requestBody)
      : deref(operation.responses[status] ?? operation.responses.default);
  if (!holder) {
    return part === 'request' || status === 204
      ? []
      : [`${method} ${route} does not answer ${status}`];
  }
  const schema = holder.content?.['application/json']?.schema;
  if (!schema) return [];
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: spec.components });
    compiled.set(schema, validate);
  }
  return validate(body)
    ? []
    : (validate.errors ?? []).map(
        e =>
          `${part} of ${method} ${route} (${status || 'body'}): ${
            e.instancePath || '(root)'
          } ${e.message}${
            e.params && 'additionalProperty' in e.params
              ? ` (${e.params.additionalProperty})`
              : ''
          }`,
      );
}

/** The success status the spec gives an operation (e.g. 201 for a change that creates a release). */
export function successStatus(method: string, expressPath: string): number {
  const codes = Object.keys(
    spec.paths[specPath(expressPath)]?.[method.toLowerCase()]?.responses ?? {},
  );
  return Number(codes.find(code => /^2/.test(code)) ?? 200);
}

/** Where the spec serves an operation: its method and its path in msw's (Express's) `:param` style. */
export function operationRoute(operationId: string): {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
} {
  for (const [route, item] of Object.entries<any>(spec.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (operation?.operationId === operationId) {
        return {
          method: method as 'get',
          path: route.replace(/\{(\w+)\}/g, ':$1'),
        };
      }
    }
  }
  throw new Error(`No operation ${operationId} in the Slipway API's spec`);
}

function deref(value: any): any {
  if (!value?.$ref) return value;
  return deref(
    value.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: any, key: string) => node[key], spec),
  );
}
