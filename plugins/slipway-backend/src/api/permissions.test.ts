import { TestDatabases } from '@backstage/backend-test-utils';
import { makeCertificate } from './__testUtils__/certificates';
import { routerRoutes } from './__testUtils__/routes';
import {
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(120_000);

const cert = makeCertificate(['example.com', '*.example.com']);

type Case = {
  route: string;
  /** Who may not: Eve for reads (may do nothing), Bob for changes (may only read). */
  denied: string;
  body?: object;
  /** What an allowed caller (the owner, Jane) gets. */
  allowed: number;
};

const ids = { build: '', token: '' };
const cases: Case[] = [
  { route: 'GET /apps/{app}', denied: users.eve, allowed: 200 },
  {
    route: 'PATCH /apps/{app}',
    denied: users.bob,
    body: { owner: users.jane },
    allowed: 200,
  },
  { route: 'GET /apps/{app}/config', denied: users.eve, allowed: 200 },
  {
    route: 'PATCH /apps/{app}/config',
    denied: users.bob,
    body: { values: { NEW: '1' } },
    allowed: 201,
  },
  { route: 'GET /apps/{app}/builds', denied: users.eve, allowed: 200 },
  { route: 'GET /apps/{app}/builds/{id}', denied: users.eve, allowed: 200 },
  {
    route: 'POST /apps/{app}/builds',
    denied: users.bob,
    body: { image: 'registry.test/shop:2' },
    allowed: 201,
  },
  { route: 'GET /apps/{app}/releases', denied: users.eve, allowed: 200 },
  {
    route: 'GET /apps/{app}/releases/{version}',
    denied: users.eve,
    allowed: 200,
  },
  {
    route: 'GET /apps/{app}/releases/{from}/diff/{to}',
    denied: users.eve,
    allowed: 200,
  },
  {
    route: 'POST /apps/{app}/releases/rollback',
    denied: users.bob,
    body: { version: 2 },
    allowed: 201,
  },
  { route: 'GET /apps/{app}/processes', denied: users.eve, allowed: 200 },
  {
    route: 'POST /apps/{app}/scale',
    denied: users.bob,
    body: { web: 2 },
    allowed: 200,
  },
  {
    route: 'POST /apps/{app}/restart',
    denied: users.bob,
    body: {},
    allowed: 204,
  },
  {
    route: 'POST /apps/{app}/run',
    denied: users.bob,
    body: { command: 'ls' },
    allowed: 200,
  },
  { route: 'GET /apps/{app}/logs', denied: users.eve, allowed: 200 },
  { route: 'GET /apps/{app}/metrics', denied: users.eve, allowed: 200 },
  { route: 'GET /apps/{app}/delivery', denied: users.eve, allowed: 200 },
  { route: 'GET /apps/{app}/logs/search', denied: users.eve, allowed: 200 },
  // Drains are the owner's: Bob reads every app but changes none.
  { route: 'GET /apps/{app}/drains', denied: users.bob, allowed: 200 },
  {
    route: 'POST /apps/{app}/drains',
    denied: users.bob,
    body: { url: 'syslog://127.0.0.1:1514' },
    allowed: 400,
  },
  { route: 'DELETE /apps/{app}/drains/{id}', denied: users.bob, allowed: 404 },
  { route: 'GET /apps/{app}/domains', denied: users.eve, allowed: 200 },
  {
    route: 'POST /apps/{app}/domains',
    denied: users.bob,
    body: { domain: 'new.example.com' },
    allowed: 201,
  },
  { route: 'GET /apps/{app}/certs', denied: users.eve, allowed: 200 },
  {
    route: 'POST /apps/{app}/certs',
    denied: users.bob,
    body: { name: 'second', ...cert },
    allowed: 201,
  },
  {
    route: 'POST /apps/{app}/certs/{name}/attach',
    denied: users.bob,
    body: { domain: 'www.example.com' },
    allowed: 200,
  },
  {
    route: 'POST /apps/{app}/certs/{name}/detach',
    denied: users.bob,
    body: { domain: 'www.example.com' },
    allowed: 200,
  },
  { route: 'GET /apps/{app}/settings', denied: users.eve, allowed: 200 },
  {
    route: 'PATCH /apps/{app}/settings',
    denied: users.bob,
    body: { maintenance: true },
    allowed: 200,
  },
  { route: 'GET /apps/{app}/events', denied: users.eve, allowed: 200 },
  { route: 'GET /apps/{app}/tokens', denied: users.eve, allowed: 200 },
  {
    route: 'POST /apps/{app}/tokens',
    denied: users.bob,
    body: {},
    allowed: 201,
  },
  { route: 'DELETE /apps/{app}/tokens/{id}', denied: users.bob, allowed: 204 },
  { route: 'DELETE /apps/{app}/certs/{name}', denied: users.bob, allowed: 204 },
  {
    route: 'DELETE /apps/{app}/domains/{domain}',
    denied: users.bob,
    allowed: 204,
  },
  { route: 'DELETE /apps/{app}', denied: users.bob, allowed: 204 },
];

/** Routes without an app: GET/POST /apps (tested in apps.test.ts) and the health check. */
// GET /delivery and GET /metrics/requests read only the apps the caller may read (delivery.test.ts,
// metrics.test.ts).
const NOT_PER_APP = [
  'GET /apps',
  'POST /apps',
  'GET /health',
  'GET /delivery',
  'GET /metrics/requests',
];
/** Pipelines, promotion and approvals (tested in pipelines/permissions.test.ts). */
const PIPELINE_ROUTES = [
  'GET /pipelines',
  'POST /pipelines',
  'GET /pipelines/{name}',
  'DELETE /pipelines/{name}',
  'PUT /pipelines/{name}/apps/{app}',
  'DELETE /pipelines/{name}/apps/{app}',
  'POST /apps/{app}/promote',
  'GET /promotions/{id}',
  'POST /promotions/{id}/approve',
  'POST /promotions/{id}/reject',
  'POST /promotions/{id}/withdraw',
];

function url(route: string): [string, string] {
  const [method, template] = route.split(' ');
  const path = template
    .replace('{app}', 'shop')
    .replace('{id}', route.includes('tokens') ? ids.token : ids.build)
    .replace('{version}', '2')
    .replace('{from}', '2')
    .replace('{to}', '3')
    .replace('{domain}', 'www.example.com')
    .replace('{name}', 'example');
  return [method, path];
}

describe('permissions on every route', () => {
  it('covers every per-app route of the router', async () => {
    expect(
      [...cases.map(c => c.route), ...NOT_PER_APP, ...PIPELINE_ROUTES].sort(),
    ).toEqual(await routerRoutes());
  });

  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;

    beforeAll(async () => {
      s = await startSlipway({ database });
      const jane = s.as(users.jane);
      await jane.post('/apps', { name: 'shop' }).expect(201);
      await jane
        .post('/apps/shop/builds', { image: 'registry.test/shop:1' })
        .expect(201); // v2
      await jane
        .patch('/apps/shop/config', { values: { FOO: 'bar' } })
        .expect(201); // v3
      await jane
        .post('/apps/shop/domains', { domain: 'www.example.com' })
        .expect(201);
      await jane
        .post('/apps/shop/certs', { name: 'example', ...cert })
        .expect(201);
      ids.build = (await jane.get('/apps/shop/builds')).body.items[0].id;
      ids.token = (await jane.post('/apps/shop/tokens', {})).body.id;
      await s.settled();
    });
    afterAll(async () => {
      await s.stop();
    });

    const send = (user: string, route: string, body?: object) => {
      const [method, path] = url(route);
      const agent = s.as(user);
      if (method === 'GET') return agent.get(path);
      if (method === 'DELETE') return agent.delete(path);
      if (method === 'PATCH') return agent.patch(path, body);
      return agent.post(path, body);
    };

    it.each(cases.map(c => [c.route, c] as const))(
      'refuses %s to callers without permission, changing nothing',
      async (_route, c) => {
        await s.settled();
        const before = await snapshot(s);
        const res = await send(c.denied, c.route, c.body);
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
        expect(await snapshot(s)).toEqual(before);
      },
    );

    // Reads first, then changes, the app's deletion last (the order of `cases` does that).
    it.each(cases.map(c => [c.route, c] as const))(
      'allows %s to the owner',
      async (_route, c) => {
        const res = await send(users.jane, c.route, c.body);
        expect(res.status).toBe(c.allowed);
      },
    );
  });
});
