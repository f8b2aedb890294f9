/**
 * The three patch types of `kubectl patch` (strategic merge, JSON merge, JSON patch) and the client-side
 * three-way merge of `kubectl apply`, mirroring the upstream Go code:
 *
 * - strategic merge: k8s.io/apimachinery/pkg/util/strategicpatch (patch.go), as the apiserver calls it
 *   through StrategicMergeMapPatchUsingLookupPatchMeta;
 * - three-way merge: strategicpatch.CreateThreeWayMergePatch with overwrite=true, as `kubectl apply`
 *   calls it;
 * - JSON merge patch: RFC 7386 (the apiserver uses evanphx/json-patch MergePatch);
 * - JSON patch: RFC 6902 as gopkg.in/evanphx/json-patch.v4 applies it in the apiserver.
 *
 * Everything works on private deep copies, so inputs are never mutated, and objects are built so that a
 * `__proto__` key is stored as an ordinary own property rather than changing a prototype.
 */
import type { Json, JsonObject } from '../model/types.ts';

export type PatchType = 'strategic' | 'merge' | 'json';
export type PatchResult = { ok: true; value: Json } | { ok: false; error: string };

// Upstream directive names (strategicpatch/patch.go constants).
const DIRECTIVE_MARKER = '$patch';
const DELETE_DIRECTIVE = 'delete';
const REPLACE_DIRECTIVE = 'replace';
const MERGE_DIRECTIVE = 'merge';
const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

// Nesting deeper than this is rejected instead of risking a stack overflow; real objects are a few dozen
// levels deep at most.
const MAX_DEPTH = 1000;
// The apiserver's limit on the number of operations in one JSON patch (maxJSONPatchOperations).
const MAX_JSON_PATCH_OPERATIONS = 10000;
// The apiserver arms evanphx's AccumulatedCopySizeLimit with JSONPatchMaxCopyBytes (3 MiB); without it a
// chain of self-doubling `copy` operations would grow the document exponentially.
const MAX_ACCUMULATED_COPY_BYTES = 3 * 1024 * 1024;

// Upstream error values (mergepatch/errors.go).
const ERR_BAD_JSON_DOC = 'invalid JSON document';
const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported';
const ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST = 'invalid patch format of primitive list';
const ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS = 'invalid patch format of retainKeys';
const ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST = 'invalid patch format of setElementOrder list';

/** Thrown internally and turned into `{ ok: false }` (or rethrown as a plain Error) at the exported edges. */
class PatchFailure extends Error {}

function fail(message: string): never {
  throw new PatchFailure(message);
}

// ---------------------------------------------------------------------------------------------------------
// Safe JSON helpers
// ---------------------------------------------------------------------------------------------------------

function isMap(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(obj: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Assigns without ever invoking the `__proto__` setter, so patch data cannot change a prototype. */
function setOwn(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

function deleteOwn(obj: JsonObject, key: string): void {
  if (Object.hasOwn(obj, key)) delete obj[key];
}

function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(SET_ELEMENT_ORDER_PREFIX) ||
    key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)
  );
}

interface CloneOptions {
  /** Go's json.Marshal writes map keys sorted; used for the three-way patch kubectl would send. */
  readonly sortKeys?: boolean;
  /** Typed decoding in the apiserver drops directive keys that survive a merge; mimic that. */
  readonly stripDirectives?: boolean;
}

/**
 * Deep copy that also normalises what JSON.stringify would (undefined object members dropped, undefined
 * array items and non-finite numbers become null), breaks aliasing and bounds nesting depth.
 */
function cloneJson(value: Json, options: CloneOptions = {}, depth = 0): Json {
  if (depth > MAX_DEPTH) fail(`exceeded max depth of ${MAX_DEPTH}`);
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const item of value) out.push(item === undefined ? null : cloneJson(item, options, depth + 1));
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: JsonObject = {};
    const keys = options.sortKeys ? Object.keys(value).toSorted(compareGoStrings) : Object.keys(value);
    for (const key of keys) {
      const item = value[key];
      if (item === undefined) continue;
      if (options.stripDirectives && isDirectiveKey(key)) continue;
      setOwn(out, key, cloneJson(item, options, depth + 1));
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(b, key) || !deepEqual(a[key], b[key])) return false;
    }
    return true;
  }
  return false;
}

/** Go compares strings bytewise (UTF-8); code-point order gives the same result. */
function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------------------
// Go formatting, so error messages read like upstream's fmt output
// ---------------------------------------------------------------------------------------------------------

/**
 * k8s.io/apimachinery/pkg/util/json turns integral numbers into int64 and the rest into float64; `%v`
 * prints the former in full and the latter in the shortest form with an exponent from 1e+06 up.
 */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const [mantissa = '0', exponentText = '0'] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Mirrors fmt's `%v` for decoded JSON: `map[k:v]` with sorted keys, `[a b]`, `<nil>`. */
