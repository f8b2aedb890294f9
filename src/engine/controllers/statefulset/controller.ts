/**
 * The StatefulSet controller: stateful_set.go (sync, adoption) and stateful_set_control.go (the
 * algorithm), in TypeScript; stateful_pod_control.go (pod and claim writes with their events) is
 * pod-control.ts. Every write goes through the API server; nothing here mutates stored objects.
 */
import { selectorMatches } from '../../model/labels.ts';
import type { ControllerRevision, K8sObject, OwnerReference, PersistentVolumeClaim, Pod, StatefulSet, StatefulSetStatus } from '../../model/types.ts';
import { deepClone, getControllerOf, newControllerRef } from '../../model/util.ts';
import type { ControllerContext } from '../../sim/context.ts';
import { objectKey } from '../../sim/state.ts';
import {
  applyRevision,
  controllerRevisionName,
  equalRevision,
  equalRevisionData,
  hashControllerRevision,
  newRevision,
  nextRevision,
  revisionData,
  sortControllerRevisions,
} from './revisions.ts';
import {
  allowsBurst,
  getEndOrdinal,
  getOrdinal,
  getPodRevision,
  getStartOrdinal,
  hasUnexpectedController,
  identityMatches,
  isClaimOwnerUpToDate,
  isCreated,
  isFailed,
  isMemberOf,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  factsAvailable,
  factsUnavailable,
  newStatefulSetPod,
  podFacts,
  retentionPolicy,
  storageMatches,
} from './utils.ts';
import {
  claimsMatchRetentionPolicy,
  createMissingPersistentVolumeClaims,
  createStatefulPod,
  deleteStatefulPod,
  getClaim,
  podClaimIsStale,
  podClaimNames,
  updatePodClaimForRetentionPolicy,
  updateStatefulPod,
} from './pod-control.ts';
import { SyncError } from './sync-error.ts';
import { claimWriteCount, dropSlotIndex, noteSetPod, peekSlotIndex, refreshedSlotIndex, SlotIndex, slotIndexOptions, specSignature } from './slot-index.ts';

const MAX_BATCH_SIZE = 500;

/** The status a sync computes: every field present, in the order newStatus gives them. */
type SyncStatus = Required<Omit<StatefulSetStatus, 'conditions'>>;

type StepResult = { readonly exit: boolean; readonly error?: SyncError | undefined };
/** The two error-free step results, shared: a sync visits every replica. */
const CONTINUE: StepResult = Object.freeze({ exit: false });
const EXIT: StepResult = Object.freeze({ exit: true });

/** sync(key): the whole reconcile of one StatefulSet. Errors requeue with exponential back-off. */
export function syncStatefulSet(ctx: ControllerContext, key: string): void {
  const set = ctx.api.getByKey('StatefulSet', key) as StatefulSet | undefined;
  if (!set) {
    clearSyncFailures(ctx, key);
    dropSlotIndex(ctx.state, key);
    return;
  }
  // The last sync through the set's index wrote nothing and none of its inputs changed since: this
  // one would compute the same and write nothing again (SlotIndex.repeatsQuietSync).
  const revisions = ctx.api.list('ControllerRevision', set.metadata.namespace);
  if (peekSlotIndex(ctx.state, key)?.repeatsQuietSync(set, revisions)) {
    clearSyncFailures(ctx, key);
    return;
  }
  const rv = ctx.state.rv;
  let error: SyncError | undefined;
  let status: SyncStatus | undefined;
  let index: SlotIndex | undefined;
  try {
    adoptOrphanRevisions(ctx, set);
    index = indexedSync(ctx, set, key);
    status = updateStatefulSetAll(ctx, set, index ?? getPodsForStatefulSet(ctx, set));
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    error = err;
  }
  if (error) {
    // Default controller rate limiter: 5 ms doubling per failure, at most 1000 s.
    const failures = (ctx.state.syncFailures[key] ?? 0) + 1;
    ctx.state.syncFailures[key] = failures;
    ctx.schedule('statefulset', key, ctx.now + Math.min(5 * 2 ** (failures - 1), 1_000_000));
    return;
  }
  clearSyncFailures(ctx, key);
  if (index) markQuietSync(ctx, set, index, revisions, rv);
  const minReady = set.spec.minReadySeconds ?? 0;
  if (minReady > 0 && status && status.availableReplicas !== (set.spec.replicas ?? 1)) {
    ctx.schedule('statefulset', key, ctx.now + minReady * 1000);
  }
}

/** Forgets the set's failure count; a sync that succeeds mostly finds none (delete of a missing key is slow). */
function clearSyncFailures(ctx: ControllerContext, key: string): void {
  if (ctx.state.syncFailures[key] !== undefined) delete ctx.state.syncFailures[key];
}

/**
 * After an indexed sync: when it wrote nothing, its inputs are the next sync's if nothing changes;
 * when its one write was its own status write, the set that write stored is — provided the current
 * revision and collision count it read from the status are the ones the new status carries, as
 * every other status field only feeds the comparison that status answers (updateStatefulSetStatus),
 * and the rest of the set is the same (a status write keeps spec and metadata but resourceVersion).
 */
function markQuietSync(ctx: ControllerContext, set: StatefulSet, index: SlotIndex, revisions: readonly K8sObject[], rv: number): void {
  if (ctx.api.list('ControllerRevision', set.metadata.namespace) !== revisions) return;
  if (ctx.state.rv === rv) {
    index.markQuiet(set, revisions);
    return;
  }
  if (ctx.state.rv !== rv + 1) return;
  const stored = ctx.api.get('StatefulSet', set.metadata.namespace, set.metadata.name) as StatefulSet | undefined;
  if (
    stored &&
    stored.metadata.resourceVersion === String(ctx.state.rv) &&
    stored.spec === set.spec &&
    stored.metadata.generation === set.metadata.generation &&
    stored.metadata.uid === set.metadata.uid &&
    stored.metadata.deletionTimestamp === set.metadata.deletionTimestamp &&
    stored.status.currentRevision === set.status.currentRevision &&
    (stored.status.collisionCount ?? 0) === (set.status.collisionCount ?? 0)
  ) {
    index.markQuiet(stored, revisions);
  }
}


