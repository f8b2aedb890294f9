/**
 * What restoreCluster accepts: a snapshot is checked whole (format and version, plain JSON without
 * cycles, every field's type and range, the stored objects as the apiserver would decode them, and
 * the references between the parts) before a cluster is built from it. A snapshot that passes runs;
 * one that does not is refused with a sentence saying what is wrong and where. Bounded: the walk
 * stops at a size and depth no real snapshot reaches. Pure; never throws.
 */
import { decodeProblem } from '../api/decode.ts';
import { KINDS as SCHEMA_KINDS, TYPES } from '../api/schema-data.ts';
import { allKinds } from '../model/kinds.ts';
import { objectKey, type ClusterState, type TimerKind } from './state.ts';

export const SNAPSHOT_FORMAT = 'statefulset-playground/cluster@1';
const FORMAT_PREFIX = 'statefulset-playground/cluster@';

/** Virtual time a snapshot may carry: a century of ms, far past any session, far below 2^53. */
const MAX_TIME = 100 * 365 * 24 * 3600 * 1000;
/** JSON values in one snapshot (a 1,000-pod cluster has well under a million). */
const MAX_NODES = 5_000_000;
const MAX_DEPTH = 120;
const MAX_TIMING = 24 * 3600 * 1000;
const TIMER_KINDS: ReadonlySet<TimerKind> = new Set<TimerKind>([
  'statefulset', 'scheduler', 'kubelet', 'volume', 'provisioner', 'nodelifecycle', 'taint-eviction', 'replicaset', 'deployment', 'disruption',
]);
const POD_STAGES = new Set(['new', 'pulling', 'pull-backoff', 'creating', 'running', 'crashed', 'stopping', 'stopped']);
const INIT_STAGES = new Set(['pending', 'pulling', 'pull-backoff', 'creating', 'running', 'crashed', 'failed']);

type Rec = Record<string, unknown>;

/**
 * The kubelet marks a step that waits for no time ("never due") with Infinity, which JSON cannot
 * carry (it would come back as null, that is 0: due at once). A snapshot writes it as this number
 * and a restore reads it back, so a restored pod waits exactly as the original does.
 */
export const NEVER_DUE = Number.MAX_VALUE;

/** The snapshot's copy of the pod runtimes with Infinity written as NEVER_DUE (and back with `back`). */
export function encodeNever<T extends Record<string, { due: number }>>(runtimes: T, back = false): T {
  const out: Record<string, unknown> = {};
  for (const [uid, rt] of Object.entries(runtimes)) {
    const from = back ? NEVER_DUE : Infinity;
    const to = back ? Infinity : NEVER_DUE;
    out[uid] = rt.due === from ? { ...rt, due: to } : rt;
  }
  return out as T;
}

