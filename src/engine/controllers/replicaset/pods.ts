/**
 * Pod helpers shared by the ReplicaSet and Deployment controllers: `pkg/api/v1/pod` (IsPodReady,
 * IsPodAvailable), `pkg/controller/controller_utils.go` (FilterActivePods, ActivePodsWithRanks) and an
 * owner index standing in for the informer's controller-UID indexer.
 */
import { selectorMatches } from '../../model/labels.ts';
import type { K8sObject, LabelSelector, Pod } from '../../model/types.ts';
import { getControllerOf, sortedJson } from '../../model/util.ts';
import type { ControllerContext } from '../../sim/context.ts';
import type { ClusterState } from '../../sim/state.ts';
import { fromRfc3339 } from '../../sim/time.ts';

export function podReadyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** podutil.IsPodReady: the Ready condition is True (phase is not looked at). */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** podutil.IsPodAvailable: Ready, and Ready for strictly longer than minReadySeconds. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = fromRfc3339(podReadyCondition(pod)?.lastTransitionTime);
  return Number.isFinite(since) && since + minReadySeconds * 1000 < now;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** controller.IsPodTerminating: being deleted but not yet terminal. */
export function isPodTerminating(pod: Pod): boolean {
  return !isTerminal(pod) && !!pod.metadata.deletionTimestamp;
}

/**
 * Each labels object's answers per selector object. Stored objects are never mutated; a pod's
 * versions share one labels object until its labels change, and a ReplicaSet's versions one selector
 * until its spec changes: so a ReplicaSet re-reading its 1,000 pods on every sync matches each pod once.
 */
const matched = new WeakMap<Record<string, string>, WeakMap<LabelSelector, boolean>>();

const selectorTexts = new WeakMap<LabelSelector, string>();
function selectorText(selector: LabelSelector): string {
  let text = selectorTexts.get(selector);
  if (text === undefined) selectorTexts.set(selector, (text = sortedJson(selector)));
  return text;
}

/** selectorMatches(selector, pod's labels), remembered per labels and selector object. */
export function podMatches(selector: LabelSelector | undefined, pod: K8sObject): boolean {
  const labels = pod.metadata.labels;
  if (!selector || !labels) return selectorMatches(selector, labels);
  let answers = matched.get(labels);
  if (!answers) matched.set(labels, (answers = new WeakMap()));
  let matches = answers.get(selector);
  if (matches === undefined) answers.set(selector, (matches = selectorMatches(selector, labels)));
  return matches;
}

// ---------------------------------------------------------------------------------------------
// Owner index: controller uid → pods, plus unowned pods per namespace (the only ones anybody may adopt).

/**
 * The pods one controller reference names (or a namespace's orphans), by key, as stored; with counts
 * kept write by write, so a ReplicaSet whose pods all match and have no orphans beside them reads its
 * status without visiting them (cost follows the write, not the set's size).
 */
export interface PodGroup {
  pods: Map<string, Pod>;
  /** controller.IsPodActive. */
  active: number;
  /** Active and Ready (podutil.IsPodReady). */
  activeReady: number;
  /** controller.IsPodTerminating. */
  terminating: number;
  /** How many pods a selector does not match, for the last selector asked about (see mismatches). */
  matchedFor?: LabelSelector;
  matchedKey?: string;
  mismatched: number;
  /** How many active pods carry every label of a template, for the last template labels asked about. */
  labeledFor?: Record<string, string>;
  activeLabeled: number;
}

/** Tests turn the counted fast path off to compare it with listing every pod on every sync. */
export const replicaSetIndexOptions = { enabled: true };

interface PodIndex {
  byOwner: Map<string, PodGroup>;
  orphans: Map<string, PodGroup>;
}

const indexes = new WeakMap<ClusterState, PodIndex>();

function podKey(pod: K8sObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
}

/** The pod carries every one of `labels` (calculateStatus' fully-labeled test). */
export function hasLabels(pod: Pod, labels: Record<string, string>): boolean {
  for (const k in labels) if (pod.metadata.labels?.[k] !== labels[k]) return false;
  return true;
}

/** Adds (sign 1) or takes away (sign -1) what one stored pod contributes to its group's counts. */
function count(group: PodGroup, pod: Pod, sign: 1 | -1): void {
  const active = isPodActive(pod);
  if (active) {
    group.active += sign;
    if (isPodReady(pod)) group.activeReady += sign;
    if (group.labeledFor && hasLabels(pod, group.labeledFor)) group.activeLabeled += sign;
  }
  if (isPodTerminating(pod)) group.terminating += sign;
  if (group.matchedFor && !podMatches(group.matchedFor, pod)) group.mismatched += sign;
}

