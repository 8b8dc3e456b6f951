import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from '../ledger';
import { AuthFailureStore } from '../ledger/AuthFailureStore';
import { SharedAuthLimits } from './SharedAuthLimits';
import { guessMadeUpApps } from './__testUtils__/guessMadeUpApps';

jest.setTimeout(60_000);

describe('SharedAuthLimits', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const bad = { client: '10.0.0.1', app: 'shop', token: 'slw_stale' };

  it.each(databases.eachSupportedId())(
    'counts failures seen by any replica against one limit, per token and per app, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      let now = 1_000_000;
      // Two replicas, one database.
      const [one, two] = [0, 1].map(
        () =>
          new SharedAuthLimits(new AuthFailureStore(knex), {
            maxFailures: 4,
            maxFailuresPerApp: 6,
            windowMs: 10_000,
            now: () => now,
          }),
      );
      await one.fail(bad);
      await two.fail(bad);
      await one.fail(bad);
      await two.check(bad);
      await two.fail(bad);
      await expect(one.check(bad)).rejects.toMatchObject({
        statusCode: 429,
        retryAfterSeconds: 10,
      });
      // Another token of the same app from the same address is not stopped, nor another app.
      await two.check({ ...bad, token: 'slw_valid' });
      await one.check({ ...bad, app: 'blog' });
      // Guessing with new tokens: the per-app ceiling.
      await one.fail({ ...bad, token: 'slw_g1' });
      await two.fail({ ...bad, token: 'slw_g2' });
      await expect(one.check({ ...bad, token: 'slw_g3' })).rejects.toThrow(
        /for shop from this address/,
      );
      // The window ends for everyone.
      now += 10_000;
      await one.check(bad);
      // The address's, the app's, and three tokens' windows.
      expect(await two.removeEnded()).toBe(5);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a bounded number of rows for an address guessing made-up app names, on %p',
    async databaseId => {
      const { outcomes, rows, limits } = await guessMadeUpApps(
        await databases.init(databaseId),
        () => bad.client,
      );
      expect(outcomes).toEqual([
        ...Array(10).fill('counted'),
        ...Array(40).fill(429),
      ]);
      expect(rows).toBeLessThanOrEqual(2 * 10 + 1);
      // The address is refused for a real app too (a valid token never asks the limiter);
      // another address is not.
      await expect(limits.check(bad)).rejects.toThrow(
        /^Too many failed authentications from this address/,
      );
      await limits.check({ ...bad, client: '10.0.0.2' });
    },
  );
});
