import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';
import { parseFeedLine } from './parseFeedLine';

/** Lines waiting to be handled; beyond this a line is dropped (and counted), never queued. */
const QUEUE_LIMIT = 10_000;
/** Lines handled per turn of the event loop, so a burst never holds the backend up. */
const BATCH = 500;

export type FeedStats = {
  /** Router lines handed to the listeners. */
  delivered: number;
  /** Lines dropped because they came faster than they were handled. */
  dropped: number;
  /** Datagrams that were not a router line with the right secret. */
  rejected: number;
};

/**
 * Receives nginx's access log over syslog on a loopback UDP port and hands each request's line
 * to the listeners. Memory is bounded: the kernel's socket buffer, then at most QUEUE_LIMIT
 * lines; what does not fit is dropped and counted (a log feed never slows nginx or the backend).
 */
export class AccessLogFeed {
  private socket?: dgram.Socket;
  private readonly queue: Buffer[] = [];
  private scheduled = false;
  private readonly counts: FeedStats = {
    delivered: 0,
    dropped: 0,
    rejected: 0,
  };

  constructor(
    private readonly port: number,
    private readonly secret: string,
    private readonly deliver: (entry: AccessLogEntry) => void,
  ) {}

  /** Binds 127.0.0.1:port (UDP); throws when it cannot (the port taken, say). */
  async start(): Promise<void> {
    const socket = dgram.createSocket({ type: 'udp4' });
    const key = Buffer.from(this.secret);
    socket.on('message', (datagram, from) => {
      // Bound to loopback; anything else is not nginx.
      if (from.address !== '127.0.0.1') {
        this.counts.rejected++;
        return;
      }
      if (this.queue.length >= QUEUE_LIMIT) {
        this.counts.dropped++;
        return;
      }
      this.queue.push(datagram);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain(key));
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => undefined);
    this.socket = socket;
  }

  stats(): FeedStats {
    return { ...this.counts };
  }

  /** Datagrams the kernel dropped because the socket's buffer was full (Linux; 0 elsewhere). */
  async kernelDrops(): Promise<number> {
    const table = await fs.readFile('/proc/net/udp', 'utf8').catch(() => '');
    const local = `0100007F:${this.port
      .toString(16)
      .toUpperCase()
      .padStart(4, '0')}`;
    const row = table.split('\n').find(l => l.trim().split(/\s+/)[1] === local);
    return Number(row?.trim().split(/\s+/).at(-1) ?? 0) || 0;
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket)
      await new Promise<void>(resolve => socket.close(() => resolve()));
  }

  private drain(key: Buffer): void {
    const batch = this.queue.splice(0, BATCH);
    for (const datagram of batch) {
      const entry = parseFeedLine(datagram, key);
      if (!entry) {
        this.counts.rejected++;
        continue;
      }
      try {
        this.deliver(entry);
        this.counts.delivered++;
      } catch {
        // A listener's failure never stops the feed.
      }
    }
    this.scheduled = this.queue.length > 0;
    if (this.scheduled) setImmediate(() => this.drain(key));
  }
}
