import { TestDatabases } from '@backstage/backend-test-utils';
import {
  OPS,
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from '../api/__testUtils__/startSlipway';
import { shopStages } from './__testUtils__/shopPipeline';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('pipelines on %p', databaseId => {
  const database = testDatabase(databases, databaseId);
  let s: Slipway;
  beforeEach(async () => {
    s = await startSlipway({ database });
  });
  afterEach(async () => {
    await s.stop();
  });

  /** shop-staging (v2 runs build 1a2b3c4) → shop-prod (own config FOO=prod), both owned by the ops group. */
  async function shopPipeline(options: { approval?: boolean } = {}) {
    const jane = s.as(users.jane);
    await shopStages(s);
    await jane
      .patch('/apps/shop-staging/config', { values: { FOO: 'staging' } })
      .expect(201);
    await jane
      .patch('/apps/shop-prod/config', { values: { FOO: 'prod' } })
      .expect(201);
    await jane
      .post('/apps/shop-staging/builds', {
        image: `registry.test/shop@sha256:${'a'.repeat(64)}`,
        sha: '1a2b3c4d5e6f',
        procfile: { web: 'serve', worker: 'work' },
      })
      .expect(201);
    if (options.approval) {
      await jane
        .patch('/apps/shop-prod/settings', { requireApproval: true })
        .expect(200);
    }
    await s.settled();
  }

  describe('the model', () => {
    it('creates a pipeline with empty stages, owned by the caller by default', async () => {
      const res = await s.as(users.jane).post('/pipelines', { name: 'shop' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        name: 'shop',
        owner: users.jane,
        createdAt: expect.any(String),
        stages: { review: [], development: [], staging: [], production: [] },
      });
      const again = await s.as(users.jane).post('/pipelines', { name: 'shop' });
      expect(again.status).toBe(409);
      // The catalog shows a pipeline without apps as soon as it exists (the refused duplicate tells it nothing).
      expect(s.published).toEqual([
        {
          topic: 'slipway.pipelines',
          eventPayload: { action: 'created', pipeline: 'shop' },
        },
      ]);
    });

    it.each([
      [{}, /body\/name is required/],
      [
        { name: 'A' },
        /3 to 30|must NOT have fewer than 3 characters|must match pattern/,
      ],
      [{ name: 'bad--name' }, /--/],
      [{ name: 'api' }, /reserved/],
      [{ name: 'shop', owner: '' }, /body\/owner must not be empty/],
      [{ name: 'shop', owner: 'user:' }, /not a valid entity ref/],
      [
        { name: 'shop', extra: 1 },
        /body\/extra is not a field of this request/,
      ],
      [['shop'], /^body must be object$/],
    ])('refuses %j with 400 and stores nothing', async (body, message) => {
      const before = await snapshot(s);
      const res = await s.as(users.jane).post('/pipelines', body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(await snapshot(s)).toEqual(before);
    });

    it('shows each coupled app with its current release, build and status', async () => {
      await shopPipeline();
      const res = await s.as(users.bob).get('/pipelines/shop');
      expect(res.status).toBe(200);
      expect(res.body.stages.review).toEqual([]);
      expect(res.body.stages.staging).toEqual([
        {
          name: 'shop-staging',
          stage: 'staging',
          release: {
            version: 3,
            status: 'succeeded',
            summary: 'jane deployed 1a2b3c4',
            createdAt: expect.any(String),
            build: {
              id: expect.any(String),
              image: `registry.test/shop@sha256:${'a'.repeat(64)}`,
              sha: '1a2b3c4d5e6f',
            },
          },
          status: 'succeeded',
        },
      ]);
      expect(res.body.stages.production[0]).toMatchObject({
        name: 'shop-prod',
        release: { version: 2, summary: 'jane added FOO' },
      });
      expect(res.body.stages.production[0].release.build).toBeUndefined();
      expect(res.body.pending).toEqual([]);
    });

    it('keeps an app in one pipeline, moves it between stages, decouples it and deletes pipelines without their apps', async () => {
      await shopPipeline();
      const jane = s.as(users.jane);
      await jane.post('/pipelines', { name: 'other', owner: OPS }).expect(201);
      const before = await snapshot(s);
      const taken = await jane.put('/pipelines/other/apps/shop-prod', {
        stage: 'production',
      });
      expect(taken.status).toBe(409);
      expect(taken.body.error.message).toMatch(/already in pipeline "shop"/);
      const bad = await jane.put('/pipelines/shop/apps/shop-prod', {
        stage: 'qa',
      });
      expect(bad.status).toBe(400);
      expect(
        (await jane.put('/pipelines/shop/apps/nope', { stage: 'review' }))
          .status,
      ).toBe(404);
      expect(await snapshot(s)).toEqual(before);

      const moved = await jane.put('/pipelines/shop/apps/shop-staging', {
        stage: 'development',
      });
      expect(moved.status).toBe(200);
      expect(moved.body.stages.development.map((a: any) => a.name)).toEqual([
        'shop-staging',
      ]);
      await jane.delete('/pipelines/shop/apps/shop-staging').expect(204);
      await jane.delete('/pipelines/shop/apps/shop-staging').expect(404);
      await jane.delete('/pipelines/shop').expect(204);
      await jane.get('/pipelines/shop').expect(404);
      expect(s.published).toContainEqual({
        topic: 'slipway.pipelines',
        eventPayload: { action: 'deleted', pipeline: 'shop' },
      });
      await jane.get('/apps/shop-prod').expect(200);
      await jane
        .put('/pipelines/other/apps/shop-prod', { stage: 'production' })
        .expect(200);
      const events = (await jane.get('/apps/shop-staging/events')).body.items;
      expect(events.map((e: any) => e.type)).toEqual(
        expect.arrayContaining(['pipeline.couple', 'pipeline.decouple']),
      );
    });

    it('pages the list with limit and cursors, forwards and back', async () => {
      const jane = s.as(users.jane);
      for (const name of ['p-c', 'p-a', 'p-e', 'p-b', 'p-d']) {
        await jane.post('/pipelines', { name }).expect(201);
      }
      const first = await jane.get('/pipelines?limit=2');
      expect(first.body.items.map((p: any) => p.name)).toEqual(['p-a', 'p-b']);
      expect(first.body.totalItems).toBe(5);
      expect(first.body.pageInfo.prevCursor).toBeUndefined();
      const second = await jane.get(
        `/pipelines?limit=2&cursor=${first.body.pageInfo.nextCursor}`,
      );
      expect(second.body.items.map((p: any) => p.name)).toEqual(['p-c', 'p-d']);
      const third = await jane.get(
        `/pipelines?limit=2&cursor=${second.body.pageInfo.nextCursor}`,
      );
      expect(third.body.items.map((p: any) => p.name)).toEqual(['p-e']);
      expect(third.body.pageInfo.nextCursor).toBeUndefined();
      const back = await jane.get(
        `/pipelines?limit=2&cursor=${third.body.pageInfo.prevCursor}`,
      );
      expect(back.body.items.map((p: any) => p.name)).toEqual(['p-c', 'p-d']);
      expect((await jane.get('/pipelines')).body.items).toHaveLength(5);
      expect((await jane.get('/pipelines?limit=0')).status).toBe(400);
      expect((await jane.get('/pipelines?limit=501')).status).toBe(400);
      expect((await jane.get('/pipelines?cursor=nonsense')).status).toBe(400);
      // Carol reads only pipelines she owns; Eve none.
      await s
        .as(users.carol)
        .post('/pipelines', { name: 'p-carol' })
        .expect(201);
      const carol = await s.as(users.carol).get('/pipelines');
      expect(carol.body.items.map((p: any) => p.name)).toEqual(['p-carol']);
      expect(carol.body.totalItems).toBe(1);
      expect((await s.as(users.eve).get('/pipelines')).body).toEqual({
        items: [],
        totalItems: 0,
        pageInfo: {},
      });
    });
  });

  describe('promotion', () => {
    it('gives the next stage the exact build with its own config, recorded on both sides', async () => {
      await shopPipeline();
      const staging = (await s.as(users.jane).get('/apps/shop-staging')).body;
      const res = await s.as(users.jane).post('/apps/shop-staging/promote');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        promotions: [
          {
            id: expect.any(String),
            app: 'shop-prod',
            version: 3,
            status: 'pending',
          },
        ],
      });
      await s.settled();
      const prod = (await s.as(users.jane).get('/apps/shop-prod/releases/3'))
        .body;
      expect(prod.summary).toBe('jane promoted 1a2b3c4 from shop-staging v3');
      expect(prod.status).toBe('succeeded');
      expect(prod.build).toMatchObject({
        app: 'shop-prod',
        image: staging.release.build.image,
        sha: staging.release.build.sha,
        procfile: { web: 'serve', worker: 'work' },
      });
      expect(prod.config.values).toEqual({ FOO: 'prod' });
      // What runs: the same image, the target's own config.
      const applied = s.runtime.applies
        .filter(a => a.app === 'shop-prod')
        .pop()!;
      expect(applied.release?.build?.image).toBe(staging.release.build.image);
      expect(applied.release?.config.values).toEqual({ FOO: 'prod' });
      for (const app of ['shop-staging', 'shop-prod']) {
        const events = (await s.as(users.jane).get(`/apps/${app}/events`)).body
          .items;
        expect(events[0]).toMatchObject({
          type: 'promotion.create',
          message:
            'jane promoted 1a2b3c4 from shop-staging v3 to shop-prod (v3)',
          details: { source: 'shop-staging', target: 'shop-prod', version: 3 },
        });
      }
      expect(s.audits).toContainEqual(
        expect.objectContaining({ eventId: 'promote', status: 'succeeded' }),
      );

      // The same build again is refused, and changes nothing.
      const before = await snapshot(s);
      const again = await s.as(users.jane).post('/apps/shop-staging/promote');
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already runs this build/);
      expect(await snapshot(s)).toEqual(before);
    });

    it('refuses a source without a build or whose release failed, and bad targets, changing nothing', async () => {
      await shopPipeline();
      const jane = s.as(users.jane);
      let before = await snapshot(s);
      const none = await jane.post('/apps/shop-prod/promote');
      expect(none.status).toBe(409);
      expect(
        (
          await jane.post('/apps/shop-staging/promote', {
            to: ['shop-staging'],
          })
        ).status,
      ).toBe(400);
      expect(
        (await jane.post('/apps/shop-staging/promote', { to: 'shop-prod' }))
          .status,
      ).toBe(400);
      expect(
        (await jane.post('/apps/shop-staging/promote', { other: 1 })).status,
      ).toBe(400);
      expect((await jane.post('/apps/nope/promote')).status).toBe(404);
      expect(await snapshot(s)).toEqual(before);

      s.runtime.onApply = () => ({ status: 'failed', reason: 'web crashed' });
      await jane
        .post('/apps/shop-staging/builds', { image: 'registry.test/shop:bad' })
        .expect(201);
      await s.settled();
      before = await snapshot(s);
      const failed = await jane.post('/apps/shop-staging/promote');
      expect(failed.status).toBe(409);
      expect(failed.body.error.message).toMatch(
        /v4: it failed \(web crashed\)/,
      );
      expect(await snapshot(s)).toEqual(before);
    });

    it('needs slipway.app.update on every target', async () => {
      await shopPipeline();
      const before = await snapshot(s);
      const res = await s.as(users.bob).post('/apps/shop-staging/promote');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/update app "shop-prod"/);
      expect(await snapshot(s)).toEqual(before);
    });

    it('keeps versions gap-free under concurrent promotions and config changes', async () => {
      const jane = s.as(users.jane);
      await jane.post('/pipelines', { name: 'fleet' }).expect(201);
      await jane.post('/apps', { name: 'fleet-prod' }).expect(201);
      await jane
        .put('/pipelines/fleet/apps/fleet-prod', { stage: 'production' })
        .expect(200);
      const sources = ['fleet-a', 'fleet-b', 'fleet-c', 'fleet-d'];
      for (const [i, app] of sources.entries()) {
        await jane.post('/apps', { name: app }).expect(201);
        await jane
          .put(`/pipelines/fleet/apps/${app}`, { stage: 'staging' })
          .expect(200);
        await jane
          .post(`/apps/${app}/builds`, { image: `registry.test/fleet:${i}` })
          .expect(201);
      }
      const results = await Promise.all([
        ...sources.map(app =>
          jane.post(`/apps/${app}/promote`, { to: ['fleet-prod'] }),
        ),
        ...[1, 2, 3].map(i =>
          jane.patch('/apps/fleet-prod/config', { values: { [`K${i}`]: 'v' } }),
        ),
      ]);
      expect(results.map(r => r.status)).toEqual([
        201, 201, 201, 201, 201, 201, 201,
      ]);
      const versions = (
        await s
          .knex('slipway_releases')
          .where({ app: 'fleet-prod' })
          .select('version')
      )
        .map(r => Number(r.version))
        .sort((a, b) => a - b);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const promoted = results
        .slice(0, 4)
        .map(r => r.body.promotions[0].version);
      expect(new Set(promoted).size).toBe(4);
      await s.settled();
    });
  });

  describe('approvals', () => {
    it('waits for a different user: self-approval 403, another owner approves with 201', async () => {
      await shopPipeline({ approval: true });
      const res = await s.as(users.jane).post('/apps/shop-staging/promote');
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        promotions: [
          { id: expect.any(String), app: 'shop-prod', status: 'pending' },
        ],
      });
      const id = res.body.promotions[0].id;
      expect(
        await s.knex('slipway_releases').where({ app: 'shop-prod' }),
      ).toHaveLength(2);
      expect(s.notifications).toContainEqual({
        // Jane asked: she is not asked to approve it.
        recipients: {
          type: 'entity',
          entityRef: OPS,
          excludeEntityRef: users.jane,
        },
        payload: expect.objectContaining({
          title: 'Approve promotion to shop-prod?',
          link: '/slipway/pipelines/shop',
          topic: 'slipway',
        }),
      });
      const pipeline = (await s.as(users.bob).get('/pipelines/shop')).body;
      expect(pipeline.pending).toEqual([
        expect.objectContaining({
          id,
          source: 'shop-staging',
          sourceVersion: 3,
          target: 'shop-prod',
          sha: '1a2b3c4d5e6f',
          status: 'pending',
          requestedBy: users.jane,
          expiresAt: expect.any(String),
        }),
      ]);

      let before = await snapshot(s);
      const self = await s.as(users.jane).post(`/promotions/${id}/approve`);
      expect(self.status).toBe(403);
      expect(self.body.error.message).toMatch(/a different user must approve/);
      const selfReject = await s
        .as(users.jane)
        .post(`/promotions/${id}/reject`);
      expect(selfReject.status).toBe(403);
      const bob = await s.as(users.bob).post(`/promotions/${id}/approve`);
      expect(bob.status).toBe(403);
      expect(bob.body.error.message).toMatch(/slipway.app.update/);
      expect(
        (await s.as(users.ann).post('/promotions/nope/approve')).status,
      ).toBe(404);
      expect(await snapshot(s)).toEqual(before);

      const ok = await s.as(users.ann).post(`/promotions/${id}/approve`);
      expect(ok.status).toBe(201);
      expect(ok.body).toEqual({
        id,
        app: 'shop-prod',
        version: 3,
        status: 'pending',
      });
      await s.settled();
      const release = (await s.as(users.jane).get('/apps/shop-prod/releases/3'))
        .body;
      expect(release.build.sha).toBe('1a2b3c4d5e6f');
      expect(release.config.values).toEqual({ FOO: 'prod' });
      expect(release.createdBy).toBe(users.ann);
      expect(
        (await s.as(users.jane).get(`/promotions/${id}`)).body,
      ).toMatchObject({
        status: 'approved',
        decidedBy: users.ann,
        version: 3,
      });
      expect(s.notifications).toContainEqual({
        recipients: { type: 'entity', entityRef: users.jane },
        payload: expect.objectContaining({
          title: 'Promotion to shop-prod approved',
          link: '/slipway/pipelines/shop',
        }),
      });
      const types = (
        await s.as(users.jane).get('/apps/shop-prod/events')
      ).body.items.map((e: any) => e.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'promotion.request',
          'promotion.approve',
          'release.create',
        ]),
      );
      expect(s.audits).toContainEqual(
        expect.objectContaining({
          eventId: 'promotion-approve',
          status: 'succeeded',
        }),
      );
      expect(s.audits).toContainEqual(
        expect.objectContaining({
          eventId: 'promotion-approve',
          status: 'failed',
        }),
      );

      before = await snapshot(s);
      expect(
        (await s.as(users.ann).post(`/promotions/${id}/approve`)).status,
      ).toBe(409);
      expect(await snapshot(s)).toEqual(before);
    });

    it('rejects, and a newer promotion supersedes an older pending one', async () => {
      await shopPipeline({ approval: true });
      const jane = s.as(users.jane);
      const first = (await jane.post('/apps/shop-staging/promote')).body
        .promotions[0].id;
      await jane
        .post('/apps/shop-staging/builds', {
          image: 'registry.test/shop:2',
          sha: 'bbbbbbbb',
        })
        .expect(201);
      await s.settled();
      const second = (await jane.post('/apps/shop-staging/promote')).body
        .promotions[0].id;
      expect((await jane.get(`/promotions/${first}`)).body).toMatchObject({
        status: 'superseded',
      });
      expect(
        (await s.as(users.ann).post(`/promotions/${first}/approve`)).status,
      ).toBe(409);
      const pending = (await jane.get('/pipelines/shop')).body.pending;
      expect(pending.map((p: any) => p.id)).toEqual([second]);

      const rejected = await s
        .as(users.ann)
        .post(`/promotions/${second}/reject`);
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        decidedBy: users.ann,
      });
      expect((await jane.get('/pipelines/shop')).body.pending).toEqual([]);
      expect(
        await s.knex('slipway_releases').where({ app: 'shop-prod' }),
      ).toHaveLength(2);
      expect(s.notifications.map(n => n.payload.title)).toEqual(
        expect.arrayContaining([
          'Promotion to shop-prod superseded',
          'Promotion to shop-prod rejected',
        ]),
      );
    });
  });

  describe('notifications of failures', () => {
    it("tells the app's owners about failed releases, with a link to the releases", async () => {
      const jane = s.as(users.jane);
      await jane.post('/apps', { name: 'flaky', owner: OPS }).expect(201);
      s.runtime.onApply = d =>
        d.release?.build
          ? { status: 'failed', reason: 'web crashed' }
          : { status: 'ready' };
      await jane
        .post('/apps/flaky/builds', { image: 'registry.test/flaky:1' })
        .expect(201);
      await s.settled();
      await s.eventually(() =>
        expect(s.notifications).toContainEqual({
          recipients: { type: 'entity', entityRef: OPS },
          payload: expect.objectContaining({
            title: 'flaky v2 failed',
            link: '/catalog/default/component/flaky/slipway/releases',
            severity: 'critical',
          }),
        }),
      );
    });
  });
});
