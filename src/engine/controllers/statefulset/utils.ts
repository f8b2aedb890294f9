/** Predicates and builders mirroring pkg/controller/statefulset/stateful_set_utils.go. */
import { getParentNameAndOrdinal, getPersistentVolumeClaimName, getPodName } from '../../model/names.ts';
import type { K8sObject, OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '../../model/types.ts';
import { getControllerOf, newControllerRef } from '../../model/util.ts';
import { fromRfc3339 } from '../../sim/time.ts';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

export function getOrdinal(pod: K8sObject): number {
  return getParentNameAndOrdinal(pod.metadata.name).ordinal;
}

export function getStartOrdinal(set: StatefulSet): number {
  return set.spec.ordinals?.start ?? 0;
}

export function getEndOrdinal(set: StatefulSet): number {
  return getStartOrdinal(set) + (set.spec.replicas ?? 1) - 1;
}

export function podInOrdinalRange(pod: K8sObject, set: StatefulSet): boolean {
  const ordinal = getOrdinal(pod);
  return ordinal >= getStartOrdinal(set) && ordinal <= getEndOrdinal(set);
}

/** isMemberOf: the name parses to this set. */
export function isMemberOf(set: StatefulSet, pod: K8sObject): boolean {
  return getParentNameAndOrdinal(pod.metadata.name).parent === set.metadata.name;
}

export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = getParentNameAndOrdinal(pod.metadata.name);
  return (
    ordinal >= 0 &&
    set.metadata.name === parent &&
    pod.metadata.name === getPodName(set.metadata.name, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name
  );
}

export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  for (const claim of set.spec.volumeClaimTemplates ?? []) {
    const name = claim.metadata?.name ?? '';
    const volume = volumes.get(name);
    if (!volume?.persistentVolumeClaim) return false;
    if (volume.persistentVolumeClaim.claimName !== getPersistentVolumeClaimName(set.metadata.name, name, ordinal)) return false;
  }
  return true;
}

/** getPersistentVolumeClaims: the claims a pod of this ordinal uses, keyed by template name. */
export function getPersistentVolumeClaims(set: StatefulSet, ordinal: number): Map<string, PersistentVolumeClaim> {
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const template of set.spec.volumeClaimTemplates ?? []) {
    const templateName = template.metadata?.name ?? '';
    // Shallow: the API server copies on create, and nothing mutates the shared nested parts. A
    // template's status is dropped (upstream copies it and then clears it).
    const { status: _status, ...rest } = template as typeof template & { status?: unknown };
    const copy = rest as unknown as PersistentVolumeClaim;
    const labels = { ...template.metadata?.labels, ...set.spec.selector.matchLabels };
    copy.apiVersion = 'v1';
    copy.kind = 'PersistentVolumeClaim';
    copy.metadata = { ...copy.metadata, name: getPersistentVolumeClaimName(set.metadata.name, templateName, ordinal) };
    if (set.metadata.namespace !== undefined) copy.metadata.namespace = set.metadata.namespace;
    if (Object.keys(labels).length > 0) copy.metadata.labels = labels;
    claims.set(templateName, copy);
  }
  return claims;
}

