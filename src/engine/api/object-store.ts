/**
 * The apiserver's storage (etcd's keyspace as the simulation keeps it): kind → "namespace/name" →
 * the stored object, with a name index and cached lists. It holds what `ClusterState.objects`
 * carries; a snapshot reads it back as that plain record (`toRecord`).
 *
 * Why not the record itself: a plain object with thousands of keys (11,000 Events in a 1,000-pod
 * rollout) is a dictionary-mode object, where every new key is internalized first; a Map takes a
 * fresh key string as it is. Each stored object lives in one slot shared by the key map and the name
 * index, so an update replaces `slot.obj` once and both see it. Both maps keep insertion order,
 * which is the order `Object.values` gives for the record (keys hold a "/", never an array index).
 */
import type { K8sObject } from '../model/types.ts';

/**
 * One stored object, the storage key ("namespace/name") it is filed under, where it is listed, and
 * (kind Event only) the apiserver's bookkeeping of the event (see EventRecord).
 */
export interface StoredSlot extends EventRecord {
  readonly key: string;
  readonly namespace: string;
  obj: K8sObject;
  /**
   * Its index in the `all` list of the cache with id `listedIn`, and in the namespace list with id
   * `nsListedIn`: valid while those are the kind's current lists (ids, not the lists, so that a
   * dropped list is not kept alive by its slots).
   */
  at: number;
  listedIn: number;
  nsAt: number;
  nsListedIn: number;
}

/**
 * What the apiserver keeps beside a stored Event, in its slot: its place in the order events were
 * first recorded (state.eventOrder of a snapshot, made from these slots only then: a `{ key, time }`
 * entry per event kept while the cluster runs was one more object per event) and its lease
 * (--event-ttl). The order and the lease queue hold the slot itself (a record of its own was one
 * more object kept per event); the lease queue holds it once per write, and only its last place
 * there counts (`queued` says how many places it still has). A slot taken out of storage is marked
 * `removed`: a new event under the same key gets a new slot.
 */
export interface EventRecord {
  readonly key: string;
  /**
   * The virtual time of its latest write (for an event a restore found outside the order, of the
   * restore): its lease runs out one TTL later (EventLeases.nextExpiry).
   */
  time: number;
  /** Whether it has its place in the order (an event a snapshot kept outside it has none until written again). */
  ordered: boolean;
  queued: number;
  /** The event is gone (deleted or expired): its places in the queue and the order are stale. */
  removed: boolean;
}

/** One kind's cached lists; `shared` marks an array a caller holds (copy before changing it). */
export interface ListCache {
  readonly id: number;
  all: K8sObject[] | undefined;
  allShared: boolean;
  byNamespace: Map<string, NamespaceList>;
}

export interface NamespaceList {
  readonly id: number;
  items: K8sObject[];
  shared: boolean;
}

/** One kind's objects. */
export interface KindStore {
  /** Storage key → slot, in storage order. */
  readonly slots: Map<string, StoredSlot>;
  /**
   * Namespace ("" when cluster-scoped) → name → slot: `get` finds an object without building its
   * key. Made on first use (see `names`): nothing reads Events by name while a cluster runs.
   */
  byNamespace: Map<string, Map<string, StoredSlot>> | undefined;
  /** Cached lists: patched on in-place updates, dropped when the kind gains or loses an object. */
  lists: ListCache | undefined;
}

export class ObjectStore {
  /** Kinds in the order they were first stored (the record's key order), empty ones kept. */
  private readonly kinds = new Map<string, KindStore>();
  /** Ids of the lists made so far (see StoredSlot.listedIn). */
  private listIds = 0;

  constructor(objects: Record<string, Record<string, K8sObject>>) {
    for (const [kind, bucket] of Object.entries(objects)) {
      const store = this.kindStore(kind);
      for (const [key, obj] of Object.entries(bucket)) this.add(store, key, namespaceOfKey(key, obj), obj);
    }
  }

  /** The kind's store, made (empty) on first use. */
  kindStore(kind: string): KindStore {
    let store = this.kinds.get(kind);
    if (!store) this.kinds.set(kind, (store = { slots: new Map(), byNamespace: undefined, lists: undefined }));
    return store;
  }

  peek(kind: string): KindStore | undefined {
    return this.kinds.get(kind);
  }

  find(kind: string, namespace: string, name: string): StoredSlot | undefined {
    const store = this.kinds.get(kind);
    return store ? names(store).get(namespace)?.get(name) : undefined;
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.slots.size ?? 0;
  }

