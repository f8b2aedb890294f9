/**
 * The Deployment controller (`pkg/controller/deployment/`): deployment_controller.go (informers,
 * syncDeployment, ClaimReplicaSets), sync.go (getNewReplicaSet, scale, cleanupDeployment, status),
 * rolling.go, recreate.go, rollback.go (the deprecated rollback annotation) and progress.go
 * (Progressing condition, requeueStuckDeployment). Every write goes through the API server.
 */
import { selectorMatches } from '../../model/labels.ts';
import type { K8sObject, LabelSelector, Pod } from '../../model/types.ts';
import { deepClone, getControllerOf, jsonEqual, newControllerRef } from '../../model/util.ts';
import type { ControllerContext } from '../../sim/context.ts';
import { objectKey } from '../../sim/state.ts';
import { fromRfc3339 } from '../../sim/time.ts';
import { podsControlledBy } from '../replicaset/pods.ts';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../replicaset/types.ts';
import {
  actualReplicaCount,
  availableReplicaCount,
  deploymentComplete,
  deploymentProgressing,
  equalIgnoreHash,
  FailedRSCreateReason,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  FoundNewRSReason,
  getCondition,
  getDesiredReplicasAnnotation,
  getProportion,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  lastRevision,
  maxRevision,
  maxSurge,
  maxUnavailable,
  MinimumReplicasAvailable,
  MinimumReplicasUnavailable,
  newCondition,
  NewRSAvailableReason,
  newRSNewReplicas,
  NewRSReason,
  PausedDeployReason,
  POD_TEMPLATE_HASH_LABEL,
  readyReplicaCount,
  removeCondition,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  ResumedDeployReason,
  revision,
  REVISION_ANNOTATION,
  RollbackDone,
  RollbackRevisionNotFound,
  RollbackTemplateUnchanged,
  ROLLBACK_TO_ANNOTATION,
  ReplicaSetUpdatedReason,
  setCondition,
  setDeploymentAnnotationsTo,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sortByCreation,
  sortByRevision,
  sortBySizeNewer,
  sortBySizeOlder,
  specReplicaCount,
  terminatingReplicaCount,
  TimedOutReason,
  computeHash,
} from './util.ts';

const COMPONENT = 'deployment-controller';
/** maxRetries (deployment_controller.go): 5 ms … 82 s of backoff, then the deployment is dropped from the queue. */
const MAX_RETRIES = 15;

class SyncError extends Error {}

function keyOf(obj: K8sObject): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name);
}

function isEmptySelector(sel: LabelSelector | undefined): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}

/** resolveControllerRef: the Deployment a ReplicaSet's controller reference names, if still that one. */
function owningDeployment(ctx: ControllerContext, obj: K8sObject): Deployment | undefined {
  const ref = getControllerOf(obj);
  if (!ref || ref.kind !== 'Deployment') return undefined;
  const d = ctx.api.get('Deployment', obj.metadata.namespace, ref.name) as Deployment | undefined;
  return d && d.metadata.uid === ref.uid ? d : undefined;
}

/** getDeploymentsForReplicaSet: deployments whose (non-empty) selector matches an orphan's labels. */
function deploymentsForReplicaSet(ctx: ControllerContext, rs: K8sObject): Deployment[] {
  return (ctx.api.list('Deployment', rs.metadata.namespace) as Deployment[]).filter(
    (d) => !isEmptySelector(d.spec?.selector) && selectorMatches(d.spec.selector, rs.metadata.labels)
  );
}

