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
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    try {
      for await (const line of lines) {
        if (abort.signal.aborted) break;
        res.write(`data: ${JSON.stringify(line)}\n\n`);
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
