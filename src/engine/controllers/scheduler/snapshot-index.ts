/**
 * The scheduler cache kept up to date write by write: the nodes (sorted by name) with the pods bound
 * or assumed on them, as `snapshot()` in scheduler.ts would rebuild it from storage, so that one
 * scheduling cycle after one pod write moves that pod instead of re-adding every pod (issue 8).
 *
 * How it stays correct: the engine's informer hook notes every pod write (`noteSchedulerPod`), and
 * the scheduler notes the pods whose assumption it records or drops (those change no stored
 * object). Each cycle first re-reads the noted pods from storage and moves them between nodes. Any
 * write of a Node or a Namespace (their lists change identity) rebuilds the whole snapshot. The
 * sums a node keeps are integers (millicores, bytes, units), so removing a pod subtracts exactly;
 * so are PodTopologySpread's per-node counts of matching pods (plugins.ts `MatchCount`).
 * The index lives beside the cluster state (a restore builds a new one).
 */
import type { K8sObject, NodeObject, Pod } from '../../model/types.ts';
import type { ControllerContext } from '../../sim/context.ts';
import type { ClusterState } from '../../sim/state.ts';
import { addPod, newNodeInfo, removePod, replacePod, type NodeInfo, type Snapshot } from './plugins.ts';

interface SnapshotIndex {
  readonly nodeList: readonly K8sObject[];
  readonly namespaceList: readonly K8sObject[];
  readonly snap: Snapshot;
  /** Pod key → the node it is counted on and the object counted. */
  readonly placed: Map<string, Placed>;
  readonly dirty: Set<string>;
}

/** Where a pod is counted (the entry is the index's own: a status write moves its `pod` along). */
interface Placed {
  readonly info: NodeInfo;
  pod: Pod;
}

const indexes = new WeakMap<ClusterState, SnapshotIndex>();

/** Turned off by tests that compare the indexed snapshot with the rebuilt one. */
export const snapshotIndexOptions = { enabled: true };

/** A pod ("namespace/name") was written, or its assumed node changed. */
export function noteSchedulerPod(state: ClusterState, podKey: string): void {
  indexes.get(state)?.dirty.add(podKey);
}

/** The node a pod counts on: bound, or assumed by the scheduler; none once it has ended. */
function placement(state: ClusterState, pod: Pod): string | undefined {
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return undefined;
  return pod.spec.nodeName ?? state.assumed[pod.metadata.uid ?? ''];
}

/** The scheduler's snapshot, brought up to date with the writes since the last cycle. */
export function indexedSnapshot(ctx: ControllerContext): Snapshot {
  const nodeList = ctx.api.list('Node');
  const namespaceList = ctx.api.list('Namespace');
  let index = indexes.get(ctx.state);
  if (!index || index.nodeList !== nodeList || index.namespaceList !== namespaceList) {
    const nodes = (nodeList as NodeObject[]).toSorted((a, b) => a.metadata.name.localeCompare(b.metadata.name)).map(newNodeInfo);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const placed = new Map<string, Placed>();
    for (const pod of ctx.api.list('Pod') as Pod[]) {
      const node = placement(ctx.state, pod);
      const info = node ? byName.get(node) : undefined;
      if (!info) continue;
      addPod(info, pod);
      placed.set(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`, { info, pod });
    }
    const namespaceLabels = new Map(namespaceList.map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}]));
    index = { nodeList, namespaceList, snap: { nodes, byName, namespaceLabels }, placed, dirty: new Set() };
    indexes.set(ctx.state, index);
    return index.snap;
  }
  for (const key of index.dirty) {
    const before = index.placed.get(key);
    const pod = ctx.api.getByKey('Pod', key) as Pod | undefined;
    const node = pod ? placement(ctx.state, pod) : undefined;
    if (before && pod && node === before.info.name && countsAlike(before.pod, pod)) {
      // A status write: nothing a node sums or counts moved, so the new object takes the old one's place.
      replacePod(before.info, before.pod, pod);
      before.pod = pod;
      continue;
    }
    if (before) {
      removePod(before.info, before.pod);
      index.placed.delete(key);
    }
    const info = node ? index.snap.byName.get(node) : undefined;
    if (!pod || !info) continue;
    addPod(info, pod);
    index.placed.set(key, { info, pod });
  }
  index.dirty.clear();
  return index.snap;
}


/**
 * Whether two objects of one pod count alike on a node: the plugins read only the spec (requests,
 * ports, affinity terms, volumes, priority) and the identity, namespace, labels and deletion mark;
 * stored objects are never mutated, so the same spec and labels objects mean the same values.
 */
function countsAlike(a: Pod, b: Pod): boolean {
  return (
    (a.spec === b.spec || sameSpecButNodeName(a.spec, b.spec)) &&
    a.metadata.labels === b.metadata.labels &&
    a.metadata.uid === b.metadata.uid &&
    a.metadata.namespace === b.metadata.namespace &&
    a.metadata.deletionTimestamp === b.metadata.deletionTimestamp
  );
}

/**
 * The binding write (setPodNodeAndMetadata): a new spec object with every member the same object
 * as before but nodeName, which no plugin reads (where a pod counts is decided by `placement`).
 */
function sameSpecButNodeName(a: object, b: object): boolean {
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let members = 0;
  for (const key in bo) {
    if (key === 'nodeName') continue;
    if (ao[key] !== bo[key]) return false;
    members++;
  }
  for (const key in ao) if (key !== 'nodeName') members--;
  return members === 0;
}
