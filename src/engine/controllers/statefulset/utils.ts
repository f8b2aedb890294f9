/** Predicates and builders mirroring pkg/controller/statefulset/stateful_set_utils.go. */
import { getParentNameAndOrdinal, getPersistentVolumeClaimName, getPodName } from '../../model/names.ts';
import type { K8sObject, OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '../../model/types.ts';
import { getControllerOf, newControllerRef, shallowCopy } from '../../model/util.ts';
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
  const templates = set.spec.volumeClaimTemplates;
  if (!templates) return true;
  const names = claimNamesFor(set, ordinal);
  const volumes = pod.spec.volumes ?? [];
  for (let t = 0; t < templates.length; t++) {
    const name = templates[t]?.metadata?.name ?? '';
    // The pod's volume of that name (the last one, as a map keyed by name would keep).
    let volume: (typeof volumes)[number] | undefined;
    for (let v = volumes.length - 1; v >= 0; v--) {
      if (volumes[v]?.name === name) {
        volume = volumes[v];
        break;
      }
    }
    if (!volume?.persistentVolumeClaim) return false;
    if (volume.persistentVolumeClaim.claimName !== names[t]) return false;
  }
  return true;
}

/**
 * The claim names of a pod of `ordinal` (getPersistentVolumeClaimName), one per claim template in
 * template order, remembered per templates array and set name (a stored spec is never mutated, and
 * every sync asks again for the pods it looks at). Shared: callers never mutate it.
 */
export function claimNamesFor(set: StatefulSet, ordinal: number): readonly string[] {
  const templates = set.spec.volumeClaimTemplates;
  if (!templates || templates.length === 0) return NO_NAMES;
  let entry = claimNameCache.get(templates);
  if (!entry || entry.setName !== set.metadata.name) {
    entry = { setName: set.metadata.name, byOrdinal: new Map() };
    claimNameCache.set(templates, entry);
  }
  let names = entry.byOrdinal.get(ordinal);
  if (!names) {
    names = templates.map((t) => getPersistentVolumeClaimName(set.metadata.name, t.metadata?.name ?? '', ordinal));
    entry.byOrdinal.set(ordinal, names);
  }
  return names;
}

const NO_NAMES: readonly string[] = Object.freeze([]);
const claimNameCache = new WeakMap<object, { setName: string; byOrdinal: Map<number, readonly string[]> }>();

/** One claim template as getPersistentVolumeClaims uses it, built once per set spec. */
export interface ClaimTemplate {
  /** The template's name (the key of the claims map upstream). */
  readonly templateName: string;
  /** The template object itself (trusted.ts keys its prototype on it). */
  readonly template: object;
  /** Its index in volumeClaimTemplates (claimNamesFor gives the claim name at that index). */
  readonly at: number;
  /** The template without status, with apiVersion, kind and a metadata slot in the order the copy has them. */
  readonly base: Readonly<Record<string, unknown>>;
  readonly metadata: Partial<PersistentVolumeClaim['metadata']> | undefined;
  /** The template's labels over the selector's matchLabels; undefined when empty. Frozen, shared by every claim. */
  readonly labels: Readonly<Record<string, string>> | undefined;
}

/**
 * The claim templates getPersistentVolumeClaims walks, keyed by template name (a later template of the
 * same name replaces an earlier one in its place, as the map upstream does), per templates array while
 * the set's name, namespace and selector stay the same objects.
 */
export function claimTemplatesOf(set: StatefulSet): readonly ClaimTemplate[] {
  const templates = set.spec.volumeClaimTemplates;
  if (!templates || templates.length === 0) return NO_TEMPLATES;
  const cached = claimTemplateCache.get(templates);
  if (cached && cached.selector === set.spec.selector && cached.setName === set.metadata.name && cached.namespace === set.metadata.namespace) {
    return cached.entries;
  }
  const byName = new Map<string, ClaimTemplate>();
  templates.forEach((template, at) => {
    const templateName = template.metadata?.name ?? '';
    // Shallow: the API server copies on create, and nothing mutates the shared nested parts. A
    // template's status is dropped (upstream copies it and then clears it).
    const { status: _status, ...rest } = template as typeof template & { status?: unknown };
    const base = rest as Record<string, unknown>;
    base['apiVersion'] = 'v1';
    base['kind'] = 'PersistentVolumeClaim';
    if (!('metadata' in base)) base['metadata'] = undefined;
    const labels = { ...template.metadata?.labels, ...set.spec.selector.matchLabels };
    byName.set(templateName, {
      templateName,
      template,
      at,
      base,
      metadata: template.metadata,
      labels: Object.keys(labels).length > 0 ? Object.freeze(labels) : undefined,
    });
  });
  const entries = [...byName.values()];
  claimTemplateCache.set(templates, { selector: set.spec.selector, setName: set.metadata.name, namespace: set.metadata.namespace, entries });
  return entries;
}

