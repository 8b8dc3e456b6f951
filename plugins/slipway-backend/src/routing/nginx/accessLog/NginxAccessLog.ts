import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';
import type { NginxOptions } from '../options';
import { AccessLogFeed, type FeedStats } from './AccessLogFeed';
import { installFeedFormat } from './feedFiles';

/**
 * The nginx router's line per request: the include file with the secret (before the first
 * `nginx -t`), and one loopback feed, bound when the first listener comes, for all listeners.
 */
export class NginxAccessLog {
  private readonly listeners = new Set<(entry: AccessLogEntry) => void>();
  private secret?: Promise<string>;
  private feed?: Promise<AccessLogFeed | undefined>;
  private lastDrops = 0;
  private watch?: NodeJS.Timeout;

  constructor(
    private readonly options: NginxOptions,
    private readonly logger: LoggerService,
  ) {}

  /** Writes the feed's include file (nginx.conf includes it when the feed is on). */
  async install(): Promise<void> {
    if (this.options.accessLogPort === undefined) return;
    this.secret ??= installFeedFormat(this.options.configDir).catch(error => {
      this.secret = undefined;
      throw error;
    });
    await this.secret;
  }

  subscribe(listener: (entry: AccessLogEntry) => void): () => void {
    this.listeners.add(listener);
    if (this.options.accessLogPort !== undefined) this.feed ??= this.start();
    return () => this.listeners.delete(listener);
  }

  /** What the feed delivered, dropped and rejected so far (undefined when it is off). */
  async stats(): Promise<(FeedStats & { kernelDropped: number }) | undefined> {
    const feed = await this.feed;
    return feed && { ...feed.stats(), kernelDropped: await feed.kernelDrops() };
  }

  async close(): Promise<void> {
    clearInterval(this.watch);
    const feed = await this.feed;
    this.feed = undefined;
    await feed?.close();
  }

  private async start(): Promise<AccessLogFeed | undefined> {
    const port = this.options.accessLogPort!;
    try {
      await this.install();
      const feed = new AccessLogFeed(port, await this.secret!, entry =>
        this.listeners.forEach(listener => listener(entry)),
      );
      await feed.start();
      this.watch = setInterval(() => this.reportDrops(feed), 60_000);
      this.watch.unref();
      return feed;
    } catch (error) {
      this.logger.warn(
        `nginx router: no router lines or request metrics, could not listen on udp 127.0.0.1:${port}: ${error}`,
      );
      return undefined;
    }
  }

  /** A feed that loses lines says so, once a minute at most. */
  private async reportDrops(feed: AccessLogFeed): Promise<void> {
    const { dropped } = feed.stats();
    const total = dropped + (await feed.kernelDrops());
    if (total > this.lastDrops) {
      this.logger.warn(
        `nginx router: ${
          total - this.lastDrops
        } router lines dropped in the last minute (they came faster than they were handled)`,
      );
    }
    this.lastDrops = total;
  }
}
