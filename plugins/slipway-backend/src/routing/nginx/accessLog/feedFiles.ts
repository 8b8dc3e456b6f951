import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** The log_format the feed's lines use; nginx.conf names it, the include file defines it. */
export const FEED_FORMAT = 'slipway_feed';

/** Where the feed's include file lives (mode 0600: it holds the secret). */
export function feedPaths(configDir: string) {
  const dir = path.join(configDir, 'access-log');
  return { dir, format: path.join(dir, 'feed-format.conf') };
}

/**
 * The feed's log_format: one JSON object per request, carrying the secret the receiver checks so
 * that nothing else on the host can forge router lines. The path is `$slipway_path` (the request
 * target without its query, see render.ts): query string values never leave nginx.
 * The time the request arrived is `msec - request_time` (both seconds with millisecond precision).
 */
export function feedFormat(secret: string): string {
  return [
    `log_format ${FEED_FORMAT} escape=json '{"key":"${secret}","app":"$slipway_app",'`,
    `    '"msec":$msec,"request_time":$request_time,"method":"$request_method",'`,
    `    '"path":"$slipway_path","status":$status,"bytes":$body_bytes_sent,"client":"$remote_addr"}';`,
    '',
  ].join('\n');
}

/**
 * Writes the include file, keeping the secret it already holds (a backend restart leaves the running
 * nginx and its config alone: an idempotent apply must not reload). Returns the secret.
 */
export async function installFeedFormat(configDir: string): Promise<string> {
  const p = feedPaths(configDir);
  await fs.mkdir(p.dir, { recursive: true, mode: 0o700 });
  await fs.chmod(p.dir, 0o700);
  const existing = await fs.readFile(p.format, 'utf8').catch(() => '');
  const secret = /"key":"([0-9a-f]{48})"/.exec(existing)?.[1];
  if (secret && existing === feedFormat(secret)) {
    // Made private again if it was copied or restored with other modes.
    await fs.chmod(p.format, 0o600);
    return secret;
  }
  const fresh = randomBytes(24).toString('hex');
  await fs.rm(`${p.format}.tmp`, { force: true });
  await fs.writeFile(`${p.format}.tmp`, feedFormat(fresh), { mode: 0o600 });
  await fs.rename(`${p.format}.tmp`, p.format);
  return fresh;
}
