import { TestDatabases } from '@backstage/backend-test-utils';
import { routerRoutes } from '../api/__testUtils__/routes';
import {
  OPS,
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from '../api/__testUtils__/startSlipway';

jest.setTimeout(120_000);

type Case = {
  route: string;
  /** Who may not. */
  denied: string;
  /** Who may (Jane owns everything through the ops group; Ann approves what Jane requested). */
  allowed: string;
  body?: object;
  status: number;
};

const ids = { approve: '', reject: '', withdraw: '' };

// Reads first, then changes, deletions last.
const cases: Case[] = [
  {
    route: 'POST /pipelines',
    denied: users.eve,
    allowed: users.jane,
    body: { name: 'new-one' },
    status: 201,
  },
  {
    route: 'GET /pipelines/{name}',
    denied: users.carol,
    allowed: users.bob,
    status: 200,
  },
  {
    route: 'GET /promotions/{id}',
    denied: users.eve,
    allowed: users.bob,
    status: 200,
  },
  {
    route: 'PUT /pipelines/{name}/apps/{app}',
    denied: users.bob,
    allowed: users.jane,
    body: { stage: 'review' },
    status: 200,
  },
  {
    route: 'POST /apps/{app}/promote',
    denied: users.bob,
    allowed: users.jane,
    body: { to: ['web-prod'] },
    status: 201,
  },
  {
    route: 'POST /promotions/{id}/approve',
    denied: users.bob,
    allowed: users.ann,
    status: 201,
  },
  {
    route: 'POST /promotions/{id}/reject',
    denied: users.bob,
    allowed: users.ann,
    status: 200,
  },
  {
    // Ann may update the target but did not ask: only the requester withdraws.
    route: 'POST /promotions/{id}/withdraw',
    denied: users.ann,
    allowed: users.jane,
    status: 200,
  },
  {
    route: 'DELETE /pipelines/{name}/apps/{app}',
    denied: users.bob,
    allowed: users.jane,
    status: 204,
  },
  {
    route: 'DELETE /pipelines/{name}',
    denied: users.bob,
    allowed: users.jane,
    status: 204,
  },
];

function url(c: Case): [string, string] {
  const [method, template] = c.route.split(' ');
  const kind = (['reject', 'withdraw'] as const).find(k => c.route.includes(k));
  const id = kind ? ids[kind] : ids.approve;
  const app = c.route.includes('promote') ? 'web-staging' : 'web-extra';
  return [
    method,
    template.replace('{name}', 'web').replace('{app}', app).replace('{id}', id),
  ];
}

describe('permissions on the pipeline routes', () => {
  it('covers every pipeline and promotion route', async () => {
    const pipelineRoutes = (await routerRoutes()).filter(r =>
      /pipelines|promot/.test(r),
    );
    expect([...cases.map(c => c.route), 'GET /pipelines'].sort()).toEqual(
      pipelineRoutes,
    );
  });

  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;

    beforeAll(async () => {
      s = await startSlipway({ database });
      const jane = s.as(users.jane);
      await jane.post('/pipelines', { name: 'web', owner: OPS }).expect(201);
      for (const app of [
        'web-staging',
        'web-prod',
        'web-gated',
        'web-gated2',
        'web-gated3',
        'web-extra',
      ]) {
        await jane.post('/apps', { name: app, owner: OPS }).expect(201);
      }
      for (const [app, stage] of [
        ['web-staging', 'staging'],
        ['web-prod', 'production'],
        ['web-gated', 'production'],
        ['web-gated2', 'production'],
        ['web-gated3', 'production'],
      ]) {
        await jane.put(`/pipelines/web/apps/${app}`, { stage }).expect(200);
      }
      for (const app of ['web-gated', 'web-gated2', 'web-gated3']) {
        await jane
          .patch(`/apps/${app}/settings`, { requireApproval: true })
          .expect(200);
      }
      await jane
        .post('/apps/web-staging/builds', { image: 'registry.test/web:1' })
        .expect(201);
      const pending = await jane
        .post('/apps/web-staging/promote', {
          to: ['web-gated', 'web-gated2', 'web-gated3'],
        })
        .expect(202);
      ids.approve = pending.body.promotions[0].id;
      ids.reject = pending.body.promotions[1].id;
      ids.withdraw = pending.body.promotions[2].id;
      await s.settled();
    });
    afterAll(async () => {
      await s.stop();
    });

    const send = (user: string, c: Case) => {
      const [method, path] = url(c);
      const agent = s.as(user);
      if (method === 'GET') return agent.get(path);
      if (method === 'DELETE') return agent.delete(path);
      if (method === 'PUT') return agent.put(path, c.body);
      return agent.post(path, c.body);
    };

    it.each(cases.map(c => [c.route, c] as const))(
      'refuses %s to callers without permission, changing nothing',
      async (_route, c) => {
        await s.settled();
        const before = await snapshot(s);
        const res = await send(c.denied, c);
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
        expect(await snapshot(s)).toEqual(before);
      },
    );

    it('refuses coupling an app the caller may not update, even in their own pipeline', async () => {
      await s
        .as(users.carol)
        .post('/pipelines', { name: 'carols' })
        .expect(201);
      const before = await snapshot(s);
      const res = await s
        .as(users.carol)
        .put('/pipelines/carols/apps/web-extra', { stage: 'review' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/slipway.app.update/);
      expect(await snapshot(s)).toEqual(before);
    });

    it.each(cases.map(c => [c.route, c] as const))(
      'allows %s to those permitted',
      async (_route, c) => {
        const res = await send(c.allowed, c);
        expect(res.status).toBe(c.status);
      },
    );
  });
});
