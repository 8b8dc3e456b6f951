import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';

/**
 * Tells `listener` about the request once its answer is sent (or the client went away): method,
 * path WITHOUT the query string (its values may be tokens), status, duration, bytes sent and the
 * client's address. Counting bytes wraps `write`/`end`: the socket's counter is shared by every
 * request of a keep-alive connection.
 */
export function watchRequest(
  req: IncomingMessage,
  res: ServerResponse,
  app: string,
  listener: (entry: AccessLogEntry) => void,
): void {
  const started = Date.now();
  const startedHr = process.hrtime.bigint();
  let bytes = 0;
  const count = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === 'string')
      bytes += Buffer.byteLength(
        chunk,
        typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
      );
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const write = res.write;
  const end = res.end;
  res.write = function countedWrite(this: ServerResponse, ...args: any[]) {
    count(args[0], args[1]);
    return (write as any).apply(this, args);
  } as ServerResponse['write'];
  res.end = function countedEnd(this: ServerResponse, ...args: any[]) {
    if (typeof args[0] !== 'function') count(args[0], args[1]);
    return (end as any).apply(this, args);
  } as ServerResponse['end'];
  res.once('close', () => {
    try {
      listener({
        app,
        time: new Date(started).toISOString(),
        method: req.method ?? '',
        path: pathOf(req.url ?? ''),
        // A client gone before any answer gets nginx's 499.
        status: res.headersSent ? res.statusCode : 499,
        durationMs: Number(process.hrtime.bigint() - startedHr) / 1e6,
        bytes,
        client: req.socket.remoteAddress ?? '',
      });
    } catch {
      // A listener's failure never touches the request.
    }
  });
}

/**
 * The path of a request target without its query or `;` path parameters (`;jsessionid=…`); an absolute-form target (`GET http://user:pw@
 * host/cart`, what clients of a proxy send) gives its path only, never its credentials or host.
 */
function pathOf(target: string): string {
  if (target.startsWith('/')) return target.split(/[?;]/)[0];
  try {
    return new URL(target).pathname.split(';')[0];
  } catch {
    return '';
  }
}
