import type { LogLine } from '@slipway/plugin-slipway-common';
import type { Request, Response } from 'express';

/** Writes log lines as plain text (`<time> <source>: <line>`), or as server-sent events when following. */
export async function sendLogs(
  req: Request<any, any, any, any>,
  res: Response,
  lines: AsyncIterable<LogLine>,
  follow: boolean,
  abort: AbortController,
): Promise<void> {
  req.on('close', () => abort.abort());
  if (follow) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream');
    // no-transform: Backstage's compression middleware (and proxies) must not hold events back
    // to compress them; a browser asking for `br` would otherwise see nothing for a long time.
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    try {
      for await (const line of lines) {
        if (abort.signal.aborted) break;
        res.write(`data: ${JSON.stringify(line)}\n\n`);
        flush(res);
      }
    } finally {
      res.end();
    }
    return;
  }
  const text: string[] = [];
  for await (const line of lines)
    text.push(`${line.time} ${line.source}: ${line.line}\n`);
  res.type('text/plain').send(text.join(''));
}

/** Pushes what was written out now, should a compressing middleware sit in between (it adds `flush`). */
function flush(res: Response): void {
  (res as Response & { flush?: () => void }).flush?.();
}
