/**
 * The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`, `replica_set_utils.go`):
 * claims pods (adopting orphans that match the selector, releasing owned pods that no longer match),
 * creates missing pods in slow-start batches, deletes the lowest-ranked surplus pods and writes the
 * status. Informer writes are seen synchronously, so expectations are always satisfied.
 */
import { selectorMatches } from '../model/labels.ts';
import type { K8sObject, OwnerReference, Pod } from '../model/types.ts';
import { deepClone, getControllerOf, jsonEqual, newControllerRef } from '../model/util.ts';
import type { ControllerContext } from '../sim/context.ts';
import { objectKey } from '../sim/state.ts';
import { rfc3339 } from '../sim/time.ts';
import {
  activeLabeled,
  controlledGroup,
  getPodsToDelete,
  hasLabels,
  indexPodWrite,
  isPodActive,
  isPodAvailable,
  isPodReady,
  isPodTerminating,
  mismatches,
  orphanCount,
  orphanPods,
  podMatches,
  replicaSetIndexOptions,
} from './replicaset/pods.ts';
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from './replicaset/types.ts';

export type { ReplicaSet } from './replicaset/types.ts';

const COMPONENT = 'replicaset-controller';
/** --concurrent-replicaset-syncs' burstReplicas: at most this many creates or deletes per sync. */
const BURST_REPLICAS = 500;
/** controller.SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH_SIZE = 1;

class SyncError extends Error {}

function rsKey(rs: K8sObject): string {
  return objectKey(rs.metadata.namespace, rs.metadata.name);
}

/** resolveControllerRef: the ReplicaSet a controller reference names, if it still is that one. */
function resolveControllerRef(ctx: ControllerContext, namespace: string | undefined, ref: OwnerReference | undefined): ReplicaSet | undefined {
  if (!ref || ref.kind !== 'ReplicaSet') return undefined;
  const rs = ctx.api.get('ReplicaSet', namespace, ref.name) as ReplicaSet | undefined;
  return rs && rs.metadata.uid === ref.uid ? rs : undefined;
}

/** getControllerOf without a closure per call (it runs on every pod write). */
function controllerRefOf(obj: K8sObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (refs) for (let i = 0; i < refs.length; i++) if ((refs[i] as OwnerReference).controller === true) return refs[i];
  return undefined;
}

/** getPodReplicaSets: ReplicaSets whose selector matches an orphan pod's labels. */
function getPodReplicaSets(ctx: ControllerContext, pod: Pod): ReplicaSet[] {
  return (ctx.api.list('ReplicaSet', pod.metadata.namespace) as ReplicaSet[]).filter((rs) => {
    const sel = rs.spec?.selector;
    if (!sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)) return false;
    return selectorMatches(sel, pod.metadata.labels);
  });
}

/** The informer handlers: addRS/updateRS/deleteRS and addPod/updatePod/deletePod. */
export function watchReplicaSets(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  if (obj.kind === 'ReplicaSet') {
    ctx.enqueue('replicaset', rsKey(obj));
    return;
  }
  if (obj.kind !== 'Pod') return;
  indexPodWrite(ctx, obj, old, deleted);
  const pod = obj as Pod;
  const ns = pod.metadata.namespace;
  // Every pod write passes here: each controller reference is looked up once.
  const curRef = controllerRefOf(pod);
  const cur = resolveControllerRef(ctx, ns, curRef);
  if (deleted) {
    if (cur) ctx.enqueue('replicaset', rsKey(cur));
    return;
  }
  if (old) {
    const oldRef = old.metadata.ownerReferences === pod.metadata.ownerReferences ? curRef : controllerRefOf(old);
    if (oldRef && oldRef.uid !== curRef?.uid) {
      const prev = resolveControllerRef(ctx, ns, oldRef);
      if (prev) ctx.enqueue('replicaset', rsKey(prev));
    }
  }
  if (cur) {
    ctx.enqueue('replicaset', rsKey(cur));
    // updatePod: a pod that just turned Ready is re-checked for availability after minReadySeconds + 1 s.
    const minReady = cur.spec.minReadySeconds ?? 0;
    if (old && minReady > 0 && !isPodReady(old as Pod) && isPodReady(pod)) {
      ctx.schedule('replicaset', rsKey(cur), ctx.now + (minReady + 1) * 1000);
    }
    return;
  }
  if (curRef) return;
  // An orphan: every matching ReplicaSet may adopt it (or may have just released it).
  if (!pod.metadata.deletionTimestamp || old) {
    for (const rs of getPodReplicaSets(ctx, pod)) ctx.enqueue('replicaset', rsKey(rs));
    if (old && !jsonEqual(old.metadata.labels, pod.metadata.labels)) {
      for (const rs of getPodReplicaSets(ctx, old as Pod)) ctx.enqueue('replicaset', rsKey(rs));
    }
  }
}

