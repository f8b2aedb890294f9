/**
 * kubectl's tab writer (cli-runtime/pkg/printers/tabwriter.go over liggitt/tabwriter): min width 6,
 * padding 3, space padding, and RememberWidths — a column never gets narrower than it was in an
 * earlier flush of the same writer. The last cell of a line is never padded.
 */
export class TabWriter {
  private remembered: number[] = [];
  private readonly minWidth: number;
  private readonly padding: number;

  constructor(minWidth = 6, padding = 3) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  /** Forgets earlier widths (kubectl's SetRememberedWidths(nil) between resource types). */
  reset(): void {
    this.remembered = [];
  }

  /** One flush: the rows (cells) laid out as text, each line ending in a newline. */
  flush(rows: readonly (readonly string[])[]): string {
    if (rows.length === 0) return '';
    const columns = Math.max(0, ...rows.map((r) => r.length - 1));
    const widths: number[] = [];
    for (let j = 0; j < columns; j++) {
      let width = this.minWidth;
      for (const row of rows) {
        if (j < row.length - 1) width = Math.max(width, runeLength(row[j] as string) + this.padding);
      }
      const before = this.remembered[j];
      if (before === undefined) this.remembered[j] = width;
      else if (before > width) width = before;
      else this.remembered[j] = width;
      widths.push(width);
    }
    let out = '';
    for (const row of rows) {
      for (let j = 0; j < row.length; j++) {
        const cell = row[j] as string;
        out += j < row.length - 1 ? cell + ' '.repeat(Math.max(0, (widths[j] as number) - runeLength(cell))) : cell;
      }
      out += '\n';
    }
    return out;
  }
}

function runeLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
