/**
 * The disruption controller (`pkg/controller/disruption/disruption.go`): PodDisruptionBudget status.
 * For each budget it counts the selected pods that are Ready (currentHealthy), works out how many
 * must stay Ready (desiredHealthy) from minAvailable/maxUnavailable and — for percentages and
 * maxUnavailable — the scale of the pods' controllers (expectedPods), and publishes how many
 * voluntary disruptions are allowed now. The eviction subresource (api/eviction.ts) spends them.
 */
import { pdbSpec } from '../api/policy.ts';
import { selectorMatches } from '../model/labels.ts';
import type { K8sObject, LabelSelector, Pod } from '../model/types.ts';
import { getControllerOf, jsonEqual } from '../model/util.ts';
import type { ControllerContext } from '../sim/context.ts';
import { objectKey } from '../sim/state.ts';
import { fromRfc3339, rfc3339 } from '../sim/time.ts';

/** DeletionTimeout: how long an evicted pod may linger before it counts as healthy again. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export interface PdbCondition {
  type: string;
  status: 'True' | 'False';
  observedGeneration: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** policy/v1 PodDisruptionBudgetStatus, fields in declaration order. */
export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: PdbCondition[];
}

export function pdbStatus(pdb: K8sObject): PdbStatus {
  const s = (pdb['status'] ?? {}) as Partial<PdbStatus>;
  return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...s };
}

/** LabelSelectorAsSelector: a nil selector selects nothing, an empty one every pod. */
export function pdbSelects(pdb: K8sObject, pod: K8sObject): boolean {
  const selector = pdbSpec(pdb).selector as LabelSelector | null | undefined;
  if (!selector) return false;
  return selectorMatches(selector, pod.metadata.labels);
}

/** getPdbForPod (every match, as the eviction subresource needs them): budgets in the pod's namespace selecting it. */
export function pdbsForPod(ctx: Pick<ControllerContext, 'api'>, pod: K8sObject): K8sObject[] {
  return ctx.api.list('PodDisruptionBudget', pod.metadata.namespace ?? 'default').filter((pdb) => pdbSelects(pdb, pod));
}

/** The informer handlers (addPod/updatePod/deletePod, addDB/updateDB): what to enqueue on a write. */
export function watchDisruptions(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  if (obj.kind === 'PodDisruptionBudget') {
    if (!deleted) ctx.enqueue('disruption', objectKey(obj.metadata.namespace, obj.metadata.name));
    return;
  }
  if (obj.kind !== 'Pod' || ctx.api.count('PodDisruptionBudget') === 0) return;
  for (const pod of old ? [obj, old] : [obj]) {
    for (const pdb of pdbsForPod(ctx, pod)) ctx.enqueue('disruption', objectKey(pdb.metadata.namespace, pdb.metadata.name));
  }
}

/** `sync` for the PodDisruptionBudget "namespace/name": trySync, and failSafe when it fails. */
export function syncDisruption(ctx: ControllerContext, key: string): void {
  const slash = key.indexOf('/');
  const pdb = ctx.api.get('PodDisruptionBudget', key.slice(0, slash), key.slice(slash + 1));
  if (!pdb) return;
  const error = trySync(ctx, pdb);
  if (error) failSafe(ctx, pdb, error);
}

