/**
 * The part of Go's text/template that `kubectl get --template` / `-o go-template=` lessons use:
 * fields (`.a.b`), variables (`$x`, `$i, $c :=`), `range`/`if`/`with`/`else`/`end`, string and
 * number literals, pipelines and the builtins index, len, print, printf, println, eq, ne, lt, le, gt,
 * ge, and, or, not. Data is the object after a JSON round trip, so every number is a float64.
 */
import { goFloat } from './get-encode.ts';

export class TemplateError extends Error {
  readonly phase: 'parse' | 'exec';
  constructor(phase: 'parse' | 'exec', message: string) {
    super(message);
    this.phase = phase;
  }
}

type Arg =
  | { t: 'field'; base: 'dot' | string; path: string[]; text: string }
  | { t: 'lit'; value: unknown }
  | { t: 'ident'; name: string }
  | { t: 'sub'; pipe: Pipe };

interface Pipe {
  decl: string[];
  cmds: Arg[][];
}

type TNode =
  | { t: 'text'; text: string }
  | { t: 'action'; pipe: Pipe }
  | { t: 'if' | 'with' | 'range'; pipe: Pipe; body: TNode[]; elseBody: TNode[] };

const NO_VALUE = Symbol('no value');

export function runGoTemplate(template: string, data: unknown): string {
  const nodes = parse(template);
  const scope: Map<string, unknown>[] = [new Map([['$', data]])];
  return exec(nodes, data, scope);
}

// ---------- lexing and parsing ----------

function parse(src: string): TNode[] {
  const pieces: ({ t: 'text'; text: string } | { t: 'action'; text: string; pos: number })[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      pieces.push({ t: 'text', text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src.startsWith('- ', start) || src.startsWith('-\t', start) || src.startsWith('-\n', start)) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) pieces.push({ t: 'text', text });
    const close = findActionEnd(src, start);
    if (close < 0) throw new TemplateError('parse', 'unclosed action');
    let end = close;
    let after = close + 2;
    let trimAfter = false;
    if (/\s-$/.test(src.slice(start, close))) {
      end = close - 1;
      trimAfter = true;
    }
    pieces.push({ t: 'action', text: src.slice(start, end).trim(), pos: start });
    i = after;
    if (trimAfter) {
      while (i < src.length && /\s/.test(src[i] as string)) i++;
      after = i;
    }
  }
  let k = 0;
  type Piece = (typeof pieces)[number];
  const control = (word: 'if' | 'with' | 'range', text: string): TNode => {
    const pipe = parsePipe(text, word === 'range');
    const body = block(['end', 'else']);
    const rest = pieces[k] as { t: 'action'; text: string; pos: number };
    k++;
    let elseBody: TNode[] = [];
    if (body.closer === 'else') {
      if (/^if\b/.test(rest.text)) {
        // {{else if …}}: a nested if that shares (and consumes) our {{end}}.
        elseBody = [control('if', rest.text.slice(2).trim())];
      } else {
        elseBody = block(['end']).nodes;
        k++;
      }
    }
    return { t: word, pipe, body: body.nodes, elseBody };
  };
  const block = (closers: string[]): { nodes: TNode[]; closer: string } => {
    const nodes: TNode[] = [];
    while (k < pieces.length) {
      const p = pieces[k++] as Piece;
      if (p.t === 'text') {
        nodes.push({ t: 'text', text: p.text });
        continue;
      }
      if (p.text.startsWith('/*')) continue;
      const word = /^(\w+)/.exec(p.text)?.[1] ?? '';
      if (word === 'end' || word === 'else') {
        if (!closers.includes(word)) throw new TemplateError('parse', `unexpected {{${word}}}`);
        k--;
        pieces[k] = { t: 'action', text: p.text.slice(word.length).trim(), pos: p.pos };
        return { nodes, closer: word };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(control(word, p.text.slice(word.length).trim()));
        continue;
      }
      if (word === 'define' || word === 'template' || word === 'block') throw new TemplateError('parse', `{{${word}}} is not supported here`);
      nodes.push({ t: 'action', pipe: parsePipe(p.text, false) });
    }
    if (!closers.includes('')) throw new TemplateError('parse', 'unexpected EOF');
    return { nodes, closer: '' };
  };
  const top = block(['']);
  if (k < pieces.length) throw new TemplateError('parse', 'unexpected {{end}}');
  return top.nodes;
}

function findActionEnd(src: string, from: number): number {
  let quote = '';
  for (let i = from; i < src.length - 1; i++) {
    const c = src[i] as string;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}' && src[i + 1] === '}') return i;
  }
  return -1;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      tokens.push(text.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = text.indexOf('`', i + 1);
      tokens.push(text.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '(' || c === ')' || c === '|' || c === ',') {
      tokens.push(c);
      i++;
      continue;
    }
    if (text.startsWith(':=', i) || (c === '=' && text[i + 1] !== '=')) {
      tokens.push(c === ':' ? ':=' : '=');
      i += c === ':' ? 2 : 1;
      continue;
    }
    const m = /^[^\s()|,"`]+/.exec(text.slice(i));
    const word = m?.[0] ?? c;
    tokens.push(word);
    i += word.length;
  }
  return tokens;
}

