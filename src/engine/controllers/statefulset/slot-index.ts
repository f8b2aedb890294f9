/**
 * The StatefulSet controller's slot index: per set, the stored pod in each ordinal slot and the few
 * facts a Parallel sync reads from it, as compact arrays, so that a sync after one pod write does
 * work in proportion to that write instead of walking every pod (issue 8, "work proportional to
 * the change").
 *
 * How it stays correct: every pod write reaches the engine's informer hook, which notes the pod's
 * name for each set it concerns (`noteSetPod`, for the new and the old object alike; a set concerns
 * only pods of its own namespace, so the index keys pods by name). A sync first
 * re-reads the noted pods from storage (`refresh`), so the index equals what a full list would give
 * at that instant. Anything the index does not model — a pod to adopt or release, a pod outside the
 * ordinal range, a name that is not `<set>-<ordinal>` — is counted as an anomaly, and the controller
 * then takes the full path (`getPodsForStatefulSet` and the walk over every pod). A change of the
 * set's identity, selector, start ordinal or replica count rebuilds the index from a full scan.
 * The index lives beside the cluster state (a restore builds a new one) and holds no decision.
 */
import type { ControllerContext } from '../../sim/context.ts';
import type { ClusterState } from '../../sim/state.ts';
import type { Pod, StatefulSet } from '../../model/types.ts';
import { getPodRevision, podReadyCondition } from './utils.ts';

const NONE: readonly number[] = Object.freeze([]);

/** What a stored pod is to a set: a slot (its index from the start ordinal), an anomaly, or nothing. */
export type Membership = { slot: number } | 'anomaly' | 'none';

export class SlotIndex {
  readonly signature: string;
  /** The stored pod in each slot (ordinal − start), undefined when the slot is empty. */
  readonly pods: (Pod | undefined)[];
  readonly created: Uint8Array;
  readonly ready: Uint8Array;
  readonly terminating: Uint8Array;
  /** The pod's revision label as an id (see revisionId). */
  readonly revision: Int32Array;
  /**
   * processReplica would do nothing for this stored pod (created, not Pending, Failed or Succeeded,
   * and consistent): valid for `quietScope`, recomputed for every slot when that changes.
   */
  readonly quiet: Uint8Array;
  quietScope: unknown;
  /** Pod names the index does not model (the sync takes the full path while any remain). */
  readonly anomalies = new Set<string>();
  /** Pod name → its slot. */
  private readonly slotOf = new Map<string, number>();
  private readonly revisionIds = new Map<string, number>();
  /** Names of the pods written since the last refresh. */
  readonly dirty = new Set<string>();
  /** Slots whose quiet flag must be recomputed even when the scope is unchanged. */
  readonly stale = new Set<number>();
  /**
   * The set's namespace, first ordinal and claim-name prefixes (`<template>-<set>-`): a claim write
   * marks its slot stale. Set when the index is built: the signature covers the name and ordinals,
   * and volumeClaimTemplates cannot change on a stored StatefulSet.
   */
  namespace = '';
  start = 0;
  claimPrefixes: string[] = [];
  /**
   * The rolling update's frontier for revision `settledRevision`: every slot from `settledFrom` up
   * holds a stored pod at that revision, Ready and not terminating, and the slot below does not.
   * Kept by `slotChanged` as slots are written, so the update pass starts there instead of at the top.
   */
  /** The slots whose quiet flag is 0, kept with it (setQuiet) so a sync need not scan the flags. */
  private readonly loud = new Set<number>();
  private settledRevision = -1;
  private settledFrom = 0;
  /**
   * The status counts over the slots, kept as slots are written (count/uncount) so a sync reads them
   * instead of walking every slot: created pods, Ready pods, and created, non-terminating pods per
   * revision id.
   */
  createdCount = 0;
  readyCount = 0;
  private readonly liveByRevision: number[] = [];

  /**
   * The set object and namespace revision list of the last sync through this index that wrote
   * nothing: a sync with the same two, and nothing noted or left to look at since, is the same no-op
   * (repeatsQuietSync).
   */
  private quietSet: object | undefined;
  private quietRevisions: object | undefined;

  constructor(signature: string, size: number) {
    this.signature = signature;
    this.pods = Array.from<Pod | undefined>({ length: size });
    this.created = new Uint8Array(size);
    this.ready = new Uint8Array(size);
    this.terminating = new Uint8Array(size);
    this.revision = new Int32Array(size);
    this.quiet = new Uint8Array(size);
    for (let i = 0; i < size; i++) this.loud.add(i);
  }

  private setQuiet(i: number, quiet: boolean): void {
    this.quiet[i] = quiet ? 1 : 0;
    if (quiet) this.loud.delete(i);
    else this.loud.add(i);
  }

