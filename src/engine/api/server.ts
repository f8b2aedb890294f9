import { kindForManifest, resolveKind, type KindInfo } from '../model/kinds.ts';
import type { FieldError, K8sObject, OwnerReference, Pod, PodCondition } from '../model/types.ts';
import { parseQuantity } from '../model/quantity.ts';
import { appended, deepClone, flatten, joined, jsonEqual, jsonEqualExcept, shallowCopy } from '../model/util.ts';
import { randomSuffix, randomUuid } from '../sim/rng.ts';
import { compactedBefore, COMPACTION_INTERVAL_MS, objectKey, type Change, type ClusterState } from '../sim/state.ts';
import { rfc3339 } from '../sim/time.ts';
import { admitServiceAccount } from './admission-serviceaccount.ts';
import { undecodableMessage } from './core-extra.ts';
import { decodeMessage, decodeProblem, dropNulls } from './decode.ts';
import { formatPath } from '../manifest/parse.ts';
import { defaultObject, validateObjectCreate, validateObjectUpdate } from './strategy.ts';
import { formatInvalid } from './validation.ts';
import { podQOS } from './defaults.ts';
import { EventIndex } from './event-index.ts';
import { ObjectStore, type StoredSlot } from './object-store.ts';
import { ChangeLog } from './change-log.ts';
import { EventLeases, eventKey } from './event-leases.ts';

/** An API error as the apiserver returns it (metav1.Status): an HTTP code, a reason and kubectl's message. */
export interface StatusError {
  code: number;
  reason: 'NotFound' | 'AlreadyExists' | 'Invalid' | 'Conflict' | 'Forbidden' | 'BadRequest' | 'InternalError';
  message: string;
  fieldErrors?: FieldError[];
}

/**
 * The informers' hook: a write's type, kind and stored object (for a deletion, the last version with
 * its new resourceVersion), the version it replaced, and its storage key. The parts, not a Change
 * record: no listener needs the record, and one made per write only to be dropped was garbage.
 */
export type WriteHook = (type: Change['type'], kind: string, object: K8sObject, old: K8sObject | undefined, key: string) => void;

export interface CreateOptions {
  dryRun?: boolean;
  skipValidation?: boolean;
  /** A controller's object, well-formed by construction: no decoding, defaulting, validation or deep copy (admission still runs). */
  trusted?: boolean;
  /**
   * With `trusted`: the caller hands over the top-level object and its spec, both just built and
   * kept by no one else (built by assignment, so admission adds keys fast), so admission sets fields
   * in them in place; the metadata is still copied (callers read theirs after the create). Not
   * UpdateOptions.owned, which hands over the metadata and not the spec.
   */
  owned?: boolean;
}

export interface UpdateOptions {
  dryRun?: boolean;
  /** A controller's bookkeeping write on an object it read from storage: no decoding, defaulting, validation or deep copy. */
  trusted?: boolean;
  /**
   * With `trusted`: the caller hands over the top-level object and its metadata, both just built and
   * kept by no one else, so the apiserver's fields (namespace, uid, timestamps, generation,
   * resourceVersion) are set in them in place. Not CreateOptions.owned, which hands over the spec
   * and not the metadata.
   */
  owned?: boolean;
}

export type WriteResult<T extends K8sObject = K8sObject> = { ok: true; object: T } | { ok: false; error: StatusError };

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** Only delete if the uid still matches (metav1.Preconditions). */
  uid?: string;
}

/** What state.objects holds while an ApiServer keeps the objects (see the constructor). */
const RUNNING: Record<string, Record<string, K8sObject>> = Object.freeze({});
/** What state.eventOrder holds while an ApiServer keeps the order (see the constructor). */
const RUNNING_ORDER: ClusterState['eventOrder'] = Object.freeze([]) as never;
/** What state.changes holds while an ApiServer keeps the log (see the constructor). */
const RUNNING_CHANGES: ClusterState['changes'] = Object.freeze([]) as never;

/**
 * The tolerations the DefaultTolerationSeconds plugin adds, shared (frozen) by every pod that gets
 * them: stored objects are never mutated.
 */
const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) =>
  Object.freeze({ key, operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 300 })
);

/** recordEvent's options when none are given (shared: never changed). */
const NO_EVENT_OPTIONS: { throttleMs?: number; fieldPath?: string } = Object.freeze({});

/** Kinds whose spec changes bump metadata.generation. */
const GENERATION_KINDS = new Set(['StatefulSet', 'Pod', 'Deployment', 'ReplicaSet', 'PodDisruptionBudget']);
/** Kinds with a status subresource: `update` keeps the stored status, `updateStatus` keeps the rest. */
const STATUS_KINDS = new Set(['StatefulSet', 'Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Node', 'Service', 'Namespace', 'Deployment', 'ReplicaSet', 'PodDisruptionBudget']);

export function notFound(info: KindInfo, name: string): StatusError {
  return { code: 404, reason: 'NotFound', message: `${qualifiedResource(info)} "${name}" not found` };
}

/** `statefulsets.apps`, `pods`: the resource as API errors name it. */
export function qualifiedResource(info: KindInfo): string {
  const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : '';
  return group ? `${info.resource}.${group}` : info.resource;
}

/**
 * The simulated kube-apiserver: the only code that changes stored objects. It applies defaults,
 * admission and validation, keeps resourceVersion/uid/generation, implements graceful deletion and
 * finalizers, records every write for `changes()`, and tells the controllers through `onWrite`.
 */
