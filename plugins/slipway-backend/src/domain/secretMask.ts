import type { LogLine } from '@slipway/plugin-slipway-common';

/** What a secret value is replaced with. */
export const MASK = '***';

/**
 * Values shorter than this are not masked: masking `1` or `on` would garble every line
 * (GitHub Actions has the same problem); such values are not secrets anyway.
 */
export const MIN_MASKED_LENGTH = 3;

/** Replaces every config value in a text with `***`. */
export type Mask = (text: string) => string;

/** Shows text unchanged (for callers who may read config values). */
export const UNMASKED: Mask = text => text;

/**
 * A mask for the values of one or more configs, GitHub Actions' rule: every occurrence of a
 * value becomes `***`, longest values first (so a value containing another is masked whole).
 * A multi-line value (a PEM key) is also masked line by line, so output cut into lines, as logs
 * are, never shows one of its lines either.
 */
export function secretMask(configs: Iterable<Record<string, string>>): Mask {
  const secrets = new Set<string>();
  const add = (text: string) => {
    if (text.length >= MIN_MASKED_LENGTH) secrets.add(text);
  };
  for (const values of configs) {
    for (const value of Object.values(values)) {
      add(value);
      if (/[\r\n]/.test(value)) {
        for (const line of value.split(/\r?\n/)) add(line.trim());
      }
    }
  }
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return UNMASKED;
  return text => {
    let masked = text;
    for (const secret of ordered) {
      if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
    }
    return masked;
  };
}

/** Masks every string in a JSON-like value (e.g. an event's details). */
export function maskJson<T>(value: T, mask: Mask): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map(v => maskJson(v, mask)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, maskJson(v, mask)]),
    ) as T;
  }
  return value;
}

/** Log lines with their text masked, as they come (for following logs too). */
export async function* maskLines(
  lines: AsyncIterable<LogLine>,
  mask: Mask,
): AsyncIterable<LogLine> {
  for await (const line of lines) yield { ...line, line: mask(line.line) };
}
