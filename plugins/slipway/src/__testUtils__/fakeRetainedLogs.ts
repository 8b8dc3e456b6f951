import type { LogDrain, RetainedLogLine } from '@slipway/plugin-slipway-common';

/**
 * `GET /apps/:app/logs/search` as the backend answers it: filters (since inclusive, until
 * exclusive, process type, kind, text in any case) and keyset pages by id.
 */
export function searchRetained(all: RetainedLogLine[], url: URL) {
  const q = url.searchParams;
  const since = q.get('since');
  const until = q.get('until');
  const text = q.get('q')?.toLowerCase();
  const asc = q.get('order') === 'asc';
  const limit = Number(q.get('limit') ?? 50);
  const cursor = q.get('cursor');
  const matching = all
    .filter(
      l =>
        (!since || Date.parse(l.time) >= Date.parse(since)) &&
        (!until || Date.parse(l.time) < Date.parse(until)) &&
        (!q.get('process') || l.processType === q.get('process')) &&
        (!q.get('source') || l.kind === q.get('source')) &&
        (!text || l.line.toLowerCase().includes(text)),
    )
    .sort((a, b) => (asc ? a.id - b.id : b.id - a.id));
  const after = cursor
    ? matching.filter(l =>
        asc ? l.id > Number(cursor) : l.id < Number(cursor),
      )
    : matching;
  const items = after.slice(0, limit);
  return {
    items,
    totalItems: matching.length,
    pageInfo:
      after.length > limit
        ? { nextCursor: String(items[items.length - 1].id) }
        : {},
  };
}

/** What the backend would say of a drain URL it refuses (the fake's reading of its rules). */
export function drainRefusal(
  url: string,
  existing: LogDrain[],
): string | undefined {
  if (!/^(syslog\+tls|syslog|https):\/\//.test(url))
    return 'url must start with syslog+tls://, syslog:// or https://';
  if (/\/\/(localhost|127\.|10\.|192\.168\.)/.test(url))
    return 'url is refused: its address is private or loopback';
  if (existing.length >= 5) return 'an app has at most 5 drains';
  return undefined;
}

/** The URL as the API shows it: credentials and query values as `***`. */
export const maskUrl = (url: string) =>
  url.replace(/\/\/[^@/]+@/, '//***:***@').replace(/=([^&]*)/g, '=***');
