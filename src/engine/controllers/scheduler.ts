/**
 * kube-scheduler, one scheduling cycle per attempt (`schedulingCycle`): the VolumeBinding PreFilter,
 * the default profile's Filter plugins (scheduler/plugins.ts, with the volume plugins here), the
 * Score plugins, `selectHost`, then PreBind (WaitForFirstConsumer claims) and Bind. A pod no node
 * fits gets upstream's FailedScheduling text: `FitError.Error()` plus DefaultPreemption's PostFilter
 * message (the inner FitError keeps its one closing period). Among nodes with the same best score
 * the pick is made with the cluster's seeded RNG (upstream samples ties at random), so a run is
 * reproducible from its seed.
 */
import type {
  K8sObject,
  LabelSelector,
  NodeObject,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  Volume,
} from '../model/types.ts';
import { mapSelectorMatches, selectorMatches } from '../model/labels.ts';
import { getControllerOf, shallowCopy, withAnnotation } from '../model/util.ts';
import { randomInt } from '../sim/rng.ts';
import type { ControllerContext } from '../sim/context.ts';
import { rfc3339 } from '../sim/time.ts';
import { type ClusterState, objectKey } from '../sim/state.ts';
import {
  ANN_SELECTED_NODE,
  claimClass,
  findMatchingVolume,
  reserveVolume,
  volumeFitsNode,
} from './volume.ts';
import { imageSize } from './kubelet.ts';
import {
  type CycleState,
  type FilterStatus,
  type NodeInfo,
  type Snapshot,
  addPod,
  filterAfterVolumes,
  filterBeforeVolumes,
  newNodeInfo,
  preFilter,
} from './scheduler/plugins.ts';
import { scoreNodes } from './scheduler/score.ts';
import { indexedSnapshot, noteSchedulerPod, snapshotIndexOptions } from './scheduler/snapshot-index.ts';
import { filterReadWriteOncePod, readWriteOncePodConflicts } from './scheduler/volume-restrictions.ts';

const COMPONENT = 'default-scheduler';
const NO_VOLUMES: readonly Volume[] = Object.freeze([]);

