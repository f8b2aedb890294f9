/**
 * The apiserver's request decoding: before defaulting, admission or validation, the JSON body is
 * decoded into the kind's Go struct by sigs.k8s.io/json (`UnmarshalStrict`, a case-sensitive fork of
 * encoding/json). Two kinds of problem come out of it:
 *
 * - a value of the wrong JSON type is fatal, in encoding/json's words (`UnmarshalTypeError`):
 *   `json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32`;
 * - an unknown field is a strict error, fatal only under `fieldValidation=Strict`, which kubectl sends
 *   by default (`--validate=strict`): `strict decoding error: unknown field "spec.replica"`.
 *
 * Either way the handler (`transformDecodeError` in the apiserver's create handler) answers 400
 * BadRequest: `StatefulSet in version "v1" cannot be handled as a StatefulSet: <error>`.
 *
 * The field table comes from the Go types themselves (schema-data.ts, generated). Pure; never throws.
 */
import { KINDS, TYPES, type GoType } from './schema-data.ts';

export interface DecodeProblem {
  /** The decoder's error, without the "cannot be handled as" prefix. */
  error: string;
  /** Where it is, as a path into the object (list indexes as numbers), for the diagnostic's line. */
  path: (string | number)[];
}

/**
 * Go's int ranges. A JSON number here is a double, so the 64-bit ends are the nearest doubles (2^63
 * and 2^64 themselves overflow in Go; a double cannot tell them from 2^63 − 1).
 */
const INT_RANGE: Record<string, readonly [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  uint64: [0, 2 ** 64],
};
const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

interface Walk {
  strict: boolean;
  /** The first fatal error (encoding/json keeps the first, `saveError`). */
  fatal?: DecodeProblem;
  unknown: string[];
  firstUnknown?: (string | number)[];
  /** encoding/json's errorContext: the innermost struct's name and the JSON field names from the root. */
  struct: string;
  fields: string[];
  path: (string | number)[];
}

/**
 * Decodes `obj` as the apiserver does for its kind. Returns undefined when it decodes cleanly
 * (unknown fields count only when `strict`), else the first fatal error or the strict errors.
 * Kinds without a table (none today) decode without checks.
 */
export function decodeProblem(obj: unknown, strict: boolean): DecodeProblem | undefined {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const kind = (obj as { kind?: unknown }).kind;
  const root = typeof kind === 'string' ? KINDS[kind] : undefined;
  if (root === undefined) return undefined;
  const w: Walk = { strict, unknown: [], struct: '', fields: [], path: [] };
  walk(obj, root, w);
  if (w.fatal) return w.fatal;
  if (w.unknown.length > 0) {
    return { error: `strict decoding error: ${w.unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`, path: w.firstUnknown ?? [] };
  }
  return undefined;
}

