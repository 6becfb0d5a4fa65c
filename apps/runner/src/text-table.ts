/** A plain-text table for terminal reports: the first `left` columns (default 1) left-aligned, the rest right-aligned. */
export function textTable(rows: readonly (readonly string[])[], options: { indent?: string; left?: number } = {}): string {
  const indent = options.indent ?? '  ';
  const left = options.left ?? 1;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      indent +
      row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
          return i < left ? cell + pad : pad + cell;
        })
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}