function addTo(map: Map<string, PodGroup>, k: string, pod: Pod): void {
  let group = map.get(k);
  if (!group) map.set(k, (group = { pods: new Map(), active: 0, activeReady: 0, terminating: 0, mismatched: 0, activeLabeled: 0 }));
  group.pods.set(podKey(pod), pod);
  count(group, pod, 1);
}

function removeFrom(map: Map<string, PodGroup>, k: string, pod: K8sObject): void {
  const group = map.get(k);
  const key = podKey(pod);
  const had = group?.pods.get(key);
  if (!group || !had) return;
  group.pods.delete(key);
  count(group, had, -1);
}

function place(index: PodIndex, pod: K8sObject): void {
  const ref = getControllerOf(pod);
  if (ref) addTo(index.byOwner, ref.uid, pod as Pod);
  else addTo(index.orphans, pod.metadata.namespace ?? '', pod as Pod);
}

function unplace(index: PodIndex, pod: K8sObject): void {
  const ref = getControllerOf(pod);
  if (ref) removeFrom(index.byOwner, ref.uid, pod);
  else removeFrom(index.orphans, pod.metadata.namespace ?? '', pod);
}

function indexFor(ctx: ControllerContext): PodIndex {
  let index = indexes.get(ctx.state);
  if (!index) {
    index = { byOwner: new Map(), orphans: new Map() };
    for (const pod of ctx.api.list('Pod')) place(index, pod);
    indexes.set(ctx.state, index);
  }
  return index;
}

/**
 * Keeps the owner index in step with a pod write (a no-op until somebody first asked for it). A
 * written pod moves to the end of its group, as it would in a set of keys.
 */
export function indexPodWrite(ctx: ControllerContext, pod: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  const index = indexes.get(ctx.state);
  if (!index) return;
  if (old) unplace(index, old);
  unplace(index, pod);
  if (!deleted) place(index, pod);
}

const EMPTY_GROUP: PodGroup = { pods: new Map(), active: 0, activeReady: 0, terminating: 0, mismatched: 0, activeLabeled: 0 };

/** The pods whose controller reference names `uid`, with their counts (read-only for callers). */
export function controlledGroup(ctx: ControllerContext, uid: string): PodGroup {
  return indexFor(ctx).byOwner.get(uid) ?? EMPTY_GROUP;
}

/** How many pods without a controller `namespace` holds. */
export function orphanCount(ctx: ControllerContext, namespace: string): number {
  return indexFor(ctx).orphans.get(namespace)?.pods.size ?? 0;
}

/** How many of the group's pods `selector` does not match (counted afresh only when the selector changes). */
export function mismatches(group: PodGroup, selector: LabelSelector): number {
  if (group === EMPTY_GROUP) return 0;
  if (group.matchedFor !== selector) {
    // A ReplicaSet's every spec write copies its selector: equal text keeps the count.
    const key = selectorText(selector);
    group.matchedFor = selector;
    if (group.matchedKey === key) return group.mismatched;
    group.matchedKey = key;
    group.mismatched = 0;
    for (const pod of group.pods.values()) if (!podMatches(selector, pod)) group.mismatched++;
  }
  return group.mismatched;
}

/** How many active pods of the group carry every one of `labels` (counted afresh only when they change). */
export function activeLabeled(group: PodGroup, labels: Record<string, string>): number {
  if (group === EMPTY_GROUP) return 0;
  if (group.labeledFor !== labels) {
    group.labeledFor = labels;
    group.activeLabeled = 0;
    for (const pod of group.pods.values()) if (isPodActive(pod) && hasLabels(pod, labels)) group.activeLabeled++;
  }
  return group.activeLabeled;
}

/** Pods whose controller reference names `uid`. */
export function podsControlledBy(ctx: ControllerContext, uid: string): Pod[] {
  return [...controlledGroup(ctx, uid).pods.values()];
}

/** Pods without a controller in `namespace`. */
export function orphanPods(ctx: ControllerContext, namespace: string): Pod[] {
  const group = indexFor(ctx).orphans.get(namespace);
  return group ? [...group.pods.values()] : [];
}