/** canAdoptFunc: re-read the set; refuse when it changed identity or is being deleted. */
function canAdopt(ctx: ControllerContext, set: StatefulSet): string | undefined {
  const fresh = ctx.api.get('StatefulSet', set.metadata.namespace, set.metadata.name);
  if (!fresh || fresh.metadata.uid !== set.metadata.uid) {
    return `original StatefulSet ${set.metadata.namespace}/${set.metadata.name} is gone: got uid ${fresh?.metadata.uid ?? ''}, wanted ${set.metadata.uid}`;
  }
  if (fresh.metadata.deletionTimestamp) return `${set.metadata.namespace}/${set.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`;
  return undefined;
}

/**
 * ListRevisions: revisions in the namespace matching the selector, owned by this set or orphaned —
 * kept in the namespace revision list's entry for this set (see revisionLists), made on first use.
 */
function revisionEntry(ctx: ControllerContext, set: StatefulSet): RevisionListEntry {
  const items = ctx.api.list('ControllerRevision', set.metadata.namespace) as readonly ControllerRevision[];
  const cached = revisionLists.get(items);
  if (cached && cached.selector === set.spec.selector && cached.uid === set.metadata.uid) return cached;
  const revisions = items.filter((rev) => {
    if (!selectorMatches(set.spec.selector, rev.metadata.labels)) return false;
    const ref = getControllerOf(rev);
    return !ref || ref.uid === set.metadata.uid;
  });
  const entry: RevisionListEntry = { selector: set.spec.selector, uid: set.metadata.uid, revisions, sorted: undefined, orphans: undefined };
  revisionLists.set(items, entry);
  return entry;
}

interface RevisionListEntry {
  readonly selector: StatefulSet['spec']['selector'];
  readonly uid: string | undefined;
  readonly revisions: readonly ControllerRevision[];
  sorted: readonly ControllerRevision[] | undefined;
  /** The revisions without a controller (adoptOrphanRevisions), found once per list. */
  orphans: readonly ControllerRevision[] | undefined;
}

/**
 * Per namespace list of ControllerRevisions (the API server hands out the same array until a revision
 * is written): the set's selection from it and that selection sorted, while the selector object and
 * the set's uid stay the same. Callers never mutate either array.
 */
const revisionLists = new WeakMap<readonly ControllerRevision[], RevisionListEntry>();

/** sortControllerRevisions(listRevisions(…)), sorted once per list. */
function sortedRevisions(ctx: ControllerContext, set: StatefulSet): readonly ControllerRevision[] {
  const entry = revisionEntry(ctx, set);
  entry.sorted ??= sortControllerRevisions(entry.revisions);
  return entry.sorted;
}

function adoptOrphanRevisions(ctx: ControllerContext, set: StatefulSet): void {
  const entry = revisionEntry(ctx, set);
  entry.orphans ??= entry.revisions.filter((rev) => !getControllerOf(rev));
  const orphans = entry.orphans;
  if (orphans.length === 0) return;
  const refusal = canAdopt(ctx, set);
  if (refusal) throw new SyncError(`can't adopt ControllerRevisions: ${refusal}`);
  for (const rev of orphans) {
    const refs = [...(rev.metadata.ownerReferences ?? []), newControllerRef(set)];
    const result = ctx.api.update({ ...rev, metadata: { ...rev.metadata, ownerReferences: refs } }, { trusted: true });
    if (!result.ok && result.error.code !== 404) throw new SyncError(result.error.message);
  }
}

/** getPodsForStatefulSet: ClaimPods with the selector and isMemberOf, adopting and releasing. */
function getPodsForStatefulSet(ctx: ControllerContext, set: StatefulSet): Pod[] {
  const owned: Pod[] = [];
  let adoptChecked = false;
  for (const pod of ctx.api.list('Pod', set.metadata.namespace) as Pod[]) {
    const { matches, ref } = selectedMember(set, pod);
    if (ref) {
      if (ref.uid !== set.metadata.uid) continue;
      if (matches) {
        owned.push(pod);
        continue;
      }
      if (set.metadata.deletionTimestamp) continue;
      const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid);
      const meta = { ...pod.metadata, ownerReferences: refs };
      if (refs.length === 0) delete (meta as Partial<typeof meta>).ownerReferences;
      const result = ctx.api.update({ ...pod, metadata: meta });
      if (!result.ok && result.error.code !== 404) throw new SyncError(result.error.message);
      continue;
    }
    if (set.metadata.deletionTimestamp || !matches || pod.metadata.deletionTimestamp) continue;
    if (!adoptChecked) {
      const refusal = canAdopt(ctx, set);
      if (refusal) throw new SyncError(`can't adopt Pods: ${refusal}`);
      adoptChecked = true;
    }
    const refs = [...(pod.metadata.ownerReferences ?? []), newControllerRef(set)];
    const result = ctx.api.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: refs } }, { trusted: true });
    if (result.ok) owned.push(result.object);
    else if (result.error.code !== 404) throw new SyncError(result.error.message);
  }
  return owned;
}

interface MemberEntry {
  readonly selector: StatefulSet['spec']['selector'];
  readonly name: string;
  readonly podName: string;
  readonly refs: readonly OwnerReference[] | undefined;
  readonly matches: boolean;
  readonly ref: OwnerReference | undefined;
}