/** The informer handlers: add/update/deleteDeployment, add/update/deleteReplicaSet, deletePod. */
export function watchDeployments(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  switch (obj.kind) {
    case 'Deployment':
      ctx.enqueue('deployment', keyOf(obj));
      return;
    case 'ReplicaSet': {
      const curRef = getControllerOf(obj);
      const oldRef = old ? getControllerOf(old) : undefined;
      if (old && oldRef && oldRef.uid !== curRef?.uid) {
        const prev = owningDeployment(ctx, old);
        if (prev) ctx.enqueue('deployment', keyOf(prev));
      }
      if (curRef) {
        const d = owningDeployment(ctx, obj);
        if (d) ctx.enqueue('deployment', keyOf(d));
        return;
      }
      if (deleted) return;
      if (!old || oldRef || !jsonEqual(old.metadata.labels, obj.metadata.labels)) {
        for (const d of deploymentsForReplicaSet(ctx, obj)) ctx.enqueue('deployment', keyOf(d));
      }
      return;
    }
    case 'Pod': {
      // deletePod: a Recreate deployment waits for its old pods to be gone.
      if (!deleted) return;
      const ref = getControllerOf(obj);
      if (!ref || ref.kind !== 'ReplicaSet') return;
      const rs = ctx.api.get('ReplicaSet', obj.metadata.namespace, ref.name);
      if (!rs || rs.metadata.uid !== ref.uid) return;
      const d = owningDeployment(ctx, rs);
      if (d && d.spec.strategy?.type === 'Recreate') ctx.enqueue('deployment', keyOf(d));
      return;
    }
    default:
      return;
  }
}

/** syncDeployment for "namespace/name"; a failed sync is retried with the controller rate limiter. */
export function syncDeployment(ctx: ControllerContext, key: string): void {
  const [namespace = 'default', name = ''] = key.split('/');
  const failureKey = `deployment:${key}`;
  const stored = ctx.api.get('Deployment', namespace, name) as Deployment | undefined;
  if (!stored) {
    delete ctx.state.syncFailures[failureKey];
    return;
  }
  try {
    syncOne(ctx, deepClone(stored));
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    const failures = (ctx.state.syncFailures[failureKey] ?? 0) + 1;
    // handleErr: maxRetries rate-limited requeues, then the key is dropped (Forget) until its next event.
    if (failures > MAX_RETRIES) {
      delete ctx.state.syncFailures[failureKey];
      return;
    }
    ctx.state.syncFailures[failureKey] = failures;
    ctx.schedule('deployment', key, ctx.now + Math.min(5 * 2 ** (failures - 1), 1_000_000));
    return;
  }
  delete ctx.state.syncFailures[failureKey];
}

function syncOne(ctx: ControllerContext, d: Deployment): void {
  if (isEmptySelector(d.spec.selector)) {
    ctx.api.recordEvent(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', COMPONENT);
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status = { ...d.status, observedGeneration: d.metadata.generation ?? 0 };
      writeStatus(ctx, d);
    }
    return;
  }
  const rsList = getReplicaSetsForDeployment(ctx, d);
  if (d.metadata.deletionTimestamp) return syncStatusOnly(ctx, d, rsList);
  checkPausedConditions(ctx, d);
  if (d.spec.paused) return sync(ctx, d, rsList);
  if (getRollbackTo(d) !== undefined) return rollback(ctx, d, rsList);
  if (isScalingEvent(ctx, d, rsList)) return sync(ctx, d, rsList);
  if (d.spec.strategy?.type === 'Recreate') return rolloutRecreate(ctx, d, rsList);
  return rolloutRolling(ctx, d, rsList);
}

// ---------------------------------------------------------------------------------------------
// Writes

/** UpdateStatus on the latest stored copy (status and, as the status strategy allows, annotations). */
function writeStatus(ctx: ControllerContext, d: Deployment): void {
  const fresh = ctx.api.get('Deployment', d.metadata.namespace, d.metadata.name);
  if (!fresh || fresh.metadata.uid !== d.metadata.uid) throw new SyncError(`deployments.apps "${d.metadata.name}" not found`);
  const meta = { ...fresh.metadata };
  if (d.metadata.annotations) meta.annotations = d.metadata.annotations;
  const result = ctx.api.updateStatus({ ...fresh, metadata: meta, status: d.status ?? {} });
  if (!result.ok) throw new SyncError(result.error.message);
}

/** Update of a ReplicaSet's spec and annotations onto its latest stored copy. */
function writeReplicaSet(ctx: ControllerContext, rs: ReplicaSet): ReplicaSet {
  const fresh = ctx.api.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name) as ReplicaSet | undefined;
  if (!fresh || fresh.metadata.uid !== rs.metadata.uid) throw new SyncError(`replicasets.apps "${rs.metadata.name}" not found`);
  const meta = { ...fresh.metadata };
  if (rs.metadata.annotations) meta.annotations = rs.metadata.annotations;
  const result = ctx.api.update({ ...fresh, metadata: meta, spec: rs.spec }, { trusted: true });
  if (!result.ok) throw new SyncError(result.error.message);
  return result.object as ReplicaSet;
}