export class ApiServer {
  /** Event aggregation: (involved object, type, reason, message, source) → event key. Rebuilt on restore. */
  private readonly eventIndex = new EventIndex();
  /** The stored objects (state.objects of a snapshot; see the constructor). */
  private readonly storage: ObjectStore;
  /** The stored events' order (state.eventOrder of a snapshot) and leases (--event-ttl). */
  private readonly events = new EventLeases();
  /**
   * The last involvedObject reference an event was given, and the version and fieldPath it refers to
   * (see involvedRef): three fields, not a record of them made per reference.
   */
  private lastRef: Record<string, string> | undefined;
  private lastRefInvolved: K8sObject | undefined;
  private lastRefFieldPath = '';
  /**
   * PrepareForCreate's QoS class of a one-container pod, by that container's resources object: a
   * StatefulSet's pods share their template's (stored objects are never mutated), so it is worked
   * out once for all of them instead of once per pod. Trusted creates only: an untrusted pod is a
   * deep copy, whose resources object no later pod shares, and a weak entry with a young key is
   * extra work for every scavenge (see Engine.podClaims).
   */
  private readonly qosByResources = new WeakMap<object, string>();
  /** The StorageClass list defaultStorageClass last ran on (a new list after every class write), and its answer. */
  private defaultClassOf: readonly K8sObject[] | undefined;
  private defaultClass: string | undefined;
  /** Event sources by component, then host ("" for none). */
  private readonly sources = new Map<string, Map<string, { component: string; host?: string }>>();
  /** The change log (state.changes of a running cluster, see the constructor). */
  private readonly log = new ChangeLog();
  /** The compaction bound the log was last cut at, and when the bound next moves. */
  private compactedAt = 0;
  private nextBoundAt = 0;
  /**
   * A restored cluster starts compacted at its snapshot's revision (a snapshot carries no write
   * history, as an etcd restore after compaction): no write from before this virtual time is kept.
   */
  private readonly historyFloor: number;

  readonly state: ClusterState;
  /** The informers' hook: each write, the version it replaced, and its storage key ("namespace/name"). */
  private readonly onWrite: WriteHook;

  constructor(state: ClusterState, onWrite: WriteHook) {
    this.state = state;
    this.onWrite = onWrite;
    this.historyFloor = state.now;
    // The objects live in the store from now on (snapshotState gives them back as the record).
    // state.objects is left an empty frozen record: a getter in its place would turn the state
    // object, read on every write and sync, into a slow dictionary-mode object.
    this.storage = new ObjectStore(state.objects);
    state.objects = RUNNING;
    this.restoreEvents();
    // Likewise the order of the events lives in their slots (snapshotState gives it back), and
    // the write history in the log (a snapshot the engine wrote carries none; one that carries
    // some, each entry checked by checkSnapshot, has it kept as it was).
    state.eventOrder = RUNNING_ORDER;
    for (const c of state.changes) this.log.push(c.time, c.type, c.kind, c.object);
    state.changes = RUNNING_CHANGES;
  }

  /** The aggregation index, order and leases of the stored events (a restore). */
  private restoreEvents(): void {
    const events = this.storage.peek('Event');
    if (!events) return;
    for (const slot of events.slots.values()) this.eventIndex.set(slot.obj);
    this.events.restore(events, this.state.eventOrder, this.state.now);
  }

