import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

/** One malformed body per route that takes one: [route as in the spec, URL, body, message]. */
const MALFORMED: [string, string, unknown, RegExp][] = [
  [
    'POST /apps',
    '/apps',
    { name: 'shop', replicas: 2 },
    /^body\/replicas is not a field of this request$/,
  ],
  [
    'PATCH /apps/{app}',
    '/apps/base',
    { owner: 7 },
    /^body\/owner must be string$/,
  ],
  [
    'PATCH /apps/{app}/config',
    '/apps/base/config',
    { limits: { web: { memory: 512 } } },
    /^body\/limits\/web\/memory must be string$/,
  ],
  [
    'POST /apps/{app}/builds',
    '/apps/base/builds',
    { image: 'registry.test/a:1 ; rm' },
    /^body\/image must match pattern/,
  ],
  [
    'POST /apps/{app}/releases/rollback',
    '/apps/base/releases/rollback',
    { version: 'v2' },
    /^body\/version must be integer$/,
  ],
  [
    'POST /apps/{app}/scale',
    '/apps/base/scale',
    { web: 1.5 },
    /^body\/web must be integer$/,
  ],
  [
    'POST /apps/{app}/restart',
    '/apps/base/restart',
    { type: 'Web' },
    /^body\/type must match pattern/,
  ],
  ['POST /apps/{app}/run', '/apps/base/run', {}, /^body\/command is required$/],
  [
    'POST /apps/{app}/domains',
    '/apps/base/domains',
    { domain: ['shop.example.com'] },
    /^body\/domain must be string$/,
  ],
  [
    'POST /apps/{app}/drains',
    '/apps/base/drains',
    { url: ['syslog://logs.example.com:514'] },
    /^body\/url must be string$/,
  ],
  [
    'POST /apps/{app}/certs',
    '/apps/base/certs',
    { name: 'www', certificate: '-----BEGIN CERTIFICATE-----' },
    /^body\/key is required$/,
  ],
  [
    'POST /apps/{app}/certs/{name}/attach',
    '/apps/base/certs/www/attach',
    {},
    /^body\/domain is required$/,
  ],
  [
    'POST /apps/{app}/certs/{name}/detach',
    '/apps/base/certs/www/detach',
    { domain: 1 },
    /^body\/domain must be string$/,
  ],
  [
    'PATCH /apps/{app}/settings',
    '/apps/base/settings',
    { readTimeout: 0 },
    /^body\/readTimeout must be >= 1$/,
  ],
  [
    'POST /apps/{app}/tokens',
    '/apps/base/tokens',
    { expiresInDays: 1.5 },
    /^body\/expiresInDays must be integer$/,
  ],
  [
    'POST /pipelines',
    '/pipelines',
    { name: 'ops', color: 'red' },
    /^body\/color is not a field of this request$/,
  ],
  [
    'PUT /pipelines/{name}/apps/{app}',
    '/pipelines/ops/apps/base',
    { stage: 'qa' },
    /^body\/stage must be equal to one of the allowed values/,
  ],
  [
    'POST /apps/{app}/promote',
    '/apps/base/promote',
    { to: [] },
    /^body\/to must not be empty$/,
  ],
];

/** `METHOD /path` of every operation of the spec that takes a JSON body. */
function routesWithBodies(): string[] {
  const spec = YAML.parse(
    fs.readFileSync(path.resolve(__dirname, '../schema/openapi.yaml'), 'utf8'),
  );
  return Object.entries(spec.paths as Record<string, Record<string, any>>)
    .flatMap(([route, item]) =>
      ['post', 'put', 'patch']
        .filter(method => item[method]?.requestBody)
        .map(method => `${method.toUpperCase()} ${route}`),
    )
    .sort();
}

describe('malformed request bodies', () => {
  it('have a case for every route that takes a body', () => {
    expect(MALFORMED.map(([route]) => route).sort()).toEqual(
      routesWithBodies(),
    );
  });

  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    beforeEach(async () => {
      s = await startSlipway({ database });
    });
    afterEach(async () => {
      await s.stop();
    });

    it('are refused on every write route with 400 in Backstage’s error shape, naming the field, before anything is stored', async () => {
      const jane = s.as(users.jane);
      await jane.post('/apps', { name: 'base' }).expect(201);
      await s.settled();
      const before = await snapshot(s);
      for (const [route, url, body, message] of MALFORMED) {
        const method = route.split(' ')[0];
        const send = {
          POST: () => jane.post(url, body as object),
          PUT: () => jane.put(url, body as object),
          PATCH: () => jane.patch(url, body),
        }[method as 'POST' | 'PUT' | 'PATCH'];
        const res = await send();
        // The route is in what is compared, so a failure says which one.
        expect({ route, status: res.status, body: res.body }).toMatchObject({
          route,
          status: 400,
          body: {
            error: {
              name: 'InputError',
              message: expect.stringMatching(message),
            },
            request: { method, url },
            response: { statusCode: 400 },
          },
        });
      }
      expect(await snapshot(s)).toEqual(before);
      // Refused before a route ran: nothing was audited either.
      expect(s.audits.filter(a => a.eventId !== 'app-create')).toEqual([]);
    });
  });
});
