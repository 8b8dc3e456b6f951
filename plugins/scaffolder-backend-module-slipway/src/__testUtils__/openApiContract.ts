import Ajv, { type ValidateFunction } from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

// The one source of the API, as the backend enforces it.
const spec = YAML.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../slipway-backend/src/schema/openapi.yaml'),
    'utf8',
  ),
);
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', true);
const compiled = new Map<object, ValidateFunction>();

/** What a fake's answer must look like: `problems` is empty when `body` matches the spec. */
export function contractProblems(
  method: string,
  expressPath: string,
  status: number,
  body: unknown,
  part: 'request' | 'response' = 'response',
): string[] {
  const route = expressPath.replace(/:(\w+)/g, '{$1}');
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
        e => `${part} of ${method} ${route}${e.instancePath} ${e.message}`,
      );
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

/** The success status the spec gives an operation (e.g. 201 for a change that creates a release). */
export function successStatus(method: string, expressPath: string): number {
  const route = expressPath.replace(/:(\w+)/g, '{$1}');
  const codes = Object.keys(
    spec.paths[route]?.[method.toLowerCase()]?.responses ?? {},
  );
  return Number(codes.find(code => /^2/.test(code)) ?? 200);
}
