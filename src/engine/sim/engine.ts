/**
 * The engine loop: routes every API write to the controllers that watch it (as informers do),
 * drains their queues in a fixed order at each virtual instant, and fires timers in (time, seq)
 * order. Deterministic: same state + same calls ⇒ same writes.
 */
import { ApiServer } from '../api/server.ts';
import { syncDeployment, watchDeployments } from '../controllers/deployment/controller.ts';
import { syncDisruption, watchDisruptions } from '../controllers/disruption.ts';
import { syncEndpoints, servicesForPod, servicesToUpdateOnPodChange } from '../controllers/endpoints.ts';
import { noteTriggerPod } from '../controllers/endpoint-trigger.ts';
import { sliceServiceToSync } from '../controllers/endpointslice-reconciler.ts';
import { dropServiceIndex, noteServicePod } from '../controllers/endpoint-index.ts';
import { noteSchedulerPod } from '../controllers/scheduler/snapshot-index.ts';
import { indexOwners, processOwner, type OwnerIndex } from '../controllers/gc.ts';
import { syncPod } from '../controllers/kubelet.ts';
import { evictPod, syncNode } from '../controllers/nodes.ts';
import { syncNamespace } from '../controllers/namespace.ts';
import { schedulePod } from '../controllers/scheduler.ts';
import { noteSetPods, setsForPod, syncStatefulSet } from '../controllers/statefulset/controller.ts';
import { noteSetClaim } from '../controllers/statefulset/slot-index.ts';
import { isRunningAndReady } from '../controllers/statefulset/utils.ts';
import { syncReplicaSet, watchReplicaSets } from '../controllers/replicaset.ts';
import { syncServiceAccounts, watchServiceAccounts } from '../controllers/serviceaccount.ts';
import { watchNfsProvisioners } from '../controllers/nfs.ts';
import { runProvisioner, syncClaim, syncClaimProtection, syncVolume, syncVolumeProtection } from '../controllers/volume.ts';
import type { K8sObject, PersistentVolume, Pod, StatefulSet } from '../model/types.ts';
import { flatten, jsonEqual } from '../model/util.ts';
import type { ControllerContext, QueueName } from './context.ts';
import { addKey, deleteKey, isOnlyKey, keyList, type KeySet } from './key-sets.ts';
import { PrefixedKeys } from './queue-keys.ts';
import { objectKey, type Change, type ClusterState, type Timer, type TimerKind } from './state.ts';

const QUEUE_ORDER: QueueName[] = [
  'gc',
  'protection',
  'volume',
  'scheduler',
  'kubelet',
  'statefulset',
  'deployment',
  'replicaset',
  'disruption',
  'endpoints',
  'nodelifecycle',
  'namespace',
  'serviceaccount',
];
const QUEUE_INDEX = Object.fromEntries(QUEUE_ORDER.map((q, i) => [q, i])) as Record<QueueName, number>;
/** Guards against a controller feedback loop within one instant (a bug, reported loudly). */
const MAX_ITEMS_PER_INSTANT = 200_000;

