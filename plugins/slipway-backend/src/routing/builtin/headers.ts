import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { displayAddress } from './allowlist';

/** Headers that describe one hop and must not be passed on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect', // the router answers 100-continue itself
]);

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,200}$/;

/** A well-formed incoming X-Request-Id is kept (so traces join up), otherwise a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming)
    ? incoming
    : randomUUID().replace(/-/g, '');
}

/** The request headers for the app: end-to-end headers plus X-Forwarded-* and X-Request-Id. */
export function upstreamRequestHeaders(
  req: IncomingMessage,
  secure: boolean,
  requestId: string,
  upgrade: boolean,
): OutgoingHttpHeaders {
  const listed = connectionTokens(req.headers.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !listed.has(name)) {
      headers[name] = value;
    }
  }
  const client = displayAddress(req.socket.remoteAddress);
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${prior}, ${client}` : client;
  headers['x-forwarded-proto'] = secure ? 'https' : 'http';
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-request-id'] = requestId;
  if (upgrade) {
    headers.connection = 'upgrade';
    headers.upgrade = req.headers.upgrade ?? '';
  }
  return headers;
}

/** The app's response headers minus hop-by-hop ones, as a raw name/value list (keeps repeated Set-Cookie). */
export function downstreamResponseHeaders(
  rawHeaders: string[],
  extra: Record<string, string | undefined>,
): string[] {
  const names: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'connection') {
      names.push(...connectionTokens(rawHeaders[i + 1]));
    }
  }
  const replaced = Object.keys(extra).filter(name => extra[name] !== undefined);
  const drop = new Set([...HOP_BY_HOP, ...names, ...replaced]);
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!drop.has(rawHeaders[i].toLowerCase())) {
      out.push(rawHeaders[i], rawHeaders[i + 1]);
    }
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value !== undefined) out.push(name, value);
  }
  return out;
}

function connectionTokens(value: string | undefined): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map(token => token.trim().toLowerCase())
      .filter(Boolean),
  );
}
