import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CatalogOwnership } from '../permissions';
import { testServices } from './__testUtils__/testServices';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;

const user = (name: string, memberOf: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf },
});

describe('deploy tokens', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let now: Date;
    /** The catalog as it is now: tests change Jane's groups. */
    let entities: Entity[];
    let t: Awaited<ReturnType<typeof testServices>>;

    beforeEach(async () => {
      now = new Date('2026-11-26T12:00:00.000Z');
      entities = [user('jane', ['team-a'])];
      const catalog = {
        getEntityByRef: async (ref: string, options: any) => {
          if (!entities) throw new Error('ECONNREFUSED');
          return catalogServiceMock({ entities }).getEntityByRef(ref, options);
        },
      };
      t = await testServices(await databases.init(databaseId), {
        now: () => now,
        ownership: new CatalogOwnership(catalog, mockServices.auth()),
      });
      await t.services.apps.create(t.jane, {
        name: 'shop',
        owner: 'group:default/team-a',
      });
      await t.reconciler.idle();
    });

    it('lists tokens with creator, creation, expiry and last use, never the token', async () => {
      const { services } = t;
      const created = await services.tokens.create(t.jane, 'shop', {
        description: 'CI',
      });
      expect(created).toEqual({
        id: expect.any(String),
        app: 'shop',
        description: 'CI',
        createdBy: 'user:default/jane',
        createdAt: '2026-11-26T12:00:00.000Z',
        expiresAt: '2027-02-24T12:00:00.000Z',
        token: expect.stringMatching(/^slw_/),
      });
      const { token, ...shown } = created;
      expect(await services.tokens.list(t.jane, 'shop')).toEqual([shown]);

      // Used in the minute it was created: never "last used" before it was created.
      now = new Date('2026-11-26T12:00:30.000Z');
      await services.tokens.authenticate('shop', token!);
      expect(await services.tokens.list(t.jane, 'shop')).toEqual([
        { ...shown, lastUsedAt: '2026-11-26T12:00:30.000Z' },
      ]);

      now = new Date('2026-11-27T08:15:42.123Z');
      expect(await services.tokens.authenticate('shop', token!)).toMatchObject({
        userEntityRef: 'user:default/jane',
      });
      // Written at most once a minute, so a busy token does not write at every use.
      now = new Date('2026-11-27T08:15:59.000Z');
      await services.tokens.authenticate('shop', token!);
      expect(await services.tokens.list(t.jane, 'shop')).toEqual([
        { ...shown, lastUsedAt: '2026-11-27T08:15:42.123Z' },
      ]);
    });

    it('is created by users only: it acts for its creator', async () => {
      await expect(
        t.services.tokens.create(mockCredentials.service(), 'shop', {}),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      expect(await t.knex('slipway_tokens')).toEqual([]);
    });

    it('gives a token the lifetime asked for within bounds, and refuses others with nothing stored', async () => {
      const { services, knex } = t;
      const week = await services.tokens.create(t.jane, 'shop', {
        expiresInDays: 7,
      });
      expect(week.expiresAt).toBe('2026-12-03T12:00:00.000Z');
      // The configured maximum; other numbers (0, 1.5, "30") the API's schema refuses (api/contract.test.ts).
      await expect(
        services.tokens.create(t.jane, 'shop', { expiresInDays: 366 }),
      ).rejects.toThrow(
        /expiresInDays must be a whole number of days from 1 to 365/,
      );
      expect(await knex('slipway_tokens')).toHaveLength(1);
    });

    it('refuses a token once it expired', async () => {
      const { services } = t;
      const { token } = await services.tokens.create(t.jane, 'shop', {
        expiresInDays: 1,
      });
      now = new Date(now.getTime() + DAY - 1);
      await expect(
        services.tokens.authenticate('shop', token!),
      ).resolves.toBeDefined();
      now = new Date(now.getTime() + 1);
      await expect(
        services.tokens.authenticate('shop', token!),
      ).rejects.toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringMatching(/expired on 2026-11-27T12:00:00.000Z/),
      });
    });

    it('acts for its creator only while the catalog still has the creator in the owning group', async () => {
      const { services } = t;
      const { token } = await services.tokens.create(t.jane, 'shop', {});
      await expect(
        services.tokens.authenticate('shop', token!),
      ).resolves.toMatchObject({ userEntityRef: 'user:default/jane' });

      entities = [user('jane', ['team-b'])];
      await expect(
        services.tokens.authenticate('shop', token!),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(
          /acts for user:default\/jane, who no longer owns shop/,
        ),
      });

      // A user the catalog does not know owns only what is owned by the user's own ref.
      entities = [];
      await expect(
        services.tokens.authenticate('shop', token!),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });

    it('refuses (503) rather than guesses when the catalog does not answer', async () => {
      const { services } = t;
      const { token } = await services.tokens.create(t.jane, 'shop', {});
      entities = undefined as unknown as Entity[]; // the catalog fails
      await expect(
        services.tokens.authenticate('shop', token!),
      ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    });

    it('revokes every token of an app when its owner changes', async () => {
      const { services, ledger } = t;
      const a = await services.tokens.create(t.jane, 'shop', {});
      await services.tokens.create(t.jane, 'shop', {});
      await services.apps.transfer(t.jane, 'shop', {
        owner: 'group:default/team-b',
      });
      expect(await services.tokens.list(t.jane, 'shop')).toEqual([]);
      // Even when the old creator is also in the new owning group.
      entities = [user('jane', ['team-a', 'team-b'])];
      await expect(
        services.tokens.authenticate('shop', a.token!),
      ).resolves.toBeUndefined();
      const { items } = await ledger.events.list('shop', { limit: 1 });
      expect(items[0]).toMatchObject({
        type: 'app.transfer',
        message:
          'jane transferred shop from group:default/team-a to group:default/team-b and so revoked its 2 deploy tokens',
      });
    });
  });
});