export class Engine {
  readonly state: ClusterState;
  readonly api: ApiServer;
  private readonly owners: OwnerIndex = new Map();
  /** The work queues, in QUEUE_ORDER (QUEUE_INDEX finds a queue's place). */
  private readonly queues: Set<string>[] = QUEUE_ORDER.map(() => new Set<string>());
  /**
   * Per queue, the handler its keys are drained through (Set.forEach: a for-of over the set makes an
   * iterator result per key, and there are ~16,000 per 1,000-pod creation).
   */
  private readonly drainers: ((key: string) => void)[] = QUEUE_ORDER.map((name) => (key: string) => this.handle(name, key));
  /**
   * Timers at the front of state.timers that have fired and are not yet cut off: a settle removes
   * them in bulk (dropFired) instead of shifting the whole list at every instant. Zero whenever a
   * public method returns, so state.timers is exact outside the engine.
   */
  private fired = 0;
  /** A drained queue's set, kept to take the next queue's place (see runQueues). */
  private spareQueue: Set<string> | undefined = new Set<string>();
  /**
   * Timer kind → key → the instant its pending timer is due at, or the instants when it has several:
   * "is one already scheduled then" and hasTimer without a scan of state.timers or a key string per
   * timer (most keys have one timer: a number, no array).
   */
  private readonly pending = new Map<TimerKind, Map<string, number | number[]>>();
  /** Claim "namespace/name" → pods that mount it ("namespace/name"). */
  private readonly claimUsers = new Map<string, KeySet>();
  /**
   * Pod storage key → the claims its stored volumes array names (claimsOf), with that array: stored
   * objects are never mutated, and pod writes that keep the spec share it. A Map by key, not a
   * WeakMap by array: weak entries with young keys are extra work for every scavenge.
   */
  private readonly podClaims = new Map<string, PodClaims>();
  /** PersistentVolumes without a claimRef (any claim may take them). */
  private readonly unreservedVolumes = new Set<string>();
  /** Claim "namespace/name" → PersistentVolumes whose claimRef names it. */
  private readonly reservedVolumes = new Map<string, KeySet>();
  /** Unbound pods the scheduler found no node for: retried when nodes, volumes or classes change. */
  private readonly unschedulable = new Set<string>();
  /** Namespaces being deleted (a stored Namespace with a deletionTimestamp), kept on Namespace writes. */
  private readonly terminatingNamespaces = new Set<string>();
  /** "Kind|namespace/name" of stored objects in foreground deletion: while none is, no dependent write re-checks an owner. */
  private readonly foregroundOwners = new Set<string>();
  /** The volume and protection queues' keys: "claim:", "pvc:" (claims) and "pv:" (volumes) before the storage key. */
  private readonly claimKeys = new PrefixedKeys('claim:');
  private readonly protectedClaimKeys = new PrefixedKeys('pvc:');
  private readonly volumeKeys = new PrefixedKeys('pv:');
  private readonly ctx: ControllerContext;

  constructor(state: ClusterState) {
    this.state = state;
    // Read before the API server takes the objects over (see ApiServer's constructor).
    const objects = state.objects;
    this.api = new ApiServer(state, (type, kind, object, old, key) => this.onWrite(type, kind, object, old, key));
    for (const [kind, bucket] of Object.entries(objects)) {
      for (const [key, obj] of Object.entries(bucket)) {
        indexOwners(this.owners, obj, undefined, false);
        if (inForegroundDeletion(obj)) this.foregroundOwners.add(`${kind}|${key}`);
        if (kind === 'Namespace' && obj.metadata.deletionTimestamp) this.terminatingNamespaces.add(obj.metadata.name);
      }
    }
    for (const t of state.timers) this.notePending(t.kind, t.key, t.at);
    for (const pod of this.api.list('Pod') as Pod[]) this.indexPod(pod, undefined);
    for (const pv of this.api.list('PersistentVolume')) this.indexVolume(pv, undefined, false);
    this.ctx = {
      api: this.api,
      state,
      get now() {
        return state.now;
      },
      schedule: (kind, key, at, quiet) => this.schedule(kind, key, at, quiet),
      enqueue: (queue, key) => this.enqueue(queue, key),
      candidateVolumes: (claims) => this.candidateVolumes(claims),
      claimUsers: (namespace, claim) => keyList(this.claimUsers.get(objectKey(namespace, claim))),
      hasTimer: (kind, key) => this.pending.get(kind)?.get(key) !== undefined,
    };
  }

  get context(): ControllerContext {
    return this.ctx;
  }

  enqueue(queue: QueueName, key: string): void {
    this.queues[QUEUE_INDEX[queue]]?.add(key);
  }

