import { formatBytes } from '@slipway/plugin-slipway-common';

/** Characters of a value shown in the table; the rest is summarized by its size. */
export const PREVIEW_CHARS = 80;

/** A value short enough for a table cell: its first line's start, and its size when cut. */
export function valuePreview(value: string): string {
  const firstLine = value.split('\n', 1)[0];
  if (firstLine.length <= PREVIEW_CHARS && firstLine.length === value.length) {
    return value;
  }
  return `${firstLine.slice(0, PREVIEW_CHARS)}… (${formatBytes(
    new Blob([value]).size,
  )})`;
}