/** updateStorage: claim volumes first (template order), then the template's other volumes. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  // The names and claim names getPersistentVolumeClaims gives (one per template name, first
  // occurrence first), without building the claims themselves.
  const claimNames = new Set<string>();
  const volumes: NonNullable<Pod['spec']['volumes']> = [];
  for (const template of set.spec.volumeClaimTemplates ?? []) {
    const name = template.metadata?.name ?? '';
    if (claimNames.has(name)) continue;
    claimNames.add(name);
    volumes.push({ name, persistentVolumeClaim: { claimName: getPersistentVolumeClaimName(set.metadata.name, name, ordinal) } });
  }
  for (const volume of pod.spec.volumes ?? []) if (!claimNames.has(volume.name)) volumes.push(volume);
  pod.spec.volumes = volumes;
}

/** updateIdentity: name, namespace and the pod-name / pod-index labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  pod.metadata.name = getPodName(set.metadata.name, ordinal);
  if (set.metadata.namespace !== undefined) pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...pod.metadata.labels, [POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/** newStatefulSetPod: GetPodFromTemplate + identity + storage; hostname/subdomain set at creation only. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  // Placeholders are built for every empty slot on every sync; a shallow copy suffices because the
  // API server copies on create and the shared nested parts are never mutated.
  const template = { ...set.spec.template, spec: { ...set.spec.template.spec } };
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: getPodName(set.metadata.name, ordinal),
      generateName: `${set.metadata.name}-`,
      labels: { ...meta.labels },
      ownerReferences: [newControllerRef(set)],
    },
    spec: template.spec,
    status: {},
  };
  if (set.metadata.namespace !== undefined) pod.metadata.namespace = set.metadata.namespace;
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  updateIdentity(set, pod);
  pod.spec.hostname = pod.metadata.name;
  pod.spec.subdomain = set.spec.serviceName ?? '';
  if (!pod.spec.subdomain) delete pod.spec.subdomain;
  updateStorage(set, pod);
  return pod;
}

export function getPodRevision(pod: K8sObject): string {
  return pod.metadata.labels?.[REVISION_LABEL] ?? '';
}

export function isCreated(pod: Pod): boolean {
  return !!pod.status.phase;
}
export function isPending(pod: Pod): boolean {
  return pod.status.phase === 'Pending';
}
export function isFailed(pod: Pod): boolean {
  return pod.status.phase === 'Failed';
}
export function isSucceeded(pod: Pod): boolean {
  return pod.status.phase === 'Succeeded';
}
export function isTerminating(pod: K8sObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

export function podReadyCondition(pod: Pod) {
  return pod.status.conditions?.find((c) => c.type === 'Ready');
}

export function isRunningAndReady(pod: Pod): boolean {
  return pod.status.phase === 'Running' && podReadyCondition(pod)?.status === 'True';
}

/** isRunningAndAvailable → podutil.IsPodAvailable: Ready for strictly more than minReadySeconds. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isRunningAndReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = fromRfc3339(podReadyCondition(pod)?.lastTransitionTime);
  return Number.isFinite(since) && since + minReadySeconds * 1000 < now;
}

/**
 * The status facts of one pod a sync reads (isCreated, isRunningAndReady, its Ready time, isTerminating,
 * getPodRevision), computed once per stored object: stored objects are never mutated, so a pod the
 * sync saw before costs a lookup, and a rolling update does work in proportion to the pods it changes.
 */
export interface PodFacts {
  readonly created: boolean;
  readonly runningAndReady: boolean;
  /** The Ready condition's lastTransitionTime (ms), NaN when absent or unparsable. */
  readonly readySince: number;
  readonly terminating: boolean;
  readonly revision: string;
  /** getOrdinal: -1 when the name does not parse. */
  readonly ordinal: number;
}

const podFactsCache = new WeakMap<Pod, PodFacts>();

export function podFacts(pod: Pod): PodFacts {
  let facts = podFactsCache.get(pod);
  if (facts) return facts;
  const runningAndReady = isRunningAndReady(pod);
  facts = {
    created: isCreated(pod),
    runningAndReady,
    readySince: runningAndReady ? fromRfc3339(podReadyCondition(pod)?.lastTransitionTime) : Number.NaN,
    terminating: isTerminating(pod),
    revision: getPodRevision(pod),
    ordinal: getOrdinal(pod),
  };
  podFactsCache.set(pod, facts);
  return facts;
}

/** isRunningAndAvailable over cached facts (same answer). */
export function factsAvailable(facts: PodFacts, minReadySeconds: number, now: number): boolean {
  if (!facts.runningAndReady) return false;
  if (minReadySeconds <= 0) return true;
  return Number.isFinite(facts.readySince) && facts.readySince + minReadySeconds * 1000 < now;
}

/** isUnavailable over cached facts (same answer). */
export function factsUnavailable(facts: PodFacts, minReadySeconds: number, now: number): boolean {
  return facts.terminating || !factsAvailable(facts, minReadySeconds, now);
}

/** isUnavailable (v1.33+): terminating, or not Running & Ready, or not yet available. */
export function isUnavailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return isTerminating(pod) || !isRunningAndAvailable(pod, minReadySeconds, now);
}

export function allowsBurst(set: StatefulSet): boolean {
  return set.spec.podManagementPolicy === 'Parallel';
}

export function retentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted ?? 'Retain', whenScaled: p.whenScaled ?? 'Retain' };
}

// Owner-reference helpers for the claim retention policy.

function refGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}
function kindGroup(obj: K8sObject): string {
  return refGroup(obj.apiVersion);
}