  /** The slots whose quiet flag is 0 (empty ones included), ascending: the only ones the replica pass visits. */
  loudSlots(): readonly number[] {
    return this.loud.size === 0 ? NONE : Array.from(this.loud).sort((a, b) => a - b);
  }

  revisionId(name: string): number {
    let id = this.revisionIds.get(name);
    if (id === undefined) {
      id = this.revisionIds.size + 1;
      this.revisionIds.set(name, id);
    }
    return id;
  }

  /** Created, non-terminating pods in the slots at revision id `id`. */
  liveAt(id: number): number {
    return this.liveByRevision[id] ?? 0;
  }

  private count(i: number, sign: 1 | -1): void {
    if (this.pods[i] === undefined) return;
    if (this.created[i]) {
      this.createdCount += sign;
      if (!this.terminating[i]) {
        const id = this.revision[i] as number;
        this.liveByRevision[id] = (this.liveByRevision[id] ?? 0) + sign;
      }
    }
    if (this.ready[i]) this.readyCount += sign;
  }

  /** Records the stored pod named `key` (undefined: gone) as `membership` says. */
  put(key: string, pod: Pod | undefined, membership: Membership): void {
    const before = this.slotOf.get(key);
    if (before !== undefined) {
      this.slotOf.delete(key);
      this.clear(before);
    }
    this.anomalies.delete(key);
    if (!pod || membership === 'none') return;
    if (membership === 'anomaly') {
      this.anomalies.add(key);
      return;
    }
    const i = membership.slot;
    this.slotOf.set(key, i);
    this.count(i, -1);
    this.setPod(i, pod);
    this.revision[i] = this.revisionId(getPodRevision(pod));
    this.count(i, 1);
    // Unknown until the sync's next quiet pass; the scope marker makes that pass revisit it.
    this.setQuiet(i, false);
    this.stale.add(i);
    this.slotChanged(i);
  }

  /**
   * The pod in slot `i` and its isCreated, isRunningAndReady and isTerminating flags, read from the
   * pod itself (no per-object cache: every stored version is read here once).
   */
  private setPod(i: number, pod: Pod): void {
    this.pods[i] = pod;
    const phase = pod.status.phase;
    this.created[i] = phase ? 1 : 0;
    this.ready[i] = phase === 'Running' && podReadyCondition(pod)?.status === 'True' ? 1 : 0;
    this.terminating[i] = pod.metadata.deletionTimestamp !== undefined ? 1 : 0;
  }

  /**
   * Records a new stored version of the pod in slot `i` whose name, labels and owner references are
   * the same objects as the old one's: its membership (which reads only those, for a set whose
   * identity, selector and ordinal range the signature fixes) is the same slot, and its revision label
   * is the same. The end state is put's (clearing and refilling the slot nets out to this).
   */
  private replace(i: number, pod: Pod): void {
    this.count(i, -1);
    this.setPod(i, pod);
    this.count(i, 1);
    this.setQuiet(i, false);
    this.stale.add(i);
    this.slotChanged(i);
  }

  /**
   * Brings the pod named `key` up to its stored object `pod` (undefined: gone), asking `classify`
   * for its membership unless it is a new version of the pod already in a slot (see replace).
   */
  refresh(key: string, pod: Pod | undefined, classify: (pod: Pod) => Membership): void {
    const i = this.slotOf.get(key);
    const old = i === undefined ? undefined : this.pods[i];
    if (pod && old && pod.metadata.labels === old.metadata.labels && pod.metadata.ownerReferences === old.metadata.ownerReferences) {
      this.replace(i as number, pod);
    } else {
      this.put(key, pod, pod ? classify(pod) : 'none');
    }
  }

  private settled(i: number, revision: number): boolean {
    return this.pods[i] !== undefined && this.revision[i] === revision && this.terminating[i] === 0 && this.ready[i] === 1;
  }

  /** The lowest slot from which every slot up to the last is settled at `revision` (see settledFrom). */
  settledTop(revision: number): number {
    if (revision !== this.settledRevision) {
      this.settledRevision = revision;
      this.settledFrom = this.pods.length;
      this.extendSettled();
    }
    return this.settledFrom;
  }

  private extendSettled(): void {
    while (this.settledFrom > 0 && this.settled(this.settledFrom - 1, this.settledRevision)) this.settledFrom--;
  }

  /** Keeps the frontier: a slot at or above it that is no longer settled moves it up; the one below may extend it. */
  private slotChanged(i: number): void {
    if (this.settledRevision < 0) return;
    if (i >= this.settledFrom) {
      if (!this.settled(i, this.settledRevision)) this.settledFrom = i + 1;
    } else if (i === this.settledFrom - 1) this.extendSettled();
  }