function goFormat(value: Json | undefined): string {
  if (value === undefined || value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  const keys = Object.keys(value).toSorted(compareGoStrings);
  return `map[${keys.map((k) => `${k}:${goFormat(value[k])}`).join(' ')}]`;
}

/** The reflect type name Go would print for a decoded JSON value. */
function goTypeName(value: Json | undefined): string {
  if (value === undefined || value === null) return '%!s(<nil>)';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
}

/** The JSON kind encoding/json names in "cannot unmarshal X into Go value" errors. */
function jsonKindName(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  return Array.isArray(value) ? 'array' : 'object';
}

/** strconv.Quote, as kubectl's `%q` prints the patch text. */
function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

function errNoMergeKey(m: JsonObject, key: string): never {
  return fail(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

function errBadArgType(expected: string, actual: Json | undefined): never {
  return fail(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

function errBadPatchType(directive: Json | undefined, m: JsonObject): never {
  return fail(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(m)}`);
}

/** Errors are shown on one line in the terminal; Go would print embedded newlines raw. */
function oneLine(message: string): string {
  return message.replace(/\r\n|\r|\n/g, '\\n');
}

function toFailure(error: unknown): { ok: false; error: string } {
  if (error instanceof PatchFailure) return { ok: false, error: oneLine(error.message) };
  // A pathological input can still exhaust the stack in a recursive walk; report it instead of crashing.
  if (error instanceof RangeError) return { ok: false, error: `exceeded max depth of ${MAX_DEPTH}` };
  throw error;
}

// ---------------------------------------------------------------------------------------------------------
// Patch text parsing
// ---------------------------------------------------------------------------------------------------------

/**
 * A strict JSON parser with deterministic messages. kubectl runs -p text through YAML first, so failures
 * are worded like go-yaml's ("yaml: line N: ..."); JSON.parse's wording differs between engines.
 */
function parsePatchText(text: string): Json {
  let pos = 0;
  let line = 1;

  const error = (message: string): never => fail(`yaml: line ${line}: ${message}`);
  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const ch = text[pos];
      if (ch === '\n') line++;
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r') return;
      pos++;
    }
  };

  const parseString = (): string => {
    pos++; // opening quote
    let out = '';
    for (;;) {
      if (pos >= text.length) return error('found unexpected end of stream');
      const ch = text[pos] ?? '';
      if (ch === '"') {
        pos++;
        return out;
      }
      if (ch === '\n') line++;
      if (ch !== '\\') {
        out += ch;
        pos++;
        continue;
      }
      const esc = text[pos + 1];
      pos += 2;
      switch (esc) {
        case '"':
        case '\\':
        case '/':
          out += esc;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = text.slice(pos, pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return error('did not find expected hexdecimal number');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 4;
          break;
        }
        case undefined:
          return error('found unexpected end of stream');
        default:
          return error('found unknown escape character while parsing a quoted scalar');
      }
    }
  };

  const parseValue = (depth: number, closer: string): Json => {
    if (depth > MAX_DEPTH) fail(`yaml: exceeded max depth of ${MAX_DEPTH}`);
    skipWhitespace();
    const ch = text[pos];
    if (ch === undefined) return error(closer === '' ? 'did not find expected node content' : closer);
    if (ch === '{') {
      pos++;
      const obj: JsonObject = {};
      skipWhitespace();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skipWhitespace();
        if (text[pos] !== '"') return error("did not find expected ',' or '}'");
        const key = parseString();
        skipWhitespace();
        if (text[pos] !== ':') return error("did not find expected ',' or '}'");
        pos++;
        setOwn(obj, key, parseValue(depth + 1, "did not find expected ',' or '}'"));
        skipWhitespace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        return error("did not find expected ',' or '}'");
      }
    }
    if (ch === '[') {
      pos++;
      const arr: Json[] = [];
      skipWhitespace();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1, "did not find expected ',' or ']'"));
        skipWhitespace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        return error("did not find expected ',' or ']'");
      }
    }
    if (ch === '"') return parseString();
    const rest = text.slice(pos);
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest);
    if (number) {
      pos += number[0].length;
      return Number(number[0]);
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (rest.startsWith(word)) {
        pos += word.length;
        return value;
      }
    }
    return error('did not find expected node content');
  };

  const value = parseValue(0, '');
  skipWhitespace();
  if (pos < text.length) error('did not find expected <document start>');
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Patch metadata: the patchStrategy / patchMergeKey struct tags of the upstream Go types
// ---------------------------------------------------------------------------------------------------------

interface Schema {
  /** The Go type name, only used in the "cannot merge lists without merge key" message. */
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldMeta>>;
}

interface FieldMeta {
  readonly strategy?: 'merge' | 'replace';
  readonly retainKeys?: boolean;
  readonly mergeKey?: string;
  /** Schema of the field's value, or of each element for a list. */
  readonly schema?: Schema;
}

interface PatchMeta {
  readonly strategy: string;
  readonly retainKeys: boolean;
  readonly mergeKey: string;
  readonly schema: Schema;
}

const UNKNOWN: Schema = { name: '', fields: {} };

function schema(name: string, fields: Record<string, FieldMeta> = {}): Schema {
  return { name, fields };
}

function mergeBy(mergeKey: string, elem: Schema, retainKeys = false): FieldMeta {
  return retainKeys
    ? { strategy: 'merge', mergeKey, schema: elem, retainKeys }
    : { strategy: 'merge', mergeKey, schema: elem };
}

/** Fields without tags fall back to the defaults: maps merge recursively, lists are replaced. */
function lookupPatchMeta(s: Schema, key: string): PatchMeta {
  const meta = Object.hasOwn(s.fields, key) ? s.fields[key] : undefined;
  return {
    strategy: meta?.strategy ?? '',
    retainKeys: meta?.retainKeys ?? false,
    mergeKey: meta?.mergeKey ?? '',
    schema: meta?.schema ?? UNKNOWN,
  };
}

// metav1.ObjectMeta
const OBJECT_META = schema('v1.ObjectMeta', {
  finalizers: { strategy: 'merge', schema: schema('string') },
  ownerReferences: mergeBy('uid', schema('v1.OwnerReference')),
});

// core/v1 Container and EphemeralContainerCommon carry the same tags. resizePolicy is `listType=atomic`
// without a patch strategy upstream, so it is replaced like any untagged list.
const CONTAINER = schema('v1.Container', {
  ports: mergeBy('containerPort', schema('v1.ContainerPort')),
  env: mergeBy('name', schema('v1.EnvVar')),
  volumeMounts: mergeBy('mountPath', schema('v1.VolumeMount')),
  volumeDevices: mergeBy('devicePath', schema('v1.VolumeDevice')),
});

// core/v1 PodSpec. tolerations has no patch strategy upstream, so it is replaced.
const POD_SPEC = schema('v1.PodSpec', {
  volumes: mergeBy('name', schema('v1.Volume'), true),
  initContainers: mergeBy('name', CONTAINER),
  containers: mergeBy('name', CONTAINER),
  ephemeralContainers: mergeBy('name', CONTAINER),
  imagePullSecrets: mergeBy('name', schema('v1.LocalObjectReference')),
  hostAliases: mergeBy('ip', schema('v1.HostAlias')),
  topologySpreadConstraints: mergeBy('topologyKey', schema('v1.TopologySpreadConstraint')),
  schedulingGates: mergeBy('name', schema('v1.PodSchedulingGate')),
  resourceClaims: mergeBy('name', schema('v1.PodResourceClaim'), true),
});

const POD_STATUS = schema('v1.PodStatus', {
  conditions: mergeBy('type', schema('v1.PodCondition')),
  hostIPs: mergeBy('ip', schema('v1.HostIP')),
  podIPs: mergeBy('ip', schema('v1.PodIP')),
  resourceClaimStatuses: mergeBy('name', schema('v1.PodResourceClaimStatus'), true),
});

const POD_TEMPLATE_SPEC = schema('v1.PodTemplateSpec', {
  metadata: { schema: OBJECT_META },
  spec: { schema: POD_SPEC },
});

function conditionsStatus(name: string): Schema {
  return schema(name, { conditions: mergeBy('type', schema('Condition')) });
}

function topLevel(name: string, spec: Schema, status: Schema, extra: Record<string, FieldMeta> = {}): Schema {
  return schema(name, {
    metadata: { schema: OBJECT_META },
    spec: { schema: spec },
    status: { schema: status },
    ...extra,
  });
}

// apps/v1 StatefulSetSpec: volumeClaimTemplates has no merge key upstream, so it is replaced wholesale.
const WORKLOAD_SPEC = schema('WorkloadSpec', { template: { schema: POD_TEMPLATE_SPEC } });
const JOB_SPEC = schema('v1.JobSpec', { template: { schema: POD_TEMPLATE_SPEC } });

const SCHEMAS: Readonly<Record<string, Schema>> = {
  Pod: topLevel('v1.Pod', POD_SPEC, POD_STATUS),
  StatefulSet: topLevel('v1.StatefulSet', WORKLOAD_SPEC, conditionsStatus('v1.StatefulSetStatus')),
  Deployment: topLevel(
    'v1.Deployment',
    schema('v1.DeploymentSpec', {
      template: { schema: POD_TEMPLATE_SPEC },
      strategy: { retainKeys: true, schema: schema('v1.DeploymentStrategy') },
    }),
    conditionsStatus('v1.DeploymentStatus')
  ),
  ReplicaSet: topLevel('v1.ReplicaSet', WORKLOAD_SPEC, conditionsStatus('v1.ReplicaSetStatus')),
  DaemonSet: topLevel('v1.DaemonSet', WORKLOAD_SPEC, conditionsStatus('v1.DaemonSetStatus')),
  ReplicationController: topLevel(
    'v1.ReplicationController',
    WORKLOAD_SPEC,
    conditionsStatus('v1.ReplicationControllerStatus')
  ),
  Job: topLevel('v1.Job', JOB_SPEC, conditionsStatus('v1.JobStatus')),
  CronJob: topLevel(
    'v1.CronJob',
    schema('v1.CronJobSpec', {
      jobTemplate: {
        schema: schema('v1.JobTemplateSpec', {
          metadata: { schema: OBJECT_META },
          spec: { schema: JOB_SPEC },
        }),
      },
    }),
    UNKNOWN
  ),
  PodTemplate: schema('v1.PodTemplate', {
    metadata: { schema: OBJECT_META },
    template: { schema: POD_TEMPLATE_SPEC },
  }),
  Service: topLevel(
    'v1.Service',
    schema('v1.ServiceSpec', { ports: mergeBy('port', schema('v1.ServicePort')) }),
    conditionsStatus('v1.ServiceStatus')
  ),
  PersistentVolumeClaim: topLevel(
    'v1.PersistentVolumeClaim',
    UNKNOWN,
    conditionsStatus('v1.PersistentVolumeClaimStatus')
  ),
  PersistentVolume: topLevel('v1.PersistentVolume', UNKNOWN, UNKNOWN),
  // core/v1 NodeSpec: podCIDRs merges as a set of strings; taints has no patch strategy, so it is replaced.
  Node: topLevel(
    'v1.Node',
    schema('v1.NodeSpec', { podCIDRs: { strategy: 'merge', schema: schema('string') } }),
    schema('v1.NodeStatus', {
      conditions: mergeBy('type', schema('v1.NodeCondition')),
      addresses: mergeBy('type', schema('v1.NodeAddress')),
    })
  ),
  Namespace: topLevel('v1.Namespace', UNKNOWN, conditionsStatus('v1.NamespaceStatus')),
  ServiceAccount: schema('v1.ServiceAccount', {
    metadata: { schema: OBJECT_META },
    secrets: mergeBy('name', schema('v1.ObjectReference')),
  }),
};

/** Kinds without special tags (ConfigMap, Secret, ...) still merge metadata like every built-in type. */
const GENERIC_OBJECT = schema('Object', { metadata: { schema: OBJECT_META } });

function schemaForKind(kind: string): Schema {
  return Object.hasOwn(SCHEMAS, kind) ? (SCHEMAS[kind] ?? GENERIC_OBJECT) : GENERIC_OBJECT;
}

// ---------------------------------------------------------------------------------------------------------
// List utilities shared by merging and diffing
// ---------------------------------------------------------------------------------------------------------

type ElementKind = 'map' | 'scalar';

/** Go's `==` on interface values: equal scalars of the same type; maps and slices never match. */
type KeyValue = string | number | boolean | null | object;

function keyValue(item: Json | undefined, mergeKey: string, kind: ElementKind): Json | undefined {
  if (kind !== 'map') return item;
  return isMap(item) ? own(item, mergeKey) : undefined;
}

/** Index of the first element per merge key value, so lookups stay linear on long lists. */
function buildIndex(list: readonly Json[], mergeKey: string, kind: ElementKind): Map<KeyValue, number> {
  const index = new Map<KeyValue, number>();
  list.forEach((item, i) => {
    const value = keyValue(item, mergeKey, kind);
    if (value !== undefined && !index.has(value)) index.set(value, i);
  });
  return index;
}

/** Mirrors sliceElementType: all elements must share one type, and lists of lists are refused. */
function sliceElementType(...slices: readonly (readonly Json[])[]): ElementKind {
  let prev: string | undefined;
  for (const slice of slices) {
    for (const item of slice) {
      const current = goTypeName(item).replace(/^(int64|float64)$/, 'number');
      if (prev === undefined) {
        prev = current;
        if (Array.isArray(item)) fail(ERR_NO_LIST_OF_LISTS);
      } else if (prev !== current) {
        fail(`list element types are not identical: ${goFormat(slices as Json[][])}`);
      }
    }
  }
  if (prev === undefined) fail('no elements in any of the given slices');
  return prev === 'map[string]interface {}' ? 'map' : 'scalar';
}

function validateMergeKeyInLists(mergeKey: string, ...lists: readonly (readonly Json[])[]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isMap(item)) errBadArgType('map[string]interface {}', item);
      if (!Object.hasOwn(item, mergeKey)) errNoMergeKey(item, mergeKey);
    }
  }
}

/** Mirrors extractToDeleteItems: splits out `$patch: delete` elements. */
function extractToDeleteItems(list: readonly Json[]): [Json[], Json[]] {
  const nonDelete: Json[] = [];
  const toDelete: Json[] = [];
  for (const item of list) {
    if (!isMap(item)) errBadArgType('map[string]interface {}', item);
    if (own(item, DIRECTIVE_MARKER) === DELETE_DIRECTIVE) toDelete.push(item);
    else nonDelete.push(item);
  }
  return [nonDelete, toDelete];
}

/** Mirrors normalizeSliceOrder: sorts `toSort` by the position of each element in `order`. */
function normalizeSliceOrder(
  toSort: readonly Json[],
  order: readonly Json[],
  mergeKey: string,
  kind: ElementKind
): Json[] {
  let items = [...toSort];
  let toDelete: Json[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [items, toDelete] = extractToDeleteItems(toSort);
  }
  const index = buildIndex(order, mergeKey, kind);
  const positions = new Map<Json, number>();
  for (const item of items) {
    const value = keyValue(item, mergeKey, kind);
    positions.set(item, value === undefined ? -1 : (index.get(value) ?? -1));
  }
  // Upstream's comparator only orders pairs found in `order`; keeping the rest in place is the stable
  // reading of it.
  const sorted = items
    .map((item, i) => ({ item, i, pos: positions.get(item) ?? -1 }))
    .toSorted((a, b) => (a.pos >= 0 && b.pos >= 0 ? a.pos - b.pos : a.i - b.i))
    .map((entry) => entry.item);
  return [...sorted, ...toDelete];
}

/** Mirrors mergeSortedSlice: interleaves server-only items into the patch items by live order. */
function mergeSortedSlice(
  left: readonly Json[],
  right: readonly Json[],
  serverOrder: readonly Json[],
  mergeKey: string,
  kind: ElementKind
): Json[] {
  const index = buildIndex(serverOrder, mergeKey, kind);
  const at = (item: Json): number => {
    const value = keyValue(item, mergeKey, kind);
    return value === undefined ? -1 : (index.get(value) ?? -1);
  };
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const l = left[i];
    const r = right[j];
    if (l === undefined) {
      out.push(r as Json);
      j++;
    } else if (r === undefined) {
      out.push(l);
      i++;
    } else {
      const li = at(l);
      const ri = at(r);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push(l);
        i++;
      } else {
        out.push(r);
        j++;
      }
    }
  }
  return out;
}

/** Mirrors normalizeElementOrder. */
function normalizeElementOrder(
  patch: readonly Json[],
  serverOnly: readonly Json[],
  patchOrder: readonly Json[],
  serverOrder: readonly Json[],
  mergeKey: string,
  kind: ElementKind
): Json[] {
  const sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const sortedServerOnly = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServerOnly, sortedPatch, serverOrder, mergeKey, kind);
}

function partitionPrimitivesByPresentInList(
  list: readonly Json[],
  partitionBy: readonly Json[]
): [Json[], Json[]] {
  const present = new Set<Json>(partitionBy);
  const patch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const item of list) (present.has(item) ? patch : serverOnly).push(item);
  return [patch, serverOnly];
}

function partitionMapsByPresentInList(
  list: readonly Json[],
  partitionBy: readonly Json[],
  mergeKey: string
): [Json[], Json[]] {
  const present = new Set<KeyValue>();
  for (const item of partitionBy) {
    if (!isMap(item)) fail('value for key 0 is not a map');
    const value = own(item, mergeKey);
    if (value !== undefined) present.add(value);
  }
  const patch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const item of list) {
    if (!isMap(item)) errBadArgType('map[string]interface {}', item);
    const value = own(item, mergeKey);
    if (value === undefined) errNoMergeKey(item, mergeKey);
    (present.has(value) ? patch : serverOnly).push(item);
  }
  return [patch, serverOnly];
}

function dedupeScalars(list: readonly Json[]): Json[] {
  return [...new Set(list)];
}

/**
 * Mirrors deduplicateScalars' swap-with-last algorithm, whose output order shows up in the
 * `$deleteFromPrimitiveList` lists kubectl sends. Long lists fall back to a linear dedupe.
 */
function deduplicateScalarsLikeGo(list: readonly Json[]): Json[] {
  if (new Set(list).size === list.length) return [...list];
  if (list.length > 2000) return dedupeScalars(list);
  const s = [...list];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length] as Json;
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

function sortScalars(list: readonly Json[]): Json[] {
  return list.toSorted((a, b) => compareGoStrings(goFormat(a), goFormat(b)));
}

function mergeKeyValueEqual(left: Json | undefined, right: Json | undefined, mergeKey: string): boolean {
  if (mergeKey === '') return left === right && !isMap(left) && !Array.isArray(left);
  if (!isMap(left)) return errBadArgType('map[string]interface {}', left);
  if (!isMap(right)) return errBadArgType('map[string]interface {}', right);
  const l = own(left, mergeKey);
  if (l === undefined) errNoMergeKey(left, mergeKey);
  const r = own(right, mergeKey);
  if (r === undefined) errNoMergeKey(right, mergeKey);
  return l === r;
}

/** Mirrors extractKey: `$prefix/field` -> `field`. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) fail(ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST);
    if (prefix === SET_ELEMENT_ORDER_PREFIX) fail(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
    fail(`fail to find unknown prefix "${prefix}" in ${key}`);
  }
  return key.slice(slash + 1);
}

// ---------------------------------------------------------------------------------------------------------
// Strategic merge: applying a patch (mergeMap and friends)
// ---------------------------------------------------------------------------------------------------------

interface MergeOptions {
  /** True when applying (server side); false when merging two patches in CreateThreeWayMergePatch. */
  readonly mergeParallelList: boolean;
  readonly ignoreUnmatchedNulls: boolean;
}

/** Mirrors removeDirectives: drops maps carrying `$patch` (and list items that are such maps). */
function removeDirectives(value: Json): { value: Json; keep: boolean } {
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const item of value) {
      const r = removeDirectives(item);
      if (r.keep) out.push(r.value);
    }
    return { value: out, keep: true };
  }
  if (isMap(value)) {
    if (Object.hasOwn(value, DIRECTIVE_MARKER)) return { value: null, keep: false };
    for (const key of Object.keys(value)) {
      const r = removeDirectives(value[key] as Json);
      if (r.keep) setOwn(value, key, r.value);
      else delete value[key];
    }
    return { value, keep: true };
  }
  return { value, keep: true };
}

/** Mirrors discardNullValuesFromPatch. */
function discardNullValuesFromPatch(value: Json): void {
  if (Array.isArray(value)) {
    for (const item of value) discardNullValuesFromPatch(item);
  } else if (isMap(value)) {
    for (const key of Object.keys(value)) {
      const item = value[key] as Json;
      if (item === null) delete value[key];
      else discardNullValuesFromPatch(item);
    }
  }
}

function takePatchValue(original: JsonObject, key: string, patchValue: Json, options: MergeOptions): void {
  if (options.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchValue);
  const r = removeDirectives(patchValue);
  if (r.keep) setOwn(original, key, r.value);
  else deleteOwn(original, key);
}

/** Mirrors handleDirectiveInMergeMap. */
function handleDirectiveInMergeMap(directive: Json | undefined, patch: JsonObject): JsonObject {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  return errBadPatchType(directive, patch);
}

/** Mirrors applyRetainKeysDirective. */
function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, options: MergeOptions): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeysInPatch = patch[RETAIN_KEYS_DIRECTIVE] as Json;
  delete patch[RETAIN_KEYS_DIRECTIVE];

  if (!options.mergeParallelList) {
    // Merging two patches: both sides must agree, or the directive is carried over.
    if (Object.hasOwn(original, RETAIN_KEYS_DIRECTIVE)) {
      const inOriginal = original[RETAIN_KEYS_DIRECTIVE];
      if (!deepEqual(inOriginal, retainKeysInPatch)) {
        fail(
          `${goFormat(inOriginal)} and ${goFormat(retainKeysInPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`
        );
      }
    } else {
      setOwn(original, RETAIN_KEYS_DIRECTIVE, retainKeysInPatch);
    }
    return;
  }

  if (!Array.isArray(retainKeysInPatch)) fail(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  const retained = new Set<Json>(retainKeysInPatch);
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (
      value === null ||
      key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      key.startsWith(SET_ELEMENT_ORDER_PREFIX)
    ) {
      continue;
    }
    if (!retained.has(key)) fail(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  }
  for (const key of Object.keys(original)) {
    if (!retained.has(key)) delete original[key];
  }
}

/** Mirrors validatePatchWithSetOrderList (the message is flattened onto one line). */
function validatePatchWithSetOrderList(
  patchList: readonly Json[],
  setOrderList: readonly Json[],
  mergeKey: string
): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDeleteList = mergeKey !== '' ? extractToDeleteItems(patchList)[0] : [...patchList];
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDeleteList.length && setOrderIndex < setOrderList.length) {
    const item = nonDeleteList[patchIndex];
    if (isMap(item) && Object.hasOwn(item, DIRECTIVE_MARKER)) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[setOrderIndex], mergeKey)) patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDeleteList.length && setOrderIndex >= setOrderList.length) {
    fail(
      `The order in patch list: ${goFormat(patchList as Json[])} doesn't match ${SET_ELEMENT_ORDER_PREFIX} list: ${goFormat(setOrderList as Json[])}`
    );
  }
}

/** Mirrors mergePatchIntoOriginal: processes `$setElementOrder/<list>` together with `<list>`. */
function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  s: Schema,
  options: MergeOptions
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setElementOrderInPatch = patch[key] as Json;
    if (!options.mergeParallelList) {
      if (Object.hasOwn(original, key)) {
        if (!deepEqual(original[key], setElementOrderInPatch))
          fail(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
      } else {
        setOwn(original, key, setElementOrderInPatch);
      }
    }
    delete patch[key];

    if (!Array.isArray(setElementOrderInPatch)) errBadArgType('[]interface {}', setElementOrderInPatch);
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = Object.hasOwn(original, originalKey);
    const foundPatch = Object.hasOwn(patch, originalKey);
    const originalList = own(original, originalKey);
    const patchList = own(patch, originalKey);
    if (foundOriginal && !Array.isArray(originalList)) errBadArgType('[]interface {}', originalList);
    if (foundPatch && !Array.isArray(patchList)) errBadArgType('[]interface {}', patchList);
    const originalFieldValue: Json[] = Array.isArray(originalList) ? originalList : [];
    const patchFieldValue: Json[] = Array.isArray(patchList) ? patchList : [];

    const meta = lookupPatchMeta(s, originalKey);
    validatePatchWithSetOrderList(patchFieldValue, setElementOrderInPatch, meta.mergeKey);

    let merged: Json[];
    if (foundOriginal && !foundPatch) {
      merged = originalFieldValue;
    } else if (!foundOriginal && foundPatch) {
      merged = removeDirectives(patchFieldValue).value as Json[];
    } else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(
        originalFieldValue,
        patchFieldValue,
        meta.schema,
        meta.strategy,
        meta.mergeKey,
        false,
        options
      );
    } else {
      continue;
    }

    const [patchItems, serverOnlyItems] =
      meta.mergeKey === ''
        ? partitionPrimitivesByPresentInList(merged, setElementOrderInPatch)
        : partitionMapsByPresentInList(merged, setElementOrderInPatch, meta.mergeKey);
    const kind = sliceElementType(originalFieldValue, patchFieldValue);
    setOwn(
      original,
      originalKey,
      normalizeElementOrder(
        patchItems,
        serverOnlyItems,
        setElementOrderInPatch,
        originalFieldValue,
        meta.mergeKey,
        kind
      )
    );
    delete patch[originalKey];
  }
}

/** Mirrors mergeMap; `original` and `patch` are private copies and may be modified. */
function mergeMap(original: JsonObject, patch: JsonObject, s: Schema, options: MergeOptions): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER))
    return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);

  applyRetainKeysDirective(original, patch, options);
  mergePatchIntoOriginal(original, patch, s, options);

  for (const patchKey of Object.keys(patch)) {
    const patchValue = patch[patchKey] as Json;
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!options.mergeParallelList) {
        // Merging two patches keeps the parallel deletion list as is.
        setOwn(original, patchKey, patchValue);
        continue;
      }
      isDeleteList = true;
      const stripped = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      if (stripped !== '') key = stripped;
    }

    // A null deletes the key; when merging two patches it is kept so the deletion reaches the server.
    if (patchValue === null) {
      deleteOwn(original, key);
      if (options.ignoreUnmatchedNulls) continue;
    }

    if (!Object.hasOwn(original, key)) {
      if (!isDeleteList) takePatchValue(original, key, patchValue, options);
      continue;
    }

    const originalValue = original[key] as Json;
    const originalIsList = Array.isArray(originalValue);
    const bothMaps = isMap(originalValue) && isMap(patchValue);
    const bothLists = originalIsList && Array.isArray(patchValue);
    const sameScalarType =
      !isMap(originalValue) && !originalIsList && goTypeName(originalValue) === goTypeName(patchValue);
    if (!bothMaps && !bothLists && !sameScalarType) {
      if (!isDeleteList) takePatchValue(original, key, patchValue, options);
      continue;
    }

    const meta = lookupPatchMeta(s, key);
    if (bothMaps) {
      setOwn(
        original,
        key,
        meta.strategy !== REPLACE_DIRECTIVE
          ? mergeMap(originalValue as JsonObject, patchValue as JsonObject, meta.schema, options)
          : (patchValue as JsonObject)
      );
    } else if (bothLists) {
      setOwn(
        original,
        key,
        mergeSliceHandler(
          originalValue as Json[],
          patchValue as Json[],
          meta.schema,
          meta.strategy,
          meta.mergeKey,
          isDeleteList,
          options
        )
      );
    } else {
      const r = removeDirectives(patchValue);
      if (r.keep) setOwn(original, key, r.value);
      else deleteOwn(original, key);
    }
  }
  return original;
}

