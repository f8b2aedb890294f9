/**
 * The endpoints controllers' pod index: per Service, the pods a sync publishes (selected by the
 * Service, with an IP, not Succeeded or Failed) kept sorted by name, so that a sync after one pod
 * write re-reads that pod instead of listing, filtering and sorting the namespace (issue 8).
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

interface ServiceIndex {
  readonly signature: string;
  /** The published pods, sorted by name (localeCompare, as the full sync sorts). */
  readonly pods: Pod[];
  /** What the sync derived from each pod (`derive`), in the same order. */
  readonly derived: unknown[];
  /** Pod keys written since the last sync. */
  readonly dirty: Set<string>;
}

const indexes = new WeakMap<ClusterState, Map<string, ServiceIndex>>();

/** Turned off by tests that compare the indexed sync with the full one. */
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
 * The Service's published pods in name order, with what `derive` made of each, from the index
 * (shared: read, never mutate). `published` is the full sync's filter; `signature` names what the
 * filter and `derive` depend on besides the pod object.
 */
export function publishedPods<T>(
  ctx: ControllerContext,
  serviceKey: string,
  namespace: string,
  signature: string,
  published: (pod: Pod) => boolean,
  derive: (pod: Pod) => T
): { pods: readonly Pod[]; derived: readonly T[] } {
  let map = indexes.get(ctx.state);
  if (!map) indexes.set(ctx.state, (map = new Map()));
  let index = map.get(serviceKey);
  if (!index || index.signature !== signature) {
    const pods = (ctx.api.list('Pod', namespace) as Pod[]).filter(published).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    index = { signature, pods, derived: pods.map(derive), dirty: new Set() };
    map.set(serviceKey, index);
    return index as { pods: Pod[]; derived: T[] };
  }
  for (const key of index.dirty) {
    const name = key.slice(key.indexOf('/') + 1);
    const pod = ctx.api.get('Pod', namespace, name) as Pod | undefined;
    const at = position(index.pods, name);
    const present = at < index.pods.length && index.pods[at]?.metadata.name === name;
    const keep = pod !== undefined && published(pod);
    if (present && keep) {
      index.pods[at] = pod;
      index.derived[at] = derive(pod);
    } else if (present) {
      index.pods.splice(at, 1);
      index.derived.splice(at, 1);
    } else if (keep) {
      index.pods.splice(at, 0, pod);
      index.derived.splice(at, 0, derive(pod));
    }
  }
  index.dirty.clear();
  return index as { pods: Pod[]; derived: T[] };
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
