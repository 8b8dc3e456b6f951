import { TestDatabases } from '@backstage/backend-test-utils';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from '../api/__testUtils__/startSlipway';
import { AppStore } from '../ledger/AppStore';
import { PromotionStore } from '../ledger/PromotionStore';
import { gatedPipeline } from '../pipelines/__testUtils__/shopPipeline';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/**
 * Red team (rt24) of the app row lock (AppStore.lockForUpdate, taken by every release append, on
 * any replica). Was low: approving a promotion locked the target app's row, then its promotion
 * row; a new promotion to that target (approval turned off meanwhile) superseded the pending one
 * first (its promotion row), then locked the app's row. Met at once (two replicas, two users),
 * PostgreSQL found a deadlock and one of them got a 500.
 */
describe.each(databases.eachSupportedId())(
  'promotion lock order on %p',
  databaseId => {
    const database = testDatabase(databases, databaseId);
    let s: Slipway;
    beforeEach(async () => {
      s = await startSlipway({ database });
    });
    afterEach(async () => {
      jest.restoreAllMocks();
      await s.stop();
    });

    it('an approval and a new promotion of the same target meeting do not deadlock', async () => {
      const id = await gatedPipeline(s);
      const jane = s.as(users.jane);
      // A newer build on staging, and approval no longer required for production.
      await jane
        .post('/apps/shop-staging/builds', {
          image: 'registry.test/shop:2',
          sha: '2b3c4d5e6f7a',
        })
        .expect(201);
      await jane
        .patch('/apps/shop-prod/settings', { requireApproval: false })
        .expect(200);
      await s.settled();

      // The two transactions meet: the approval holds shop-prod's row when the promotion has
      // superseded the pending request (or, if it takes the app's row first, after 2 s).
      let approvalLocked!: () => void;
      const approvalHasLock = new Promise<void>(r => (approvalLocked = r));
      let superseded = false;
      let first = true;
      const lock = AppStore.prototype.lockForUpdate;
      jest
        .spyOn(AppStore.prototype, 'lockForUpdate')
        .mockImplementation(async function lockForUpdate(
          this: AppStore,
          name: string,
        ) {
          await lock.call(this, name);
          if (name === 'shop-prod' && first) {
            first = false;
            approvalLocked();
            for (let i = 0; i < 40 && !superseded; i++) await sleep(50);
          }
        });
      const decide = PromotionStore.prototype.decide;
      jest
        .spyOn(PromotionStore.prototype, 'decide')
        .mockImplementation(async function recordSuperseded(
          this: PromotionStore,
          ...args: Parameters<PromotionStore['decide']>
        ) {
          const decided = await decide.apply(this, args);
          if (args[1].status === 'superseded') superseded = true;
          return decided;
        });

      const approving = s
        .as(users.ann)
        .post(`/promotions/${id}/approve`)
        .then(r => r);
      await approvalHasLock;
      const promoting = jane.post('/apps/shop-staging/promote').then(r => r);
      const [approval, promotion] = await Promise.all([approving, promoting]);
      expect([approval.status, approval.body.error?.message]).toEqual([
        201,
        undefined,
      ]);
      expect([promotion.status, promotion.body.error?.message]).toEqual([
        201,
        undefined,
      ]);
      // Both made their release: v2 (approved), v3 (the newer build).
      const releases = await s
        .knex('slipway_releases')
        .where({ app: 'shop-prod' })
        .orderBy('version');
      expect(releases.map(r => Number(r.version))).toEqual([1, 2, 3]);
    });
  },
);
