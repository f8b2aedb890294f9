import type { K8sObject, OwnerReference } from './types.ts';

/**
 * Deep copy of plain JSON data, exactly as `JSON.parse(JSON.stringify(value))` gives it (undefined
 * and function members dropped, non-finite numbers as null, key order kept). Stored objects are
 * immutable, so copies are made only at the edges. Plain objects and arrays are copied directly,
 * several times faster than the round trip; anything else (a Date, a class instance, `toJSON`, a
 * `__proto__` key, a bigint, a cycle) takes the round trip itself, so the result is always its.
 */
export function deepClone<T>(value: T): T {
  if (value === undefined) return value;
  const copy = clonePlain(value, 0);
  return (copy === NOT_PLAIN ? JSON.parse(JSON.stringify(value)) : copy) as T;
}

const NOT_PLAIN: unique symbol = Symbol('not plain JSON');
const MAX_CLONE_DEPTH = 512;

function clonePlain(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (depth > MAX_CLONE_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
    const out: unknown[] = Array.from({ length: value.length });
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out[i] = null;
      else {
        const copy = clonePlain(item, depth + 1);
        if (copy === NOT_PLAIN) return NOT_PLAIN;
        out[i] = copy;
      }
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const obj = value as Record<string, unknown>;
  if (typeof obj['toJSON'] === 'function') return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const member = obj[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    if (key === '__proto__') return NOT_PLAIN;
    const copy = clonePlain(member, depth + 1);
    if (copy === NOT_PLAIN) return NOT_PLAIN;
    out[key] = copy;
  }
  return out;
}

/**
 * Structural equality of plain JSON data (key order ignored; a member set to undefined counts as
 * absent). Walks keys with for…in instead of Object.keys: controllers compare on nearly every
 * write, and the key arrays were a large share of the garbage.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const k in ao) {
    if (!Object.hasOwn(ao, k)) continue;
    const value = ao[k];
    if (value === undefined) continue;
    defined++;
    if (!Object.hasOwn(bo, k) || !jsonEqual(value, bo[k])) return false;
  }
  for (const k in bo) {
    if (Object.hasOwn(bo, k) && bo[k] !== undefined) defined--;
  }
  return defined === 0;
}

/**
 * jsonEqual of two plain objects as if neither had the member `skip`: what comparing copies made
 * without it gives, without making them.
 */
export function jsonEqualExcept(a: object, b: object, skip: string): boolean {
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const k in ao) {
    if (k === skip || !Object.hasOwn(ao, k)) continue;
    const value = ao[k];
    if (value === undefined) continue;
    defined++;
    if (!Object.hasOwn(bo, k) || !jsonEqual(value, bo[k])) return false;
  }
  for (const k in bo) {
    if (k !== skip && Object.hasOwn(bo, k) && bo[k] !== undefined) defined--;
  }
  return defined === 0;
}

/** JSON with object keys sorted at every level, as Go's encoding/json renders a map[string]interface{}. */
export function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => sortedJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(obj[k])}`).join(',')}}`;
}

/**
 * The annotations with `key` set to `value`, or taken out when `value` is undefined: the same object
 * when nothing changes, undefined when no annotation is left (an empty map is omitted from JSON).
 */
export function withAnnotation(annotations: Record<string, string> | undefined, key: string, value: string | undefined): Record<string, string> | undefined {
  let next = annotations;
  if (next?.[key] !== value) {
    next = shallowCopy(next);
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next && Object.keys(next).length > 0 ? next : undefined;
}

/**
 * A memo for a pure function of a string (an image name, a container name, an address): the
 * controllers ask about the same few for every pod. Cleared when it grows past 256 entries, so a long
 * session never keeps more than that.
 */
export function boundedMemo<T>(compute: (key: string) => T): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined) {
      value = compute(key);
      if (memo.size >= 256) memo.clear();
      memo.set(key, value);
    }
    return value;
  };
}

/** Freezes a value and everything it holds (what is already frozen is taken as frozen through). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * `{...source}` built by assignment: the same own keys in the same order. V8 takes a slow path,
 * many times slower, when a property is added to an object made by spreading (or when a spread
 * literal adds a key the source lacks): the API server adds uid, timestamps and resourceVersion to
 * the metadata of every new object, and controllers add fields to copies they build, so they copy
 * with this. An absent source gives an empty object, as spreading `undefined` does. Object.assign
 * copies the same own keys in the same order and builds a fast object, but it assigns: an own
 * "__proto__" key would set the prototype instead, so that case takes the loop, which defines it.
 */
export function shallowCopy<T extends object>(source: T | undefined): T {
  if (!source) return {} as T;
  if (!Object.hasOwn(source, '__proto__')) return Object.assign({}, source);
  const copy = {} as Record<string, unknown>;
  for (const key in source) {
    if (!Object.hasOwn(source, key)) continue;
    const value = (source as Record<string, unknown>)[key];
    if (key === '__proto__') Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    else copy[key] = value;
  }
  return copy as T;
}

/**
 * `list.concat(item)` for an item that is no array: a new array exactly one longer (a spread or push
 * would leave spare room that every stored version sharing the array keeps). Copied by a loop:
 * concat takes V8's generic path, about ten times slower for the short lists objects hold.
 */
export function appended<T>(list: readonly T[], item: T): T[] {
  const n = list.length;
  // Array(length) preallocates exactly (n is a number: no ambiguity); Array.from({ length }) is far slower.
  const out: T[] = Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = list[i] as T;
  out[n] = item;
  return out;
}

/** `a.concat(b)` of two arrays, exactly as long as both (see appended). */
export function joined<T>(a: readonly T[], b: readonly T[]): T[] {
  const n = a.length;
  const out: T[] = Array<T>(n + b.length);
  for (let i = 0; i < n; i++) out[i] = a[i] as T;
  for (let i = 0; i < b.length; i++) out[n + i] = b[i] as T;
  return out;
}

/** metav1.GetControllerOf. */
export function getControllerOf(obj: K8sObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef. */
export function newControllerRef(owner: K8sObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 bytes of a string (the engine runs without DOM or Node globals such as TextEncoder). */
export function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/**
 * The same string, made flat. A string built by concatenation is kept as a tree of its pieces (32
 * bytes a join) until something reads its characters, which copies them into one run in place: a
 * string stored for long (an Event's message, a storage key) is made flat once, so the pieces can go.
 * Behaviour is untouched: only the engine's representation of the value changes.
 */
export function flatten(s: string): string {
  s.charCodeAt(0);
  return s;
}