/**
 * Per stored pod's labels object: the selector object, set name, pod name and owner references it was
 * last matched with, and the answer. Status writes and the binding keep a pod's labels and owner
 * references (the same objects: stored objects are never mutated), so a pod's new versions reuse it.
 */
const memberCache = new WeakMap<object, MemberEntry>();

/**
 * selectorMatches && isMemberOf, and the pod's controller ref, remembered per labels object (a status
 * write keeps the set's spec object, so the selector stays the same object).
 */
function selectedMember(set: StatefulSet, pod: Pod): { matches: boolean; ref: OwnerReference | undefined } {
  const key = pod.metadata.labels ?? pod;
  const cached = memberCache.get(key);
  const refs = pod.metadata.ownerReferences;
  if (cached && cached.selector === set.spec.selector && cached.name === set.metadata.name && cached.podName === pod.metadata.name && cached.refs === refs) {
    return cached;
  }
  const entry: MemberEntry = {
    selector: set.spec.selector,
    name: set.metadata.name,
    podName: pod.metadata.name,
    refs,
    matches: selectorMatches(set.spec.selector, pod.metadata.labels) && isMemberOf(set, pod),
    ref: getControllerOf(pod),
  };
  memberCache.set(key, entry);
  return entry;
}

/**
 * The slot index when this sync may use it: a Parallel set without minReadySeconds, the
 * maxUnavailable gate off, not being deleted, and no pod the index does not model. Such a sync makes
 * the same calls as the full one (slot-index.ts explains how the index stays equal to storage).
 */
function indexedSync(ctx: ControllerContext, set: StatefulSet, key: string): SlotIndex | undefined {
  if (!slotIndexOptions.enabled || !allowsBurst(set) || (set.spec.minReadySeconds ?? 0) !== 0) return undefined;
  if (set.metadata.deletionTimestamp || ctx.state.options.featureGates.MaxUnavailableStatefulSet) return undefined;
  const start = getStartOrdinal(set);
  const end = getEndOrdinal(set);
  const index = refreshedSlotIndex(ctx, set, key, (pod) => {
    const { matches, ref } = selectedMember(set, pod);
    if (ref) {
      if (ref.uid !== set.metadata.uid) return 'none';
      if (!matches) return 'anomaly';
    } else return matches && !pod.metadata.deletionTimestamp ? 'anomaly' : 'none';
    const ordinal = getOrdinal(pod);
    if (ordinal < start || ordinal > end || pod.metadata.name !== `${set.metadata.name}-${ordinal}`) return 'anomaly';
    return { slot: ordinal - start };
  });
  return index.anomalies.size === 0 ? index : undefined;
}

/** UpdateStatefulSet: revisions, performUpdate, status, then truncateHistory (always). */
function updateStatefulSetAll(ctx: ControllerContext, set: StatefulSet, podsOrIndex: Pod[] | SlotIndex): SyncStatus {
  const index = podsOrIndex instanceof SlotIndex ? podsOrIndex : undefined;
  const pods = () => (index ? index.storedPods() : (podsOrIndex as Pod[]));
  const revisions = sortedRevisions(ctx, set);
  let current: ControllerRevision | undefined;
  let update: ControllerRevision | undefined;
  let status: SyncStatus | undefined;
  let error: SyncError | undefined;
  try {
    const revs = getStatefulSetRevisions(ctx, set, revisions);
    current = revs.current;
    update = revs.update;
    const result = index
      ? updateStatefulSetIndexed(ctx, set, revs.current, revs.update, revs.collisionCount, index)
      : updateStatefulSet(ctx, set, revs.current, revs.update, revs.collisionCount, pods());
    status = result.status;
    error = result.error;
    const statusError = updateStatefulSetStatus(ctx, set, status);
    error ??= statusError;
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    error = err;
  }
  truncateHistory(ctx, set, pods, revisions, current, update);
  if (error) throw error;
  return status as SyncStatus;
}

/** getStatefulSetRevisions: find or create the update revision (renumbering an equal older one). */
function getStatefulSetRevisions(
  ctx: ControllerContext,
  set: StatefulSet,
  revisions: readonly ControllerRevision[]
): { current: ControllerRevision; update: ControllerRevision; collisionCount: number } {
  let collisionCount = set.status.collisionCount ?? 0;
  const revision = nextRevision(revisions);
  const data = revisionData(set);
  const last = revisions[revisions.length - 1];
  let update: ControllerRevision;
  // The newest revision whose data equals the set's (the last of the equal ones).
  let newestEqual: ControllerRevision | undefined;
  for (let i = revisions.length - 1; i >= 0 && !newestEqual; i--) {
    const rev = revisions[i] as ControllerRevision;
    if (equalRevisionData(rev, data)) newestEqual = rev;
  }
  if (newestEqual && newestEqual === last) {
    update = newestEqual;
  } else if (newestEqual) {
    const result = ctx.api.update({ ...newestEqual, revision }, { trusted: true });
    if (!result.ok) throw new SyncError(result.error.message);
    update = result.object;
  } else {
    // CreateControllerRevision: on a name collision with different data, bump collisionCount.
    const candidate = newRevision(set, revision, collisionCount);
    for (;;) {
      const hash = hashControllerRevision(candidate.data, collisionCount);
      candidate.metadata.name = controllerRevisionName(set.metadata.name, hash);
      candidate.metadata.labels = { ...candidate.metadata.labels, 'controller.kubernetes.io/hash': hash };
      const result = ctx.api.create(candidate, { trusted: true });
      if (result.ok) {
        update = result.object;
        break;
      }
      if (result.error.reason !== 'AlreadyExists') throw new SyncError(result.error.message);
      const existing = ctx.api.get('ControllerRevision', set.metadata.namespace, candidate.metadata.name) as ControllerRevision | undefined;
      if (existing && equalRevision(existing, candidate)) {
        update = existing;
        break;
      }
      collisionCount += 1;
    }
  }
  let current = update;
  for (const rev of revisions) {
    if (rev.metadata.name === set.status.currentRevision) {
      current = rev;
      break;
    }
  }
  return { current, update, collisionCount };
}