  /** Files a new object under `key` (its namespace as the key names it). Drops the kind's lists. */
  add(store: KindStore, key: string, namespace: string, obj: K8sObject): StoredSlot {
    // One shape for every kind's slots, so every slot carries EventRecord's four fields (StoredSlot
    // extends it), unused but by Events: an Event's slot holds its bookkeeping without an object of
    // its own, while a slot of any other kind is those fields larger than it needs.
    const slot: StoredSlot = { key, namespace, obj, at: -1, listedIn: -1, nsAt: -1, nsListedIn: -1, time: 0, ordered: false, queued: 0, removed: false };
    store.slots.set(key, slot);
    if (store.byNamespace) nameIndex(store.byNamespace, slot);
    store.lists = undefined;
    return slot;
  }

  /** Takes a slot out of storage. Drops the kind's lists. */
  delete(store: KindStore, slot: StoredSlot): void {
    store.slots.delete(slot.key);
    store.byNamespace?.get(slot.namespace)?.delete(slot.obj.metadata.name);
    store.lists = undefined;
  }

  /**
   * An in-place update: the slot holds the new version. The cached lists stay valid but for one
   * element, which takes the old one's place (a rewritten key keeps its position). A list already
   * handed out is never changed (callers may hold it across writes): it is copied first, so a run of
   * writes between two reads copies it once, not per write.
   */
  replace(store: KindStore, slot: StoredSlot, stored: K8sObject): void {
    slot.obj = stored;
    const cached = store.lists;
    if (!cached) return;
    if (cached.all) {
      if (slot.listedIn !== cached.id) {
        store.lists = undefined;
        return;
      }
      if (cached.allShared) {
        cached.all = cached.all.slice();
        cached.allShared = false;
      }
      cached.all[slot.at] = stored;
    }
    const inNs = cached.byNamespace.get(slot.namespace);
    if (inNs && inNs.id === slot.nsListedIn) {
      if (inNs.shared) {
        inNs.items = inNs.items.slice();
        inNs.shared = false;
      }
      inNs.items[slot.nsAt] = stored;
    } else cached.byNamespace.delete(slot.namespace);
  }

  /**
   * Stored objects of a kind, optionally in one namespace, in storage order. The array is shared and
   * cached until the kind is next written: callers must copy before sorting and never mutate.
   */
  list(kind: string, namespace?: string): readonly K8sObject[] {
    const store = this.kinds.get(kind);
    if (!store) return [];
    let cached = store.lists;
    if (!cached) store.lists = cached = { id: this.listIds++, all: undefined, allShared: false, byNamespace: new Map() };
    if (namespace === undefined) {
      let all = cached.all;
      if (!all) {
        all = cached.all = [];
        for (const slot of store.slots.values()) {
          slot.at = all.length;
          slot.listedIn = cached.id;
          all.push(slot.obj);
        }
      }
      cached.allShared = true;
      return all;
    }
    let inNs = cached.byNamespace.get(namespace);
    if (!inNs) {
      inNs = { id: this.listIds++, items: [], shared: false };
      for (const slot of names(store).get(namespace)?.values() ?? []) {
        slot.nsAt = inNs.items.length;
        slot.nsListedIn = inNs.id;
        inNs.items.push(slot.obj);
      }
      cached.byNamespace.set(namespace, inNs);
    }
    inNs.shared = true;
    return inNs.items;
  }

  /** The objects as ClusterState.objects carries them: kind → "namespace/name" → object. */
  toRecord(): Record<string, Record<string, K8sObject>> {
    const out: Record<string, Record<string, K8sObject>> = {};
    for (const [kind, store] of this.kinds) {
      const bucket: Record<string, K8sObject> = {};
      for (const [key, slot] of store.slots) bucket[key] = slot.obj;
      out[kind] = bucket;
    }
    return out;
  }
}

/** The kind's name index, made from its slots (in storage order) on first use and kept from then on. */
function names(store: KindStore): Map<string, Map<string, StoredSlot>> {
  if (store.byNamespace) return store.byNamespace;
  const index = new Map<string, Map<string, StoredSlot>>();
  for (const slot of store.slots.values()) nameIndex(index, slot);
  store.byNamespace = index;
  return index;
}

function nameIndex(index: Map<string, Map<string, StoredSlot>>, slot: StoredSlot): void {
  let inNs = index.get(slot.namespace);
  if (!inNs) index.set(slot.namespace, (inNs = new Map()));
  inNs.set(slot.obj.metadata.name, slot);
}

/** The namespace part of a storage key ("namespace/name" of `obj`; "" before the slash when cluster-scoped). */
function namespaceOfKey(key: string, obj: K8sObject): string {
  return key.slice(0, key.length - obj.metadata.name.length - 1);
}