  schedule(kind: TimerKind, key: string, at: number, quiet = false): void {
    if (!Number.isFinite(at)) return;
    const when = Math.max(at, this.state.now);
    if (!this.notePending(kind, key, when)) return;
    const timer: Timer = { at: when, seq: this.state.timerSeq++, kind, key };
    if (quiet) timer.quiet = true;
    const timers = this.state.timers;
    let lo = this.fired;
    let hi = timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = timers[mid] as Timer;
      if (t.at < when || (t.at === when && t.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    // Most timers are due after every pending one: appended without splice's result array.
    if (lo === timers.length) timers.push(timer);
    else timers.splice(lo, 0, timer);
  }

  /** Drains every queue at the current instant, in QUEUE_ORDER, until all are empty. */
  runQueues(): void {
    let processed = 0;
    for (;;) {
      let any = false;
      for (let i = 0; i < QUEUE_ORDER.length; i++) {
        const queue = this.queues[i] as Set<string>;
        if (queue.size === 0) continue;
        any = true;
        const name = QUEUE_ORDER[i] as QueueName;
        // The queue's keys are taken as they are and an empty set takes its place, for what the
        // handlers queue meanwhile; once drained, the set is the spare for the next turn.
        this.queues[i] = this.spareQueue ?? new Set<string>();
        this.spareQueue = undefined;
        // Handlers add to the new set, so this one keeps its size while it is drained.
        processed += queue.size;
        queue.forEach(this.drainers[i] as (key: string) => void);
        queue.clear();
        this.spareQueue = queue;
        if (processed > MAX_ITEMS_PER_INSTANT) throw new Error(`controllers did not settle at t=${this.state.now}ms (queue ${name})`);
        break;
      }
      if (!any) return;
    }
  }

  /** Runs everything due up to `target` (virtual ms), then sets the clock to `target`. */
  advanceTo(target: number): void {
    try {
      this.runUntil(target);
    } finally {
      this.dropFired();
    }
  }

  /**
   * Cluster.settle: advances from busy timer to busy timer (quiet resyncs due on the way fire too)
   * until none is left or the next is after `limit`, which then becomes the clock.
   */
  settle(limit: number): void {
    try {
      this.runQueues();
      for (;;) {
        const next = this.nextBusyTimer();
        if (!next) break;
        if (next.at > limit) {
          this.runUntil(limit);
          break;
        }
        this.runUntil(next.at);
        // Cut off once the fired part is large and at least half the list: linear overall.
        if (this.fired >= 1024 && this.fired * 2 >= this.state.timers.length) this.dropFired();
      }
    } finally {
      this.dropFired();
    }
  }

  /** Removes the fired timers from the front of state.timers. */
  private dropFired(): void {
    const fired = this.fired;
    if (fired === 0) return;
    const timers = this.state.timers;
    timers.copyWithin(0, fired);
    timers.length -= fired;
    this.fired = 0;
  }

  /** advanceTo, leaving fired timers at the front of state.timers (see fired). */
  private runUntil(target: number): void {
    this.runQueues();
    const timers = this.state.timers;
    for (;;) {
      // Events whose TTL ran out go first (etcd's lease expiry writes nothing any controller watches).
      const expiry = this.api.nextEventExpiry();
      const next = timers[this.fired]?.at;
      if (expiry !== undefined && expiry <= target && (next === undefined || expiry <= next)) {
        this.state.now = Math.max(this.state.now, expiry);
        this.api.expireEvents();
        continue;
      }
      if (next === undefined || next > target) break;
      // Everything due at one instant fires together, then the controllers run once: informers
      // batch events the same way, and it keeps a 1,000-pod rollout linear.
      const at = next;
      const first = this.fired;
      let end = first;
      while (end < timers.length && (timers[end] as Timer).at === at) end++;
      // Marked fired before any fires: a timer scheduled meanwhile (due now or later, with a higher
      // seq) goes after them, so the fired part keeps its place.
      this.fired = end;
      this.state.now = Math.max(this.state.now, at);
      for (let k = first; k < end; k++) {
        const timer = timers[k] as Timer;
        this.forgetPending(timer.kind, timer.key, timer.at);
      }
      for (let k = first; k < end; k++) this.fire(timers[k] as Timer);
      this.runQueues();
    }
    this.state.now = Math.max(this.state.now, target);
  }

  /** Notes a timer (kind, key) due at `at`; false when one is already due then. */
  private notePending(kind: TimerKind, key: string, at: number): boolean {
    let byKey = this.pending.get(kind);
    if (!byKey) this.pending.set(kind, (byKey = new Map()));
    const due = byKey.get(key);
    if (due === undefined) byKey.set(key, at);
    else if (typeof due === 'number') {
      if (due === at) return false;
      byKey.set(key, [due, at]);
    } else if (due.includes(at)) return false;
    else due.push(at);
    return true;
  }

  private forgetPending(kind: TimerKind, key: string, at: number): void {
    const byKey = this.pending.get(kind);
    const due = byKey?.get(key);
    if (!byKey || due === undefined) return;
    if (typeof due === 'number') {
      if (due === at) byKey.delete(key);
      return;
    }
    const i = due.indexOf(at);
    if (i < 0) return;
    // The instants are a set: the last takes the removed one's place; one left is kept as a number.
    due[i] = due[due.length - 1] as number;
    due.pop();
    if (due.length === 1) byKey.set(key, due[0] as number);
  }

  /** The next timer a learner would wait for (quiet resyncs excluded), if any. */
  nextBusyTimer(): Timer | undefined {
    const timers = this.state.timers;
    for (let k = this.fired; k < timers.length; k++) if (!(timers[k] as Timer).quiet) return timers[k];
    return undefined;
  }

  private fire(timer: Timer): void {
    switch (timer.kind) {
      case 'statefulset':
        return this.enqueue('statefulset', timer.key);
      case 'scheduler':
        return this.enqueue('scheduler', timer.key);
      case 'kubelet':
        return this.enqueue('kubelet', timer.key);
      case 'volume':
        return this.enqueue('volume', timer.key);
      case 'nodelifecycle':
        return this.enqueue('nodelifecycle', timer.key);
      case 'provisioner':
        return runProvisioner(this.ctx, timer.key);
      case 'taint-eviction':
        return evictPod(this.ctx, timer.key);
      case 'replicaset':
      case 'deployment':
      case 'disruption':
        return this.enqueue(timer.kind, timer.key);
      default: {
        const never: never = timer.kind;
        throw new Error(`unknown timer ${String(never)}`);
      }
    }
  }

  private handle(queue: QueueName, key: string): void {
    const ctx = this.ctx;
    switch (queue) {
      case 'statefulset':
        return syncStatefulSet(ctx, key);
      case 'scheduler':
        return schedulePod(ctx, key);
      case 'kubelet':
        return syncPod(ctx, key);
      case 'volume': {
        if (key.startsWith('claim:')) {
          const claim = this.claimKeys.plain(key);
          syncClaim(ctx, claim);
          return this.forgetClaimKeyIfGone(this.claimKeys, claim);
        }
        const volume = this.volumeKeys.plain(key);
        syncVolume(ctx, volume);
        return this.forgetVolumeKeyIfGone(volume);
      }
      case 'protection': {
        if (key.startsWith('pvc:')) {
          const claim = this.protectedClaimKeys.plain(key);
          syncClaimProtection(ctx, claim);
          return this.forgetClaimKeyIfGone(this.protectedClaimKeys, claim);
        }
        const volume = this.volumeKeys.plain(key);
        syncVolumeProtection(ctx, volume);
        return this.forgetVolumeKeyIfGone(volume);
      }
      case 'endpoints':
        return syncEndpoints(ctx, key);
      case 'nodelifecycle':
        return syncNode(ctx, key);
      case 'namespace':
        return syncNamespace(ctx, key);
      case 'deployment':
        return syncDeployment(ctx, key);
      case 'replicaset':
        return syncReplicaSet(ctx, key);
      case 'disruption':
        return syncDisruption(ctx, key);
      case 'serviceaccount':
        return syncServiceAccounts(ctx, key);
      case 'gc': {
        const [uid = '', kind = '', rest = ''] = key.split('|');
        const slash = rest.indexOf('/');
        const owner = kind ? this.api.get(kind, rest.slice(0, slash), rest.slice(slash + 1)) : undefined;
        return processOwner(ctx, this.owners, uid, owner && owner.metadata.uid === uid ? owner : undefined);
      }
      default: {
        const never: never = queue;
        throw new Error(`unknown queue ${String(never)}`);
      }
    }
  }

  /** The informers: who cares about this write. */
  private onWrite(type: Change['type'], kind: string, obj: K8sObject, old: K8sObject | undefined, key: string): void {
    const deleted = type === 'DELETED';
    if (kind === 'Namespace') {
      if (!deleted && obj.metadata.deletionTimestamp) this.terminatingNamespaces.add(obj.metadata.name);
      else this.terminatingNamespaces.delete(obj.metadata.name);
    }
    const foregroundBefore = !!old && inForegroundDeletion(old);
    const foregroundNow = !deleted && inForegroundDeletion(obj);
    if (foregroundBefore || foregroundNow) {
      const storageKey = `${kind}|${key}`;
      if (foregroundNow) this.foregroundOwners.add(storageKey);
      else this.foregroundOwners.delete(storageKey);
    }
    // The namespace controller empties a Terminating namespace; every removal there may finish it.
    const ns = obj.kind === 'Namespace' ? obj.metadata.name : obj.metadata.namespace;
    if (ns && this.terminatingNamespaces.has(ns)) this.enqueue('namespace', ns);
    if (kind === 'Event') return;
    indexOwners(this.owners, obj, old, deleted);
    const uid = obj.metadata.uid ?? '';
    if (deleted || (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).some((f) => f === 'orphan' || f === 'foregroundDeletion'))) {
      if (this.owners.get(uid)?.size || !deleted) this.enqueue('gc', `${uid}|${obj.kind}|${key}`);
    }
    // An owner waiting in foreground deletion is re-checked whenever one of its dependents changes
    // (no stored object in foreground deletion: no owner to find).
    if (this.foregroundOwners.size > 0) {
      for (const ref of [...(obj.metadata.ownerReferences ?? []), ...(old?.metadata.ownerReferences ?? [])]) {
        const owner = this.api.get(ref.kind, obj.metadata.namespace, ref.name) ?? this.api.get(ref.kind, undefined, ref.name);
        if (owner?.metadata.uid === ref.uid && inForegroundDeletion(owner)) {
          this.enqueue('gc', `${ref.uid}|${owner.kind}|${objectKey(owner.metadata.namespace, owner.metadata.name)}`);
        }
      }
    }
    // Controllers added beside the StatefulSet filter the writes they care about themselves.
    watchDeployments(this.ctx, obj, old, deleted);
    watchReplicaSets(this.ctx, obj, old, deleted);
    watchDisruptions(this.ctx, obj, old, deleted);
    watchServiceAccounts(this.ctx, obj, old, deleted);
    watchNfsProvisioners(this.ctx, obj, old, deleted);
    switch (obj.kind) {
      case 'Pod':
        return this.onPod(type, obj as Pod, old as Pod | undefined, key);
      case 'StatefulSet':
        return this.enqueue('statefulset', key);
      case 'PersistentVolumeClaim': {
        noteSetClaim(this.ctx.state, obj.metadata.namespace ?? '', obj.metadata.name);
        this.enqueue('volume', this.claimKeys.of(key));
        if (obj.metadata.deletionTimestamp) this.enqueue('protection', this.protectedClaimKeys.of(key));
        if (deleted) {
          const volumeName = (obj['spec'] as { volumeName?: string } | undefined)?.volumeName;
          if (volumeName) this.enqueue('volume', this.volumeKeys.of(volumeName));
          this.claimKeys.forget(key);
          this.protectedClaimKeys.forget(key);
        }
        const users = this.claimUsers.get(key);
        if (typeof users === 'string') this.enqueue('scheduler', users);
        else if (users) for (const user of users) this.enqueue('scheduler', user);
        return;
      }
      case 'PersistentVolume': {
        this.indexVolume(obj, old, deleted);
        const volumeKey = this.volumeKeys.of(obj.metadata.name);
        this.enqueue('volume', volumeKey);
        const ref = (obj['spec'] as { claimRef?: { namespace?: string; name?: string } } | undefined)?.claimRef;
        if (ref?.name) this.enqueue('volume', this.claimKeys.of(objectKey(ref.namespace, ref.name)));
        if (obj.metadata.deletionTimestamp) this.enqueue('protection', volumeKey);
        if (deleted) this.volumeKeys.forget(obj.metadata.name);
        if (!deleted && !jsonEqual(obj['status'], old?.['status'])) this.wakeUnscheduled();
        // A new unreserved volume, or one gone, can change what pending claims bind to.
        const reserved = !!(obj['spec'] as { claimRef?: { uid?: string } } | undefined)?.claimRef?.uid;
        if (deleted || (type === 'ADDED' && !reserved)) this.wakePendingClaims();
        return;
      }
      case 'StorageClass':
        this.wakePendingClaims();
        this.wakeUnscheduled();
        return;
      case 'Service':
        if (!deleted) this.enqueue('endpoints', key);
        else dropServiceIndex(this.state, key);
        return;
      case 'EndpointSlice': {
        // onEndpointSliceAdd/Update/Delete: a managed slice changed by someone else resyncs its Service.
        const service = sliceServiceToSync(obj);
        if (service) this.enqueue('endpoints', objectKey(obj.metadata.namespace, service));
        return;
      }
      case 'Node':
        this.wakeUnscheduled();
        if (!deleted && !jsonEqual(obj['spec'], old?.['spec'])) this.enqueue('nodelifecycle', obj.metadata.name);
        return;
      default:
        return;
    }
  }

  private onPod(type: Change['type'], pod: Pod, old: Pod | undefined, key: string): void {
    const deleted = type === 'DELETED';
    this.indexPod(pod, old, deleted, key);
    const ctx = this.ctx;
    noteSetPods(ctx, pod, old);
    noteSchedulerPod(this.state, key);
    // Indexed loops here and in indexPod: a for-of on this path made an iterator result per step.
    const sets = setsForPod(ctx, pod);
    for (let i = 0; i < sets.length; i++) this.enqueue('statefulset', sets[i] as string);
    if (old && !jsonEqual(old.metadata.labels, pod.metadata.labels)) for (const set of setsForPod(ctx, old)) this.enqueue('statefulset', set);
    // updatePod: a pod that just turned Ready requeues its set after minReadySeconds + 1 s.
    if (old && !isRunningAndReady(old) && isRunningAndReady(pod)) {
      for (let i = 0; i < sets.length; i++) {
        // The set key is its storage key: looked up as it is, not split into namespace and name.
        const setKey = sets[i] as string;
        const set = this.api.getByKey('StatefulSet', setKey) as StatefulSet | undefined;
        const minReady = set?.spec.minReadySeconds ?? 0;
        if (minReady > 0) this.schedule('statefulset', setKey, this.state.now + (minReady + 1) * 1000);
      }
    }
    // The pod index and the trigger-time tracker note every write; addPod and deletePod resync the
    // pod's Services, updatePod only those GetServicesToUpdateOnPodChange names.
    const services = servicesForPod(ctx, pod, old?.metadata.labels);
    for (let i = 0; i < services.length; i++) {
      const svc = services[i] as string;
      noteServicePod(this.state, svc, key);
      noteTriggerPod(this.state, svc, pod.metadata.name);
    }
    if (services.length > 0) {
      const resync = deleted || !old ? services : servicesToUpdateOnPodChange(ctx, old, pod, services);
      for (let i = 0; i < resync.length; i++) this.enqueue('endpoints', resync[i] as string);
    }
    if (deleted) {
      const rt = this.state.pods[pod.metadata.uid ?? ''];
      if (rt) delete this.state.pods[rt.uid];
      delete this.state.assumed[pod.metadata.uid ?? ''];
    }
    // Queueing hints: an assigned pod that goes away, ends, lands or relabels can make room for (or
    // satisfy the affinity of) a pod the scheduler could not place.
    if (this.unschedulable.size > 0 && (pod.spec.nodeName || old?.spec.nodeName)) {
      if (deleted || podEnded(pod) !== podEnded(old) || old?.spec.nodeName !== pod.spec.nodeName || !jsonEqual(old?.metadata.labels, pod.metadata.labels)) {
        this.wakeUnscheduled();
      }
    }
    // The last scheduling gate removed: the pod enters the scheduling queue.
    if (!deleted && !pod.spec.nodeName && old && gated(old) && !gated(pod)) this.enqueue('scheduler', key);
    if (!deleted && !pod.spec.nodeName && !pod.metadata.deletionTimestamp && type === 'ADDED') {
      this.schedule('scheduler', key, this.state.now + this.state.options.timing.schedule);
    }
    if (!deleted && pod.spec.nodeName) {
      const relevant =
        !old ||
        old.spec.nodeName !== pod.spec.nodeName ||
        old.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp ||
        !jsonEqual(old.spec.containers, pod.spec.containers);
      if (relevant) this.enqueue('kubelet', key);
    }
    // pvc-protection: a claim being deleted may be free once its last user stops.
    const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
    if (deleted || terminal) {
      for (const v of pod.spec.volumes ?? []) {
        const claim = v.persistentVolumeClaim?.claimName;
        if (claim) this.enqueue('protection', this.protectedClaimKeys.of(objectKey(pod.metadata.namespace, claim)));
      }
    }
  }

  /**
   * The unreserved volumes, then those reserved for each claim, in that order. The sets are disjoint
   * (indexVolume files a volume under one of them), so only a claim named twice could repeat one.
   */
  private candidateVolumes(claims: readonly string[]): PersistentVolume[] {
    if (this.unreservedVolumes.size === 0 && claims.length === 1) {
      // The usual question (one claim, every volume reserved) answered at its exact length (a list
      // grown by push keeps spare room).
      const reserved = this.reservedVolumes.get(claims[0] as string);
      if (reserved === undefined) return [];
      if (typeof reserved === 'string') {
        const pv = this.api.get('PersistentVolume', undefined, reserved) as PersistentVolume | undefined;
        return pv ? [pv] : [];
      }
    }
    const out: PersistentVolume[] = [];
    for (const name of this.unreservedVolumes) this.collectVolume(out, name);
    const seen = claims.length > 1 ? new Set<string>() : undefined;
    for (const claim of claims) {
      if (seen?.has(claim)) continue;
      seen?.add(claim);
      const reserved = this.reservedVolumes.get(claim);
      if (typeof reserved === 'string') this.collectVolume(out, reserved);
      else if (reserved) for (const name of reserved) this.collectVolume(out, name);
    }
    return out;
  }

  private collectVolume(out: PersistentVolume[], name: string): void {
    const pv = this.api.get('PersistentVolume', undefined, name) as PersistentVolume | undefined;
    if (pv) out.push(pv);
  }

  private wakeUnscheduled(): void {
    for (const key of this.unschedulable) this.enqueue('scheduler', key);
  }

  private indexVolume(pv: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
    const name = pv.metadata.name;
    const before = refOf(old);
    if (before) deleteKey(this.reservedVolumes, before, name);
    this.unreservedVolumes.delete(name);
    if (deleted) return;
    const after = refOf(pv);
    if (!after) this.unreservedVolumes.add(name);
    else addKey(this.reservedVolumes, after, name);
  }

  /** Keeps the claim-user and unschedulable indexes in step with one pod write. */
  private indexPod(pod: Pod, old: Pod | undefined, deleted = false, key = objectKey(pod.metadata.namespace, pod.metadata.name)): void {
    const before = this.claimsOf(old, key);
    // Most writes keep the stored volumes array (and the namespace): the same claims, looked up once.
    const after = old && old.spec.volumes === pod.spec.volumes && old.metadata.namespace === pod.metadata.namespace ? before : this.claimsOf(pod, key);
    if (deleted) this.podClaims.delete(key);
    // A write that keeps the pod's volumes, on claims no other pod mounts, leaves the index as it is
    // (taking the key out and back in moves it only when the claim has other users).
    const unchanged = !deleted && before === after && this.soleUserOfAll(after, key);
    if (!unchanged) for (let i = 0; i < before.length; i++) deleteKey(this.claimUsers, before[i] as string, key);
    let waiting = false;
    const conditions = pod.status.conditions ?? NO_CONDITIONS;
    for (let i = 0; i < conditions.length; i++) {
      const c = conditions[i] as (typeof conditions)[number];
      if (c.type === 'PodScheduled' && c.status === 'False') waiting = true;
    }
    if (deleted || pod.spec.nodeName || pod.metadata.deletionTimestamp || !waiting) this.unschedulable.delete(key);
    else this.unschedulable.add(key);
    if (deleted || unchanged) return;
    for (let i = 0; i < after.length; i++) addKey(this.claimUsers, after[i] as string, key);
  }

  /** The claims ("namespace/name") the volumes of `pod`, stored under `key`, name. */
  private claimsOf(pod: Pod | undefined, key: string): readonly string[] {
    const volumes = pod?.spec.volumes;
    if (!pod || !volumes || volumes.length === 0) return NO_CLAIMS;
    const namespace = pod.metadata.namespace;
    const known = this.podClaims.get(key);
    if (known && known.volumes === volumes && known.namespace === namespace) return known.claims;
    // Counted, then filled: the array kept has its exact length (flatMap's keeps room for ~16 more),
    // without filter's temporary list or a callback made per pod.
    let count = 0;
    for (let i = 0; i < volumes.length; i++) if ((volumes[i] as (typeof volumes)[number]).persistentVolumeClaim) count++;
    const claims = Array<string>(count);
    for (let i = 0, at = 0; i < volumes.length; i++) {
      const source = (volumes[i] as (typeof volumes)[number]).persistentVolumeClaim;
      if (source) claims[at++] = flatten(objectKey(namespace, source.claimName ?? ''));
    }
    this.podClaims.set(key, { volumes, namespace, claims });
    return claims;
  }

  /** Whether the pod is the only user of each of these claims. */
  private soleUserOfAll(claims: readonly string[], podKey: string): boolean {
    for (let i = 0; i < claims.length; i++) if (!isOnlyKey(this.claimUsers.get(claims[i] as string), podKey)) return false;
    return true;
  }

  /**
   * A claim's or volume's queue key is let go, once its sync has run, when the object is not stored:
   * informers also make keys for objects that are gone or never were (a volume's claimRef naming a
   * deleted claim, a pod finishing after its claim went), after the deletion forgot the key. Letting
   * go changes nothing but the table's size (see PrefixedKeys).
   */
  private forgetClaimKeyIfGone(keys: PrefixedKeys, claim: string): void {
    if (this.api.getByKey('PersistentVolumeClaim', claim) === undefined) keys.forget(claim);
  }

  private forgetVolumeKeyIfGone(volume: string): void {
    if (this.api.get('PersistentVolume', undefined, volume) === undefined) this.volumeKeys.forget(volume);
  }

  private wakePendingClaims(): void {
    for (const claim of this.api.list('PersistentVolumeClaim')) {
      const phase = (claim['status'] as { phase?: string } | undefined)?.phase;
      if (phase !== 'Bound') this.enqueue('volume', this.claimKeys.of(objectKey(claim.metadata.namespace, claim.metadata.name)));
    }
  }
}

/** The object waits in foreground deletion for its blocking dependents. */
function inForegroundDeletion(obj: K8sObject): boolean {
  return !!obj.metadata.deletionTimestamp && !!obj.metadata.finalizers?.includes('foregroundDeletion');
}

function gated(pod: Pod): boolean {
  return ((pod.spec['schedulingGates'] as unknown[] | undefined) ?? []).length > 0;
}

function podEnded(pod: Pod | undefined): boolean {
  return pod?.status.phase === 'Succeeded' || pod?.status.phase === 'Failed';
}

/** The claim a PersistentVolume's claimRef names ("namespace/name"), if any. */
function refOf(pv: K8sObject | undefined): string | undefined {
  const ref = (pv?.['spec'] as { claimRef?: { namespace?: string; name?: string } | null } | undefined)?.claimRef;
  return ref?.name ? objectKey(ref.namespace, ref.name) : undefined;
}

const NO_CLAIMS: readonly string[] = [];
const NO_CONDITIONS: NonNullable<Pod['status']['conditions']> = [];
/** What claimsOf found for one stored volumes array. */
interface PodClaims {
  readonly volumes: object;
  readonly namespace: string | undefined;
  readonly claims: readonly string[];
}
