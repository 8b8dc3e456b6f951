/** A number typed into a field; NaN when empty, so the shared rules refuse it. */
export function typedNumber(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}
