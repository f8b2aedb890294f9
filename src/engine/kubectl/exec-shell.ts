/**
 * A small POSIX shell and the everyday programs of a container image, enough for what tutorials
 * type after `kubectl exec ... --`: `sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'`,
 * `cat`, `ls`, `mv`, `rm`, `;` / `&&` / `||` / `|`, redirections and `$(...)` substitution.
 * Network programs (nslookup, curl, wget) are supplied by the caller through `Machine.external`.
 */
import { EPOCH_MS } from '../sim/time.ts';
import { normalize, type PodFs } from './exec-fs.ts';

export interface ProcResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Machine {
  fs: PodFs;
  /** `hostname` (the pod's hostname) and `hostname -f`. */
  hostname: string;
  fqdn: string;
  ip: string;
  /** busybox wording for errors (busybox, alpine images) rather than GNU/dash. */
  busybox: boolean;
  /** Programs the image lacks (besides the shell builtins). */
  missing: ReadonlySet<string>;
  env: Record<string, string>;
  cwd: string;
  /** Virtual ms, for `date`. */
  now: number;
  /** Network programs: answers undefined when it does not handle `argv[0]`. */
  external(argv: string[], stdin: string): ProcResult | undefined;
}

const res = (stdout = '', stderr = '', code = 0): ProcResult => ({ stdout, stderr, code });

// ---------------------------------------------------------------- lexing

type Part =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'sub'; script: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean };

type Token = { type: 'word'; parts: Part[] } | { type: 'op'; op: string };

const OPERATORS = ['2>&1', '>&2', '1>&2', '2>>', '&&', '||', '>>', '2>', ';', '|', '>', '<', '&', '\n'];

/** Reads `$(...)` starting after `$(`; returns the inner text and the index after `)`. */
function readSubstitution(text: string, start: number): { inner: string; end: number } | undefined {
  let depth = 1;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') i++;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') i++;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return { inner: text.slice(start, i), end: i + 1 };
    }
  }
  return undefined;
}

/** Reads `$NAME`, `${NAME}`, `$?`, `$(...)` at text[i] === '$'. */
function readDollar(text: string, i: number, quoted: boolean): { part: Part; end: number } | { error: string } | undefined {
  const next = text[i + 1];
  if (next === '(') {
    const sub = readSubstitution(text, i + 2);
    if (!sub) return { error: 'Syntax error: end of file unexpected (expecting ")")' };
    return { part: { kind: 'sub', script: sub.inner, quoted }, end: sub.end };
  }
  if (next === '{') {
    const close = text.indexOf('}', i + 2);
    if (close < 0) return { error: 'Syntax error: Missing \'}\'' };
    return { part: { kind: 'var', name: text.slice(i + 2, close), quoted }, end: close + 1 };
  }
  if (next === '?' || next === '$' || next === '#') return { part: { kind: 'var', name: next, quoted }, end: i + 2 };
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
  if (m) return { part: { kind: 'var', name: m[0], quoted }, end: i + 1 + m[0].length };
  return undefined;
}

