import { TestDatabases } from '@backstage/backend-test-utils';
import {
  OPS,
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from '../api/__testUtils__/startSlipway';
import { gatedPipeline } from './__testUtils__/shopPipeline';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * Approvals that cannot deadlock (issue 23): the requester withdraws their own request, turning
 * "Require approval" on needs a second person who could approve, and owners are catalog entities.
 */
describe.each(databases.eachSupportedId())('approvals on %p', databaseId => {
  const database = testDatabase(databases, databaseId);
  let s: Slipway;
  beforeEach(async () => {
    s = await startSlipway({ database });
  });
  afterEach(async () => {
    await s.stop();
  });

  describe('withdrawing a pending promotion', () => {
    it('lets the requester withdraw it: recorded on both apps, audited, approvers told, pages signalled', async () => {
      const id = await gatedPipeline(s);
      s.signals.length = 0;
      const res = await s.as(users.jane).post(`/promotions/${id}/withdraw`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        status: 'withdrawn',
        decidedBy: users.jane,
        sha: '1a2b3c4d5e6f',
      });
      const pipeline = (await s.as(users.bob).get('/pipelines/shop')).body;
      expect(pipeline.pending).toEqual([]);
      expect(pipeline.history).toEqual([
        expect.objectContaining({ id, status: 'withdrawn' }),
      ]);
      // No release was made.
      expect(
        await s.knex('slipway_releases').where({ app: 'shop-prod' }),
      ).toHaveLength(1);
      for (const app of ['shop-prod', 'shop-staging']) {
        const events = (await s.as(users.jane).get(`/apps/${app}/events`)).body
          .items;
        expect(events[0]).toMatchObject({
          type: 'promotion.withdraw',
          actor: users.jane,
          message: expect.stringContaining('withdrew the promotion of 1a2b3c4'),
        });
      }
      expect(s.audits).toContainEqual(
        expect.objectContaining({
          eventId: 'promotion-withdraw',
          status: 'succeeded',
        }),
      );
      // The approvers' "Approve?" notification (same scope) now says there is nothing to approve.
      const request = s.notifications.find(
        n => n.payload.title === 'Approve promotion to shop-prod?',
      )!;
      expect(s.notifications.at(-1)).toEqual({
        recipients: {
          type: 'entity',
          entityRef: OPS,
          excludeEntityRef: users.jane,
        },
        payload: expect.objectContaining({
          title: 'Promotion to shop-prod withdrawn',
          scope: request.payload.scope,
        }),
      });
      expect(s.signals.map(signal => signal.channel)).toContain(
        'slipway:pipeline:shop',
      );
    });

    it('refuses anyone but the requester (403) and a decided promotion (409), changing nothing', async () => {
      const id = await gatedPipeline(s);
      let before = await snapshot(s);
      const ann = await s.as(users.ann).post(`/promotions/${id}/withdraw`);
      expect(ann.status).toBe(403);
      expect(ann.body.error.message).toMatch(
        /Only jane, who requested this promotion, may withdraw it/,
      );
      expect(
        (await s.as(users.bob).post(`/promotions/${id}/withdraw`)).status,
      ).toBe(403);
      expect(
        (await s.as(users.carol).post(`/promotions/${id}/withdraw`)).status,
      ).toBe(403);
      expect(
        (await s.as(users.jane).post('/promotions/nope/withdraw')).status,
      ).toBe(404);
      expect(await snapshot(s)).toEqual(before);

      await s.as(users.ann).post(`/promotions/${id}/approve`).expect(201);
      await s.settled();
      before = await snapshot(s);
      const late = await s.as(users.jane).post(`/promotions/${id}/withdraw`);
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/is approved, not pending/);
      expect(await snapshot(s)).toEqual(before);
    });

    it('cannot be approved once withdrawn', async () => {
      const id = await gatedPipeline(s);
      await s.as(users.jane).post(`/promotions/${id}/withdraw`).expect(200);
      const res = await s.as(users.ann).post(`/promotions/${id}/approve`);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/withdrawn, not pending/);
    });
  });

  describe('the Pipeline page', () => {
    it('lists decided promotions newest first, with who decided and the release made', async () => {
      const id = await gatedPipeline(s);
      s.signals.length = 0;
      await s.as(users.ann).post(`/promotions/${id}/approve`).expect(201);
      expect(s.signals.map(signal => signal.channel)).toContain(
        'slipway:pipeline:shop',
      );
      const history = (await s.as(users.bob).get('/pipelines/shop')).body
        .history;
      expect(history).toEqual([
        expect.objectContaining({
          id,
          status: 'approved',
          requestedBy: users.jane,
          decidedBy: users.ann,
          decidedAt: expect.any(String),
          version: 2,
        }),
      ]);
    });
  });

  describe('turning "Require approval" on', () => {
    it('refuses (409, with the reason) when a single user owns the app, changing nothing', async () => {
      await s.as(users.jane).post('/apps', { name: 'solo' }).expect(201);
      await s.settled();
      const before = await snapshot(s);
      const res = await s
        .as(users.jane)
        .patch('/apps/solo/settings', { requireApproval: true });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        'solo cannot require approval: the owner user:default/jane is a single user, who may not approve their own promotions; transfer the app to a group with at least two members first',
      );
      expect(await snapshot(s)).toEqual(before);
      expect(
        (await s.as(users.jane).get('/apps/solo/settings')).body
          .requireApproval,
      ).toBe(false);
    });

    it('accepts a group owner with two members (Jane and Ann), either may approve the other', async () => {
      await s.as(users.jane).post('/apps', { name: 'pair', owner: OPS });
      const res = await s
        .as(users.jane)
        .patch('/apps/pair/settings', { requireApproval: true });
      expect(res.status).toBe(200);
      expect(res.body.requireApproval).toBe(true);
    });

    it('refuses to transfer an app that requires approval to a single user', async () => {
      await s.as(users.jane).post('/apps', { name: 'pair', owner: OPS });
      await s
        .as(users.jane)
        .patch('/apps/pair/settings', { requireApproval: true })
        .expect(200);
      await s.settled();
      const before = await snapshot(s);
      const res = await s
        .as(users.jane)
        .patch('/apps/pair', { owner: users.bob });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /pair cannot require approval: the owner user:default\/bob is a single user/,
      );
      expect(await snapshot(s)).toEqual(before);
    });
  });

  describe('owners are catalog entities', () => {
    it('refuses to create an app for an owner the catalog does not know (400, naming it), creating nothing', async () => {
      const before = await snapshot(s);
      const res = await s
        .as(users.jane)
        .post('/apps', { name: 'shop', owner: 'no-such-team' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Owner "group:default/no-such-team" is not a User or Group in the catalog; choose one it knows',
      );
      expect(await snapshot(s)).toEqual(before);
      expect(s.runtime.created).toEqual([]);
    });

    it('refuses to transfer to an owner the catalog does not know, keeping the owner and its tokens', async () => {
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      await s
        .as(users.jane)
        .post('/apps/shop/tokens', { description: 'ci' })
        .expect(201);
      await s.settled();
      const before = await snapshot(s);
      const res = await s
        .as(users.jane)
        .patch('/apps/shop', { owner: 'no-such-team' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /Owner "group:default\/no-such-team" is not a User or Group in the catalog/,
      );
      expect(await snapshot(s)).toEqual(before);
      expect((await s.as(users.jane).get('/apps/shop')).body.owner).toBe(
        users.jane,
      );
    });

    it('refuses a pipeline owned by an unknown owner', async () => {
      const before = await snapshot(s);
      const res = await s
        .as(users.jane)
        .post('/pipelines', { name: 'shop', owner: 'user:default/nobody' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/user:default\/nobody/);
      expect(await snapshot(s)).toEqual(before);
    });

    it('accepts known Users and Groups, and the caller even when the catalog does not list them', async () => {
      await s
        .as(users.jane)
        .post('/apps', { name: 'for-bob', owner: users.bob })
        .expect(201);
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      await s
        .as(users.jane)
        .patch('/apps/shop', { owner: 'group:default/team-b' })
        .expect(200);
      // A signed-in user the catalog does not list (a guest) owns what they create.
      const mine = await s
        .as('user:default/newcomer')
        .post('/apps', { name: 'mine' });
      expect(mine.status).toBe(201);
      expect(mine.body.owner).toBe('user:default/newcomer');
    });
  });
});
