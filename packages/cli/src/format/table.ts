/** A column of a table: its heading, and whether its cells line up on the right (amounts). */
export interface Column {
  readonly heading: string;
  readonly right?: boolean;
}

/**
 * A table as lines of text: headings, a rule, then one line per row, each column padded to its
 * widest cell (two spaces between columns, no trailing spaces). Plain text, so it pastes anywhere.
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, i) =>
    Math.max(width(column.heading), ...rows.map((row) => width(row[i] ?? ""))),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? "";
        const pad = " ".repeat((widths[i] ?? 0) - width(cell));
        return column.right === true ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.heading)), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** A cell's width in characters (code points: å, ä, ö and – count once). */
const width = (cell: string) => [...cell].length;
