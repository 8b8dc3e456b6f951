import { TestDatabases } from '@backstage/backend-test-utils';
import { SecretBox } from '../crypto';
import { DEFAULT_SETTINGS } from '../services/settings/defaults';
import { isUniqueViolation, Ledger, migrationsDir } from '.';
import type { ReleaseRecord } from './types';

jest.setTimeout(60_000);

const TABLES = [
  'slipway_apps',
  'slipway_builds',
  'slipway_releases',
  'slipway_domains',
  'slipway_certs',
  'slipway_events',
  'slipway_tokens',
];

const box = new SecretBox(Buffer.alloc(32, 1));
const now = '2026-01-01T00:00:00.000Z';
const app = (name: string, owner = 'user:default/jane') => ({
  name,
  owner,
  cluster: 'local',
  structure: {},
  settings: DEFAULT_SETTINGS,
  createdAt: now,
  updatedAt: now,
});
const release = (
  appName: string,
  version: number,
  extra: Partial<ReleaseRecord> = {},
): ReleaseRecord => ({
  app: appName,
  version,
  config: {
    values: { SECRET: `value-${version}` },
    limits: {},
    tags: {},
    healthchecks: {},
  },
  summary: `v${version}`,
  createdBy: 'user:default/jane',
  createdAt: now,
  status: 'pending',
  ...extra,
});

describe('the ledger', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'migrates up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      for (const table of TABLES)
        expect(await knex.schema.hasTable(table)).toBe(true);
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      for (const table of TABLES)
        expect(await knex.schema.hasTable(table)).toBe(false);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('slipway_releases')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'skips migrations when told to, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await Ledger.create({
        database: { getClient: async () => knex, migrations: { skip: true } },
        box,
      });
      expect(await knex.schema.hasTable('slipway_apps')).toBe(false);
    },
  );

  describe.each(databases.eachSupportedId())('stores on %p', databaseId => {
    let ledger: Ledger;
    let knex: Awaited<ReturnType<typeof databases.init>>;
    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ledger = await Ledger.create({
        database: { getClient: async () => knex },
        box,
      });
    });
    beforeEach(async () => {
      for (const table of TABLES) await knex(table).delete();
    });

    it('keeps release versions unique per app', async () => {
      await ledger.apps.insert(app('shop'));
      await ledger.releases.insert(release('shop', 1));
      const error = await ledger.releases
        .insert(release('shop', 1))
        .catch(e => e);
      expect(isUniqueViolation(error)).toBe(true);
      // Another app may have the same version.
      await ledger.releases.insert(release('blog', 1));
    });

    it('rolls a transaction back as a whole', async () => {
      const error = await ledger
        .transaction(async tx => {
          await tx.apps.insert(app('shop'));
          await tx.releases.insert(release('shop', 1));
          await tx.releases.insert(release('shop', 1));
        })
        .catch(e => e);
      expect(isUniqueViolation(error)).toBe(true);
      expect(await ledger.apps.get('shop')).toBeUndefined();
      expect(await knex('slipway_releases').select()).toEqual([]);
    });

    it('encrypts config snapshots and private keys, and reads them back', async () => {
      await ledger.apps.insert(app('shop'));
      await ledger.releases.insert(release('shop', 1));
      await ledger.certs.insert({
        app: 'shop',
        name: 'example',
        certificate: 'CERT',
        key: '-----BEGIN PRIVATE KEY-----secret',
        subject: 'CN=example.com',
        sans: ['example.com'],
        issuer: 'CN=example.com',
        notBefore: now,
        notAfter: now,
        fingerprint: 'AA',
        createdBy: 'user:default/jane',
        createdAt: now,
      });
      const dump = JSON.stringify([
        await knex('slipway_releases').select(),
        await knex('slipway_certs').select(),
      ]);
      expect(dump).not.toContain('value-1');
      expect(dump).not.toContain('PRIVATE KEY');
      expect((await ledger.releases.get('shop', 1))?.config.values).toEqual({
        SECRET: 'value-1',
      });
      expect(await ledger.certs.get('shop', 'example')).not.toHaveProperty(
        'key',
      );
      expect((await ledger.certs.withKeys()).get('shop/example')?.key).toBe(
        '-----BEGIN PRIVATE KEY-----secret',
      );
    });

    it('finds the current (newest not failed) release of many apps in one go', async () => {
      await ledger.releases.insert(release('shop', 1, { status: 'succeeded' }));
      await ledger.releases.insert(release('shop', 2, { status: 'succeeded' }));
      await ledger.releases.insert(
        release('shop', 3, { status: 'failed', reason: 'crash' }),
      );
      await ledger.releases.insert(release('blog', 1));
      const current = await ledger.releases.currentOf(['shop', 'blog', 'none']);
      expect(
        [...current.entries()].map(([a, r]) => [a, r.version]).sort(),
      ).toEqual([
        ['blog', 1],
        ['shop', 2],
      ]);
      expect(await ledger.releases.setStatus('shop', [3], 'succeeded')).toBe(0); // only pending releases change
    });

    it('filters apps by owner with and/or/not criteria', async () => {
      await ledger.apps.insert(app('alpha', 'user:default/jane'));
      await ledger.apps.insert(app('beta', 'group:default/team-a'));
      await ledger.apps.insert(app('gamma', 'user:default/bob'));
      const names = async (filter: Parameters<typeof ledger.apps.list>[0]) =>
        (await ledger.apps.list(filter)).map(a => a.name);
      expect(await names(undefined)).toEqual(['alpha', 'beta', 'gamma']);
      expect(
        await names({
          property: 'owner',
          values: ['user:default/jane', 'group:default/team-a'],
        }),
      ).toEqual(['alpha', 'beta']);
      expect(await names({ property: 'owner', values: [] })).toEqual([]);
      expect(
        await names({
          not: { property: 'owner', values: ['user:default/jane'] },
        }),
      ).toEqual(['beta', 'gamma']);
      expect(
        await names({
          anyOf: [
            { property: 'owner', values: ['user:default/bob'] },
            { allOf: [{ property: 'owner', values: ['user:default/jane'] }] },
          ],
        }),
      ).toEqual(['alpha', 'gamma']);
    });

    it('pages events newest first', async () => {
      for (let i = 1; i <= 5; i++) {
        await ledger.events.append({
          app: 'shop',
          type: 'scale',
          message: `m${i}`,
          actor: 'user:default/jane',
          details: { i },
        });
      }
      const page = await ledger.events.list('shop', { offset: 1, limit: 2 });
      expect(page.total).toBe(5);
      expect(page.items.map(e => [e.message, e.details])).toEqual([
        ['m4', { i: 4 }],
        ['m3', { i: 3 }],
      ]);
    });
  });
});