function lex(text: string): { tokens: Token[] } | { error: string } {
  const tokens: Token[] = [];
  let parts: Part[] | undefined;
  const lit = (t: string, quoted: boolean) => {
    parts ??= [];
    const last = parts[parts.length - 1];
    if (last && last.kind === 'lit' && last.quoted === quoted) last.text += t;
    else parts.push({ kind: 'lit', text: t, quoted });
  };
  const endWord = () => {
    if (parts) tokens.push({ type: 'word', parts });
    parts = undefined;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t') {
      endWord();
      i++;
      continue;
    }
    if (ch === '#' && !parts) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op && !(op.startsWith('2') && parts)) {
      endWord();
      tokens.push({ type: 'op', op });
      i += op.length;
      continue;
    }
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { error: 'Syntax error: Unterminated quoted string' };
      lit(text.slice(i + 1, close), true);
      i = close + 1;
      continue;
    }
    if (ch === '"') {
      parts ??= [];
      let j = i + 1;
      let closed = false;
      let buf = '';
      while (j < text.length) {
        const c = text[j] as string;
        if (c === '"') {
          closed = true;
          break;
        }
        if (c === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1] as string)) {
          buf += text[j + 1];
          j += 2;
          continue;
        }
        if (c === '$') {
          const d = readDollar(text, j, true);
          if (d && 'error' in d) return d;
          if (d) {
            if (buf) lit(buf, true);
            buf = '';
            parts.push(d.part);
            j = d.end;
            continue;
          }
        }
        if (c === '`') {
          const close = text.indexOf('`', j + 1);
          if (close < 0) return { error: 'Syntax error: EOF in backquote substitution' };
          if (buf) lit(buf, true);
          buf = '';
          parts.push({ kind: 'sub', script: text.slice(j + 1, close), quoted: true });
          j = close + 1;
          continue;
        }
        buf += c;
        j++;
      }
      if (!closed) return { error: 'Syntax error: Unterminated quoted string' };
      lit(buf, true);
      i = j + 1;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      if (text[i + 1] !== '\n') lit(text[i + 1] as string, true);
      i += 2;
      continue;
    }
    if (ch === '$') {
      const d = readDollar(text, i, false);
      if (d && 'error' in d) return d;
      if (d) {
        parts ??= [];
        parts.push(d.part);
        i = d.end;
        continue;
      }
    }
    if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) return { error: 'Syntax error: EOF in backquote substitution' };
      parts ??= [];
      parts.push({ kind: 'sub', script: text.slice(i + 1, close), quoted: false });
      i = close + 1;
      continue;
    }
    if (ch === '(' || ch === ')') return { error: `Syntax error: "${ch}" unexpected` };
    lit(ch, false);
    i++;
  }
  endWord();
  return { tokens };
}

// ---------------------------------------------------------------- parsing

interface Redirect {
  op: string;
  target?: Part[];
}
interface Simple {
  words: Part[][];
  redirects: Redirect[];
}
interface Pipeline {
  commands: Simple[];
  /** How this pipeline joins the previous one. */
  join: ';' | '&&' | '||';
}

function parse(tokens: Token[]): { pipelines: Pipeline[] } | { error: string } {
  const pipelines: Pipeline[] = [];
  let current: Pipeline = { commands: [], join: ';' };
  let cmd: Simple = { words: [], redirects: [] };
  const endCommand = (): string | undefined => {
    if (cmd.words.length === 0 && cmd.redirects.length === 0) return current.commands.length > 0 ? 'Syntax error: end of file unexpected' : undefined;
    current.commands.push(cmd);
    cmd = { words: [], redirects: [] };
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    if (tok.type === 'word') {
      cmd.words.push(tok.parts);
      continue;
    }
    const op = tok.op;
    if (['>', '>>', '<', '2>', '2>>'].includes(op)) {
      const next = tokens[i + 1];
      if (!next || next.type !== 'word') return { error: `Syntax error: ${next && next.type === 'op' ? `"${next.op === '\n' ? 'newline' : next.op}"` : 'newline'} unexpected` };
      cmd.redirects.push({ op, target: next.parts });
      i++;
      continue;
    }
    if (op === '2>&1' || op === '>&2' || op === '1>&2') {
      cmd.redirects.push({ op });
      continue;
    }
    if (op === '|') {
      if (cmd.words.length === 0) return { error: 'Syntax error: "|" unexpected' };
      current.commands.push(cmd);
      cmd = { words: [], redirects: [] };
      continue;
    }
    // ; && || & newline
    if ((op === '&&' || op === '||' || op === ';') && cmd.words.length === 0 && cmd.redirects.length === 0 && current.commands.length === 0) {
      return { error: `Syntax error: "${op}" unexpected` };
    }
    const err = endCommand();
    if (err) return { error: err };
    if (current.commands.length > 0) pipelines.push(current);
    current = { commands: [], join: op === '&&' || op === '||' ? op : ';' };
  }
  const err = endCommand();
  if (err) return { error: err };
  if (current.commands.length > 0) pipelines.push(current);
  else if (current.join !== ';') return { error: 'Syntax error: end of file unexpected' };
  return { pipelines };
}

// ---------------------------------------------------------------- execution

export class Shell {
  readonly m: Machine;
  private readonly name: string;
  private status = 0;
  private exited = false;
  private depth = 0;

  constructor(machine: Machine, name = 'sh') {
    this.m = machine;
    this.name = name;
  }

  /** True once the script ran `exit` (an interactive session then ends). */
  get hasExited(): boolean {
    return this.exited;
  }

