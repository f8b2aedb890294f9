/**
 * API-server validation for the kinds the simulator stores, with upstream's exact wording.
 *
 * Mirrors `pkg/apis/apps/validation` (StatefulSet, ControllerRevision), `pkg/apis/core/validation`
 * (Pod, PersistentVolumeClaim, PersistentVolume, Service, Namespace, Node, ConfigMap, Endpoints, Event),
 * `pkg/apis/storage/validation` (StorageClass), `pkg/apis/discovery/validation` (EndpointSlice, light) and
 * apimachinery's object-meta, name, label and field-error helpers as of Kubernetes v1.36 (apimachinery
 * v0.36): bad values render as JSON (`Invalid value: {"app":"web"}`), label and label-key length errors
 * say "bytes", DNS name length errors say "characters". Objects are plain JSON; a value of the wrong JSON
 * type (a string where a number belongs, a fraction in an integer field, an int32 out of range) becomes a
 * field error instead of the decode failure the real API server would return. Pure; never throws.
 */

import type { FieldError, K8sObject } from '../model/types.ts';
import { canonicalQuantity } from '../model/quantity.ts';
import {
  applyDefaults,
  CLUSTER_SCOPED_KINDS,
  compareQuantity,
  parseQuantity,
  POD_VOLUME_SOURCES,
  type ApiContext,
  type QuantityValue,
} from './defaults.ts';

export type { ApiContext } from './defaults.ts';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Rendering bad values like `field.Error.ErrorBody` (apimachinery v0.36)

/** A Go struct value: rendered as JSON with its fields in declaration order (internal types have no json tags). */
class GoStruct {
  readonly entries: readonly (readonly [string, unknown])[];
  constructor(entries: readonly (readonly [string, unknown])[]) {
    this.entries = entries;
  }
}

export function goStruct(...entries: (readonly [string, unknown])[]): GoStruct {
  return new GoStruct(entries);
}

/** `strconv.Quote`: Go's double-quoted string with Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
      default:
        break;
    }
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** Go's `%v` for a float64 (JSON numbers): shortest form, `+Inf`/`-Inf`/`NaN` for non-finite values. */
function goNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

function goJsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** `json.Marshal`: map keys sorted, HTML characters escaped, structs in field order. */
function goJson(v: unknown): string {
  if (v instanceof GoStruct) {
    return '{' + v.entries.map(([k, val]) => goJsonString(k) + ':' + goJson(val)).join(',') + '}';
  }
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map((x) => goJson(x)).join(',') + ']';
  if (isObj(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .toSorted();
    return '{' + keys.map((k) => goJsonString(k) + ':' + goJson(v[k])).join(',') + '}';
  }
  return 'null';
}

/** Renders a bad value as `ErrorBody` does: %v for numbers and booleans, %q for strings, JSON otherwise. */
export function render(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  return goJson(v);
}

// ---------------------------------------------------------------------------------------------
// Field errors (`field.Required`, `field.Invalid`, ...)

export function required(field: string, detail = ''): FieldError {
  return { field, detail: detail ? `Required value: ${detail}` : 'Required value' };
}
export function forbidden(field: string, detail: string): FieldError {
  return { field, detail: detail ? `Forbidden: ${detail}` : 'Forbidden' };
}
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { field, detail: `Invalid value: ${render(value)}` + (detail ? `: ${detail}` : '') };
}
export function notSupported(field: string, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length > 0 ? ': supported values: ' + valid.map((v) => goQuote(v)).join(', ') : '';
  return { field, detail: `Unsupported value: ${render(value)}${detail}` };
}
export function duplicate(field: string, value: unknown): FieldError {
  return { field, detail: `Duplicate value: ${render(value)}` };
}
export function notFound(field: string, value: unknown): FieldError {
  return { field, detail: `Not found: ${render(value)}` };
}
export function tooLong(field: string, max: number): FieldError {
  return { field, detail: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` };
}

export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/** Collects errors in order, dropping exact repeats (as `ErrorList.ToAggregate` does). */
export class Errors {
  readonly list: FieldError[] = [];
  /** The subset that reports JSON type problems (kept separately for fields upstream does not validate). */
  readonly typeErrors: FieldError[] = [];
  private readonly seen = new Set<string>();

  add(...errs: FieldError[]): void {
    for (const e of errs) {
      const id = `${e.field}\u0000${e.detail}`;
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      this.list.push(e);
    }
  }

  type(e: FieldError): void {
    this.typeErrors.push(e);
    this.add(e);
  }

  get count(): number {
    return this.list.length;
  }
}

// ---------------------------------------------------------------------------------------------
// Typed reads of untyped JSON (what Go's decoder would have enforced)

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function readObj(v: unknown, path: string, errs: Errors): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObj(v)) return v;
  errs.type(invalid(path, v, 'must be of type object'));
  return undefined;
}

export function readArr(v: unknown, path: string, errs: Errors): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v;
  errs.type(invalid(path, v, 'must be of type array'));
  return undefined;
}

export function readStr(v: unknown, path: string, errs: Errors): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  errs.type(invalid(path, v, 'must be of type string'));
  return undefined;
}

export function readBool(v: unknown, path: string, errs: Errors): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  errs.type(invalid(path, v, 'must be of type boolean'));
  return undefined;
}

/** An integer field: int32 unless `bits` is 64. Fractions, non-finite and out-of-range values are errors. */
export function readInt(v: unknown, path: string, errs: Errors, bits: 32 | 64 = 32): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') {
    errs.type(invalid(path, v, 'must be of type integer'));
    return undefined;
  }
  const [min, max, minText, maxText] =
    bits === 32
      ? [INT32_MIN, INT32_MAX, String(INT32_MIN), String(INT32_MAX)]
      : [-(2 ** 63), 2 ** 63, '-9223372036854775808', '9223372036854775807'];
  if (!Number.isFinite(v) || v < min || v >= max + (bits === 32 ? 1 : 0)) {
    errs.type(invalid(path, v, `must be between ${minText} and ${maxText}, inclusive`));
    return undefined;
  }
  if (!Number.isInteger(v)) {
    errs.type(invalid(path, v, 'must be an integer'));
    return undefined;
  }
  return v;
}

export function readStrList(v: unknown, path: string, errs: Errors): string[] | undefined {
  const arr = readArr(v, path, errs);
  if (!arr) return undefined;
  const out: string[] = [];
  arr.forEach((item, i) => {
    const s = readStr(item, index(path, i), errs);
    if (s !== undefined) out.push(s);
  });
  return out;
}

export function readStrMap(v: unknown, path: string, errs: Errors): Record<string, string> | undefined {
  const o = readObj(v, path, errs);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) {
    if (val === undefined) continue;
    const s = typeof val === 'string' ? val : undefined;
    if (s === undefined) errs.type(invalid(key(path, k), val, 'must be of type string'));
    else out[k] = s;
  }
  return out;
}

export function objList(v: unknown, path: string, errs: Errors): { item: Obj; path: string }[] {
  const arr = readArr(v, path, errs);
  if (!arr) return [];
  const out: { item: Obj; path: string }[] = [];
  arr.forEach((item, i) => {
    const p = index(path, i);
    const o = readObj(item, p, errs);
    if (o) out.push({ item: o, path: p });
    else if (item === null) out.push({ item: {}, path: p });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Names, labels and keys (apimachinery `util/validation` and `api/validate/content`)

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const PERCENT_FMT = '[0-9]+%';

const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const LABEL_KEY_RE = new RegExp(`^${LABEL_KEY_FMT}$`);
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const CONFIG_MAP_KEY_RE = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);
const PERCENT_RE = new RegExp(`^${PERCENT_FMT}$`);

/** `RegexError`: note upstream's `',  or '` between examples (two spaces) is reproduced on purpose. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or ';
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

/** Length in bytes of the UTF-8 encoding, as Go's `len(string)`. */
function byteLen(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** `util/validation.MaxLenError` (DNS names): characters. */
function maxLenChars(n: number): string {
  return `must be no more than ${n} characters`;
}
/** `validate/content.MaxLenError` (labels and keys, v1.35+): bytes. */
function maxLenBytes(n: number): string {
  return `must be no more than ${n} bytes`;
}

/** `validation.IsDNS1123Label`. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenChars(63));
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else {
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc'
        )
      );
    }
  }
  return errs;
}

/** `validation.IsDNS1123Subdomain`; `bytes` selects the `content` variant's length wording. */
export function isDNS1123Subdomain(value: string, bytes = false): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 253) errs.push(bytes ? maxLenBytes(253) : maxLenChars(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com'
      )
    );
  }
  return errs;
}

/** `validation.IsDNS1035Label` (Service names). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenChars(63));
  if (!DNS1035_LABEL_RE.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123'
      )
    );
  }
  return errs;
}

const LABEL_KEY_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** `content.IsLabelKey` (= `IsQualifiedName`): optional DNS-subdomain prefix, `/`, name of at most 63 bytes. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix, true).map((m) => `prefix part ${m}`));
  } else {
    return [
      'a valid label key ' +
        regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLen(name) > 63) errs.push(`name part ${maxLenBytes(63)}`);
  if (!LABEL_KEY_RE.test(name)) {
    errs.push('name part ' + regexError(LABEL_KEY_ERR, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc'));
  }
  return errs;
}

/** `content.IsLabelValue`: empty, or at most 63 bytes of `[-A-Za-z0-9_.]` starting and ending alphanumeric. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenBytes(63));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345'
      )
    );
  }
  return errs;
}

export function isValidPercent(v: string): string[] {
  return PERCENT_RE.test(v)
    ? []
    : [regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%')];
}

export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 253) errs.push(maxLenChars(253));
  if (!CONFIG_MAP_KEY_RE.test(v)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name'
      )
    );
  }
  if (v === '.') errs.push("must not be '.'");
  else if (v === '..') errs.push("must not be '..'");
  else if (v.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** `validation.IsValidPortNum`. */
function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** `validation.IsValidPortName` (IANA service names). */
function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLen(port) > 15) errs.push(maxLenChars(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

function parseIPv4(v: string): number[] | undefined {
  const parts = v.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** `validation.IsValidIP` (strict form): IPv4 without leading zeros, or an IPv6 address. */
function isValidIP(path: string, v: string): FieldError[] {
  const v4 = parseIPv4(v);
  if (v4) {
    if (v.split('.').some((p) => p.length > 1 && p.startsWith('0'))) return [invalid(path, v, 'must not have leading 0s')];
    return [];
  }
  if (v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v) && (v.match(/::/g) ?? []).length <= 1) return [];
  return [invalid(path, v, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

export type NameFn = (name: string, prefix: boolean) => string[];

/** `maskTrailingDash`: a generateName prefix may end with `-`. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name;
}

export const nameIsDNSSubdomain: NameFn = (n, p) => isDNS1123Subdomain(p ? maskTrailingDash(n) : n);
export const nameIsDNSLabel: NameFn = (n, p) => isDNS1123Label(p ? maskTrailingDash(n) : n);
export const nameIsDNS1035Label: NameFn = (n, p) => isDNS1035Label(p ? maskTrailingDash(n) : n);

// ---------------------------------------------------------------------------------------------
// Object meta (`ValidateObjectMeta`, `ValidateObjectMetaUpdate`)

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** `ValidateLabels`: every error is reported on the map's own path, as upstream does. */
export function validateLabels(labels: unknown, path: string, errs: Errors): void {
  const m = readStrMap(labels, path, errs);
  if (!m) return;
  for (const [k, v] of Object.entries(m)) {
    for (const msg of isQualifiedName(k)) errs.add(invalid(path, k, msg));
    for (const msg of isValidLabelValue(v)) errs.add(invalid(path, v, msg));
  }
}

/** `ValidateAnnotations`: keys are qualified names (case-insensitive); 256 KiB in total. */
export function validateAnnotations(annotations: unknown, path: string, errs: Errors): void {
  const m = readStrMap(annotations, path, errs);
  if (!m) return;
  let size = 0;
  for (const [k, v] of Object.entries(m)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.add(invalid(path, k, msg));
    size += byteLen(k) + byteLen(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.add(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
}

function validateOwnerReferences(refs: unknown, path: string, errs: Errors): void {
  let controller = '';
  for (const { item, path: p } of objList(refs, path, errs)) {
    const apiVersion = readStr(item['apiVersion'], child(p, 'apiVersion'), errs) ?? '';
    const kind = readStr(item['kind'], child(p, 'kind'), errs) ?? '';
    const name = readStr(item['name'], child(p, 'name'), errs) ?? '';
    const uid = readStr(item['uid'], child(p, 'uid'), errs) ?? '';
    const isController = readBool(item['controller'], child(p, 'controller'), errs) ?? false;
    readBool(item['blockOwnerDeletion'], child(p, 'blockOwnerDeletion'), errs);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version.length === 0) errs.add(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (kind.length === 0) errs.add(invalid(child(path, 'kind'), kind, 'must not be empty'));
    if (name.length === 0) errs.add(invalid(child(path, 'name'), name, 'must not be empty'));
    if (uid.length === 0) errs.add(invalid(child(path, 'uid'), uid, 'must not be empty'));
    if (isController) {
      const cur = `${kind}/${name}`;
      if (controller !== '') {
        errs.add(
          invalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${cur}`
          )
        );
      } else controller = cur;
    }
  }
}