class Refusal {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function refuse(message: string): never {
  throw new Refusal(message);
}

/** Undefined when `value` is a snapshot restoreCluster can run; otherwise why not. */
export function checkSnapshot(value: unknown): string | undefined {
  try {
    check(value);
    return undefined;
  } catch (error) {
    if (error instanceof Refusal) return `not a usable StatefulSet Playground snapshot: ${error.message}`;
    return `not a usable StatefulSet Playground snapshot: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function check(value: unknown): void {
  if (!isRec(value)) refuse('it is not a JSON object');
  const format = value['format'];
  if (typeof format !== 'string' || !format.startsWith(FORMAT_PREFIX)) refuse('it has no "format" of a cluster snapshot');
  if (format !== SNAPSHOT_FORMAT) {
    refuse(`it was written by a newer or unknown version (${JSON.stringify(format.slice(0, 80))}; this version reads ${JSON.stringify(SNAPSHOT_FORMAT)})`);
  }
  plainJson(value);
  const s = value as unknown as ClusterState;
  options(value['options']);
  num(value['now'], 'now', 0, MAX_TIME);
  int(value['rng'], 'rng', -(2 ** 31), 2 ** 31 - 1);
  int(value['rv'], 'rv', 0, Number.MAX_SAFE_INTEGER);
  int(value['timerSeq'], 'timerSeq', 0, Number.MAX_SAFE_INTEGER);
  int(value['nextClusterIp'], 'nextClusterIp', 0, 2 ** 20);
  objects(value['objects'], s);
  changes(value['changes']);
  eventOrder(value['eventOrder']);
  timers(value['timers'], s.now);
  nodes(value['nodes']);
  pods(value['pods'], s);
  record(value['syncFailures'], 'syncFailures', (v, at) => int(v, at, 0, 1_000_000));
  rejects(value['rejects']);
  record(value['assumed'], 'assumed', (v, at) => {
    if (typeof v !== 'string' || !isRec(s.nodes[v])) refuse(`${at} names no node of the snapshot`);
  });
  record(value['volumes'], 'volumes', (v, at) => record(v, at, (f, fileAt) => str(f, fileAt)));
  // Written since the endpoints controllers keep trigger times; older snapshots lack it.
  optional(value['endpointTriggers'], (triggers) =>
    record(triggers, 'endpointTriggers', (v, at) => {
      if (!isRec(v)) refuse(`${at} must be an object, not ${describe(v)}`);
      num(v['service'], `${at}.service`, -MAX_TIME, MAX_TIME);
      record(v['pods'], `${at}.pods`, (t, podAt) => num(t, podAt, -MAX_TIME, MAX_TIME));
    })
  );
}

/** Plain JSON only: no cycles, no functions or class instances, finite numbers; bounded in size and depth. */
function plainJson(root: unknown): void {
  let count = 0;
  const onPath = new Set<object>();
  const visit = (v: unknown, depth: number, at: string): void => {
    if (++count > MAX_NODES) refuse(`it is too large (more than ${MAX_NODES} values)`);
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) refuse(`${at} is not a finite number`);
      return;
    }
    if (typeof v !== 'object') refuse(`${at} is a ${typeof v}, not JSON`);
    if (depth > MAX_DEPTH) refuse(`${at} is nested more than ${MAX_DEPTH} levels deep`);
    if (onPath.has(v)) refuse(`${at} contains itself (a cycle)`);
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) refuse(`${at} is not a plain JSON object`);
    onPath.add(v);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(v[i], depth + 1, `${at}[${i}]`);
    else for (const k of Object.keys(v)) visit((v as Rec)[k], depth + 1, `${at}.${k}`);
    onPath.delete(v);
  };
  visit(root, 0, 'snapshot');
}

function num(v: unknown, at: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) refuse(`${at} must be a number, not ${describe(v)}`);
  if (v < lo || v > hi) refuse(`${at} is ${v}, outside ${lo}…${hi}`);
  return v;
}

function int(v: unknown, at: string, lo: number, hi: number): number {
  const n = num(v, at, lo, hi);
  if (!Number.isInteger(n)) refuse(`${at} must be a whole number, not ${n}`);
  return n;
}

function str(v: unknown, at: string): string {
  if (typeof v !== 'string') refuse(`${at} must be a string, not ${describe(v)}`);
  return v;
}

function bool(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') refuse(`${at} must be true or false, not ${describe(v)}`);
  return v;
}

function arr(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) refuse(`${at} must be a list, not ${describe(v)}`);
  return v;
}

function rec(v: unknown, at: string): Rec {
  if (!isRec(v)) refuse(`${at} must be an object, not ${describe(v)}`);
  return v;
}

function record(v: unknown, at: string, each: (value: unknown, at: string) => void): void {
  const r = rec(v, at);
  for (const k of Object.keys(r)) each(r[k], `${at}[${JSON.stringify(k)}]`);
}

function optional<T>(v: unknown, fn: (v: unknown) => T): void {
  if (v !== undefined) fn(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'absent';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function options(v: unknown): void {
  const o = rec(v, 'options');
  int(o['seed'], 'options.seed', -(2 ** 53), 2 ** 53);
  int(o['nodes'], 'options.nodes', 1, 50);
  bool(o['defaultStorageClass'], 'options.defaultStorageClass');
  record(o['featureGates'], 'options.featureGates', (g, at) => bool(g, at));
  record(o['timing'], 'options.timing', (t, at) => num(t, at, 0, MAX_TIMING));
  int(o['maxPods'], 'options.maxPods', 0, 100_000);
}

function objects(v: unknown, s: ClusterState): void {
  const byKind = rec(v, 'objects');
  const kinds = new Map(allKinds().map((k) => [k.kind, k]));
  for (const kind of Object.keys(byKind)) {
    const info = kinds.get(kind);
    if (!info) refuse(`objects holds an unknown kind ${JSON.stringify(kind)}`);
    const bucket = rec(byKind[kind], `objects.${kind}`);
    for (const key of Object.keys(bucket)) {
      const at = `objects.${kind}[${JSON.stringify(key)}]`;
      const obj = rec(bucket[key], at);
      if (obj['kind'] !== kind) refuse(`${at} has kind ${describe(obj['kind'])}`);
      const meta = rec(obj['metadata'], `${at}.metadata`);
      const name = str(meta['name'], `${at}.metadata.name`);
      if (name === '') refuse(`${at} has an empty name`);
      const ns = meta['namespace'];
      if (info.namespaced && (typeof ns !== 'string' || ns === '')) refuse(`${at} has no namespace`);
      if (objectKey(info.namespaced ? (ns as string) : undefined, name) !== key) refuse(`${at} is stored under the wrong key`);
      const rv = meta['resourceVersion'];
      if (typeof rv !== 'string' || !/^\d+$/.test(rv) || Number(rv) > s.rv) refuse(`${at}.metadata.resourceVersion is not a revision of this snapshot`);
      const problem = decodeProblem(obj, false);
      if (problem) refuse(`${at} does not decode: ${problem.error}`);
      // Decoding turns a null list item into its zero value: no stored object has one.
      if (hasNullItem(obj, 0)) refuse(`${at} holds a null list item, which no stored object has`);
      storedShape(kind, obj, at);
    }
  }
  for (const kind of ['Namespace', 'Node'] as const) {
    if (!isRec(byKind[kind])) refuse(`objects has no ${kind}`);
  }
}

/**
 * The fields of the kind's spec, for a kind whose Go type has both a spec and a status (the
 * apiserver's defaulting gives every stored object of such a kind both): read from the API schema.
 */
function specFieldsOf(kind: string): Record<string, number> | undefined {
  const index = SCHEMA_KINDS[kind];
  const fields = index === undefined ? undefined : TYPES[index]?.f;
  if (fields?.['spec'] === undefined || fields['status'] === undefined) return undefined;
  return TYPES[fields['spec']]?.f;
}

/**
 * What every stored object of a kind has, which decoding alone does not ask for (a field decoding
 * finds absent is just unset): a spec and a status, a workload's selector and pod template, a pod
 * spec's containers (validation requires at least one).
 */
function storedShape(kind: string, obj: Rec, at: string): void {
  const specFields = specFieldsOf(kind);
  if (!specFields) return;
  const spec = rec(obj['spec'], `${at}.spec`);
  rec(obj['status'], `${at}.status`);
  const podSpec = (podSpecValue: unknown, podSpecAt: string) => {
    const listed = arr(rec(podSpecValue, podSpecAt)['containers'], `${podSpecAt}.containers`);
    if (listed.length === 0) refuse(`${podSpecAt}.containers is empty, which no stored object has`);
  };
  if ('containers' in specFields) podSpec(spec, `${at}.spec`);
  if ('template' in specFields) {
    rec(spec['selector'], `${at}.spec.selector`);
    podSpec(rec(spec['template'], `${at}.spec.template`)['spec'], `${at}.spec.template.spec`);
  }
}

function hasNullItem(v: unknown, depth: number): boolean {
  if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) return v.some((x) => x === null || hasNullItem(x, depth + 1));
  return Object.values(v as Rec).some((x) => hasNullItem(x, depth + 1));
}

const CHANGE_TYPES: ReadonlySet<unknown> = new Set(['ADDED', 'MODIFIED', 'DELETED']);
const CHANGE_FIELDS: ReadonlySet<string> = new Set(['time', 'type', 'kind', 'name', 'namespace', 'object']);

/**
 * The write history. A snapshot writes none (see ApiServer.snapshotState), but one that carries
 * some is kept as it is, so each entry must be a write the log can hold and give back unchanged
 * (changes() makes each record from its time, type, kind and object): a known kind (the log
 * numbers the kinds it holds), the name and namespace the object has, no other fields, and in
 * time order (the log is searched by time).
 */
function changes(v: unknown): void {
  const kinds = new Set(allKinds().map((k) => k.kind));
  let previous = 0;
  arr(v, 'changes').forEach((c, i) => {
    const at = `changes[${i}]`;
    const change = rec(c, at);
    for (const k of Object.keys(change)) if (!CHANGE_FIELDS.has(k)) refuse(`${at} has a field ${JSON.stringify(k)}, which no change has`);
    const time = num(change['time'], `${at}.time`, 0, MAX_TIME);
    if (time < previous) refuse(`changes are not in time order at ${at}`);
    previous = time;
    if (!CHANGE_TYPES.has(change['type'])) refuse(`${at}.type is ${describe(change['type'])}, not ADDED, MODIFIED or DELETED`);
    const kind = str(change['kind'], `${at}.kind`);
    if (!kinds.has(kind)) refuse(`${at}.kind is an unknown kind ${JSON.stringify(kind)}`);
    const meta = rec(rec(change['object'], `${at}.object`)['metadata'], `${at}.object.metadata`);
    str(meta['name'], `${at}.object.metadata.name`);
    sameAsObject(change, meta, 'name', at);
    sameAsObject(change, meta, 'namespace', at);
  });
}

/** A change's name or namespace is its object's (both absent for a namespace, for a cluster-scoped object). */
function sameAsObject(change: Rec, meta: Rec, field: 'name' | 'namespace', at: string): void {
  const given = change[field];
  const own = meta[field];
  if (given === own) return;
  if (given === undefined) refuse(`${at} has no ${field}, but its object's is ${describe(own)}`);
  if (own === undefined) refuse(`${at}.${field} is ${describe(given)}, but its object has none`);
  refuse(`${at}.${field} is ${describe(given)}, but its object's is ${describe(own)}`);
}

function eventOrder(v: unknown): void {
  arr(v, 'eventOrder').forEach((e, i) => {
    const entry = rec(e, `eventOrder[${i}]`);
    str(entry['key'], `eventOrder[${i}].key`);
    num(entry['time'], `eventOrder[${i}].time`, 0, MAX_TIME);
  });
}

function timers(v: unknown, now: number): void {
  let previous = -Infinity;
  arr(v, 'timers').forEach((t, i) => {
    const at = `timers[${i}]`;
    const timer = rec(t, at);
    const when = num(timer['at'], `${at}.at`, 0, MAX_TIME);
    if (when < previous) refuse(`timers are not in time order at ${at}`);
    previous = when;
    int(timer['seq'], `${at}.seq`, 0, Number.MAX_SAFE_INTEGER);
    if (!TIMER_KINDS.has(timer['kind'] as TimerKind)) refuse(`${at}.kind is ${describe(timer['kind'])}, not a component`);
    str(timer['key'], `${at}.key`);
    optional(timer['quiet'], (q) => bool(q, `${at}.quiet`));
  });
  void now;
}

function nodes(v: unknown): void {
  record(v, 'nodes', (n, at) => {
    const node = rec(n, at);
    bool(node['up'], `${at}.up`);
    optional(node['downSince'], (d) => num(d, `${at}.downSince`, 0, MAX_TIME));
    arr(node['images'], `${at}.images`).forEach((img, i) => str(img, `${at}.images[${i}]`));
    int(node['nextIp'], `${at}.nextIp`, 0, 65_536);
    optional(node['wrapped'], (w) => bool(w, `${at}.wrapped`));
    int(node['index'], `${at}.index`, 1, 255);
  });
}

function containers(v: unknown, at: string): void {
  arr(v, at).forEach((c, i) => {
    const where = `${at}[${i}]`;
    const ct = rec(c, where);
    str(ct['name'], `${where}.name`);
    str(ct['image'], `${where}.image`);
    int(ct['restartCount'], `${where}.restartCount`, 0, 1e9);
    num(ct['backoffMs'], `${where}.backoffMs`, 0, MAX_TIME);
    for (const k of ['lastCrashAt', 'startedAt', 'finishedAt']) optional(ct[k], (t) => num(t, `${where}.${k}`, 0, MAX_TIME));
    optional(ct['env'], (e) => record(e, `${where}.env`, (x, xAt) => str(x, xAt)));
    optional(ct['lastTermination'], (t) => {
      const term = rec(t, `${where}.lastTermination`);
      for (const k of ['exitCode', 'at', 'startedAt']) num(term[k], `${where}.lastTermination.${k}`, -MAX_TIME, MAX_TIME);
    });
  });
}

function pods(v: unknown, s: ClusterState): void {
  record(v, 'pods', (p, at) => {
    const rt = rec(p, at);
    str(rt['uid'], `${at}.uid`);
    str(rt['namespace'], `${at}.namespace`);
    str(rt['name'], `${at}.name`);
    const node = str(rt['node'], `${at}.node`);
    if (!isRec(s.nodes[node])) refuse(`${at}.node names no node of the snapshot`);
    if (!POD_STAGES.has(rt['stage'] as string)) refuse(`${at}.stage is ${describe(rt['stage'])}`);
    if (rt['due'] !== NEVER_DUE) num(rt['due'], `${at}.due`, 0, MAX_TIME);
    int(rt['pullAttempts'], `${at}.pullAttempts`, 0, 1e9);
    optional(rt['containerStartedAt'], (t) => num(t, `${at}.containerStartedAt`, 0, MAX_TIME));
    optional(rt['ip'], (ip) => str(ip, `${at}.ip`));
    containers(rt['containers'], `${at}.containers`);
    bool(rt['probeFailing'], `${at}.probeFailing`);
    optional(rt['probeChangedAt'], (t) => num(t, `${at}.probeChangedAt`, 0, MAX_TIME));
    bool(rt['ready'], `${at}.ready`);
    optional(rt['crashDelay'], (d) => num(d, `${at}.crashDelay`, 0, MAX_TIME));
    optional(rt['init'], (i) => {
      const init = rec(i, `${at}.init`);
      int(init['index'], `${at}.init.index`, 0, 1000);
      if (!INIT_STAGES.has(init['stage'] as string)) refuse(`${at}.init.stage is ${describe(init['stage'])}`);
      containers(init['containers'], `${at}.init.containers`);
      optional(init['crashDelay'], (d) => num(d, `${at}.init.crashDelay`, 0, MAX_TIME));
    });
    optional(rt['terminal'], (t) => {
      const term = rec(t, `${at}.terminal`);
      str(term['phase'], `${at}.terminal.phase`);
      num(term['exitCode'], `${at}.terminal.exitCode`, -MAX_TIME, MAX_TIME);
      str(term['containerReason'], `${at}.terminal.containerReason`);
      optional(term['reason'], (x) => str(x, `${at}.terminal.reason`));
      optional(term['message'], (x) => str(x, `${at}.terminal.message`));
    });
  });
  const podsRec = rec(v, 'pods');
  for (const uid of Object.keys(podsRec)) {
    if ((podsRec[uid] as Rec)['uid'] !== uid) refuse(`pods[${JSON.stringify(uid)}] is stored under another uid`);
  }
}

function rejects(v: unknown): void {
  arr(v, 'rejects').forEach((r, i) => {
    const at = `rejects[${i}]`;
    const rule = rec(r, at);
    if (rule['verb'] !== 'create' && rule['verb'] !== 'delete') refuse(`${at}.verb is ${describe(rule['verb'])}`);
    str(rule['kind'], `${at}.kind`);
    optional(rule['name'], (n) => str(n, `${at}.name`));
    optional(rule['namespace'], (n) => str(n, `${at}.namespace`));
    int(rule['times'], `${at}.times`, 1, 1e9);
  });
}