// ---------------------------------------------------------------------------------------------
// Claiming ReplicaSets

function canAdopt(ctx: ControllerContext, d: Deployment): string | undefined {
  const fresh = ctx.api.get('Deployment', d.metadata.namespace, d.metadata.name);
  if (!fresh || fresh.metadata.uid !== d.metadata.uid) {
    return `original Deployment ${d.metadata.namespace}/${d.metadata.name} is gone: got uid ${fresh?.metadata.uid ?? ''}, wanted ${d.metadata.uid}`;
  }
  if (fresh.metadata.deletionTimestamp) return `${d.metadata.namespace}/${d.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`;
  return undefined;
}

/** getReplicaSetsForDeployment: ReplicaSetControllerRefManager.ClaimReplicaSets over the namespace. */
function getReplicaSetsForDeployment(ctx: ControllerContext, d: Deployment): ReplicaSet[] {
  const out: ReplicaSet[] = [];
  const uid = d.metadata.uid ?? '';
  let adoptChecked = false;
  for (const rs of ctx.api.list('ReplicaSet', d.metadata.namespace) as ReplicaSet[]) {
    const matches = selectorMatches(d.spec.selector, rs.metadata.labels);
    const ref = getControllerOf(rs);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) {
        out.push(rs);
        continue;
      }
      if (d.metadata.deletionTimestamp) continue;
      const refs = (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      const meta = { ...rs.metadata, ownerReferences: refs };
      if (refs.length === 0) delete (meta as Partial<typeof meta>).ownerReferences;
      const result = ctx.api.update({ ...rs, metadata: meta }, { trusted: true });
      if (!result.ok && result.error.code !== 404) throw new SyncError(result.error.message);
      continue;
    }
    if (d.metadata.deletionTimestamp || !matches || rs.metadata.deletionTimestamp) continue;
    if (!adoptChecked) {
      const refusal = canAdopt(ctx, d);
      if (refusal) throw new SyncError(`can't adopt ReplicaSets: ${refusal}`);
      adoptChecked = true;
    }
    const refs = [...(rs.metadata.ownerReferences ?? []), newControllerRef(d)];
    const result = ctx.api.update({ ...rs, metadata: { ...rs.metadata, ownerReferences: refs } }, { trusted: true });
    if (result.ok) out.push(result.object as ReplicaSet);
    else if (result.error.code !== 404) throw new SyncError(result.error.message);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// sync.go

/** getAllReplicaSetsAndSyncRevision. */
function getAllReplicaSetsAndSyncRevision(
  ctx: ControllerContext,
  d: Deployment,
  rsList: ReplicaSet[],
  create: boolean
): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
  const { all } = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(ctx, d, rsList, all, create);
  return { newRS, oldRSs: all };
}

