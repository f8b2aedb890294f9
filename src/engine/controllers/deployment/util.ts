/**
 * `pkg/controller/deployment/util/deployment_util.go` and the bits of `controller_utils.go` the
 * Deployment controller uses: revision and replica annotations, fenceposts, conditions, sorting,
 * FindNewReplicaSet/FindOldReplicaSets, the pod-template hash.
 */
import type { PodTemplateSpec } from '../../model/types.ts';
import { deepClone, sortedJson, utf8Bytes } from '../../model/util.ts';
import { safeEncodeString } from '../../sim/rng.ts';
import { rfc3339 } from '../../sim/time.ts';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../replicaset/types.ts';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** maxRevHistoryLengthInChars. */
export const MAX_REV_HISTORY_LENGTH = 2000;

export const RollbackRevisionNotFound = 'DeploymentRollbackRevisionNotFound';
export const RollbackTemplateUnchanged = 'DeploymentRollbackTemplateUnchanged';
export const RollbackDone = 'DeploymentRollback';
export const ReplicaSetUpdatedReason = 'ReplicaSetUpdated';
export const FailedRSCreateReason = 'ReplicaSetCreateError';
export const NewRSReason = 'NewReplicaSetCreated';
export const FoundNewRSReason = 'FoundNewReplicaSet';
export const NewRSAvailableReason = 'NewReplicaSetAvailable';
export const TimedOutReason = 'ProgressDeadlineExceeded';
export const PausedDeployReason = 'DeploymentPaused';
export const ResumedDeployReason = 'DeploymentResumed';
export const MinimumReplicasAvailable = 'MinimumReplicasAvailable';
export const MinimumReplicasUnavailable = 'MinimumReplicasUnavailable';

const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
]);

export function replicasOf(obj: { spec: { replicas?: number } } | undefined): number {
  return obj?.spec.replicas ?? 1;
}

// ---------------------------------------------------------------------------------------------
// controller.ComputeHash

/** FNV-1a 32-bit over bytes. */
function fnv1a32(bytes: Iterable<number>, seed = 2166136261): number {
  let hash = seed >>> 0;
  for (const byte of bytes) {
    hash = (hash ^ byte) >>> 0;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash >>> 0;
}


/**
 * controller.ComputeHash: FNV-32a, then the collision count as 8 little-endian bytes, rendered with
 * rand.SafeEncodeString. Upstream feeds the hasher `hashutil.DeepHashObject` — a go-spew dump of the
 * Go PodTemplateSpec struct, every field of every nested type included — which this engine cannot
 * reproduce from JSON, so the hashed bytes here are the template's canonical JSON (sorted keys)
 * instead. The names therefore look like upstream's (`web-5d4f8b8c9`, up to 10 characters from the
 * same alphabet) and change exactly when upstream's would, but are not byte-identical to a real
 * cluster's for the same template.
 */
export function computeHash(template: PodTemplateSpec, collisionCount: number | undefined): string {
  let hash = fnv1a32(utf8Bytes(sortedJson(template)));
  if (collisionCount !== undefined) {
    const n = collisionCount >>> 0;
    hash = fnv1a32([n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255, 0, 0, 0, 0], hash);
  }
  return safeEncodeString(String(hash));
}

// ---------------------------------------------------------------------------------------------
// Templates

function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const copy = deepClone(template);
  if (copy.metadata?.labels) {
    const labels = { ...copy.metadata.labels };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    copy.metadata = { ...copy.metadata, labels };
  }
  return copy;
}

/**
 * What apiequality.Semantic.DeepEqual cannot tell apart (and what the apiserver never returns, its
 * omitempty maps and lists): null, empty maps and empty lists all read as unset.
 */