  get now(): number {
    return this.state.now;
  }

  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.storage.find(kind, namespace ?? '', name)?.obj;
  }

  /** The stored object under a storage key ("namespace/name"; "/name" when cluster-scoped), if any. */
  getByKey(kind: string, key: string): K8sObject | undefined {
    return this.storage.peek(kind)?.slots.get(key)?.obj;
  }

  /** How many objects of a kind are stored. */
  count(kind: string): number {
    return this.storage.count(kind);
  }

  /**
   * Stored objects of a kind, optionally in one namespace, in storage order. The array is shared and
   * cached until the kind is next written: callers must copy before sorting and never mutate.
   */
  list(kind: string, namespace?: string): readonly K8sObject[] {
    return this.storage.list(kind, namespace);
  }

  /** Create (POST). Runs defaulting, admission, validation; assigns uid, resourceVersion, timestamps. */
  create<T extends K8sObject>(input: T, opts: CreateOptions = {}): WriteResult<T> {
    // A refused create leaves no trace: the allocators it drew from (the RNG for generateName, the
    // ClusterIP range) are given back, as the registry's BeginCreate hook releases on failure.
    const rng = this.state.rng;
    const nextClusterIp = this.state.nextClusterIp;
    const result = this.createOrRefuse(input, opts);
    if (!result.ok || opts.dryRun) {
      this.state.rng = rng;
      this.state.nextClusterIp = nextClusterIp;
    }
    return result;
  }

  private createOrRefuse<T extends K8sObject>(input: T, opts: CreateOptions): WriteResult<T> {
    const info = kindForManifest(input.apiVersion, input.kind) ?? resolveKind(input.kind);
    if (!info) return { ok: false, error: { code: 404, reason: 'NotFound', message: `no matches for kind "${input.kind}" in version "${input.apiVersion}"` } };
    const decodeError = opts.trusted ? undefined : undecodable(input);
    if (decodeError) return { ok: false, error: decodeError };
    // Copied by assignment (shallowCopy): uid, timestamps and resourceVersion are added to this
    // metadata. An owned input's top level is the caller's to give (see CreateOptions).
    const owned = opts.trusted === true && opts.owned === true;
    let obj = (opts.trusted ? withOwnMetadata(owned ? input : shallowCopy(input)) : deepClone(dropNulls(input))) as K8sObject;
    const namespace = info.namespaced ? obj.metadata.namespace || 'default' : undefined;
    if (namespace !== undefined) obj.metadata.namespace = namespace;
    else delete obj.metadata.namespace;
    if (namespace !== undefined && info.kind !== 'Namespace') {
      const ns = this.get('Namespace', undefined, namespace);
      if (!ns) return { ok: false, error: { code: 404, reason: 'NotFound', message: `namespaces "${namespace}" not found` } };
      // NamespaceLifecycle admission: no new content in a namespace being deleted (Events excepted).
      if (ns.metadata.deletionTimestamp && info.kind !== 'Event') {
        return {
          ok: false,
          error: {
            code: 403,
            reason: 'Forbidden',
            message: `${qualifiedResource(info)} "${obj.metadata.name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
          },
        };
      }
    }
    // SimpleNameGenerator: the base is cut to 58 characters so the name fits 63.
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName.slice(0, 58) + randomSuffix(this.state, 5);
    if (!opts.trusted) obj = defaultObject(obj, this.ctx());
    const admitted = this.admitCreate(obj, info, opts.trusted === true, owned);
    if (!admitted.ok) return admitted as WriteResult<T>;
    obj = admitted.object;
    if (!opts.skipValidation && !opts.trusted) {
      const errors = [...validateObjectCreate(obj, this.ctx()), ...this.playgroundLimits(obj)];
      if (errors.length > 0) return { ok: false, error: invalid(info.kind, obj.metadata.name, errors) };
    }
    const rejected = this.consumeReject('create', info.kind, namespace, obj.metadata.name);
    if (rejected) return { ok: false, error: rejected };
    const key = flatten(objectKey(namespace, obj.metadata.name));
    if (this.storage.peek(info.kind)?.slots.has(key)) {
      return { ok: false, error: { code: 409, reason: 'AlreadyExists', message: `${qualifiedResource(info)} "${obj.metadata.name}" already exists` } };
    }
    if (opts.dryRun) return { ok: true, object: obj as T };
    obj.metadata.uid = randomUuid(this.state);
    obj.metadata.creationTimestamp = rfc3339(this.now);
    if (GENERATION_KINDS.has(info.kind)) obj.metadata.generation = 1;
    delete obj.metadata.deletionTimestamp;
    delete obj.metadata.deletionGracePeriodSeconds;
    return { ok: true, object: this.store(info.kind, obj, key, true) as T };
  }

  /**
   * Update (PUT) of everything but status. `resourceVersion` in the input, when set, must match
   * (optimistic concurrency). Removing the last finalizer of an object being deleted removes it.
   */
  update<T extends K8sObject>(input: T, opts: UpdateOptions = {}): WriteResult<T> {
    const decodeError = opts.trusted ? undefined : undecodable(input);
    if (decodeError) return { ok: false, error: decodeError };
    if (!opts.trusted) input = dropNulls(input);
    const found = this.findForWrite(input);
    if ('error' in found) return { ok: false, error: found.error };
    const { info, namespace, slot, old } = found;
    // Trusted writes are controllers' bookkeeping on objects they read from storage (owner refs,
    // binding annotations, claimRefs): well-formed by construction, so defaulting, validation and
    // the defensive copy are skipped. Stored objects are never mutated, so sharing is safe. A trusted
    // caller that `owned` its input (see UpdateOptions) hands it over as it is: the fields below are
    // set in place, in the places they hold.
    const owned = opts.trusted === true && opts.owned === true;
    // Copies by assignment (shallowCopy): spreading objects of every kind's shapes takes V8's generic path.
    let obj = (owned ? input : opts.trusted ? shallowCopy(input) : deepClone(input)) as K8sObject;
    if (!owned) obj.metadata = shallowCopy(obj.metadata);
    if (namespace === undefined) delete obj.metadata.namespace;
    else obj.metadata.namespace = namespace;
    if (old.metadata.uid !== undefined) obj.metadata.uid = old.metadata.uid;
    if (old.metadata.creationTimestamp !== undefined) obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      if (old.metadata.deletionGracePeriodSeconds !== undefined) obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    if (STATUS_KINDS.has(info.kind)) {
      if (old['status'] === undefined) delete obj['status'];
      else obj['status'] = old['status'] as never;
    }
    if (!opts.trusted) {
      const resize = info.kind === 'PersistentVolumeClaim' ? this.admitResize(obj, old) : undefined;
      if (resize) return { ok: false, error: resize };
      obj = defaultObject(obj, this.ctx(), old);
      const errors = [...validateObjectUpdate(obj, old, this.ctx()), ...this.playgroundLimits(obj)];
      if (errors.length > 0) return { ok: false, error: invalid(info.kind, obj.metadata.name, errors) };
    }
    if (GENERATION_KINDS.has(info.kind)) {
      const gen = old.metadata.generation ?? 1;
      obj.metadata.generation = jsonEqual(obj['spec'], old['spec']) ? gen : gen + 1;
    }
    if (opts.dryRun) return { ok: true, object: obj as T };
    if (equalButVersion(obj, old)) return { ok: true, object: old as T };
    return { ok: true, object: this.storeOrFinalize(info, slot, obj) as T };
  }

  /** The pods/binding subresource: sets spec.nodeName of an unbound pod (the scheduler's write). */
  bindPod(namespace: string, name: string, nodeName: string): WriteResult<Pod> {
    const slot = this.storage.find('Pod', namespace, name);
    if (!slot) return { ok: false, error: { code: 404, reason: 'NotFound', message: `pods "${name}" not found` } };
    const old = slot.obj as Pod;
    if (old.spec.nodeName) {
      return { ok: false, error: { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${old.spec.nodeName}"` } };
    }
    // setPodNodeAndMetadata: nodeName and the PodScheduled condition land in one write.
    const previous = old.status.conditions?.find((c) => c.type === 'PodScheduled');
    const scheduled: PodCondition = {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: previous?.status === 'True' && previous.lastTransitionTime ? previous.lastTransitionTime : rfc3339(this.now),
    };
    // An array of the exact length (see addFinalizer).
    const conditions = appended((old.status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), scheduled);
    // spec and status copied by assignment: nodeName (and a first condition) are keys they lack.
    const spec = shallowCopy(old.spec);
    spec.nodeName = nodeName;
    const status = shallowCopy(old.status);
    status.conditions = conditions;
    const obj = shallowCopy(old);
    obj.spec = spec;
    obj.status = status;
    return { ok: true, object: this.store('Pod', obj, slot) as Pod };
  }

  /** Update of the status subresource only; an unchanged status is not written (the stored object comes back). */
  updateStatus<T extends K8sObject>(input: T): WriteResult<T> {
    const found = this.findForWrite(input);
    if ('error' in found) return { ok: false, error: found.error };
    const { info, slot, old } = found;
    // deploymentStatusStrategy keeps only spec and labels: the controller's revision annotation lands too.
    const annotations = info.kind === 'Deployment' && input.metadata.annotations && !jsonEqual(input.metadata.annotations, old.metadata.annotations) ? input.metadata.annotations : undefined;
    if (jsonEqual(input['status'], old['status']) && !annotations) return { ok: true, object: old as T };
    // By assignment (shallowCopy), as `{ ...old, status }`: see store.
    const obj = shallowCopy(old);
    obj['status'] = input['status'];
    if (annotations) obj.metadata = { ...old.metadata, annotations };
    return { ok: true, object: this.store(info.kind, obj, slot) as T };
  }

  /**
   * Delete. Pods on a node are deleted gracefully (deletionTimestamp, then the kubelet finishes);
   * unscheduled or terminal pods and every other kind go at once unless finalizers hold them.
   * The propagation policy adds the `orphan` or `foregroundDeletion` finalizer for the garbage collector.
   */
  delete(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): WriteResult {
    const info = resolveKind(kind);
    if (!info) return { ok: false, error: { code: 404, reason: 'NotFound', message: `no matches for kind "${kind}"` } };
    const ns = info.namespaced ? namespace || 'default' : undefined;
    const key = objectKey(ns, name);
    const slot = this.storage.peek(info.kind)?.slots.get(key);
    if (!slot) return { ok: false, error: notFound(info, name) };
    const old = slot.obj;
    if (opts.uid && opts.uid !== old.metadata.uid) {
      return {
        ok: false,
        error: {
          code: 409,
          reason: 'Conflict',
          message: `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${old.metadata.uid}`,
        },
      };
    }
    const rejected = this.consumeReject('delete', info.kind, ns, name);
    if (rejected) return { ok: false, error: rejected };
    if (info.kind === 'Namespace') return this.deleteNamespace(slot);

    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (!old.metadata.deletionTimestamp) {
      if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
      if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    }

    let grace = 0;
    if (info.kind === 'Pod') {
      const pod = old as Pod;
      grace = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      // CheckGracefulDelete: unscheduled and terminal pods need no kubelet confirmation.
      if (!pod.spec.nodeName || pod.status.phase === 'Failed' || pod.status.phase === 'Succeeded') grace = 0;
      const current = old.metadata.deletionGracePeriodSeconds;
      if (current !== undefined && grace > current) grace = current;
    }

    if (grace === 0 && finalizers.length === 0) {
      this.remove(info.kind, key);
      return { ok: true, object: old };
    }
    // Copied by assignment (shallowCopy): finalizers and the deletion fields may be keys it lacks.
    const meta: K8sObject['metadata'] = shallowCopy(old.metadata);
    meta.finalizers = finalizers;
    if (finalizers.length === 0) delete meta.finalizers;
    const deletionAt = this.now + grace * 1000;
    if (!old.metadata.deletionTimestamp || (info.kind === 'Pod' && grace < (old.metadata.deletionGracePeriodSeconds ?? Infinity))) {
      meta.deletionTimestamp = rfc3339(deletionAt);
      meta.deletionGracePeriodSeconds = grace;
    }
    const obj = shallowCopy(old);
    obj.metadata = meta;
    if (jsonEqual(obj.metadata, old.metadata)) return { ok: true, object: old };
    return { ok: true, object: this.store(info.kind, obj, slot, true) };
  }

  /**
   * Namespaces go Terminating; the namespace controller empties them and removes them (its
   * `kubernetes` spec finalizer). The system namespaces cannot be deleted.
   */
  private deleteNamespace(slot: StoredSlot): WriteResult {
    const old = slot.obj;
    const name = old.metadata.name;
    if (name === 'default' || name === 'kube-system' || name === 'kube-public') {
      return { ok: false, error: { code: 403, reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted` } };
    }
    if (old.metadata.deletionTimestamp) return { ok: true, object: old };
    const obj = {
      ...old,
      metadata: { ...old.metadata, deletionTimestamp: rfc3339(this.now), deletionGracePeriodSeconds: 0 },
      status: { phase: 'Terminating' },
    };
    return { ok: true, object: this.store('Namespace', obj, slot, true) };
  }

  /** Records a core/v1 Event, aggregating repeats (count, lastTimestamp) as the client's EventCorrelator does. */
  recordEvent(
    involved: K8sObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
    host?: string,
    opts: { throttleMs?: number; fieldPath?: string } = NO_EVENT_OPTIONS
  ): void {
    const namespace = involved.metadata.namespace ?? 'default';
    const uid = involved.metadata.uid ?? '';
    const fieldPath = opts.fieldPath ?? '';
    // Messages are built by concatenation: made flat once, before the index compares them with the
    // (flat) messages it holds, and kept flat in the event, not as the tree of their pieces.
    message = flatten(message);
    const aggregate = this.eventIndex.find(involved.kind, involved.metadata.name, uid, fieldPath, type, reason, message, component, host ?? '');
    const existingKey = aggregate ? objectKey(aggregate.metadata.namespace, aggregate.metadata.name) : undefined;
    const existingSlot = existingKey ? this.storage.peek('Event')?.slots.get(existingKey) : undefined;
    if (existingSlot && existingKey) {
      const existing = existingSlot.obj;
      // A controller that re-evaluates on every write repeats itself only once per resync period.
      if (opts.throttleMs !== undefined && existingSlot.ordered && this.now - existingSlot.time < opts.throttleMs) return;
      const updated = { ...existing, count: ((existing['count'] as number) ?? 1) + 1, lastTimestamp: rfc3339(this.now) };
      this.store('Event', updated, existingSlot);
      return;
    }
    const ref = this.involvedRef(involved, uid, fieldPath);
    const source = this.eventSource(component, host);
    const stamp = rfc3339(this.now);
    // The key is built first (one flat string, see eventKey) and the name cut from it, sharing its characters.
    const key = eventKey(namespace, involved.metadata.name, this.now, this.state.rv % 1000000);
    const name = key.slice(namespace.length + 1);
    const event: K8sObject = {
      apiVersion: 'v1',
      kind: 'Event',
      // resourceVersion is filled in by store, in the place it has always had (last).
      metadata: { name, namespace, uid: randomUuid(this.state), creationTimestamp: stamp, resourceVersion: '' },
      involvedObject: ref,
      reason,
      message,
      source,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
    if (aggregate) this.eventIndex.replace(aggregate, event);
    else this.eventIndex.add(event);
    this.store('Event', event, key, true);
  }

  /**
   * The event's involvedObject (GetReference; GenerateContainerRef adds a container's fieldPath,
   * e.g. `spec.containers{nginx}`). Stored objects are never mutated, so the reference made for one
   * version of an object serves every event about that version: the kubelet reports a container's
   * steps back to back, and the last reference is kept for them.
   */
  private involvedRef(involved: K8sObject, uid: string, fieldPath: string): Record<string, string> {
    if (this.lastRef && this.lastRefInvolved === involved && this.lastRefFieldPath === fieldPath) return this.lastRef;
    const kind = involved.kind;
    const namespace = involved.metadata.namespace ?? '';
    const name = involved.metadata.name;
    const apiVersion = involved.apiVersion;
    const resourceVersion = involved.metadata.resourceVersion ?? '';
    // fieldPath last, as GenerateContainerRef adds it; one literal per shape (see newChange).
    const ref: Record<string, string> = fieldPath
      ? { kind, namespace, name, uid, apiVersion, resourceVersion, fieldPath }
      : { kind, namespace, name, uid, apiVersion, resourceVersion };
    this.lastRef = ref;
    this.lastRefInvolved = involved;
    this.lastRefFieldPath = fieldPath;
    return ref;
  }

  /** The event's source: one shared (never mutated) object per component and host. */
  private eventSource(component: string, host: string | undefined): { component: string; host?: string } {
    let byHost = this.sources.get(component);
    if (!byHost) this.sources.set(component, (byHost = new Map()));
    const hostKey = host ?? '';
    let source = byHost.get(hostKey);
    if (!source) byHost.set(hostKey, (source = host ? { component, host } : { component }));
    return source;
  }

  /** Removes an object from storage (the end of a deletion). */
  remove(kind: string, key: string): void {
    const kindStore = this.storage.peek(kind);
    const slot = kindStore?.slots.get(key);
    if (!kindStore || !slot) return;
    const old = slot.obj;
    this.storage.delete(kindStore, slot);
    this.state.rv += 1;
    // Copied by assignment (shallowCopy), as `{ ...old, metadata: { ...old.metadata, resourceVersion } }` (see store).
    const metadata = shallowCopy(old.metadata);
    metadata.resourceVersion = String(this.state.rv);
    const last = shallowCopy(old);
    last.metadata = metadata;
    this.logChange('DELETED', kind, last);
    if (kind === 'Event') {
      this.eventIndex.deleteIf(old, slot.key);
      this.events.forget(slot);
    }
    this.onWrite('DELETED', kind, last, old, slot.key);
  }

  private storeOrFinalize(info: KindInfo, slot: StoredSlot, obj: K8sObject): K8sObject {
    const finalizersLeft = (obj.metadata.finalizers ?? []).length > 0;
    const graceDone = info.kind !== 'Pod' || (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0;
    if (obj.metadata.deletionTimestamp && !finalizersLeft && graceDone) {
      this.remove(info.kind, slot.key);
      return obj;
    }
    return this.store(info.kind, obj, slot, true);
  }

  /**
   * Stores a write under a new resourceVersion: `at` is the slot holding the version it replaces (an
   * update; every caller read that version from it) or the storage key of a new object. Every
   * caller hands over a top-level object it has just built, so that object is stored as it is; its
   * metadata is copied for the resourceVersion unless the caller built that too (`ownsMetadata`). In
   * place or copied, the keys keep their order.
   */
  private store(kind: string, obj: K8sObject, at: StoredSlot | string, ownsMetadata = false): K8sObject {
    this.state.rv += 1;
    const resourceVersion = String(this.state.rv);
    if (ownsMetadata) obj.metadata.resourceVersion = resourceVersion;
    else {
      // By assignment (shallowCopy), as `{ ...metadata, resourceVersion }`: the spread of metadata of
      // every kind's many shapes took V8's generic path on each write.
      const metadata = shallowCopy(obj.metadata);
      metadata.resourceVersion = resourceVersion;
      obj.metadata = metadata;
    }
    const stored = obj;
    const kindStore = this.storage.kindStore(kind);
    let slot: StoredSlot;
    let old: K8sObject | undefined;
    if (typeof at === 'string') slot = this.storage.add(kindStore, at, stored.metadata.namespace ?? '', stored);
    else {
      slot = at;
      old = slot.obj;
      this.storage.replace(kindStore, slot, stored);
    }
    const type = old ? 'MODIFIED' : 'ADDED';
    this.logChange(type, kind, stored);
    if (kind === 'Event') this.events.lease(slot, this.now);
    this.onWrite(type, kind, stored, old, slot.key);
    return stored;
  }

  // ---------------------------------------------------------------------------------------------
  // history: the change log (compacted as etcd compacts) and Event leases (--event-ttl)

  /** Appends a write to the change log, first cutting what the compactor has compacted since the last cut. */
  private logChange(type: Change['type'], kind: string, object: K8sObject): void {
    const log = this.log;
    // The bound moves only when the clock enters another compaction interval.
    if (this.now >= this.nextBoundAt) {
      this.nextBoundAt = (Math.floor(this.now / COMPACTION_INTERVAL_MS) + 1) * COMPACTION_INTERVAL_MS;
      const bound = this.retainedFrom();
      if (bound > this.compactedAt) {
        this.compactedAt = bound;
        const start = this.retainedStart();
        if (start > 0) log.dropFirst(start);
      }
    }
    log.push(this.now, type, kind, object);
  }

  /** The oldest virtual time the log may hold writes from (the compactor's bound, or the restore point). */
  private retainedFrom(): number {
    return Math.max(compactedBefore(this.now), this.historyFloor);
  }

  /**
   * Every write with `time >= historyStart()` is retained: the compactor's bound, or just after the
   * restore point for a restored cluster (writes at its instant from before the snapshot are not kept).
   */
  historyStart(): number {
    const bound = compactedBefore(this.now);
    return this.historyFloor > 0 && this.historyFloor >= bound ? this.historyFloor + 1 : bound;
  }

  /** Index in the log of the oldest write still retained at the current time. */
  private retainedStart(): number {
    return this.log.firstAtOrAfter(this.retainedFrom());
  }

  /**
   * The resourceVersion the log is compacted to: every write after it is retained (as etcd's
   * compact revision; a watch from an older revision gets "too old resource version").
   */
  compactedRevision(): number {
    const start = this.retainedStart();
    return start < this.log.length ? Number(this.log.objectAt(start).metadata.resourceVersion) - 1 : this.state.rv;
  }

  /** The retained writes with `time >= sinceMs`, oldest first (made afresh from the log). */
  changesSince(sinceMs: number): Change[] {
    return this.log.changesFrom(this.log.firstAtOrAfter(Math.max(sinceMs, this.retainedFrom())));
  }

  /**
   * A watch from resourceVersion `rv`: the writes after it, oldest first, or undefined when some of
   * them are compacted away (the apiserver's 410 "too old resource version").
   */
  changesAfter(rv: number): Change[] | undefined {
    if (rv < this.compactedRevision()) return undefined;
    const log = this.log;
    let lo = this.retainedStart();
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Number(log.objectAt(mid).metadata.resourceVersion) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return log.changesFrom(lo);
  }

  /** The live Events with the virtual time of their latest write, in the order first recorded. */
  eventsInOrder(): { event: K8sObject; time: number }[] {
    return this.events.inOrder();
  }

  /** When the next Event lease runs out (virtual ms), if any. */
  nextEventExpiry(): number | undefined {
    return this.events.nextExpiry();
  }

  /** etcd deletes the Events whose lease ran out by now (watchers see them DELETED). */
  expireEvents(): void {
    for (let slot = this.events.takeExpired(this.now); slot; slot = this.events.takeExpired(this.now)) this.remove('Event', slot.key);
  }

  /**
   * The state as a snapshot carries it: live objects and events, no write history (its size follows
   * the cluster, not the session; a restore starts its log at the snapshot, see historyFloor).
   */
  snapshotState(): ClusterState {
    return {
      ...this.state,
      objects: this.storage.toRecord(),
      changes: [],
      eventOrder: this.events.orderEntries(),
    };
  }

  /** The stored object an update names, after the kind, existence and resourceVersion checks. */
  private findForWrite(
    input: K8sObject
  ): { info: KindInfo; namespace: string | undefined; slot: StoredSlot; old: K8sObject } | { error: StatusError } {
    const info = resolveKind(input.kind);
    if (!info) return { error: { code: 404, reason: 'NotFound', message: `no matches for kind "${input.kind}"` } };
    const namespace = info.namespaced ? input.metadata.namespace || 'default' : undefined;
    const slot = this.storage.find(info.kind, namespace ?? '', input.metadata.name);
    if (!slot) return { error: notFound(info, input.metadata.name) };
    const old = slot.obj;
    const conflict = this.checkVersion(info, input, old);
    if (conflict) return { error: conflict };
    return { info, namespace, slot, old };
  }

  private checkVersion(info: KindInfo, input: K8sObject, old: K8sObject): StatusError | undefined {
    const rv = input.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) {
      return {
        code: 409,
        reason: 'Conflict',
        message: `Operation cannot be fulfilled on ${qualifiedResource(info)} "${input.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      };
    }
    return undefined;
  }

  private consumeReject(verb: 'create' | 'delete', kind: string, namespace: string | undefined, name: string): StatusError | undefined {
    const rules = this.state.rejects;
    if (rules.length === 0) return undefined;
    const index = rules.findIndex(
      (r) => r.verb === verb && r.kind === kind && (!r.name || r.name === name) && (!r.namespace || r.namespace === (namespace ?? ''))
    );
    if (index < 0) return undefined;
    const rule = rules[index];
    if (!rule) return undefined;
    rule.times -= 1;
    if (rule.times <= 0) rules.splice(index, 1);
    const info = resolveKind(kind);
    const resource = info ? qualifiedResource(info) : kind;
    return {
      code: 403,
      reason: 'Forbidden',
      message: `admission webhook "deny.playground.k8s.io" denied the request: ${verb} of ${resource} "${name}" rejected by an injected fault`,
    };
  }

  /**
   * PersistentVolumeResize admission: a claim may only grow when it is bound and its class allows
   * volume expansion.
   */
  private admitResize(obj: K8sObject, old: K8sObject): StatusError | undefined {
    const before = storage(old);
    const after = storage(obj);
    if (before === undefined || after === undefined || after <= before) return undefined;
    const forbidden = (why: string): StatusError => ({ code: 403, reason: 'Forbidden', message: `persistentvolumeclaims "${obj.metadata.name}" is forbidden: ${why}` });
    const spec = (old['spec'] ?? {}) as { volumeName?: string; storageClassName?: string };
    if (!spec.volumeName) return forbidden('Only bound persistent volume claims can be expanded');
    const cls = spec.storageClassName ? this.get('StorageClass', undefined, spec.storageClassName) : undefined;
    if (cls?.['allowVolumeExpansion'] !== true) {
      return forbidden('only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
    }
    return undefined;
  }

  /** The playground's documented limit (engine-api.md): no StatefulSet may ask for more pods than it runs. */
  private playgroundLimits(obj: K8sObject): FieldError[] {
    if (obj.kind !== 'StatefulSet' && obj.kind !== 'Deployment' && obj.kind !== 'ReplicaSet') return [];
    const replicas = (obj['spec'] as { replicas?: unknown } | undefined)?.replicas;
    const max = this.state.options.maxPods;
    if (typeof replicas !== 'number' || replicas <= max) return [];
    return [{ field: 'spec.replicas', detail: `Invalid value: ${replicas}: must be no more than ${max}: the playground simulates at most ${max} pods` }];
  }

  /** Mutating admission on create: the plugins a kind/kubeadm cluster enables that change objects. */
  private admitCreate(obj: K8sObject, info: KindInfo, trusted: boolean, owned: boolean): WriteResult {
    switch (info.kind) {
      case 'Pod': {
        const pod = obj as Pod;
        const podCount = this.count('Pod');
        if (podCount >= this.state.options.maxPods) {
          return {
            ok: false,
            error: {
              code: 403,
              reason: 'Forbidden',
              message: `pods "${obj.metadata.name}" is forbidden: the playground runs at most ${this.state.options.maxPods} pods at once`,
            },
          };
        }
        // DefaultTolerationSeconds admission plugin: a toleration with no key (operator Exists)
        // tolerates every taint, so it covers both.
        const given = pod.spec.tolerations ?? [];
        const added: NonNullable<Pod['spec']['tolerations']> = [];
        for (const toleration of DEFAULT_TOLERATIONS) {
          const key = toleration.key;
          if (!given.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect))) added.push(toleration);
        }
        // A new array of the exact length (see addFinalizer); the spec copied by assignment
        // (shallowCopy), as admission adds keys to it, unless it is the caller's own (CreateOptions).
        const spec = owned ? pod.spec : shallowCopy(pod.spec);
        spec.tolerations = joined(given, added);
        pod.spec = spec;
        const saForbidden = admitServiceAccount(pod, (ns, name) => this.get('ServiceAccount', ns, name), this.state);
        if (saForbidden) return { ok: false, error: { code: 403, reason: 'Forbidden', message: saForbidden } };
        pod.spec.enableServiceLinks ??= true;
        pod.spec.preemptionPolicy ??= 'PreemptLowerPriority';
        pod.spec.priority ??= 0;
        // PrepareForCreate: a new pod starts Pending with the QoS class its resources give (qos.ComputePodQOS).
        pod.status = { phase: 'Pending', qosClass: trusted ? this.sharedQos(pod.spec) : podQOS(pod.spec) };
        // applySchedulingGatedCondition: a gated pod says why the scheduler leaves it alone.
        if (Array.isArray(pod.spec['schedulingGates']) && pod.spec['schedulingGates'].length > 0) {
          pod.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }];
        }
        return { ok: true, object: pod };
      }
      case 'PersistentVolumeClaim': {
        const spec = ownSpec(obj, owned);
        const annotations = obj.metadata.annotations ?? {};
        // DefaultStorageClass admission: only a claim with neither field nor beta annotation.
        if (spec['storageClassName'] === undefined && annotations['volume.beta.kubernetes.io/storage-class'] === undefined) {
          const def = this.defaultStorageClass();
          if (def) spec['storageClassName'] = def;
        }
        obj['spec'] = spec;
        addFinalizer(obj, 'kubernetes.io/pvc-protection');
        obj['status'] = { phase: 'Pending' };
        return { ok: true, object: obj };
      }
      case 'PersistentVolume':
        addFinalizer(obj, 'kubernetes.io/pv-protection');
        obj['status'] = { phase: 'Pending' };
        return { ok: true, object: obj };
      case 'Service': {
        const spec = ownSpec(obj, owned);
        if (spec['clusterIP'] === undefined || spec['clusterIP'] === '') {
          const ip = this.allocateClusterIp();
          spec['clusterIP'] = ip;
          spec['clusterIPs'] = [ip];
        } else if (spec['clusterIPs'] === undefined) spec['clusterIPs'] = [spec['clusterIP'] as string];
        obj['spec'] = spec;
        obj['status'] = { loadBalancer: {} };
        return { ok: true, object: obj };
      }
      case 'StatefulSet':
        obj['status'] = { replicas: 0, availableReplicas: 0 };
        return { ok: true, object: obj };
      case 'Namespace':
        obj['spec'] = { finalizers: ['kubernetes'] };
        obj['status'] = { phase: 'Active' };
        obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
        return { ok: true, object: obj };
      default:
        return { ok: true, object: obj };
    }
  }

  /** podQOS of a trusted create's pod, once per resources object for a one-container pod (see qosByResources). */
  private sharedQos(spec: Pod['spec']): string {
    const containers = spec.containers;
    const only = Array.isArray(containers) && containers.length === 1 && spec['initContainers'] === undefined && spec['resources'] === undefined ? containers[0] : undefined;
    const resources = only?.resources;
    if (typeof resources !== 'object' || resources === null) return podQOS(spec);
    let qos = this.qosByResources.get(resources);
    if (qos === undefined) this.qosByResources.set(resources, (qos = podQOS(spec)));
    return qos;
  }

  /** The default StorageClass's name, worked out again only when the class list changed. */
  private defaultStorageClass(): string | undefined {
    const classes = this.list('StorageClass');
    if (classes !== this.defaultClassOf) {
      this.defaultClassOf = classes;
      this.defaultClass = defaultStorageClass(classes);
    }
    return this.defaultClass;
  }

  private allocateClusterIp(): string {
    // 10.96.0.0/12: .0.1 is the kubernetes service and .0.10 kube-dns; hand out the rest in order.
    const used = new Set(this.list('Service').map((s) => (s['spec'] as { clusterIP?: string }).clusterIP));
    for (;;) {
      const n = this.state.nextClusterIp++;
      const ip = `10.96.${Math.floor(n / 256) % 256}.${n % 256}`;
      if (n % 256 !== 0 && n % 256 !== 255 && !used.has(ip)) return ip;
    }
  }

  private ctx() {
    return { featureGates: this.state.options.featureGates };
  }
}

