import { TestDatabases } from '@backstage/backend-test-utils';
import { SecretBox } from '../crypto';
import { Ledger } from './Ledger';

jest.setTimeout(60_000);

describe('AcmeStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const box = new SecretBox(Buffer.alloc(32, 9));

  it.each(databases.eachSupportedId())(
    'keeps domain states and encrypted account keys, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const ledger = await Ledger.create({
        database: { getClient: async () => knex },
        box,
      });
      const pending = {
        domain: 'b.example.com',
        app: 'shop',
        state: 'pending' as const,
        updatedAt: '2026-12-05T00:00:00.000Z',
      };
      await ledger.acme.put(pending);
      await ledger.acme.put({
        ...pending,
        domain: 'a.example.com',
        app: 'blog',
      });
      const failed = {
        ...pending,
        state: 'failed' as const,
        lastError: 'connection refused',
        nextRenewal: '2026-12-05T01:00:00.000Z',
        failures: 3,
      };
      await ledger.acme.put(failed);
      expect(await ledger.acme.get('b.example.com')).toEqual(failed);
      expect((await ledger.acme.list()).map(s => s.domain)).toEqual([
        'a.example.com',
        'b.example.com',
      ]);
      expect(await ledger.acme.list(['shop'])).toEqual([failed]);
      // A success resets the count (0 reads back as absent).
      await ledger.acme.put({ ...pending, state: 'issued', failures: 0 });
      expect(
        (await ledger.acme.get('b.example.com'))?.failures,
      ).toBeUndefined();
      await ledger.acme.put(failed);
      await ledger.acme.deleteApp('blog');
      await ledger.acme.delete('b.example.com');
      expect(await ledger.acme.list()).toEqual([]);

      const url = 'https://acme.test/dir';
      expect(await ledger.acme.accountKey(url)).toBeUndefined();
      await ledger.acme.putAccountKey(
        url,
        'ops@example.com',
        'KEY-1',
        pending.updatedAt,
      );
      // The first key stays: a second instance racing to register gets the same account.
      await ledger.acme.putAccountKey(
        url,
        undefined,
        'KEY-2',
        pending.updatedAt,
      );
      expect(await ledger.acme.accountKey(url)).toBe('KEY-1');
      const [row] = await knex('slipway_acme_accounts').select('private_key');
      expect(row.private_key).not.toContain('KEY-1');
    },
  );
});