function semantic(value: unknown): unknown {
  if (Array.isArray(value)) {
    const list = value.map(semantic);
    return list.length === 0 ? undefined : list;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = semantic(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/**
 * A template's canonical text without the hash, kept per template object: stored objects are never
 * mutated, and the controller compares the same few templates on every sync.
 */
const canonical = new WeakMap<PodTemplateSpec, string>();
function canonicalWithoutHash(template: PodTemplateSpec): string {
  let text = canonical.get(template);
  if (text === undefined) canonical.set(template, (text = sortedJson(semantic(withoutHash(template)))));
  return text;
}

/** EqualIgnoreHash: the templates are semantically equal once pod-template-hash is dropped from both. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return canonicalWithoutHash(a) === canonicalWithoutHash(b);
}

// ---------------------------------------------------------------------------------------------
// Sorting (controller.ReplicaSetsByCreationTimestamp, ReplicaSetsBySizeOlder/Newer, ReplicaSetsByRevision)

function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

export function sortByCreation(list: ReplicaSet[]): ReplicaSet[] {
  return list.sort(byCreation);
}

/** ReplicaSetsBySizeOlder: larger first; equal sizes older first. */
export function sortBySizeOlder(list: ReplicaSet[]): ReplicaSet[] {
  return list.sort((a, b) => (replicasOf(a) !== replicasOf(b) ? replicasOf(b) - replicasOf(a) : byCreation(a, b)));
}

/** ReplicaSetsBySizeNewer: larger first; equal sizes newer first. */
export function sortBySizeNewer(list: ReplicaSet[]): ReplicaSet[] {
  return list.sort((a, b) => (replicasOf(a) !== replicasOf(b) ? replicasOf(b) - replicasOf(a) : byCreation(b, a)));
}

/** ReplicaSetsByRevision: by revision annotation, ties by creation. */
export function sortByRevision(list: ReplicaSet[]): ReplicaSet[] {
  return list.sort((a, b) => {
    const ra = revision(a) ?? 0;
    const rb = revision(b) ?? 0;
    return ra !== rb ? ra - rb : byCreation(a, b);
  });
}

// ---------------------------------------------------------------------------------------------
// Revisions and annotations

/** Revision: the revision annotation as a number (undefined when unparsable; 0 when absent). */
export function revision(rs: ReplicaSet): number | undefined {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined || v === '') return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** MaxRevision. */
export function maxRevision(list: ReplicaSet[]): number {
  let max = 0;
  for (const rs of list) {
    const v = revision(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second highest revision. */
export function lastRevision(list: ReplicaSet[]): number {
  let max = 0;
  let second = 0;
  for (const rs of list) {
    const v = revision(rs);
    if (v === undefined) continue;
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

function skipCopyAnnotation(key: string): boolean {
  return ANNOTATIONS_TO_SKIP.has(key);
}

/** copyDeploymentAnnotationsToReplicaSet. Mutates `rs`. */
function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const annotations = { ...rs.metadata.annotations };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  rs.metadata.annotations = annotations;
  return changed;
}

/** SetReplicasAnnotations. Mutates `rs`. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = { ...rs.metadata.annotations };
  let updated = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  rs.metadata.annotations = annotations;
  return updated;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** SetNewReplicaSetAnnotations. Mutates `rs` (a copy the caller owns). */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = { ...rs.metadata.annotations };
  const oldRevision = annotations[REVISION_ANNOTATION];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!/^[+-]?\d+$/.test(oldRevision)) {
      rs.metadata.annotations = annotations;
      return false;
    }
    oldRevisionInt = Number(oldRevision);
  }
  const newRevisionInt = Number(newRevision);
  if (oldRevisionInt < newRevisionInt) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  // A revision that existed and is bumped: we are rolling back to this ReplicaSet; keep the history.
  if (oldRevision !== undefined && oldRevisionInt < newRevisionInt) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    let old = history.split(',');
    if ((old[0] ?? '').length === 0) annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    else {
      let total = history.length + oldRevision.length + 1;
      let start = 0;
      while (total > MAX_REV_HISTORY_LENGTH && start < old.length) {
        total -= (old[start] ?? '').length + 1;
        start++;
      }
      if (total <= MAX_REV_HISTORY_LENGTH) {
        old = [...old.slice(start), oldRevision];
        annotations[REVISION_HISTORY_ANNOTATION] = old.join(',');
      }
    }
  }
  rs.metadata.annotations = annotations;
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision. Mutates `d`. */
export function setDeploymentRevision(d: Deployment, rev: string | undefined): boolean {
  if (rev === undefined) return false;
  if (d.metadata.annotations?.[REVISION_ANNOTATION] === rev) return false;
  d.metadata.annotations = { ...d.metadata.annotations, [REVISION_ANNOTATION]: rev };
  return true;
}

/** SetDeploymentAnnotationsTo: keep the deployment's skipped annotations, take the rest from the ReplicaSet. */
export function setDeploymentAnnotationsTo(d: Deployment, rs: ReplicaSet): void {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (skipCopyAnnotation(k)) out[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!skipCopyAnnotation(k)) out[k] = v;
  d.metadata.annotations = out;
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** getNonNegativeInt32FromAnnotation: strconv.ParseUint (no sign) up to MaxInt32, else not there. */
function nonNegativeIntAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n <= 2147483647 ? n : undefined;
}

/** GetDesiredReplicasAnnotation. */
export function getDesiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return nonNegativeIntAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

// ---------------------------------------------------------------------------------------------
// Fenceposts

export function isRollingUpdate(d: Deployment): boolean {
  return d.spec.strategy?.type === 'RollingUpdate';
}

/** intstr.GetScaledValueFromIntOrPercent. */
function scaled(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (/^[0-9]+%$/.test(v)) {
    const x = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
}

/** ResolveFenceposts: surge rounds up, unavailable down; both 0 resolves unavailable to 1. */
export function resolveFenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const desired = replicasOf(d);
  const surge = scaled(ru.maxSurge, desired, true);
  let unavailable = scaled(ru.maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d).surge;
}

export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, replicas);
}

// ---------------------------------------------------------------------------------------------
// Replica counts

export function filterActive(list: (ReplicaSet | undefined)[]): ReplicaSet[] {
  return list.filter((rs): rs is ReplicaSet => !!rs && replicasOf(rs) > 0);
}

/** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
export function specReplicaCount(list: (ReplicaSet | undefined)[]): number {
  return list.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}

/** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
export function actualReplicaCount(list: (ReplicaSet | undefined)[]): number {
  return list.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

export function readyReplicaCount(list: (ReplicaSet | undefined)[]): number {
  return list.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

export function availableReplicaCount(list: (ReplicaSet | undefined)[]): number {
  return list.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/** GetTerminatingReplicaCountForReplicaSets: undefined when any ReplicaSet does not report it. */
export function terminatingReplicaCount(list: (ReplicaSet | undefined)[]): number | undefined {
  let n = 0;
  for (const rs of list) {
    if (!rs) continue;
    if (rs.status?.terminatingReplicas === undefined) return undefined;
    n += rs.status.terminatingReplicas;
  }
  return n;
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: Deployment, all: (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  if (d.spec.strategy?.type === 'Recreate') return replicasOf(d);
  const surge = scaled(d.spec.strategy?.rollingUpdate?.maxSurge, replicasOf(d), true);
  const current = specReplicaCount(all);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

/** IsSaturated: the new ReplicaSet has all the deployment's replicas, all available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  // IsSaturated parses the annotation itself, with strconv.ParseInt.
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  if (desired === undefined) return false;
  return replicasOf(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sorted = sortByCreation([...oldRSs]).reverse();
  const active = filterActive([...sorted, newRS]);
  if (active.length === 0) return newRS ?? sorted[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** getReplicaSetProportion / getReplicaSetFraction (proportional scaling). */
export function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function getFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const dMax = replicasOf(d) + maxSurge(d);
  let before = nonNegativeIntAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (before === undefined || before === 0) {
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  const size = (replicasOf(rs) * dMax) / before;
  // integer.RoundToInt32: math.Round, halves away from zero.
  const rounded = size < 0 ? -Math.round(-size) : Math.round(size);
  return rounded - replicasOf(rs);
}

// ---------------------------------------------------------------------------------------------
// New and old ReplicaSets

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's (ignoring the hash). */
export function findNewReplicaSet(d: Deployment, list: ReplicaSet[]): ReplicaSet | undefined {
  return sortByCreation([...list]).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets: every other ReplicaSet (all), and those with replicas (required). */
export function findOldReplicaSets(d: Deployment, list: ReplicaSet[]): { required: ReplicaSet[]; all: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, list);
  const all = list.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
  return { required: all.filter((rs) => replicasOf(rs) !== 0), all };
}

// ---------------------------------------------------------------------------------------------
// Conditions and progress

export function hasProgressDeadline(d: Deployment): boolean {
  const v = d.spec.progressDeadlineSeconds;
  return v !== undefined && v !== 2147483647;
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** SetDeploymentCondition: same status and reason is a no-op; same status keeps lastTransitionTime. */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status && current.lastTransitionTime !== undefined) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

/** DeploymentComplete. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than last recorded. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
  );
}
