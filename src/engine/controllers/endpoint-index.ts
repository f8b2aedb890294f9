/**
 * The endpoints controllers' pod index: per Service, the pods a sync publishes (selected by the
 * Service, with an IP, not Succeeded or Failed) kept sorted by name, with what the sync derives from
 * each, so that a sync after one pod write re-reads that pod instead of listing, filtering and
 * sorting the namespace (issue 8). Each call also says which derivations left and entered, so the
 * EndpointSlice reconciler edits only the slices they are in and the legacy Endpoints lists are
 * edited rather than sorted.
 *
 * How it stays correct: the engine's informer hook notes every written pod for each Service whose
 * selector matches its new or old labels (`noteServicePod`) — a pod matching neither is published
 * neither before nor after. A sync first re-reads the noted pods from storage (`publishedPods`), so
 * the list equals the sorted filter of a full list at that instant. A change of the Service's
 * identity or selector rebuilds the index from a full scan. The index lives beside the cluster
 * state (a restore builds a new one).
 */
import type { Pod } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';
import type { ClusterState } from '../sim/state.ts';

/**
 * What `publishedPods` answers: the index itself (one object for the index's life, so that what a
 * caller built from it can name it), shared: read and never mutate.
 */
export interface PublishedView<T> {
  /** The published pods, sorted by name (localeCompare, as the full sync sorts). */
  readonly pods: readonly Pod[];
  /** What the sync derived from each pod, in the same order. */
  readonly derived: readonly T[];
  /** Counts the calls that changed `derived`: equal generations of one view hold the same records. */
  readonly generation: number;
  /**
   * What this call changed in `derived` (from generation - 1 to this one): the records that left (a
   * pod gone or re-derived) and those that entered, or undefined when the index was built afresh
   * (the caller must then compare it all).
   */
  readonly changes: { readonly removed: readonly T[]; readonly added: readonly T[] } | undefined;
}

interface ServiceIndex {
  readonly signature: string;
  readonly pods: Pod[];
  readonly derived: unknown[];
  generation: number;
  changes: { readonly removed: readonly unknown[]; readonly added: readonly unknown[] } | undefined;
  /** Pod keys written since the last sync. */
  readonly dirty: Set<string>;
  /** Where a pod name was last found (checked before use: inserts and removals shift positions). */
  readonly hints: Map<string, number>;
}

const indexes = new WeakMap<ClusterState, Map<string, ServiceIndex>>();

/** Turned off by tests that compare the indexed sync with the full one (also the trigger-time tracker's incremental read). */
export const endpointIndexOptions = { enabled: true };

/** The informer hook: the pod under `podKey` was written and its old or new labels match `serviceKey`. */
export function noteServicePod(state: ClusterState, serviceKey: string, podKey: string): void {
  indexes.get(state)?.get(serviceKey)?.dirty.add(podKey);
}

/** Forgets the index of a Service that is gone or publishes nothing (and the pods it holds). */
export function dropServiceIndex(state: ClusterState, serviceKey: string): void {
  indexes.get(state)?.delete(serviceKey);
}

/**
 * The Service's published pods in name order and what `derive` made of each, from the index.
 * `published` is the full sync's filter; `derive` may hand back `previous` (its result for the pod
 * last at that name) when nothing it shows changed; `signature` names what the filter and `derive`
 * depend on besides the pod object.
 */