function trySync(ctx: ControllerContext, pdb: K8sObject): string | undefined {
  const pods = (ctx.api.list('Pod', pdb.metadata.namespace ?? 'default') as Pod[]).filter((p) => pdbSelects(pdb, p));
  if (pods.length === 0) ctx.api.recordEvent(pdb, 'Normal', 'NoPods', 'No matching pods found', 'controllermanager', undefined, { throttleMs: 30_000 });
  const expected = getExpectedPodCount(ctx, pdb, pods);
  if ('error' in expected) {
    ctx.api.recordEvent(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${expected.error}`, 'controllermanager', undefined, {
      throttleMs: 30_000,
    });
    return expected.error;
  }
  if (expected.unmanagedPods.length > 0) {
    ctx.api.recordEvent(
      pdb,
      'Warning',
      'UnmanagedPods',
      `Pods selected by this PodDisruptionBudget (selector: ${goSelector(pdbSpec(pdb).selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      'controllermanager',
      undefined,
      { throttleMs: 30_000 }
    );
  }
  const now = ctx.now;
  const { disrupted, recheck } = buildDisruptedPodMap(ctx, pods, pdb, now);
  const currentHealthy = countHealthyPods(pods, disrupted, now);
  updatePdbStatus(ctx, pdb, currentHealthy, expected.desiredHealthy, expected.expectedCount, disrupted);
  if (recheck !== undefined) ctx.schedule('disruption', objectKey(pdb.metadata.namespace, pdb.metadata.name), recheck, true);
  return undefined;
}

/** getExpectedPodCount. */
function getExpectedPodCount(
  ctx: ControllerContext,
  pdb: K8sObject,
  pods: Pod[]
): { expectedCount: number; desiredHealthy: number; unmanagedPods: string[] } | { error: string } {
  const spec = pdbSpec(pdb);
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const scale = getExpectedScale(ctx, pods);
    if ('error' in scale) return scale;
    const maxUnavailable = scaledValue(spec.maxUnavailable, scale.expectedCount);
    if (maxUnavailable === undefined) return { error: invalidIntOrPercent(spec.maxUnavailable) };
    return { expectedCount: scale.expectedCount, desiredHealthy: Math.max(0, scale.expectedCount - maxUnavailable), unmanagedPods: scale.unmanagedPods };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const scale = getExpectedScale(ctx, pods);
    if ('error' in scale) return scale;
    const minAvailable = scaledValue(spec.minAvailable, scale.expectedCount);
    if (minAvailable === undefined) return { error: invalidIntOrPercent(spec.minAvailable) };
    return { expectedCount: scale.expectedCount, desiredHealthy: minAvailable, unmanagedPods: scale.unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/** intstr.GetScaledValueFromIntOrPercent with roundUp. */
function scaledValue(v: number | string, total: number): number | undefined {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return undefined;
  return Math.ceil((Number(m[1]) * total) / 100);
}

function invalidIntOrPercent(v: number | string): string {
  return `invalid value for IntOrString: invalid type: string is not a percentage: "${String(v)}"`;
}

/**
 * getExpectedScale: the sum of the scales of the controllers owning the pods, each counted once.
 * The finders: a ReplicaSet owned by a Deployment counts as the Deployment; a StatefulSet, a
 * ReplicaSet without Deployment, a Deployment — each its spec.replicas.
 */
function getExpectedScale(ctx: ControllerContext, pods: Pod[]): { expectedCount: number; unmanagedPods: string[] } | { error: string } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = getControllerOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata.name);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findController(ctx, ref, pod.metadata.namespace ?? 'default');
    if (!found) return { error: `found no controllers for pod "${pod.metadata.name}"` };
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const n of scales.values()) expectedCount += n;
  return { expectedCount, unmanagedPods };
}

/** spec.replicas (defaulted to 1). */
function replicas(o: K8sObject): number {
  const r = (o['spec'] as { replicas?: unknown } | undefined)?.replicas;
  return typeof r === 'number' ? r : 1;
}

/** The finders (getPodReplicaSet, getPodDeployment, getPodStatefulSet): the controller and its scale. */
function findController(ctx: ControllerContext, ref: { kind: string; name: string; uid: string }, namespace: string): { uid: string; scale: number } | undefined {
  if (ref.kind === 'StatefulSet') {
    const set = ctx.api.get('StatefulSet', namespace, ref.name);
    return set && set.metadata.uid === ref.uid ? { uid: ref.uid, scale: replicas(set) } : undefined;
  }
  if (ref.kind === 'ReplicaSet') {
    const rs = ctx.api.get('ReplicaSet', namespace, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const owner = getControllerOf(rs);
    if (owner?.kind === 'Deployment') {
      const deploy = ctx.api.get('Deployment', namespace, owner.name);
      return deploy && deploy.metadata.uid === owner.uid ? { uid: owner.uid, scale: replicas(deploy) } : undefined;
    }
    return { uid: ref.uid, scale: replicas(rs) };
  }
  return undefined;
}

/** buildDisruptedPodMap: evicted pods not yet deleted, while their DeletionTimeout runs. */
function buildDisruptedPodMap(ctx: ControllerContext, pods: Pod[], pdb: K8sObject, now: number): { disrupted: Record<string, string>; recheck?: number } {
  const previous = pdbStatus(pdb).disruptedPods;
  const disrupted: Record<string, string> = {};
  let recheck: number | undefined;
  if (!previous) return { disrupted };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = previous[pod.metadata.name];
    if (at === undefined) continue;
    const expectedDeletion = fromRfc3339(at) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < now) {
      // Upstream names the namespace twice in this message.
      const ns = pdb.metadata.namespace ?? 'default';
      ctx.api.recordEvent(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`, 'controllermanager');
    } else {
      if (recheck === undefined || expectedDeletion < recheck) recheck = expectedDeletion;
      disrupted[pod.metadata.name] = at;
    }
  }
  return recheck === undefined ? { disrupted } : { disrupted, recheck };
}

/** countHealthyPods: Ready pods that are neither being deleted nor just evicted. */
function countHealthyPods(pods: Pod[], disrupted: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name];
    if (at !== undefined && fromRfc3339(at) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

export function isPodReady(pod: Pod): boolean {
  return pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** updatePdbStatus. */
function updatePdbStatus(ctx: ControllerContext, pdb: K8sObject, currentHealthy: number, desiredHealthy: number, expectedCount: number, disrupted: Record<string, string>): void {
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const old = pdbStatus(pdb);
  const generation = pdb.metadata.generation ?? 1;
  if (
    old.currentHealthy === currentHealthy &&
    old.desiredHealthy === desiredHealthy &&
    old.expectedPods === expectedCount &&
    old.disruptionsAllowed === disruptionsAllowed &&
    jsonEqual(old.disruptedPods ?? {}, disrupted) &&
    old.observedGeneration === generation &&
    conditionsAreUpToDate(pdb)
  ) {
    return;
  }
  // Built field by field so the stored JSON keeps the API's field order.
  const status = { observedGeneration: generation } as PdbStatus;
  if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
  Object.assign(status, { disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods: expectedCount });
  status.conditions = updateDisruptionAllowedCondition(ctx, old.conditions, disruptionsAllowed, generation);
  ctx.api.updateStatus({ ...pdb, status });
}

/** pdbhelper.ConditionsAreUpToDate. */
function conditionsAreUpToDate(pdb: K8sObject): boolean {
  const status = pdbStatus(pdb);
  const cond = status.conditions?.find((c) => c.type === 'DisruptionAllowed');
  if (!cond || status.observedGeneration !== (pdb.metadata.generation ?? 1)) return false;
  if (status.disruptionsAllowed > 0) return cond.status === 'True' && cond.reason === 'SufficientPods';
  return cond.status === 'False' && cond.reason === 'InsufficientPods';
}

/** pdbhelper.UpdateDisruptionAllowedCondition. */
function updateDisruptionAllowedCondition(ctx: ControllerContext, conditions: PdbCondition[] | undefined, allowed: number, generation: number): PdbCondition[] {
  return setStatusCondition(ctx, conditions, allowed > 0 ? 'True' : 'False', allowed > 0 ? 'SufficientPods' : 'InsufficientPods', '', generation);
}

/** apimeta.SetStatusCondition for DisruptionAllowed: the transition time moves only when the status does. */
function setStatusCondition(
  ctx: ControllerContext,
  conditions: PdbCondition[] | undefined,
  status: 'True' | 'False',
  reason: string,
  message: string,
  generation: number
): PdbCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === 'DisruptionAllowed');
  const existing = i >= 0 ? list[i] : undefined;
  const lastTransitionTime = existing && existing.status === status ? existing.lastTransitionTime : rfc3339(ctx.now);
  const cond: PdbCondition = { type: 'DisruptionAllowed', status, observedGeneration: generation, lastTransitionTime, reason, message };
  if (i >= 0) list[i] = cond;
  else list.push(cond);
  return list;
}

/** failSafe: no disruptions while the budget cannot be computed. */
function failSafe(ctx: ControllerContext, pdb: K8sObject, error: string): void {
  const old = pdbStatus(pdb);
  const status: PdbStatus = { ...old, disruptionsAllowed: 0 };
  status.conditions = setStatusCondition(ctx, old.conditions, 'False', 'SyncFailed', error, old.observedGeneration ?? 0);
  ctx.api.updateStatus({ ...pdb, status });
}

/** `%v` of a *metav1.LabelSelector in an event message: `&LabelSelector{MatchLabels:map[string]string{app: zk,},MatchExpressions:[]LabelSelectorRequirement{},}`. */
function goSelector(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return 'nil';
  const s = selector as LabelSelector;
  const labels = Object.keys(s.matchLabels ?? {})
    .toSorted()
    .map((k) => `${k}: ${s.matchLabels?.[k] ?? ''},`)
    .join('');
  const exprs = (s.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
