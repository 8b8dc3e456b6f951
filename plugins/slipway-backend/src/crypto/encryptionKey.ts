import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_FILE = 'encryption.key';

/**
 * The key that encrypts config values and private keys: `slipway.encryptionKey` or env
 * `SLIPWAY_ENCRYPTION_KEY` (base64 of 32 bytes). Production refuses to start without one;
 * elsewhere a development key is generated once and kept in `<dataDir>/encryption.key` (mode 0600).
 */
export function loadEncryptionKey(options: {
  config: Config;
  dataDir: string;
  logger?: LoggerService;
  env?: NodeJS.ProcessEnv;
}): Buffer {
  const env = options.env ?? process.env;
  const configured = options.config.getOptionalString('slipway.encryptionKey');
  if (configured !== undefined) {
    return decodeKey(configured, 'slipway.encryptionKey');
  }
  if (env.SLIPWAY_ENCRYPTION_KEY) {
    return decodeKey(env.SLIPWAY_ENCRYPTION_KEY, 'SLIPWAY_ENCRYPTION_KEY');
  }
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'Slipway needs an encryption key in production: set slipway.encryptionKey or SLIPWAY_ENCRYPTION_KEY to base64 of 32 random bytes (e.g. `openssl rand -base64 32`)',
    );
  }
  const file = path.join(options.dataDir, KEY_FILE);
  if (fs.existsSync(file)) {
    return decodeKey(fs.readFileSync(file, 'utf8').trim(), file);
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process created the file in the meantime; then use theirs.
  try {
    fs.writeFileSync(file, `${key.toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return decodeKey(fs.readFileSync(file, 'utf8').trim(), file);
    }
    throw error;
  }
  options.logger?.warn(
    `Generated a development encryption key in ${file}; set slipway.encryptionKey in production`,
  );
  return key;
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== 32) {
    throw new Error(
      `The Slipway encryption key from ${source} must be base64 of exactly 32 bytes (got ${key.length} bytes); create one with \`openssl rand -base64 32\``,
    );
  }
  return key;
}