export function publishedPods<T>(
  ctx: ControllerContext,
  serviceKey: string,
  namespace: string,
  signature: string,
  published: (pod: Pod) => boolean,
  derive: (pod: Pod, previous: T | undefined) => T
): PublishedView<T> {
  let map = indexes.get(ctx.state);
  if (!map) indexes.set(ctx.state, (map = new Map()));
  let index = map.get(serviceKey);
  if (!index || index.signature !== signature) {
    const pods = (ctx.api.list('Pod', namespace) as Pod[]).filter(published).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const derived = pods.map((p) => derive(p, undefined));
    index = { signature, pods, derived, generation: 0, changes: undefined, dirty: new Set(), hints: new Map(pods.map((p, i) => [p.metadata.name, i])) };
    map.set(serviceKey, index);
    return index as PublishedView<T>;
  }
  if (index.dirty.size === 0) {
    index.changes = NO_CHANGES;
    return index as PublishedView<T>;
  }
  // The lists start as the shared empty one: a sync mostly moves one record each way.
  const changes: { removed: readonly T[]; added: readonly T[] } = { removed: NONE, added: NONE };
  index.changes = changes;
  const { pods, derived } = index as { pods: Pod[]; derived: T[] };
  // The lowest position where a pod came or went.
  let shiftedFrom = Infinity;
  // Arrivals are put in after the loop, all in one merge (a set created at once publishes every pod
  // in one sync: one splice each would move the list once per pod).
  let arrivals: Arrival<T>[] | undefined;
  for (const key of index.dirty) {
    // The noted key is the pod's storage key (a pod of the Service's namespace): read by it as it is.
    const pod = ctx.api.getByKey('Pod', key) as Pod | undefined;
    const name = pod ? pod.metadata.name : key.slice(key.indexOf('/') + 1);
    const hint: number | undefined = index.hints.get(name);
    const at = hint !== undefined && pods[hint]?.metadata.name === name ? hint : position(pods, name);
    const present = at < pods.length && pods[at]?.metadata.name === name;
    const keep = pod !== undefined && published(pod);
    if (present && keep) {
      index.hints.set(name, at);
      pods[at] = pod;
      const next = derive(pod, derived[at]);
      if (next !== derived[at]) {
        changes.removed = plus(changes.removed, derived[at] as T);
        changes.added = plus(changes.added, next);
        derived[at] = next;
      }
    } else if (present) {
      index.hints.delete(name);
      changes.removed = plus(changes.removed, derived[at] as T);
      // (A native splice: copyWithin is the generic builtin, many times slower.)
      pods.splice(at, 1);
      derived.splice(at, 1);
      shiftedFrom = Math.min(shiftedFrom, at);
    } else if (keep) {
      const fresh = derive(pod, undefined);
      arrivals ??= [];
      arrivals.push({ name, pod, fresh, order: arrivals.length });
      changes.added = plus(changes.added, fresh);
    }
  }
  if (arrivals) shiftedFrom = Math.min(shiftedFrom, mergeArrivals(pods, derived, arrivals, index.hints));
  // After a large batch of arrivals (a set created at once) the hints it moved are redone in one
  // pass, so that each pod's next write finds its place without a search.
  if (index.dirty.size > 16) for (let i = Math.min(shiftedFrom, pods.length); i < pods.length; i++) index.hints.set((pods[i] as Pod).metadata.name, i);
  index.dirty.clear();
  if (changes.removed.length + changes.added.length > 0) index.generation++;
  return index as PublishedView<T>;
}

/** No records (or addresses) moved: the shared empty list, never changed. */
export const NONE: readonly never[] = Object.freeze([]);
const NO_CHANGES = Object.freeze({ removed: NONE, added: NONE });

/** `list` (NONE, or a list plus made) with `item` at its end: a new list for the shared empty one. */
export function plus<T>(list: readonly T[], item: T): T[] {
  if (list === NONE) return [item];
  (list as T[]).push(item);
  return list as T[];
}

/** A pod entering the published list in one call, `order`-th of the call's arrivals. */
interface Arrival<T> {
  readonly name: string;
  readonly pod: Pod;
  readonly fresh: T;
  readonly order: number;
}

/**
 * Puts `arrivals` (pods not in `pods`) in their places in `pods` and `derived`, as one splice each
 * at its binary-searched place, in arrival order, would, moving each listed pod once. Returns the
 * lowest place.
 */
function mergeArrivals<T>(pods: Pod[], derived: T[], arrivals: Arrival<T>[], hints: Map<string, number>): number {
  // A splice goes in front of the names that sort with it: of names that collate equal (were there
  // any), the later arrivals end up first.
  if (arrivals.length > 1) arrivals.sort((a, b) => a.name.localeCompare(b.name) || b.order - a.order);
  // Each arrival goes in front of the pods from its place on (sorted, the arrivals' places do not decrease).
  const places = arrivals.map((a) => position(pods, a.name));
  let from = pods.length - 1;
  for (const a of arrivals) {
    pods.push(a.pod);
    derived.push(a.fresh);
  }
  let to = pods.length - 1;
  for (let j = arrivals.length - 1; j >= 0; j--) {
    const place = places[j] as number;
    for (; from >= place; from--, to--) {
      pods[to] = pods[from] as Pod;
      derived[to] = derived[from] as T;
    }
    const arrival = arrivals[j] as (typeof arrivals)[number];
    pods[to] = arrival.pod;
    derived[to] = arrival.fresh;
    hints.set(arrival.name, to);
    to--;
  }
  return places[0] as number;
}

/** The first position whose name does not sort before `name`. */
function position(pods: readonly Pod[], name: string): number {
  let lo = 0;
  let hi = pods.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pods[mid] as Pod).metadata.name.localeCompare(name) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
