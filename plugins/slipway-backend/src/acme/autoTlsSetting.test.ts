import { TestDatabases } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { testServices } from '../services/__testUtils__/testServices';

jest.setTimeout(60_000);

/** A router that cannot apply autoTls refuses it (the services mechanism; builtin, nginx, ingress and gateway all apply it). */
describe('autoTls where the router cannot apply it', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'is refused and nothing is stored, on %p',
    async databaseId => {
      const t = await testServices(await databases.init(databaseId), {
        autoTlsUnavailable: 'autoTls is not available with this router',
      });
      await t.services.apps.create(t.jane, { name: 'shop' });
      const before = await t.knex('slipway_events').count({ n: '*' });
      const error = await t.services.settings
        .patch(t.jane, 'shop', { autoTls: true, maintenance: true })
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(/not available with this router/);
      expect(await t.services.settings.get(t.jane, 'shop')).toMatchObject({
        autoTls: false,
        maintenance: false,
      });
      expect(await t.knex('slipway_events').count({ n: '*' })).toEqual(before);
      // Turning it off (or leaving it off) stays possible.
      await expect(
        t.services.settings.patch(t.jane, 'shop', { autoTls: false }),
      ).resolves.toMatchObject({ autoTls: false });
    },
  );
});