  private clear(i: number): void {
    this.count(i, -1);
    this.pods[i] = undefined;
    this.created[i] = 0;
    this.ready[i] = 0;
    this.terminating[i] = 0;
    this.revision[i] = 0;
    this.setQuiet(i, false);
    this.stale.delete(i);
    this.slotChanged(i);
  }

  /** Remembers the inputs of a sync through this index that made no write. */
  markQuiet(set: object, revisions: object): void {
    this.quietSet = set;
    this.quietRevisions = revisions;
  }

  /**
   * A sync of `set` with namespace revision list `revisions` would repeat the last write-free one:
   * the same set object (any write to it makes a new one) and list, no pod written since (dirty), no
   * claim written since (stale), no slot for the replica pass (loud) and nothing unmodelled.
   */
  repeatsQuietSync(set: object, revisions: object): boolean {
    return (
      set === this.quietSet &&
      revisions === this.quietRevisions &&
      this.dirty.size === 0 &&
      this.stale.size === 0 &&
      this.loud.size === 0 &&
      this.anomalies.size === 0
    );
  }

  /** The stored pods in the slots, in ordinal order. */
  storedPods(): Pod[] {
    return this.pods.filter((p): p is Pod => p !== undefined);
  }

  /** Brings the quiet flags up to date for `scope` (every slot when the scope changed, else the stale ones). */
  refreshQuiet(scope: unknown, quietOf: (pod: Pod) => boolean): void {
    if (scope !== this.quietScope) {
      this.quietScope = scope;
      for (let i = 0; i < this.pods.length; i++) {
        const pod = this.pods[i];
        this.setQuiet(i, !!pod && quietOf(pod));
      }
      this.stale.clear();
      return;
    }
    for (const i of this.stale) {
      const pod = this.pods[i];
      this.setQuiet(i, !!pod && quietOf(pod));
    }
    this.stale.clear();
  }
}

/** Per cluster state: set key → its index. */
const indexes = new WeakMap<ClusterState, Map<string, SlotIndex>>();
/**
 * Per cluster state: the same indexes as a list, for noteSetClaim's indexed loop (a forEach over the
 * map made a closure per claim write, a for-of an iterator result per index). Kept by setIndex and
 * dropSlotIndex; the order does not matter (each index only marks its own slots).
 */
const indexLists = new WeakMap<ClusterState, SlotIndex[]>();

function indexesOf(state: ClusterState): Map<string, SlotIndex> {
  let map = indexes.get(state);
  if (!map) indexes.set(state, (map = new Map()));
  return map;
}

/** Files `index` as the set's index, in place of the one it had. */
function setIndex(state: ClusterState, setKey: string, index: SlotIndex): void {
  const map = indexesOf(state);
  const replaced = map.get(setKey);
  map.set(setKey, index);
  let list = indexLists.get(state);
  if (!list) indexLists.set(state, (list = []));
  const at = replaced ? list.indexOf(replaced) : -1;
  if (at >= 0) list[at] = index;
  else list.push(index);
}

/** The informer hook: the pod named `podName` (in the set's namespace) was written and concerns the set `setKey`. */
export function noteSetPod(state: ClusterState, setKey: string, podName: string): void {
  indexesIfAny(state)?.get(setKey)?.dirty.add(podName);
}

function indexesIfAny(state: ClusterState): Map<string, SlotIndex> | undefined {
  return indexes.get(state);
}

/**
 * The informer hook for claims: a write to claim `name` in `namespace` makes the slot whose pod
 * mounts it (`<template>-<set>-<ordinal>`) recompute its quiet flag, since a pending pod's quiet
 * depends on its claims existing with the owner references the retention policy wants.
 */
export function noteSetClaim(state: ClusterState, namespace: string, name: string): void {
  let writes = claimWrites.get(state);
  if (!writes) claimWrites.set(state, (writes = new Map()));
  writes.set(namespace, (writes.get(namespace) ?? 0) + 1);
  const list = indexLists.get(state);
  if (!list) return;
  // Indexed loops: this runs on every claim write (see indexLists).
  for (let j = 0; j < list.length; j++) {
    const index = list[j] as SlotIndex;
    if (index.namespace !== namespace) continue;
    const prefixes = index.claimPrefixes;
    for (let k = 0; k < prefixes.length; k++) {
      const prefix = prefixes[k] as string;
      if (!name.startsWith(prefix)) continue;
      const ordinal = canonicalOrdinal(name, prefix.length);
      if (ordinal < 0) continue;
      const i = ordinal - index.start;
      if (i >= 0 && i < index.pods.length) index.stale.add(i);
    }
  }
}

