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
import { ANN_SELECTED_NODE, claimClass, findMatchingVolume, volumeFitsNode } from './volume.ts';

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
  const nodes = (ctx.api.list('Node') as NodeObject[]).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
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

  const volumes = ctx.api.list('PersistentVolume') as PersistentVolume[];
  const reasons = new Map<string, number>();
  const feasible: NodeObject[] = [];
  const plans = new Map<string, Map<string, PersistentVolume | 'provision'>>();
  for (const node of nodes) {
    const reason = filterNode(ctx, pod, node, claims, volumes, plans);
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    else feasible.push(node);
  }
  if (feasible.length === 0) {
    const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
    setUnschedulable(ctx, pod, `0/${total} nodes are available: ${parts.join(', ')}.${PREEMPTION(total)}`);
    return;
  }
  const chosen = pickNode(ctx, pod, feasible);
  const plan = plans.get(chosen.metadata.name) ?? new Map();
  let waiting = false;
  for (const claim of claims) {
    if (claim.spec.volumeName) continue;
    const choice = plan.get(claim.metadata.name);
    waiting = true;
    if (choice === 'provision' || choice === undefined) {
      const annotations = { ...claim.metadata.annotations, [ANN_SELECTED_NODE]: chosen.metadata.name };
      ctx.api.update({ ...claim, metadata: { ...claim.metadata, annotations } });
    } else {
      const annotations = { ...choice.metadata.annotations, 'pv.kubernetes.io/bound-by-controller': 'yes' };
      const claimRef = {
        kind: 'PersistentVolumeClaim',
        namespace: claim.metadata.namespace ?? '',
        name: claim.metadata.name,
        uid: claim.metadata.uid ?? '',
        apiVersion: 'v1',
        resourceVersion: claim.metadata.resourceVersion ?? '',
      };
      ctx.api.update({ ...choice, metadata: { ...choice.metadata, annotations }, spec: { ...choice.spec, claimRef } });
    }
  }
  if (waiting) {
    ctx.state.assumed[pod.metadata.uid ?? ''] = chosen.metadata.name;
    return;
  }
  bindPod(ctx, pod, chosen.metadata.name);
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

/** Scoring, simplified: spread the set's pods first, then all pods; a seeded pick among ties. */
function pickNode(ctx: ControllerContext, pod: Pod, feasible: NodeObject[]): NodeObject {
  const owner = getControllerOf(pod)?.uid;
  const total = new Map<string, number>();
  const same = new Map<string, number>();
  for (const other of ctx.api.list('Pod') as Pod[]) {
    const node = other.spec.nodeName ?? ctx.state.assumed[other.metadata.uid ?? ''];
    if (!node) continue;
    total.set(node, (total.get(node) ?? 0) + 1);
    if (owner && getControllerOf(other)?.uid === owner) same.set(node, (same.get(node) ?? 0) + 1);
  }
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
