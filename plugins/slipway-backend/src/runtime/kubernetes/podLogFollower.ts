import type { LoggerService } from '@backstage/backend-plugin-api';
import type { CapturedLogLine } from '@slipway/plugin-slipway-node';
import type { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import { LABEL_TYPE, releaseOf } from '../../kubernetes/names';
import { lineSplitter } from '../local/AppLog';
import { toLogLine } from './pods';

/** A line longer than this is cut (like the local runtime's). */
const MAX_LINE = 16 * 1024;
/** A stream that ended sooner than this after it opened is reopened after a growing pause. */
const QUICK_END_MS = 5_000;
const MAX_BACKOFF_MS = 30_000;

/** Where a pod's retained output ends: its newest line's time and how many lines have that time. */
export type LogCursor = { time: string; count: number };

/**
 * Admits each line once: a line older than the cursor, or one of the lines at the cursor's time
 * already kept, was retained before (the kubelet's `sinceTime` counts whole seconds, so a reopened
 * stream repeats some). Times are the kubelet's `timestamps=true` times, to the millisecond.
 */
export class OutputCursor {
  private seenAtTime = 0;

  constructor(private at?: LogCursor) {}

  /** Before reading the kubelet again: its lines at the cursor's time come again. */
  reread(): void {
    this.seenAtTime = 0;
  }

  admit(time: string): boolean {
    if (!this.at || time > this.at.time) {
      this.at = { time, count: 1 };
      this.seenAtTime = 1;
      return true;
    }
    if (time < this.at.time) return false;
    this.seenAtTime++;
    if (this.seenAtTime <= this.at.count) return false;
    this.at.count++;
    return true;
  }

  /** The `sinceTime` to ask for: the cursor's second (the API takes whole seconds). */
  sinceTime(): string | undefined {
    return this.at ? `${this.at.time.slice(0, 19)}Z` : undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function restartsOf(pod: KubeObject): number {
  const type = pod.metadata.labels?.[LABEL_TYPE];
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const status = statuses.find(s => s.name === type) ?? statuses[0];
  return status?.restartCount ?? 0;
}

/**
 * Follows the output of one pod's app container for as long as the pod lives, telling each line
 * once (with its time, process, instance and release): the stream is reopened from the cursor when
 * it ends (a dropped connection, an API server timeout, a restarted container), and the previous
 * run's log is read first when the container restarted meanwhile (its last lines, or a whole short
 * run of a crash loop).
 */
export class PodLogFollower {
  private readonly controller = new AbortController();
  private readonly cursor: OutputCursor;
  private readonly release: number;
  private readonly container: string;
  readonly done: Promise<void>;

  constructor(
    private readonly options: {
      client: KubeClient;
      namespace: string;
      pod: KubeObject;
      cursor?: LogCursor;
      onLine: (line: CapturedLogLine) => void;
      logger: LoggerService;
    },
  ) {
    this.cursor = new OutputCursor(options.cursor);
    this.release = releaseOf(options.pod.metadata.labels);
    this.container = options.pod.metadata.labels![LABEL_TYPE];
    this.done = this.run().catch(error =>
      options.logger.warn(
        `Stopped following the log of pod ${options.namespace}/${options.pod.metadata.name}: ${error}`,
      ),
    );
  }

  get name(): string {
    return this.options.pod.metadata.name;
  }

  /** Stops following; resolves once the stream is closed. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
  }

  private async run(): Promise<void> {
    const { client, namespace } = this.options;
    const signal = this.controller.signal;
    let restarts = restartsOf(this.options.pod);
    let backoff = 1000;
    while (!signal.aborted) {
      const opened = Date.now();
      const gone = await this.read({ follow: true });
      if (signal.aborted || gone) return;
      // Ended: the connection dropped, the container exited, or the pod finished.
      const pod = await client
        .read('v1', 'Pod', namespace, this.name)
        .catch(() => this.options.pod);
      if (!pod) return;
      if (restartsOf(pod) > restarts) {
        // The run that ended (or the last of several short ones): what it printed after our last read.
        await this.read({ previous: true });
        restarts = restartsOf(pod);
      }
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        await this.read({});
        return;
      }
      if (Date.now() - opened < QUICK_END_MS) {
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } else backoff = 1000;
    }
  }

  /** Reads the container's log from the cursor on; true when the pod is gone. */
  private async read(how: {
    follow?: boolean;
    previous?: boolean;
  }): Promise<boolean> {
    const { client, namespace, pod } = this.options;
    this.cursor.reread();
    let stream: NodeJS.ReadableStream;
    try {
      const sinceTime = this.cursor.sinceTime();
      stream = await client.podLog(namespace, this.name, this.container, {
        ...how,
        ...(sinceTime ? { sinceTime } : {}),
        timestamps: true,
        signal: this.controller.signal,
      });
    } catch (error) {
      // Gone (404); or not running now (400: waiting in a crash loop, no previous run): tried again later.
      return (error as { status?: number }).status === 404;
    }
    const splitter = lineSplitter(text => {
      if (text === '') return;
      const line = toLogLine(pod, text);
      // A kubelet whose previous container is already gone answers 200 with this instead of a log.
      if (
        how.previous &&
        line.line.startsWith('unable to retrieve container logs')
      )
        return;
      if (!this.cursor.admit(line.time)) return;
      this.options.onLine({
        ...line,
        line:
          line.line.length > MAX_LINE
            ? `${line.line.slice(0, MAX_LINE)}…`
            : line.line,
        kind: 'app',
        release: this.release,
      });
    });
    try {
      for await (const chunk of stream) splitter.push(chunk as Buffer);
    } catch {
      // A dropped connection: reopened from the cursor.
    }
    splitter.flush();
    return false;
  }
}