/** syncReplicaSet for the ReplicaSet "namespace/name". Errors requeue with the rate limiter. */
export function syncReplicaSet(ctx: ControllerContext, key: string): void {
  const [namespace = 'default', name = ''] = key.split('/');
  const failureKey = `replicaset:${key}`;
  const rs = ctx.api.get('ReplicaSet', namespace, name) as ReplicaSet | undefined;
  if (!rs) {
    delete ctx.state.syncFailures[failureKey];
    return;
  }
  let error: SyncError | undefined;
  try {
    error = syncOne(ctx, rs);
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    error = err;
  }
  if (error) {
    const failures = (ctx.state.syncFailures[failureKey] ?? 0) + 1;
    ctx.state.syncFailures[failureKey] = failures;
    ctx.schedule('replicaset', key, ctx.now + Math.min(5 * 2 ** (failures - 1), 1_000_000));
    return;
  }
  delete ctx.state.syncFailures[failureKey];
}

function syncOne(ctx: ControllerContext, rs: ReplicaSet): SyncError | undefined {
  const selector = rs.spec.selector;
  const minReady = rs.spec.minReadySeconds ?? 0;
  const group = controlledGroup(ctx, rs.metadata.uid ?? '');
  const templateLabels = rs.spec.template.metadata?.labels ?? {};
  let counts: PodCounts;
  let manageError: SyncError | undefined;
  if (replicaSetIndexOptions.enabled && orphanCount(ctx, rs.metadata.namespace ?? '') === 0 && mismatches(group, selector) === 0 && minReady <= 0) {
    // Nothing to adopt or release: ClaimPods keeps exactly the active owned pods, so the counts kept
    // with the owner index are the status, and the pods are only listed when some must be deleted.
    counts = { replicas: group.active, fullyLabeled: activeLabeled(group, templateLabels), ready: group.activeReady, available: group.activeReady, terminating: group.terminating };
    if (!rs.metadata.deletionTimestamp) manageError = manageReplicas(ctx, group.active, () => [...group.pods.values()].filter(isPodActive), rs);
  } else {
    const owned = [...group.pods.values()];
    const active = [...owned, ...orphanPods(ctx, rs.metadata.namespace ?? '')].filter(isPodActive);
    const claimed = claimPods(ctx, rs, active);
    // FilterClaimedPods of the terminating ones (DeploymentReplicaSetTerminatingReplicas, beta and on in v1.36).
    const terminating = owned.filter((p) => isPodTerminating(p) && podMatches(selector, p));
    if (!rs.metadata.deletionTimestamp) manageError = manageReplicas(ctx, claimed.length, () => claimed, rs);
    counts = countPods(ctx, rs, claimed, terminating.length);
  }
  const status = calculateStatus(ctx, rs, counts, manageError);
  const updated = updateReplicaSetStatus(ctx, rs, status);
  const replicas = rs.spec.replicas ?? 1;
  if (!manageError && minReady > 0 && (updated.readyReplicas ?? 0) === replicas && (updated.availableReplicas ?? 0) !== replicas) {
    ctx.schedule('replicaset', rsKey(rs), ctx.now + minReady * 1000);
  }
  return manageError;
}

/** RecheckDeletionTimestamp for adoption: the ReplicaSet must still be the same and not being deleted. */
function canAdopt(ctx: ControllerContext, rs: ReplicaSet): string | undefined {
  const fresh = ctx.api.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
  if (!fresh || fresh.metadata.uid !== rs.metadata.uid) {
    return `original ReplicaSet ${rs.metadata.namespace}/${rs.metadata.name} is gone: got uid ${fresh?.metadata.uid ?? ''}, wanted ${rs.metadata.uid}`;
  }
  if (fresh.metadata.deletionTimestamp) return `${rs.metadata.namespace}/${rs.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`;
  return undefined;
}

/** PodControllerRefManager.ClaimPods: keep matching owned pods, release non-matching ones, adopt matching orphans. */
function claimPods(ctx: ControllerContext, rs: ReplicaSet, pods: Pod[]): Pod[] {
  const out: Pod[] = [];
  let adoptChecked = false;
  const uid = rs.metadata.uid ?? '';
  for (const pod of pods) {
    const matches = podMatches(rs.spec.selector, pod);
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) {
        out.push(pod);
        continue;
      }
      if (rs.metadata.deletionTimestamp) continue;
      // ReleasePod: drop our owner reference.
      const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      const meta = { ...pod.metadata, ownerReferences: refs };
      if (refs.length === 0) delete (meta as Partial<typeof meta>).ownerReferences;
      const result = ctx.api.update({ ...pod, metadata: meta }, { trusted: true });
      if (!result.ok && result.error.code !== 404) throw new SyncError(result.error.message);
      continue;
    }
    if (rs.metadata.deletionTimestamp || !matches || pod.metadata.deletionTimestamp) continue;
    if (!adoptChecked) {
      const refusal = canAdopt(ctx, rs);
      if (refusal) throw new SyncError(`can't adopt Pods: ${refusal}`);
      adoptChecked = true;
    }
    // AdoptPod: add our controller reference.
    const refs = [...(pod.metadata.ownerReferences ?? []), newControllerRef(rs)];
    const result = ctx.api.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: refs } }, { trusted: true });
    if (result.ok) out.push(result.object);
    else if (result.error.code !== 404) throw new SyncError(result.error.message);
  }
  return out;
}