/** The whole BadRequest message for a kind: `Pod in version "v1" cannot be handled as a Pod: …`. */
export function decodeMessage(obj: { kind?: unknown; apiVersion?: unknown }, problem: DecodeProblem): string {
  const kind = String(obj.kind);
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : 'v1';
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${problem.error}`;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** `UnmarshalTypeError.Error()` with the decoder's context (addErrorContext). */
function typeError(w: Walk, value: string, goType: string): void {
  if (w.fatal) return;
  const error =
    w.struct !== '' || w.fields.length > 0
      ? `json: cannot unmarshal ${value} into Go struct field ${w.struct}.${w.fields.join('.')} of type ${goType}`
      : `json: cannot unmarshal ${value} into Go value of type ${goType}`;
  w.fatal = { error, path: [...w.path] };
}

/** An error a type's own UnmarshalJSON returns: passed through as it is (no field context). */
function ownError(w: Walk, error: string): void {
  if (!w.fatal) w.fatal = { error, path: [...w.path] };
}

function goNumberText(n: number): string {
  // encoding/json quotes the literal; kubectl's JSON writes integers plainly and floats shortest.
  return String(n);
}

function walk(value: unknown, index: number, w: Walk): void {
  if (value === null || value === undefined) return;
  const t = TYPES[index] as GoType;
  switch (t.k) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') typeError(w, jsonKind(value), t.go);
      return;
    case 'bool':
      if (typeof value !== 'boolean') typeError(w, jsonKind(value), t.go);
      return;
    case 'float':
      if (typeof value !== 'number') typeError(w, jsonKind(value), t.go);
      return;
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64': {
      if (typeof value !== 'number') {
        typeError(w, jsonKind(value), t.go);
        return;
      }
      const [lo, hi] = INT_RANGE[t.k] ?? [0, 0];
      if (!Number.isInteger(value) || value < lo || value > hi) typeError(w, `number ${goNumberText(value)}`, t.go);
      return;
    }
    case 'time':
    case 'duration':
      // metav1.Time / Duration UnmarshalJSON read a string with the standard library.
      if (typeof value !== 'string') ownError(w, `json: cannot unmarshal ${jsonKind(value)} into Go value of type string`);
      return;
    case 'quantity':
      if (typeof value !== 'string' && typeof value !== 'number') ownError(w, QUANTITY_FORMAT);
      return;
    case 'intorstring':
      // IntOrString.UnmarshalJSON: a quoted value is a string, anything else an int32.
      if (typeof value === 'string') return;
      if (typeof value !== 'number') ownError(w, `json: cannot unmarshal ${jsonKind(value)} into Go value of type int32`);
      else if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
        ownError(w, `json: cannot unmarshal number ${goNumberText(value)} into Go value of type int32`);
      }
      return;
    case 'bytes':
      if (typeof value !== 'string') typeError(w, jsonKind(value), t.go);
      return;
    case 'slice': {
      if (!Array.isArray(value)) {
        typeError(w, jsonKind(value), t.go);
        return;
      }
      const elem = t.e ?? 0;
      for (let i = 0; i < value.length; i++) {
        w.path.push(i);
        walk(value[i], elem, w);
        w.path.pop();
      }
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        typeError(w, jsonKind(value), t.go);
        return;
      }
      const elem = t.e ?? 0;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record).toSorted()) {
        w.path.push(key);
        walk(record[key], elem, w);
        w.path.pop();
      }
      return;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        typeError(w, jsonKind(value), t.go);
        return;
      }
      const record = value as Record<string, unknown>;
      const fields = t.f ?? {};
      // kubectl sends JSON marshalled from a map: keys in sorted order, which is the decoder's order.
      for (const key of Object.keys(record).toSorted()) {
        w.path.push(key);
        const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
        if (field === undefined) {
          if (w.strict) {
            w.unknown.push(strictPath(w.path));
            w.firstUnknown ??= [...w.path];
          }
        } else {
          const savedStruct = w.struct;
          w.struct = t.n ?? '';
          w.fields.push(key);
          walk(record[key], field, w);
          w.fields.pop();
          w.struct = savedStruct;
        }
        w.path.pop();
      }
      return;
    }
    default:
      return;
  }
}

/** sigs.k8s.io/json's strict-error path: field names joined by dots, list indexes in brackets. */
function strictPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/**
 * What the typed decode leaves of JSON nulls, as the stored object shows after the apiserver encodes
 * it again: a null field keeps its zero value (omitted, as nearly every field is `omitempty`), and a
 * null list item becomes the item type's zero value (`containers: [null]` is one empty container).
 * Returns `obj` itself when it holds no null. Call only on an object decodeProblem accepted.
 */
export function dropNulls<T>(obj: T): T {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return obj;
  const kind = (obj as { kind?: unknown }).kind;
  const root = typeof kind === 'string' ? KINDS[kind] : undefined;
  if (root === undefined || !hasNull(obj, 0)) return obj;
  const out = zeroNulls(obj, root) as Record<string, unknown>;
  // ObjectMeta is a struct value, never absent in Go: a null metadata decodes to an empty one.
  if ((obj as Record<string, unknown>)['metadata'] === null) out['metadata'] = {};
  return out as T;
}

function hasNull(v: unknown, depth: number): boolean {
  if (v === null) return true;
  if (typeof v !== 'object' || depth > 200) return false;
  if (Array.isArray(v)) return v.some((x) => hasNull(x, depth + 1));
  return Object.values(v as Record<string, unknown>).some((x) => hasNull(x, depth + 1));
}

function zeroValue(index: number): unknown {
  switch (TYPES[index]?.k) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    case 'struct':
    case 'map':
      return {};
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'float':
      return 0;
    default:
      return null;
  }
}

function zeroNulls(value: unknown, index: number): unknown {
  const t = TYPES[index];
  if (value === null || typeof value !== 'object' || !t) return value;
  if (Array.isArray(value)) {
    const elem = t.e;
    if (t.k !== 'slice' || elem === undefined) return value;
    return value.map((item) => (item === null ? zeroValue(elem) : zeroNulls(item, elem)));
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (v === null) continue;
    const field = t.k === 'struct' ? (Object.hasOwn(t.f ?? {}, key) ? t.f?.[key] : undefined) : t.k === 'map' ? t.e : undefined;
    const next = field === undefined ? v : zeroNulls(v, field);
    if (key === '__proto__') Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
    else out[key] = next;
  }
  return out;
}