/**
 * The request body's decoding (decode.ts, then the []byte fields' base64): a 400 before anything
 * else runs. `strict` is `fieldValidation=Strict`, which kubectl sends: unknown fields refuse too.
 * The one field error carries the path, so a caller can point at the line.
 */
export function undecodable(obj: K8sObject, strict = false): StatusError | undefined {
  const problem = decodeProblem(obj, strict);
  if (problem) {
    const message = decodeMessage(obj, problem);
    return { code: 400, reason: 'BadRequest', message, fieldErrors: [{ field: formatPath(problem.path), detail: message }] };
  }
  const message = undecodableMessage(obj);
  return message === undefined ? undefined : { code: 400, reason: 'BadRequest', message };
}

function storage(o: K8sObject): number | undefined {
  return parseQuantity((o['spec'] as { resources?: { requests?: { storage?: unknown } } } | undefined)?.resources?.requests?.storage);
}

/**
 * Whether two objects differ in nothing but metadata.resourceVersion (jsonEqual's rules), compared
 * in place: an update that changes nothing is answered with the stored object, and copying both
 * objects without the version just to compare them was garbage on every controller update.
 */
function equalButVersion(a: K8sObject, b: K8sObject): boolean {
  return jsonEqualExcept(a, b, 'metadata') && jsonEqualExcept(a.metadata, b.metadata, 'resourceVersion');
}