function setUnschedulable(ctx: ControllerContext, pod: Pod, message: string): void {
  const conditions = (pod.status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  const previous = pod.status.conditions?.find((c) => c.type === 'PodScheduled');
  const condition = {
    type: 'PodScheduled',
    status: 'False' as const,
    lastProbeTime: null,
    lastTransitionTime:
      previous?.status === 'False' ? (previous.lastTransitionTime ?? rfc3339(ctx.now)) : rfc3339(ctx.now),
    reason: 'Unschedulable',
    message,
  };
  if (previous?.status === 'False' && previous.message === message) return;
  ctx.api.updateStatus({ ...pod, status: { ...pod.status, conditions: [...conditions, condition] } });
  ctx.api.recordEvent(pod, 'Warning', 'FailedScheduling', message, COMPONENT);
}

/** schedulePod: one scheduling attempt for an unbound pod (key "namespace/name"). */
export function schedulePod(ctx: ControllerContext, key: string): void {
  const pod = ctx.api.getByKey('Pod', key) as Pod | undefined;
  if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp) return;
  const namespace = pod.metadata.namespace ?? '';
  if (pod.status.phase && pod.status.phase !== 'Pending') return;
  // Another scheduler's pod, or one held by scheduling gates (the SchedulingGates PreEnqueue plugin).
  if ((pod.spec.schedulerName ?? COMPONENT) !== COMPONENT) return;
  if (((pod.spec['schedulingGates'] as unknown[] | undefined) ?? []).length > 0) return;
  const total = ctx.api.list('Node').length;
  if (total === 0) {
    setUnschedulable(ctx, pod, 'no nodes available to schedule pods');
    return;
  }

  // PreFilter (VolumeBinding): every claim must exist, not be deleted, and immediate claims be bound.
  const claims: PersistentVolumeClaim[] = [];
  // Indexed loops in the cycle: no iterator results per pod and node.
  const podVolumes = pod.spec.volumes ?? NO_VOLUMES;
  for (let v = 0; v < podVolumes.length; v++) {
    const claimName = (podVolumes[v] as Volume).persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const claim = ctx.api.get('PersistentVolumeClaim', namespace, claimName) as
      PersistentVolumeClaim | undefined;
    let reason: string | undefined;
    if (!claim) reason = `persistentvolumeclaim "${claimName}" not found`;
    else if (claim.metadata.deletionTimestamp)
      reason = `persistentvolumeclaim "${claimName}" is being deleted`;
    else if (claim.status.phase === 'Lost')
      reason = `persistentvolumeclaim "${claimName}" bound to non-existent persistentvolume "${claim.spec.volumeName ?? ''}"`;
    else if (!claim.spec.volumeName) {
      const cls = ctx.api.get('StorageClass', undefined, claimClass(claim)) as StorageClass | undefined;
      if (cls?.volumeBindingMode !== 'WaitForFirstConsumer')
        reason = 'pod has unbound immediate PersistentVolumeClaims';
    }
    if (reason) {
      setUnschedulable(
        ctx,
        pod,
        `0/${total} nodes are available: ${reason}. preemption: 0/${total} nodes are available: ${total} ${NOT_HELPFUL}.`
      );
      return;
    }
    if (claim) claims.push(claim);
  }

  // PreBind in progress: the pod waits until every claim is bound, then binds.
  const assumed = ctx.state.assumed[pod.metadata.uid ?? ''];
  if (assumed) {
    if (claims.every((c) => c.status.phase === 'Bound')) bindPod(ctx, pod, key, assumed);
    return;
  }

  // Only unreserved volumes, or ones reserved for this pod's claims, can take part.
  const volumes = ctx.candidateVolumes(claims.map((c) => objectKey(c.metadata.namespace, c.metadata.name)));
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i] as PersistentVolumeClaim;
    const bound = c.spec.volumeName
      ? (ctx.api.get('PersistentVolume', undefined, c.spec.volumeName) as PersistentVolume | undefined)
      : undefined;
    if (bound && !volumes.includes(bound)) volumes.push(bound);
  }
  const snap = snapshot(ctx);
  const state = preFilter(pod, snap);
  const rwop = readWriteOncePodConflicts(pod, claims, snap);
  // Made when a node is rejected (most cycles reject none).
  let statuses: Map<string, FilterStatus> | undefined;
  const feasible: NodeInfo[] = [];
  const cycle = volumeCycle(claims, volumes);
  const nodes = snap.nodes;
  for (let n = 0; n < nodes.length; n++) {
    const info = nodes[n] as NodeInfo;
    const status = runFilters(ctx, pod, info, state, rwop, snap, cycle);
    if (status) (statuses ??= new Map()).set(info.name, status);
    else feasible.push(info);
  }
  if (feasible.length === 0) {
    statuses ??= new Map();
    setUnschedulable(
      ctx,
      pod,
      fitError(total, statuses) +
        ` preemption: ${preemptionMessage(ctx, pod, snap, statuses, claims, volumes)}`
    );
    return;
  }
  const chosen = selectHost(ctx, pod, feasible, snap);
  if (snapshotIndexOptions.enabled) noteSchedulerPod(ctx.state, key);
  else addPod(chosen, pod);
  const plan = cycle.plans?.get(chosen.name);
  let waiting = false;
  for (let i = 0; i < claims.length; i++) {
    const claim = claims[i] as PersistentVolumeClaim;
    if (claim.spec.volumeName) continue;
    const choice = plan?.get(claim.metadata.name);
    waiting = true;
    if (choice === 'provision' || choice === undefined) {
      ctx.api.update(withSelectedNode(claim, chosen.name), { trusted: true, owned: true });
    } else {
      ctx.api.update(reserveVolume(choice, claim), { trusted: true });
    }
  }
  if (waiting) ctx.state.assumed[pod.metadata.uid ?? ''] = chosen.name;
  else bindPod(ctx, pod, key, chosen.name);
  // The scheduler's own writes leave the rebuilt snapshot (index off) as it is.
  if (!snapshotIndexOptions.enabled) {
    const cache = snapshotCaches.get(ctx.state);
    if (cache) cache.rv = ctx.state.rv;
  }
}

/**
 * The claim with the `volume.kubernetes.io/selected-node` annotation set (AssumePodVolumes' claim
 * update): the claim and its metadata copied by assignment rather than spread (a spread with an
 * added key takes V8's slow path on metadata of this many shapes); the same keys in the same order,
 * the annotation in its old place or last (withAnnotation).
 */
