/**
 * kube-scheduler, reduced to what a StatefulSet lesson shows: node filtering (readiness taints,
 * cordon, tolerations, nodeSelector, the VolumeBinding plugin's PV node affinity), spreading,
 * WaitForFirstConsumer volume binding (PreBind) and upstream's FailedScheduling messages.
 */
import type { K8sObject, NodeObject, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass, Taint } from '../model/types.ts';
import { getControllerOf } from '../model/util.ts';
import { randomInt } from '../sim/rng.ts';
import type { ControllerContext } from '../sim/context.ts';
import { rfc3339 } from '../sim/time.ts';
import { objectKey } from '../sim/state.ts';
import { ANN_SELECTED_NODE, claimClass, findMatchingVolume, reserveVolume, volumeFitsNode } from './volume.ts';

const COMPONENT = 'default-scheduler';
const PREEMPTION = (n: number) => ` preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

function tolerates(pod: Pod, taint: Taint): boolean {
  return (pod.spec.tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function setUnschedulable(ctx: ControllerContext, pod: Pod, message: string): void {
  const conditions = (pod.status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  const previous = pod.status.conditions?.find((c) => c.type === 'PodScheduled');
  const condition = {
    type: 'PodScheduled',
    status: 'False' as const,
    lastProbeTime: null,
    lastTransitionTime: previous?.status === 'False' ? (previous.lastTransitionTime ?? rfc3339(ctx.now)) : rfc3339(ctx.now),
    reason: 'Unschedulable',
    message,
  };
  if (previous?.status === 'False' && previous.message === message) return;
  ctx.api.updateStatus({ ...pod, status: { ...pod.status, conditions: [...conditions, condition] } });
  ctx.api.recordEvent(pod, 'Warning', 'FailedScheduling', message, COMPONENT);
}

/** schedulePod: one scheduling attempt for an unbound pod (key "namespace/name"). */
export function schedulePod(ctx: ControllerContext, key: string): void {
  const [namespace = '', name = ''] = key.split('/');
  const pod = ctx.api.get('Pod', namespace, name) as Pod | undefined;
  if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp) return;
  if (pod.status.phase && pod.status.phase !== 'Pending') return;
  const nodes = (ctx.api.list('Node') as NodeObject[]).toSorted((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const total = nodes.length;

  // PreFilter (VolumeBinding): every claim must exist, not be deleted, and immediate claims be bound.
  const claims: PersistentVolumeClaim[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const claim = ctx.api.get('PersistentVolumeClaim', namespace, claimName) as PersistentVolumeClaim | undefined;
    let reason: string | undefined;
    if (!claim) reason = `persistentvolumeclaim "${claimName}" not found`;
    else if (claim.metadata.deletionTimestamp) reason = `persistentvolumeclaim "${claimName}" is being deleted`;
    else if (claim.status.phase === 'Lost') reason = `persistentvolumeclaim "${claimName}" bound to non-existent persistentvolume "${claim.spec.volumeName ?? ''}"`;
    else if (!claim.spec.volumeName) {
      const cls = ctx.api.get('StorageClass', undefined, claimClass(claim)) as StorageClass | undefined;
      if (cls?.volumeBindingMode !== 'WaitForFirstConsumer') reason = 'pod has unbound immediate PersistentVolumeClaims';
    }
    if (reason) {
      setUnschedulable(ctx, pod, `0/${total} nodes are available: ${reason}.${PREEMPTION(total)}`);
      return;
    }
    if (claim) claims.push(claim);
  }

  // PreBind in progress: the pod waits until every claim is bound, then binds.
  const assumed = ctx.state.assumed[pod.metadata.uid ?? ''];
  if (assumed) {
    if (claims.every((c) => c.status.phase === 'Bound')) bindPod(ctx, pod, assumed);
    return;
  }

  // Only unreserved volumes, or ones reserved for this pod's claims, can take part.
  const volumes = ctx.candidateVolumes(claims.map((c) => objectKey(c.metadata.namespace, c.metadata.name)));
  for (const c of claims) {
    const bound = c.spec.volumeName ? (ctx.api.get('PersistentVolume', undefined, c.spec.volumeName) as PersistentVolume | undefined) : undefined;
    if (bound && !volumes.includes(bound)) volumes.push(bound);
  }
  const counts = podCounts(ctx);
  const reasons = new Map<string, number>();
  const feasible: NodeObject[] = [];
  const plans = new Map<string, Map<string, PersistentVolume | 'provision'>>();
  for (const node of nodes) {
    const reason = (counts.total.get(node.metadata.name) ?? 0) >= maxPodsOf(node) ? 'Too many pods' : filterNode(ctx, pod, node, claims, volumes, plans);
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    else feasible.push(node);
  }
  if (feasible.length === 0) {
    const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
    setUnschedulable(ctx, pod, `0/${total} nodes are available: ${parts.join(', ')}.${PREEMPTION(total)}`);
    return;
  }
  const chosen = pickNode(ctx, pod, feasible, counts);
  counts.total.set(chosen.metadata.name, (counts.total.get(chosen.metadata.name) ?? 0) + 1);
  const owner = getControllerOf(pod)?.uid;
  if (owner) {
    const same = counts.same.get(owner) ?? new Map<string, number>();
    same.set(chosen.metadata.name, (same.get(chosen.metadata.name) ?? 0) + 1);
    counts.same.set(owner, same);
  }
  const plan = plans.get(chosen.metadata.name) ?? new Map();
  let waiting = false;
  for (const claim of claims) {
    if (claim.spec.volumeName) continue;
    const choice = plan.get(claim.metadata.name);
    waiting = true;
    if (choice === 'provision' || choice === undefined) {
      const annotations = { ...claim.metadata.annotations, [ANN_SELECTED_NODE]: chosen.metadata.name };
      ctx.api.update({ ...claim, metadata: { ...claim.metadata, annotations } }, { trusted: true });
    } else {
      ctx.api.update(reserveVolume(choice, claim), { trusted: true });
    }
  }
  if (waiting) ctx.state.assumed[pod.metadata.uid ?? ''] = chosen.metadata.name;
  else bindPod(ctx, pod, chosen.metadata.name);
  counts.rv = ctx.state.rv;
}

function filterNode(
  ctx: ControllerContext,
  pod: Pod,
  node: NodeObject,
  claims: PersistentVolumeClaim[],
  volumes: PersistentVolume[],
  plans: Map<string, Map<string, PersistentVolume | 'provision'>>
): string | undefined {
  if (node.spec.unschedulable) return 'node(s) were unschedulable';
  const taints = (node.spec.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (taints.some((t) => !tolerates(pod, t))) return 'node(s) had untolerated taint(s)';
  const selector = pod.spec.nodeSelector ?? {};
  if (Object.entries(selector).some(([k, v]) => node.metadata.labels?.[k] !== v)) return "node(s) didn't match Pod's node affinity/selector";
  const plan = new Map<string, PersistentVolume | 'provision'>();
  const chosen = new Set<string>();
  for (const claim of claims) {
    if (claim.spec.volumeName) {
      const pv = volumes.find((v) => v.metadata.name === claim.spec.volumeName);
      if (!pv) return 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
      if (!volumeFitsNode(pv, node)) return "node(s) didn't match PersistentVolume's node affinity";
      continue;
    }
    const match = findMatchingVolume(volumes, claim, { delayBinding: true, node, excluded: chosen });
    if (match) {
      chosen.add(match.metadata.name);
      plan.set(claim.metadata.name, match);
      continue;
    }
    const cls = ctx.api.get('StorageClass', undefined, claimClass(claim)) as StorageClass | undefined;
    if (!cls || cls.provisioner === 'kubernetes.io/no-provisioner') return "node(s) didn't find available persistent volumes to bind";
    plan.set(claim.metadata.name, 'provision');
  }
  plans.set(node.metadata.name, plan);
  return undefined;
}

interface PodCounts {
  rv: number;
  total: Map<string, number>;
  /** Owner uid → node → pods. */
  same: Map<string, Map<string, number>>;
}

/**
 * The scheduler cache: pods per node. It is rebuilt whenever anything but the scheduler itself wrote
 * since (resourceVersion moved), so it always equals a recount of the stored state.
 */
let cache: PodCounts | undefined;
let cacheState: object | undefined;

function podCounts(ctx: ControllerContext): PodCounts {
  if (cache && cacheState === ctx.state && cache.rv === ctx.state.rv) return cache;
  const total = new Map<string, number>();
  const same = new Map<string, Map<string, number>>();
  for (const other of ctx.api.list('Pod') as Pod[]) {
    if (other.status.phase === 'Succeeded' || other.status.phase === 'Failed') continue;
    const node = other.spec.nodeName ?? ctx.state.assumed[other.metadata.uid ?? ''];
    if (!node) continue;
    total.set(node, (total.get(node) ?? 0) + 1);
    const owner = getControllerOf(other)?.uid;
    if (owner) {
      const m = same.get(owner) ?? new Map<string, number>();
      m.set(node, (m.get(node) ?? 0) + 1);
      same.set(owner, m);
    }
  }
  cache = { rv: ctx.state.rv, total, same };
  cacheState = ctx.state;
  return cache;
}

function maxPodsOf(node: NodeObject): number {
  const pods = Number((node.status as { allocatable?: { pods?: string } }).allocatable?.pods ?? 110);
  return Number.isFinite(pods) ? pods : 110;
}

/** Scoring, simplified: spread the set's pods first, then all pods; a seeded pick among ties. */
function pickNode(ctx: ControllerContext, pod: Pod, feasible: NodeObject[], counts: PodCounts): NodeObject {
  const owner = getControllerOf(pod)?.uid;
  const total = counts.total;
  const same = (owner ? counts.same.get(owner) : undefined) ?? new Map<string, number>();
  const score = (n: K8sObject) => [same.get(n.metadata.name) ?? 0, total.get(n.metadata.name) ?? 0] as const;
  let best: NodeObject[] = [];
  for (const node of feasible) {
    const s = score(node);
    const b = best[0] ? score(best[0]) : undefined;
    if (!b || s[0] < b[0] || (s[0] === b[0] && s[1] < b[1])) best = [node];
    else if (s[0] === b[0] && s[1] === b[1]) best.push(node);
  }
  return best[randomInt(ctx.state, best.length)] ?? (feasible[0] as NodeObject);
}

function bindPod(ctx: ControllerContext, pod: Pod, nodeName: string): void {
  delete ctx.state.assumed[pod.metadata.uid ?? ''];
  const bound = ctx.api.bindPod(pod.metadata.namespace ?? 'default', pod.metadata.name, nodeName);
  if (!bound.ok) return;
  const conditions = (bound.object.status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(ctx.now) });
  ctx.api.updateStatus({ ...bound.object, status: { ...bound.object.status, conditions } });
  ctx.api.recordEvent(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, COMPONENT);
}