/** The status literal both update paths start from (computeStatus fills in the counts). */
function newStatus(set: StatefulSet, currentRevision: ControllerRevision, updateRevision: ControllerRevision, collisionCount: number): SyncStatus {
  return {
    observedGeneration: set.metadata.generation ?? 0,
    replicas: 0,
    currentRevision: currentRevision.metadata.name,
    updateRevision: updateRevision.metadata.name,
    collisionCount,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
  };
}

function computeStatus(
  status: SyncStatus,
  set: StatefulSet,
  now: number,
  current: ControllerRevision,
  update: ControllerRevision,
  ...lists: Pod[][]
): void {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let currentCount = 0;
  let updated = 0;
  const minReady = set.spec.minReadySeconds ?? 0;
  const currentName = current.metadata.name;
  const updateName = update.metadata.name;
  for (const list of lists) {
    for (const pod of list) {
      const facts = podFacts(pod);
      if (facts.created) replicas++;
      if (facts.runningAndReady) {
        ready++;
        if (factsAvailable(facts, minReady, now)) available++;
      }
      if (facts.created && !facts.terminating) {
        if (facts.revision === currentName) currentCount++;
        if (facts.revision === updateName) updated++;
      }
    }
  }
  status.replicas = replicas;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  status.currentReplicas = currentCount;
  status.updatedReplicas = updated;
}

/**
 * currentSet and updateSet (ApplyRevision of the set with the current and the update revision), each
 * made when first read: only a placeholder's template and a pod repair read them, and most syncs do
 * neither. ApplyRevision replaces the template alone, so checks that read the set's identity, claim
 * templates or retention policy give the same answer on the set itself.
 */
class RevisionSets {
  private current: StatefulSet | undefined;
  private update: StatefulSet | undefined;
  readonly set: StatefulSet;
  readonly currentRevision: ControllerRevision;
  readonly updateRevision: ControllerRevision;
  constructor(set: StatefulSet, currentRevision: ControllerRevision, updateRevision: ControllerRevision) {
    this.set = set;
    this.currentRevision = currentRevision;
    this.updateRevision = updateRevision;
  }
  get currentSet(): StatefulSet {
    return (this.current ??= applyRevision(this.set, this.currentRevision));
  }
  get updateSet(): StatefulSet {
    return (this.update ??= applyRevision(this.set, this.updateRevision));
  }
}

/** newVersionedStatefulSetPod: current revision below the partition (or currentReplicas), else update. */
function newVersionedStatefulSetPod(sets: RevisionSets, ordinal: number): Pod {
  // The strategy, ordinals and status upstream reads from currentSet are the set's own (see RevisionSets).
  const set = sets.set;
  const strategy = set.spec.updateStrategy ?? {};
  const rolling = strategy.rollingUpdate;
  const start = getStartOrdinal(set);
  const useCurrent =
    (strategy.type === 'RollingUpdate' && rolling == null && ordinal < start + (set.status.currentReplicas ?? 0)) ||
    (rolling != null && ordinal < start + (rolling.partition ?? 0));
  return useCurrent
    ? newStatefulSetPod(sets.currentSet, ordinal, sets.currentRevision.metadata.name)
    : newStatefulSetPod(sets.updateSet, ordinal, sets.updateRevision.metadata.name);
}

