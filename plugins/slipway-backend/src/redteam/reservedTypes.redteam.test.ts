import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { notificationsNotifier } from '../notifications';
import type { PipelineAuthorizer } from '../permissions';
import { testServices } from '../services/__testUtils__/testServices';
import { createPipelineServices } from '../pipelines';

jest.setTimeout(60_000);

/**
 * Red team of "a build may not define process type router or slipway": builds recorded before
 * the rule keep their Procfile (a build never changes), and a rollback or a promotion made a new
 * release of such a build without asking, so the app's `router` processes ran again (and their
 * lines joined the platform's under the Logs tab's `router` filter).
 */
describe('builds recorded before the reserved process types (rollback, promotion)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let t: Awaited<ReturnType<typeof testServices>>;

    /** Deploys `image`, then gives its stored build a `router` type, as recorded before the rule. */
    async function deployOldBuild(app: string, image: string) {
      const release = await t.services.builds.deploy(t.jane, app, {
        image,
        procfile: { web: '', worker: 'node fake.js' },
      });
      await t
        .knex('slipway_builds')
        .where({ app, image })
        .update({
          procfile: JSON.stringify({ router: 'node fake.js', web: '' }),
        });
      return release;
    }

    beforeEach(async () => {
      t = await testServices(await databases.init(databaseId));
    });

    it('refuses to roll back to such a build, and appends no release', async () => {
      const { services, ledger } = t;
      await services.apps.create(t.jane, { name: 'shop' });
      const old = await deployOldBuild('shop', 'registry.test/shop:1');
      await services.builds.deploy(t.jane, 'shop', {
        image: 'registry.test/shop:2',
      });
      await expect(
        services.releases.rollback(t.jane, 'shop', { version: old.version }),
      ).rejects.toThrow(
        `Cannot roll back to v${old.version}: its build defines process type "router"`,
      );
      expect(await ledger.releases.latest('shop')).toMatchObject({
        version: old.version + 1,
      });
    });

    it('refuses to promote such a build, with or without approval, and changes nothing', async () => {
      const { services, ledger, jane } = t;
      const p = createPipelineServices({
        ...t.context,
        pipelineAuthorizer: {
          require: async () => {},
          requireCreate: async () => {},
          readFilter: async () => 'all' as const,
        } as unknown as PipelineAuthorizer,
        notifier: notificationsNotifier({ send: async () => {} }, t.logger),
        approvalTimeoutMs: 24 * 60 * 60 * 1000,
      });
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
      await deployOldBuild('shop-staging', 'registry.test/shop:1');
      await expect(
        p.promotions.promote(jane, 'shop-staging', {}),
      ).rejects.toThrow(/its build defines process type "router"/);
      expect(await ledger.releases.latest('shop-prod')).toMatchObject({
        version: 1,
      });

      // A promotion requested (awaiting approval) before the rule is refused when approved.
      await services.settings.patch(jane, 'shop-prod', {
        requireApproval: true,
      });
      await services.builds.deploy(jane, 'shop-staging', {
        image: 'registry.test/shop:2',
        procfile: { web: '', worker: 'node fake.js' },
      });
      const { promotions } = await p.promotions.promote(
        jane,
        'shop-staging',
        {},
      );
      await t
        .knex('slipway_builds')
        .where({ app: 'shop-staging', image: 'registry.test/shop:2' })
        .update({
          procfile: JSON.stringify({ router: 'node fake.js', web: '' }),
        });
      await expect(
        p.promotions.approve(
          mockCredentials.user('user:default/ann'),
          promotions[0].id,
        ),
      ).rejects.toThrow(/its build defines process type "router"/);
      expect(await ledger.releases.latest('shop-prod')).toMatchObject({
        version: 1,
      });
    });
  });
});