function invalid(kind: string, name: string, errors: FieldError[]): StatusError {
  return { code: 422, reason: 'Invalid', message: formatInvalid(kind, name, errors), fieldErrors: errors };
}

/**
 * The spec admission may set fields in: the object's own, or a copy by assignment (keys in their
 * order) unless the create `owned` it (CreateOptions): a trusted create without `owned` shares its
 * spec with the caller. A new one when the object has none.
 */
function ownSpec(obj: K8sObject, owned: boolean): Record<string, unknown> {
  const spec = obj['spec'] as Record<string, unknown> | undefined;
  return spec === undefined ? {} : owned ? spec : shallowCopy(spec);
}

/** The object with a copy of its metadata in place (a trusted create adds to the metadata). */
function withOwnMetadata(obj: K8sObject): K8sObject {
  obj.metadata = shallowCopy(obj.metadata);
  return obj;
}

/**
 * Appends a finalizer (a new array). concat makes it exactly as long as its elements: a spread or
 * push leaves room for some 16 more, which every stored version sharing the array keeps alive.
 */
function addFinalizer(obj: K8sObject, finalizer: string): void {
  const list = obj.metadata.finalizers ?? [];
  if (!list.includes(finalizer)) obj.metadata.finalizers = appended(list, finalizer);
}

/**
 * GetDefaultClass: among classes annotated as default, the newest wins (ties: name ascending);
 * undefined when none is default.
 */
export function defaultStorageClass(classes: readonly K8sObject[]): string | undefined {
  const defaults = classes.filter((sc) => {
    const a = sc.metadata.annotations ?? {};
    return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  });
  defaults.sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? 1 : -1;
    return a.metadata.name < b.metadata.name ? -1 : 1;
  });
  return defaults[0]?.metadata.name;
}

export function ownerRefsTo(obj: K8sObject, uid: string): OwnerReference[] {
  return (obj.metadata.ownerReferences ?? []).filter((r) => r.uid === uid);
}
