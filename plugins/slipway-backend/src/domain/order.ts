/** Orders strings by code point, the same on every machine (unlike localeCompare). */
export function byCodePoint(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
