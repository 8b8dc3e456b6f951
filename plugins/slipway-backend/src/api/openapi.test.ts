import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  cpuLimitProblem,
  memoryLimitProblem,
} from '@slipway/plugin-slipway-common';
import { routerRoutes } from './__testUtils__/routes';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const spec = YAML.parse(
  fs.readFileSync(path.resolve(__dirname, '../schema/openapi.yaml'), 'utf8'),
);

/** Every `pattern` the spec gives a property called `name`, wherever it is. */
function patternsOf(name: string, node: unknown = spec): string[] {
  if (!node || typeof node !== 'object') return [];
  const own = (node as any).properties?.[name]?.pattern;
  return [
    ...(typeof own === 'string' ? [own] : []),
    ...Object.values(node).flatMap(child => patternsOf(name, child)),
  ];
}

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', async () => {
    const documented = Object.entries(
      spec.paths as Record<string, Record<string, unknown>>,
    )
      .flatMap(([p, operations]) =>
        Object.keys(operations)
          .filter(key => METHODS.includes(key))
          .map(method => `${method.toUpperCase()} ${p}`),
      )
      .sort();
    expect(await routerRoutes()).toEqual(documented);
  });
});

describe('limits in openapi.yaml', () => {
  // The spec's patterns refuse a bad limit at the edge; the shared rules say why in the portal's forms and in the
  // service. They are written twice, so this holds them to the same answer.
  const quantities = [
    '512Mi',
    '1Gi',
    '1.5G',
    '100',
    '0.5',
    '500m',
    '2',
    '1e3',
    'Mi',
    '-1',
    '512 Mi',
    '1.Gi',
    '5mm',
    '2Ti',
    '3k',
    '',
  ];

  it.each([
    ['memory', memoryLimitProblem],
    ['cpu', cpuLimitProblem],
  ] as const)(
    '%s limits accept what the shared rule accepts',
    (name, problem) => {
      const patterns = patternsOf(name);
      expect(patterns.length).toBeGreaterThan(0);
      for (const pattern of patterns) {
        for (const quantity of quantities) {
          expect([quantity, new RegExp(pattern).test(quantity)]).toEqual([
            quantity,
            problem('web', quantity) === undefined,
          ]);
        }
      }
    },
  );
});
