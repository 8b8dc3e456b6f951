/** Characters of a value shown in the table; the rest is summarized by its size. */
export const PREVIEW_CHARS = 80;

/** "512 bytes", "1.5 KB", "1.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

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