function validateFinalizers(finalizers: unknown, path: string, errs: Errors): void {
  const list = readStrList(finalizers, path, errs);
  if (!list) return;
  for (const f of list) for (const msg of isQualifiedName(f)) errs.add(invalid(path, f, msg));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.add(invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  list.forEach((f, i) => {
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.add(invalid(index(path, i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
}

/** Reads `metadata` of an object, reporting a type error when it is not an object. */
function metaOf(obj: K8sObject, errs: Errors): Obj {
  return readObj((obj as Obj)['metadata'], 'metadata', errs) ?? {};
}

/** `ValidateObjectMeta` (core variant: also checks legacy finalizer names). */
export function validateObjectMeta(obj: K8sObject, namespaced: boolean, nameFn: NameFn, errs: Errors): void {
  const meta = metaOf(obj, errs);
  const path = 'metadata';
  const generateName = readStr(meta['generateName'], child(path, 'generateName'), errs) ?? '';
  const name = readStr(meta['name'], child(path, 'name'), errs) ?? '';
  if (generateName.length > 0) {
    for (const msg of nameFn(generateName, true)) errs.add(invalid(child(path, 'generateName'), generateName, msg));
  }
  if (name.length === 0) errs.add(required(child(path, 'name'), 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) errs.add(invalid(child(path, 'name'), name, msg));
  const namespace = readStr(meta['namespace'], child(path, 'namespace'), errs) ?? '';
  if (namespaced) {
    if (namespace.length === 0) errs.add(required(child(path, 'namespace')));
    else for (const msg of nameIsDNSLabel(namespace, false)) errs.add(invalid(child(path, 'namespace'), namespace, msg));
  } else if (namespace.length > 0) {
    errs.add(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  const generation = readInt(meta['generation'], child(path, 'generation'), errs, 64);
  if (generation !== undefined && generation < 0) {
    errs.add(invalid(child(path, 'generation'), generation, 'must be greater than or equal to 0'));
  }
  validateLabels(meta['labels'], child(path, 'labels'), errs);
  validateAnnotations(meta['annotations'], child(path, 'annotations'), errs);
  validateOwnerReferences(meta['ownerReferences'], child(path, 'ownerReferences'), errs);
  validateFinalizers(meta['finalizers'], child(path, 'finalizers'), errs);
}

/** `ValidateObjectMetaUpdate`. The caller owns resourceVersion, uid and timestamps, so only set values are compared. */
export function validateObjectMetaUpdate(obj: K8sObject, old: K8sObject, errs: Errors): void {
  const meta = metaOf(obj, errs);
  const oldMeta = isObj((old as Obj)['metadata']) ? ((old as Obj)['metadata'] as Obj) : {};
  const path = 'metadata';
  if (!unsetValue(oldMeta['deletionTimestamp'])) {
    const newF = Array.isArray(meta['finalizers']) ? meta['finalizers'].filter((f) => typeof f === 'string') : [];
    const oldF = Array.isArray(oldMeta['finalizers']) ? oldMeta['finalizers'] : [];
    const extra = [...new Set(newF.filter((f) => !oldF.includes(f)))].toSorted();
    if (extra.length > 0) {
      errs.add(
        forbidden(
          child(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((f) => goQuote(f)).join(', ')}}`
        )
      );
    }
  }
  const gen = typeof meta['generation'] === 'number' ? meta['generation'] : undefined;
  const oldGen = typeof oldMeta['generation'] === 'number' ? oldMeta['generation'] : undefined;
  if (gen !== undefined && oldGen !== undefined && gen < oldGen) {
    errs.add(invalid(child(path, 'generation'), gen, 'must not be decremented'));
  }
  for (const f of ['name', 'namespace']) {
    const a = meta[f] ?? '';
    const b = oldMeta[f] ?? '';
    if (a !== b) errs.add(invalid(child(path, f), a, 'field is immutable'));
  }
  for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
    if (unsetValue(meta[f]) || unsetValue(oldMeta[f])) continue;
    if (meta[f] !== oldMeta[f]) errs.add(invalid(child(path, f), meta[f], 'field is immutable'));
  }
  validateLabels(meta['labels'], child(path, 'labels'), errs);
  validateAnnotations(meta['annotations'], child(path, 'annotations'), errs);
  validateOwnerReferences(meta['ownerReferences'], child(path, 'ownerReferences'), errs);
  const finalizers = readStrList(meta['finalizers'], child(path, 'finalizers'), errs) ?? [];
  finalizers.forEach((f, i) => {
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.add(invalid(index(child(path, 'finalizers'), i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
}

export function unsetValue(v: unknown): boolean {
  return v === undefined || v === null;
}

export function nonNegative(v: number | undefined, path: string, errs: Errors): void {
  if (v !== undefined && v < 0) errs.add(invalid(path, v, 'must be greater than or equal to 0'));
}

// ---------------------------------------------------------------------------------------------
// Semantic equality (`apiequality.Semantic.DeepEqual` on decoded objects)

/** Drops what Go decodes to a zero value indistinguishable from "unset": null, "", empty lists and maps. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x));
    return items.length === 0 ? undefined : items.map((x) => (x === undefined ? null : x));
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).toSorted()) {
      const n = normalize(v[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (v === null || v === '') return undefined;
  return v;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return goJson(normalize(a)) === goJson(normalize(b));
}

// ---------------------------------------------------------------------------------------------
// Label selectors

export interface SelectorInfo {
  /** The selector as metav1.LabelSelector renders (json tags, omitempty). */
  rendered: GoStruct;
  matchLabels: Record<string, string>;
  expressions: { key: string; operator: string; values: string[] }[];
  empty: boolean;
}

/** `ValidateLabelSelector` (strict values). Returns the decoded selector and whether it converts cleanly. */
export function validateLabelSelector(sel: Obj, path: string, errs: Errors): { info: SelectorInfo; ok: boolean } {
  const before = errs.count;
  const matchLabels = readStrMap(sel['matchLabels'], child(path, 'matchLabels'), errs) ?? {};
  validateLabels(matchLabels, child(path, 'matchLabels'), errs);
  const expressions: SelectorInfo['expressions'] = [];
  for (const { item, path: p } of objList(sel['matchExpressions'], child(path, 'matchExpressions'), errs)) {
    const k = readStr(item['key'], child(p, 'key'), errs) ?? '';
    const op = readStr(item['operator'], child(p, 'operator'), errs) ?? '';
    const values = readStrList(item['values'], child(p, 'values'), errs) ?? [];
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.add(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.add(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.add(invalid(child(p, 'operator'), op, 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(k)) errs.add(invalid(child(p, 'key'), k, msg));
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.add(invalid(index(child(p, 'values'), i), v, msg));
    });
    expressions.push({ key: k, operator: op, values });
  }
  const entries: [string, unknown][] = [];
  if (Object.keys(matchLabels).length > 0) entries.push(['matchLabels', matchLabels]);
  if (expressions.length > 0) {
    entries.push([
      'matchExpressions',
      expressions.map((e) =>
        goStruct(['key', e.key], ['operator', e.operator], ...(e.values.length > 0 ? [['values', e.values] as const] : []))
      ),
    ]);
  }
  const info: SelectorInfo = {
    rendered: new GoStruct(entries),
    matchLabels,
    expressions,
    empty: Object.keys(matchLabels).length + expressions.length === 0,
  };
  return { info, ok: errs.count === before };
}

export function selectorMatches(info: SelectorInfo, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(info.matchLabels)) if (labels[k] !== v) return false;
  for (const e of info.expressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const val = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || val === undefined || !e.values.includes(val)) return false;
        break;
      case 'NotIn':
        if (has && val !== undefined && e.values.includes(val)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Pod spec (`ValidatePodSpec` and helpers)

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;
const MAX_INT32 = 2147483647;

function validateIntOrStringPort(v: unknown, path: string, errs: Errors): void {
  if (v === undefined || v === null) {
    errs.add(invalid(path, 0, 'must be between 1 and 65535, inclusive'));
    return;
  }
  if (typeof v === 'string') {
    for (const msg of isValidPortName(v)) errs.add(invalid(path, v, msg));
    return;
  }
  const n = readInt(v, path, errs);
  if (n !== undefined) for (const msg of isValidPortNum(n)) errs.add(invalid(path, n, msg));
}

function validateHandler(handler: Obj, path: string, errs: Errors): void {
  let count = 0;
  for (const h of HANDLERS) {
    const action = readObj(handler[h], child(path, h), errs);
    if (!action) continue;
    if (count > 0) {
      errs.add(forbidden(child(path, h), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const p = child(path, h);
    if (h === 'httpGet') {
      const hp = readStr(action['path'], child(p, 'path'), errs) ?? '';
      if (hp.length === 0) errs.add(required(child(p, 'path')));
      validateIntOrStringPort(action['port'], child(p, 'port'), errs);
      const scheme = readStr(action['scheme'], child(p, 'scheme'), errs) ?? '';
      if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.add(notSupported(child(p, 'scheme'), scheme, ['HTTP', 'HTTPS']));
    } else if (h === 'tcpSocket') {
      validateIntOrStringPort(action['port'], child(p, 'port'), errs);
    } else if (h === 'grpc') {
      const port = readInt(action['port'], child(p, 'port'), errs) ?? 0;
      for (const msg of isValidPortNum(port)) errs.add(invalid(child(p, 'port'), port, msg));
    } else if (h === 'exec') {
      const cmd = readStrList(action['command'], child(p, 'command'), errs) ?? [];
      if (cmd.length === 0) errs.add(required(child(p, 'command')));
    } else {
      readInt(action['seconds'], child(p, 'seconds'), errs, 64);
    }
  }
  if (count === 0) errs.add(required(path, 'must specify a handler type'));
}

/** `validateProbe` plus the liveness/startup `successThreshold` rule. */
function validateProbe(probe: Obj, path: string, kind: 'liveness' | 'readiness' | 'startup', errs: Errors): void {
  validateHandler(probe, path, errs);
  const ints: Record<string, number | undefined> = {};
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    ints[f] = readInt(probe[f], child(path, f), errs);
    nonNegative(ints[f], child(path, f), errs);
  }
  const grace = readInt(probe['terminationGracePeriodSeconds'], child(path, 'terminationGracePeriodSeconds'), errs, 64);
  if (grace !== undefined && grace <= 0) errs.add(invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  if (kind !== 'readiness' && (ints['successThreshold'] ?? 0) !== 1) {
    errs.add(invalid(child(path, 'successThreshold'), ints['successThreshold'] ?? 0, 'must be 1'));
  }
  if (kind === 'readiness' && grace !== undefined) {
    errs.add(invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must not be set for readinessProbes'));
  }
}

function validateContainerPorts(ports: unknown, path: string, errs: Errors): void {
  const names = new Set<string>();
  for (const { item, path: p } of objList(ports, path, errs)) {
    const name = readStr(item['name'], child(p, 'name'), errs) ?? '';
    if (name.length > 0) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const msg of msgs) errs.add(invalid(child(p, 'name'), name, msg));
      else if (names.has(name)) errs.add(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const containerPort = readInt(item['containerPort'], child(p, 'containerPort'), errs) ?? 0;
    if (containerPort === 0) errs.add(required(child(p, 'containerPort')));
    else for (const msg of isValidPortNum(containerPort)) errs.add(invalid(child(p, 'containerPort'), containerPort, msg));
    const hostPort = readInt(item['hostPort'], child(p, 'hostPort'), errs) ?? 0;
    if (hostPort !== 0) for (const msg of isValidPortNum(hostPort)) errs.add(invalid(child(p, 'hostPort'), hostPort, msg));
    const protocol = readStr(item['protocol'], child(p, 'protocol'), errs) ?? '';
    if (protocol.length === 0) errs.add(required(child(p, 'protocol')));
    else if (!PROTOCOLS.includes(protocol)) errs.add(notSupported(child(p, 'protocol'), protocol, PROTOCOLS));
  }
}

export function validateResources(res: unknown, path: string, errs: Errors): void {
  const r = readObj(res, path, errs);
  if (!r) return;
  for (const list of ['limits', 'requests']) {
    const m = readObj(r[list], child(path, list), errs);
    if (!m) continue;
    for (const [k, v] of Object.entries(m)) {
      const q = parseQuantity(v);
      if ('error' in q) errs.type(invalid(key(child(path, list), k), v, q.error));
      else if (q.value.num < 0n) errs.add(invalid(key(child(path, list), k), String(v), 'must be greater than or equal to 0'));
    }
  }
  // Requests may not exceed limits; resources that cannot be overcommitted need them equal.
  const requests = isObj(r['requests']) ? r['requests'] : {};
  const limits = isObj(r['limits']) ? r['limits'] : {};
  for (const [name, v] of Object.entries(requests)) {
    if (!(name in limits)) continue;
    const req = parseQuantity(v);
    const lim = parseQuantity(limits[name]);
    if ('error' in req || 'error' in lim) continue;
    const cmp = compareQuantity(req.value, lim.value);
    const native = !name.includes('/') || name.startsWith('kubernetes.io/');
    const overcommit = native && !name.startsWith('hugepages-');
    if (cmp !== 0 && !overcommit) errs.add(invalid(child(path, 'requests'), shown(v), `must be equal to ${name} limit of ${shown(limits[name])}`));
    else if (cmp > 0) errs.add(invalid(child(path, 'requests'), shown(v), `must be less than or equal to ${name} limit of ${shown(limits[name])}`));
  }
}

function shown(x: unknown): string {
  return canonicalQuantity(x) ?? String(x);
}

/** `validateContainerCommon` plus the per-list rules of `validateContainers` / `validateInitContainers`. */
export function validateContainer(c: Obj, path: string, volumes: Set<string>, init: boolean, errs: Errors): string {
  const name = readStr(c['name'], child(path, 'name'), errs) ?? '';
  if (name.length === 0) errs.add(required(child(path, 'name')));
  else for (const msg of isDNS1123Label(name)) errs.add(invalid(child(path, 'name'), name, msg));
  const image = readStr(c['image'], child(path, 'image'), errs) ?? '';
  if (image.length === 0) errs.add(required(child(path, 'image')));
  const tmp = readStr(c['terminationMessagePolicy'], child(path, 'terminationMessagePolicy'), errs) ?? '';
  if (tmp === '') errs.add(required(child(path, 'terminationMessagePolicy')));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    errs.add(notSupported(child(path, 'terminationMessagePolicy'), tmp, TERMINATION_MESSAGE_POLICIES));
  }
  readStr(c['terminationMessagePath'], child(path, 'terminationMessagePath'), errs);
  readStrList(c['command'], child(path, 'command'), errs);
  readStrList(c['args'], child(path, 'args'), errs);
  validateContainerPorts(c['ports'], child(path, 'ports'), errs);
  for (const { item, path: p } of objList(c['env'], child(path, 'env'), errs)) {
    const envName = readStr(item['name'], child(p, 'name'), errs) ?? '';
    if (envName.length === 0) errs.add(required(child(p, 'name')));
    readStr(item['value'], child(p, 'value'), errs);
  }
  const mountPaths = new Set<string>();
  for (const { item, path: p } of objList(c['volumeMounts'], child(path, 'volumeMounts'), errs)) {
    const mName = readStr(item['name'], child(p, 'name'), errs) ?? '';
    if (mName.length === 0) errs.add(required(child(p, 'name')));
    if (!volumes.has(mName)) errs.add(notFound(child(p, 'name'), mName));
    const mountPath = readStr(item['mountPath'], child(p, 'mountPath'), errs) ?? '';
    if (mountPath.length === 0) errs.add(required(child(p, 'mountPath')));
    if (mountPaths.has(mountPath)) errs.add(invalid(child(p, 'mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    readBool(item['readOnly'], child(p, 'readOnly'), errs);
  }
  const pull = readStr(c['imagePullPolicy'], child(path, 'imagePullPolicy'), errs) ?? '';
  if (pull === '') errs.add(required(child(path, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pull)) errs.add(notSupported(child(path, 'imagePullPolicy'), pull, PULL_POLICIES));
  validateResources(c['resources'], child(path, 'resources'), errs);
  const restartPolicy = readStr(c['restartPolicy'], child(path, 'restartPolicy'), errs);
  let sidecar = false;
  if (restartPolicy !== undefined) {
    if (init) {
      if (restartPolicy !== 'Always') errs.add(notSupported(child(path, 'restartPolicy'), restartPolicy, ['Always']));
      sidecar = restartPolicy === 'Always';
    } else if (!RESTART_POLICIES.includes(restartPolicy)) {
      // ContainerRestartRules (beta, on in v1.36) lets regular containers override the pod's policy.
      errs.add(notSupported(child(path, 'restartPolicy'), restartPolicy, RESTART_POLICIES));
    }
  }
  const probes = [
    ['livenessProbe', 'liveness'],
    ['readinessProbe', 'readiness'],
    ['startupProbe', 'startup'],
  ] as const;
  for (const [f, kind] of probes) {
    const probe = readObj(c[f], child(path, f), errs);
    if (!probe) continue;
    if (init && !sidecar) errs.add(forbidden(child(path, f), 'may not be set for init containers without restartPolicy=Always'));
    else validateProbe(probe, child(path, f), kind, errs);
  }
  const lifecycle = readObj(c['lifecycle'], child(path, 'lifecycle'), errs);
  if (lifecycle) {
    if (init && !sidecar) errs.add(forbidden(child(path, 'lifecycle'), 'may not be set for init containers without restartPolicy=Always'));
    else {
      for (const hook of ['postStart', 'preStop']) {
        const h = readObj(lifecycle[hook], child(child(path, 'lifecycle'), hook), errs);
        if (h) validateHandler(h, child(child(path, 'lifecycle'), hook), errs);
      }
    }
  }
  return name;
}

/** `ValidateVolumes`: names, duplicates, exactly one source and the claim/host-path essentials. */
export function validateVolumes(volumes: unknown, path: string, errs: Errors): Set<string> {
  const names = new Set<string>();
  for (const { item, path: p } of objList(volumes, path, errs)) {
    const local = new Errors();
    const name = readStr(item['name'], child(p, 'name'), errs) ?? '';
    let count = 0;
    for (const src of POD_VOLUME_SOURCES) {
      const s = readObj(item[src], child(p, src), errs);
      if (!s) continue;
      if (count > 0) {
        local.add(forbidden(child(p, src), 'may not specify more than 1 volume type'));
        continue;
      }
      count++;
      if (src === 'persistentVolumeClaim') {
        const claim = readStr(s['claimName'], child(child(p, src), 'claimName'), errs) ?? '';
        if (claim.length === 0) local.add(required(child(child(p, src), 'claimName')));
        readBool(s['readOnly'], child(child(p, src), 'readOnly'), errs);
      } else if (src === 'hostPath') {
        const hp = readStr(s['path'], child(child(p, src), 'path'), errs) ?? '';
        if (hp.length === 0) local.add(required(child(child(p, src), 'path')));
      } else if (src === 'configMap') {
        const n = readStr(s['name'], child(child(p, src), 'name'), errs) ?? '';
        if (n.length === 0) local.add(required(child(child(p, src), 'name')));
      } else if (src === 'secret') {
        const n = readStr(s['secretName'], child(child(p, src), 'secretName'), errs) ?? '';
        if (n.length === 0) local.add(required(child(child(p, src), 'secretName')));
      }
    }
    if (count === 0) local.add(required(p, 'must specify a volume type'));
    if (name.length === 0) local.add(required(child(p, 'name')));
    else for (const msg of isDNS1123Label(name)) local.add(invalid(child(p, 'name'), name, msg));
    if (names.has(name)) local.add(duplicate(child(p, 'name'), name));
    if (local.count === 0) names.add(name);
    else errs.add(...local.list);
  }
  return names;
}

/** `ValidateTolerations`. */
function validateTolerations(tolerations: unknown, path: string, errs: Errors): void {
  for (const { item, path: p } of objList(tolerations, path, errs)) {
    const k = readStr(item['key'], child(p, 'key'), errs) ?? '';
    const op = readStr(item['operator'], child(p, 'operator'), errs) ?? '';
    const value = readStr(item['value'], child(p, 'value'), errs) ?? '';
    const effect = readStr(item['effect'], child(p, 'effect'), errs) ?? '';
    const seconds = readInt(item['tolerationSeconds'], child(p, 'tolerationSeconds'), errs, 64);
    if (k.length > 0) for (const msg of isQualifiedName(k)) errs.add(invalid(child(p, 'key'), k, msg));
    if (k.length === 0 && op !== 'Exists') {
      errs.add(invalid(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (seconds !== undefined && effect !== 'NoExecute') {
      errs.add(invalid(child(p, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.add(invalid(child(p, 'operator'), value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value.length > 0) {
        const tol = goStruct(['Key', k], ['Operator', op], ['Value', value], ['Effect', effect], ['TolerationSeconds', seconds ?? null]);
        errs.add(invalid(child(p, 'operator'), tol, "value must be empty when `operator` is 'Exists'"));
      }
    } else {
      errs.add(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    }
    if (effect.length > 0 && !TAINT_EFFECTS.includes(effect)) errs.add(notSupported(child(p, 'effect'), effect, TAINT_EFFECTS));
  }
}

/** `ValidatePodSpec` (the parts a simulated cluster can exercise). */
export function validatePodSpec(spec: Obj, path: string, errs: Errors): void {
  const grace = readInt(spec['terminationGracePeriodSeconds'], child(path, 'terminationGracePeriodSeconds'), errs, 64);
  if (grace === undefined && unsetValue(spec['terminationGracePeriodSeconds'])) {
    errs.add(required(child(path, 'terminationGracePeriodSeconds')));
  }
  const volumes = validateVolumes(spec['volumes'], child(path, 'volumes'), errs);
  const containers = objList(spec['containers'], child(path, 'containers'), errs);
  const names = new Set<string>();
  if (containers.length === 0) errs.add(required(child(path, 'containers')));
  for (const { item, path: p } of containers) {
    const name = validateContainer(item, p, volumes, false, errs);
    if (names.has(name)) errs.add(duplicate(child(p, 'name'), name));
    else names.add(name);
  }
  for (const { item, path: p } of objList(spec['initContainers'], child(path, 'initContainers'), errs)) {
    const name = validateContainer(item, p, volumes, true, errs);
    if (names.has(name)) errs.add(duplicate(child(p, 'name'), name));
    else if (name.length > 0) names.add(name);
  }
  const restart = readStr(spec['restartPolicy'], child(path, 'restartPolicy'), errs) ?? '';
  if (restart === '') errs.add(required(child(path, 'restartPolicy')));
  else if (!RESTART_POLICIES.includes(restart)) errs.add(notSupported(child(path, 'restartPolicy'), restart, RESTART_POLICIES));
  const dns = readStr(spec['dnsPolicy'], child(path, 'dnsPolicy'), errs) ?? '';
  if (dns === '') errs.add(required(child(path, 'dnsPolicy')));
  else if (!DNS_POLICIES.includes(dns)) errs.add(notSupported(child(path, 'dnsPolicy'), dns, DNS_POLICIES));
  validateLabels(spec['nodeSelector'], child(path, 'nodeSelector'), errs);
  readObj(spec['securityContext'], child(path, 'securityContext'), errs);
  readObj(spec['affinity'], child(path, 'affinity'), errs);
  readStr(spec['schedulerName'], child(path, 'schedulerName'), errs);
  readBool(spec['hostNetwork'], child(path, 'hostNetwork'), errs);
  readBool(spec['enableServiceLinks'], child(path, 'enableServiceLinks'), errs);
  readInt(spec['priority'], child(path, 'priority'), errs);
  for (const f of ['serviceAccountName', 'nodeName', 'priorityClassName']) {
    const v = readStr(spec[f], child(path, f), errs) ?? '';
    if (v.length > 0) for (const msg of isDNS1123Subdomain(v)) errs.add(invalid(child(path, f), v, msg));
  }
  readStr(spec['serviceAccount'], child(path, 'serviceAccount'), errs);
  const deadline = readInt(spec['activeDeadlineSeconds'], child(path, 'activeDeadlineSeconds'), errs, 64);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errs.add(invalid(child(path, 'activeDeadlineSeconds'), deadline, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = readStr(spec[f], child(path, f), errs) ?? '';
    if (v.length > 0) for (const msg of isDNS1123Label(v)) errs.add(invalid(child(path, f), v, msg));
  }
  validateTolerations(spec['tolerations'], child(path, 'tolerations'), errs);
  const preemption = readStr(spec['preemptionPolicy'], child(path, 'preemptionPolicy'), errs);
  if (preemption !== undefined) {
    if (preemption === '') errs.add(required(child(path, 'preemptionPolicy')));
    else if (preemption !== 'PreemptLowerPriority' && preemption !== 'Never') {
      errs.add(notSupported(child(path, 'preemptionPolicy'), preemption, ['PreemptLowerPriority', 'Never']));
    }
  }
}

/** Runs `fn` on a scratch list and keeps only JSON type errors (for sub-objects upstream does not validate). */
export function typeCheckOnly(errs: Errors, fn: (scratch: Errors) => void): void {
  const scratch = new Errors();
  fn(scratch);
  for (const e of scratch.typeErrors) errs.type(e);
}

// ---------------------------------------------------------------------------------------------
// StatefulSet (`pkg/apis/apps/validation`)

const STS_UPDATABLE =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/** An `intstr.IntOrString`: a JSON string, or an int32 number. */
export function intOrString(v: unknown, path: string, errs: Errors): number | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v !== 'number') {
    errs.type(invalid(path, v, "must be an integer or percentage (e.g '5%')"));
    return undefined;
  }
  return readInt(v, path, errs);
}

/** `getIntOrPercentValue`: a valid percentage's number, else the integer value (`Atoi` of a string, 0 on failure). */
export function intOrPercentValue(v: number | string): number {
  if (typeof v === 'number') return v;
  if (PERCENT_RE.test(v)) return Number(v.slice(0, -1));
  return /^[+-]?[0-9]+$/.test(v) ? Number(v) : 0;
}

/** `validateRollingUpdateStatefulSet`. */
function validateRollingUpdateStatefulSet(ru: Obj, path: string, errs: Errors): void {
  const partition = readInt(ru['partition'], child(path, 'partition'), errs);
  nonNegative(partition, child(path, 'partition'), errs);
  const mp = child(path, 'maxUnavailable');
  const mu = intOrString(ru['maxUnavailable'], mp, errs);
  if (mu === undefined) return;
  if (typeof mu === 'string') for (const msg of isValidPercent(mu)) errs.add(invalid(mp, mu, msg));
  else nonNegative(mu, mp, errs);
  if (intOrPercentValue(mu) === 0) errs.add(invalid(mp, mu, 'cannot be 0'));
  if (typeof mu === 'string' && PERCENT_RE.test(mu) && Number(mu.slice(0, -1)) > 100) {
    errs.add(invalid(mp, mu, 'must not be greater than 100%'));
  }
}

/** The internal `apps.RollingUpdateStatefulSetStrategy` as a bad value renders (Go field names). */
function renderRollingUpdate(ru: unknown): unknown {
  if (!isObj(ru)) return null;
  const partition = typeof ru['partition'] === 'number' ? ru['partition'] : 0;
  const mu = ru['maxUnavailable'];
  return goStruct(['Partition', partition], ['MaxUnavailable', typeof mu === 'number' || typeof mu === 'string' ? mu : null]);
}

interface StsOptions {
  allowInvalidServiceName: boolean;
}

/** `ValidateStatefulSetSpec` (v1.36), in upstream's order. */
function validateStatefulSetSpec(specValue: unknown, errs: Errors, opts: StsOptions): void {
  const path = 'spec';
  const spec = readObj(specValue, path, errs) ?? {};
  const policy = readStr(spec['podManagementPolicy'], child(path, 'podManagementPolicy'), errs) ?? '';
  if (policy === '') errs.add(required(child(path, 'podManagementPolicy')));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.add(invalid(child(path, 'podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'"));
  }

  const strategy = readObj(spec['updateStrategy'], child(path, 'updateStrategy'), errs) ?? {};
  const type = readStr(strategy['type'], child(child(path, 'updateStrategy'), 'type'), errs) ?? '';
  const ruPath = child(child(path, 'updateStrategy'), 'rollingUpdate');
  const ru = readObj(strategy['rollingUpdate'], ruPath, errs);
  if (type === '') errs.add(required(child(path, 'updateStrategy')));
  else if (type === 'OnDelete') {
    if (ru) errs.add(invalid(ruPath, renderRollingUpdate(ru), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (type === 'RollingUpdate') {
    if (ru) validateRollingUpdateStatefulSet(ru, ruPath, errs);
  } else {
    errs.add(
      invalid(
        child(path, 'updateStrategy'),
        goStruct(['Type', type], ['RollingUpdate', renderRollingUpdate(ru)]),
        "must be 'RollingUpdate' or 'OnDelete'"
      )
    );
  }

  const rpPath = child(path, 'persistentVolumeClaimRetentionPolicy');
  const retention = readObj(spec['persistentVolumeClaimRetentionPolicy'], rpPath, errs);
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = readStr(retention[f], child(rpPath, f), errs) ?? '';
      if (v !== 'Retain' && v !== 'Delete') errs.add(notSupported(child(rpPath, f), v, ['Retain', 'Delete']));
    }
  }

  nonNegative(readInt(spec['replicas'], child(path, 'replicas'), errs), child(path, 'replicas'), errs);
  nonNegative(readInt(spec['minReadySeconds'], child(path, 'minReadySeconds'), errs), child(path, 'minReadySeconds'), errs);
  const ordinals = readObj(spec['ordinals'], child(path, 'ordinals'), errs);
  if (ordinals) {
    const start = readInt(ordinals['start'], child(child(path, 'ordinals'), 'start'), errs) ?? 0;
    nonNegative(start, 'spec.ordinals.start', errs);
  }
  readInt(spec['revisionHistoryLimit'], child(path, 'revisionHistoryLimit'), errs);
  const serviceName = readStr(spec['serviceName'], child(path, 'serviceName'), errs) ?? '';
  if (!opts.allowInvalidServiceName && serviceName.length > 0) {
    for (const msg of isDNS1123Label(serviceName)) errs.add(invalid(child(path, 'serviceName'), serviceName, msg));
  }

  const selPath = child(path, 'selector');
  const sel = readObj(spec['selector'], selPath, errs);
  // labels.Nothing() for a nil selector: never empty, matches no labels.
  let selector: SelectorInfo | 'nothing' | undefined = 'nothing';
  if (!sel) {
    errs.add(required(selPath));
  } else {
    const { info, ok } = validateLabelSelector(sel, selPath, errs);
    if (info.empty) errs.add(invalid(selPath, info.rendered, 'empty selector is invalid for statefulset'));
    if (ok) selector = info;
    else {
      errs.add(invalid(selPath, info.rendered, ''));
      selector = undefined;
    }
  }

  const tPath = child(path, 'template');
  const template = readObj(spec['template'], tPath, errs) ?? {};
  const tMeta = readObj(template['metadata'], child(tPath, 'metadata'), errs) ?? {};
  const tSpec = readObj(template['spec'], child(tPath, 'spec'), errs) ?? {};
  if (selector !== undefined) {
    // Read quietly: type problems of the labels are reported once, by validateLabels below.
    const labels = readStrMap(tMeta['labels'], child(child(tPath, 'metadata'), 'labels'), new Errors());
    const matches = selector === 'nothing' ? false : selector.empty || selectorMatches(selector, labels ?? {});
    if (!matches) {
      errs.add(invalid(child(child(tPath, 'metadata'), 'labels'), labels ?? null, '`selector` does not match template `labels`'));
    }
  }
  // Upstream passes `fldPath.Child("labels")` here, so these errors read `spec.template.labels`.
  validateLabels(tMeta['labels'], child(tPath, 'labels'), errs);
  validateAnnotations(tMeta['annotations'], child(tPath, 'annotations'), errs);
  typeCheckOnly(errs, (scratch) => validatePodSpec(tSpec, child(tPath, 'spec'), scratch));

  const restart = typeof tSpec['restartPolicy'] === 'string' ? tSpec['restartPolicy'] : '';
  if (restart !== 'Always') errs.add(notSupported(child(child(tPath, 'spec'), 'restartPolicy'), restart, ['Always']));
  if (!unsetValue(tSpec['activeDeadlineSeconds'])) {
    errs.add(forbidden(child(child(tPath, 'spec'), 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }

  typeCheckOnly(errs, (scratch) => {
    for (const { item, path: p } of objList(spec['volumeClaimTemplates'], child(path, 'volumeClaimTemplates'), scratch)) {
      readObj(item['metadata'], child(p, 'metadata'), scratch);
      validatePVCSpec(readObj(item['spec'], child(p, 'spec'), scratch) ?? {}, child(p, 'spec'), scratch);
    }
  });
}

function validateStatefulSet(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSLabel, errs);
  validateStatefulSetSpec((obj as Obj)['spec'], errs, { allowInvalidServiceName: false });
}

const STS_MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

/** `ValidateStatefulSetUpdate`: the spec must be valid, and only the six mutable fields may change. */
function validateStatefulSetUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext, errs: Errors): void {
  validateObjectMetaUpdate(obj, old, errs);
  const oldSpec = isObj((old as Obj)['spec']) ? ((old as Obj)['spec'] as Obj) : {};
  const newSpec = isObj((obj as Obj)['spec']) ? ((obj as Obj)['spec'] as Obj) : {};
  const oldServiceName = typeof oldSpec['serviceName'] === 'string' ? oldSpec['serviceName'] : '';
  const allowInvalidServiceName = newSpec['serviceName'] === oldServiceName && isDNS1123Label(oldServiceName).length > 0;
  validateStatefulSetSpec((obj as Obj)['spec'], errs, { allowInvalidServiceName });
  const a = applyDefaults(obj, ctx, old)['spec'];
  const b = applyDefaults(old, ctx, old)['spec'];
  const strip = (s: unknown): Obj => {
    const o: Obj = isObj(s) ? { ...s } : {};
    for (const f of STS_MUTABLE) delete o[f];
    return o;
  };
  if (!semanticEqual(strip(a), strip(b))) errs.add(forbidden('spec', STS_UPDATABLE));
}

/** `ValidateStatefulSetStatusUpdate`. */
function validateStatefulSetStatusUpdate(obj: K8sObject, old: K8sObject, errs: Errors): void {
  const status = readObj((obj as Obj)['status'], 'status', errs) ?? {};
  const n: Record<string, number> = {};
  for (const f of ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) {
    n[f] = readInt(status[f], child('status', f), errs) ?? 0;
    nonNegative(n[f], child('status', f), errs);
  }
  nonNegative(readInt(status['observedGeneration'], 'status.observedGeneration', errs, 64), 'status.observedGeneration', errs);
  const collision = readInt(status['collisionCount'], 'status.collisionCount', errs);
  nonNegative(collision, 'status.collisionCount', errs);
  const replicas = n['replicas'] ?? 0;
  for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) {
    const v = n[f] ?? 0;
    if (v > replicas) errs.add(invalid(child('status', f), v, 'cannot be greater than status.replicas'));
  }
  if ((n['availableReplicas'] ?? 0) > (n['readyReplicas'] ?? 0)) {
    errs.add(invalid('status.availableReplicas', n['availableReplicas'] ?? 0, 'cannot be greater than status.readyReplicas'));
  }
  validateObjectMetaUpdate(obj, old, errs);
  const oldStatus = isObj((old as Obj)['status']) ? ((old as Obj)['status'] as Obj) : {};
  const oldCollision = typeof oldStatus['collisionCount'] === 'number' ? oldStatus['collisionCount'] : undefined;
  if (oldCollision !== undefined && (collision === undefined || collision < oldCollision)) {
    errs.add(invalid('status.collisionCount', collision ?? 0, 'cannot be decremented'));
  }
}

// ---------------------------------------------------------------------------------------------
// Pod

const POD_UPDATABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validatePodMetadataAndSpec(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  const spec = readObj((obj as Obj)['spec'], 'spec', errs) ?? {};
  validatePodSpec(spec, 'spec', errs);
}

/** `ValidatePodCreate`. */
function validatePodCreate(obj: K8sObject, errs: Errors): void {
  validatePodMetadataAndSpec(obj, errs);
  const spec = isObj((obj as Obj)['spec']) ? ((obj as Obj)['spec'] as Obj) : {};
  if (Array.isArray(spec['ephemeralContainers']) && spec['ephemeralContainers'].length > 0) {
    errs.add(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  }
  const gates = spec['schedulingGates'];
  if (typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '' && Array.isArray(gates) && gates.length > 0) {
    errs.add(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
}

function containersOf(spec: Obj, list: string): Obj[] {
  const v = spec[list];
  return Array.isArray(v) ? v.map((c) => (isObj(c) ? c : {})) : [];
}

/** `ValidateContainerUpdates`: same count, images present and trimmed. Returns false to stop. */
function validateContainerUpdates(next: Obj[], prev: Obj[], path: string, errs: Errors): boolean {
  if (next.length !== prev.length) {
    errs.add(forbidden(path, 'pod updates may not add or remove containers'));
    return false;
  }
  next.forEach((c, i) => {
    const image = typeof c['image'] === 'string' ? c['image'] : '';
    if (image.length === 0) errs.add(required(child(index(path, i), 'image')));
    if (image.trim().length !== image.length) {
      errs.add(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
    }
  });
  return true;
}

function tolerationKey(t: unknown): string {
  if (!isObj(t)) return goJson(t);
  const { tolerationSeconds: _ignored, ...rest } = t;
  return goJson(normalize(rest));
}

/** `ValidatePodUpdate`: only images, activeDeadlineSeconds, added tolerations and the grace-period fix may change. */
function validatePodUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext, errs: Errors): void {
  validateObjectMetaUpdate(obj, old, errs);
  validatePodMetadataAndSpec(obj, errs);
  const next = applyDefaults(obj, ctx, old);
  const prev = applyDefaults(old, ctx, old);
  const spec = isObj(next['spec']) ? (next['spec'] as Obj) : {};
  const oldSpec = isObj(prev['spec']) ? (prev['spec'] as Obj) : {};
  if (!validateContainerUpdates(containersOf(spec, 'containers'), containersOf(oldSpec, 'containers'), 'spec.containers', errs)) return;
  if (!validateContainerUpdates(containersOf(spec, 'initContainers'), containersOf(oldSpec, 'initContainers'), 'spec.initContainers', errs)) {
    return;
  }
  const deadline = typeof spec['activeDeadlineSeconds'] === 'number' ? spec['activeDeadlineSeconds'] : undefined;
  const oldDeadline = typeof oldSpec['activeDeadlineSeconds'] === 'number' ? oldSpec['activeDeadlineSeconds'] : undefined;
  if (deadline !== undefined) {
    if (deadline < 0 || deadline > MAX_INT32) {
      errs.add(invalid('spec.activeDeadlineSeconds', deadline, `must be between 0 and ${MAX_INT32}, inclusive`));
      return;
    }
    if (oldDeadline !== undefined && oldDeadline < deadline) {
      errs.add(invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value'));
      return;
    }
  } else if (oldDeadline !== undefined) {
    errs.add(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  const tolerations = Array.isArray(spec['tolerations']) ? spec['tolerations'] : [];
  const oldTolerations = Array.isArray(oldSpec['tolerations']) ? oldSpec['tolerations'] : [];
  const newKeys = new Set(tolerations.map((t) => tolerationKey(t)));
  if (!oldTolerations.every((t) => newKeys.has(tolerationKey(t)))) {
    errs.add(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  }
  const gates = Array.isArray(spec['schedulingGates']) ? spec['schedulingGates'] : [];
  const oldGateNames = new Set(
    (Array.isArray(oldSpec['schedulingGates']) ? oldSpec['schedulingGates'] : []).map((g) => (isObj(g) ? g['name'] : undefined))
  );
  gates.forEach((g, i) => {
    const name = isObj(g) ? g['name'] : undefined;
    if (!oldGateNames.has(name)) {
      errs.add(forbidden(child(index('spec.schedulingGates', i), 'name'), `only deletion is allowed, but found new scheduling gate '${String(name)}'`));
    }
  });
  if (semanticEqual(spec, oldSpec)) return;
  const munged: Obj = { ...spec };
  for (const list of ['containers', 'initContainers']) {
    const prevList = containersOf(oldSpec, list);
    if (Array.isArray(spec[list])) {
      munged[list] = containersOf(spec, list).map((c, i) => ({ ...c, image: prevList[i]?.['image'] }));
    }
  }
  munged['activeDeadlineSeconds'] = oldSpec['activeDeadlineSeconds'];
  munged['schedulingGates'] = oldSpec['schedulingGates'];
  munged['tolerations'] = oldSpec['tolerations'];
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  if (!semanticEqual(munged, oldSpec)) errs.add(forbidden('spec', POD_UPDATABLE));
}

// ---------------------------------------------------------------------------------------------
// PersistentVolumeClaim and PersistentVolume

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const PV_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs',
  'iscsi', 'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume',
  'azureDisk', 'scaleIO', 'local', 'storageos', 'csi',
];

function validateAccessModes(modesValue: unknown, path: string, requiredDetail: string, errs: Errors): void {
  const modes = readStrList(modesValue, path, errs) ?? [];
  if (modes.length === 0) errs.add(required(path, requiredDetail));
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) errs.add(notSupported(path, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.add(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
}

function storageRequest(spec: Obj): unknown {
  const res = isObj(spec['resources']) ? spec['resources'] : {};
  const req = isObj(res['requests']) ? res['requests'] : {};
  return req['storage'];
}

/** `ValidatePersistentVolumeClaimSpec`. */
function validatePVCSpec(spec: Obj, path: string, errs: Errors): void {
  validateAccessModes(spec['accessModes'], child(path, 'accessModes'), 'at least 1 access mode is required', errs);
  const sel = readObj(spec['selector'], child(path, 'selector'), errs);
  if (sel) validateLabelSelector(sel, child(path, 'selector'), errs);
  const res = readObj(spec['resources'], child(path, 'resources'), errs) ?? {};
  const requests = readObj(res['requests'], child(child(path, 'resources'), 'requests'), errs) ?? {};
  readObj(res['limits'], child(child(path, 'resources'), 'limits'), errs);
  const storagePath = key(child(path, 'resources'), 'storage');
  const storage = requests['storage'];
  if (unsetValue(storage)) errs.add(required(storagePath));
  else {
    const q = parseQuantity(storage);
    if ('error' in q) errs.type(invalid(key(child(child(path, 'resources'), 'requests'), 'storage'), storage, q.error));
    else if (q.value.num <= 0n) errs.add(invalid(storagePath, String(storage), 'must be greater than zero'));
  }
  const sc = readStr(spec['storageClassName'], child(path, 'storageClassName'), errs) ?? '';
  if (sc.length > 0) for (const msg of isDNS1123Subdomain(sc)) errs.add(invalid(child(path, 'storageClassName'), sc, msg));
  const mode = readStr(spec['volumeMode'], child(path, 'volumeMode'), errs);
  if (mode !== undefined && !VOLUME_MODES.includes(mode)) errs.add(notSupported(child(path, 'volumeMode'), mode, VOLUME_MODES));
  readStr(spec['volumeName'], child(path, 'volumeName'), errs);
  const vac = readStr(spec['volumeAttributesClassName'], child(path, 'volumeAttributesClassName'), errs) ?? '';
  if (vac.length > 0) for (const msg of isDNS1123Subdomain(vac)) errs.add(invalid(child(path, 'volumeAttributesClassName'), vac, msg));
}

function validatePVC(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  validatePVCSpec(readObj((obj as Obj)['spec'], 'spec', errs) ?? {}, 'spec', errs);
}

function quantity(v: unknown): QuantityValue | undefined {
  const q = parseQuantity(v);
  return 'value' in q ? q.value : undefined;
}

/** `ValidatePersistentVolumeClaimUpdate` (RecoverVolumeExpansionFailure is GA, so shrinking is bounded by status.capacity). */
function validatePVCUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext, errs: Errors): void {
  validateObjectMetaUpdate(obj, old, errs);
  validatePVC(obj, errs);
  const next = applyDefaults(obj, ctx, old);
  const prev = applyDefaults(old, ctx, old);
  const spec: Obj = isObj(next['spec']) ? { ...(next['spec'] as Obj) } : {};
  const oldSpec: Obj = isObj(prev['spec']) ? { ...(prev['spec'] as Obj) } : {};
  const status = isObj(next['status']) ? (next['status'] as Obj) : {};
  const oldStatus = isObj(prev['status']) ? (prev['status'] as Obj) : {};
  const phase = status['phase'] ?? oldStatus['phase'];
  if (unsetValue(oldSpec['volumeName']) || oldSpec['volumeName'] === '') oldSpec['volumeName'] = spec['volumeName'];
  if (unsetValue(oldSpec['storageClassName']) && !unsetValue(spec['storageClassName'])) {
    oldSpec['storageClassName'] = spec['storageClassName'];
  }
  const munged: Obj = { ...spec };
  if (phase === 'Bound') {
    const res = isObj(spec['resources']) ? spec['resources'] : {};
    if (isObj(res['requests'])) {
      munged['resources'] = { ...res, requests: { ...res['requests'], storage: storageRequest(oldSpec) } };
    }
    if (!unsetValue(spec['volumeAttributesClassName'])) munged['volumeAttributesClassName'] = oldSpec['volumeAttributesClassName'];
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.add(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  const newSize = quantity(storageRequest(spec)) ?? { num: 0n, den: 1n };
  const oldSize = quantity(storageRequest(oldSpec)) ?? { num: 0n, den: 1n };
  const cap = isObj(oldStatus['capacity']) ? oldStatus['capacity'] : {};
  const statusSize = quantity(cap['storage']) ?? { num: 0n, den: 1n };
  if (compareQuantity(newSize, oldSize) < 0 && compareQuantity(newSize, statusSize) <= 0) {
    errs.add(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  if (!semanticEqual(spec['volumeMode'], oldSpec['volumeMode'])) errs.add(invalid('volumeMode', spec['volumeMode'] ?? null, 'field is immutable'));
  const vac = spec['volumeAttributesClassName'];
  const oldVac = oldSpec['volumeAttributesClassName'];
  if (!unsetValue(oldVac) && vac !== oldVac) {
    if (unsetValue(vac)) errs.add(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to nil is forbidden'));
    else if (vac === '') errs.add(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to an empty string is forbidden'));
  }
}

/** `ValidatePersistentVolumeSpec` (non-inline). */
function validatePVSpec(spec: Obj, errs: Errors): void {
  const path = 'spec';
  validateAccessModes(spec['accessModes'], child(path, 'accessModes'), '', errs);
  const capPath = child(path, 'capacity');
  const capacity = readObj(spec['capacity'], capPath, errs);
  const capKeys = capacity ? Object.keys(capacity) : [];
  if (capKeys.length === 0) errs.add(required(capPath));
  if (!capacity || !('storage' in capacity) || capKeys.length > 1) {
    errs.add(notSupported(capPath, capacity && capKeys.length > 0 ? capacity : null, ['storage']));
  }
  for (const k of capKeys) {
    const v = capacity?.[k];
    const q = parseQuantity(v);
    if ('error' in q) errs.type(invalid(key(capPath, k), v, q.error));
    else if (q.value.num <= 0n) errs.add(invalid(key(capPath, k), String(v), 'must be greater than zero'));
  }
  const reclaim = readStr(spec['persistentVolumeReclaimPolicy'], child(path, 'persistentVolumeReclaimPolicy'), errs) ?? '';
  if (reclaim.length > 0 && !RECLAIM_POLICIES.includes(reclaim)) {
    errs.add(notSupported(child(path, 'persistentVolumeReclaimPolicy'), reclaim, RECLAIM_POLICIES));
  }
  const affinity = readObj(spec['nodeAffinity'], child(path, 'nodeAffinity'), errs);
  const affinitySpecified = !!affinity && isObj(affinity['required']);
  let count = 0;
  for (const src of PV_SOURCES) {
    const sp = child(path, src);
    const s = readObj(spec[src], sp, errs);
    if (!s) continue;
    if (count > 0) {
      errs.add(forbidden(sp, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    if (src === 'hostPath' || src === 'local') {
      const p = readStr(s['path'], child(sp, 'path'), errs) ?? '';
      if (p.length === 0) errs.add(required(child(sp, 'path')));
      else if (p.split('/').includes('..')) errs.add(invalid(child(sp, 'path'), p, "must not contain '..'"));
      if (src === 'local' && !affinitySpecified) errs.add(required(child(path, 'nodeAffinity'), 'Local volume requires node affinity'));
    } else if (src === 'nfs') {
      const server = readStr(s['server'], child(sp, 'server'), errs) ?? '';
      const p = readStr(s['path'], child(sp, 'path'), errs) ?? '';
      if (server.length === 0) errs.add(required(child(sp, 'server')));
      if (p.length === 0) errs.add(required(child(sp, 'path')));
      if (!p.startsWith('/')) errs.add(invalid(child(sp, 'path'), p, 'must be an absolute path'));
    } else if (src === 'csi') {
      const driver = readStr(s['driver'], child(sp, 'driver'), errs) ?? '';
      if (driver.length === 0) errs.add(required(child(sp, 'driver')));
      if (byteLen(driver) > 63) errs.add(tooLong(child(sp, 'driver'), 63));
      for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.add(invalid(child(sp, 'driver'), driver, msg));
      const handle = readStr(s['volumeHandle'], child(sp, 'volumeHandle'), errs) ?? '';
      if (handle.length === 0) errs.add(required(child(sp, 'volumeHandle')));
    }
  }
  if (count === 0) errs.add(required(path, 'must specify a volume type'));
  const sc = readStr(spec['storageClassName'], child(path, 'storageClassName'), errs) ?? '';
  if (sc.length > 0) for (const msg of isDNS1123Subdomain(sc)) errs.add(invalid(child(path, 'storageClassName'), sc, msg));
  const mode = readStr(spec['volumeMode'], child(path, 'volumeMode'), errs);
  if (mode !== undefined && !VOLUME_MODES.includes(mode)) errs.add(notSupported(child(path, 'volumeMode'), mode, VOLUME_MODES));
  const claimRef = readObj(spec['claimRef'], child(path, 'claimRef'), errs);
  if (claimRef) {
    for (const f of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion']) {
      readStr(claimRef[f], child(child(path, 'claimRef'), f), errs);
    }
  }
}

function validatePV(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, false, nameIsDNSSubdomain, errs);
  validatePVSpec(readObj((obj as Obj)['spec'], 'spec', errs) ?? {}, errs);
}

/** `ValidatePersistentVolumeUpdate`: the volume source, volumeMode and a set nodeAffinity are immutable. */
function validatePVUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext, errs: Errors): void {
  validateObjectMetaUpdate(obj, old, errs);
  validatePV(obj, errs);
  const next = applyDefaults(obj, ctx, old);
  const prev = applyDefaults(old, ctx, old);
  const spec = isObj(next['spec']) ? (next['spec'] as Obj) : {};
  const oldSpec = isObj(prev['spec']) ? (prev['spec'] as Obj) : {};
  const sources = (s: Obj): Obj => Object.fromEntries(PV_SOURCES.filter((k) => !unsetValue(s[k])).map((k) => [k, s[k]]));
  if (!semanticEqual(sources(spec), sources(oldSpec))) {
    errs.add(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  }
  if (!semanticEqual(spec['volumeMode'], oldSpec['volumeMode'])) errs.add(invalid('volumeMode', spec['volumeMode'] ?? null, 'field is immutable'));
  if (!unsetValue(oldSpec['nodeAffinity']) && !semanticEqual(spec['nodeAffinity'], oldSpec['nodeAffinity'])) {
    errs.add(invalid('nodeAffinity', spec['nodeAffinity'] ?? null, 'field is immutable'));
  }
}

// ---------------------------------------------------------------------------------------------
// StorageClass (`pkg/apis/storage/validation`)

function validateStorageClass(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, false, nameIsDNSSubdomain, errs);
  const o = obj as Obj;
  const provisioner = readStr(o['provisioner'], 'provisioner', errs) ?? '';
  if (provisioner.length === 0) errs.add(required('provisioner'));
  else for (const msg of isQualifiedName(provisioner.toLowerCase())) errs.add(invalid('provisioner', provisioner, msg));
  const params = readStrMap(o['parameters'], 'parameters', errs) ?? {};
  let size = 0;
  const keys = Object.keys(params);
  if (keys.length > 512) errs.add(tooLong('parameters', 512));
  else {
    for (const k of keys) {
      if (k.length < 1) errs.add(invalid('parameters', k, 'field can not be empty.'));
      size += byteLen(k) + byteLen(params[k] ?? '');
    }
    if (size > 256 * 1024) errs.add(tooLong('parameters', 256 * 1024));
  }
  const reclaim = readStr(o['reclaimPolicy'], 'reclaimPolicy', errs) ?? '';
  if (reclaim.length > 0 && reclaim !== 'Delete' && reclaim !== 'Retain') errs.add(notSupported('reclaimPolicy', reclaim, ['Delete', 'Retain']));
  const mode = readStr(o['volumeBindingMode'], 'volumeBindingMode', errs);
  if (mode === undefined) errs.add(required('volumeBindingMode'));
  else if (mode !== 'Immediate' && mode !== 'WaitForFirstConsumer') {
    errs.add(notSupported('volumeBindingMode', mode, ['Immediate', 'WaitForFirstConsumer']));
  }
  readBool(o['allowVolumeExpansion'], 'allowVolumeExpansion', errs);
  readStrList(o['mountOptions'], 'mountOptions', errs);
}

/** `ValidateStorageClassUpdate`: parameters, provisioner, reclaimPolicy and volumeBindingMode are immutable. */
function validateStorageClassUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext, errs: Errors): void {
  validateStorageClass(obj, errs);
  validateObjectMetaUpdate(obj, old, errs);
  const a = applyDefaults(obj, ctx, old) as Obj;
  const b = applyDefaults(old, ctx, old) as Obj;
  if (!semanticEqual(a['parameters'], b['parameters'])) errs.add(forbidden('parameters', 'updates to parameters are forbidden.'));
  if ((a['provisioner'] ?? '') !== (b['provisioner'] ?? '')) errs.add(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if ((a['reclaimPolicy'] ?? '') !== (b['reclaimPolicy'] ?? '')) errs.add(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if ((a['volumeBindingMode'] ?? null) !== (b['volumeBindingMode'] ?? null)) {
    errs.add(invalid('volumeBindingMode', a['volumeBindingMode'] ?? null, 'field is immutable'));
  }
}

// ---------------------------------------------------------------------------------------------
// Service

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const KUBELET_PORT = 10250;

function isHeadless(spec: Obj): boolean {
  const ips = spec['clusterIPs'];
  return Array.isArray(ips) && ips.length === 1 && ips[0] === 'None';
}

/** `ValidateService`. */
function validateService(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNS1035Label, errs);
  const path = 'spec';
  const spec = readObj((obj as Obj)['spec'], path, errs) ?? {};
  const type = readStr(spec['type'], child(path, 'type'), errs) ?? '';
  const clusterIP = readStr(spec['clusterIP'], child(path, 'clusterIP'), errs) ?? '';
  const clusterIPs = readStrList(spec['clusterIPs'], child(path, 'clusterIPs'), errs) ?? [];
  const ports = objList(spec['ports'], child(path, 'ports'), errs);
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.add(required(child(path, 'ports')));
  if (type === 'LoadBalancer') {
    ports.forEach(({ item, path: p }) => {
      if (item['port'] === KUBELET_PORT) {
        errs.add(invalid(p, KUBELET_PORT, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`));
      }
    });
    if (headless) errs.add(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
  } else if (type === 'NodePort') {
    if (headless) errs.add(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
  } else if (type === 'ExternalName') {
    if (clusterIPs.length > 0) errs.add(forbidden(child(path, 'clusterIPs'), 'may not be set for ExternalName services'));
    if (!unsetValue(spec['ipFamilies']) && Array.isArray(spec['ipFamilies']) && spec['ipFamilies'].length > 0) {
      errs.add(forbidden(child(path, 'ipFamilies'), 'may not be set for ExternalName services'));
    }
    if (!unsetValue(spec['ipFamilyPolicy'])) errs.add(forbidden(child(path, 'ipFamilyPolicy'), 'may not be set for ExternalName services'));
    const externalName = (readStr(spec['externalName'], child(path, 'externalName'), errs) ?? '').replace(/\.$/, '');
    if (externalName.length > 0) {
      for (const msg of isDNS1123Subdomain(externalName)) errs.add(invalid(child(path, 'externalName'), externalName, msg));
    } else errs.add(required(child(path, 'externalName')));
  }
  const names = new Set<string>();
  const portKeys = new Set<string>();
  const nodePortKeys = new Set<string>();
  for (const { item, path: p } of ports) {
    const name = readStr(item['name'], child(p, 'name'), errs) ?? '';
    if (ports.length > 1 && name.length === 0) errs.add(required(child(p, 'name')));
    else if (name.length > 0) {
      for (const msg of isDNS1123Label(name)) errs.add(invalid(child(p, 'name'), name, msg));
      if (names.has(name)) errs.add(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const port = readInt(item['port'], child(p, 'port'), errs) ?? 0;
    for (const msg of isValidPortNum(port)) errs.add(invalid(child(p, 'port'), port, msg));
    const protocol = readStr(item['protocol'], child(p, 'protocol'), errs) ?? '';
    if (protocol.length === 0) errs.add(required(child(p, 'protocol')));
    else if (!PROTOCOLS.includes(protocol)) errs.add(notSupported(child(p, 'protocol'), protocol, PROTOCOLS));
    validateIntOrStringPort(item['targetPort'], child(p, 'targetPort'), errs);
    const nodePort = readInt(item['nodePort'], child(p, 'nodePort'), errs) ?? 0;
    if (type === 'ClusterIP' && nodePort !== 0) errs.add(forbidden(child(p, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    if (nodePort !== 0) {
      const nk = `${protocol}/${nodePort}`;
      if (nodePortKeys.has(nk)) errs.add(duplicate(child(p, 'nodePort'), nodePort));
      nodePortKeys.add(nk);
    }
    const pk = `${protocol}/${port}`;
    if (portKeys.has(pk)) {
      errs.add(
        duplicate(
          p,
          goStruct(['Name', ''], ['Protocol', protocol], ['AppProtocol', null], ['Port', port], ['TargetPort', 0], ['NodePort', 0])
        )
      );
    }
    portKeys.add(pk);
  }
  validateLabels(spec['selector'], child(path, 'selector'), errs);
  const affinity = readStr(spec['sessionAffinity'], child(path, 'sessionAffinity'), errs) ?? '';
  if (affinity.length === 0) errs.add(required(child(path, 'sessionAffinity')));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.add(notSupported(child(path, 'sessionAffinity'), affinity, ['ClientIP', 'None']));
  const cfgPath = child(path, 'sessionAffinityConfig');
  const cfg = readObj(spec['sessionAffinityConfig'], cfgPath, errs);
  if (affinity === 'ClientIP') {
    const when = 'when session affinity type is ClientIP';
    const clientIP = cfg ? readObj(cfg['clientIP'], child(cfgPath, 'clientIP'), errs) : undefined;
    if (!cfg) errs.add(required(cfgPath, when));
    else if (!clientIP) errs.add(required(child(cfgPath, 'clientIP'), when));
    else {
      const tp = child(child(cfgPath, 'clientIP'), 'timeoutSeconds');
      const timeout = readInt(clientIP['timeoutSeconds'], tp, errs);
      if (timeout === undefined) errs.add(required(tp, when));
      else if (timeout <= 0 || timeout > 86400) errs.add(invalid(tp, timeout, 'must be greater than 0 and less than 86400'));
    }
  } else if (affinity === 'None' && cfg) {
    errs.add(forbidden(cfgPath, 'must not be set when session affinity is None'));
  }
  if (type !== 'ExternalName') validateClusterIPs(spec, clusterIP, clusterIPs, errs);
  if (type.length === 0) errs.add(required(child(path, 'type')));
  else if (!SERVICE_TYPES.includes(type)) errs.add(notSupported(child(path, 'type'), type, SERVICE_TYPES));
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort';
  const etp = readStr(spec['externalTrafficPolicy'], child(path, 'externalTrafficPolicy'), errs) ?? '';
  if (!externallyAccessible) {
    if (etp !== '') errs.add(invalid(child(path, 'externalTrafficPolicy'), etp, 'may only be set for externally-accessible services'));
  } else if (etp === '') errs.add(required(child(path, 'externalTrafficPolicy')));
  else if (etp !== 'Cluster' && etp !== 'Local') errs.add(notSupported(child(path, 'externalTrafficPolicy'), etp, ['Cluster', 'Local']));
  const itp = readStr(spec['internalTrafficPolicy'], child(path, 'internalTrafficPolicy'), errs);
  if (itp === undefined) {
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') errs.add(required(child(path, 'internalTrafficPolicy')));
  } else if (itp !== 'Cluster' && itp !== 'Local') {
    errs.add(notSupported(child(path, 'internalTrafficPolicy'), itp, ['Cluster', 'Local']));
  }
  readBool(spec['publishNotReadyAddresses'], child(path, 'publishNotReadyAddresses'), errs);
}

/** `ValidateServiceClusterIPsRelatedFields`. */
function validateClusterIPs(spec: Obj, clusterIP: string, clusterIPs: string[], errs: Errors): void {
  const ipsPath = 'spec.clusterIPs';
  if (clusterIP.length > 0) {
    if (clusterIPs.length === 0) errs.add(required(ipsPath));
    else if (clusterIPs[0] !== clusterIP) errs.add(invalid(ipsPath, clusterIPs, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length > 0) {
    errs.add(invalid(ipsPath, clusterIPs, 'must be empty when `clusterIP` is not specified'));
  }
  const families = readStrList(spec['ipFamilies'], 'spec.ipFamilies', errs) ?? [];
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.add(notSupported(index('spec.ipFamilies', i), f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.add(duplicate(index('spec.ipFamilies', i), f));
    seen.add(f);
  });
  const policy = readStr(spec['ipFamilyPolicy'], 'spec.ipFamilyPolicy', errs);
  if (policy !== undefined && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(policy)) {
    errs.add(notSupported('spec.ipFamilyPolicy', policy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  }
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) errs.add(invalid(ipsPath, clusterIPs, "'None' must be the first and only value"));
      return;
    }
    errs.add(...isValidIP(index(ipsPath, i), ip));
  });
  if (clusterIPs.length > 2) errs.add(invalid(ipsPath, clusterIPs, 'may only hold up to 2 values'));
}

/** `ValidateServiceUpdate`: allocated ClusterIPs may not change once set. */
function validateServiceUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext, errs: Errors): void {
  validateObjectMetaUpdate(obj, old, errs);
  const next = applyDefaults(obj, ctx, old);
  const prev = applyDefaults(old, ctx, old);
  const spec = isObj(next['spec']) ? (next['spec'] as Obj) : {};
  const oldSpec = isObj(prev['spec']) ? (prev['spec'] as Obj) : {};
  if (spec['type'] !== 'ExternalName' && oldSpec['type'] !== 'ExternalName' && !(isHeadless(spec) && isHeadless(oldSpec))) {
    const ips = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'] : [];
    const oldIPs = Array.isArray(oldSpec['clusterIPs']) ? oldSpec['clusterIPs'] : [];
    if (ips.length === oldIPs.length) {
      oldIPs.forEach((ip, i) => {
        if (ip !== ips[i]) errs.add(invalid(index('spec.clusterIPs', i), ips, 'may not change once set'));
      });
    } else if (oldIPs.length > ips.length) {
      if (ips.length === 0) errs.add(invalid('spec.clusterIPs[0]', ips, 'primary clusterIP can not be unset'));
      else if (ips[0] !== oldIPs[0]) errs.add(invalid('spec.clusterIPs[0]', ips, 'may not change once set'));
    } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
      errs.add(invalid('spec.clusterIPs[0]', ips, 'may not change once set'));
    }
  }
  validateService(obj, errs);
}

// ---------------------------------------------------------------------------------------------
// Namespace, Node, ConfigMap, ControllerRevision, Endpoints, EndpointSlice, Event

function validateNamespace(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, false, nameIsDNSLabel, errs);
  const spec = readObj((obj as Obj)['spec'], 'spec', errs) ?? {};
  const finalizers = readStrList(spec['finalizers'], 'spec.finalizers', errs) ?? [];
  for (const f of finalizers) {
    for (const msg of isQualifiedName(f)) errs.add(invalid('spec.finalizers', f, msg));
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.add(invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  }
}

function validateNode(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, false, nameIsDNSSubdomain, errs);
  const spec = readObj((obj as Obj)['spec'], 'spec', errs) ?? {};
  readBool(spec['unschedulable'], 'spec.unschedulable', errs);
  for (const { item, path } of objList(spec['taints'], 'metadata.taints', errs)) {
    const k = readStr(item['key'], child(path, 'key'), errs) ?? '';
    for (const msg of isQualifiedName(k)) errs.add(invalid(child(path, 'key'), k, msg));
    const v = readStr(item['value'], child(path, 'value'), errs) ?? '';
    for (const msg of isValidLabelValue(v)) errs.add(invalid(child(path, 'value'), v, msg));
    const effect = readStr(item['effect'], child(path, 'effect'), errs) ?? '';
    if (effect === '') errs.add(required(child(path, 'effect')));
    else if (!TAINT_EFFECTS.includes(effect)) errs.add(notSupported(child(path, 'effect'), effect, TAINT_EFFECTS));
  }
}

function validateConfigMap(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  const o = obj as Obj;
  const data = readStrMap(o['data'], 'data', errs) ?? {};
  const binary = readStrMap(o['binaryData'], 'binaryData', errs) ?? {};
  for (const k of Object.keys(data)) {
    for (const msg of isConfigMapKey(k)) errs.add(invalid(key('data', k), k, msg));
    if (k in binary) errs.add(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
  }
  for (const k of Object.keys(binary)) for (const msg of isConfigMapKey(k)) errs.add(invalid(key('binaryData', k), k, msg));
  readBool(o['immutable'], 'immutable', errs);
}

function validateConfigMapUpdate(obj: K8sObject, old: K8sObject, errs: Errors): void {
  validateObjectMetaUpdate(obj, old, errs);
  const o = obj as Obj;
  const p = old as Obj;
  if (p['immutable'] === true) {
    if (o['immutable'] !== true) errs.add(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!semanticEqual(o['data'], p['data'])) errs.add(forbidden('data', 'field is immutable when `immutable` is set'));
    if (!semanticEqual(o['binaryData'], p['binaryData'])) errs.add(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  }
  validateConfigMap(obj, errs);
}

function validateControllerRevision(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  const o = obj as Obj;
  if (unsetValue(o['data'])) errs.add(required('data', 'data is mandatory'));
  nonNegative(readInt(o['revision'], 'revision', errs, 64), 'revision', errs);
}

function validateEndpoints(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  for (const { item, path } of objList((obj as Obj)['subsets'], 'subsets', errs)) {
    const addrs = objList(item['addresses'], child(path, 'addresses'), errs);
    const notReady = objList(item['notReadyAddresses'], child(path, 'notReadyAddresses'), errs);
    if (addrs.length === 0 && notReady.length === 0) errs.add(required(path, 'must specify `addresses` or `notReadyAddresses`'));
    for (const { item: a, path: ap } of [...addrs, ...notReady]) {
      const ip = readStr(a['ip'], child(ap, 'ip'), errs) ?? '';
      errs.add(...isValidIP(child(ap, 'ip'), ip));
      const hostname = readStr(a['hostname'], child(ap, 'hostname'), errs) ?? '';
      if (hostname.length > 0) for (const msg of isDNS1123Label(hostname)) errs.add(invalid(child(ap, 'hostname'), hostname, msg));
    }
    const ports = objList(item['ports'], child(path, 'ports'), errs);
    for (const { item: port, path: pp } of ports) {
      const name = readStr(port['name'], child(pp, 'name'), errs) ?? '';
      if (ports.length > 1 && name.length === 0) errs.add(required(child(pp, 'name')));
      else if (name.length > 0) for (const msg of isDNS1123Label(name)) errs.add(invalid(child(pp, 'name'), name, msg));
      const n = readInt(port['port'], child(pp, 'port'), errs) ?? 0;
      for (const msg of isValidPortNum(n)) errs.add(invalid(child(pp, 'port'), n, msg));
      const protocol = readStr(port['protocol'], child(pp, 'protocol'), errs) ?? '';
      if (protocol.length === 0) errs.add(required(child(pp, 'protocol')));
      else if (!PROTOCOLS.includes(protocol)) errs.add(notSupported(child(pp, 'protocol'), protocol, PROTOCOLS));
    }
  }
}

function validateEndpointSlice(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  const o = obj as Obj;
  const addressType = readStr(o['addressType'], 'addressType', errs) ?? '';
  if (addressType === '') errs.add(required('addressType'));
  else if (!['IPv4', 'IPv6', 'FQDN'].includes(addressType)) errs.add(notSupported('addressType', addressType, ['FQDN', 'IPv4', 'IPv6']));
  for (const { item, path } of objList(o['endpoints'], 'endpoints', errs)) {
    const addrs = readStrList(item['addresses'], child(path, 'addresses'), errs) ?? [];
    if (addrs.length === 0) errs.add(required(child(path, 'addresses'), 'must contain at least 1 address'));
    addrs.forEach((a, i) => {
      if (addressType === 'IPv4' || addressType === 'IPv6') errs.add(...isValidIP(index(child(path, 'addresses'), i), a));
    });
    const hostname = readStr(item['hostname'], child(path, 'hostname'), errs) ?? '';
    if (hostname.length > 0) for (const msg of isDNS1123Label(hostname)) errs.add(invalid(child(path, 'hostname'), hostname, msg));
    readObj(item['conditions'], child(path, 'conditions'), errs);
  }
  for (const { item, path } of objList(o['ports'], 'ports', errs)) {
    const port = readInt(item['port'], child(path, 'port'), errs);
    if (port !== undefined) for (const msg of isValidPortNum(port)) errs.add(invalid(child(path, 'port'), port, msg));
    const protocol = readStr(item['protocol'], child(path, 'protocol'), errs);
    if (protocol !== undefined && !PROTOCOLS.includes(protocol)) errs.add(notSupported(child(path, 'protocol'), protocol, PROTOCOLS));
  }
}

function validateEvent(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  const o = obj as Obj;
  const involved = readObj(o['involvedObject'], 'involvedObject', errs) ?? {};
  const ns = readStr(involved['namespace'], 'involvedObject.namespace', errs) ?? '';
  const meta = isObj(o['metadata']) ? o['metadata'] : {};
  if (ns.length > 0 && meta['namespace'] !== ns) errs.add(invalid('involvedObject.namespace', ns, 'does not match event.namespace'));
  const type = readStr(o['type'], 'type', errs) ?? '';
  if (type.length > 0 && type !== 'Normal' && type !== 'Warning') errs.add(notSupported('type', type, ['Normal', 'Warning']));
  readStr(o['reason'], 'reason', errs);
  readStr(o['message'], 'message', errs);
  readInt(o['count'], 'count', errs);
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Validates an object about to be created, as the API server's create strategy does (`Validate`).
 * Call `applyDefaults` first: validation sees the object as stored, so an undefaulted StatefulSet
 * reports `spec.podManagementPolicy: Required value`. Namespaced kinds must carry `metadata.namespace`
 * (the caller sets it). Pods the StatefulSet controller builds go through here too, which is how an
 * over-long set name surfaces as a pod admission failure. Unknown kinds get object-meta checks only.
 * Returns upstream-ordered errors; an empty list means valid. Never throws.
 */
export function validateCreate(obj: K8sObject, ctx: ApiContext): FieldError[] {
  void ctx;
  const errs = new Errors();
  if (!isObj(obj)) return [invalid('', obj, 'must be of type object')];
  const kind = typeof (obj as Obj)['kind'] === 'string' ? ((obj as Obj)['kind'] as string) : '';
  switch (kind) {
    case 'StatefulSet':
      validateStatefulSet(obj, errs);
      break;
    case 'Pod':
      validatePodCreate(obj, errs);
      break;
    case 'PersistentVolumeClaim':
      validatePVC(obj, errs);
      break;
    case 'PersistentVolume':
      validatePV(obj, errs);
      break;
    case 'StorageClass':
      validateStorageClass(obj, errs);
      break;
    case 'Service':
      validateService(obj, errs);
      break;
    case 'Namespace':
      validateNamespace(obj, errs);
      break;
    case 'Node':
      validateNode(obj, errs);
      break;
    case 'ConfigMap':
      validateConfigMap(obj, errs);
      break;
    case 'ControllerRevision':
      validateControllerRevision(obj, errs);
      break;
    case 'Endpoints':
      validateEndpoints(obj, errs);
      break;
    case 'EndpointSlice':
      validateEndpointSlice(obj, errs);
      break;
    case 'Event':
      validateEvent(obj, errs);
      break;
    default:
      validateObjectMeta(obj, !CLUSTER_SCOPED_KINDS.has(kind), nameIsDNSSubdomain, errs);
      break;
  }
  return errs.list;
}

/**
 * Validates an update of `old` (as stored) to `obj`, as the API server's update strategy does
 * (`ValidateUpdate`). Immutable-field rules compare defaulted copies of both objects, so a manifest
 * that omits defaulted fields is not mistaken for a change. Covers: StatefulSet spec immutability
 * (the "updates to statefulset spec for fields other than ..." message), pod update limits, PVC/PV
 * immutability and shrinking, StorageClass immutability, Service ClusterIPs, ConfigMap `immutable`,
 * ControllerRevision `data`. resourceVersion is the caller's concern and is not checked. Never throws.
 */
export function validateUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext): FieldError[] {
  const errs = new Errors();
  if (!isObj(obj)) return [invalid('', obj, 'must be of type object')];
  const safeOld: K8sObject = isObj(old) ? old : ({ apiVersion: '', kind: '', metadata: { name: '' } } as K8sObject);
  const kind = typeof (obj as Obj)['kind'] === 'string' ? ((obj as Obj)['kind'] as string) : '';
  switch (kind) {
    case 'StatefulSet':
      validateStatefulSetUpdate(obj, safeOld, ctx, errs);
      break;
    case 'Pod':
      validatePodUpdate(obj, safeOld, ctx, errs);
      break;
    case 'PersistentVolumeClaim':
      validatePVCUpdate(obj, safeOld, ctx, errs);
      break;
    case 'PersistentVolume':
      validatePVUpdate(obj, safeOld, ctx, errs);
      break;
    case 'StorageClass':
      validateStorageClassUpdate(obj, safeOld, ctx, errs);
      break;
    case 'Service':
      validateServiceUpdate(obj, safeOld, ctx, errs);
      break;
    case 'ConfigMap':
      validateConfigMapUpdate(obj, safeOld, errs);
      break;
    case 'ControllerRevision':
      validateObjectMetaUpdate(obj, safeOld, errs);
      validateControllerRevision(obj, errs);
      if (!semanticEqual((obj as Obj)['data'], (safeOld as Obj)['data'])) {
        errs.add(invalid('data', (obj as Obj)['data'] ?? null, 'field is immutable'));
      }
      break;
    case 'Namespace':
    case 'Node':
    case 'Endpoints':
    case 'EndpointSlice':
    case 'Event':
      validateObjectMetaUpdate(obj, safeOld, errs);
      for (const e of validateCreate(obj, ctx)) if (!e.field.startsWith('metadata.')) errs.add(e);
      break;
    default:
      validateObjectMetaUpdate(obj, safeOld, errs);
      break;
  }
  return errs.list;
}

/**
 * Validates a write to the status subresource (`ValidateStatefulSetStatusUpdate` for StatefulSets:
 * counts non-negative and not above `status.replicas`, available not above ready, `collisionCount`
 * never decremented). Other kinds get the object-meta update rules only. Never throws.
 */
export function validateStatusUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext): FieldError[] {
  void ctx;
  const errs = new Errors();
  if (!isObj(obj)) return [invalid('', obj, 'must be of type object')];
  const safeOld: K8sObject = isObj(old) ? old : ({ apiVersion: '', kind: '', metadata: { name: '' } } as K8sObject);
  if ((obj as Obj)['kind'] === 'StatefulSet') validateStatefulSetStatusUpdate(obj, safeOld, errs);
  else validateObjectMetaUpdate(obj, safeOld, errs);
  return errs.list;
}

/** One error as `field.Error.Error()` prints it: `<field>: <detail>`. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${e.detail}`;
}

/**
 * The message of the `Invalid` status error (`errors.NewInvalid`) in kubectl's wording:
 * `The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`;
 * several errors are joined as the aggregate prints them, `[err1, err2]`, with exact repeats dropped.
 * No errors gives `The StatefulSet "web" is invalid`.
 */
export function formatInvalid(kind: string, name: string, errors: FieldError[]): string {
  const head = `The ${kind} ${goQuote(name)} is invalid`;
  const msgs: string[] = [];
  for (const e of errors) {
    const m = formatFieldError(e);
    if (!msgs.includes(m)) msgs.push(m);
  }
  if (msgs.length === 0) return head;
  if (msgs.length === 1) return `${head}: ${msgs[0] ?? ''}`;
  return `${head}: [${msgs.join(', ')}]`;
}
