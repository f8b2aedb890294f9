/**
 * core/v1 ServiceAccount and Secret: defaults (`SetDefaults_Secret`, the v1→internal conversion that
 * folds `stringData` into `data`) and validation (`pkg/apis/core/validation`: ValidateSecret,
 * ValidateSecretUpdate, ValidateServiceAccount). Secret `data` values are base64 in JSON and YAML;
 * the apiserver's decoder rejects what Go's `base64.StdEncoding` cannot read.
 */
import type { FieldError, K8sObject } from '../model/types.ts';
import { utf8Bytes } from '../model/util.ts';
import {
  Errors,
  child,
  forbidden,
  invalid,
  isConfigMapKey,
  isObj,
  key,
  nameIsDNSSubdomain,
  readBool,
  readStr,
  required,
  semanticEqual,
  tooLong,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validation.ts';

export const SECRET_TYPE_OPAQUE = 'Opaque';
export const SECRET_TYPE_SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
export const SECRET_TYPE_DOCKERCFG = 'kubernetes.io/dockercfg';
export const SECRET_TYPE_DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
export const SECRET_TYPE_BASIC_AUTH = 'kubernetes.io/basic-auth';
export const SECRET_TYPE_SSH_AUTH = 'kubernetes.io/ssh-auth';
export const SECRET_TYPE_TLS = 'kubernetes.io/tls';
/** core.MaxSecretSize. */
const MAX_SECRET_SIZE = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// base64 as Go's encoding/base64 StdEncoding reads and writes it

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map([...ALPHABET].map((c, i) => [c.charCodeAt(0), i]));
const PAD = '='.charCodeAt(0);
const NL = 10;
const CR = 13;

/** `StdEncoding.DecodeString` (decodeQuantum's rules): the bytes, or the offset of the first bad input byte. */
export function decodeBase64(text: string): { bytes: Uint8Array } | { errorAt: number } {
  const src = utf8Encode(text);
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const buf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let trailing: number | undefined;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { bytes: Uint8Array.from(out) };
        return { errorAt: si - j };
      }
      const c = src[si] as number;
      si++;
      const v = DECODE.get(c);
      if (v !== undefined) {
        buf[j] = v;
        continue;
      }
      if (c === NL || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD || j < 2) return { errorAt: si - 1 };
      if (j === 2) {
        while (si < src.length && (src[si] === NL || src[si] === CR)) si++;
        if (si === src.length) return { errorAt: src.length };
        if (src[si] !== PAD) return { errorAt: si - 1 };
        si++;
      }
      while (si < src.length && (src[si] === NL || src[si] === CR)) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = ((buf[0] as number) << 18) | ((buf[1] as number) << 12) | ((buf[2] as number) << 6) | (buf[3] as number);
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailing !== undefined) return { errorAt: trailing };
  }
  return { bytes: Uint8Array.from(out) };
}

/** UTF-8 bytes of a string. */
export function utf8Encode(text: string): Uint8Array {
  return Uint8Array.from(utf8Bytes(text));
}

/** Bytes read as UTF-8, bad sequences as U+FFFD (as Go prints invalid UTF-8 in a string). */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (need < 0) {
      out += '\uFFFD';
      i++;
      continue;
    }
    let cp = need === 0 ? b : b & (0x3f >> need);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 63);
    }
    if (!ok) {
      out += '\uFFFD';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** `StdEncoding.EncodeToString`. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const val = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(val >> 18) & 63];
    out += ALPHABET[(val >> 12) & 63];
    out += b === undefined ? '=' : ALPHABET[(val >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[val & 63];
  }
  return out;
}

/** A Secret value as a container sees it (env var or file): the decoded bytes read as UTF-8. */
export function secretValueText(value: unknown): string {
  if (typeof value !== 'string') return '';
  const decoded = decodeBase64(value);
  return 'bytes' in decoded ? utf8Decode(decoded.bytes) : '';
}

/**
 * The decoder's verdict on a Secret in a request body: `data` (and a ConfigMap's `binaryData`) are
 * []byte fields, so each value must be base64. Undefined when it decodes.
 */
export function undecodableMessage(obj: K8sObject): string | undefined {
  const field = obj.kind === 'Secret' ? 'data' : obj.kind === 'ConfigMap' ? 'binaryData' : undefined;
  if (!field) return undefined;
  const data = isObj(obj[field]) ? (obj[field] as Record<string, unknown>) : {};
  for (const k of Object.keys(data)) {
    const value = data[k];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') return `${obj.kind} in version "v1" cannot be handled as a ${obj.kind}: json: cannot unmarshal ${goJsonType(value)} into Go struct field ${obj.kind}.${field} of type []uint8`;
    const decoded = decodeBase64(value);
    if ('errorAt' in decoded) return `${obj.kind} in version "v1" cannot be handled as a ${obj.kind}: illegal base64 data at input byte ${decoded.errorAt}`;
  }
  // stringData is map[string]string: `port: 5432` in YAML is a number, which the decoder refuses.
  const stringData = obj.kind === 'Secret' ? obj['stringData'] : undefined;
  if (isObj(stringData)) {
    for (const value of Object.values(stringData)) {
      if (value !== null && value !== undefined && typeof value !== 'string') {
        return `Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${goJsonType(value)} into Go struct field Secret.stringData of type string`;
      }
    }
  }
  return undefined;
}

