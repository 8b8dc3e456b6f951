import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MetricStore } from '../ledger/MetricStore';
import type { RequestRecorder } from './RequestRecorder';

/**
 * Moves what the recorder counted into the ledger, one batch per flush (a scheduled task), and
 * prunes points past the retention. A failed write keeps its points for the next flush.
 */
export class MetricsWriter {
  constructor(
    private readonly deps: {
      recorder: RequestRecorder;
      store: () => MetricStore;
      retentionDays: number;
      logger?: LoggerService;
      now?: () => Date;
    },
  ) {}

  async flush(): Promise<number> {
    const points = this.deps.recorder.drain();
    if (points.length === 0) return 0;
    try {
      await this.deps.store().insertRequests(points);
      return points.length;
    } catch (error) {
      this.deps.recorder.retryLater(points);
      this.deps.logger?.warn(
        `Could not store ${points.length} metric point(s), retrying with the next flush: ${error}`,
      );
      return 0;
    }
  }

  /** Drops points older than the retention; returns how many rows went. */
  async prune(): Promise<number> {
    const now = (this.deps.now?.() ?? new Date()).getTime();
    const oldest = Math.floor(now / 60_000) - this.deps.retentionDays * 1440;
    return this.deps.store().pruneBefore(oldest);
  }
}
