import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import {
  startSlipway,
  testDatabase,
  users,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

describe('starting the plugin', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const database = testDatabase(databases, 'SQLITE_3');

  it('refuses an unknown runtime or router, naming the choices', async () => {
    // Built-in implementations are listed too; the one a module added is always there.
    await expect(
      startSlipway({ database, config: { runtime: 'nope' } }),
    ).rejects.toThrow(
      /Unknown Slipway runtime "nope" \(slipway\.runtime\); available: (.+, )?recording\b/,
    );
    await expect(
      startSlipway({ database, config: { router: 'nope' } }),
    ).rejects.toThrow(
      /Unknown Slipway router "nope" \(slipway\.router\); available: (.+, )?recording\b/,
    );
  });

  it('refuses deploy token lifetimes longer than their maximum', async () => {
    await expect(
      startSlipway({
        database,
        config: { git: { tokenTtl: { days: 400 } } },
      }),
    ).rejects.toThrow(
      /slipway\.git\.tokenTtl must be .* no longer than slipway\.git\.maxTokenTtl/,
    );
  });

  it('gives deploy tokens the configured lifetime', async () => {
    const s = await startSlipway({
      database,
      config: { git: { tokenTtl: 'P7D', maxTokenTtl: { days: 30 } } },
    });
    try {
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      const token = await s.as(users.jane).post('/apps/shop/tokens', {});
      expect(
        Date.parse(token.body.expiresAt) - Date.parse(token.body.createdAt),
      ).toBe(7 * 24 * 3600 * 1000);
      const tooLong = await s
        .as(users.jane)
        .post('/apps/shop/tokens', { expiresInDays: 31 });
      expect(tooLong.body.error.message).toMatch(/from 1 to 30/);
    } finally {
      await s.stop();
    }
  });

  it('refuses to start in production without an encryption key', async () => {
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(
        startSlipway({ database, config: { encryptionKey: undefined } }),
      ).rejects.toThrow(/needs an encryption key in production/);
    } finally {
      process.env.NODE_ENV = env;
    }
  });

  it('starts with a generated development key when none is configured', async () => {
    const s = await startSlipway({
      database,
      config: { encryptionKey: undefined },
    });
    try {
      await s.as(users.jane).post('/apps', { name: 'shop' }).expect(201);
      expect(fs.existsSync(path.join(s.dataDir, 'encryption.key'))).toBe(true);
    } finally {
      await s.stop();
    }
  });
});
