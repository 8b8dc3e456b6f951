/**
 * Latency histograms with logarithmic buckets: mergeable (a per-minute point sums into an hour
 * or a day by adding counts), small (sparse), and a percentile read from one is within 5% of the
 * true value, since each bucket is 10% wide and is read at its geometric middle.
 */
const GROWTH = 1.1;
/** Bucket 0 holds everything under 0.1 ms. */
const SMALLEST_MS = 0.1;
const LAST_BUCKET = 180; // 0.1 ms × 1.1^179 ≈ 45 minutes: longer answers share the last bucket

/** Bucket index → count. */
export type Histogram = Map<number, number>;

export function bucketOf(ms: number): number {
  if (!(ms > SMALLEST_MS)) return 0;
  const index = Math.floor(Math.log(ms / SMALLEST_MS) / Math.log(GROWTH)) + 1;
  return Math.min(index, LAST_BUCKET);
}

/** The value a bucket stands for: the geometric middle of its bounds. */
export function valueOf(bucket: number): number {
  if (bucket <= 0) return SMALLEST_MS / 2;
  const low = SMALLEST_MS * GROWTH ** (bucket - 1);
  return low * Math.sqrt(GROWTH);
}

export function observe(histogram: Histogram, ms: number, count = 1): void {
  const bucket = bucketOf(ms);
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
}

export function merge(into: Histogram, from: Histogram): void {
  for (const [bucket, count] of from)
    into.set(bucket, (into.get(bucket) ?? 0) + count);
}

/** The q-quantile (0 < q ≤ 1) in ms, or undefined for an empty histogram. */
export function quantile(histogram: Histogram, q: number): number | undefined {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return undefined;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket)!;
    if (seen >= rank) return valueOf(bucket);
  }
  return undefined;
}

/** `bucket:count,...`: how the ledger stores a histogram. */
export function encode(histogram: Histogram): string {
  return [...histogram.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, count]) => `${bucket}:${count}`)
    .join(',');
}

/**
 * The inverse of `encode`, also of several encodings joined by commas (their counts add up);
 * malformed parts (never written by encode) are skipped. A hand-written scan: a 7 d read decodes
 * tens of thousands of parts.
 */
export function decodeInto(into: Histogram, text: string): void {
  let bucket = 0;
  let count = 0;
  let digits = 0;
  let inCount = false;
  let bad = false;
  const flush = () => {
    if (!bad && inCount && digits > 0 && count > 0)
      into.set(bucket, (into.get(bucket) ?? 0) + count);
    bucket = 0;
    count = 0;
    digits = 0;
    inCount = false;
    bad = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (inCount) count = count * 10 + (c - 48);
      else bucket = bucket * 10 + (c - 48);
      digits++;
    } else if (c === 58 /* : */ && !inCount && digits > 0) {
      inCount = true;
      digits = 0;
    } else if (c === 44 /* , */) flush();
    else bad = true;
  }
  flush();
}
