import type { RunResult } from '@slipway/plugin-slipway-common';
import type { Request, Response } from 'express';

/** The media type of a streamed one-off run: one JSON object per line. */
export const RUN_STREAM_TYPE = 'application/x-ndjson';

/**
 * Output held in the backend for a caller that reads slower than the command prints, at most: past
 * it lines are dropped (and counted in a note), so `yes` run for a client that never reads cannot
 * fill the backend's memory. The whole output is still in the app's log.
 */
export const MAX_BUFFERED_RUN_OUTPUT = 1024 * 1024;

/** Whether the caller asked to follow the run's output as it is printed. */
export function wantsRunStream(req: Request<any, any, any, any>): boolean {
  return (req.get('accept') ?? '').includes(RUN_STREAM_TYPE);
}

/**
 * Answers a one-off run as newline-delimited JSON while it runs: `{"line": "..."}` per output
 * line as it is printed, then `{"exitCode": n}`. The answer starts with the first line (or the
 * end), so refusals before the command starts (403, 404, 409) keep their usual error answers;
 * a failure after that is a final `{"error": {...}}` line.
 */
export async function streamRun(
  res: Response,
  run: (onLine: (line: string) => void) => Promise<RunResult>,
): Promise<void> {
  const start = () => {
    if (res.headersSent) return;
    res.status(200);
    res.setHeader('Content-Type', RUN_STREAM_TYPE);
    // no-transform: Backstage's compression middleware must not hold lines back (see logs.ts).
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
  };
  const send = (message: object) => {
    start();
    res.write(`${JSON.stringify(message)}\n`);
    (res as Response & { flush?: () => void }).flush?.();
  };
  let dropped = 0;
  const noteDropped = () => {
    if (dropped === 0) return;
    send({
      line: `[${dropped} line${
        dropped === 1 ? '' : 's'
      } not sent: output came faster than it was read; see the app's log]`,
    });
    dropped = 0;
  };
  const sendLine = (line: string) => {
    start();
    if (res.writableLength > MAX_BUFFERED_RUN_OUTPUT) {
      dropped++;
      return;
    }
    noteDropped();
    send({ line });
  };
  let result: RunResult;
  try {
    result = await run(sendLine);
  } catch (error) {
    if (!res.headersSent) throw error;
    noteDropped();
    send({ error: { name: 'Error', message: (error as Error).message } });
    res.end();
    return;
  }
  noteDropped();
  send({ exitCode: result.exitCode });
  res.end();
}