export function matchesRef(ref: OwnerReference, obj: K8sObject): boolean {
  return refGroup(ref.apiVersion) === kindGroup(obj) && ref.kind === obj.kind && ref.name === obj.metadata.name && ref.uid === obj.metadata.uid;
}

/** Same group/kind/name as `owner` but another uid: left behind by a deleted predecessor. */
export function hasStaleOwnerRef(target: K8sObject, owner: K8sObject): boolean {
  return (target.metadata.ownerReferences ?? []).some(
    (ref) => refGroup(ref.apiVersion) === kindGroup(owner) && ref.kind === owner.kind && ref.name === owner.metadata.name && ref.uid !== owner.metadata.uid
  );
}

export function hasOwnerRef(target: K8sObject, owner: K8sObject): boolean {
  return !!owner.metadata.uid && (target.metadata.ownerReferences ?? []).some((ref) => ref.uid === owner.metadata.uid);
}

function hasNonControllerOwner(target: K8sObject, set: K8sObject, pod: K8sObject): boolean {
  return (target.metadata.ownerReferences ?? []).some(
    (ref) => (ref.uid === set.metadata.uid || (!!pod.metadata.uid && ref.uid === pod.metadata.uid)) && ref.controller !== true
  );
}

export function hasUnexpectedController(claim: K8sObject, set: StatefulSet, pod: K8sObject): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of claim.metadata.ownerReferences ?? []) {
    const sameSet = refGroup(ref.apiVersion) === 'apps' && ref.kind === 'StatefulSet' && ref.name === set.metadata.name;
    if (sameSet) {
      if (ref.uid !== set.metadata.uid) return true;
      continue;
    }
    const samePod = refGroup(ref.apiVersion) === '' && ref.kind === 'Pod' && ref.name === pod.metadata.name;
    if (samePod) {
      if (ref.uid !== pod.metadata.uid) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

export function isClaimOwnerUpToDate(claim: K8sObject, set: StatefulSet, pod: K8sObject): boolean {
  if (hasStaleOwnerRef(claim, set) || hasStaleOwnerRef(claim, pod)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const policy = retentionPolicy(set);
  const setRef = hasOwnerRef(claim, set);
  const podRef = hasOwnerRef(claim, pod);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return !setRef && !podRef;
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Delete') return setRef && !podRef;
  if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Retain') return !setRef && scaledDown === podRef;
  return scaledDown !== setRef && scaledDown === podRef;
}

function removeRefs(target: K8sObject, owner: K8sObject): boolean {
  const refs = target.metadata.ownerReferences ?? [];
  const kept = refs.filter((ref) => !matchesRef(ref, owner));
  if (kept.length === refs.length) return false;
  if (kept.length === 0) delete target.metadata.ownerReferences;
  else target.metadata.ownerReferences = kept;
  return true;
}

function addControllerRef(target: K8sObject, owner: K8sObject): boolean {
  const refs = [...(target.metadata.ownerReferences ?? [])];
  const index = refs.findIndex((ref) => ref.uid === owner.metadata.uid);
  if (index >= 0) {
    const ref = refs[index];
    if (!ref || ref.controller === true) return false;
    refs[index] = { ...ref, controller: true, blockOwnerDeletion: true };
  } else {
    if (getControllerOf(target)) return false;
    refs.push(newControllerRef(owner));
  }
  target.metadata.ownerReferences = refs;
  return true;
}

/** updateClaimOwnerRefForSetAndPod: rewrites `claim`'s refs in place; true if anything changed. */
export function updateClaimOwnerRefForSetAndPod(claim: K8sObject, set: StatefulSet, pod: K8sObject): boolean {
  const policy = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  let changed = false;
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') {
    changed = removeRefs(claim, set) || changed;
    changed = removeRefs(claim, pod) || changed;
  } else if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Delete') {
    changed = addControllerRef(claim, set) || changed;
    changed = removeRefs(claim, pod) || changed;
  } else if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Retain') {
    changed = removeRefs(claim, set) || changed;
    if (scaledDown) changed = addControllerRef(claim, pod) || changed;
    else changed = removeRefs(claim, pod) || changed;
  } else if (scaledDown) {
    changed = removeRefs(claim, set) || changed;
    changed = addControllerRef(claim, pod) || changed;
  } else {
    changed = addControllerRef(claim, set) || changed;
    changed = removeRefs(claim, pod) || changed;
  }
  return changed;
}
