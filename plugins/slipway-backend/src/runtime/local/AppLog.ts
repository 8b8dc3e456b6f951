import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { LogLine } from '@slipway/plugin-slipway-common';
import type { CapturedLogLine, LogOptions } from '@slipway/plugin-slipway-node';

const MAX_LINE = 16 * 1024;
const TAIL_BYTES = 512 * 1024;
const MAX_FOLLOW_BACKLOG = 10_000;
const FILE_LINE = /^(\S+) ([^\s:]+): (.*)$/;

/**
 * One app's log: the newest lines in memory (a bounded ring) for fast reads and
 * `follow`, and every line appended to `<dataDir>/logs/<app>/current.log`, whose tail is
 * read back when the backend starts again.
 */
export class AppLog {
  private ring: LogLine[];
  private readonly listeners = new Set<(line: LogLine) => void>();
  private stream?: fs.WriteStream;
  private fileBytes = 0;
  private readonly file: string;
  private closed = false;
  private readonly wakers = new Set<() => void>();

  constructor(
    dir: string,
    private readonly maxLines: number,
    private readonly maxFileBytes: number,
    /** Every line as it is appended (the platform retains them). */
    private readonly onAppend?: (line: CapturedLogLine) => void,
  ) {
    this.file = path.join(dir, 'current.log');
    this.ring = readTail(this.file, maxLines);
  }

  /** Appends a line; `meta` says whether the process printed it (default) or the runtime, and under which release. */
  append(
    source: string,
    text: string,
    meta: { kind?: CapturedLogLine['kind']; release?: number } = {},
  ): void {
    const line: LogLine = {
      time: new Date().toISOString(),
      source,
      line: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text,
    };
    this.ring.push(line);
    if (this.ring.length > this.maxLines * 2)
      this.ring = this.ring.slice(-this.maxLines);
    this.write(`${line.time} ${line.source}: ${line.line}\n`);
    for (const listener of this.listeners) listener(line);
    this.onAppend?.({
      ...line,
      kind: meta.kind ?? 'app',
      release: meta.release,
    });
  }

  /** The last `lines` lines (of process type `type`), oldest first; with `follow`, then new lines until `signal` aborts. */
  async *read(options: LogOptions): AsyncGenerator<LogLine> {
    const { type, follow, signal } = options;
    const wanted = (line: LogLine) =>
      !type || typeOfSource(line.source) === type;
    const backlog: LogLine[] = [];
    let wake: (() => void) | undefined;
    const listener = (line: LogLine) => {
      if (!wanted(line)) return;
      backlog.push(line);
      if (backlog.length > MAX_FOLLOW_BACKLOG) backlog.shift();
      wake?.();
    };
    // Snapshot and subscribe in the same tick: no line is missed or repeated.
    const matching = this.ring.slice(-this.maxLines).filter(wanted);
    const count = Math.max(0, Math.floor(options.lines ?? 100));
    const snapshot = count === 0 ? [] : matching.slice(-count);
    if (follow) this.listeners.add(listener);
    const onAbort = () => wake?.();
    const nextLine = () =>
      new Promise<void>(resolve => {
        wake = resolve;
      });
    signal?.addEventListener('abort', onAbort);
    this.wakers.add(onAbort);
    try {
      yield* snapshot;
      while (follow && !signal?.aborted && !this.closed) {
        const next = backlog.shift();
        if (next) {
          yield next;
          continue;
        }
        await nextLine();
        wake = undefined;
      }
    } finally {
      this.listeners.delete(listener);
      this.wakers.delete(onAbort);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Ends following readers' waits and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wakeUp of this.wakers) wakeUp();
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>(resolve => stream.end(resolve));
  }

  /** Appends to the file; a file problem never stops the in-memory log (the next line retries). */
  private write(text: string): void {
    try {
      if (!this.stream) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.fileBytes =
          fs.statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
        this.stream = this.open();
      }
      if (this.maxFileBytes > 0 && this.fileBytes > this.maxFileBytes) {
        // Renaming keeps the open stream writing its last lines into the rotated file.
        this.stream.end();
        fs.renameSync(this.file, `${this.file}.1`);
        this.stream = this.open();
        this.fileBytes = 0;
      }
      this.fileBytes += Buffer.byteLength(text);
      this.stream.write(text);
    } catch {
      this.stream = undefined;
    }
  }

  /** Opened synchronously, so the file exists at once (rotation renames it). */
  private open(): fs.WriteStream {
    const stream = fs.createWriteStream(this.file, {
      fd: fs.openSync(this.file, 'a'),
    });
    stream.on('error', () => {
      if (this.stream === stream) this.stream = undefined;
    });
    return stream;
  }
}

/** `web.1` → `web`; sources without a number (`slipway`) are their own type. */
export function typeOfSource(source: string): string {
  const dot = source.lastIndexOf('.');
  return dot > 0 ? source.slice(0, dot) : source;
}

/**
 * Splits a byte stream into lines, holding back an unfinished last line. A line longer than
 * MAX_LINE is told once, cut (`…`), and the rest of it up to its newline is dropped: a rest told
 * as lines of its own would start with text the app chose (read as the kubelet's timestamp on
 * Kubernetes) and would split whatever the cut fell in (a secret no mask then matches).
 */
export function lineSplitter(onLine: (line: string) => void) {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let cut = false;
  return {
    push(chunk: Buffer | string) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop() ?? '';
      if (cut && lines.length > 0) {
        lines.shift(); // the rest of the line that was cut
        cut = false;
      }
      if (cut) partial = '';
      else if (partial.length > MAX_LINE) {
        lines.push(`${partial.slice(0, MAX_LINE)}…`);
        partial = '';
        cut = true;
      }
      lines.forEach(onLine);
    },
    flush() {
      const rest = partial + decoder.end();
      if (rest && !cut) onLine(rest);
      partial = '';
      cut = false;
    },
  };
}

function readTail(file: string, maxLines: number): LogLine[] {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (length < size) lines.shift(); // probably cut in the middle
    return lines
      .map(text => FILE_LINE.exec(text))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(m => ({ time: m[1], source: m[2], line: m[3] }))
      .slice(-maxLines);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