function withSelectedNode(claim: PersistentVolumeClaim, node: string): PersistentVolumeClaim {
  const metadata = shallowCopy(claim.metadata);
  metadata.annotations = withAnnotation(claim.metadata.annotations, ANN_SELECTED_NODE, node) as Record<string, string>;
  const copy = shallowCopy(claim);
  copy.metadata = metadata;
  return copy;
}

/** What the volume Filter works on in one scheduling cycle, and what it found. */
interface VolumeCycle {
  readonly claims: PersistentVolumeClaim[];
  readonly volumes: PersistentVolume[];
  /**
   * Per node, the volume chosen (or provisioning) for each unbound claim. Without candidate volumes
   * every unbound claim is provisioned on whichever node is chosen, so no plans are kept.
   */
  readonly plans: Map<string, Map<string, PersistentVolume | 'provision'>> | undefined;
  /**
   * Without candidate volumes the Filter's answer is the same on every node (no volume to check a
   * node's affinity against; only the claims' classes decide): found on the first node, then reused.
   */
  shared: { reason: string | undefined } | undefined;
  /** The StorageClasses read in this cycle (cycleClass). */
  classes: Map<string, StorageClass | undefined> | undefined;
}

function volumeCycle(claims: PersistentVolumeClaim[], volumes: PersistentVolume[]): VolumeCycle {
  return { claims, volumes, plans: volumes.length === 0 ? undefined : new Map(), shared: undefined, classes: undefined };
}

/** `RunFilterPlugins`: the first plugin that rejects the node decides its status. */
function runFilters(
  ctx: ControllerContext,
  pod: Pod,
  info: NodeInfo,
  state: CycleState,
  rwopConflicts: number,
  snap: Snapshot,
  cycle: VolumeCycle
): FilterStatus | undefined {
  const before = filterBeforeVolumes(pod, info, state) ?? filterReadWriteOncePod(rwopConflicts);
  if (before) return before;
  let volume: string | undefined;
  if (cycle.plans) volume = filterVolumes(ctx, info.node, cycle);
  else volume = (cycle.shared ??= { reason: filterVolumes(ctx, info.node, cycle) }).reason;
  if (volume) return { code: 'UnschedulableAndUnresolvable', reasons: [volume] };
  return filterAfterVolumes(pod, info, state, snap);
}

/** `FitError.Error()`: reasons counted over nodes, each prefixed with its count, sorted as strings. */
function fitError(total: number, statuses: Map<string, FilterStatus>, absent?: string): string {
  const reasons = new Map<string, number>();
  for (const status of statuses.values())
    for (const r of status.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  if (absent) reasons.set(absent, (reasons.get(absent) ?? 0) + total - statuses.size);
  const parts = [...reasons.entries()]
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${n} ${r}`)
    .sort();
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * DefaultPreemption.PostFilter → `Evaluator.Preempt`, as far as its message goes: only nodes whose
 * status is Unschedulable (not ...AndUnresolvable) are candidates; `SelectVictimsOnNode` removes
 * the pods of lower priority and filters again. Every pod here has priority 0 (no PriorityClasses
 * are served), so no victim is ever evicted: the engine reports why, as upstream does.
 */
function preemptionMessage(
  ctx: ControllerContext,
  pod: Pod,
  snap: Snapshot,
  statuses: Map<string, FilterStatus>,
  claims: PersistentVolumeClaim[],
  volumes: PersistentVolume[]
): string {
  const total = snap.nodes.length;
  const result = new Map<string, FilterStatus>();
  const priority = (pod.spec['priority'] as number | undefined) ?? 0;
  for (const info of snap.nodes) {
    const status = statuses.get(info.name);
    if (!status || status.code !== 'Unschedulable') continue;
    const keep = info.pods.filter((p) => ((p.spec['priority'] as number | undefined) ?? 0) >= priority);
    if (keep.length === info.pods.length) {
      result.set(info.name, { code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS] });
      continue;
    }
    const reduced = newNodeInfo(info.node);
    for (const p of keep) addPod(reduced, p);
    const others = snap.nodes.map((n) => (n === info ? reduced : n));
    const reducedSnap: Snapshot = { ...snap, nodes: others, byName: new Map(others.map((n) => [n.name, n])) };
    const again = runFilters(
      ctx,
      pod,
      reduced,
      preFilter(pod, reducedSnap),
      readWriteOncePodConflicts(pod, claims, reducedSnap),
      reducedSnap,
      volumeCycle(claims, volumes)
    );
    result.set(info.name, again ?? { code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS] });
  }
  return fitError(total, result, NOT_HELPFUL);
}

/** Bind: `key` is the pod's storage key (the queue key it was read by), noted as it is rather than rebuilt. */
function bindPod(ctx: ControllerContext, pod: Pod, key: string, nodeName: string): void {
  delete ctx.state.assumed[pod.metadata.uid ?? ''];
  noteSchedulerPod(ctx.state, key);
  const bound = ctx.api.bindPod(pod.metadata.namespace ?? 'default', pod.metadata.name, nodeName);
  if (!bound.ok) return;
  ctx.api.recordEvent(
    pod,
    'Normal',
    'Scheduled',
    `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    COMPONENT
  );
}