/** updateStatefulSet: the replica, claim, condemned and update phases (§2.3). */
function updateStatefulSet(
  ctx: ControllerContext,
  set: StatefulSet,
  currentRevision: ControllerRevision,
  updateRevision: ControllerRevision,
  collisionCount: number,
  pods: Pod[]
): { status: SyncStatus; error?: SyncError | undefined } {
  const now = ctx.now;
  const minReady = set.spec.minReadySeconds ?? 0;
  const sets = new RevisionSets(set, currentRevision, updateRevision);
  const status = newStatus(set, currentRevision, updateRevision, collisionCount);
  computeStatus(status, set, now, currentRevision, updateRevision, pods);

  const start = getStartOrdinal(set);
  const replicaCount = set.spec.replicas ?? 1;
  const replicas = Array.from<Pod | undefined>({ length: replicaCount });
  const condemned: Pod[] = [];
  const end = getEndOrdinal(set);
  for (const pod of pods) {
    // podInOrdinalRange / getOrdinal, from the pod's cached facts.
    const ordinal = podFacts(pod).ordinal;
    if (ordinal >= start && ordinal <= end) replicas[ordinal - start] = pod;
    else if (ordinal >= 0) condemned.push(pod);
  }
  // Upstream fills every empty slot with a placeholder up front; building one only when a slot is
  // reached gives the same decisions (an empty slot is neither created nor available) for far less work.
  const slot = (i: number): Pod => {
    let pod = replicas[i];
    if (!pod) {
      pod = newVersionedStatefulSetPod(sets, start + i);
      replicas[i] = pod;
    }
    return pod;
  };
  const created = (): Pod[] => replicas.filter((p): p is Pod => p !== undefined);
  condemned.sort((a, b) => podFacts(b).ordinal - podFacts(a).ordinal);

  let firstUnhealthyPod: Pod | undefined;
  for (let i = 0; i < replicas.length; i++) {
    const pod = replicas[i];
    if (!pod || factsUnavailable(podFacts(pod), minReady, now)) {
      firstUnhealthyPod = slot(i);
      break;
    }
  }
  if (!firstUnhealthyPod) {
    for (let i = condemned.length - 1; i >= 0; i--) {
      const pod = condemned[i] as Pod;
      if (factsUnavailable(podFacts(pod), minReady, now)) {
        firstUnhealthyPod = pod;
        break;
      }
    }
  }

  if (set.metadata.deletionTimestamp) return { status };

  const monotonic = !allowsBurst(set);
  const finish = (error?: SyncError) => {
    computeStatus(status, set, now, currentRevision, updateRevision, created(), condemned);
    return { status, error };
  };

  const consistency = consistencyScope(ctx, set);
  let step = runForAll(replicas.length, (i) => processReplica(ctx, set, sets, consistency, monotonic, slot, i), monotonic);
  if (step.exit || step.error) return finish(step.error);

  step = runForAll(
    condemned.length,
    (i) => {
      const pod = condemned[i] as Pod;
      if (!claimsMatchRetentionPolicy(ctx, sets.updateSet, pod)) {
        const err = updatePodClaimForRetentionPolicy(ctx, sets.updateSet, pod);
        if (err) return { exit: true, error: err };
      }
      return CONTINUE;
    },
    monotonic
  );
  if (step.exit || step.error) return finish(step.error);

  step = runForAll(condemned.length, (i) => processCondemned(ctx, set, firstUnhealthyPod, monotonic, condemned, i), monotonic);
  if (step.exit || step.error) return finish(step.error);

  computeStatus(status, set, now, currentRevision, updateRevision, created(), condemned);
  const slots = replicas.map((_, i) => slot(i));

  const strategy = set.spec.updateStrategy ?? {};
  if (strategy.type === 'OnDelete') return { status };

  if (ctx.state.options.featureGates.MaxUnavailableStatefulSet) {
    return updateStatefulSetAfterInvariantEstablished(ctx, set, slots, updateRevision, status, minReady, now);
  }

  const updateMin = strategy.rollingUpdate != null ? (strategy.rollingUpdate.partition ?? 0) : 0;
  for (let target = slots.length - 1; target >= updateMin; target--) {
    const pod = slots[target] as Pod;
    if (getPodRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
      const err = deleteStatefulPod(ctx, set, pod);
      status.currentReplicas -= 1;
      if (err && err.code !== 404) return { status, error: new SyncError(err.message) };
      return { status };
    }
    if (factsUnavailable(podFacts(pod), minReady, now)) return { status };
  }
  return { status };
}

/**
 * updateStatefulSet for the sets indexedSync admits (Parallel, minReadySeconds 0, every pod in a
 * slot), reading the slot index instead of walking the pods. It makes the same calls in the same
 * order as updateStatefulSet would: there are no condemned pods, so both status passes count the
 * stored pods (placeholders, created or not, are phase-less and count nothing); the replica
 * pass skips only quiet slots, whose processReplica continues without a write; the update pass
 * skips from the top only stored pods already at the update revision, Ready and not terminating.
 */
function updateStatefulSetIndexed(
  ctx: ControllerContext,
  set: StatefulSet,
  currentRevision: ControllerRevision,
  updateRevision: ControllerRevision,
  collisionCount: number,
  index: SlotIndex
): { status: SyncStatus; error?: SyncError | undefined } {
  const sets = new RevisionSets(set, currentRevision, updateRevision);
  const status = newStatus(set, currentRevision, updateRevision, collisionCount);
  const consistency = consistencyScope(ctx, set);
  // The quiet flags hold while the set's relevant fields do; claim writes mark their own slot stale
  // (noteSetClaim), so a claim bound elsewhere in the namespace does not make every slot look again.
  index.refreshQuiet(consistency.signature, (pod) => {
    // isCreated, isFailed, isSucceeded and isPending read the phase alone.
    const phase = pod.status.phase;
    if (!phase || phase === 'Failed' || phase === 'Succeeded') return false;
    if (phase === 'Pending' && !pendingClaimsSettled(ctx, set, pod)) return false;
    return podConsistent(ctx, set, consistency, pod);
  });
  const currentId = index.revisionId(currentRevision.metadata.name);
  const updateId = index.revisionId(updateRevision.metadata.name);
  const count = index.pods.length;
  // computeStatus over the slots, from the counts the index keeps as pods are written.
  status.replicas = index.createdCount;
  status.readyReplicas = index.readyCount;
  status.availableReplicas = index.readyCount;
  status.currentReplicas = index.liveAt(currentId);
  status.updatedReplicas = index.liveAt(updateId);

  const start = getStartOrdinal(set);
  // The slots this sync touched (their placeholders) over the index's stored pods:
  // a sync then costs the slots it visits, not a copy of every slot.
  let touched: Map<number, Pod> | undefined;
  const keep = (i: number, pod: Pod): void => void (touched ??= new Map()).set(i, pod);
  const slot = (i: number): Pod => {
    let pod = touched?.get(i) ?? index.pods[i];
    if (!pod) {
      pod = newVersionedStatefulSetPod(sets, start + i);
      keep(i, pod);
    }
    return pod;
  };
  // A slot's touched copy changes only when its own step runs, so the quiet flags hold throughout.
  const step = runForSlots(count, index.loudSlots(), (i) => processReplica(ctx, set, sets, consistency, false, slot, i));
  if (step.exit || step.error) return { status, error: step.error };

  const strategy = set.spec.updateStrategy ?? {};
  if (strategy.type === 'OnDelete') return { status };
  const updateMin = strategy.rollingUpdate != null ? (strategy.rollingUpdate.partition ?? 0) : 0;
  // Slots from the settled frontier up hold stored, untouched pods at the update revision, Ready and
  // not terminating (a touched slot held no created pod): the loop below would pass over them.
  for (let target = Math.min(count, index.settledTop(updateId)) - 1; target >= updateMin; target--) {
    // A slot is touched only when it held no stored pod, so a stored pod here is the one the index holds.
    const stored = index.pods[target];
    if (stored && index.revision[target] === updateId && !index.terminating[target] && index.ready[target]) continue;
    const pod = slot(target);
    if (getPodRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
      const err = deleteStatefulPod(ctx, set, pod);
      status.currentReplicas -= 1;
      if (err && err.code !== 404) return { status, error: new SyncError(err.message) };
      return { status };
    }
    // isUnavailable (minReadySeconds 0): a placeholder has no phase; a stored pod is as its flags say.
    if (!stored || index.terminating[target] || !index.ready[target]) return { status };
  }
  return { status };
}

