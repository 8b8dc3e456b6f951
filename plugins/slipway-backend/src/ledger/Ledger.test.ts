import { TestDatabases } from '@backstage/backend-test-utils';
import { SecretBox } from '../crypto';
import { DEFAULT_SETTINGS } from '../domain/defaults';
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
  'slipway_request_points',
  'slipway_request_rollups',
  'slipway_process_points',
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
      await ledger.apps.insert(app('shop'));
      await ledger.apps.insert(app('blog'));
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

    it("reads the newest releases of many apps in one go, each app's newest first", async () => {
      await ledger.apps.insert(app('shop'));
      await ledger.apps.insert(app('blog'));
      for (let version = 1; version <= 12; version++) {
        await ledger.releases.insert(release('shop', version));
      }
      await ledger.releases.insert(release('blog', 1));
      await ledger.releases.insert(release('blog', 2));
      const newest = await ledger.releases.newestOf(
        ['shop', 'blog', 'none'],
        3,
      );
      expect(
        [...newest.entries()].map(([a, list]) => [a, list.map(r => r.version)]),
      ).toEqual([
        ['blog', [2, 1]],
        ['shop', [12, 11, 10]],
      ]);
      expect(newest.get('shop')![0].config.values).toEqual({
        SECRET: 'value-12',
      });
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
      const first = await ledger.events.list('shop', { limit: 2 });
      expect(first.totalItems).toBe(5);
      expect(first.items.map(e => [e.message, e.details])).toEqual([
        ['m5', { i: 5 }],
        ['m4', { i: 4 }],
      ]);
      expect(first.prev).toBeUndefined();
      const second = await ledger.events.list('shop', {
        limit: 2,
        after: first.next,
      });
      expect(second.items.map(e => e.message)).toEqual(['m3', 'm2']);
      const last = await ledger.events.list('shop', {
        limit: 2,
        after: second.next,
      });
      expect(last.items.map(e => e.message)).toEqual(['m1']);
      expect(last.next).toBeUndefined();
      const back = await ledger.events.list('shop', {
        limit: 2,
        before: last.prev,
      });
      expect(back.items.map(e => e.message)).toEqual(['m3', 'm2']);
      expect(
        (await ledger.events.list('shop', { limit: 2, before: back.prev }))
          .items,
      ).toEqual(first.items);
    });

    it('pages apps by name with filters on name, owner and newest release status', async () => {
      const owners = ['user:default/jane', 'group:default/team-a'];
      for (let i = 0; i < 12; i++) {
        const name = `app-${String(i).padStart(2, '0')}`;
        await ledger.apps.insert(app(name, owners[i % 2]));
        await ledger.releases.insert(release(name, 1, { status: 'succeeded' }));
        // Every third app's newest release failed; its previous one still serves.
        if (i % 3 === 0) {
          await ledger.releases.insert(
            release(name, 2, { status: 'failed', reason: 'crash' }),
          );
        }
      }
      await ledger.apps.insert(app('x_y%z', owners[0]));
      const names = (page: { items: { name: string }[] }) =>
        page.items.map(a => a.name);

      const all: string[] = [];
      let page = await ledger.apps.page(undefined, {}, { limit: 5 });
      expect(page.totalItems).toBe(13);
      for (;;) {
        all.push(...names(page));
        if (!page.next) break;
        page = await ledger.apps.page(
          undefined,
          {},
          { limit: 5, after: page.next },
        );
      }
      expect(all).toEqual([...all].sort());
      expect(new Set(all).size).toBe(13);

      const failed = await ledger.apps.page(
        undefined,
        { status: 'failed' },
        { limit: 50 },
      );
      expect(names(failed)).toEqual(['app-00', 'app-03', 'app-06', 'app-09']);
      expect(failed.totalItems).toBe(4);
      const teamA = await ledger.apps.page(
        undefined,
        { owners: [owners[1]], status: 'succeeded' },
        { limit: 50 },
      );
      expect(names(teamA)).toEqual(['app-01', 'app-05', 'app-07', 'app-11']);
      expect(
        names(await ledger.apps.page(undefined, { q: 'p-1' }, { limit: 50 })),
      ).toEqual(['app-10', 'app-11']);
      // LIKE wildcards in q match themselves only.
      expect(
        names(await ledger.apps.page(undefined, { q: '_y%' }, { limit: 50 })),
      ).toEqual(['x_y%z']);
      expect(
        names(await ledger.apps.page(undefined, { q: '%' }, { limit: 50 })),
      ).toEqual(['x_y%z']);
      // The caller's read filter applies on top of the query.
      expect(
        (
          await ledger.apps.page(
            { property: 'owner', values: [owners[1]] },
            { q: 'app-0' },
            { limit: 2 },
          )
        ).totalItems,
      ).toBe(5);

      const latest = await ledger.releases.latestOf(['app-00', 'app-01']);
      expect(latest.get('app-00')).toMatchObject({
        version: 2,
        status: 'failed',
        reason: 'crash',
      });
      expect(latest.get('app-01')).toMatchObject({
        version: 1,
        status: 'succeeded',
      });
    });
  });
});
