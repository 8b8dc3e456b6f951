import type { IncomingMessage } from 'node:http';
import type { CompiledRoute, CompiledTable } from './routeTable';
import { PAGES, type Page } from './pages';

/** What the router does with a request before any app process is involved. */
export type Decision =
  | { kind: 'page'; page: Page; route?: CompiledRoute }
  | { kind: 'redirect'; location: string; route: CompiledRoute }
  | { kind: 'proxy'; route: CompiledRoute };

/**
 * The order follows nginx: unknown host, https-only redirect, allowlist,
 * maintenance, no upstream, body size (from Content-Length).
 */
export function decide(
  req: IncomingMessage,
  secure: boolean,
  table: CompiledTable,
  httpsPort: number,
): Decision {
  const hostname = hostnameOf(req.headers.host);
  const match = hostname ? table.lookup(hostname) : undefined;
  if (!hostname || !match) return { kind: 'page', page: PAGES.unknownHost };
  const { route } = match;
  const settings = route.route;
  if (!secure && settings.httpsOnly) {
    const port = httpsPort === 443 ? '' : `:${httpsPort}`;
    const path = req.url?.startsWith('/') ? req.url : '/';
    return {
      kind: 'redirect',
      location: `https://${hostname}${port}${path}`,
      route,
    };
  }
  if (route.allow && !route.allow(req.socket.remoteAddress ?? '')) {
    return { kind: 'page', page: PAGES.forbidden, route };
  }
  if (settings.maintenance)
    return { kind: 'page', page: PAGES.maintenance, route };
  if (route.upstreams.length === 0) {
    return { kind: 'page', page: PAGES.noUpstream, route };
  }
  if (Number(req.headers['content-length'] ?? 0) > route.bodyLimit) {
    return { kind: 'page', page: PAGES.tooLarge, route };
  }
  return { kind: 'proxy', route };
}

/** The lowercase hostname of a Host header, without port or trailing dot. */
export function hostnameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let name = header.trim().toLowerCase();
  if (name.startsWith('[')) return undefined; // IP literals are never app hosts
  const colon = name.lastIndexOf(':');
  if (colon >= 0) name = name.slice(0, colon);
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name || undefined;
}

/** `Strict-Transport-Security` for the route, or undefined when HSTS is off. */
export function hstsHeader(
  route: CompiledRoute | undefined,
): string | undefined {
  const hsts = route?.route.hsts;
  if (!hsts?.enabled) return undefined;
  return [
    `max-age=${Math.floor(hsts.maxAge)}`,
    ...(hsts.includeSubdomains ? ['includeSubDomains'] : []),
    ...(hsts.preload ? ['preload'] : []),
  ].join('; ');
}
