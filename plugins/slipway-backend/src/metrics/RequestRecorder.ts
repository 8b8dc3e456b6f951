import { encode, observe, type Histogram } from './histogram';
import {
  minuteOf,
  statusClass,
  type RequestPoint,
  type RequestSample,
  type StatusClass,
} from './types';

/** Points kept for a retry at most (a database away for long loses the oldest). */
const MAX_RETRIED = 100_000;

type Bucket = {
  statuses: Record<StatusClass, number>;
  bytesOut: number;
  latency: Histogram;
};

/**
 * Counts requests in process, per app and minute, so that a router's hot path only adds to a
 * map; `drain()` hands what accumulated to the writer, which stores it as one batch.
 * Memory is bounded by apps × minutes between drains (one drain a minute keeps it at two).
 */
export class RequestRecorder {
  private buckets = new Map<string, Bucket>();

  readonly record = (sample: RequestSample): void => {
    const key = `${sample.app}\n${minuteOf(sample.at)}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = {
        statuses: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
        bytesOut: 0,
        latency: new Map(),
      };
      this.buckets.set(key, bucket);
    }
    bucket.statuses[statusClass(sample.status)] += 1;
    bucket.bytesOut += sample.bytesOut;
    observe(bucket.latency, sample.durationMs);
  };

  /** Everything recorded since the last drain (and what failed to be written), as ledger points. */
  drain(): RequestPoint[] {
    const buckets = this.buckets;
    const retried = this.retry;
    this.buckets = new Map();
    this.retry = [];
    return [
      ...retried,
      ...[...buckets.entries()].map(([key, bucket]) => {
        const [app, minute] = key.split('\n');
        return {
          app,
          minute: Number(minute),
          statuses: bucket.statuses,
          bytesOut: bucket.bytesOut,
          latency: encode(bucket.latency),
        };
      }),
    ];
  }

  /**
   * Keeps points whose write failed for the next drain (rows of a minute are summed, so writing
   * them later is the same as writing them now). Bounded: a database away for long loses the oldest.
   */
  retryLater(points: RequestPoint[]): void {
    this.retry = [...this.retry, ...points].slice(-MAX_RETRIED);
  }

  private retry: RequestPoint[] = [];
}