const NO_TEMPLATES: readonly ClaimTemplate[] = Object.freeze([]);
const claimTemplateCache = new WeakMap<
  object,
  { selector: StatefulSet['spec']['selector']; setName: string; namespace: string | undefined; entries: readonly ClaimTemplate[] }
>();

/** The claim getPersistentVolumeClaims builds from `entry` for the claim name `name`. */
export function buildClaim(set: StatefulSet, entry: ClaimTemplate, name: string): PersistentVolumeClaim {
  const metadata = shallowCopy(entry.metadata) as PersistentVolumeClaim['metadata'];
  metadata.name = name;
  if (set.metadata.namespace !== undefined) metadata.namespace = set.metadata.namespace;
  if (entry.labels) metadata.labels = entry.labels as Record<string, string>;
  return { ...entry.base, metadata } as unknown as PersistentVolumeClaim;
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

/**
 * What every pod newStatefulSetPod builds from one template shares: the generateName, the owner
 * reference (one frozen array: stored objects are never mutated), the claim volumes' names and the
 * template's other volumes. Per template object while the set's identity, service name and claim
 * templates stay the same.
 */
interface PodShape {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string | undefined;
  readonly serviceName: string | undefined;
  readonly templates: StatefulSet['spec']['volumeClaimTemplates'];
  readonly generateName: string;
  readonly ownerReferences: OwnerReference[];
  /** updateStorage's claim volumes: one per distinct template name, first occurrence first, with that template's index. */
  readonly claimVolumes: readonly { readonly name: string; readonly at: number }[];
  /** The template's volumes that no claim volume replaces, in order. */
  readonly otherVolumes: NonNullable<Pod['spec']['volumes']>;
}

const podShapes = new WeakMap<object, PodShape>();

function podShape(set: StatefulSet): PodShape {
  const template = set.spec.template;
  const cached = podShapes.get(template);
  if (
    cached &&
    cached.apiVersion === set.apiVersion &&
    cached.kind === set.kind &&
    cached.name === set.metadata.name &&
    cached.uid === set.metadata.uid &&
    cached.serviceName === set.spec.serviceName &&
    cached.templates === set.spec.volumeClaimTemplates
  ) {
    return cached;
  }
  const claimVolumes: { name: string; at: number }[] = [];
  const claimNames = new Set<string>();
  (set.spec.volumeClaimTemplates ?? []).forEach((t, at) => {
    const name = t.metadata?.name ?? '';
    if (claimNames.has(name)) return;
    claimNames.add(name);
    claimVolumes.push({ name, at });
  });
  const shape: PodShape = {
    apiVersion: set.apiVersion,
    kind: set.kind,
    name: set.metadata.name,
    uid: set.metadata.uid,
    serviceName: set.spec.serviceName,
    templates: set.spec.volumeClaimTemplates,
    generateName: `${set.metadata.name}-`,
    ownerReferences: Object.freeze([Object.freeze(newControllerRef(set))]) as unknown as OwnerReference[],
    claimVolumes,
    otherVolumes: (template.spec.volumes ?? []).filter((v) => !claimNames.has(v.name)),
  };
  podShapes.set(template, shape);
  return shape;
}

/**
 * newStatefulSetPod: GetPodFromTemplate + identity + storage; hostname/subdomain set at creation only.
 * With `revision`, the controller-revision-hash label newVersionedStatefulSetPod adds, in the same
 * place. The result is what the upstream steps give, key order included, built in one pass.
 */
export function newStatefulSetPod(set: StatefulSet, ordinal: number, revision?: string): Pod {
  // Placeholders are built for empty slots; a shallow copy suffices because the API server copies
  // on create and the shared nested parts are never mutated.
  const shape = podShape(set);
  const template = set.spec.template;
  const meta = template.metadata ?? {};
  const name = getPodName(set.metadata.name, ordinal);
  // updateIdentity's labels (and the revision label) over the template's, in one copy.
  const labels = shallowCopy(meta.labels);
  labels[POD_NAME_LABEL] = name;
  labels[POD_INDEX_LABEL] = String(ordinal);
  if (revision !== undefined) labels[REVISION_LABEL] = revision;
  // The namespace in the literal: added afterwards, a fifth key would take a separate property store.
  const namespace = set.metadata.namespace;
  const metadata: Pod['metadata'] =
    namespace !== undefined
      ? { name, generateName: shape.generateName, labels, ownerReferences: shape.ownerReferences, namespace }
      : { name, generateName: shape.generateName, labels, ownerReferences: shape.ownerReferences };
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata, spec: shallowCopy(template.spec), status: {} };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  pod.spec.hostname = name;
  pod.spec.subdomain = set.spec.serviceName ?? '';
  if (!pod.spec.subdomain) delete pod.spec.subdomain;
  // updateStorage: the claim volumes first (template order), then the template's other volumes.
  // Built at its exact length (a list grown by push keeps spare room, and trusted creates store its entries).
  const claimCount = shape.claimVolumes.length;
  const others = shape.otherVolumes;
  const volumes: NonNullable<Pod['spec']['volumes']> = Array(claimCount + others.length);
  if (claimCount > 0) {
    const claimNames = claimNamesFor(set, ordinal);
    for (let i = 0; i < claimCount; i++) {
      const { name: volumeName, at } = shape.claimVolumes[i] as PodShape['claimVolumes'][number];
      volumes[i] = { name: volumeName, persistentVolumeClaim: { claimName: claimNames[at] ?? '' } };
    }
  }
  for (let i = 0; i < others.length; i++) volumes[claimCount + i] = others[i] as NonNullable<Pod['spec']['volumes']>[number];
  pod.spec.volumes = volumes;
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

/** The pod's Ready condition (a loop, not find: this runs on every pod write, and a callback is an allocation). */
export function podReadyCondition(pod: Pod) {
  const conditions = pod.status.conditions;
  if (conditions) for (let i = 0; i < conditions.length; i++) if ((conditions[i] as (typeof conditions)[number]).type === 'Ready') return conditions[i];
  return undefined;
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
    readySince: runningAndReady ? readyTime(podReadyCondition(pod)?.lastTransitionTime) : Number.NaN,
    terminating: isTerminating(pod),
    revision: getPodRevision(pod),
    ordinal: getOrdinal(pod),
  };
  podFactsCache.set(pod, facts);
  return facts;
}

