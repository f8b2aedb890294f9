/**
 * The shell a learner's terminal runs around kubectl, as far as tutorials use it: words with single
 * and double quotes and backslashes, `$name` / `${name}` / `$?`, `NAME=value`, lists with `;`, `&&`,
 * `||` and newlines, pipelines `a | b`, and `for NAME in WORDS; do LIST; done` (bash's grammar,
 * shrunk). Parsing only: terminal.ts runs the tree.
 */

export type Part = { kind: 'lit'; text: string; quoted: boolean } | { kind: 'var'; name: string; quoted: boolean };

export interface Word {
  parts: Part[];
}

export interface SimpleCommand {
  type: 'simple';
  words: Word[];
  /** The command's text as typed (for transcripts), from the first to the last character of its words. */
  source: string;
}

export interface ForCommand {
  type: 'for';
  name: string;
  items: Word[];
  body: AndOr[];
}

export type Command = SimpleCommand | ForCommand;

export interface Pipeline {
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

type Token = { type: 'word'; word: Word; start: number; end: number } | { type: 'op'; op: string; start: number };

const OPS = ['&&', '||', ';;', ';', '|', '&', '\n', '>>', '>', '<', '(', ')'];

/** bash's wording for a syntax error in the playground's terminal. */
export class ShellSyntaxError extends Error {}

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let parts: Part[] | undefined;
  let start = 0;
  const lit = (t: string, quoted: boolean) => {
    const list = (parts ??= []);
    const last = list[list.length - 1];
    if (last && last.kind === 'lit' && last.quoted === quoted) last.text += t;
    else list.push({ kind: 'lit', text: t, quoted });
  };
  const begin = (i: number) => {
    if (!parts) {
      parts = [];
      start = i;
    }
  };
  const end = (i: number) => {
    if (parts) tokens.push({ type: 'word', word: { parts }, start, end: i });
    parts = undefined;
  };
  /** `$name`, `${name}`, `$?` at text[i] === '$': the part and the index after it, or undefined for a lone `$`. */
  const dollar = (i: number, quoted: boolean): { part: Part; next: number } | undefined => {
    const c = text[i + 1];
    if (c === '(') throw new ShellSyntaxError('command substitution $(…) is not supported by the playground\'s shell');
    if (c === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) throw new ShellSyntaxError('${: bad substitution');
      return { part: { kind: 'var', name: text.slice(i + 2, close), quoted }, next: close + 1 };
    }
    if (c === '?' || c === '$' || c === '#') return { part: { kind: 'var', name: c, quoted }, next: i + 2 };
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (m) return { part: { kind: 'var', name: m[0], quoted }, next: i + 1 + m[0].length };
    return undefined;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t') {
      end(i);
      i++;
      continue;
    }
    if (ch === '#' && !parts) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      end(i);
      tokens.push({ type: 'op', op, start: i });
      i += op.length;
      continue;
    }
    begin(i);
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      lit(text.slice(i + 1, close), true);
      i = close + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let buf = '';
      for (;;) {
        if (j >= text.length) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
        const c = text[j] as string;
        if (c === '"') break;
        if (c === '\\' && '"\\$`\n'.includes(text[j + 1] ?? '')) {
          buf += text[j + 1];
          j += 2;
          continue;
        }
        if (c === '`') throw new ShellSyntaxError('command substitution `…` is not supported by the playground\'s shell');
        if (c === '$') {
          const d = dollar(j, true);
          if (d) {
            lit(buf, true);
            buf = '';
            (parts as Part[]).push(d.part);
            j = d.next;
            continue;
          }
        }
        buf += c;
        j++;
      }
      lit(buf, true);
      i = j + 1;
      continue;
    }
    if (ch === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') lit(text[i + 1] as string, true);
      i += 2;
      continue;
    }
    if (ch === '`') throw new ShellSyntaxError('command substitution `…` is not supported by the playground\'s shell');
    if (ch === '$') {
      const d = dollar(i, false);
      if (d) {
        (parts as Part[]).push(d.part);
        i = d.next;
        continue;
      }
    }
    lit(ch, false);
    i++;
  }
  end(text.length);
  return tokens;
}

/** A word that is one unquoted literal (`for`, `do`, `done`, `in`): bash only then reads it as a keyword. */
function keyword(t: Token | undefined): string | undefined {
  if (!t || t.type !== 'word') return undefined;
  const [only, more] = t.word.parts;
  return only && !more && only.kind === 'lit' && !only.quoted ? only.text : undefined;
}