  /** `sh: 1: ` (dash), `sh: ` (busybox), `bash: line 1: `. */
  private prefix(): string {
    if (this.name === 'bash') return 'bash: line 1: ';
    return this.m.busybox ? `${this.name}: ` : `${this.name}: 1: `;
  }

  run(script: string, stdin = ''): ProcResult {
    const lexed = lex(script);
    if ('error' in lexed) return res('', `${this.prefix()}${lexed.error}\n`, 2);
    const parsed = parse(lexed.tokens);
    if ('error' in parsed) return res('', `${this.prefix()}${parsed.error}\n`, 2);
    let stdout = '';
    let stderr = '';
    for (const pipeline of parsed.pipelines) {
      if (this.exited) break;
      if (pipeline.join === '&&' && this.status !== 0) continue;
      if (pipeline.join === '||' && this.status === 0) continue;
      const r = this.runPipeline(pipeline, stdin);
      stdout += r.stdout;
      stderr += r.stderr;
      this.status = r.code;
    }
    return res(stdout, stderr, this.status);
  }

  private runPipeline(pipeline: Pipeline, stdin: string): ProcResult {
    let input = stdin;
    let stderr = '';
    let last = res();
    pipeline.commands.forEach((cmd, idx) => {
      const r = this.runSimple(cmd, input);
      stderr += r.stderr;
      if (idx < pipeline.commands.length - 1) input = r.stdout;
      last = r;
    });
    return res(last.stdout, stderr, last.code);
  }

  /** Word expansion: parameters, command substitution, field splitting, globbing. */
  private expand(words: Part[][]): { fields: string[]; stderr: string } {
    const fields: string[] = [];
    let stderr = '';
    for (const word of words) {
      let cur = '';
      let started = false;
      let glob = false;
      const pending: string[] = [];
      for (const part of word) {
        if (part.kind === 'lit') {
          cur += part.text;
          started ||= part.quoted;
          if (!part.quoted && /[*?]/.test(part.text)) glob = true;
          continue;
        }
        let value: string;
        if (part.kind === 'var') value = this.variable(part.name);
        else {
          const r = this.substitute(part.script);
          stderr += r.stderr;
          value = r.stdout.replace(/\n+$/, '');
        }
        if (part.quoted) {
          cur += value;
          started = true;
          continue;
        }
        if (value === '') continue;
        const pieces = value.split(/[ \t\n]+/);
        cur += pieces[0] ?? '';
        for (const piece of pieces.slice(1)) {
          if (cur !== '' || started) pending.push(cur);
          cur = piece;
          started = false;
        }
      }
      for (const p of pending) fields.push(p);
      if (cur !== '' || started) {
        if (glob) fields.push(...this.glob(cur));
        else fields.push(cur);
      }
    }
    return { fields, stderr };
  }

  private variable(name: string): string {
    if (name === '?') return String(this.status);
    if (name === '$') return '1';
    if (name === '#') return '0';
    if (name === 'PWD') return this.m.cwd;
    return this.m.env[name] ?? '';
  }

  private substitute(script: string): ProcResult {
    if (this.depth > 8) return res('', `${this.prefix()}substitution nested too deeply\n`, 2);
    const inner = new Shell(this.m, this.name);
    inner.depth = this.depth + 1;
    inner.status = this.status;
    const r = inner.run(script);
    this.status = r.code;
    return r;
  }

  private glob(pattern: string): string[] {
    const abs = normalize(pattern, this.m.cwd);
    const dir = abs.slice(0, abs.lastIndexOf('/')) || '/';
    const base = abs.slice(abs.lastIndexOf('/') + 1);
    if (/[*?]/.test(dir)) return [pattern];
    const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const names = (this.m.fs.list(dir) ?? []).filter((n) => re.test(n) && (base.startsWith('.') || !n.startsWith('.')));
    if (names.length === 0) return [pattern];
    const shownDir = pattern.includes('/') ? pattern.slice(0, pattern.lastIndexOf('/') + 1) : '';
    return names.map((n) => `${shownDir}${n}`);
  }

