import { ServiceUnavailableError } from '@backstage/errors';

/** One series of a range query: its labels and `[unix seconds, "value"]` pairs. */
export type RangeSeries = {
  metric: Record<string, string>;
  values: Array<[number, string]>;
};

/** A range of evaluation instants: `start`, `start + step`, … up to `end` (unix seconds). */
export type RangeInstants = { start: number; end: number; step: number };

/**
 * Asks a Prometheus's HTTP API (`/api/v1/query_range`). Whatever goes wrong (no answer, a timeout,
 * an error status, an answer that is not a matrix) becomes a 503 that says Prometheus failed,
 * without its address or answer; the detail goes to `log`.
 */
export class PrometheusClient {
  constructor(
    private readonly options: {
      url: string;
      timeoutMs: number;
      log: (message: string) => void;
      fetch?: typeof fetch;
    },
  ) {}

  async queryRange(
    query: string,
    range: RangeInstants,
  ): Promise<RangeSeries[]> {
    const body = new URLSearchParams({
      query,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
      timeout: `${Math.floor(this.options.timeoutMs / 1000)}s`,
    });
    const fetchFn = this.options.fetch ?? fetch;
    let status = 0;
    let answer: any;
    try {
      const res = await fetchFn(`${this.options.url}/api/v1/query_range`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.status;
      answer = await res.json().catch(() => undefined);
    } catch (error) {
      return this.fail(
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs / 1000} s`
          : 'it could not be reached',
        `${query}: ${error}`,
      );
    }
    if (answer?.status !== 'success')
      return this.fail(
        answer?.errorType
          ? `it refused the query (${answer.errorType})`
          : `it answered HTTP ${status}`,
        `${query}: HTTP ${status} ${answer?.errorType ?? ''} ${
          answer?.error ?? ''
        }`,
      );
    if (
      answer.data?.resultType !== 'matrix' ||
      !Array.isArray(answer.data.result)
    )
      return this.fail('its answer was not a range of series', query);
    return answer.data.result as RangeSeries[];
  }

  private fail(reason: string, detail: string): never {
    this.options.log(`Prometheus query failed (${reason}): ${detail}`);
    throw new ServiceUnavailableError(
      `Metrics are unavailable: the Prometheus of slipway.metrics.prometheus failed, ${reason}`,
    );
  }
}
