import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AccessLogEntry,
  CapturedLogLine,
} from '@slipway/plugin-slipway-node';
import type { Ledger, NewLogLine } from '../../ledger';
import { routerLine } from './routerLine';

export type LogRetention = {
  /** Lines kept per app (`slipway.logs.retain.lines`). */
  maxLines: number;
  /** Bytes of line text kept per app (`slipway.logs.retain.bytes`). */
  maxBytes: number;
};

/**
 * Lines waiting for their batch beyond this are dropped (a stuck database must not eat memory),
 * the oldest of the app with the most waiting: one app's flood never evicts another's lines.
 */
const MAX_PENDING = 50_000;
/** Characters of line text waiting, likewise: 50 000 lines of 16 KiB would be 800 MB. */
const MAX_PENDING_CHARS = 32 * 1024 * 1024;
const FLUSH_MS = 250;
const BATCH = 2000;

/** A FIFO whose `shift` is O(1) (a flood drops a line per line added). */
class AppQueue {
  private lines: NewLogLine[] = [];
  private head = 0;
  /** Characters of line text queued. */
  chars = 0;

  get size(): number {
    return this.lines.length - this.head;
  }

  push(line: NewLogLine): void {
    this.lines.push(line);
    this.chars += line.line.length;
  }

  /** Drops the oldest line; returns its characters. */
  shift(): number {
    const chars = this.lines[this.head].line.length;
    this.chars -= chars;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.lines.length) this.compact();
    return chars;
  }

  take(count: number): NewLogLine[] {
    const taken = this.lines.slice(this.head, this.head + count);
    this.head += taken.length;
    for (const line of taken) this.chars -= line.line.length;
    this.compact();
    return taken;
  }

  private compact(): void {
    this.lines = this.lines.slice(this.head);
    this.head = 0;
  }
}

/**
 * Retains what runtimes and routers capture: lines are queued (capture never waits for the
 * database) and written in batches, then each app written to is pruned to its bound.
 */
export class LogRetainer {
  /** Per app, in the order captured: an app's lines stay in order, apps are bounded apart. */
  private pending = new Map<string, AppQueue>();
  private pendingCount = 0;
  private pendingChars = 0;
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  /** Lines lost to a full queue or a failed write since the start. */
  dropped = 0;

  constructor(
    private readonly options: {
      ledger: Pick<Ledger, 'logs'>;
      logger: LoggerService;
      retention: LogRetention;
      flushMs?: number;
      /** Every line as it is queued (the drains); must not block. */
      onLine?: (line: NewLogLine) => void;
    },
  ) {}

  /** A line of a process's output or of the runtime about a process. */
  captured(app: string, line: CapturedLogLine): void {
    this.add({
      app,
      time: line.time,
      kind: line.kind,
      source: line.source,
      ...(line.release !== undefined ? { release: line.release } : {}),
      line: line.line,
    });
  }

  /** The router's line for one request. */
  request(entry: AccessLogEntry): void {
    this.add({
      app: entry.app,
      time: entry.time,
      kind: 'router',
      source: 'router',
      line: routerLine(entry),
    });
  }

  add(line: NewLogLine): void {
    if (this.closed) return;
    this.options.onLine?.(line);
    let queue = this.pending.get(line.app);
    if (!queue) this.pending.set(line.app, (queue = new AppQueue()));
    queue.push(line);
    this.pendingCount++;
    this.pendingChars += line.line.length;
    // More than the app keeps (lines or bytes) would be pruned right after being written.
    const { maxLines, maxBytes } = this.options.retention;
    while (queue.size > maxLines || (queue.size > 1 && queue.chars > maxBytes))
      this.dropOldest(queue);
    if (this.pendingCount > MAX_PENDING) {
      let longest = queue;
      for (const other of this.pending.values())
        if (other.size > longest.size) longest = other;
      this.dropOldest(longest);
    }
    while (this.pendingChars > MAX_PENDING_CHARS) {
      let largest = queue;
      for (const other of this.pending.values())
        if (other.chars > largest.chars) largest = other;
      if (largest.size === 0) break;
      this.dropOldest(largest);
    }
    if (this.pendingCount >= BATCH) this.flushSoon(0);
    else this.flushSoon(this.options.flushMs ?? FLUSH_MS);
  }

  /** An app being deleted (or recreated) loses what is still queued for it. */
  forget(app: string): void {
    this.pendingCount -= this.pending.get(app)?.size ?? 0;
    this.pendingChars -= this.pending.get(app)?.chars ?? 0;
    this.pending.delete(app);
  }

  private dropOldest(queue: AppQueue): void {
    this.pendingChars -= queue.shift();
    this.pendingCount--;
    this.dropped++;
  }

  /** Up to `BATCH` queued lines, app by app (each app's in order). */
  private take(): NewLogLine[] {
    const batch: NewLogLine[] = [];
    for (const [app, queue] of this.pending) {
      const before = queue.chars;
      batch.push(...queue.take(BATCH - batch.length));
      this.pendingChars -= before - queue.chars;
      if (queue.size === 0) this.pending.delete(app);
      if (batch.length >= BATCH) break;
    }
    this.pendingCount -= batch.length;
    return batch;
  }

  /** Writes everything queued so far; resolves once it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  /** Writes what is queued and accepts no more (backend shutdown). */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private flushSoon(ms: number) {
    if (this.timer && ms > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
    this.timer.unref?.();
  }

  private async write(): Promise<void> {
    while (this.pendingCount > 0) {
      const batch = this.take();
      const { ledger, logger, retention } = this.options;
      try {
        await ledger.logs.append(batch);
        for (const app of new Set(batch.map(line => line.app)))
          await ledger.logs.prune(app, retention.maxLines, retention.maxBytes);
      } catch (error) {
        // The process and the router go on; what could not be stored is counted as lost.
        this.dropped += batch.length;
        logger.warn(`Could not retain ${batch.length} log lines: ${error}`);
      }
    }
  }
}