/** getStatefulSetMaxUnavailable: integer or percentage of replicas rounded down, at least 1. */
export function getStatefulSetMaxUnavailable(value: number | string | undefined, replicas: number): number {
  if (value === undefined) return 1;
  let n: number;
  if (typeof value === 'string' && value.endsWith('%')) n = Math.floor((Number(value.slice(0, -1)) * replicas) / 100);
  else n = Number(value);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

/** The maxUnavailable path (gate MaxUnavailableStatefulSet, v1.35/v1.36 form). */
function updateStatefulSetAfterInvariantEstablished(
  ctx: ControllerContext,
  set: StatefulSet,
  slots: Pod[],
  updateRevision: ControllerRevision,
  status: SyncStatus,
  minReady: number,
  now: number
): { status: SyncStatus; error?: SyncError } {
  const rolling = set.spec.updateStrategy?.rollingUpdate;
  const updateMin = rolling != null ? (rolling.partition ?? 0) : 0;
  const maxUnavailable = getStatefulSetMaxUnavailable(rolling?.maxUnavailable ?? undefined, set.spec.replicas ?? 1);
  let unavailable = 0;
  for (const pod of slots) if (factsUnavailable(podFacts(pod), minReady, now)) unavailable++;
  if (unavailable >= maxUnavailable) return { status };
  let budget = maxUnavailable - unavailable;
  for (let target = slots.length - 1; target >= updateMin && budget > 0; target--) {
    const pod = slots[target] as Pod;
    if (getPodRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
      const err = deleteStatefulPod(ctx, set, pod);
      if (err && err.code !== 404) return { status, error: new SyncError(err.message) };
      status.currentReplicas -= 1;
      budget--;
    }
  }
  return { status };
}

/** runForAll: monotonic stops at the first "exit"; burst runs slow-start batches and stops on errors. */
function runForAll(count: number, fn: (i: number) => StepResult, monotonic: boolean): StepResult {
  if (monotonic) {
    for (let i = 0; i < count; i++) {
      const r = fn(i);
      if (r.exit || r.error) return { exit: true, error: r.error };
    }
    return CONTINUE;
  }
  // slowStartBatch(1, count, fn): batches of 1, 2, 4 … (≤ 500); a batch with an error ends the run.
  let index = 0;
  for (let batch = Math.min(count, 1); batch > 0; batch = Math.min(2 * batch, count - index, MAX_BATCH_SIZE)) {
    let firstError: SyncError | undefined;
    for (let j = 0; j < batch; j++) {
      const r = fn(index + j);
      if (r.error && !firstError) firstError = r.error;
    }
    index += batch;
    if (firstError) return { exit: true, error: firstError };
  }
  return CONTINUE;
}

/**
 * runForAll's burst path over `count` indices when only `visit` (ascending) can do anything: the
 * others are known to continue without a write (the indexed sync's quiet slots). The batches are the
 * same, so an error stops the run at the same batch boundary.
 */
function runForSlots(count: number, visit: readonly number[], fn: (i: number) => StepResult): StepResult {
  let k = 0;
  let index = 0;
  for (let batch = Math.min(count, 1); batch > 0; batch = Math.min(2 * batch, count - index, MAX_BATCH_SIZE)) {
    let firstError: SyncError | undefined;
    const end = index + batch;
    for (; k < visit.length && (visit[k] as number) < end; k++) {
      const r = fn(visit[k] as number);
      if (r.error && !firstError) firstError = r.error;
    }
    index = end;
    if (firstError) return { exit: true, error: firstError };
  }
  return CONTINUE;
}

/** processReplica: the decision table R1–R7 of §2.4 for one slot. */
function processReplica(
  ctx: ControllerContext,
  set: StatefulSet,
  sets: RevisionSets,
  consistency: ConsistencyScope,
  monotonic: boolean,
  slot: (i: number) => Pod,
  i: number
): StepResult {
  const pod = slot(i);
  const minReady = set.spec.minReadySeconds ?? 0;
  if (isFailed(pod) || isSucceeded(pod)) {
    if (!isTerminating(pod)) {
      const err = deleteStatefulPod(ctx, set, pod);
      if (err) return { exit: true, error: new SyncError(err.message) };
    }
    return EXIT;
  }
  if (!isCreated(pod)) {
    if (podClaimIsStale(ctx, set, pod)) return EXIT;
    // The slot keeps the phase-less placeholder, as the informer has not delivered the created pod yet.
    const error = createStatefulPod(ctx, set, pod);
    if (error) return { exit: true, error };
    if (monotonic) return EXIT;
  }
  if (isPending(pod)) {
    const err = createMissingPersistentVolumeClaims(ctx, set, pod);
    if (err) return { exit: true, error: err };
  }
  if (monotonic) {
    const facts = podFacts(pod);
    if (facts.terminating || !facts.runningAndReady || !factsAvailable(facts, minReady, ctx.now)) return EXIT;
  }
  // A pod not yet created continues whether or not it is consistent (the check has no effect).
  if (!isCreated(pod) || podConsistent(ctx, set, consistency, pod)) return CONTINUE;
  const err = updateStatefulPod(ctx, sets.updateSet, deepClone(pod));
  if (err) return { exit: true, error: err };
  return CONTINUE;
}

/** processCondemned: C1–C4 of §2.5. */
function processCondemned(
  ctx: ControllerContext,
  set: StatefulSet,
  firstUnhealthyPod: Pod | undefined,
  monotonic: boolean,
  condemned: Pod[],
  i: number
): StepResult {
  const pod = condemned[i] as Pod;
  const minReady = set.spec.minReadySeconds ?? 0;
  if (isTerminating(pod)) return { exit: monotonic };
  if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthyPod) return EXIT;
  if (!isRunningAndAvailable(pod, minReady, ctx.now) && monotonic && pod !== firstUnhealthyPod) return EXIT;
  const err = deleteStatefulPod(ctx, set, pod);
  return { exit: true, error: err ? new SyncError(err.message) : undefined };
}

