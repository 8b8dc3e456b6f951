import { TestDatabases } from '@backstage/backend-test-utils';
import {
  OPS,
  snapshot,
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from '../api/__testUtils__/startSlipway';
import { gatedPipeline } from '../pipelines/__testUtils__/shopPipeline';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * Red team of issue 23 (approvals, owners, sorted app lists, health): attacks by tenants that
 * must keep failing.
 */
describe.each(databases.eachSupportedId())(
  'issue 23 red team on %p',
  databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    beforeEach(async () => {
      s = await startSlipway({ database });
    });
    afterEach(async () => {
      await s.stop();
    });

    it('a withdraw racing an approval: exactly one wins, and a release exists only if the approval did', async () => {
      for (let round = 0; round < 3; round++) {
        if (round > 0) {
          await s.stop();
          s = await startSlipway({ database });
        }
        const id = await gatedPipeline(s);
        const [approve, withdraw] = await Promise.all([
          s.as(users.ann).post(`/promotions/${id}/approve`),
          s.as(users.jane).post(`/promotions/${id}/withdraw`),
        ]);
        const approved = approve.status === 201;
        // One wins, the other is a 409.
        expect({ approve: approve.status, withdraw: withdraw.status }).toEqual(
          approved
            ? { approve: 201, withdraw: 409 }
            : { approve: 409, withdraw: 200 },
        );
        const releases = await s
          .knex('slipway_releases')
          .where({ app: 'shop-prod' });
        const promotion = (await s.as(users.bob).get(`/promotions/${id}`)).body;
        expect({ status: promotion.status, releases: releases.length }).toEqual(
          approved
            ? { status: 'approved', releases: 2 }
            : { status: 'withdrawn', releases: 1 },
        );
        await s.settled();
      }
    });

    it('a promotion made without approval supersedes a pending one, so approving the stale request cannot roll the target back', async () => {
      const stale = await gatedPipeline(s);
      const jane = s.as(users.jane);
      // Approval turned off (by any one owner), a newer build promoted straight to production.
      await jane
        .patch('/apps/shop-prod/settings', { requireApproval: false })
        .expect(200);
      await jane
        .post('/apps/shop-staging/builds', {
          image: 'registry.test/shop:2',
          sha: '2b3c4d5e6f7a',
        })
        .expect(201);
      await s.settled();
      await jane.post('/apps/shop-staging/promote').expect(201);
      await s.settled();
      const pipeline = (await s.as(users.bob).get('/pipelines/shop')).body;
      expect(pipeline.pending).toEqual([]);
      expect(
        (await s.as(users.bob).get(`/promotions/${stale}`)).body.status,
      ).toBe('superseded');
      // Ann approving what she was asked to (hours ago) must not put build 1 back.
      const late = await s.as(users.ann).post(`/promotions/${stale}/approve`);
      expect(late.status).toBe(409);
      const releases = await s
        .knex('slipway_releases')
        .where({ app: 'shop-prod' })
        .orderBy('version');
      expect(releases).toHaveLength(2);
    });

    /**
     * Known gap (reported, not fixed: a design decision): "Require approval" binds only promotions.
     * The requester, alone, turns it off and promotes (or pushes straight to the target). When a
     * second person must agree to turning it off, drop `.failing`.
     */
    it.failing(
      'the requester alone cannot release to a target that requires approval',
      async () => {
        await gatedPipeline(s);
        const jane = s.as(users.jane);
        await jane.patch('/apps/shop-prod/settings', {
          requireApproval: false,
        });
        const res = await jane.post('/apps/shop-staging/promote');
        expect(res.status).toBe(202);
      },
    );

    it('an app description is one line of text: control characters are refused (400), nothing created', async () => {
      const before = await snapshot(s);
      for (const description of [
        'a\u0000b',
        'line one\nline two',
        'bell\u0007',
        'esc\u001b[31mred',
      ]) {
        const res = await s
          .as(users.jane)
          .post('/apps', { name: 'described', description });
        expect({ description, status: res.status }).toEqual({
          description,
          status: 400,
        });
      }
      expect(await snapshot(s)).toEqual(before);
      const ok = await s.as(users.jane).post('/apps', {
        name: 'described',
        description: '  Shop — the frontend  ',
      });
      expect(ok.status).toBe(201);
      expect(ok.body.description).toBe('Shop — the frontend');
    });

    it('asking again for a promotion that already waits is refused (409), so approvers are not flooded', async () => {
      const id = await gatedPipeline(s);
      await s.settled();
      const asked = () =>
        s.notifications.filter(
          n => n.payload.title === 'Approve promotion to shop-prod?',
        ).length;
      const before = await snapshot(s);
      const notified = asked();
      for (let i = 0; i < 5; i++) {
        const again = await s.as(users.jane).post('/apps/shop-staging/promote');
        expect(again.status).toBe(409);
        expect(again.body.error.message).toMatch(
          /already waits for approval \(promotion /,
        );
      }
      expect(asked()).toBe(notified);
      expect(await snapshot(s)).toEqual(before);
      expect((await s.as(users.bob).get(`/promotions/${id}`)).body.status).toBe(
        'pending',
      );
    });

    it('nobody else withdraws: a reader without update, a non-member owner, an unknown promotion', async () => {
      const id = await gatedPipeline(s);
      const before = await snapshot(s);
      for (const who of [users.ann, users.bob, users.carol, users.eve]) {
        const res = await s.as(who).post(`/promotions/${id}/withdraw`);
        expect([403, 404]).toContain(res.status);
      }
      const long = await s
        .as(users.jane)
        .post(`/promotions/${'x'.repeat(5000)}/withdraw`);
      expect(long.status).toBe(404);
      expect(await snapshot(s)).toEqual(before);
    });

    it('forged and malformed cursors, sort and order are refused (400) or read only what the caller may read', async () => {
      for (const [name, owner] of [
        ['a-mine', users.carol],
        ['b-jane', users.jane],
        ['c-jane', users.jane],
      ]) {
        await s.as(users.jane).post('/apps', { name, owner }).expect(201);
      }
      const enc = (v: unknown) =>
        Buffer.from(JSON.stringify(v)).toString('base64url');
      const bad = [
        `/apps?sort=__proto__`,
        `/apps?sort=constructor`,
        `/apps?sort=name;drop table slipway_apps`,
        `/apps?order=asc,name`,
        `/apps?sort=owner&cursor=${enc({ after: ["') or 1=1 --"] })}`,
        `/apps?sort=owner&cursor=${enc({
          after: ['a', 'b'],
          before: ['a', 'b'],
        })}`,
        `/apps?sort=owner&cursor=${enc({ after: [{ a: 1 }, 'b'] })}`,
        `/apps?cursor=${enc({ after: [1] })}`,
        `/apps?cursor=%00%ff`,
        `/apps?cursor=${enc({ after: ['a'], extra: 1 })}`,
      ];
      for (const url of bad) {
        const res = await s.as(users.carol).get(url);
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
      }
      // A forged cursor positioned before everything still lists only Carol's app, counted alone.
      for (const sort of ['owner', 'health', 'status', 'deployedAt']) {
        for (const order of ['asc', 'desc']) {
          const forged = enc({
            after: [order === 'asc' ? '' : '\uffff', "' or ''='"],
          });
          const res = await s
            .as(users.carol)
            .get(`/apps?sort=${sort}&order=${order}&cursor=${forged}`);
          expect(res.status).toBe(200);
          expect(res.body.totalItems).toBe(1);
          expect(res.body.items.map((a: { name: string }) => a.name)).toEqual([
            'a-mine',
          ]);
          const first = await s
            .as(users.carol)
            .get(`/apps?sort=${sort}&order=${order}&limit=1`);
          expect(first.body.totalItems).toBe(1);
          expect(first.body.pageInfo).toEqual({});
        }
      }
      expect(await s.knex('slipway_apps')).toHaveLength(3);
    });

    it('owners: other kinds, namespaces and cases are refused or normalized; nothing persists on refusal', async () => {
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      await s.settled();
      const before = await snapshot(s);
      for (const owner of [
        'component:default/shop',
        'system:default/ops',
        'user:development/reviewer',
        'group:other/ops',
        'group:default/ops\u0000',
        'group:default/',
        ' ',
      ]) {
        const res = await s.as(users.jane).patch('/apps/shop', { owner });
        expect({ owner, status: res.status }).toEqual({ owner, status: 400 });
      }
      expect(await snapshot(s)).toEqual(before);
      const upper = await s
        .as(users.jane)
        .patch('/apps/shop', { owner: 'Group:default/OPS' });
      expect(upper.status).toBe(200);
      expect(upper.body.owner).toBe(OPS);
    });

    it('a crash loop that restarts just past the crash-loop window tells its owner once, not once a minute', async () => {
      // An app whose process lives a little over a minute and exits, forever (or one given away to
      // a team that did not ask for it): every return to "crashing" is a new critical notification.
      await s.as(users.jane).post('/apps', { name: 'flappy' }).expect(201);
      await s
        .as(users.jane)
        .post('/apps/flappy/builds', { image: 'registry.test/flappy:1' })
        .expect(201);
      const health = async () =>
        (await s.as(users.jane).get('/apps/flappy')).body.health;
      await s.eventually(async () => expect(await health()).toBe('up'));
      for (let loop = 1; loop <= 5; loop++) {
        s.runtime.report('flappy', [
          {
            name: 'web.1',
            type: 'web',
            release: 2,
            state: 'crashed',
            restarts: loop,
            startedAt: new Date(Date.now() - 61_000).toISOString(),
            message: 'Process exited with code 1',
          },
        ]);
        await s.eventually(async () => expect(await health()).toBe('crashing'));
        s.runtime.report('flappy', [
          {
            name: 'web.1',
            type: 'web',
            release: 2,
            state: 'up',
            restarts: loop,
            // Restarted over a minute ago: the loop looks over.
            startedAt: new Date(Date.now() - 61_000).toISOString(),
          },
        ]);
        await s.eventually(async () => expect(await health()).toBe('up'));
      }
      const crashes = s.notifications.filter(
        n => n.payload.title === 'flappy is crashing',
      );
      expect(crashes).toHaveLength(1);
    });
  },
);
