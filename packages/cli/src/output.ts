/** Where commands write: stdout and stderr, replaceable in tests. */
export type Io = {
  out: (text: string) => void;
  err: (text: string) => void;
};

export const processIo: Io = {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
};

/** Columns padded to their widest cell, like `heroku apps`. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(headers),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.map(line),
  ]
    .join('\n')
    .concat('\n');
}