/** Mirrors mergeSliceHandler: only `merge` lists (and parallel deletion lists) merge; others are replaced. */
function mergeSliceHandler(
  original: Json[],
  patch: Json[],
  s: Schema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions
): Json[] {
  if (strategy === MERGE_DIRECTIVE || isDeleteList)
    return mergeSlice(original, patch, s, mergeKey, options, isDeleteList);
  return patch;
}

/** Mirrors mergeSlice. */
function mergeSlice(
  original: Json[],
  patch: Json[],
  s: Schema,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean
): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);

  let merged: Json[];
  let orderPatch = patch;
  let serverOrder = original;
  if (kind !== 'map') {
    if (options.mergeParallelList && isDeleteList) {
      const toDelete = new Set<Json>(patch);
      return original.filter((item) => !toDelete.has(item));
    }
    merged = dedupeScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') fail(`cannot merge lists without merge key for ${s.name}`);
    [serverOrder, orderPatch] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(serverOrder, orderPatch, mergeKey, s, options);
  }

  const [patchItems, serverOnlyItems] =
    mergeKey === ''
      ? partitionPrimitivesByPresentInList(merged, orderPatch)
      : partitionMapsByPresentInList(merged, orderPatch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnlyItems, orderPatch, serverOrder, mergeKey, kind);
}

