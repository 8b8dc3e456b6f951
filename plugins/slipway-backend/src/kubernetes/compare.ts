/**
 * Compares what Slipway wants with what is live. Only the fields Slipway sets are compared:
 * the API server adds defaults (and other controllers their own fields), which are not differences.
 */
export function differences(
  desired: unknown,
  live: unknown,
  path = '',
): string[] {
  if (desired === undefined) return [];
  // The API server stores an empty map or list as no field at all (e.g. a Secret's `data: {}`).
  if (isEmpty(desired) && (live === undefined || live === null)) return [];
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) {
      return [`${path}: ${short(live)} (expected ${short(desired)})`];
    }
    return desired.flatMap((item, i) =>
      differences(item, live[i], `${path}[${i}]`),
    );
  }
  if (desired !== null && typeof desired === 'object') {
    if (live === null || typeof live !== 'object' || Array.isArray(live)) {
      return [`${path}: ${short(live)} (expected ${short(desired)})`];
    }
    return Object.keys(desired)
      .sort()
      .flatMap(key =>
        differences(
          (desired as Record<string, unknown>)[key],
          (live as Record<string, unknown>)[key],
          path ? `${path}.${key}` : key,
        ),
      );
  }
  if (desired === live) return [];
  if (
    /\.resources\.(limits|requests)\./.test(path) &&
    sameQuantity(desired, live)
  )
    return [];
  return [`${path}: ${short(live)} (expected ${short(desired)})`];
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value)
    ? value.length === 0
    : value !== null &&
        typeof value === 'object' &&
        Object.keys(value).length === 0;
}

function short(value: unknown): string {
  const text = value === undefined ? 'unset' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The API server canonicalizes quantities (`0.5` → `500m`, `1024Mi` → `1Gi`); compare their values. */
function sameQuantity(a: unknown, b: unknown): boolean {
  const value = (q: unknown) => {
    const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q));
    return match && match[2] in SUFFIX
      ? Number(match[1]) * SUFFIX[match[2]]
      : NaN;
  };
  const x = value(a);
  const y = value(b);
  return Number.isFinite(x) && Math.abs(x - y) <= Math.abs(x) * 1e-9;
}
