import {
  decodeInto,
  encode,
  merge,
  observe,
  quantile,
  type Histogram,
} from './histogram';

describe('latency histograms', () => {
  it('read percentiles within 5% of the true values, also after encoding and merging', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 0.5 + i * 2.3);
    const a: Histogram = new Map();
    const b: Histogram = new Map();
    values.forEach((v, i) => observe(i % 2 ? a : b, v));
    const merged: Histogram = new Map();
    decodeInto(merged, encode(a));
    merge(merged, b);
    for (const q of [0.5, 0.95, 0.99]) {
      const truth = values[Math.ceil(q * values.length) - 1];
      const read = quantile(merged, q)!;
      expect(Math.abs(read - truth) / truth).toBeLessThan(0.05);
    }
  });

  it('has no percentile without values and keeps extremes in the end buckets', () => {
    expect(quantile(new Map(), 0.5)).toBeUndefined();
    const h: Histogram = new Map();
    observe(h, 0);
    observe(h, 1e12);
    expect(quantile(h, 0.5)).toBeLessThan(0.1);
    expect(quantile(h, 1)).toBeGreaterThan(40 * 60_000); // the last bucket: 45 minutes
    expect(encode(h)).toBe('0:1,180:1');
  });

  it('decodes several encodings joined by commas as their sum and skips malformed parts', () => {
    const h: Histogram = new Map();
    decodeInto(h, '3:2,10:1,3:5,x:1,4:,:2,5:0,12:1y,7:3');
    expect([...h.entries()].sort(([a], [b]) => a - b)).toEqual([
      [3, 7],
      [7, 3],
      [10, 1],
    ]);
  });
});
