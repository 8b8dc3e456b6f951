import { requireApp, type Args } from '../args';
import { lines, request } from '../client';
import type { Connection } from '../connection';
import { CliError } from '../errors';
import type { Io } from '../output';
import { ShownLines } from './shownLines';

type LogLine = { time: string; source: string; line: string };

/**
 * `slipway logs -a <app> [-n <lines>] [--tail] [--json]`: recent lines, or with `--tail` the live
 * stream (server-sent events) until Ctrl-C (exit 130). A dropped stream is reconnected a few times
 * with backoff ("reconnecting…" on stderr), without repeating the lines already shown.
 */
export async function logs(
  args: Args,
  conn: Connection,
  io: Io,
  options: { retryDelaysMs: number[] } = { retryDelaysMs: [1000, 2000, 4000] },
): Promise<number> {
  const app = requireApp(args);
  const query = new URLSearchParams();
  if (args.num) query.set('lines', String(args.num));
  if (!args.tail) {
    const response = await request(conn, 'GET', `/apps/${app}/logs?${query}`, {
      accept: 'text/plain',
    });
    const text = await response.text();
    if (!args.json) io.out(text);
    else
      for (const line of text.split('\n').filter(Boolean))
        io.out(`${JSON.stringify(parsePlain(line))}\n`);
    return 0;
  }
  query.set('follow', 'true');
  const abort = new AbortController();
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    abort.abort();
  };
  process.once('SIGINT', onInterrupt);
  const shown = new ShownLines();
  let retries = 0;
  let connections = 0;
  try {
    for (;;) {
      let failure: unknown;
      const resumed = connections++ > 0;
      try {
        const response = await request(
          conn,
          'GET',
          `/apps/${app}/logs?${query}`,
          { accept: 'text/event-stream', signal: abort.signal },
        );
        for await (const event of lines(response.body!)) {
          if (!event.startsWith('data: ')) continue;
          const line = JSON.parse(event.slice(6)) as LogLine;
          if (shown.repeats(line, resumed)) continue;
          retries = 0;
          io.out(
            args.json
              ? `${JSON.stringify(line)}\n`
              : `${line.time} ${line.source}: ${line.line}\n`,
          );
        }
      } catch (error) {
        // An answer such as 401 or 404 is final; a lost connection or a 5xx is retried.
        if (interrupted || !retriable(error)) throw error;
        failure = error;
      }
      if (interrupted) break;
      // The stream dropped (or ended): reconnect a few times with backoff, like `heroku logs --tail`.
      if (retries >= options.retryDelaysMs.length) {
        if (failure) throw failure;
        break;
      }
      io.err(
        `reconnecting… (${retries + 1}/${options.retryDelaysMs.length})\n`,
      );
      await sleep(options.retryDelaysMs[retries++], abort.signal);
      if (interrupted) break;
    }
  } catch (error) {
    if (!interrupted) throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  return interrupted ? 130 : 0;
}

function retriable(error: unknown): boolean {
  return !(error instanceof CliError) || !error.status || error.status >= 500;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** `<time> <source>: <line>` back into its parts. */
function parsePlain(text: string): LogLine {
  const match = /^(\S+) ([^:]+): (.*)$/s.exec(text);
  return match
    ? { time: match[1], source: match[2], line: match[3] }
    : { time: '', source: '', line: text };
}
