import type { LogLine } from '@slipway/plugin-slipway-common';

/** How a line longer than the logs keep ends (see lineSplitter). */
const CUT = '…';

/** What a secret value is replaced with. */
export const MASK = '***';

/**
 * Values shorter than this are not masked: masking `1` or `on` would garble every line
 * (GitHub Actions has the same problem); such values are not secrets anyway.
 */
export const MIN_MASKED_LENGTH = 3;

/**
 * Values shorter than this are masked as they are only: their encoded forms (base64 fragments
 * especially) would be short enough to match unrelated output.
 */
export const MIN_ENCODED_LENGTH = 6;

/**
 * At most this many strings are looked for (values and their encoded forms): masking costs a scan
 * of the text per string. Past it, encoded forms are dropped (the plain values always stay).
 */
export const MAX_MASKED_STRINGS = 2048;

/** Replaces every config value in a text with `***`. */
export type Mask = (text: string) => string;

/** Shows text unchanged (for callers who may read config values). */
export const UNMASKED: Mask = text => text;

/**
 * A mask for the values of one or more configs, GitHub Actions' rule: every occurrence of a
 * value becomes `***`, longest values first (so a value containing another is masked whole).
 * A multi-line value (a PEM key) is also masked line by line, so output cut into lines, as logs
 * are, never shows one of its lines either. The common encodings of each value are masked too
 * (see `encodedForms`). Masking helps readers; it is not a boundary: an app can always print a
 * value in a form no mask knows (reversed, split, encrypted).
 */
export function secretMask(configs: Iterable<Record<string, string>>): Mask {
  const plain = new Set<string>();
  const add = (text: string) => {
    if (text.length >= MIN_MASKED_LENGTH) plain.add(text);
  };
  for (const values of configs) {
    for (const value of Object.values(values)) {
      add(value);
      if (/[\r\n]/.test(value)) {
        for (const line of value.split(/\r?\n/)) add(line.trim());
      }
    }
  }
  const secrets = new Set(plain);
  for (const value of plain) {
    if (value.length < MIN_ENCODED_LENGTH) continue;
    for (const form of encodedForms(value)) {
      if (secrets.size >= MAX_MASKED_STRINGS) break;
      if (form.length >= MIN_MASKED_LENGTH) secrets.add(form);
    }
  }
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return UNMASKED;
  return text => {
    let masked = text;
    for (const secret of ordered) {
      if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
    }
    return masked.endsWith(CUT) ? maskCutEnd(masked, ordered) : masked;
  };
}

/**
 * A cut line (`…` at its end) whose cut fell inside a value ends with the value's first
 * characters, which no whole-value match finds: the longest such start is masked too.
 */
function maskCutEnd(text: string, secrets: string[]): string {
  const body = text.slice(0, -CUT.length);
  let longest = 0;
  for (const secret of secrets) {
    for (
      let k = Math.min(secret.length - 1, body.length);
      k >= MIN_MASKED_LENGTH && k > longest;
      k--
    ) {
      if (body.endsWith(secret.slice(0, k))) {
        longest = k;
        break;
      }
    }
  }
  return longest ? `${body.slice(0, -longest)}${MASK}${CUT}` : text;
}

/**
 * The forms a value commonly takes in output: JSON-escaped (also with non-ASCII as `\\uXXXX` and
 * `/` as `\\/`), URL-encoded (encodeURIComponent, encodeURI, and form encoding with `+`), and
 * base64 (standard and URL-safe). For base64 the value may sit at any of three byte offsets
 * inside a longer encoded string: for each offset the characters that depend on the value alone
 * are masked (padded or not, whole or embedded, a value's base64 then never shows but for up to
 * two characters at each end, which carry a few bits of its first and last byte).
 */
export function encodedForms(value: string): string[] {
  const forms: string[] = [];
  const json = JSON.stringify(value).slice(1, -1);
  forms.push(json);
  forms.push(
    json.replace(
      /[\u007f-\uffff]/g,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
  );
  forms.push(json.replace(/\//g, '\\/'));
  const uri = encodeURIComponent(value);
  forms.push(uri, lowerPercent(uri));
  forms.push(encodeURI(value));
  forms.push(new URLSearchParams({ v: value }).toString().slice(2));
  forms.push(uri.replace(/%20/g, '+'));
  const bytes = Buffer.from(value, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    // Characters before `start` carry bits of the bytes in front, from `end` on of those after.
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor((shifted.length * 8) / 6);
    forms.push(shifted.toString('base64').slice(start, end));
    forms.push(shifted.toString('base64url').slice(start, end));
  }
  return [...new Set(forms)].filter(form => form !== value);
}

/** `%2F` → `%2f`: some encoders write the hex digits in lowercase. */
function lowerPercent(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, code => code.toLowerCase());
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