  private cannotCreate(path: string, why: 'nodir' | 'isdir' | 'readonly' | 'nospace'): ProcResult {
    if (why === 'nospace') return res('', `${this.prefix()}can't create ${path}: No space left on device\n`, this.m.busybox ? 1 : 2);
    if (this.m.busybox) {
      const text = why === 'nodir' ? 'nonexistent directory' : why === 'isdir' ? 'Is a directory' : 'Read-only file system';
      return res('', `${this.prefix()}can't create ${path}: ${text}\n`, 1);
    }
    const text = why === 'nodir' ? 'Directory nonexistent' : why === 'isdir' ? 'Is a directory' : 'Read-only file system';
    return res('', `${this.prefix()}cannot create ${path}: ${text}\n`, 2);
  }

  private runSimple(cmd: Simple, stdin: string): ProcResult {
    const { fields, stderr: expandErr } = this.expand(cmd.words);
    // Leading NAME=value words are assignments.
    let argv = fields;
    while (argv.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] as string)) {
      const a = argv[0] as string;
      const eq = a.indexOf('=');
      this.m.env[a.slice(0, eq)] = a.slice(eq + 1);
      argv = argv.slice(1);
    }
    let input = stdin;
    const outputs: { fd: 1 | 2; path: string; append: boolean }[] = [];
    let mergeErr = false;
    let errToOut = false;
    for (const r of cmd.redirects) {
      if (r.op === '2>&1') {
        mergeErr = true;
        continue;
      }
      if (r.op === '>&2' || r.op === '1>&2') {
        errToOut = true;
        continue;
      }
      const target = this.expand([r.target ?? []]).fields[0] ?? '';
      const abs = normalize(target, this.m.cwd);
      if (r.op === '<') {
        const content = this.m.fs.read(abs);
        if (content === undefined) {
          const why = this.m.fs.isDir(abs) ? 'Is a directory' : 'No such file';
          return res('', `${this.prefix()}cannot open ${target}: ${why}\n`, 2);
        }
        input = content;
        continue;
      }
      if (abs === '/dev/null') {
        outputs.push({ fd: r.op.startsWith('2') ? 2 : 1, path: abs, append: true });
        continue;
      }
      const append = r.op.endsWith('>>');
      const err = this.m.fs.write(abs, '', append || true);
      if (err) return this.cannotCreate(target, err);
      if (!append) this.m.fs.write(abs, '');
      outputs.push({ fd: r.op.startsWith('2') ? 2 : 1, path: abs, append: true });
    }
    if (argv.length === 0) return res('', expandErr, this.status);
    const r = this.exec(argv, input);
    let out = r.stdout;
    let err = expandErr + r.stderr;
    if (errToOut) {
      err += out;
      out = '';
    }
    // A full disk fails the writing program (ENOSPC): "cat: write error: No space left on device".
    let full = '';
    const toFile = (fd: 1 | 2, text: string): boolean => {
      const target = outputs.filter((o) => o.fd === fd).pop();
      if (!target) return false;
      if (target.path !== '/dev/null' && this.m.fs.write(target.path, text, true) === 'nospace') full = `${writer(argv[0] ?? 'sh')}: write error: No space left on device\n`;
      return true;
    };
    if (mergeErr) {
      // 2>&1 after a stdout redirect sends both to the file.
      if (toFile(1, out + err)) return full ? res('', full, 1) : res('', '', r.code);
      return res(out + err, '', r.code);
    }
    if (toFile(1, out)) out = '';
    if (toFile(2, err)) err = '';
    return full ? res(out, err + full, 1) : res(out, err, r.code);
  }

  /** Runs one program or builtin. */
  exec(argv: string[], stdin: string): ProcResult {
    const [name = '', ...args] = argv;
    const builtin = this.builtin(name, args);
    if (builtin) return builtin;
    const program = runProgram(this.m, argv, stdin, this.name);
    if (program) return program;
    return res('', this.name === 'bash' ? `bash: line 1: ${name}: command not found\n` : `${this.prefix()}${name}: not found\n`, 127);
  }

  private builtin(name: string, args: string[]): ProcResult | undefined {
    switch (name) {
      case 'cd': {
        const target = normalize(args[0] ?? this.m.env['HOME'] ?? '/', this.m.cwd);
        if (!this.m.fs.isDir(target)) {
          return this.m.busybox
            ? res('', `${this.prefix()}cd: can't cd to ${args[0] ?? ''}: No such file or directory\n`, 2)
            : res('', `${this.prefix()}cd: can't cd to ${args[0] ?? ''}\n`, 2);
        }
        this.m.cwd = target;
        return res();
      }
      case 'exit': {
        this.exited = true;
        const code = args[0] === undefined ? this.status : Number(args[0]) & 255;
        return res('', '', Number.isFinite(code) ? code : 2);
      }
      case 'export':
        for (const a of args) {
          const eq = a.indexOf('=');
          if (eq > 0) this.m.env[a.slice(0, eq)] = a.slice(eq + 1);
        }
        return res();
      case 'unset':
        for (const a of args) delete this.m.env[a];
        return res();
      case 'for':
      case 'while':
      case 'until':
      case 'if':
      case 'case':
      case 'function':
        return res('', `${this.prefix()}${name}: compound commands are not supported by this playground's shell; run the commands one by one\n`, 2);
      default:
        return undefined;
    }
  }
}

