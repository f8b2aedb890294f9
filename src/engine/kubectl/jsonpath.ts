/**
 * client-go's JSONPath (k8s.io/client-go/util/jsonpath) as `kubectl -o jsonpath=` uses it, with
 * missing keys allowed: text, `{.a.b}`, `{.items[*].x}`, `[n]`, `[a:b]`, `['key']`, `[?(@.x=="y")]`,
 * `..x`, `.*`, `{range …}…{end}` and quoted literals like `{"\n"}`. Several results of one
 * expression are joined with a space; maps and lists print as compact JSON.
 */
import { goFloat, goJson } from './get-encode.ts';

type Step =
  | { t: 'field'; name: string }
  | { t: 'recursive'; name: string }
  | { t: 'wildcard' }
  | { t: 'index'; start?: number; end?: number; slice: boolean; all: boolean }
  | { t: 'filter'; left: Step[]; op?: string; right?: Step[] | string | number | boolean };

type Node =
  | { t: 'text'; text: string }
  | { t: 'path'; steps: Step[]; root: boolean }
  | { t: 'range'; steps: Step[]; body: Node[] };

export class JsonPathError extends Error {}

export function parseJsonPath(template: string): Node[] {
  const stack: Node[][] = [[]];
  const rangeStack: { steps: Step[] }[] = [];
  let i = 0;
  let text = '';
  const flushText = () => {
    if (text) (stack[stack.length - 1] as Node[]).push({ t: 'text', text });
    text = '';
  };
  while (i < template.length) {
    const c = template[i] as string;
    if (c !== '{') {
      text += c;
      i++;
      continue;
    }
    const close = findClose(template, i + 1);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    flushText();
    const inside = template.slice(i + 1, close).trim();
    i = close + 1;
    const top = stack[stack.length - 1] as Node[];
    if (inside === 'end') {
      const range = rangeStack.pop();
      if (!range) throw new JsonPathError('not in range, nothing to end');
      const body = stack.pop() as Node[];
      (stack[stack.length - 1] as Node[]).push({ t: 'range', steps: range.steps, body });
      continue;
    }
    if (inside.startsWith('range ') || inside === 'range') {
      rangeStack.push({ steps: parsePath(inside.slice(5).trim()) });
      stack.push([]);
      continue;
    }
    if (inside.startsWith('"') || inside.startsWith("'")) {
      top.push({ t: 'text', text: unquote(inside) });
      continue;
    }
    if (inside === '') continue;
    const first = inside[0] as string;
    if (!'.@$['.includes(first)) throw new JsonPathError(`unrecognized identifier ${inside.split(/[.[\s]/)[0] ?? inside}`);
    top.push({ t: 'path', steps: parsePath(inside), root: first === '$' });
  }
  flushText();
  if (rangeStack.length > 0) throw new JsonPathError('unclosed range');
  return stack[0] as Node[];
}

