import type { AccessLogEntry } from '@slipway/plugin-slipway-node';

/**
 * The router's line for a request, in Heroku's key=value style so that a log system parses it:
 * `method=GET path="/cart" status=200 duration=12ms bytes=5120 client=203.0.113.9`.
 * The path has no query string (the router never passes one here).
 */
export function routerLine(entry: AccessLogEntry): string {
  return [
    `method=${entry.method}`,
    `path=${JSON.stringify(entry.path)}`,
    `status=${entry.status}`,
    `duration=${Math.round(entry.durationMs)}ms`,
    `bytes=${entry.bytes}`,
    `client=${entry.client}`,
  ].join(' ');
}
