/** A plain-text table for terminal reports: first column left-aligned, the rest right-aligned. */
export function textTable(rows: readonly (readonly string[])[], options: { indent?: string } = {}): string {
  const indent = options.indent ?? '  ';
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
          return i === 0 ? cell + pad : pad + cell;
        })
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}
