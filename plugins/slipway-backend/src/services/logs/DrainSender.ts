import https from 'node:https';
import net, { isIP } from 'node:net';
import tls from 'node:tls';
import type { DrainTarget } from '../../domain/drainUrl';
import type { NewLogLine } from '../../ledger';
import {
  addressProblem,
  guardedLookup,
  type DrainAddressPolicy,
} from './drainAddresses';
import { jsonLine, syslogFrame } from './drainFormat';

const BATCH = 500;
const MAX_BACKOFF_MS = 30_000;
const TIMEOUT_MS = 10_000;
/**
 * Characters of line text held per drain, whatever `buffer` says: lines are up to 16 KiB, so
 * 10,000 of them held for a receiver that never reads would pin 160 MB of the backend per drain.
 */
const MAX_QUEUED_CHARS = 4 * 1024 * 1024;

export type DrainSenderOptions = {
  url: string;
  target: DrainTarget;
  policy: DrainAddressPolicy;
  /** Lines held while the drain is slow or down; beyond it the oldest are dropped. */
  buffer: number;
  /** Extra CAs to trust (tests' own); the system's are trusted anyway. */
  ca?: string;
};

/**
 * Sends one drain's lines in order, in batches, from a bounded queue: a drain that is down
 * never slows the app or the router (`push` only queues), it only loses the oldest lines once
 * the queue is full (`dropped` counts them). A failed batch is retried with backoff.
 */
export class DrainSender {
  private queue: NewLogLine[] = [];
  private queuedChars = 0;
  private running = false;
  private closed = false;
  private socket?: net.Socket;
  private backoffMs = 0;
  private wake?: () => void;
  dropped = 0;
  sent = 0;
  lastError?: string;

  constructor(private readonly options: DrainSenderOptions) {}

  push(line: NewLogLine): void {
    if (this.closed) return;
    this.queue.push(line);
    this.queuedChars += line.line.length;
    while (
      this.queue.length > this.options.buffer ||
      (this.queuedChars > MAX_QUEUED_CHARS && this.queue.length > 1)
    ) {
      this.queuedChars -= this.queue.shift()!.line.length;
      this.dropped++;
    }
    if (!this.running) void this.run();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.queuedChars = 0;
    this.socket?.destroy();
    this.wake?.();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const batch = this.queue.slice(0, BATCH);
        try {
          await (this.options.target.protocol === 'https'
            ? this.post(batch)
            : this.write(batch));
          // Sent: off the queue (lines dropped meanwhile were older ones at its head).
          const gone = Math.min(
            batch.length,
            this.queue.indexOf(batch[batch.length - 1]) + 1,
          );
          for (const sent of this.queue.splice(0, gone))
            this.queuedChars -= sent.line.length;
          this.sent += batch.length;
          this.backoffMs = 0;
          this.lastError = undefined;
        } catch (error) {
          this.lastError = (error as Error).message;
          this.socket?.destroy();
          this.socket = undefined;
          this.backoffMs = Math.min(
            MAX_BACKOFF_MS,
            this.backoffMs ? this.backoffMs * 2 : 250,
          );
          await new Promise<void>(resolve => {
            this.wake = resolve;
            setTimeout(resolve, this.backoffMs).unref?.();
          });
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Literal IP hosts skip `lookup`: checked here, like resolved names are in guardedLookup. */
  private checkLiteral(): void {
    const { host, port } = this.options.target;
    const problem = isIP(host)
      ? addressProblem(this.options.policy, host, port)
      : undefined;
    if (problem) throw new Error(`drain refused: ${problem}`);
  }

  private async write(batch: NewLogLine[]): Promise<void> {
    const socket = this.socket ?? (await this.connect());
    const text = batch.map(syslogFrame).join('');
    await new Promise<void>((resolve, reject) => {
      socket.write(text, error => (error ? reject(error) : resolve()));
    });
  }

  private connect(): Promise<net.Socket> {
    this.checkLiteral();
    const { target, policy, ca } = this.options;
    const common = {
      host: target.host,
      port: target.port,
      lookup: guardedLookup(policy, target.port),
      timeout: TIMEOUT_MS,
    };
    return new Promise((resolve, reject) => {
      const socket =
        target.protocol === 'syslog+tls'
          ? tls.connect({
              ...common,
              servername: isIP(target.host) ? undefined : target.host,
              ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
            })
          : net.connect(common);
      const ready =
        target.protocol === 'syslog+tls' ? 'secureConnect' : 'connect';
      socket.once(ready, () => {
        socket.setTimeout(0);
        socket.removeListener('error', reject);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => {
          if (this.socket === socket) this.socket = undefined;
        });
        // A syslog receiver says nothing; what it sends is ignored.
        socket.resume();
        this.socket = socket;
        resolve(socket);
      });
      socket.once('error', reject);
      socket.once('timeout', () =>
        socket.destroy(new Error('connect timeout')),
      );
    });
  }

  private post(batch: NewLogLine[]): Promise<void> {
    this.checkLiteral();
    const { url, target, policy, ca } = this.options;
    const body = `${batch.map(jsonLine).join('\n')}\n`;
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-ndjson',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'slipway-log-drain',
          },
          lookup: guardedLookup(policy, target.port),
          timeout: TIMEOUT_MS,
          ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
          // One connection per batch: a kept-alive socket would skip the lookup's check.
          agent: false,
        },
        res => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`the drain answered ${status}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }
}
