/** The windows the Metrics tab offers, with a step that keeps each chart near 60–170 points. */
export const RANGES = [
  { id: '1h', label: '1 hour', ms: 3_600_000, step: 60 },
  { id: '24h', label: '24 hours', ms: 24 * 3_600_000, step: 600 },
  { id: '7d', label: '7 days', ms: 7 * 24 * 3_600_000, step: 3_600 },
] as const;

export type RangeId = (typeof RANGES)[number]['id'];

export function rangeOf(id: RangeId) {
  return RANGES.find(r => r.id === id) ?? RANGES[0];
}
