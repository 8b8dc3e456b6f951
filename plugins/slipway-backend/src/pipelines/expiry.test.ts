import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { failureHooks, notificationsNotifier } from '../notifications';
import type { PipelineAuthorizer } from '../permissions';
import { createServices } from '../services';
import { testServices } from '../services/__testUtils__/testServices';
import { createPipelineServices } from '.';

jest.setTimeout(60_000);

const HOUR = 60 * 60 * 1000;
const ann = mockCredentials.user('user:default/ann');

const allowAllPipelines = {
  require: async () => {},
  requireCreate: async () => {},
  readFilter: async () => 'all' as const,
} as unknown as PipelineAuthorizer;

describe('promotions over time (injected clock)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let clock: Date;
    let t: Awaited<ReturnType<typeof testServices>>;
    let p: ReturnType<typeof createPipelineServices>;
    let sent: NotificationSendOptions[];
    let audits: { eventId: string }[];

    beforeEach(async () => {
      clock = new Date('2026-11-26T12:00:00.000Z');
      t = await testServices(await databases.init(databaseId), {
        now: () => clock,
      });
      sent = [];
      audits = [];
      const notifier = notificationsNotifier(
        { send: async o => void sent.push(o) },
        t.logger,
      );
      p = createPipelineServices({
        ...t.context,
        pipelineAuthorizer: allowAllPipelines,
        notifier,
        auditor: {
          createEvent: async o => {
            audits.push({ eventId: o.eventId });
            return { success: async () => {}, fail: async () => {} };
          },
        },
        approvalTimeoutMs: 24 * HOUR,
      });
      const { services, jane } = t;
      await p.pipelines.create(jane, {
        name: 'shop',
        owner: 'group:default/ops',
      });
      for (const [app, stage] of [
        ['shop-staging', 'staging'],
        ['shop-prod', 'production'],
      ] as const) {
        await services.apps.create(jane, {
          name: app,
          owner: 'group:default/ops',
        });
        await p.pipelines.couple(jane, 'shop', app, { stage });
      }
      await services.settings.patch(jane, 'shop-prod', {
        requireApproval: true,
      });
      await services.builds.deploy(jane, 'shop-staging', {
        image: 'registry.test/shop:1',
        sha: 'abcdef1',
      });
      await t.reconciler.idle();
    });

    it('expires a pending promotion after the approval window, tells the requester and audits it', async () => {
      const { promotions } = await p.promotions.promote(
        t.jane,
        'shop-staging',
        {},
      );
      const id = promotions[0].id;
      clock = new Date(clock.getTime() + 24 * HOUR - 1);
      expect(await p.promotions.expireDue()).toBe(0);
      expect((await p.promotions.get(t.jane, id)).status).toBe('pending');

      clock = new Date(clock.getTime() + 1);
      await expect(p.promotions.approve(ann, id)).rejects.toThrow(
        /is expired, not pending/,
      );
      const promotion = await p.promotions.get(t.jane, id);
      expect(promotion).toMatchObject({
        status: 'expired',
        decidedBy: 'slipway',
        decidedAt: '2026-11-27T12:00:00.000Z',
      });
      // No release was made: the target still has only v1.
      expect(await t.ledger.releases.latest('shop-prod')).toMatchObject({
        version: 1,
      });
      expect(
        sent.map(n => [n.recipients, n.payload.title, n.payload.link]),
      ).toEqual([
        [
          {
            type: 'entity',
            entityRef: 'group:default/ops',
            excludeEntityRef: 'user:default/jane',
          },
          'Approve promotion to shop-prod?',
          '/slipway/pipelines/shop',
        ],
        // The approvers' "Approve?" notification says it is over (same scope: replaced in place).
        [
          {
            type: 'entity',
            entityRef: 'group:default/ops',
            excludeEntityRef: 'user:default/jane',
          },
          'Promotion to shop-prod expired',
          '/slipway/pipelines/shop',
        ],
        [
          { type: 'entity', entityRef: 'user:default/jane' },
          'Promotion to shop-prod expired',
          '/slipway/pipelines/shop',
        ],
      ]);
      expect(audits).toEqual([{ eventId: 'promotion-expire' }]);
      const events = await t.ledger.events.list('shop-staging', { limit: 1 });
      expect(events.items[0]).toMatchObject({
        type: 'promotion.expire',
        actor: 'slipway',
      });
      // Expiring again finds nothing.
      expect(await p.promotions.expireDue()).toBe(0);
    });

    it("tells the app's owners about a failed build, with a link to the builds", async () => {
      const hooks = failureHooks(
        t.ledger,
        notificationsNotifier(
          { send: async o => void sent.push(o) },
          mockServices.logger.mock(),
        ),
      );
      const services = createServices({
        ...t.context,
        onBuildFailed: hooks.onBuildFailed,
      });
      await services.builds.recordBuild(
        'shop-staging',
        {
          image: '',
          procfile: {},
          sha: 'deadbeef',
          status: 'failed',
          log: 'npm ERR!',
        },
        'user:default/jane',
      );
      expect(sent).toContainEqual({
        recipients: { type: 'entity', entityRef: 'group:default/ops' },
        payload: expect.objectContaining({
          title: 'A build of shop-staging failed',
          description: "jane's build of deadbee failed; see its log.",
          link: '/catalog/default/component/shop-staging/slipway/builds',
          topic: 'slipway',
        }),
      });
    });
  });
});