function parsePipe(text: string, allowTwoVars: boolean): Pipe {
  const tokens = tokenize(text);
  const decl: string[] = [];
  const assign = tokens.indexOf(':=');
  if (assign > 0) {
    const vars = tokens.slice(0, assign).filter((t) => t !== ',');
    if (vars.length > (allowTwoVars ? 2 : 1) || vars.some((v) => !v.startsWith('$'))) throw new TemplateError('parse', `too many declarations in ${text}`);
    decl.push(...vars);
    tokens.splice(0, assign + 1);
  }
  let pos = 0;
  const parseCmds = (): Arg[][] => {
    const cmds: Arg[][] = [[]];
    while (pos < tokens.length) {
      const tok = tokens[pos++] as string;
      if (tok === ')') {
        pos--;
        break;
      }
      if (tok === '|') {
        cmds.push([]);
        continue;
      }
      const cmd = cmds[cmds.length - 1] as Arg[];
      if (tok === '(') {
        const nested = parseCmds();
        if (tokens[pos] !== ')') throw new TemplateError('parse', 'unclosed left paren');
        pos++;
        cmd.push({ t: 'sub', pipe: { decl: [], cmds: nested } });
        continue;
      }
      cmd.push(parseArg(tok));
    }
    if (cmds.some((c) => c.length === 0)) throw new TemplateError('parse', `missing value for command`);
    return cmds;
  };
  const cmds = parseCmds();
  if (pos < tokens.length) throw new TemplateError('parse', `unexpected ")" in command`);
  return { decl, cmds };
}

function parseArg(tok: string): Arg {
  if (tok.startsWith('"')) {
    try {
      return { t: 'lit', value: JSON.parse(tok) as string };
    } catch {
      throw new TemplateError('parse', `bad string syntax: ${tok}`);
    }
  }
  if (tok.startsWith('`')) return { t: 'lit', value: tok.slice(1, -1) };
  if (tok === 'true' || tok === 'false') return { t: 'lit', value: tok === 'true' };
  if (tok === 'nil') return { t: 'lit', value: null };
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(tok)) return { t: 'lit', value: Number(tok) };
  if (tok.startsWith('.')) return { t: 'field', base: 'dot', path: tok === '.' ? [] : tok.slice(1).split('.'), text: tok };
  if (tok.startsWith('$')) {
    const [name = '$', ...path] = tok.split('.');
    return { t: 'field', base: name, path, text: tok };
  }
  if (/^[A-Za-z_]\w*$/.test(tok)) {
    if (!(tok in FUNCS)) throw new TemplateError('parse', `function "${tok}" not defined`);
    return { t: 'ident', name: tok };
  }
  throw new TemplateError('parse', `unexpected "${tok}" in command`);
}

// ---------- execution ----------

function lookup(scope: Map<string, unknown>[], name: string): unknown {
  for (let i = scope.length - 1; i >= 0; i--) {
    const frame = scope[i] as Map<string, unknown>;
    if (frame.has(name)) return frame.get(name);
  }
  throw new TemplateError('exec', `undefined variable: ${name}`);
}

function fieldChain(value: unknown, path: string[], text: string): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === NO_VALUE || cur === null || cur === undefined) return NO_VALUE;
    if (typeof cur !== 'object' || Array.isArray(cur)) {
      throw new TemplateError('exec', `executing "output" at <${text}>: can't evaluate field ${key} in type ${goType(cur)}`);
    }
    const map = cur as Record<string, unknown>;
    cur = Object.hasOwn(map, key) ? map[key] : NO_VALUE;
  }
  return cur;
}

function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'interface {}';
}

function evalArg(arg: Arg, dot: unknown, scope: Map<string, unknown>[]): unknown {
  switch (arg.t) {
    case 'lit':
      return arg.value;
    case 'field':
      return fieldChain(arg.base === 'dot' ? dot : lookup(scope, arg.base), arg.path, arg.text);
    case 'sub':
      return evalPipe(arg.pipe, dot, scope);
    case 'ident':
      return callFunc(arg.name, []);
  }
}

function evalPipe(pipe: Pipe, dot: unknown, scope: Map<string, unknown>[]): unknown {
  let result: unknown = NO_VALUE;
  let first = true;
  for (const cmd of pipe.cmds) {
    const [head, ...rest] = cmd;
    if (!head) continue;
    if (head.t === 'ident') {
      const args = rest.map((a) => evalArg(a, dot, scope));
      if (!first) args.push(result);
      result = callFunc(head.name, args);
    } else {
      if (rest.length > 0 || !first) throw new TemplateError('exec', `can't give argument to non-function ${argText(head)}`);
      result = evalArg(head, dot, scope);
    }
    first = false;
  }
  if (pipe.decl.length === 1) (scope[scope.length - 1] as Map<string, unknown>).set(pipe.decl[0] as string, result);
  return result;
}

