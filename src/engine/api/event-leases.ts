/**
 * The apiserver's bookkeeping of stored Events beside storage itself: the order they were first
 * recorded in (state.eventOrder of a snapshot) and their leases (the event registry's TTL,
 * --event-ttl), both kept in the events' storage slots (see EventRecord), and the storage key a new
 * Event is filed under. ApiServer stores and removes the events; this says when each lease runs out.
 */
import type { K8sObject } from '../model/types.ts';
import { EVENT_TTL_MS, type ClusterState } from '../sim/state.ts';
import { putUnixNanoHex } from '../sim/time.ts';
import type { KindStore, StoredSlot } from './object-store.ts';

type OrderEntry = ClusterState['eventOrder'][number];

export class EventLeases {
  /**
   * The stored events' slots in the order first recorded, and how many of them are of events gone
   * (dropped in one pass once they outnumber the live).
   */
  private order: StoredSlot[] = [];
  private deadOrderEntries = 0;
  /**
   * The leases, in write order (so in expiry order): each write of an Event renews its lease and
   * queues its slot again; an earlier place of a slot written since is stale.
   */
  private leases: StoredSlot[] = [];
  private leaseHead = 0;
  /**
   * The snapshot's own order entries of the events a restore found in the order, given back as they
   * were (their time kept current): only a restored cluster has any, so the slots carry no field for them.
   */
  private readonly restoredEntries = new Map<StoredSlot, OrderEntry>();

  /** The order and leases of the events a restore found stored, from the snapshot's order; `now` is the restore's time. */
  restore(events: KindStore, order: ClusterState['eventOrder'], now: number): void {
    // An event's place in the order is that of the last entry naming it (an earlier one is stale).
    const last = new Map<StoredSlot, number>();
    order.forEach((entry, i) => {
      const slot = events.slots.get(entry.key);
      if (slot) last.set(slot, i);
    });
    order.forEach((entry, i) => {
      const slot = events.slots.get(entry.key);
      if (!slot || last.get(slot) !== i) return;
      slot.time = entry.time;
      slot.ordered = true;
      this.restoredEntries.set(slot, entry);
      this.order.push(slot);
    });
    // One lease per event, running out one TTL after its latest write, ordered as the writes were
    // (time, then resourceVersion); an event an older snapshot kept outside the order gets a fresh one.
    const leases: { slot: StoredSlot; rv: string; at: number }[] = [];
    for (const slot of events.slots.values()) {
      leases.push({ slot, rv: slot.obj.metadata.resourceVersion ?? '', at: (slot.ordered ? slot.time : now) + EVENT_TTL_MS });
    }
    leases.sort((a, b) => a.at - b.at || Number(a.rv) - Number(b.rv));
    for (const { slot } of leases) {
      // An event outside the order counts its lease from the restore (its time is read for nothing else).
      if (!slot.ordered) slot.time = now;
      slot.queued = 1;
      this.leases.push(slot);
    }
  }

  /** Every write of an Event renews its lease and its place in time (`now`, the write's). */
  lease(slot: StoredSlot, now: number): void {
    slot.time = now;
    if (this.restoredEntries.size > 0) {
      const entry = this.restoredEntries.get(slot);
      if (entry) entry.time = now;
    }
    if (!slot.ordered) {
      slot.ordered = true;
      this.order.push(slot);
    }
    slot.queued++;
    this.leases.push(slot);
  }

  /**
   * A stored Event is gone (deleted or expired): its slot is marked removed (its places in the order
   * and the lease queue stale), the order compacted once the slots of events gone outnumber the live.
   */
  forget(slot: StoredSlot): void {
    slot.removed = true;
    this.restoredEntries.delete(slot);
    if (!slot.ordered) return;
    this.deadOrderEntries++;
    const order = this.order;
    if (this.deadOrderEntries > 32 && this.deadOrderEntries * 2 > order.length) {
      this.order = order.filter((s) => !s.removed);
      this.deadOrderEntries = 0;
    }
  }

  /** When the next lease runs out (virtual ms), if any. */
  nextExpiry(): number | undefined {
    const leases = this.leases;
    while (this.leaseHead < leases.length) {
      const slot = leases[this.leaseHead] as StoredSlot;
      if (!slot.removed && slot.queued === 1) return slot.time + EVENT_TTL_MS;
      // Stale: the event is gone, or written again since (a later place holds its lease).
      slot.queued--;
      this.leaseHead++;
    }
    return undefined;
  }

  /**
   * The slot of the next event whose lease ran out by `now`, taken off the queue (the caller removes
   * the event); undefined when none has, the queue's spent front then let go once it is most of it.
   */
  takeExpired(now: number): StoredSlot | undefined {
    const at = this.nextExpiry();
    if (at !== undefined && at <= now) {
      const slot = this.leases[this.leaseHead++] as StoredSlot;
      slot.queued--;
      return slot;
    }
    if (this.leaseHead > 1024 && this.leaseHead * 2 > this.leases.length) {
      this.leases = this.leases.slice(this.leaseHead);
      this.leaseHead = 0;
    }
    return undefined;
  }

  /** The live Events with the virtual time of their latest write, in the order first recorded. */
  inOrder(): { event: K8sObject; time: number }[] {
    const out: { event: K8sObject; time: number }[] = [];
    for (const slot of this.order) {
      if (!slot.removed) out.push({ event: slot.obj, time: slot.time });
    }
    return out;
  }

  /** The order as a snapshot carries it (state.eventOrder): a restored event's own entry, as it was. */
  orderEntries(): OrderEntry[] {
    return this.order.filter((s) => !s.removed).map((s) => this.restoredEntries.get(s) ?? { key: s.key, time: s.time });
  }
}

/** Scratch for eventKey: the key's character codes. */
const keyCodes: number[] = [];

/**
 * The storage key of a new Event, `<namespace>/<involved name>.<UnixNano in hex>` (the recorder's
 * name), made as one flat string from its character codes: concatenated, it was a tree of some ten
 * strings, copied flat on first use, for each of the 11,000 events of a 1,000-pod rollout.
 */
export function eventKey(namespace: string, name: string, virtualMs: number, extraNanos: number): string {
  let at = putText(keyCodes, 0, namespace);
  keyCodes[at++] = 47; // '/'
  at = putText(keyCodes, at, name);
  keyCodes[at++] = 46; // '.'
  keyCodes.length = putUnixNanoHex(keyCodes, at, virtualMs, extraNanos);
  return String.fromCharCode(...keyCodes);
}

/** Writes a string's UTF-16 code units into `codes` from `at`; returns where they end. */
function putText(codes: number[], at: number, text: string): number {
  for (let i = 0; i < text.length; i++) codes[at + i] = text.charCodeAt(i);
  return at + text.length;
}