function describe(t: Token | undefined): string {
  if (!t) return 'newline';
  if (t.type === 'op') return t.op === '\n' ? 'newline' : t.op;
  return keyword(t) ?? 'word';
}

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  private readonly text: string;

  constructor(tokens: Token[], text: string) {
    this.tokens = tokens;
    this.text = text;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return !!t && t.type === 'op' && t.op === op;
  }

  private unexpected(): never {
    throw new ShellSyntaxError(`syntax error near unexpected token \`${describe(this.peek())}'`);
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) this.i++;
  }

  /** A list up to the end, or (inside `do … done`) up to a `done` keyword. */
  list(stop?: string): AndOr[] {
    const items: AndOr[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t) break;
      if (stop && keyword(t) === stop) break;
      items.push(this.andOr());
      const sep = this.peek();
      if (!sep) break;
      if (sep.type === 'op' && (sep.op === ';' || sep.op === '\n')) {
        this.i++;
        continue;
      }
      if (stop && keyword(sep) === stop) break;
      this.unexpected();
    }
    return items;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.type !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
      this.i++;
      this.skipNewlines();
      rest.push({ op: t.op, pipeline: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    const commands = [this.command()];
    while (this.isOp('|')) {
      this.i++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return { commands };
  }

  private command(): Command {
    const t = this.peek();
    const kw = keyword(t);
    if (kw === 'for') return this.forCommand();
    if (kw === 'while' || kw === 'until' || kw === 'if' || kw === 'case' || kw === 'function') {
      throw new ShellSyntaxError(`${kw}: this playground's shell runs for-loops, ;, && and || only`);
    }
    if (kw === 'do' || kw === 'done' || kw === 'then' || kw === 'fi' || kw === 'in') this.unexpected();
    const words: Word[] = [];
    let start = -1;
    let end = -1;
    for (;;) {
      const w = this.peek();
      if (!w || w.type !== 'word') break;
      if (words.length === 0) start = w.start;
      end = w.end;
      words.push(w.word);
      this.i++;
    }
    const next = this.peek();
    if (next && next.type === 'op' && ['>', '>>', '<'].includes(next.op)) throw new ShellSyntaxError('redirections are not supported by the playground\'s shell');
    if (next && next.type === 'op' && ['&', '(', ')', ';;'].includes(next.op) && !(next.op === '&' && words.length === 0)) {
      if (next.op === '&') throw new ShellSyntaxError('background jobs (&) are not supported by the playground\'s shell');
      this.unexpected();
    }
    if (words.length === 0) this.unexpected();
    return { type: 'simple', words, source: this.text.slice(start, end) };
  }

  private forCommand(): ForCommand {
    this.i++;
    const nameTok = this.peek();
    const name = keyword(nameTok);
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ShellSyntaxError(`\`${describe(nameTok)}': not a valid identifier`);
    this.i++;
    const items: Word[] = [];
    if (keyword(this.peek()) === 'in') {
      this.i++;
      for (;;) {
        const w = this.peek();
        if (!w || w.type !== 'word') break;
        items.push(w.word);
        this.i++;
      }
    }
    if (this.isOp(';') || this.isOp('\n')) this.i++;
    this.skipNewlines();
    if (keyword(this.peek()) !== 'do') this.unexpected();
    this.i++;
    const body = this.list('done');
    if (keyword(this.peek()) !== 'done') throw new ShellSyntaxError("syntax error: unexpected end of file");
    this.i++;
    if (body.length === 0) throw new ShellSyntaxError("syntax error near unexpected token `done'");
    return { type: 'for', name, items, body };
  }

  done(): boolean {
    return this.i >= this.tokens.length;
  }
}

/** Parses one typed line (or several, with newlines) into the list bash would run. */
export function parseHostLine(text: string): AndOr[] {
  const parser = new Parser(lex(text), text);
  const list = parser.list();
  if (!parser.done()) throw new ShellSyntaxError('syntax error: unexpected end of file');
  return list;
}

/** Whether the line still misses its end (an open `for … do` without `done`, an open quote): the terminal asks for more with `> `. */
export function needsMore(text: string): boolean {
  try {
    parseHostLine(text);
    return false;
  } catch (err) {
    return err instanceof ShellSyntaxError && /unexpected end of file|unexpected EOF|near unexpected token `newline'/.test(err.message);
  }
}

/** Expands words as bash does here: variables, then field splitting of unquoted values. */
export function expandWords(words: Word[], lookup: (name: string) => string): string[] {
  const fields: string[] = [];
  for (const word of words) {
    let cur = '';
    let started = false;
    for (const part of word.parts) {
      if (part.kind === 'lit') {
        cur += part.text;
        started = true;
        continue;
      }
      const value = lookup(part.name);
      if (part.quoted) {
        cur += value;
        started = true;
        continue;
      }
      const pieces = value.split(/[ \t\n]+/);
      for (let k = 0; k < pieces.length; k++) {
        const piece = pieces[k] as string;
        if (k > 0) {
          if (started || cur !== '') fields.push(cur);
          cur = '';
          started = false;
        }
        cur += piece;
        if (piece !== '') started = true;
      }
    }
    if (started || cur !== '') fields.push(cur);
  }
  return fields;
}

/** The command as typed with its variables filled in (outside single quotes), for transcripts. */
export function showCommand(source: string, lookup: (name: string) => string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      out += ch;
      continue;
    }
    if (ch === "'" && !quote) quote = "'";
    else if (ch === '"') quote = quote === '"' ? undefined : '"';
    if (ch === '\\' && i + 1 < source.length) {
      out += ch + (source[i + 1] as string);
      i++;
      continue;
    }
    if (ch === '$') {
      const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(source.slice(i + 1));
      const plain = /^[A-Za-z_][A-Za-z0-9_]*|^\?/.exec(source.slice(i + 1));
      if (braced) {
        out += lookup(braced[1] as string);
        i += braced[0].length;
        continue;
      }
      if (plain) {
        out += lookup(plain[0]);
        i += plain[0].length;
        continue;
      }
    }
    out += ch;
  }
  return out;
}