function argText(a: Arg): string {
  return a.t === 'field' ? a.text : a.t === 'lit' ? JSON.stringify(a.value) : a.t === 'ident' ? a.name : '(…)';
}

function truth(v: unknown): boolean {
  if (v === NO_VALUE || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function exec(nodes: TNode[], dot: unknown, scope: Map<string, unknown>[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.t) {
      case 'text':
        out += node.text;
        break;
      case 'action': {
        const v = evalPipe(node.pipe, dot, scope);
        if (node.pipe.decl.length === 0) out += printValue(v);
        break;
      }
      case 'if':
      case 'with': {
        scope.push(new Map());
        const v = evalPipe(node.pipe, dot, scope);
        if (truth(v)) out += exec(node.body, node.t === 'with' ? v : dot, scope);
        else out += exec(node.elseBody, dot, scope);
        scope.pop();
        break;
      }
      case 'range': {
        scope.push(new Map());
        const decl = node.pipe.decl;
        const v = evalPipe({ decl: [], cmds: node.pipe.cmds }, dot, scope);
        const entries: [unknown, unknown][] = [];
        if (Array.isArray(v)) v.forEach((x, i) => entries.push([i, x]));
        else if (v !== null && typeof v === 'object') for (const k of Object.keys(v).sort()) entries.push([k, (v as Record<string, unknown>)[k]]);
        else if (typeof v === 'number') for (let i = 0; i < v; i++) entries.push([i, i]);
        else if (v !== NO_VALUE && v !== null) throw new TemplateError('exec', `range can't iterate over ${printValue(v)}`);
        if (entries.length === 0) out += exec(node.elseBody, dot, scope);
        for (const [key, item] of entries) {
          const frame = scope[scope.length - 1] as Map<string, unknown>;
          if (decl.length === 1) frame.set(decl[0] as string, item);
          if (decl.length === 2) {
            frame.set(decl[0] as string, key);
            frame.set(decl[1] as string, item);
          }
          out += exec(node.body, item, scope);
        }
        scope.pop();
        break;
      }
    }
  }
  return out;
}

/** fmt.Fprint of a JSON value as text/template prints it. */
export function printValue(v: unknown): string {
  if (v === NO_VALUE || v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(inner).join(' ')}]`;
  if (typeof v === 'object') {
    const map = v as Record<string, unknown>;
    return `map[${Object.keys(map)
      .sort()
      .map((k) => `${k}:${inner(map[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

function inner(v: unknown): string {
  return v === null ? '<nil>' : printValue(v);
}

const FUNCS: Record<string, (args: unknown[]) => unknown> = {
  index: (args) => {
    let cur = args[0];
    for (const key of args.slice(1)) {
      if (Array.isArray(cur) && typeof key === 'number') cur = key >= 0 && key < cur.length ? cur[key] : fail(`error calling index: index out of range: ${key}`);
      else if (cur !== null && typeof cur === 'object' && typeof key === 'string') cur = Object.hasOwn(cur, key) ? (cur as Record<string, unknown>)[key] : NO_VALUE;
      else if (cur === NO_VALUE || cur === null) return NO_VALUE;
      else fail(`error calling index: cannot index slice/array with type ${goType(key)}`);
    }
    return cur;
  },
  len: (args) => {
    const v = args[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v !== null && typeof v === 'object') return Object.keys(v).length;
    return fail(`error calling len: len of type ${goType(v)}`);
  },
  print: (args) => args.map(printValue).join(''),
  println: (args) => `${args.map(printValue).join(' ')}\n`,
  printf: (args) => {
    const [format = '', ...rest] = args;
    let n = 0;
    return String(format).replace(/%([-+# 0]*\d*(?:\.\d+)?)([vsdqf%])/g, (_, _flags: string, verb: string) => {
      if (verb === '%') return '%';
      const v = rest[n++];
      if (verb === 'q') return JSON.stringify(printValue(v));
      if (verb === 'd' && typeof v === 'number') return String(Math.trunc(v));
      if (verb === 'f' && typeof v === 'number') return v.toFixed(6);
      return printValue(v);
    });
  },
  eq: (args) => args.slice(1).some((b) => args[0] === b),
  ne: (args) => args[0] !== args[1],
  lt: (args) => (args[0] as number) < (args[1] as number),
  le: (args) => (args[0] as number) <= (args[1] as number),
  gt: (args) => (args[0] as number) > (args[1] as number),
  ge: (args) => (args[0] as number) >= (args[1] as number),
  not: (args) => !truth(args[0]),
  and: (args) => args.find((a) => !truth(a)) ?? args[args.length - 1],
  or: (args) => args.find((a) => truth(a)) ?? args[args.length - 1],
};

function fail(message: string): never {
  throw new TemplateError('exec', message);
}

function callFunc(name: string, args: unknown[]): unknown {
  const fn = FUNCS[name];
  if (!fn) throw new TemplateError('exec', `function "${name}" not defined`);
  return fn(args);
}