/** getNewReplicaSet: sync the existing new ReplicaSet's annotations, or create it (bumping collisionCount on a clash). */
function getNewReplicaSet(ctx: ControllerContext, d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], create: boolean): ReplicaSet | undefined {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing) {
    const copy = deepClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const minReadyNeedsUpdate = (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyNeedsUpdate) {
      if (d.spec.minReadySeconds) copy.spec.minReadySeconds = d.spec.minReadySeconds;
      else delete copy.spec.minReadySeconds;
      return writeReplicaSet(ctx, copy);
    }
    let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION_ANNOTATION]);
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', FoundNewRSReason, `Found new replica set "${copy.metadata.name}"`, ctx.now));
      needsUpdate = true;
    }
    if (needsUpdate) writeStatus(ctx, d);
    return copy;
  }
  if (!create) return undefined;

  const template = deepClone(d.spec.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash } };
  const selector: LabelSelector = deepClone(d.spec.selector);
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace ?? 'default',
      labels: { ...template.metadata.labels },
      ownerReferences: [newControllerRef(d)],
    },
    spec: { replicas: 0, selector, template },
  };
  if (d.spec.minReadySeconds) newRS.spec.minReadySeconds = d.spec.minReadySeconds;
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = count;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);
  // Field order as the API returns it: replicas, minReadySeconds, selector, template.
  newRS.spec = { replicas: count, ...(newRS.spec.minReadySeconds ? { minReadySeconds: newRS.spec.minReadySeconds } : {}), selector, template };

  let created: ReplicaSet;
  let alreadyExists = false;
  const result = ctx.api.create(newRS);
  if (result.ok) created = result.object;
  else if (result.error.reason === 'AlreadyExists') {
    alreadyExists = true;
    const clash = ctx.api.get('ReplicaSet', newRS.metadata.namespace, newRS.metadata.name) as ReplicaSet | undefined;
    const ref = clash ? getControllerOf(clash) : undefined;
    if (clash && ref && ref.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, clash.spec.template)) {
      created = clash;
    } else {
      // A hash collision: bump collisionCount so the next sync computes a different name.
      d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      writeStatus(ctx, d);
      throw new SyncError(result.error.message);
    }
  } else if (result.error.message.includes('because it is being terminated')) {
    throw new SyncError(result.error.message);
  } else {
    const msg = `Failed to create new replica set "${newRS.metadata.name}": ${result.error.message}`;
    if (hasProgressDeadline(d)) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'False', FailedRSCreateReason, msg, ctx.now));
      writeStatus(ctx, d);
    }
    ctx.api.recordEvent(d, 'Warning', FailedRSCreateReason, msg, COMPONENT);
    throw new SyncError(result.error.message);
  }
  if (!alreadyExists && count > 0) {
    ctx.api.recordEvent(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`, COMPONENT);
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', NewRSReason, `Created new replica set "${created.metadata.name}"`, ctx.now));
    needsUpdate = true;
  }
  if (needsUpdate) writeStatus(ctx, d);
  return created;
}

/** syncStatusOnly: a deployment being deleted only reports. */
function syncStatusOnly(ctx: ControllerContext, d: Deployment, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** sync: scaling events and paused deployments. */
function sync(ctx: ControllerContext, d: Deployment, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  scale(ctx, d, newRS, oldRSs);
  // Upstream cleans up and reports with the ReplicaSets as listed before scaling (the scaled ones'
  // update events bring the next sync, which reports their new sizes).
  if (d.spec.paused && getRollbackTo(d) === undefined) cleanupDeployment(ctx, oldRSs, d);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** checkPausedConditions: Progressing Unknown with DeploymentPaused / DeploymentResumed. */
function checkPausedConditions(ctx: ControllerContext, d: Deployment): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === TimedOutReason) return;
  const pausedCondExists = cond?.reason === PausedDeployReason;
  d.status ??= {};
  if (d.spec.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', PausedDeployReason, 'Deployment is paused', ctx.now));
  } else if (!d.spec.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', ResumedDeployReason, 'Deployment is resumed', ctx.now));
  } else return;
  writeStatus(ctx, d);
}

/** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
function isScalingEvent(ctx: ControllerContext, d: Deployment, rsList: ReplicaSet[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== replicasOf(d)) return true;
  }
  return false;
}

/** scaleReplicaSet: write the new size and replica annotations; record ScalingReplicaSet when the size changed. */
function scaleReplicaSet(ctx: ControllerContext, rs: ReplicaSet, newScale: number, d: Deployment, operation: string): { scaled: boolean; rs: ReplicaSet } {
  const sizeNeedsUpdate = replicasOf(rs) !== newScale;
  const max = replicasOf(d) + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max)) return { scaled: false, rs };
  const oldScale = replicasOf(rs);
  const copy = deepClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, replicasOf(d), max);
  const updated = writeReplicaSet(ctx, copy);
  if (sizeNeedsUpdate) {
    ctx.api.recordEvent(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`, COMPONENT);
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** scaleReplicaSetAndRecordEvent. */
function scaleAndRecord(ctx: ControllerContext, rs: ReplicaSet, newScale: number, d: Deployment): { scaled: boolean; rs: ReplicaSet } {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d, replicasOf(rs) < newScale ? 'up' : 'down');
}

/**
 * scale: one active ReplicaSet takes the whole count; a saturated new ReplicaSet empties the old
 * ones; otherwise (RollingUpdate) the difference is spread proportionally, largest first.
 */
