import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCertificate } from '../api/__testUtils__/certificates';
import { inspectCertificate, loadEncryptionKey, SecretBox } from '.';

describe('SecretBox', () => {
  const box = new SecretBox(Buffer.alloc(32, 3));

  it('encrypts with a fresh IV each time and decrypts back', () => {
    const a = box.encrypt('hunter2');
    const b = box.encrypt('hunter2');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('hunter2');
    expect(box.decrypt(a)).toBe('hunter2');
    expect(box.decrypt(box.encrypt('ünïcødé'))).toBe('ünïcødé');
  });

  it('detects tampering and a wrong key', () => {
    const stored = box.encrypt('hunter2');
    const [v, iv, tag, ct] = stored.split('.');
    const flipped = Buffer.from(ct, 'base64');
    flipped[0] ^= 1;
    expect(() =>
      box.decrypt([v, iv, tag, flipped.toString('base64')].join('.')),
    ).toThrow(/Could not decrypt/);
    expect(() => new SecretBox(Buffer.alloc(32, 4)).decrypt(stored)).toThrow(
      /encryption key differs/,
    );
    expect(() => box.decrypt('plaintext')).toThrow(/unknown format/);
  });
});

describe('loadEncryptionKey', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-key-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const config = (data: object = {}) => new ConfigReader(data);
  const key = Buffer.alloc(32, 9).toString('base64');

  it('reads the key from config, then from the environment', () => {
    expect(
      loadEncryptionKey({
        config: config({ slipway: { encryptionKey: key } }),
        dataDir,
        env: {},
      }),
    ).toEqual(Buffer.alloc(32, 9));
    expect(
      loadEncryptionKey({
        config: config(),
        dataDir,
        env: { SLIPWAY_ENCRYPTION_KEY: key },
      }),
    ).toEqual(Buffer.alloc(32, 9));
  });

  it.each(['not base64!', Buffer.alloc(16).toString('base64')])(
    'refuses the malformed key %j clearly',
    bad => {
      expect(() =>
        loadEncryptionKey({
          config: config({ slipway: { encryptionKey: bad } }),
          dataDir,
          env: {},
        }),
      ).toThrow(/slipway.encryptionKey must be base64 of exactly 32 bytes/);
      expect(() =>
        loadEncryptionKey({
          config: config(),
          dataDir,
          env: { SLIPWAY_ENCRYPTION_KEY: bad },
        }),
      ).toThrow(/SLIPWAY_ENCRYPTION_KEY must be base64 of exactly 32 bytes/);
    },
  );

  it('refuses to start in production without a key', () => {
    expect(() =>
      loadEncryptionKey({
        config: config(),
        dataDir,
        env: { NODE_ENV: 'production' },
      }),
    ).toThrow(/needs an encryption key in production/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('generates a development key once, readable only by its owner', () => {
    const first = loadEncryptionKey({ config: config(), dataDir, env: {} });
    const file = path.join(dataDir, 'encryption.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadEncryptionKey({ config: config(), dataDir, env: {} })).toEqual(
      first,
    );
    expect(first).toHaveLength(32);
  });
});

describe('inspectCertificate', () => {
  const good = makeCertificate(['example.com', '*.example.com']);
  const other = makeCertificate(['other.org']);

  it('describes a valid certificate', () => {
    const info = inspectCertificate(good.certificate, good.key);
    expect(info).toMatchObject({
      subject: 'CN=example.com',
      issuer: 'CN=example.com',
      sans: ['*.example.com', 'example.com'],
      fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    });
    expect(new Date(info.notAfter).getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    [
      'a key that does not match',
      () => inspectCertificate(good.certificate, other.key),
      /does not belong/,
    ],
    [
      'an expired certificate',
      () =>
        inspectCertificate(
          good.certificate,
          good.key,
          new Date(Date.now() + 60 * 86400000),
        ),
      /expired on/,
    ],
    ['not PEM', () => inspectCertificate('hello', good.key), /PEM certificate/],
    [
      'a broken key',
      () =>
        inspectCertificate(
          good.certificate,
          '-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----',
        ),
      /could not be parsed/,
    ],
  ])('refuses %s', (_what, fn, message) => {
    expect(fn).toThrow(message);
  });
});
