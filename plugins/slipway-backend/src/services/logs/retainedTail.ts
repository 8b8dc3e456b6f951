import type { LogLine } from '@slipway/plugin-slipway-common';
import type { Ledger } from '../../ledger';

/**
 * The last `lines` retained lines of an app (of one process type), oldest first: what a live
 * stream starts with where the runtime's own tail holds only its current processes' lines
 * (Kubernetes: a crashed container's previous run, a replaced pod).
 */
export async function retainedTail(
  ledger: Pick<Ledger, 'logs'>,
  app: string,
  lines: number,
  type?: string,
): Promise<LogLine[]> {
  const page = await ledger.logs.list(
    app,
    type ? { processType: type } : {},
    'desc',
    { limit: lines },
  );
  return page.items
    .reverse()
    .map(({ time, source, line }) => ({ time, source, line }));
}

/**
 * `first`, then what `rest` yields, less the lines `first` already held (same time, source and
 * text, each once): on Kubernetes the running pods' output is retained too, so the runtime's own
 * tail repeats the newest retained lines.
 */
export async function* startingWith(
  first: LogLine[],
  rest: AsyncIterable<LogLine>,
): AsyncIterable<LogLine> {
  yield* first;
  const shown = new Map<string, number>();
  for (const line of first) {
    const key = keyOf(line);
    shown.set(key, (shown.get(key) ?? 0) + 1);
  }
  for await (const line of rest) {
    if (shown.size > 0) {
      const key = keyOf(line);
      const count = shown.get(key);
      if (count !== undefined) {
        if (count > 1) shown.set(key, count - 1);
        else shown.delete(key);
        continue;
      }
    }
    yield line;
  }
}

function keyOf(line: LogLine): string {
  return `${line.time}\0${line.source}\0${line.line}`;
}