function scale(ctx: ControllerContext, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) !== replicasOf(d)) scaleAndRecord(ctx, activeOrLatest, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleAndRecord(ctx, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaCount(all);
  // Scaling up, equal sizes favour the newer set; scaling down, the older one goes first.
  let operation = '';
  if (toAdd > 0) {
    sortBySizeNewer(all);
    operation = 'up';
  } else if (toAdd < 0) {
    sortBySizeOlder(all);
    operation = 'down';
  }
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const p = getProportion(rs, d, toAdd, added);
    added += p;
    return replicasOf(rs) + p;
  });
  all.forEach((rs, i) => {
    let size = sizes[i] ?? 0;
    // Leftovers go to the largest ReplicaSet.
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + (toAdd - added));
    scaleReplicaSet(ctx, rs, size, d, operation);
  });
}

/** cleanupDeployment: delete the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
function cleanupDeployment(ctx: ControllerContext, oldRSs: ReplicaSet[], d: Deployment): void {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  sortByRevision(cleanable);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i] as ReplicaSet;
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) {
      continue;
    }
    const result = ctx.api.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
    if (!result.ok && result.error.code !== 404) throw new SyncError(result.error.message);
  }
}

/** calculateStatus (sync.go). */
function calculateStatus(ctx: ControllerContext, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): DeploymentStatus {
  const available = availableReplicaCount(all);
  const total = specReplicaCount(all);
  const unavailable = Math.max(0, total - available);
  const status: DeploymentStatus = {};
  const put = (k: 'observedGeneration' | 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas', v: number) => {
    if (v !== 0) status[k] = v;
  };
  put('observedGeneration', d.metadata.generation ?? 0);
  put('replicas', actualReplicaCount(all));
  put('updatedReplicas', actualReplicaCount([newRS]));
  put('readyReplicas', readyReplicaCount(all));
  put('availableReplicas', available);
  put('unavailableReplicas', unavailable);
  const terminating = terminatingReplicaCount(all);
  if (terminating !== undefined) status.terminatingReplicas = terminating;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', MinimumReplicasAvailable, 'Deployment has minimum availability.', ctx.now));
  } else {
    setCondition(status, newCondition('Available', 'False', MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', ctx.now));
  }
  return orderStatus(status);
}

/** The DeploymentStatus fields in the API's order. */
function orderStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const k of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'terminatingReplicas', 'conditions', 'collisionCount'] as const) {
    if (s[k] !== undefined) (out as Record<string, unknown>)[k] = s[k];
  }
  return out;
}

function syncDeploymentStatus(ctx: ControllerContext, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): void {
  const status = calculateStatus(ctx, all, newRS, d);
  if (jsonEqual(d.status ?? {}, status)) return;
  d.status = status;
  writeStatus(ctx, d);
}

// ---------------------------------------------------------------------------------------------
// rolling.go