/** Mirrors mergeSliceWithSpecialElements: applies `$patch: delete` and `$patch: replace` list items. */
function mergeSliceWithSpecialElements(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  const withoutSpecial: Json[] = [];
  let replace = false;
  let current = original;
  for (const item of patch) {
    const element = item as JsonObject;
    if (!Object.hasOwn(element, DIRECTIVE_MARKER)) {
      withoutSpecial.push(item);
      continue;
    }
    const directive = element[DIRECTIVE_MARKER];
    if (directive === DELETE_DIRECTIVE) {
      const value = own(element, mergeKey);
      if (value === undefined) errNoMergeKey(element, mergeKey);
      current = current.filter((candidate) => {
        if (!isMap(candidate)) return fail('value for key 0 is not a map');
        return !(
          Object.hasOwn(candidate, mergeKey) &&
          candidate[mergeKey] === value &&
          !isMap(value) &&
          !Array.isArray(value)
        );
      });
    } else if (directive === REPLACE_DIRECTIVE) {
      // Keep scanning so the other directive items are pruned too.
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      fail('merging lists cannot yet be specified in the patch');
    } else {
      errBadPatchType(directive, element);
    }
  }
  return replace ? [withoutSpecial, []] : [current, withoutSpecial];
}

/** Mirrors mergeSliceWithoutSpecialElements: merges items with equal merge keys, appends the rest. */
function mergeSliceWithoutSpecialElements(
  original: Json[],
  patch: Json[],
  mergeKey: string,
  s: Schema,
  options: MergeOptions
): Json[] {
  const out = [...original];
  const index = buildIndex(out, mergeKey, 'map');
  for (const item of patch) {
    const element = item as JsonObject;
    const value = own(element, mergeKey);
    if (value === undefined) errNoMergeKey(element, mergeKey);
    const found = isMap(value) || Array.isArray(value) ? undefined : index.get(value);
    const target = found === undefined ? undefined : out[found];
    if (found !== undefined && isMap(target)) {
      out[found] = mergeMap(target, element, s, options);
    } else {
      if (!index.has(value)) index.set(value, out.length);
      out.push(item);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Strategic merge: computing a patch (diffMaps and friends)
// ---------------------------------------------------------------------------------------------------------

interface DiffOptions {
  readonly setElementOrder: boolean;
  readonly ignoreChangesAndAdditions: boolean;
  readonly ignoreDeletions: boolean;
  readonly buildRetainKeysDirective: boolean;
}

function valueKind(value: Json): string {
  if (Array.isArray(value)) return 'slice';
  if (value === null) return 'nil';
  return typeof value;
}

/** Mirrors diffMaps: the recursive strategic merge patch that turns `original` into `modified`. */
function diffMaps(original: JsonObject, modified: JsonObject, s: Schema, options: DiffOptions): JsonObject {
  const patch: JsonObject = {};
  const retainKeysList: Json[] = [];

  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key] as Json;
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);

    if (!Object.hasOwn(original, key)) {
      if (!options.ignoreChangesAndAdditions) setOwn(patch, key, modifiedValue);
      continue;
    }
    const originalValue = original[key] as Json;

    if (key === DIRECTIVE_MARKER) {
      // Mirrors handleDirectiveMarker.
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        fail(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (modifiedValue !== originalValue) setOwn(patch, DIRECTIVE_MARKER, modifiedValue);
      continue;
    }

    if (valueKind(originalValue) !== valueKind(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) setOwn(patch, key, modifiedValue);
      continue;
    }

    if (isMap(originalValue)) {
      handleMapDiff(key, originalValue, modifiedValue as JsonObject, patch, s, options);
    } else if (Array.isArray(originalValue)) {
      handleSliceDiff(key, originalValue, modifiedValue as Json[], patch, s, options);
    } else if (!options.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) {
      setOwn(patch, key, modifiedValue);
    }
  }

  // Mirrors updatePatchIfMissing: a key dropped from `modified` becomes an explicit null.
  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) {
      if (!Object.hasOwn(modified, key)) setOwn(patch, key, null);
    }
  }

  if (
    retainKeysList.length > 0 &&
    (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))
  ) {
    setOwn(patch, RETAIN_KEYS_DIRECTIVE, sortScalars(retainKeysList));
  }
  return patch;
}