/**
 * The volume plugins' Filter (VolumeBinding: bound PVs' node affinity, matching or provisionable PVs).
 * The node's plan goes into the cycle's plans when it keeps them.
 */
function filterVolumes(ctx: ControllerContext, node: NodeObject, cycle: VolumeCycle): string | undefined {
  const { claims, volumes, plans } = cycle;
  // Nothing to plan for bound claims: the plan and the excluded set are made only when needed
  // (an absent plan reads as an empty one).
  let plan: Map<string, PersistentVolume | 'provision'> | undefined;
  let chosen: Set<string> | undefined;
  for (const claim of claims) {
    if (claim.spec.volumeName) {
      const pv = volumes.find((v) => v.metadata.name === claim.spec.volumeName);
      if (!pv) return 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
      if (!volumeFitsNode(pv, node)) return "node(s) didn't match PersistentVolume's node affinity";
      continue;
    }
    if (plans) plan ??= new Map();
    // No candidate volumes (the usual case): nothing can match, so no excluded set is needed.
    const match = volumes.length === 0 ? undefined : findMatchingVolume(volumes, claim, { delayBinding: true, node, excluded: (chosen ??= new Set()) });
    if (match) {
      (chosen ??= new Set()).add(match.metadata.name);
      plan?.set(claim.metadata.name, match);
      continue;
    }
    const cls = cycleClass(ctx, cycle, claimClass(claim));
    if (!cls || cls.provisioner === 'kubernetes.io/no-provisioner')
      return "node(s) didn't find available persistent volumes to bind";
    plan?.set(claim.metadata.name, 'provision');
  }
  if (plan) plans?.set(node.metadata.name, plan);
  return undefined;
}

/**
 * The StorageClass a claim names, read once per scheduling cycle (kept on the cycle): nothing is
 * written while the Filter plugins run, so every node would read the same object.
 */
function cycleClass(ctx: ControllerContext, cycle: VolumeCycle, name: string): StorageClass | undefined {
  const classes = (cycle.classes ??= new Map());
  if (classes.has(name)) return classes.get(name);
  const cls = ctx.api.get('StorageClass', undefined, name) as StorageClass | undefined;
  classes.set(name, cls);
  return cls;
}

/**
 * The scheduler cache: nodes with the pods bound or assumed on them. Rebuilt whenever anything but
 * the scheduler itself wrote since (resourceVersion moved), so it always equals a recount of the
 * stored state; the scheduler adds the pods it places itself. Only with the snapshot index off (tests
 * comparing the two); one per cluster, dropped with it.
 */
const snapshotCaches = new WeakMap<ClusterState, Snapshot & { rv: number }>();