/** fromRfc3339, remembering the last answer: pods turn Ready in bursts, stamped with the same second. */
function readyTime(text: string | undefined): number {
  if (text !== lastReadyText) {
    lastReadyText = text;
    lastReadyTime = fromRfc3339(text);
  }
  return lastReadyTime;
}
let lastReadyText: string | undefined;
let lastReadyTime = Number.NaN;

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

export function retentionPolicy(set: StatefulSet): RetentionPolicy {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  if (!p) return RETAIN_ALL;
  let policy = retentionPolicies.get(p);
  if (!policy) {
    policy = Object.freeze({ whenDeleted: p.whenDeleted ?? 'Retain', whenScaled: p.whenScaled ?? 'Retain' });
    retentionPolicies.set(p, policy);
  }
  return policy;
}

export interface RetentionPolicy {
  readonly whenDeleted: string;
  readonly whenScaled: string;
}

/** The default policy, and the defaulted form per stored policy object (asked for per claim per sync). */
const RETAIN_ALL: RetentionPolicy = Object.freeze({ whenDeleted: 'Retain', whenScaled: 'Retain' });
const retentionPolicies = new WeakMap<object, RetentionPolicy>();

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
  const refs = claim.metadata.ownerReferences;
  if (!refs || refs.length === 0) {
    // No owner references: nothing stale, no controller, no owner of either kind — the policy alone decides.
    const policy = retentionPolicy(set);
    if (policy.whenDeleted !== 'Retain') return false;
    if (policy.whenScaled === 'Retain') return true;
    return policy.whenScaled === 'Delete' && podInOrdinalRange(pod, set);
  }
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