function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.keys(original).some((key) => original[key] !== null && !Object.hasOwn(modified, key));
}

/** Mirrors handleMapDiff. */
function handleMapDiff(
  key: string,
  originalValue: JsonObject,
  modifiedValue: JsonObject,
  patch: JsonObject,
  s: Schema,
  options: DiffOptions
): void {
  const meta = lookupPatchMeta(s, key);
  const nested = { ...options, buildRetainKeysDirective: meta.retainKeys };
  if (meta.strategy === REPLACE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions) setOwn(patch, key, modifiedValue);
    return;
  }
  const patchValue = diffMaps(originalValue, modifiedValue, meta.schema, nested);
  if (Object.keys(patchValue).length > 0) setOwn(patch, key, patchValue);
}

/** Mirrors handleSliceDiff. */
function handleSliceDiff(
  key: string,
  originalValue: Json[],
  modifiedValue: Json[],
  patch: JsonObject,
  s: Schema,
  options: DiffOptions
): void {
  const meta = lookupPatchMeta(s, key);
  if (meta.strategy !== MERGE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue))
      setOwn(patch, key, modifiedValue);
    return;
  }
  const nested = { ...options, buildRetainKeysDirective: meta.retainKeys };
  const [addList, deletionList, setOrderList] = diffLists(
    originalValue,
    modifiedValue,
    meta.schema,
    meta.mergeKey,
    nested
  );
  if (addList.length > 0) setOwn(patch, key, addList);
  if (deletionList.length > 0) setOwn(patch, `${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`, deletionList);
  if (setOrderList.length > 0) setOwn(patch, `${SET_ELEMENT_ORDER_PREFIX}/${key}`, setOrderList);
}

