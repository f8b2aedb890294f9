/**
 * The writers kubectl's describers print through: Go's text/tabwriter (as `tabbedString` sets it up:
 * minwidth 0, padding 2, pad char space, no flags) and describe.PrefixWriter (2 spaces per level).
 */

/** Go's utf8.RuneCountInString: the width tabwriter gives a cell. */
function runeWidth(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * text/tabwriter's algorithm: a cell is tab-terminated text; the text after a line's last tab is not a
 * cell and is never padded. A column block is a run of consecutive lines that all have a cell in that
 * column; every cell of the block is padded to the widest cell + padding.
 */
export function formatTabbed(text: string, minwidth = 0, padding = 2): string {
  if (text === '') return '';
  const endsWithNewline = text.endsWith('\n');
  const rawLines = text.split('\n');
  if (endsWithNewline) rawLines.pop();
  const lines = rawLines.map((l) => l.split('\t'));
  const widths: number[] = [];
  let out = '';

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i] as string[];
      for (let j = 0; j < line.length; j++) {
        const cell = line[j] as string;
        out += cell;
        const width = widths[j];
        if (j < widths.length && width !== undefined) out += ' '.repeat(Math.max(0, width - runeWidth(cell)));
      }
      if (i + 1 < lines.length || endsWithNewline) out += '\n';
    }
  };

  const format = (start: number, line1: number): void => {
    let line0 = start;
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= (lines[t] as string[]).length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = minwidth;
      for (; t < line1; t++) {
        const line = lines[t] as string[];
        if (column >= line.length - 1) break;
        const w = runeWidth(line[column] as string) + padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}

/** A sink the PrefixWriter writes to: a tab writer (describe) or a plain buffer (rollout history). */
export interface TextSink {
  write(text: string): void;
  flush(): void;
  toString(): string;
}

/** The tab writer of `tabbedString`: buffers until Flush, then aligns. */
export class TabWriter implements TextSink {
  private buffer = '';
  private output = '';

  write(text: string): void {
    this.buffer += text;
  }

  flush(): void {
    this.output += formatTabbed(this.buffer);
    this.buffer = '';
  }

  toString(): string {
    this.flush();
    return this.output;
  }
}

/** bytes.Buffer: tabs stay literal (rollout history --revision prints its template this way). */
export class PlainBuffer implements TextSink {
  private output = '';

  write(text: string): void {
    this.output += text;
  }

  flush(): void {}

  toString(): string {
    return this.output;
  }
}

/** describe.PrefixWriter: each Write is indented by two spaces per level. */
export class PrefixWriter {
  readonly sink: TextSink;

  constructor(sink: TextSink) {
    this.sink = sink;
  }

  write(level: number, text: string): void {
    this.sink.write('  '.repeat(level) + text);
  }

  /** fmt.Sprintln of one string: the text and a newline. */
  writeLine(text: string): void {
    this.sink.write(`${text}\n`);
  }

  flush(): void {
    this.sink.flush();
  }
}

/** tabbedString: runs a describer against a fresh tab writer and returns the aligned text. */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const sink = new TabWriter();
  f(new PrefixWriter(sink));
  return sink.toString();
}
