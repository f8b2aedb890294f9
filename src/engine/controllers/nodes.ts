/**
 * Node lifecycle (pkg/controller/nodelifecycle) and taint-based eviction: a node whose kubelet
 * stops reporting turns NotReady after the monitor grace period, gets the unreachable taints, its
 * pods are marked not ready, and after their toleration (300 s) they are deleted — and stay
 * Terminating, because no kubelet confirms it.
 */
import type { NodeObject, Pod, Taint } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';
import { objectKey } from '../sim/state.ts';
import { fromRfc3339, rfc3339 } from '../sim/time.ts';

const NODE_CONTROLLER = 'node-controller';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** The conditions a healthy kubelet posts. */
export function healthyNodeConditions(now: number) {
  const stamp = rfc3339(now);
  const c = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: stamp,
    lastTransitionTime: stamp,
    reason,
    message,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';
const NOT_READY = 'node.kubernetes.io/not-ready';

function tolerated(pod: Pod, taint: Taint): boolean {
  return (pod.spec.tolerations ?? []).some(
    (t) => (!t.effect || t.effect === taint.effect) && (t.operator === 'Exists' ? !t.key || t.key === taint.key : t.key === taint.key && (t.value ?? '') === (taint.value ?? ''))
  );
}

/**
 * NoExecute taints other than the node controller's own: the taint-eviction controller deletes pods
 * that do not tolerate them; with the out-of-service taint on a node that is not Ready, PodGC
 * force-deletes the terminating pods at once (non-graceful node shutdown, GA v1.28).
 */
function evictForTaints(ctx: ControllerContext, node: NodeObject): void {
  const taints = (node.spec.taints ?? []).filter((t) => t.effect === 'NoExecute' && t.key !== UNREACHABLE && t.key !== NOT_READY);
  if (taints.length === 0) return;
  const nodeReady = node.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const outOfService = taints.some((t) => t.key === OUT_OF_SERVICE);
  for (const pod of podsOnNode(ctx, node.metadata.name)) {
    const ns = pod.metadata.namespace ?? 'default';
    if (!pod.metadata.deletionTimestamp) {
      if (taints.every((t) => tolerated(pod, t))) continue;
      ctx.api.recordEvent(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${pod.metadata.name}`, 'taint-eviction-controller');
      ctx.api.delete('Pod', ns, pod.metadata.name);
    }
    const current = ctx.api.get('Pod', ns, pod.metadata.name);
    if (outOfService && !nodeReady && current?.metadata.deletionTimestamp) ctx.api.delete('Pod', ns, pod.metadata.name, { gracePeriodSeconds: 0 });
  }
}

/** monitorNodeHealth for one node. */
export function syncNode(ctx: ControllerContext, name: string): void {
  const node = ctx.api.get('Node', undefined, name) as NodeObject | undefined;
  const rt = ctx.state.nodes[name];
  if (!node || !rt) return;
  evictForTaints(ctx, node);
  const ready = node.status.conditions?.find((c) => c.type === 'Ready');
  if (!rt.up) {
    const downSince = rt.downSince ?? ctx.now;
    const due = downSince + ctx.state.options.timing.nodeMonitorGracePeriod;
    if (ctx.now < due) {
      ctx.schedule('nodelifecycle', name, due);
      return;
    }
    if (ready?.status === 'Unknown') return;
    const stamp = rfc3339(ctx.now);
    const unknown = (node.status.conditions ?? []).map((c) => ({
      ...c,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: stamp,
    }));
    const updated = ctx.api.updateStatus({ ...node, status: { ...node.status, conditions: unknown } });
    if (!updated.ok) return;
    const taints: Taint[] = [
      ...(node.spec.taints ?? []).filter((t) => t.key !== UNREACHABLE),
      { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: stamp },
      { key: UNREACHABLE, effect: 'NoExecute', timeAdded: stamp },
    ];
    ctx.api.update({ ...updated.object, spec: { ...updated.object.spec, taints } }, { trusted: true });
    ctx.api.recordEvent(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, NODE_CONTROLLER);
    for (const pod of podsOnNode(ctx, name)) {
      const conditions = (pod.status.conditions ?? []).map((c) =>
        c.type === 'Ready' && c.status === 'True' ? { ...c, status: 'False' as const, lastTransitionTime: stamp } : c
      );
      ctx.api.updateStatus({ ...pod, status: { ...pod.status, conditions } });
      ctx.api.recordEvent(pod, 'Warning', 'NodeNotReady', 'Node is not ready', NODE_CONTROLLER);
      scheduleEviction(ctx, pod, ctx.now);
    }
    return;
  }
  // The kubelet is back: it posts Ready, and the controller lifts the taints.
  if (ready?.status !== 'True') {
    const conditions = healthyNodeConditions(ctx.now);
    const updated = ctx.api.updateStatus({ ...node, status: { ...node.status, conditions } });
    ctx.api.recordEvent(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, 'kubelet', name);
    const fresh = updated.ok ? updated.object : node;
    const taints = (fresh.spec.taints ?? []).filter((t) => t.key !== UNREACHABLE && t.key !== 'node.kubernetes.io/not-ready');
    const spec = { ...fresh.spec, taints };
    if (taints.length === 0) delete (spec as Partial<typeof spec>).taints;
    ctx.api.update({ ...fresh, spec }, { trusted: true });
  }
  for (const pod of podsOnNode(ctx, name)) ctx.enqueue('kubelet', objectKey(pod.metadata.namespace, pod.metadata.name));
}

function podsOnNode(ctx: ControllerContext, node: string): Pod[] {
  return (ctx.api.list('Pod') as Pod[]).filter((p) => p.spec.nodeName === node);
}

function tolerationSeconds(pod: Pod): number | undefined {
  const t = pod.spec.tolerations?.find((x) => (x.key === UNREACHABLE || (!x.key && x.operator === 'Exists')) && (!x.effect || x.effect === 'NoExecute'));
  if (!t) return 0;
  return t.tolerationSeconds;
}

function scheduleEviction(ctx: ControllerContext, pod: Pod, taintedAt: number): void {
  const seconds = tolerationSeconds(pod);
  if (seconds === undefined) return;
  ctx.schedule('taint-eviction', objectKey(pod.metadata.namespace, pod.metadata.name), taintedAt + Math.max(0, seconds) * 1000);
}

/** The taint-eviction controller: delete a pod whose NoExecute toleration ran out. */
export function evictPod(ctx: ControllerContext, key: string): void {
  const [namespace = '', name = ''] = key.split('/');
  const pod = ctx.api.get('Pod', namespace, name) as Pod | undefined;
  if (!pod?.spec.nodeName || pod.metadata.deletionTimestamp) return;
  const node = ctx.api.get('Node', undefined, pod.spec.nodeName) as NodeObject | undefined;
  const taint = node?.spec.taints?.find((t) => t.key === UNREACHABLE && t.effect === 'NoExecute');
  if (!taint) return;
  const seconds = tolerationSeconds(pod);
  if (seconds === undefined) return;
  const due = fromRfc3339(taint.timeAdded) + seconds * 1000;
  if (ctx.now < due) {
    ctx.schedule('taint-eviction', key, due);
    return;
  }
  ctx.api.recordEvent(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`, 'taint-eviction-controller');
  ctx.api.delete('Pod', namespace, name);
}