/** updateStatefulSetStatus: completeRollingUpdate, then write only if inconsistent. */
function updateStatefulSetStatus(ctx: ControllerContext, set: StatefulSet, status: SyncStatus): SyncError | undefined {
  if (
    set.spec.updateStrategy?.type === 'RollingUpdate' &&
    status.updatedReplicas === status.readyReplicas &&
    status.readyReplicas === status.replicas &&
    status.replicas === (set.spec.replicas ?? 1)
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  const old = set.status;
  const inconsistent =
    status.observedGeneration > (old.observedGeneration ?? 0) ||
    status.replicas !== old.replicas ||
    status.readyReplicas !== (old.readyReplicas ?? 0) ||
    status.currentReplicas !== (old.currentReplicas ?? 0) ||
    status.updatedReplicas !== (old.updatedReplicas ?? 0) ||
    status.availableReplicas !== (old.availableReplicas ?? 0) ||
    status.currentRevision !== old.currentRevision ||
    status.updateRevision !== old.updateRevision;
  if (!inconsistent) return undefined;
  // The status subresource drops zero counts as omitempty does (a copy without them, in the same order).
  const written: StatefulSetStatus = {
    observedGeneration: status.observedGeneration,
    replicas: status.replicas,
    currentRevision: status.currentRevision,
    updateRevision: status.updateRevision,
    collisionCount: status.collisionCount,
  };
  if (status.readyReplicas) written.readyReplicas = status.readyReplicas;
  written.availableReplicas = status.availableReplicas;
  if (status.currentReplicas) written.currentReplicas = status.currentReplicas;
  if (status.updatedReplicas) written.updatedReplicas = status.updatedReplicas;
  const current = ctx.api.get('StatefulSet', set.metadata.namespace, set.metadata.name);
  if (!current) return undefined;
  const result = ctx.api.updateStatus({ ...current, status: written });
  return result.ok ? undefined : new SyncError(result.error.message);
}

/** truncateHistory: delete non-live revisions beyond revisionHistoryLimit, oldest first. */
function truncateHistory(
  ctx: ControllerContext,
  set: StatefulSet,
  pods: () => Pod[],
  revisions: readonly ControllerRevision[],
  current: ControllerRevision | undefined,
  update: ControllerRevision | undefined
): void {
  const limit = set.spec.revisionHistoryLimit ?? 10;
  if (limit < 0) return;
  // The pods' revisions only shorten the history: when it is within the limit without them, skip the walk.
  let outside = 0;
  for (const rev of revisions) if (rev.metadata.name !== current?.metadata.name && rev.metadata.name !== update?.metadata.name) outside++;
  if (outside <= limit) return;
  const live = new Set<string>();
  if (current) live.add(current.metadata.name);
  if (update) live.add(update.metadata.name);
  for (const pod of pods()) live.add(getPodRevision(pod));
  const history = revisions.filter((rev) => !live.has(rev.metadata.name));
  if (history.length <= limit) return;
  for (const rev of history.slice(0, history.length - limit)) {
    ctx.api.delete('ControllerRevision', rev.metadata.namespace, rev.metadata.name);
  }
}

/**
 * What identityMatches, storageMatches and claimsMatchRetentionPolicy read from the set (its name,
 * namespace, uid, claim template names, ordinal range and retention policy), as one string, and a
 * token that changes whenever any claim in the namespace is written (claimWriteCount).
 */
interface ConsistencyScope {
  readonly signature: string;
  readonly claimWrites: number;
}

function consistencyScope(ctx: ControllerContext, set: StatefulSet): ConsistencyScope {
  return { signature: specSignature(scopeSignatures, set, buildScopeSignature), claimWrites: claimWriteCount(ctx.state, set.metadata.namespace ?? '') };
}

function buildScopeSignature(set: StatefulSet): string {
  const policy = retentionPolicy(set);
  const templates = (set.spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '');
  return [set.metadata.uid, set.metadata.namespace, set.metadata.name, getStartOrdinal(set), set.spec.replicas ?? 1, policy.whenDeleted, policy.whenScaled, ...templates].join('\u0000');
}

/** consistencyScope's signature per spec object (see specSignature). */
const scopeSignatures: Parameters<typeof specSignature>[0] = new WeakMap();

/**
 * For a pending pod, createMissingPersistentVolumeClaims would do nothing: every claim exists, none is
 * being deleted, none has a conflicting controller (that warns on every sync) and every one already
 * has the owner references the retention policy wants.
 */
function pendingClaimsSettled(ctx: ControllerContext, set: StatefulSet, pod: Pod): boolean {
  for (const name of podClaimNames(set, pod)) {
    const claim = getClaim(ctx, set, name);
    if (!claim || claim.metadata.deletionTimestamp || hasUnexpectedController(claim, set, pod) || !isClaimOwnerUpToDate(claim, set, pod)) return false;
  }
  return true;
}

interface ConsistencyEntry {
  readonly signature: string;
  /** What the verdict read from the pod: its identity, its labels and volumes (by identity). */
  readonly uid: string | undefined;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly volumes: unknown;
  readonly identityAndStorage: boolean;
  /** podClaimNames: they read the set's name and claim template names (the signature) and the pod's name. */
  readonly names: readonly string[];
  claimWrites: number;
  claims: (PersistentVolumeClaim | undefined)[];
  retention: boolean;
}

/**
 * The last consistency verdict per stored pod's labels object: status writes and the binding keep a
 * pod's labels and volumes (the same objects, as stored objects are never mutated), so a pod's new
 * versions reuse the verdict of the old one while its identity, labels and volumes stay the same.
 */
const consistencyCache = new WeakMap<object, ConsistencyEntry>();

/**
 * identityMatches && storageMatches && (not created || claimsMatchRetentionPolicy), remembered per
 * stored pod while the set's relevant fields and the pod's claims stay the same objects.
 */
function podConsistent(ctx: ControllerContext, set: StatefulSet, scope: ConsistencyScope, pod: Pod): boolean {
  // Upstream asks claimsMatchRetentionPolicy of updateSet; ApplyRevision changes only the template,
  // which the claim checks never read, so the set itself gives the same answer (see RevisionSets).
  const updateSet = set;
  if (!isCreated(pod)) return identityMatches(set, pod) && storageMatches(set, pod);
  const key = pod.metadata.labels ?? pod;
  let entry = consistencyCache.get(key);
  if (
    !entry ||
    entry.signature !== scope.signature ||
    entry.uid !== pod.metadata.uid ||
    entry.name !== pod.metadata.name ||
    entry.namespace !== pod.metadata.namespace ||
    entry.volumes !== pod.spec.volumes
  ) {
    const names = podClaimNames(updateSet, pod);
    const claims = names.map((name) => getClaim(ctx, updateSet, name));
    entry = {
      signature: scope.signature,
      uid: pod.metadata.uid,
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      volumes: pod.spec.volumes,
      identityAndStorage: identityMatches(set, pod) && storageMatches(set, pod),
      names,
      claimWrites: scope.claimWrites,
      claims,
      retention: claims.every((claim) => !claim || isClaimOwnerUpToDate(claim, updateSet, pod)),
    };
    consistencyCache.set(key, entry);
  } else if (entry.claimWrites !== scope.claimWrites) {
    // Re-read the claims; only a changed one makes the retention verdict be recomputed.
    const names = entry.names;
    const claims = entry.claims;
    let changed = claims.length !== names.length;
    for (let i = 0; !changed && i < names.length; i++) changed = getClaim(ctx, updateSet, names[i] as string) !== claims[i];
    if (changed) {
      // The entry's own list (made by this function, never handed out): refilled in place.
      claims.length = names.length;
      let retention = true;
      for (let i = 0; i < names.length; i++) {
        const claim = getClaim(ctx, updateSet, names[i] as string);
        claims[i] = claim;
        if (retention && claim && !isClaimOwnerUpToDate(claim, updateSet, pod)) retention = false;
      }
      entry.retention = retention;
    }
    entry.claimWrites = scope.claimWrites;
  }
  return entry.identityAndStorage && entry.retention;
}

const ownerSetKeys = new WeakMap<readonly OwnerReference[], { readonly namespace: string | undefined; readonly keys: readonly string[] }>();

/** The informer hook for the slot index: notes a pod write for every set its new or old object concerns. */
export function noteSetPods(ctx: ControllerContext, pod: Pod, old: Pod | undefined): void {
  // The sets a pod concerns are in its namespace, so the name identifies it there.
  const name = pod.metadata.name;
  const keys = setsForPod(ctx, pod);
  for (let i = 0; i < keys.length; i++) noteSetPod(ctx.state, keys[i] as string, name);
  if (!old) return;
  // The same remembered keys (the usual write, which keeps the owner references): already noted.
  const oldKeys = setsForPod(ctx, old);
  if (oldKeys !== keys) for (let i = 0; i < oldKeys.length; i++) noteSetPod(ctx.state, oldKeys[i] as string, name);
}

/**
 * The set keys a pod change concerns: its owner, or every set whose selector matches an orphan. For
 * an owned pod the answer depends on its owner references and namespace alone, so it is remembered
 * per owner-references array (shared by a pod's versions, and by every pod the controller built from
 * one set). Shared: callers never mutate it.
 */
export function setsForPod(ctx: ControllerContext, pod: Pod): readonly string[] {
  const refs = pod.metadata.ownerReferences;
  if (refs) {
    const cached = ownerSetKeys.get(refs);
    if (cached && cached.namespace === pod.metadata.namespace) return cached.keys;
  }
  const ref = getControllerOf(pod);
  if (ref) {
    const keys = ref.kind === 'StatefulSet' ? [objectKey(pod.metadata.namespace, ref.name)] : [];
    if (refs) ownerSetKeys.set(refs, { namespace: pod.metadata.namespace, keys });
    return keys;
  }
  return (ctx.api.list('StatefulSet', pod.metadata.namespace) as StatefulSet[])
    .filter((set) => selectorMatches(set.spec.selector, pod.metadata.labels))
    .map((set) => objectKey(set.metadata.namespace, set.metadata.name));
}