function snapshot(ctx: ControllerContext): Snapshot {
  if (snapshotIndexOptions.enabled) return indexedSnapshot(ctx);
  const cache = snapshotCaches.get(ctx.state);
  if (cache && cache.rv === ctx.state.rv) return cache;
  const nodes = (ctx.api.list('Node') as NodeObject[])
    .toSorted((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map(newNodeInfo);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const other of ctx.api.list('Pod') as Pod[]) {
    if (other.status.phase === 'Succeeded' || other.status.phase === 'Failed') continue;
    const node = other.spec.nodeName ?? ctx.state.assumed[other.metadata.uid ?? ''];
    const info = node ? byName.get(node) : undefined;
    if (info) addPod(info, other);
  }
  const namespaceLabels = new Map(
    ctx.api.list('Namespace').map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}])
  );
  const rebuilt = { rv: ctx.state.rv, nodes, byName, namespaceLabels };
  snapshotCaches.set(ctx.state, rebuilt);
  return rebuilt;
}

/**
 * `helper.DefaultSelector`: the selectors of the Services selecting the pod and of its owning
 * ReplicaSet or StatefulSet, merged; the system default spreading counts the pods it matches.
 */
function defaultSelector(ctx: ControllerContext, pod: Pod): LabelSelector | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels;
  const services = ctx.api.list('Service', ns);
  let matched = '';
  for (const svc of services) matched += mapSelectorMatches(serviceSelector(svc), labels) ? '1' : '0';
  const owner = getControllerOf(pod);
  let ownerSelector: LabelSelector | undefined;
  if (owner && (owner.kind === 'StatefulSet' || owner.kind === 'ReplicaSet')) {
    const obj = ctx.api.get(owner.kind, ns, owner.name);
    const selector = (obj?.['spec'] as { selector?: LabelSelector } | undefined)?.selector;
    if (selector && selectorMatches(selector, labels)) ownerSelector = selector;
  }
  // The same inputs always merge to the same selector object, so what is derived from it per
  // selector (its JSON for the kept match counts, the default constraints) is derived once.
  let byOwner = mergedSelectors.get(services);
  if (!byOwner) mergedSelectors.set(services, (byOwner = new WeakMap()));
  let byMatch = byOwner.get(ownerSelector ?? NO_OWNER);
  if (!byMatch) byOwner.set(ownerSelector ?? NO_OWNER, (byMatch = new Map()));
  if (byMatch.has(matched)) return byMatch.get(matched);
  const merged = mergeSelectors(services, matched, ownerSelector);
  byMatch.set(matched, merged);
  return merged;
}

function serviceSelector(svc: K8sObject): Record<string, string> | undefined {
  return (svc['spec'] as { selector?: Record<string, string> } | undefined)?.selector;
}

/** The merge itself: matching Services' selectors in list order, then the owner's. */
function mergeSelectors(services: readonly K8sObject[], matched: string, ownerSelector: LabelSelector | undefined): LabelSelector | undefined {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
  services.forEach((svc, i) => {
    if (matched[i] === '1') Object.assign(matchLabels, serviceSelector(svc));
  });
  if (ownerSelector) {
    Object.assign(matchLabels, ownerSelector.matchLabels);
    matchExpressions.push(...(ownerSelector.matchExpressions ?? []));
  }
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return undefined;
  return { matchLabels, matchExpressions };
}

/**
 * Merged default selectors per Service list of a namespace (a Service write hands out a new list;
 * a list handed out is never changed), owner selector object (stored objects are never mutated) and
 * which Services matched the pod.
 */
const mergedSelectors = new WeakMap<readonly K8sObject[], WeakMap<object, Map<string, LabelSelector | undefined>>>();
const NO_OWNER = {};

/** prioritizeNodes + selectHost: the highest weighted score; ties are drawn with the seeded RNG. */
function selectHost(ctx: ControllerContext, pod: Pod, feasible: NodeInfo[], snap: Snapshot): NodeInfo {
  const scores = scoreNodes(pod, feasible, snap, {
    images: (node) => ctx.state.nodes[node]?.images ?? [],
    imageSize,
    defaultSelector: defaultSelector(ctx, pod),
  });
  let best = -Infinity;
  let ties = 0;
  for (const s of scores) {
    if (s > best) {
      best = s;
      ties = 1;
    } else if (s === best) ties++;
  }
  // The one best node (the usual case) needs no list of ties and no draw.
  if (ties === 1) return feasible[scores.indexOf(best)] as NodeInfo;
  const tied = feasible.filter((_, i) => scores[i] === best);
  return tied[randomInt(ctx.state, tied.length)] ?? (feasible[0] as NodeInfo);
}