// ---------------------------------------------------------------- programs

/** Who reports a failed write: the program itself, or the shell for its builtins (echo, printf). */
function writer(program: string): string {
  return program === 'echo' || program === 'printf' || program === 'pwd' ? 'sh' : program;
}

/** The programs an image has: names resolvable through $PATH. */
export const PROGRAMS = new Set([
  'sh', 'bash', 'echo', 'printf', 'cat', 'ls', 'mkdir', 'rm', 'rmdir', 'mv', 'cp', 'touch', 'pwd', 'true', 'false', 'sleep', 'hostname', 'whoami',
  'env', 'printenv', 'date', 'grep', 'wc', 'head', 'tail', 'sort', 'chmod', 'chown', 'which', 'nslookup', 'curl', 'wget', 'uname', 'id', 'test', '[',
]);

export function hasProgram(m: Machine, name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return PROGRAMS.has(base) && !m.missing.has(base);
}

function noSuchFile(m: Machine, prog: string, path: string, verb: string): string {
  if (m.busybox) return `${prog}: ${verb === 'open' ? `can't open '${path}'` : verb === 'remove' ? `can't remove '${path}'` : verb === 'stat' ? `can't rename '${path}'` : `${path}`}: No such file or directory\n`;
  if (verb === 'open') return `${prog}: ${path}: No such file or directory\n`;
  if (verb === 'access') return `${prog}: cannot access '${path}': No such file or directory\n`;
  return `${prog}: cannot ${verb} '${path}': No such file or directory\n`;
}

function splitFlags(args: string[]): { flags: Set<string>; rest: string[] } {
  const flags = new Set<string>();
  const rest: string[] = [];
  let done = false;
  for (const a of args) {
    if (!done && a === '--') {
      done = true;
      continue;
    }
    if (!done && a.startsWith('--') && a.length > 2) flags.add(a);
    else if (!done && a.startsWith('-') && a.length > 1) for (const c of a.slice(1)) flags.add(`-${c}`);
    else rest.push(a);
  }
  return { flags, rest };
}

function lsLong(m: Machine, abs: string, name: string): string {
  const dir = m.fs.isDir(abs);
  const size = dir ? 4096 : (m.fs.read(abs) ?? '').length;
  return `${dir ? 'drwxr-xr-x' : '-rw-r--r--'}    1 root     root     ${String(size).padStart(8)} Jan  1 00:00 ${name}`;
}

function ls(m: Machine, args: string[]): ProcResult {
  const { flags, rest } = splitFlags(args);
  const long = flags.has('-l');
  const all = flags.has('-a');
  const paths = rest.length > 0 ? rest : ['.'];
  let stdout = '';
  let stderr = '';
  let code = 0;
  const fileLines: string[] = [];
  const dirs: { shown: string; abs: string }[] = [];
  for (const p of paths) {
    const abs = normalize(p, m.cwd);
    if (m.fs.isDir(abs) && !flags.has('-d')) dirs.push({ shown: p, abs });
    else if (m.fs.exists(abs)) fileLines.push(long ? lsLong(m, abs, p) : p);
    else {
      stderr += m.busybox ? `ls: ${p}: No such file or directory\n` : `ls: cannot access '${p}': No such file or directory\n`;
      code = m.busybox ? 1 : 2;
    }
  }
  if (fileLines.length > 0) stdout += fileLines.map((l) => `${l}\n`).join('');
  dirs.forEach((d, i) => {
    if (paths.length > 1) stdout += `${i > 0 || fileLines.length > 0 ? '\n' : ''}${d.shown}:\n`;
    let names = m.fs.list(d.abs) ?? [];
    if (!all) names = names.filter((n) => !n.startsWith('.'));
    else names = ['.', '..', ...names];
    if (long) {
      stdout += `total ${names.length * 4}\n`;
      for (const n of names) stdout += `${lsLong(m, n === '.' || n === '..' ? d.abs : normalize(n, d.abs), n)}\n`;
    } else for (const n of names) stdout += `${n}\n`;
  });
  return res(stdout, stderr, code);
}

