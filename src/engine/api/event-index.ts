/**
 * The EventCorrelator's aggregation index (client-go tools/record `getEventKey` and the
 * EventAggregator): the involved object (kind, name, uid, fieldPath), type, reason, message and
 * source (component, host) of an Event → the key ("namespace/name") of the event that repeats of it
 * update. A part that is missing counts as empty.
 *
 * Kept as involved uid → message → the few entries that share both, instead of one map keyed by all
 * parts joined: that key string (some 200 characters per event, 11,000 events in a 1,000-pod
 * rollout) was built, flattened and kept for every event, while the parts here are the strings the
 * stored events hold anyway.
 */
export interface AggregateEntry {
  readonly kind: string;
  readonly name: string;
  readonly fieldPath: string;
  readonly type: string;
  readonly reason: string;
  readonly component: string;
  readonly host: string;
  /** The event repeats update. */
  key: string;
}

export class EventIndex {
  private readonly byUid = new Map<string, Map<string, AggregateEntry[]>>();

  /** The entry for these parts, if any. */
  find(kind: string, name: string, uid: string, fieldPath: string, type: string, reason: string, message: string, component: string, host: string): AggregateEntry | undefined {
    const entries = this.byUid.get(uid)?.get(message);
    if (!entries) return undefined;
    for (const e of entries) {
      if (e.kind === kind && e.name === name && e.fieldPath === fieldPath && e.type === type && e.reason === reason && e.component === component && e.host === host) return e;
    }
    return undefined;
  }

  /** Points these parts at `key` (a later event for the same parts replaces an earlier one). */
  set(kind: string, name: string, uid: string, fieldPath: string, type: string, reason: string, message: string, component: string, host: string, key: string): void {
    const found = this.find(kind, name, uid, fieldPath, type, reason, message, component, host);
    if (found) found.key = key;
    else this.add(kind, name, uid, fieldPath, type, reason, message, component, host, key);
  }

  /** A new entry, for parts `find` has no entry for. */
  add(kind: string, name: string, uid: string, fieldPath: string, type: string, reason: string, message: string, component: string, host: string, key: string): void {
    let byMessage = this.byUid.get(uid);
    if (!byMessage) this.byUid.set(uid, (byMessage = new Map()));
    const entry: AggregateEntry = { kind, name, fieldPath, type, reason, component, host, key };
    const entries = byMessage.get(message);
    if (entries) entries.push(entry);
    else byMessage.set(message, [entry]);
  }

  /** Forgets these parts if they still point at `key`. */
  deleteIf(kind: string, name: string, uid: string, fieldPath: string, type: string, reason: string, message: string, component: string, host: string, key: string): void {
    const byMessage = this.byUid.get(uid);
    const entries = byMessage?.get(message);
    const found = this.find(kind, name, uid, fieldPath, type, reason, message, component, host);
    if (!byMessage || !entries || !found || found.key !== key) return;
    entries.splice(entries.indexOf(found), 1);
    if (entries.length > 0) return;
    byMessage.delete(message);
    if (byMessage.size === 0) this.byUid.delete(uid);
  }
}