/** slowStartBatch: run `fn` in batches of 1, 2, 4, … until one fails; returns the successes and the first error. */
function slowStartBatch(count: number, initial: number, fn: () => SyncError | undefined): { successes: number; error?: SyncError } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initial); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let first: SyncError | undefined;
    let failed = 0;
    for (let i = 0; i < batch; i++) {
      const err = fn();
      if (err) {
        failed++;
        first ??= err;
      }
    }
    successes += batch - failed;
    if (first) return { successes, error: first };
    remaining -= batch;
  }
  return { successes };
}

/** getPodsPrefix: `<name>-`, or the bare name when the dash would make an invalid prefix (over 253 characters). */
function podsPrefix(name: string): string {
  const prefix = `${name}-`;
  return prefix.length <= 253 ? prefix : name;
}

/** GetPodFromTemplate: labels, annotations, finalizers and spec from the template; the controller reference. */
function podFromTemplate(rs: ReplicaSet): Pod {
  const template = rs.spec.template;
  const meta: Pod['metadata'] = { name: '', generateName: podsPrefix(rs.metadata.name), namespace: rs.metadata.namespace ?? 'default' };
  const tm = template.metadata ?? {};
  if (tm.labels) meta.labels = { ...tm.labels };
  if (tm.annotations) meta.annotations = { ...tm.annotations };
  if (tm.finalizers) meta.finalizers = [...tm.finalizers];
  meta.ownerReferences = [newControllerRef(rs)];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: deepClone(template.spec), status: {} };
}