// ---------------------------------------------------------------------------------------------
// ActivePodsWithRanks (controller_utils.go), with LogarithmicScaleDown and PodDeletionCost (both GA).

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: Pod): number {
  const raw = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return 0;
  const n = Number(raw);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** maxContainerRestarts: the highest restart count of the app containers, then of the sidecars (restartPolicy Always init containers). */
function maxRestarts(pod: Pod): { regular: number; sidecar: number } {
  let regular = 0;
  for (const s of pod.status?.containerStatuses ?? []) regular = Math.max(regular, s.restartCount ?? 0);
  const sidecars = new Set((pod.spec.initContainers ?? []).filter((c) => c['restartPolicy'] === 'Always').map((c) => c.name));
  let sidecar = 0;
  for (const s of pod.status?.initContainerStatuses ?? []) if (sidecars.has(s.name)) sidecar = Math.max(sidecar, s.restartCount ?? 0);
  return { regular, sidecar };
}

/** logarithmicRankDiff: floor(log2(age in ns)) of each, compared. */
function logRankDiff(t1: number, t2: number, now: number): number {
  const d1 = (now - t1) * 1e6;
  const d2 = (now - t2) * 1e6;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

/** afterOrZero: zero times first, then the later one. */
function afterOrZero(t1: number, t2: number): boolean {
  if (!Number.isFinite(t1) || !Number.isFinite(t2)) return !Number.isFinite(t1);
  return t1 > t2;
}

function uidLess(a: Pod, b: Pod): boolean {
  return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
}

/** What ActivePodsWithRanks.Less reads of a pod, read once per ranking rather than per comparison. */
interface RankFacts {
  pod: Pod;
  /** Active related pods on the same node (getPodsRankedByRelatedPodsOnSameNode). */
  rank: number;
  node: string;
  phase: number;
  ready: boolean;
  cost: number;
  readySince: number;
  restarts: { regular: number; sidecar: number };
  created: number;
}

function rankFacts(pod: Pod, rank: number): RankFacts {
  const ready = isPodReady(pod);
  return {
    pod,
    rank,
    node: pod.spec.nodeName ?? '',
    phase: PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0,
    ready,
    cost: deletionCost(pod),
    readySince: ready ? fromRfc3339(podReadyCondition(pod)?.lastTransitionTime) : Number.NaN,
    restarts: maxRestarts(pod),
    created: fromRfc3339(pod.metadata.creationTimestamp),
  };
}

/** Step 6 and 8 of Less: zero times first, then logarithmic age buckets, then the uid. */
function timeLess(ta: number, tb: number, a: Pod, b: Pod, now: number): boolean | undefined {
  if (ta === tb || (Number.isNaN(ta) && Number.isNaN(tb))) return undefined;
  if (!Number.isFinite(ta) || !Number.isFinite(tb)) return afterOrZero(ta, tb);
  const diff = logRankDiff(ta, tb, now);
  if (diff === 0) return uidLess(a, b);
  return diff < 0;
}

/** ActivePodsWithRanks.Less: true when pod `a` should be deleted before pod `b`. */
function rankedLess(a: RankFacts, b: RankFacts, now: number): boolean {
  // 1. Unassigned < assigned.
  if (a.node !== b.node && (a.node === '' || b.node === '')) return a.node === '';
  // 2. Pending < Unknown < Running.
  if (a.phase !== b.phase) return a.phase < b.phase;
  // 3. Not ready < ready.
  if (a.ready !== b.ready) return !a.ready;
  // 4. Lower pod-deletion-cost < higher.
  if (a.cost !== b.cost) return a.cost < b.cost;
  // 5. Doubled up (more related pods on the node) < not doubled up.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Ready for less time < more time (logarithmic buckets).
  if (a.ready && b.ready) {
    const byReady = timeLess(a.readySince, b.readySince, a.pod, b.pod, now);
    if (byReady !== undefined) return byReady;
  }
  // 7. Higher restart counts < lower (compareMaxContainerRestarts: app containers, then sidecars).
  if (a.restarts.regular !== b.restarts.regular) return a.restarts.regular > b.restarts.regular;
  if (a.restarts.sidecar !== b.restarts.sidecar) return a.restarts.sidecar > b.restarts.sidecar;
  // 8. Newer < older (logarithmic buckets).
  return timeLess(a.created, b.created, a.pod, b.pod, now) ?? false;
}

/**
 * getPodsToDelete with getPodsRankedByRelatedPodsOnSameNode: ranks `pods` by how many active
 * `related` pods share their node and returns the first `diff`.
 */
export function getPodsToDelete(pods: Pod[], related: Pod[], diff: number, now: number): Pod[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const pod of related) {
    if (isPodActive(pod)) onNode.set(pod.spec.nodeName ?? '', (onNode.get(pod.spec.nodeName ?? '') ?? 0) + 1);
  }
  const ranked = pods.map((pod) => rankFacts(pod, onNode.get(pod.spec.nodeName ?? '') ?? 0));
  // Ties (which Go's unstable sort leaves in any order) fall back to the name, so a restored
  // snapshot, whose indexes list pods in storage order, deletes the same pods.
  ranked.sort((x, y) => {
    if (rankedLess(x, y, now)) return -1;
    if (rankedLess(y, x, now)) return 1;
    return x.pod.metadata.name < y.pod.metadata.name ? -1 : x.pod.metadata.name > y.pod.metadata.name ? 1 : 0;
  });
  return ranked.slice(0, diff).map((r) => r.pod);
}
