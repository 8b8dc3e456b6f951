import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { routerRoutes } from './__testUtils__/routes';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', async () => {
    const spec = YAML.parse(
      fs.readFileSync(
        path.resolve(__dirname, '../schema/openapi.yaml'),
        'utf8',
      ),
    );
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
