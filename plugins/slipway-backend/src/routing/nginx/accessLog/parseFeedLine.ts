import { timingSafeEqual } from 'node:crypto';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';

/** What checkRoute lets into a server block's `set $slipway_app` (a whitelisted app name). */
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * One datagram nginx sent (`<190>Dec  5 09:42:47 slipway: {json}`) → the router's line, or
 * undefined when it is not one: not JSON, a wrong secret, a request no app served, odd fields.
 */
export function parseFeedLine(
  datagram: Buffer,
  secret: Buffer,
): AccessLogEntry | undefined {
  const text = datagram.toString('utf8');
  const start = text.indexOf(': {');
  if (start < 0) return undefined;
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(text.slice(start + 2));
  } catch {
    return undefined;
  }
  const key = Buffer.from(String(line.key ?? ''));
  if (key.length !== secret.length || !timingSafeEqual(key, secret)) {
    return undefined;
  }
  const {
    app,
    msec,
    request_time: seconds,
    method,
    path,
    status,
    bytes,
  } = line;
  if (
    typeof app !== 'string' ||
    !APP_NAME.test(app) ||
    typeof msec !== 'number' ||
    typeof seconds !== 'number' ||
    typeof status !== 'number' ||
    typeof bytes !== 'number' ||
    typeof method !== 'string' ||
    typeof path !== 'string'
  ) {
    return undefined;
  }
  const durationMs = seconds * 1000;
  return {
    app,
    time: new Date(Math.round(msec * 1000 - durationMs)).toISOString(),
    method,
    // nginx already cut the query and `;` parameters; cut again should one ever get through.
    path: path.split(/[?;]/)[0],
    status,
    durationMs,
    bytes,
    client: typeof line.client === 'string' ? line.client : '',
  };
}
