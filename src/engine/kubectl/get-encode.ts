/**
 * How kubectl serialises objects for `-o json` and `-o yaml`: Go's encoding/json over an unstructured
 * map (keys sorted, 4-space indent, HTML-safe escapes) and sigs.k8s.io/yaml (go-yaml v2: YAML 1.1
 * quoting rules, sequences not indented under their key, literal blocks, folding past column 80).
 */

/** `-o json`: json.MarshalIndent(obj, "", "    ") plus a newline. */
export function toJson(value: unknown): string {
  return `${goJson(value, '    ')}\n`;
}

/** json.Marshal / MarshalIndent with Go's key order and escaping. */
export function goJson(value: unknown, indent = ''): string {
  const text = JSON.stringify(sortKeys(value), null, indent || undefined) ?? 'null';
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Go's %v / strconv 'g' shortest formatting of a float64 (1e+06, 0.5, 1.5e-05). */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa = '', expText = '0'] = v.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(v);
}

const BEST_WIDTH = 80;

/** `-o yaml`: the object as sigs.k8s.io/yaml prints it. */
export function toYaml(value: unknown): string {
  const out = { text: '' };
  emitNode(value, 0, out, 'top');
  return out.text.endsWith('\n') ? out.text : `${out.text}\n`;
}

type Place = 'top' | 'value' | 'item';

/** Appends `value` to out.text. The cursor sits after `key:` (place 'value'), after `- ` ('item') or at a line start ('top'). */
function emitNode(value: unknown, indent: number, out: { text: string }, place: Place): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.text += place === 'top' ? '[]\n' : `${place === 'value' ? ' ' : ''}[]\n`;
      return;
    }
    // A sequence under a mapping key is not indented (go-yaml v2); under `- ` it continues on the same line.
    let first = true;
    for (const item of value) {
      if (place === 'value' && first) out.text += '\n';
      const pad = place === 'item' && first ? '' : ' '.repeat(indent);
      out.text += `${pad}-`;
      emitItem(item, indent + 2, out);
      first = false;
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort(yamlKeyLess);
    if (keys.length === 0) {
      out.text += place === 'top' ? '{}\n' : `${place === 'value' ? ' ' : ''}{}\n`;
      return;
    }
    let first = true;
    for (const key of keys) {
      if (place === 'value' && first) out.text += '\n';
      const pad = place === 'item' && first ? '' : ' '.repeat(indent);
      const keyText = scalarText(key, indent, pad.length, true);
      out.text += `${pad}${keyText}:`;
      const child = (value as Record<string, unknown>)[key];
      const childIndent = Array.isArray(child) ? indent : indent + 2;
      emitValue(child, childIndent, out, indent + 2);
      first = false;
    }
    return;
  }
  out.text += `${place === 'top' ? '' : ' '}${scalarText(value, indent, 0, false)}\n`;
}

/** After `- `: scalars and collections continue on the same line. */
function emitItem(item: unknown, indent: number, out: { text: string }): void {
  if (item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length > 0 : Object.keys(item).length > 0)) {
    out.text += ' ';
    emitNode(item, indent, out, 'item');
    return;
  }
  emitValue(item, indent, out, indent);
}

/** After `key:` or `-`: a collection on the next lines, or ` scalar`. */
function emitValue(value: unknown, collectionIndent: number, out: { text: string }, scalarIndent: number): void {
  if (value !== null && typeof value === 'object') {
    emitNode(value, collectionIndent, out, 'value');
    return;
  }
  const lineStart = out.text.lastIndexOf('\n') + 1;
  const column = out.text.length - lineStart + 1;
  out.text += ` ${scalarText(value, scalarIndent, column, false)}\n`;
}

function scalarText(value: unknown, indent: number, column: number, simpleKey: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  const s = String(value);
  if (s.includes('\n') && !simpleKey && blockAllowed(s)) return literal(s, indent);
  const style = chooseStyle(s);
  if (style === 'plain') return simpleKey ? s : fold(s, indent, column, 'plain');
  if (style === 'single') return simpleKey ? `'${s.replace(/'/g, "''")}'` : fold(`'${s.replace(/'/g, "''")}'`, indent, column, 'single');
  return doubleQuoted(s);
}

function blockAllowed(s: string): boolean {
  if (/[^\n\x20-\x7e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(s)) return false;
  if (/ \n/.test(s)) return false;
  if (s.endsWith(' ')) return false;
  return true;
}

function literal(s: string, indent: number): string {
  let hints = '|';
  if (s.startsWith(' ') || s.startsWith('\n')) hints += '2';
  if (!s.endsWith('\n')) hints += '-';
  else if (s === '\n' || s.endsWith('\n\n')) hints += '+';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const pad = ' '.repeat(indent);
  return `${hints}\n${body
    .split('\n')
    .map((line) => (line === '' ? '' : pad + line))
    .join('\n')}`;
}

/** go-yaml v2 resolve(): would this plain text read back as something other than a string? */
function resolvesToNonString(s: string): boolean {
  if (['', '~', 'null', 'Null', 'NULL'].includes(s)) return true;
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(s)) return true;
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(s)) return true;
  if (!/^[-+.0-9]/.test(s)) return false;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$/.test(plain)) return true;
  if (/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return true;
  if (/^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| +)\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?(?: *(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/.test(s)) return true;
  return false;
}

/** yaml_emitter_analyze_scalar + select_style for a string go-yaml would emit plain if it could. */
function chooseStyle(s: string): 'plain' | 'single' | 'double' {
  if (resolvesToNonString(s)) return 'double';
  if (/[^\n\x20-\x7e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(s)) return 'double';
  if (s.includes('\n')) return 'double';
  let plain = true;
  const first = s[0] ?? '';
  const followedBySpace = (i: number) => i + 1 >= s.length || s[i + 1] === ' ';
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) plain = false;
  if ((first === '?' || first === ':' || first === '-') && followedBySpace(0)) plain = false;
  for (let i = 1; i < s.length && plain; i++) {
    const c = s[i];
    if (c === ':' && followedBySpace(i)) plain = false;
    if (c === '#' && s[i - 1] === ' ') plain = false;
  }
  if (s.startsWith(' ') || s.endsWith(' ')) plain = false;
  return plain ? 'plain' : 'single';
}

/** Plain and single-quoted scalars break at a space once the line is past column 80. */
function fold(text: string, indent: number, startColumn: number, _style: 'plain' | 'single'): string {
  let column = startColumn;
  let out = '';
  let spaces = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === ' ') {
      if (!spaces && column > BEST_WIDTH && i !== 0 && i !== text.length - 1 && text[i + 1] !== ' ') {
        out += `\n${' '.repeat(indent)}`;
        column = indent;
      } else {
        out += c;
        column++;
      }
      spaces = true;
    } else {
      out += c;
      column++;
      spaces = false;
    }
  }
  return out;
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0) as number;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (code === 0) out += '\\0';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code === 0xfeff) out += '\\uFEFF';
    else out += c;
  }
  return `${out}"`;
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** go-yaml v2 keyList.Less: letters compare by code point, other characters first, digit runs numerically. */
function yamlKeyLess(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] as string;
    const bc = br[i] as string;
    if (ac === bc) continue;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ac < bc ? -1 : 1;
  }
  return ar.length - br.length;
}