function readInputs(m: Machine, prog: string, files: string[], stdin: string): { text: string; stderr: string; code: number } {
  if (files.length === 0) return { text: stdin, stderr: '', code: 0 };
  let text = '';
  let stderr = '';
  let code = 0;
  for (const f of files) {
    if (f === '-') {
      text += stdin;
      continue;
    }
    const abs = normalize(f, m.cwd);
    const content = m.fs.read(abs);
    if (content !== undefined) text += content;
    else if (m.fs.isDir(abs)) {
      stderr += m.busybox ? `${prog}: read error: Is a directory\n` : `${prog}: ${f}: Is a directory\n`;
      code = 1;
    } else {
      stderr += noSuchFile(m, prog, f, 'open');
      code = 1;
    }
  }
  return { text, stderr, code };
}

function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

function echo(args: string[]): ProcResult {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (!/^-[neE]+$/.test(a)) break;
    if (a.includes('n')) newline = false;
    if (a.includes('e')) escapes = true;
  }
  let text = args.slice(i).join(' ');
  if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  return res(newline ? `${text}\n` : text);
}

function printf(args: string[]): ProcResult {
  const [format = '', ...values] = args;
  let vi = 0;
  let out = '';
  do {
    out += format
      .replace(/%[sd]/g, () => values[vi++] ?? '')
      .replace(/%%/g, '%')
      .replace(/\\n/g, '\n')
      .replace(/\\t/g, '\t');
  } while (vi < values.length && /%[sd]/.test(format));
  return res(out);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function date(now: number): string {
  const d = new Date(EPOCH_MS + Math.floor(now));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}\n`;
}

/** Runs a program found in the image; undefined when the image does not have it. */
export function runProgram(m: Machine, argv: string[], stdin: string, shellName = 'sh'): ProcResult | undefined {
  const [path = '', ...args] = argv;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!hasProgram(m, name)) return undefined;
  const fs = m.fs;
  switch (name) {
    case 'sh':
    case 'bash': {
      const shell = new Shell(m, name);
      if (args[0] === '-c') {
        if (args.length < 2) return res('', `${name}: -c: option requires an argument\n`, 2);
        return shell.run(args[1] ?? '', stdin);
      }
      if (args.length > 0 && !args[0]?.startsWith('-')) {
        const script = fs.read(normalize(args[0] ?? '', m.cwd));
        if (script === undefined) return res('', `${name}: 0: cannot open ${args[0] ?? ''}: No such file\n`, 2);
        return shell.run(script, stdin);
      }
      return shell.run(stdin);
    }
    case 'echo':
      return echo(args);
    case 'printf':
      return printf(args);
    case 'true':
      return res();
    case 'false':
      return res('', '', 1);
    case 'sleep':
      return res();
    case 'pwd':
      return res(`${m.cwd}\n`);
    case 'whoami':
      return res('root\n');
    case 'id':
      return res('uid=0(root) gid=0(root) groups=0(root)\n');
    case 'uname':
      return res(args.includes('-a') ? `Linux ${m.hostname} 6.8.0-60-generic #63-Ubuntu SMP x86_64 GNU/Linux\n` : 'Linux\n');
    case 'date':
      return res(date(m.now));
    case 'hostname': {
      const { flags } = splitFlags(args);
      if (flags.has('-f') || flags.has('--fqdn') || flags.has('--long')) return res(`${m.fqdn}\n`);
      if (flags.has('-i') || flags.has('--ip-address')) return res(`${m.ip}\n`);
      if (flags.has('-s') || flags.has('--short')) return res(`${m.hostname}\n`);
      if (flags.has('-d') || flags.has('--domain')) return res(`${m.fqdn.includes('.') ? m.fqdn.slice(m.fqdn.indexOf('.') + 1) : ''}\n`);
      return res(`${m.hostname}\n`);
    }
    case 'env':
    case 'printenv': {
      if (name === 'printenv' && args.length > 0) {
        const v = m.env[args[0] ?? ''];
        return v === undefined ? res('', '', 1) : res(`${v}\n`);
      }
      return res(Object.entries(m.env).map(([k, v]) => `${k}=${v}\n`).join(''));
    }
    case 'which': {
      const found = args.filter((a) => hasProgram(m, a));
      return res(found.map((a) => `/usr/bin/${a}\n`).join(''), '', found.length === args.length ? 0 : 1);
    }
    case 'cat': {
      const r = readInputs(m, 'cat', splitFlags(args).rest, stdin);
      return res(r.text, r.stderr, r.code);
    }
    case 'ls':
      return ls(m, args);
    case 'touch': {
      for (const f of splitFlags(args).rest) {
        const abs = normalize(f, m.cwd);
        if (fs.exists(abs)) continue;
        const err = fs.write(abs, '');
        if (err) return res('', `touch: cannot touch '${f}': ${err === 'nodir' ? 'No such file or directory' : err === 'readonly' ? 'Read-only file system' : err === 'nospace' ? 'No space left on device' : 'Is a directory'}\n`, 1);
      }
      return res();
    }
    case 'mkdir': {
      const { flags, rest } = splitFlags(args);
      let stderr = '';
      for (const d of rest) {
        const err = fs.mkdir(normalize(d, m.cwd), flags.has('-p') || flags.has('--parents'));
        if (err === 'exists' && !(flags.has('-p') || flags.has('--parents'))) stderr += `mkdir: cannot create directory '${d}': File exists\n`;
        else if (err === 'nodir') stderr += `mkdir: cannot create directory '${d}': No such file or directory\n`;
        else if (err === 'readonly') stderr += `mkdir: cannot create directory '${d}': Read-only file system\n`;
      }
      return res('', stderr, stderr ? 1 : 0);
    }
    case 'rm':
    case 'rmdir': {
      const { flags, rest } = splitFlags(args);
      const recursive = flags.has('-r') || flags.has('-R') || flags.has('--recursive') || name === 'rmdir';
      const force = flags.has('-f') || flags.has('--force');
      let stderr = '';
      for (const f of rest) {
        const abs = normalize(f, m.cwd);
        if (name === 'rmdir' && (fs.list(abs)?.length ?? 0) > 0) {
          stderr += `rmdir: failed to remove '${f}': Directory not empty\n`;
          continue;
        }
        const err = fs.remove(abs, recursive);
        if (err === 'missing' && !force) stderr += noSuchFile(m, name, f, 'remove');
        else if (err === 'isdir') stderr += m.busybox ? `rm: '${f}' is a directory\n` : `rm: cannot remove '${f}': Is a directory\n`;
        else if (err === 'readonly') stderr += `rm: cannot remove '${f}': Read-only file system\n`;
        else if (err === 'busy') stderr += `rm: cannot remove '${f}': Device or resource busy\n`;
      }
      return res('', stderr, stderr ? 1 : 0);
    }
    case 'mv':
    case 'cp': {
      const { rest } = splitFlags(args);
      if (rest.length < 2) return res('', `${name}: missing destination file operand after '${rest[0] ?? ''}'\n`, 1);
      const dest = normalize(rest[rest.length - 1] as string, m.cwd);
      let stderr = '';
      for (const src of rest.slice(0, -1)) {
        const abs = normalize(src, m.cwd);
        if (name === 'cp') {
          const content = fs.read(abs);
          if (content === undefined) {
            stderr += fs.isDir(abs) ? `cp: -r not specified; omitting directory '${src}'\n` : `cp: cannot stat '${src}': No such file or directory\n`;
            continue;
          }
          const target = fs.isDir(dest) ? `${dest === '/' ? '' : dest}/${abs.slice(abs.lastIndexOf('/') + 1)}` : dest;
          const err = fs.write(target, content);
          if (err === 'nospace') stderr += `cp: error writing '${rest[rest.length - 1] ?? ''}': No space left on device\n`;
          else if (err) stderr += `cp: cannot create regular file '${rest[rest.length - 1] ?? ''}': ${err === 'nodir' ? 'No such file or directory' : err === 'readonly' ? 'Read-only file system' : 'Is a directory'}\n`;
          continue;
        }
        const err = fs.move(abs, dest);
        if (err === 'missing') stderr += noSuchFile(m, 'mv', src, 'stat');
        else if (err === 'nodir') stderr += `mv: cannot move '${src}' to '${rest[rest.length - 1] ?? ''}': No such file or directory\n`;
        else if (err === 'readonly') stderr += `mv: cannot move '${src}': Read-only file system\n`;
        else if (err === 'busy') stderr += `mv: cannot move '${src}': Device or resource busy\n`;
        else if (err === 'nospace') stderr += `mv: error writing '${rest[rest.length - 1] ?? ''}': No space left on device\n`;
      }
      return res('', stderr, stderr ? 1 : 0);
    }
    case 'chmod':
    case 'chown': {
      const { rest } = splitFlags(args);
      for (const f of rest.slice(1)) if (!fs.exists(normalize(f, m.cwd))) return res('', `${name}: cannot access '${f}': No such file or directory\n`, 1);
      return res();
    }
    case 'grep': {
      const { flags, rest } = splitFlags(args);
      const [pattern = '', ...files] = rest;
      const input = readInputs(m, 'grep', files, stdin);
      const ci = flags.has('-i');
      const matches = lines(input.text).filter((l) => (ci ? l.toLowerCase().includes(pattern.toLowerCase()) : l.includes(pattern)) !== flags.has('-v'));
      if (flags.has('-c')) return res(`${matches.length}\n`, input.stderr, matches.length > 0 ? 0 : 1);
      return res(matches.map((l) => `${l}\n`).join(''), input.stderr, input.code || (matches.length > 0 ? 0 : 1));
    }
    case 'wc': {
      const { flags, rest } = splitFlags(args);
      const input = readInputs(m, 'wc', rest, stdin);
      const l = (input.text.match(/\n/g) ?? []).length;
      const w = input.text.split(/\s+/).filter(Boolean).length;
      const c = input.text.length;
      const suffix = rest.length === 1 ? ` ${rest[0] ?? ''}` : '';
      if (flags.has('-l')) return res(`${l}${suffix}\n`, input.stderr, input.code);
      if (flags.has('-w')) return res(`${w}${suffix}\n`, input.stderr, input.code);
      if (flags.has('-c')) return res(`${c}${suffix}\n`, input.stderr, input.code);
      return res(`${String(l).padStart(7)} ${String(w).padStart(7)} ${String(c).padStart(7)}${suffix}\n`, input.stderr, input.code);
    }
    case 'head':
    case 'tail': {
      let count = 10;
      const files: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i] as string;
        if (a === '-n') count = Number(args[++i] ?? 10);
        else if (/^-n?\d+$/.test(a)) count = Number(a.replace(/^-n?/, ''));
        else files.push(a);
      }
      const input = readInputs(m, name, files, stdin);
      const all = lines(input.text);
      const picked = name === 'head' ? all.slice(0, count) : all.slice(Math.max(0, all.length - count));
      return res(picked.map((l) => `${l}\n`).join(''), input.stderr, input.code);
    }
    case 'sort': {
      const { flags, rest } = splitFlags(args);
      const input = readInputs(m, 'sort', rest, stdin);
      const sorted = lines(input.text).sort();
      if (flags.has('-r')) sorted.reverse();
      return res(sorted.map((l) => `${l}\n`).join(''), input.stderr, input.code);
    }
    case 'test':
    case '[': {
      const list = name === '[' ? args.slice(0, -1) : args;
      const [a = '', b = '', c] = list;
      let truth = false;
      if (list.length === 2 && a === '-f') truth = fs.isFile(normalize(b, m.cwd));
      else if (list.length === 2 && a === '-d') truth = fs.isDir(normalize(b, m.cwd));
      else if (list.length === 2 && a === '-e') truth = fs.exists(normalize(b, m.cwd));
      else if (list.length === 2 && a === '-z') truth = b === '';
      else if (list.length === 2 && a === '-n') truth = b !== '';
      else if (list.length === 3 && b === '=') truth = a === c;
      else if (list.length === 3 && b === '!=') truth = a !== c;
      else if (list.length === 1) truth = a !== '';
      return res('', '', truth ? 0 : 1);
    }
    default: {
      void shellName;
      return m.external([name, ...args], stdin);
    }
  }
}