function findClose(s: string, from: number): number {
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

function unquote(q: string): string {
  const body = q.slice(1, -1);
  return body.replace(/\\(n|t|r|"|'|\\)/g, (_, e: string) => ({ n: '\n', t: '\t', r: '\r' })[e as 'n'] ?? e);
}

function parsePath(text: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  if (text[0] === '$' || text[0] === '@') i = 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '.') {
      if (text[i + 1] === '.') {
        const m = /^[\w-]+|^\*/.exec(text.slice(i + 2));
        const name = m?.[0] ?? '';
        steps.push(name === '*' ? { t: 'recursive', name: '' } : { t: 'recursive', name });
        i += 2 + name.length;
        continue;
      }
      if (text[i + 1] === '*') {
        steps.push({ t: 'wildcard' });
        i += 2;
        continue;
      }
      // parseField: `\.` keeps a dot inside the name (`labels.kubernetes\.io/hostname`).
      const m = /^(?:\\.|[^.[\s()=!<>\\])*/.exec(text.slice(i + 1));
      const raw = m?.[0] ?? '';
      if (raw) steps.push({ t: 'field', name: raw.replace(/\\\./g, '.') });
      i += 1 + raw.length;
      continue;
    }
    if (c === '[') {
      const end = matchBracket(text, i);
      const inner = text.slice(i + 1, end).trim();
      i = end + 1;
      if (inner.startsWith('?(') && inner.endsWith(')')) {
        steps.push(parseFilter(inner.slice(2, -1)));
      } else if (inner === '*') {
        steps.push({ t: 'index', slice: true, all: true });
      } else if (/^['"]/.test(inner)) {
        steps.push({ t: 'field', name: unquote(inner) });
      } else if (inner.includes(':')) {
        const [a = '', b = ''] = inner.split(':');
        const step: Step = { t: 'index', slice: true, all: false };
        if (a.trim()) step.start = Number(a);
        if (b.trim()) step.end = Number(b);
        steps.push(step);
      } else if (/^-?\d+$/.test(inner)) {
        steps.push({ t: 'index', start: Number(inner), slice: false, all: false });
      } else throw new JsonPathError(`invalid array index ${inner}`);
      continue;
    }
    if (c === ' ') {
      i++;
      continue;
    }
    throw new JsonPathError(`unrecognized character in action: ${c}`);
  }
  return steps;
}

function matchBracket(s: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unterminated array');
}

function parseFilter(expr: string): Step {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(expr);
  if (!m) return { t: 'filter', left: parsePath(expr.trim()) };
  const right = (m[3] ?? '').trim();
  let value: Step[] | string | number | boolean;
  if (/^['"]/.test(right)) value = unquote(right);
  else if (right === 'true' || right === 'false') value = right === 'true';
  else if (/^-?\d+(\.\d+)?$/.test(right)) value = Number(right);
  else value = parsePath(right);
  return { t: 'filter', left: parsePath((m[1] ?? '').trim()), op: m[2] as string, right: value };
}

function walk(values: unknown[], steps: Step[]): unknown[] {
  let cur = values;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) apply(step, v, next);
    cur = next;
  }
  return cur;
}

function apply(step: Step, v: unknown, out: unknown[]): void {
  switch (step.t) {
    case 'field':
      if (isMap(v) && Object.hasOwn(v, step.name)) out.push(v[step.name]);
      return;
    case 'wildcard':
      if (Array.isArray(v)) out.push(...v);
      else if (isMap(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
      return;
    case 'recursive':
      collect(v, step.name, out);
      return;
    case 'index': {
      if (!Array.isArray(v)) return;
      if (step.all) {
        out.push(...v);
        return;
      }
      const len = v.length;
      if (!step.slice) {
        const idx = (step.start ?? 0) < 0 ? len + (step.start ?? 0) : (step.start ?? 0);
        if (idx >= 0 && idx < len) out.push(v[idx]);
        return;
      }
      let start = step.start ?? 0;
      let end = step.end ?? len;
      if (start < 0) start += len;
      if (end < 0) end += len;
      out.push(...v.slice(Math.max(0, start), Math.min(len, end)));
      return;
    }
    case 'filter': {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) if (matches(step, item)) out.push(item);
      return;
    }
  }
}

function collect(v: unknown, name: string, out: unknown[]): void {
  if (Array.isArray(v)) {
    for (const x of v) collect(x, name, out);
  } else if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (name === '' || k === name) out.push(v[k]);
    }
    for (const k of Object.keys(v)) collect(v[k], name, out);
  }
}

function matches(step: Extract<Step, { t: 'filter' }>, item: unknown): boolean {
  const left = walk([item], step.left);
  if (step.op === undefined) return left.length > 0;
  const rights = Array.isArray(step.right) ? walk([item], step.right) : [step.right];
  for (const l of left) {
    for (const r of rights) {
      switch (step.op) {
        case '==':
          if (l === r) return true;
          break;
        case '!=':
          if (l !== r) return true;
          break;
        case '<':
          if (typeof l === 'number' && typeof r === 'number' && l < r) return true;
          break;
        case '>':
          if (typeof l === 'number' && typeof r === 'number' && l > r) return true;
          break;
        case '<=':
          if (typeof l === 'number' && typeof r === 'number' && l <= r) return true;
          break;
        case '>=':
          if (typeof l === 'number' && typeof r === 'number' && l >= r) return true;
          break;
        case '=~':
          if (typeof l === 'string' && typeof r === 'string' && new RegExp(r).test(l)) return true;
          break;
      }
    }
  }
  return false;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** PrintResults: maps and lists as compact JSON, other values as fmt.Fprint would. */
function toText(v: unknown): string {
  if (v !== null && typeof v === 'object') return goJson(v);
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return String(v);
}

function execute(nodes: Node[], data: unknown, root: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.t === 'text') out += node.text;
    else if (node.t === 'path') out += walk([node.root ? root : data], node.steps).map(toText).join(' ');
    else for (const item of walk([data], node.steps)) out += execute(node.body, item, root);
  }
  return out;
}

/** Runs a JSONPath template over one object (or a List). Throws JsonPathError on a bad template. */
export function runJsonPath(template: string, data: unknown): string {
  return execute(parseJsonPath(template), data, data);
}