/**
 * The number `name` spells from `from` on when that rest is a canonical decimal (/^(0|[1-9]\d*)$/),
 * else -1 — read in place, without slicing the name.
 */
function canonicalOrdinal(name: string, from: number): number {
  const end = name.length;
  if (from >= end) return -1;
  if (name.charCodeAt(from) === 48) return end === from + 1 ? 0 : -1;
  let value = 0;
  for (let k = from; k < end; k++) {
    const digit = name.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Per cluster state: namespace → the number of claim writes there so far (noteSetClaim sees every one). */
const claimWrites = new WeakMap<ClusterState, Map<string, number>>();

/**
 * A token that changes whenever a claim in `namespace` is created, written or deleted: the
 * controller's consistency cache re-reads a pod's claims only then (cheaper than the namespace's
 * claim list, whose rebuild and per-write patching cost O(claims)).
 */
export function claimWriteCount(state: ClusterState, namespace: string): number {
  return claimWrites.get(state)?.get(namespace) ?? 0;
}

/** The set's index as it stands (not refreshed), if it has one. */
export function peekSlotIndex(state: ClusterState, setKey: string): SlotIndex | undefined {
  return slotIndexOptions.enabled ? indexesIfAny(state)?.get(setKey) : undefined;
}

/** Forgets a deleted set's index (and the pods it holds). */
export function dropSlotIndex(state: ClusterState, setKey: string): void {
  const map = indexes.get(state);
  const index = map?.get(setKey);
  if (!map || !index) return;
  map.delete(setKey);
  // setIndex lists every index it files; an index not listed is not cut from someone else's place.
  const list = indexLists.get(state);
  const at = list ? list.indexOf(index) : -1;
  if (list && at >= 0) list.splice(at, 1);
}

/** Turned off by tests that compare the indexed sync with the full one. */
export const slotIndexOptions = { enabled: true };

/**
 * The set's index, refreshed to the stored pods; a new one (from a full scan of the namespace)
 * when there was none or the set's identity, selector or ordinal range changed.
 */
export function refreshedSlotIndex(
  ctx: ControllerContext,
  set: StatefulSet,
  setKey: string,
  classify: (pod: Pod) => Membership
): SlotIndex {
  const map = indexesOf(ctx.state);
  const signature = indexSignature(set);
  let index = map.get(setKey);
  if (!index || index.signature !== signature) {
    index = new SlotIndex(signature, Math.max(0, set.spec.replicas ?? 1));
    setIndex(ctx.state, setKey, index);
    index.namespace = set.metadata.namespace ?? '';
    index.start = set.spec.ordinals?.start ?? 0;
    index.claimPrefixes = (set.spec.volumeClaimTemplates ?? []).map((t) => `${t.metadata?.name ?? ''}-${set.metadata.name}-`);
    for (const pod of ctx.api.list('Pod', set.metadata.namespace) as Pod[]) index.put(pod.metadata.name, pod, classify(pod));
    return index;
  }
  // forEach: a for-of over the set made an iterator result per name.
  index.dirty.forEach((name) => index.refresh(name, ctx.api.get('Pod', index.namespace, name) as Pod | undefined, classify));
  index.dirty.clear();
  return index;
}

/** What the index's layout depends on: the set's identity, selector and ordinal range. */
function indexSignature(set: StatefulSet): string {
  return specSignature(signatures, set, buildIndexSignature);
}

/** Per stored spec object (never mutated; a status write keeps it): the signature built from it and the set's identity. */
const signatures = new WeakMap<object, { uid: string | undefined; namespace: string | undefined; name: string; signature: string }>();

/**
 * `build(set)`, remembered in `cache` per spec object while the set's uid, namespace and name stay the
 * same — for signatures that read only those and the spec.
 */
export function specSignature(
  cache: WeakMap<object, { uid: string | undefined; namespace: string | undefined; name: string; signature: string }>,
  set: StatefulSet,
  build: (set: StatefulSet) => string
): string {
  const { uid, namespace, name } = set.metadata;
  const entry = cache.get(set.spec);
  if (entry && entry.uid === uid && entry.namespace === namespace && entry.name === name) return entry.signature;
  const signature = build(set);
  cache.set(set.spec, { uid, namespace, name, signature });
  return signature;
}

function buildIndexSignature(set: StatefulSet): string {
  return [
    set.metadata.uid ?? '',
    set.metadata.namespace ?? '',
    set.metadata.name,
    JSON.stringify(set.spec.selector),
    set.spec.ordinals?.start ?? 0,
    set.spec.replicas ?? 1,
  ].join('\u0000');
}