/** Mirrors diffLists: returns the patch list, the parallel deletion list and the `$setElementOrder` list. */
function diffLists(
  original: Json[],
  modified: Json[],
  s: Schema,
  mergeKey: string,
  options: DiffOptions
): [Json[], Json[], Json[]] {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }

  const kind = sliceElementType(original, modified);
  if (kind === 'map') {
    const [changes, deletions] = diffListsOfMaps(original, modified, s, mergeKey, options);
    const patchList = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletions];
    const orderSame = isOrderSame(original, modified, mergeKey);
    let setOrderList: Json[] = [];
    if (
      options.setElementOrder &&
      ((!options.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!options.ignoreDeletions && patchList.length > 0))
    ) {
      setOrderList = modified.map((item) => {
        const entry: JsonObject = {};
        setOwn(entry, mergeKey, own(item as JsonObject, mergeKey) ?? null);
        return entry;
      });
    }
    return [patchList, [], setOrderList];
  }

  const { addList, deletionList, sortedOriginal } = diffListsOfScalars(original, modified, options);
  const patchList = normalizeSliceOrder(addList, modified, mergeKey, kind);
  // Upstream sorts `original` in place inside diffListsOfScalars before this comparison, so a list that
  // only differs in order from `modified` still yields a `$setElementOrder`; keep that behaviour.
  const setOrderList =
    options.setElementOrder &&
    ((!options.ignoreDeletions && deletionList.length > 0) ||
      (!options.ignoreChangesAndAdditions && !deepEqual(sortedOriginal, modified)))
      ? modified
      : [];
  return [patchList, deletionList, setOrderList];
}

