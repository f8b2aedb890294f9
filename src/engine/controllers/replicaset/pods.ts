/**
 * Pod helpers shared by the ReplicaSet and Deployment controllers: `pkg/api/v1/pod` (IsPodReady,
 * IsPodAvailable), `pkg/controller/controller_utils.go` (FilterActivePods, ActivePodsWithRanks) and an
 * owner index standing in for the informer's controller-UID indexer.
 */
import type { K8sObject, Pod } from '../../model/types.ts';
import { getControllerOf } from '../../model/util.ts';
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

// ---------------------------------------------------------------------------------------------
// Owner index: controller uid → pods, plus unowned pods per namespace (the only ones anybody may adopt).

interface PodIndex {
  byOwner: Map<string, Set<string>>;
  orphans: Map<string, Set<string>>;
}

const indexes = new WeakMap<ClusterState, PodIndex>();

function podKey(pod: K8sObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
}

function addTo(map: Map<string, Set<string>>, k: string, v: string): void {
  let set = map.get(k);
  if (!set) map.set(k, (set = new Set()));
  set.add(v);
}

function place(index: PodIndex, pod: K8sObject): void {
  const ref = getControllerOf(pod);
  if (ref) addTo(index.byOwner, ref.uid, podKey(pod));
  else addTo(index.orphans, pod.metadata.namespace ?? '', podKey(pod));
}

function unplace(index: PodIndex, pod: K8sObject): void {
  const ref = getControllerOf(pod);
  if (ref) index.byOwner.get(ref.uid)?.delete(podKey(pod));
  else index.orphans.get(pod.metadata.namespace ?? '')?.delete(podKey(pod));
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

/** Keeps the owner index in step with a pod write (a no-op until somebody first asked for it). */
export function indexPodWrite(ctx: ControllerContext, pod: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  const index = indexes.get(ctx.state);
  if (!index) return;
  if (old) unplace(index, old);
  unplace(index, pod);
  if (!deleted) place(index, pod);
}

function resolve(ctx: ControllerContext, keys: Set<string> | undefined): Pod[] {
  const out: Pod[] = [];
  for (const k of keys ?? []) {
    const slash = k.indexOf('/');
    const pod = ctx.api.get('Pod', k.slice(0, slash), k.slice(slash + 1)) as Pod | undefined;
    if (pod) out.push(pod);
  }
  return out;
}

/** Pods whose controller reference names `uid`. */
export function podsControlledBy(ctx: ControllerContext, uid: string): Pod[] {
  return resolve(ctx, indexFor(ctx).byOwner.get(uid));
}

/** Pods without a controller in `namespace`. */
export function orphanPods(ctx: ControllerContext, namespace: string): Pod[] {
  return resolve(ctx, indexFor(ctx).orphans.get(namespace));
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

/** ActivePodsWithRanks.Less: true when pod `a` should be deleted before pod `b`. */
function rankedLess(a: Pod, ra: number, b: Pod, rb: number, now: number): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  // 1. Unassigned < assigned.
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. Pending < Unknown < Running.
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  // 3. Not ready < ready.
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  // 4. Lower pod-deletion-cost < higher.
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up (more related pods on the node) < not doubled up.
  if (ra !== rb) return ra > rb;
  // 6. Ready for less time < more time (logarithmic buckets).
  if (isPodReady(a) && isPodReady(b)) {
    const ta = fromRfc3339(podReadyCondition(a)?.lastTransitionTime);
    const tb = fromRfc3339(podReadyCondition(b)?.lastTransitionTime);
    if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) {
      if (!Number.isFinite(ta) || !Number.isFinite(tb)) return afterOrZero(ta, tb);
      const diff = logRankDiff(ta, tb, now);
      if (diff === 0) return uidLess(a, b);
      return diff < 0;
    }
  }
  // 7. Higher restart counts < lower (compareMaxContainerRestarts: app containers, then sidecars).
  const xa = maxRestarts(a);
  const xb = maxRestarts(b);
  if (xa.regular !== xb.regular) return xa.regular > xb.regular;
  if (xa.sidecar !== xb.sidecar) return xa.sidecar > xb.sidecar;
  // 8. Newer < older (logarithmic buckets).
  const ta = fromRfc3339(a.metadata.creationTimestamp);
  const tb = fromRfc3339(b.metadata.creationTimestamp);
  if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) {
    if (!Number.isFinite(ta) || !Number.isFinite(tb)) return afterOrZero(ta, tb);
    const diff = logRankDiff(ta, tb, now);
    if (diff === 0) return uidLess(a, b);
    return diff < 0;
  }
  return false;
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
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? '') ?? 0 }));
  // Ties (which Go's unstable sort leaves in any order) fall back to the name, so a restored
  // snapshot, whose indexes list pods in storage order, deletes the same pods.
  ranked.sort((x, y) => {
    if (rankedLess(x.pod, x.rank, y.pod, y.rank, now)) return -1;
    if (rankedLess(y.pod, y.rank, x.pod, x.rank, now)) return 1;
    return x.pod.metadata.name < y.pod.metadata.name ? -1 : x.pod.metadata.name > y.pod.metadata.name ? 1 : 0;
  });
  return ranked.slice(0, diff).map((r) => r.pod);
}