function rolloutRolling(ctx: ControllerContext, d: Deployment, rsList: ReplicaSet[]): void {
  const { newRS: created, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  const newRS = created as ReplicaSet;
  // As upstream, the status below is computed from the ReplicaSets as listed before this sync's
  // scaling; their update events bring the next sync.
  const all = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(ctx, all, newRS, d).scaled) return syncRolloutStatus(ctx, all, newRS, d);
  if (reconcileOldReplicaSets(ctx, all, filterActive(oldRSs), newRS, d).scaled) return syncRolloutStatus(ctx, all, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(ctx, oldRSs, d);
  syncRolloutStatus(ctx, all, newRS, d);
}

/** reconcileNewReplicaSet. */
function reconcileNewReplicaSet(ctx: ControllerContext, all: ReplicaSet[], newRS: ReplicaSet, d: Deployment): { scaled: boolean; rs: ReplicaSet } {
  if (replicasOf(newRS) === replicasOf(d)) return { scaled: false, rs: newRS };
  if (replicasOf(newRS) > replicasOf(d)) return scaleAndRecord(ctx, newRS, replicasOf(d), d);
  return scaleAndRecord(ctx, newRS, newRSNewReplicas(d, all, newRS), d);
}

/** reconcileOldReplicaSets: unhealthy old replicas first, then as far as maxUnavailable allows. */
function reconcileOldReplicaSets(
  ctx: ControllerContext,
  all: ReplicaSet[],
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment
): { scaled: boolean; oldRSs: ReplicaSet[] } {
  const oldPods = specReplicaCount(oldRSs);
  if (oldPods === 0) return { scaled: false, oldRSs };
  const allPods = specReplicaCount(all);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return { scaled: false, oldRSs };
  const cleaned = cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(ctx, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return { scaled: cleaned.count + scaledDown > 0, oldRSs: cleaned.oldRSs };
}

/** cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable replicas, oldest first. */
function cleanupUnhealthyReplicas(ctx: ControllerContext, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): { oldRSs: ReplicaSet[]; count: number } {
  const list = sortByCreation([...oldRSs]);
  let total = 0;
  for (let i = 0; i < list.length; i++) {
    const rs = list[i] as ReplicaSet;
    if (total >= maxCleanup) break;
    if (replicasOf(rs) === 0) continue;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicasOf(rs) === available) continue;
    const count = Math.min(maxCleanup - total, replicasOf(rs) - available);
    const r = scaleAndRecord(ctx, rs, replicasOf(rs) - count, d);
    total += count;
    list[i] = r.rs;
  }
  return { oldRSs: list, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: remove available old replicas down to minAvailable, oldest first. */
function scaleDownOldReplicaSetsForRollingUpdate(ctx: ControllerContext, all: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicaCount(all);
  if (available <= minAvailable) return 0;
  const list = sortByCreation([...oldRSs]);
  let total = 0;
  const target = available - minAvailable;
  for (const rs of list) {
    if (total >= target) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), target - total);
    scaleAndRecord(ctx, rs, replicasOf(rs) - count, d);
    total += count;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// recreate.go

function rolloutRecreate(ctx: ControllerContext, d: Deployment, rsList: ReplicaSet[]): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  let all = [...oldRSs, newRS];
  // scaleDownOldReplicaSetsForRecreate.
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (scaleAndRecord(ctx, rs, 0, d).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(ctx, all, newRS, d);
  if (oldPodsRunning(ctx, newRS, oldRSs)) return syncRolloutStatus(ctx, all, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true));
    all = [...oldRSs, newRS];
  }
  // scaleUpNewReplicaSetForRecreate.
  scaleAndRecord(ctx, newRS as ReplicaSet, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(ctx, oldRSs, d);
  syncRolloutStatus(ctx, all, newRS, d);
}

/** oldPodsRunning: an old ReplicaSet reports pods, or owns a pod that is not terminal. */
function oldPodsRunning(ctx: ControllerContext, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const rs of oldRSs) {
    if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
    const pods: Pod[] = podsControlledBy(ctx, rs.metadata.uid ?? '');
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// rollback.go (the `deprecated.deployment.rollback.to` annotation apps/v1 still honours)

function getRollbackTo(d: Deployment): number | undefined {
  const v = d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

function updateDeploymentAndClearRollbackTo(ctx: ControllerContext, d: Deployment): void {
  const annotations = { ...d.metadata.annotations };
  delete annotations[ROLLBACK_TO_ANNOTATION];
  const fresh = ctx.api.get('Deployment', d.metadata.namespace, d.metadata.name);
  if (!fresh || fresh.metadata.uid !== d.metadata.uid) throw new SyncError(`deployments.apps "${d.metadata.name}" not found`);
  const result = ctx.api.update({ ...fresh, metadata: { ...fresh.metadata, annotations }, spec: d.spec });
  if (!result.ok) throw new SyncError(result.error.message);
}

function rollback(ctx: ControllerContext, d: Deployment, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  let to = getRollbackTo(d) ?? 0;
  if (to === 0) {
    to = lastRevision(all);
    if (to === 0) {
      ctx.api.recordEvent(d, 'Warning', RollbackRevisionNotFound, 'Unable to find last revision.', COMPONENT);
      return updateDeploymentAndClearRollbackTo(ctx, d);
    }
  }
  for (const rs of all) {
    if (revision(rs) !== to) continue;
    // rollbackToTemplate: copy the ReplicaSet's template (minus the hash label) and annotations back.
    if (!equalIgnoreHash(d.spec.template, rs.spec.template)) {
      const template = deepClone(rs.spec.template);
      const labels = { ...template.metadata?.labels };
      delete labels[POD_TEMPLATE_HASH_LABEL];
      template.metadata = { ...template.metadata, labels };
      d.spec = { ...d.spec, template };
      setDeploymentAnnotationsTo(d, rs);
      updateDeploymentAndClearRollbackTo(ctx, d);
      ctx.api.recordEvent(d, 'Normal', RollbackDone, `Rolled back deployment "${d.metadata.name}" to revision ${to}`, COMPONENT);
      return;
    }
    ctx.api.recordEvent(d, 'Warning', RollbackTemplateUnchanged, `The rollback revision contains the same template as current deployment "${d.metadata.name}"`, COMPONENT);
    return updateDeploymentAndClearRollbackTo(ctx, d);
  }
  ctx.api.recordEvent(d, 'Warning', RollbackRevisionNotFound, 'Unable to find the revision to rollback to.', COMPONENT);
  updateDeploymentAndClearRollbackTo(ctx, d);
}

// ---------------------------------------------------------------------------------------------
// progress.go

/** DeploymentTimedOut: the Progressing condition was last updated more than progressDeadlineSeconds ago. */
function deploymentTimedOut(ctx: ControllerContext, d: Deployment, status: DeploymentStatus): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(status, 'Progressing');
  if (!cond) return false;
  if (cond.reason === NewRSAvailableReason) return false;
  if (cond.reason === TimedOutReason) return true;
  const from = fromRfc3339(cond.lastUpdateTime);
  return Number.isFinite(from) && from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < ctx.now;
}

/** syncRolloutStatus: status plus the Progressing estimate (complete, progressing or timed out). */
function syncRolloutStatus(ctx: ControllerContext, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): void {
  const status = calculateStatus(ctx, all, newRS, d);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isCompleteDeployment = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === NewRSAvailableReason;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const name = d.metadata.name;
    if (deploymentComplete(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${name}" has successfully progressed.`;
      setCondition(status, newCondition('Progressing', 'True', NewRSAvailableReason, msg, ctx.now));
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${name}" is progressing.`;
      const cond = newCondition('Progressing', 'True', ReplicaSetUpdatedReason, msg, ctx.now);
      // Progressing with the same reason still moves lastUpdateTime (lastTransitionTime kept while True).
      if (current) {
        if (current.status === 'True' && current.lastTransitionTime !== undefined) cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(ctx, d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${name}" has timed out progressing.`;
      setCondition(status, newCondition('Progressing', 'False', TimedOutReason, msg, ctx.now));
    }
  }
  // getReplicaFailures: the first ReplicaFailure condition of the ReplicaSets, new one first.
  const failure = replicaFailure(all, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  const ordered = orderStatus(status);
  if (jsonEqual(d.status ?? {}, ordered)) {
    requeueStuckDeployment(ctx, d, ordered);
    return;
  }
  d.status = ordered;
  writeStatus(ctx, d);
}

function replicaFailure(all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): ReturnType<typeof newCondition> | undefined {
  const ordered = newRS ? [newRS, ...all.filter((rs) => rs && rs !== newRS)] : all;
  for (const rs of ordered) {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    if (c) {
      const out: ReturnType<typeof newCondition> = { type: 'ReplicaFailure', status: c.status };
      if (c.lastTransitionTime) {
        out.lastUpdateTime = c.lastTransitionTime;
        out.lastTransitionTime = c.lastTransitionTime;
      }
      if (c.reason !== undefined) out.reason = c.reason;
      if (c.message !== undefined) out.message = c.message;
      return out;
    }
  }
  return undefined;
}

/**
 * requeueStuckDeployment: wake the deployment just after its progress deadline would pass. The timer
 * is quiet — it changes nothing a learner waits for unless the rollout really is stuck.
 */
function requeueStuckDeployment(ctx: ControllerContext, d: Deployment, status: DeploymentStatus): void {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, status) || current.reason === TimedOutReason) return;
  const from = fromRfc3339(current.lastUpdateTime);
  if (!Number.isFinite(from)) return;
  const deadline = from + (d.spec.progressDeadlineSeconds ?? 0) * 1000;
  const after = deadline - ctx.now;
  // enqueueRateLimited: the per-item back-off is forgotten after each good sync, so the queue's
  // bucket limiter (10 per second) paces a deployment that keeps coming back here: 100 ms apart.
  ctx.schedule('deployment', keyOf(d), after < 1000 ? Math.max(ctx.now + 100, deadline + 1) : deadline + 1000, true);
}