function isOrderSame(original: readonly Json[], modified: readonly Json[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((item, i) => mergeKeyValueEqual(original[i], item, mergeKey));
}

/** Mirrors diffListsOfScalars: walks both lists sorted by their `%v` text. */
function diffListsOfScalars(
  original: readonly Json[],
  modified: readonly Json[],
  options: DiffOptions
): { addList: Json[]; deletionList: Json[]; sortedOriginal: Json[] } {
  const originalScalars = sortScalars(original);
  const modifiedScalars = sortScalars(modified);
  const addList: Json[] = [];
  const deletionList: Json[] = [];
  let oi = 0;
  let mi = 0;
  while (oi < originalScalars.length || mi < modifiedScalars.length) {
    const originalInBounds = oi < originalScalars.length;
    const modifiedInBounds = mi < modifiedScalars.length;
    const o = originalScalars[oi] as Json;
    const m = modifiedScalars[mi] as Json;
    const os = originalInBounds ? goFormat(o) : '';
    const ms = modifiedInBounds ? goFormat(m) : '';
    if (originalInBounds && modifiedInBounds && os === ms) {
      oi++;
      mi++;
    } else if (!originalInBounds || (modifiedInBounds && compareGoStrings(os, ms) > 0)) {
      if (!options.ignoreChangesAndAdditions) addList.push(m);
      mi++;
    } else {
      if (!options.ignoreDeletions) deletionList.push(o);
      oi++;
    }
  }
  return { addList, deletionList: deduplicateScalarsLikeGo(deletionList), sortedOriginal: originalScalars };
}

/** Mirrors sortMergeListsByNameArray (non-recursive): orders maps by the `%v` text of their merge key. */
function sortByMergeKey(list: readonly Json[], mergeKey: string): Json[] {
  if (list.length === 0) return [];
  sliceElementType(list);
  return list
    .map((item) => ({ item, text: goFormat(isMap(item) ? own(item, mergeKey) : undefined) }))
    .toSorted((a, b) => compareGoStrings(a.text, b.text))
    .map((entry) => entry.item);
}

function mapAndMergeKeyValue(item: Json | undefined, mergeKey: string): [JsonObject, Json] {
  if (!isMap(item)) return errBadArgType('map[string]interface {}', item);
  const value = own(item, mergeKey);
  if (value === undefined) return errNoMergeKey(item, mergeKey);
  return [item, value];
}

/** Mirrors diffListsOfMaps: walks both lists sorted by merge key; deletions become `$patch: delete`. */
function diffListsOfMaps(
  original: readonly Json[],
  modified: readonly Json[],
  s: Schema,
  mergeKey: string,
  options: DiffOptions
): [Json[], Json[]] {
  const patch: Json[] = [];
  const deletionList: Json[] = [];
  const originalSorted = sortByMergeKey(original, mergeKey);
  const modifiedSorted = sortByMergeKey(modified, mergeKey);
  let oi = 0;
  let mi = 0;
  while (oi < originalSorted.length || mi < modifiedSorted.length) {
    const originalInBounds = oi < originalSorted.length;
    const modifiedInBounds = mi < modifiedSorted.length;
    const [originalElement, originalKey] = originalInBounds
      ? mapAndMergeKeyValue(originalSorted[oi], mergeKey)
      : [{}, null];
    const [modifiedElement, modifiedKey] = modifiedInBounds
      ? mapAndMergeKeyValue(modifiedSorted[mi], mergeKey)
      : [{}, null];
    const os = goFormat(originalKey);
    const ms = goFormat(modifiedKey);
    if (originalInBounds && modifiedInBounds && os === ms) {
      const patchValue = diffMaps(originalElement, modifiedElement, s, options);
      if (Object.keys(patchValue).length > 0) {
        setOwn(patchValue, mergeKey, modifiedKey);
        patch.push(patchValue);
      }
      oi++;
      mi++;
    } else if (!originalInBounds || (modifiedInBounds && compareGoStrings(os, ms) > 0)) {
      if (!options.ignoreChangesAndAdditions) patch.push(modifiedElement);
      mi++;
    } else {
      if (!options.ignoreDeletions) {
        // Mirrors CreateDeleteDirective.
        const directive: JsonObject = {};
        setOwn(directive, mergeKey, originalKey);
        setOwn(directive, DIRECTIVE_MARKER, DELETE_DIRECTIVE);
        deletionList.push(directive);
      }
      oi++;
    }
  }
  return [patch, deletionList];
}

// ---------------------------------------------------------------------------------------------------------
// Exported API
// ---------------------------------------------------------------------------------------------------------

/**
 * RFC 7386 JSON merge patch, as the apiserver applies it (evanphx/json-patch MergePatch): objects merge
 * recursively, `null` deletes a key, anything else (lists included) replaces the target value, and a
 * non-object patch replaces the whole document as is. Like evanphx, nulls are also dropped from objects nested
 * in arrays of a value that is newly set. Never mutates its inputs; throws only for input nested deeper
 * than 1000 levels.
 */
export function jsonMergePatch(original: Json, patch: Json): Json {
  const target = cloneJson(original);
  const patchCopy = cloneJson(patch);
  if (isMap(target) && isMap(patchCopy)) return mergeDocs(target, patchCopy);
  return pruneNulls(patchCopy);
}

/** Mirrors evanphx mergeDocs; works on private copies. */
function mergeDocs(doc: JsonObject, patch: JsonObject): JsonObject {
  for (const key of Object.keys(patch)) {
    const value = patch[key] as Json;
    const current = own(doc, key);
    if (value === null) deleteOwn(doc, key);
    else if (current === undefined || current === null || !isMap(current))
      setOwn(doc, key, pruneNulls(value));
    // An object replaced by a non-object keeps the patch value exactly as given (evanphx merge()).
    else if (!isMap(value)) setOwn(doc, key, value);
    else setOwn(doc, key, mergeDocs(current, value));
  }
  return doc;
}

/** Mirrors evanphx pruneNulls: drops null members of objects, recursing through arrays. */
function pruneNulls(value: Json): Json {
  if (Array.isArray(value)) {
    for (const item of value) pruneNulls(item);
  } else if (isMap(value)) {
    for (const key of Object.keys(value)) {
      const item = value[key] as Json;
      if (item === null) delete value[key];
      else pruneNulls(item);
    }
  }
  return value;
}

/**
 * Applies a strategic merge patch the way the apiserver does (StrategicMergeMapPatchUsingLookupPatchMeta):
 * merge lists are merged by their patchMergeKey for `kind`, primitive merge lists are unioned, other lists
 * are replaced, maps merge recursively and `null` deletes. Supports `$patch: replace|delete`,
 * `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>` and `$retainKeys`. A `null` patch is a
 * no-op. Never mutates its inputs; errors carry upstream's wording.
 */
export function strategicMergePatch(kind: string, original: Json, patch: Json): PatchResult {
  try {
    if (!isMap(original)) return { ok: false, error: ERR_BAD_JSON_DOC };
    if (patch === null) return { ok: true, value: cloneJson(original) };
    if (!isMap(patch)) {
      return {
        ok: false,
        error: `json: cannot unmarshal ${jsonKindName(patch)} into Go value of type map[string]interface {}`,
      };
    }
    const merged = mergeMap(
      cloneJson(original) as JsonObject,
      cloneJson(patch) as JsonObject,
      schemaForKind(kind),
      {
        mergeParallelList: true,
        ignoreUnmatchedNulls: true,
      }
    );
    return { ok: true, value: cloneJson(merged, { stripDirectives: true }) };
  } catch (error) {
    return toFailure(error);
  }
}

/** A JSON patch operation's container: the parent of the location a JSON pointer names. */
type Container = JsonObject | Json[];

/** Decodes one reference token (RFC 6901): `~1` is `/`, `~0` is `~`, in a single pass. */
function decodePointerToken(token: string): string {
  return token.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** strconv.Atoi as evanphx uses it for array indices. */
function parseIndex(key: string): { ok: true; index: number } | { ok: false; error: string } {
  if (!/^[+-]?\d+$/.test(key))
    return { ok: false, error: `strconv.Atoi: parsing ${goQuote(key)}: invalid syntax` };
  const index = Number(key);
  if (!Number.isSafeInteger(index))
    return { ok: false, error: `strconv.Atoi: parsing ${goQuote(key)}: value out of range` };
  return { ok: true, index };
}

const INVALID_INDEX = (index: number): string =>
  `Unable to access invalid index: ${index}: invalid index referenced`;

/** Mirrors evanphx findObject: walks every token but the last; undefined means "doc is missing path". */
function findContainer(root: Container, path: string): { container: Container; key: string } | undefined {
  // Upstream ignores whatever precedes the first '/', so "spec/x" would address "/x"; RFC 6901 rejects it.
  if (!path.startsWith('/')) return undefined;
  const tokens = path.split('/');
  let current: Container = root;
  for (let i = 1; i < tokens.length - 1; i++) {
    const token = decodePointerToken(tokens[i] ?? '');
    let next: Json | undefined;
    if (Array.isArray(current)) {
      const parsed = parseIndex(token);
      if (!parsed.ok) return undefined;
      let index = parsed.index;
      if (index < 0) index += current.length; // Negative indices are an evanphx extension, on by default.
      next = index >= 0 && index < current.length ? current[index] : undefined;
    } else {
      next = own(current, token);
    }
    if (!Array.isArray(next) && !isMap(next)) return undefined;
    current = next;
  }
  return { container: current, key: decodePointerToken(tokens[tokens.length - 1] ?? '') };
}

/** Resolves an array index for get, replace and remove, allowing negative indices like evanphx. */
function resolveIndex(
  list: readonly Json[],
  key: string
): { ok: true; index: number } | { ok: false; error: string } {
  const parsed = parseIndex(key);
  if (!parsed.ok) return parsed;
  let index = parsed.index;
  if (index < 0) {
    if (index < -list.length) return { ok: false, error: INVALID_INDEX(index) };
    index += list.length;
  }
  if (index >= list.length) return { ok: false, error: INVALID_INDEX(index) };
  return { ok: true, index };
}

/** Mirrors partialDoc.add / partialArray.add; returns an error text or undefined. */
function containerAdd(container: Container, key: string, value: Json): string | undefined {
  if (!Array.isArray(container)) {
    setOwn(container, key, value);
    return undefined;
  }
  if (key === '-') {
    container.push(value);
    return undefined;
  }
  const parsed = parseIndex(key);
  if (!parsed.ok) return `value was not a proper array index: '${key}': ${parsed.error}`;
  let index = parsed.index;
  const size = container.length + 1;
  if (index >= size) return INVALID_INDEX(index);
  if (index < 0) {
    if (index < -size) return INVALID_INDEX(index);
    index += size;
  }
  container.splice(index, 0, value);
  return undefined;
}

/** Mirrors partialDoc.get / partialArray.get: `found: false` for an absent map key. */
function containerGet(
  container: Container,
  key: string
): { ok: true; found: boolean; value: Json } | { ok: false; error: string } {
  if (!Array.isArray(container)) {
    return Object.hasOwn(container, key)
      ? { ok: true, found: true, value: container[key] as Json }
      : { ok: true, found: false, value: null };
  }
  const resolved = resolveIndex(container, key);
  if (!resolved.ok) return resolved;
  return { ok: true, found: true, value: container[resolved.index] as Json };
}

/** Mirrors partialDoc.remove / partialArray.remove; returns an error text or undefined. */
function containerRemove(container: Container, key: string): string | undefined {
  if (!Array.isArray(container)) {
    if (!Object.hasOwn(container, key)) return `Unable to remove nonexistent key: ${key}: missing value`;
    delete container[key];
    return undefined;
  }
  const resolved = resolveIndex(container, key);
  if (!resolved.ok) return resolved.error;
  container.splice(resolved.index, 1);
  return undefined;
}

/**
 * RFC 6902 JSON patch as the apiserver applies it (gopkg.in/evanphx/json-patch.v4 Patch.Apply): add,
 * remove, replace, move, copy and test; JSON pointers with `~0`/`~1` escapes; `-` appends; negative
 * indices count from the end (an evanphx extension). Stops at the first failing operation and reports it
 * in evanphx's words, with a `jsonpatch ` prefix on the "does not apply" family. Where evanphx v4 is laxer
 * than the RFC about a target that does not exist (replace and test on an absent key, copy from one, a
 * pointer without a leading '/'), the operation fails as RFC 6902 requires; an absent key on remove is
 * reported as a missing path. Never mutates its inputs.
 */
export function jsonPatch(original: Json, ops: Json): PatchResult {
  try {
    if (ops === null) return { ok: true, value: cloneJson(original) };
    if (!Array.isArray(ops)) {
      return {
        ok: false,
        error: `json: cannot unmarshal ${jsonKindName(ops)} into Go value of type jsonpatch.Patch`,
      };
    }
    for (const op of ops) {
      if (op !== null && !isMap(op)) {
        return {
          ok: false,
          error: `json: cannot unmarshal ${jsonKindName(op)} into Go value of type jsonpatch.Operation`,
        };
      }
    }
    if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
      return {
        ok: false,
        error: `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
      };
    }
    if (!isMap(original) && !Array.isArray(original)) {
      return {
        ok: false,
        error: `json: cannot unmarshal ${jsonKindName(original)} into Go value of type jsonpatch.partialDoc`,
      };
    }

    const state = { root: cloneJson(original) as Container, copiedBytes: 0 };
    for (const op of ops) {
      const error = applyOperation(state, isMap(op) ? op : {});
      if (error !== undefined) return { ok: false, error: oneLine(error) };
    }
    return { ok: true, value: state.root };
  } catch (error) {
    return toFailure(error);
  }
}

interface JsonPatchState {
  root: Container;
  copiedBytes: number;
}

/** Applies one operation to `state.root`; returns an error text or undefined. */
function applyOperation(state: JsonPatchState, op: JsonObject): string | undefined {
  const kind = typeof own(op, 'op') === 'string' ? (op['op'] as string) : 'unknown';
  const rawPath = own(op, 'path');
  const path = typeof rawPath === 'string' ? rawPath : undefined;
  const rawFrom = own(op, 'from');
  const from = typeof rawFrom === 'string' ? rawFrom : undefined;
  const hasValue = Object.hasOwn(op, 'value');
  // evanphx stores a missing value as a nil node, which serialises as null.
  const value = (): Json => cloneJson(own(op, 'value') ?? null);

  switch (kind) {
    case 'add': {
      if (path === undefined) return 'add operation failed to decode path: missing value';
      const target = findContainer(state.root, path);
      if (!target)
        return `jsonpatch add operation does not apply: doc is missing path: "${path}": missing value`;
      const error = containerAdd(target.container, target.key, value());
      return error === undefined ? undefined : `error in add for path: '${path}': ${error}`;
    }
    case 'remove': {
      if (path === undefined) return 'remove operation failed to decode path: missing value';
      const target = findContainer(state.root, path);
      const missing = `jsonpatch remove operation does not apply: doc is missing path: "${path}": missing value`;
      if (!target) return missing;
      // evanphx words an absent final key as "error in remove for path"; the missing-path wording is kept
      // here because it reads better and is what the playground documents.
      if (!Array.isArray(target.container) && !Object.hasOwn(target.container, target.key)) return missing;
      const error = containerRemove(target.container, target.key);
      return error === undefined ? undefined : `error in remove for path: '${path}': ${error}`;
    }
    case 'replace': {
      if (path === undefined)
        return 'replace operation failed to decode path: operation missing path field: missing value';
      if (path === '') {
        const replacement = value();
        if (!isMap(replacement) && !Array.isArray(replacement))
          return 'replace operation value must be object or array';
        state.root = replacement;
        return undefined;
      }
      const target = findContainer(state.root, path);
      if (!target)
        return `jsonpatch replace operation does not apply: doc is missing path: ${path}: missing value`;
      const current = containerGet(target.container, target.key);
      // RFC 6902 requires the target to exist; evanphx v4 would silently add an absent map key instead.
      if (!current.ok || !current.found) {
        return `jsonpatch replace operation does not apply: doc is missing key: ${path}: missing value`;
      }
      if (Array.isArray(target.container)) {
        const resolved = resolveIndex(target.container, target.key);
        if (resolved.ok) target.container[resolved.index] = value();
      } else {
        setOwn(target.container, target.key, value());
      }
      return undefined;
    }
    case 'move': {
      if (from === undefined)
        return 'move operation failed to decode from: operation, missing from field: missing value';
      const source = findContainer(state.root, from);
      if (!source)
        return `jsonpatch move operation does not apply: doc is missing from path: ${from}: missing value`;
      const moved = containerGet(source.container, source.key);
      if (!moved.ok) return `error in move for path: '${source.key}': ${moved.error}`;
      const removeError = containerRemove(source.container, source.key);
      if (removeError !== undefined) return `error in move for path: '${source.key}': ${removeError}`;
      if (path === undefined)
        return 'move operation failed to decode path: operation missing path field: missing value';
      const target = findContainer(state.root, path);
      if (!target)
        return `jsonpatch move operation does not apply: doc is missing destination path: ${path}: missing value`;
      const error = containerAdd(target.container, target.key, moved.value);
      return error === undefined ? undefined : `error in move for path: '${path}': ${error}`;
    }
    case 'copy': {
      if (from === undefined)
        return 'copy operation failed to decode from: operation, missing from field: missing value';
      const source = findContainer(state.root, from);
      const missingFrom = `jsonpatch copy operation does not apply: doc is missing from path: ${from}: missing value`;
      if (!source) return missingFrom;
      const copied = containerGet(source.container, source.key);
      if (!copied.ok) return `error in copy for from: '${from}': ${copied.error}`;
      if (path === undefined) return 'copy operation failed to decode path: missing value';
      const target = findContainer(state.root, path);
      if (!target)
        return `jsonpatch copy operation does not apply: doc is missing destination path: ${path}: missing value`;
      // RFC 6902 requires `from` to exist; evanphx v4 would copy a null instead.
      if (!copied.found) return missingFrom;
      state.copiedBytes += JSON.stringify(copied.value).length;
      if (state.copiedBytes > MAX_ACCUMULATED_COPY_BYTES) {
        return `Unable to complete the copy, the accumulated size increase of copy is ${state.copiedBytes}, exceeding the limit ${MAX_ACCUMULATED_COPY_BYTES}`;
      }
      const error = containerAdd(target.container, target.key, cloneJson(copied.value));
      return error === undefined ? undefined : `error while adding value during copy: ${error}`;
    }
    case 'test': {
      if (path === undefined)
        return 'test operation failed to decode path: operation missing path field: missing value';
      const failed = `testing value ${path} failed: test failed`;
      if (path === '') return hasValue && deepEqual(state.root, own(op, 'value')) ? undefined : failed;
      const target = findContainer(state.root, path);
      if (!target) return `jsonpatch test operation does not apply: is missing path: ${path}: missing value`;
      const current = containerGet(target.container, target.key);
      if (!current.ok) return `error in test for path: '${path}': ${current.error}`;
      // RFC 6902 needs the location to exist; evanphx v4 would let an absent one equal a null value.
      if (!current.found || !hasValue) return failed;
      return deepEqual(current.value, own(op, 'value')) ? undefined : failed;
    }
    default:
      return `Unexpected kind: ${kind}`;
  }
}

/**
 * Applies `patch` (already parsed JSON, or a string to parse as JSON/YAML-free JSON) to `original` for an
 * object of `kind` (e.g. 'StatefulSet', 'Pod', 'Service', 'PersistentVolumeClaim', ...), as
 * `kubectl patch --type strategic|merge|json` followed by the apiserver would. Unparsable text fails with
 * kubectl's `unable to parse "<patch>": yaml: ...`. Never mutates its inputs.
 */
export function applyPatch(kind: string, original: Json, patch: Json | string, type: PatchType): PatchResult {
  let parsed: Json;
  if (typeof patch === 'string') {
    if (patch.trim() === '')
      return {
        ok: false,
        error: 'must specify --patch or --patch-file containing the contents of the patch',
      };
    try {
      parsed = parsePatchText(patch);
    } catch (error) {
      const failure = toFailure(error);
      return { ok: false, error: oneLine(`unable to parse ${goQuote(patch)}: ${failure.error}`) };
    }
  } else {
    parsed = patch;
  }

  switch (type) {
    case 'strategic':
      return strategicMergePatch(kind, original, parsed);
    case 'json':
      return jsonPatch(original, parsed);
    case 'merge':
      try {
        // The apiserver (evanphx MergePatch) refuses a null patch and needs an object as the document to patch.
        if (parsed === null) return { ok: false, error: 'Invalid JSON Patch' };
        if (!isMap(original)) return { ok: false, error: 'Invalid JSON Document' };
        if (!isMap(parsed)) {
          return {
            ok: false,
            error: `json: cannot unmarshal ${jsonKindName(parsed)} into Go value of type map[string]interface {}`,
          };
        }
        return { ok: true, value: jsonMergePatch(original, parsed) };
      } catch (error) {
        return toFailure(error);
      }
  }
}

/**
 * kubectl apply's three-way merge (strategicpatch.CreateThreeWayMergePatch with overwrite=true):
 * `lastApplied` is the previous config from the kubectl.kubernetes.io/last-applied-configuration
 * annotation (or null), `modified` the config being applied and `current` the live object. Returns the
 * strategic merge patch kubectl would send, keys sorted as Go's json.Marshal writes them: changes and
 * additions from `current` to `modified`, plus deletions only for fields removed since `lastApplied` —
 * `null` for map keys, `$patch: delete` items for merge lists, `$deleteFromPrimitiveList/<field>` for
 * primitive merge lists, with `$setElementOrder/<field>` and `$retainKeys` as upstream generates them.
 * Fields present only in `current` (set by controllers or other writers) are left alone. `{}` means
 * "unchanged". kubectl also stores the new last-applied annotation in `modified` before diffing; callers
 * that want it in the patch put it there. Never mutates its inputs; throws an Error with upstream's
 * message when kubectl would fail (e.g. a merge list item without its merge key).
 */
export function createThreeWayMergePatch(
  kind: string,
  lastApplied: Json | null,
  modified: Json,
  current: Json
): Json {
  try {
    const originalMap = lastApplied === null ? {} : cloneJson(lastApplied);
    const modifiedMap = cloneJson(modified);
    const currentMap = cloneJson(current);
    if (!isMap(originalMap) || !isMap(modifiedMap) || !isMap(currentMap)) fail(ERR_BAD_JSON_DOC);
    const s = schemaForKind(kind);

    // The patch is the difference from current to modified without deletions, plus the deletions from
    // original to modified; the second is merged into the first as a patch-of-patches.
    const deltaMap = diffMaps(currentMap, modifiedMap, s, {
      setElementOrder: true,
      ignoreChangesAndAdditions: false,
      ignoreDeletions: true,
      buildRetainKeysDirective: false,
    });
    const deletionsMap = diffMaps(originalMap, modifiedMap, s, {
      setElementOrder: true,
      ignoreChangesAndAdditions: true,
      ignoreDeletions: false,
      buildRetainKeysDirective: false,
    });
    const patchMap = mergeMap(deletionsMap, deltaMap, s, {
      mergeParallelList: false,
      ignoreUnmatchedNulls: false,
    });
    return cloneJson(patchMap, { sortKeys: true });
  } catch (error) {
    const failure = toFailure(error);
    throw new Error(failure.error, { cause: error });
  }
}