function goJsonType(v: unknown): string {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

// ---------------------------------------------------------------------------------------------
// Defaults

export function defaultCoreExtra(obj: K8sObject, old: K8sObject | undefined): void {
  void old;
  if (obj.kind !== 'Secret') return;
  // Convert_v1_Secret_To_core_Secret: stringData entries overwrite data entries, stringData is dropped.
  const data: Record<string, unknown> = isObj(obj['data']) ? { ...obj['data'] } : {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string') continue;
    const decoded = decodeBase64(v);
    // Stored as Go re-encodes the decoded bytes (line breaks in the input disappear).
    if ('bytes' in decoded) data[k] = encodeBase64(decoded.bytes);
  }
  const stringData = obj['stringData'];
  if (isObj(stringData)) {
    for (const [k, v] of Object.entries(stringData)) {
      if (typeof v === 'string') data[k] = encodeBase64(utf8Encode(v));
    }
  }
  delete obj['stringData'];
  // A Go map: its keys come out sorted.
  const sorted = Object.fromEntries(Object.keys(data).toSorted().map((k) => [k, data[k]]));
  if (Object.keys(sorted).length > 0) obj['data'] = sorted;
  else delete obj['data'];
  // SetDefaults_Secret.
  if (obj['type'] === undefined || obj['type'] === '') obj['type'] = SECRET_TYPE_OPAQUE;
}

// ---------------------------------------------------------------------------------------------
// Validation

export function validateCoreExtraCreate(obj: K8sObject): FieldError[] {
  const errs = new Errors();
  if (obj.kind === 'Secret') validateSecret(obj, errs);
  else validateServiceAccount(obj, errs);
  return errs.list;
}

export function validateCoreExtraUpdate(obj: K8sObject, old: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMetaUpdate(obj, old, errs);
  if (obj.kind === 'Secret') {
    // ValidateSecretUpdate.
    if ((obj['type'] ?? '') !== (old['type'] ?? '')) errs.add(invalid('type', obj['type'] ?? '', 'field is immutable'));
    if (old['immutable'] === true) {
      if (obj['immutable'] !== true) errs.add(forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (!semanticEqual(obj['data'], old['data'])) errs.add(forbidden('data', 'field is immutable when `immutable` is set'));
    }
    validateSecret(obj, errs);
  } else {
    validateServiceAccount(obj, errs);
  }
  return errs.list;
}

/** ValidateSecret. */
function validateSecret(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  readBool(obj['immutable'], 'immutable', errs);
  const type = readStr(obj['type'], 'type', errs) ?? '';
  const data = isObj(obj['data']) ? obj['data'] : {};
  let total = 0;
  const decoded = new Map<string, string>();
  for (const k of Object.keys(data).toSorted()) {
    for (const msg of isConfigMapKey(k)) errs.add(invalid(key('data', k), k, msg));
    const text = secretValueText(data[k]);
    decoded.set(k, text);
    total += utf8Encode(text).length;
  }
  if (total > MAX_SECRET_SIZE) errs.add(tooLong('data', MAX_SECRET_SIZE));
  const has = (k: string) => Object.hasOwn(data, k);
  switch (type) {
    case SECRET_TYPE_SERVICE_ACCOUNT_TOKEN:
      if (!obj.metadata.annotations?.['kubernetes.io/service-account.name']) {
        errs.add(required(key(child('metadata', 'annotations'), 'kubernetes.io/service-account.name')));
      }
      break;
    case SECRET_TYPE_DOCKERCFG:
    case SECRET_TYPE_DOCKER_CONFIG_JSON: {
      const k = type === SECRET_TYPE_DOCKERCFG ? '.dockercfg' : '.dockerconfigjson';
      if (!has(k)) {
        errs.add(required(key('data', k)));
        break;
      }
      const problem = jsonObjectProblem(decoded.get(k) ?? '');
      if (problem) errs.add({ field: key('data', k), detail: `Invalid value: "<secret contents redacted>": ${problem}` });
      break;
    }
    case SECRET_TYPE_BASIC_AUTH:
      if (!has('username') && !has('password')) {
        errs.add(required(key('data', 'username')));
        errs.add(required(key('data', 'password')));
      }
      break;
    case SECRET_TYPE_SSH_AUTH:
      if (!decoded.get('ssh-privatekey')) errs.add(required(key('data', 'ssh-privatekey')));
      break;
    case SECRET_TYPE_TLS:
      if (!has('tls.crt')) errs.add(required(key('data', 'tls.crt')));
      if (!has('tls.key')) errs.add(required(key('data', 'tls.key')));
      break;
    default:
      break;
  }
}

/** What `json.Unmarshal` into a map says about `text`, if it is not a JSON object. */
function jsonObjectProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed === '') return 'unexpected end of JSON input';
    const bad = [...trimmed].find((c) => !'{}[]":,.-+0123456789eEtrufalsn \t\r\n'.includes(c)) ?? trimmed[0] ?? '';
    return `invalid character '${bad}' looking for beginning of value`;
  }
  if (!isObj(parsed)) return `json: cannot unmarshal ${goJsonType(parsed) === 'object' ? 'string' : goJsonType(parsed)} into Go value of type map[string]interface {}`;
  return undefined;
}

/** ValidateServiceAccount. */
function validateServiceAccount(obj: K8sObject, errs: Errors): void {
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  readBool(obj['automountServiceAccountToken'], 'automountServiceAccountToken', errs);
  const secrets = Array.isArray(obj['secrets']) ? obj['secrets'] : [];
  secrets.forEach((s, i) => {
    if (!isObj(s)) return;
    readStr(s['name'], `secrets[${i}].name`, errs);
  });
  const pullSecrets = Array.isArray(obj['imagePullSecrets']) ? obj['imagePullSecrets'] : [];
  pullSecrets.forEach((s, i) => {
    if (isObj(s)) readStr(s['name'], `imagePullSecrets[${i}].name`, errs);
  });
}
