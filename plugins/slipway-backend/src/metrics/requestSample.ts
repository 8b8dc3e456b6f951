import type { AccessLogEntry } from '@slipway/plugin-slipway-node';
import type { RequestSample } from './types';

/** What metrics count of a router's line per request (the same line the retained logs keep). */
export function requestSampleOf(entry: AccessLogEntry): RequestSample {
  return {
    app: entry.app,
    status: entry.status,
    durationMs: entry.durationMs,
    bytesOut: entry.bytes,
    at: Date.parse(entry.time) + entry.durationMs,
  };
}