/** RealPodControl.CreatePods with its events. */
function createPod(ctx: ControllerContext, rs: ReplicaSet): SyncError | undefined {
  const pod = podFromTemplate(rs);
  if (Object.keys(pod.metadata.labels ?? {}).length === 0) return new SyncError('unable to create pods, no labels');
  const { status: _status, ...body } = pod;
  const result = ctx.api.create(body as K8sObject);
  if (!result.ok) {
    // Only send an event if the namespace isn't terminating (and nothing is recorded for those failures).
    if (result.error.message.includes('because it is being terminated')) return undefined;
    ctx.api.recordEvent(rs, 'Warning', 'FailedCreate', `Error creating: ${result.error.message}`, COMPONENT);
    return new SyncError(result.error.message);
  }
  ctx.api.recordEvent(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${result.object.metadata.name}`, COMPONENT);
  return undefined;
}

/** RealPodControl.DeletePod with its events. NotFound is not an error worth a retry. */
function deletePod(ctx: ControllerContext, rs: ReplicaSet, pod: Pod): SyncError | undefined {
  const result = ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
  if (!result.ok) {
    if (result.error.code === 404) return undefined;
    ctx.api.recordEvent(rs, 'Warning', 'FailedDelete', `Error deleting: ${result.error.message}`, COMPONENT);
    return new SyncError(`unable to delete pods: ${result.error.message}`);
  }
  ctx.api.recordEvent(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
  return undefined;
}

/**
 * getIndirectlyRelatedPods: the pods each ReplicaSet sharing this one's controller selects (each pod
 * once). getReplicaSetsWithSameController finds nothing for a ReplicaSet without a controller, so a
 * bare ReplicaSet ranks none of its pods as doubled up.
 */
function getIndirectlyRelatedPods(ctx: ControllerContext, rs: ReplicaSet): Pod[] {
  const ref = getControllerOf(rs);
  if (!ref) return [];
  const namespace = rs.metadata.namespace ?? '';
  const related = (ctx.api.list('ReplicaSet', namespace) as ReplicaSet[]).filter((o) => getControllerOf(o)?.uid === ref.uid);
  // Only the related pods per node count (getPodsRankedByRelatedPodsOnSameNode), so the order is free:
  // a related ReplicaSet whose own pods all match its selector brings them without a check each.
  const out: Pod[] = [];
  const whole = new Set<string>();
  for (const o of related) {
    const group = controlledGroup(ctx, o.metadata.uid ?? '');
    if (!replicaSetIndexOptions.enabled || mismatches(group, o.spec.selector) !== 0) continue;
    whole.add(o.metadata.uid ?? '');
    for (const pod of group.pods.values()) if ((pod.metadata.namespace ?? '') === namespace) out.push(pod);
  }
  const pods = ctx.api.list('Pod', namespace) as Pod[];
  // Every pod of the namespace already brought: nobody else's to check.
  if (pods.length === out.length) return out;
  for (const pod of pods) {
    const owner = getControllerOf(pod)?.uid;
    if (owner !== undefined && whole.has(owner)) continue;
    if (related.some((o) => podMatches(o.spec.selector, pod))) out.push(pod);
  }
  return out;
}

/**
 * manageReplicas: create or delete pods so the count matches spec.replicas (at most 500 per sync).
 * `filteredPods` lists the claimed pods, read only when some must go.
 */
function manageReplicas(ctx: ControllerContext, current: number, filteredPods: () => Pod[], rs: ReplicaSet): SyncError | undefined {
  let diff = current - (rs.spec.replicas ?? 1);
  if (diff < 0) {
    diff = Math.min(-diff, BURST_REPLICAS);
    const { successes, error } = slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, () => createPod(ctx, rs));
    void successes;
    // More left than this burst allowed: go again (upstream: the creations' informer events requeue it).
    if (!error && -(current - (rs.spec.replicas ?? 1)) > BURST_REPLICAS) ctx.enqueue('replicaset', rsKey(rs));
    return error;
  }
  if (diff > 0) {
    diff = Math.min(diff, BURST_REPLICAS);
    const related = getIndirectlyRelatedPods(ctx, rs);
    const doomed = getPodsToDelete(filteredPods(), related, diff, ctx.now);
    let first: SyncError | undefined;
    for (const pod of doomed) first ??= deletePod(ctx, rs, pod);
    return first;
  }
  return undefined;
}

/** What calculateStatus counts among the claimed pods. */
interface PodCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
  terminating: number;
}

/** The counting half of calculateStatus, over claimed pods listed one by one. */
function countPods(ctx: ControllerContext, rs: ReplicaSet, claimed: Pod[], terminating: number): PodCounts {
  const templateLabels = rs.spec.template.metadata?.labels ?? {};
  const minReady = rs.spec.minReadySeconds ?? 0;
  const counts: PodCounts = { replicas: claimed.length, fullyLabeled: 0, ready: 0, available: 0, terminating };
  for (const pod of claimed) {
    if (hasLabels(pod, templateLabels)) counts.fullyLabeled++;
    if (isPodReady(pod)) {
      counts.ready++;
      if (isPodAvailable(pod, minReady, ctx.now)) counts.available++;
    }
  }
  return counts;
}

/** calculateStatus (replica_set_utils.go). */
function calculateStatus(ctx: ControllerContext, rs: ReplicaSet, counts: PodCounts, manageError: SyncError | undefined): ReplicaSetStatus {
  let conditions = rs.status?.conditions;
  const failure = conditions?.find((c) => c.type === 'ReplicaFailure');
  if (manageError && !failure) {
    const diff = counts.replicas - (rs.spec.replicas ?? 1);
    const cond: ReplicaSetCondition = {
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: rfc3339(ctx.now),
      reason: diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '',
      message: manageError.message,
    };
    conditions = [...(conditions ?? []), cond];
  } else if (!manageError && failure) {
    conditions = (conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = { replicas: counts.replicas };
  if (counts.fullyLabeled) status.fullyLabeledReplicas = counts.fullyLabeled;
  if (counts.ready) status.readyReplicas = counts.ready;
  if (counts.available) status.availableReplicas = counts.available;
  status.terminatingReplicas = counts.terminating;
  const observed = rs.status?.observedGeneration;
  if (observed) status.observedGeneration = observed;
  if (conditions && conditions.length > 0) status.conditions = conditions;
  return status;
}

/** updateReplicaSetStatus: skip the write in the steady state, else stamp observedGeneration and write. */
function updateReplicaSetStatus(ctx: ControllerContext, rs: ReplicaSet, status: ReplicaSetStatus): ReplicaSetStatus {
  const old = rs.status ?? { replicas: 0 };
  const generation = rs.metadata.generation ?? 0;
  if (
    old.replicas === status.replicas &&
    (old.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
    (old.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
    (old.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
    old.terminatingReplicas === status.terminatingReplicas &&
    generation === (old.observedGeneration ?? 0) &&
    jsonEqual(old.conditions, status.conditions)
  ) {
    return old;
  }
  const next: ReplicaSetStatus = { ...status };
  if (generation) next.observedGeneration = generation;
  else delete next.observedGeneration;
  const fresh = ctx.api.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
  if (!fresh) return next;
  const result = ctx.api.updateStatus({ ...fresh, status: next });
  return result.ok ? ((result.object as ReplicaSet).status ?? next) : next;
}
