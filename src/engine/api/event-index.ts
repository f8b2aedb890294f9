/**
 * The EventCorrelator's aggregation index (client-go tools/record `getEventKey` and the
 * EventAggregator): the involved object (kind, name, uid, fieldPath), type, reason, message and
 * source (component, host) of an Event → the event that repeats of it update. A part that is
 * missing counts as empty.
 *
 * Kept as involved uid → the stored event versions indexed under it, instead of one map keyed by all
 * parts joined: that key string (some 200 characters per event, 11,000 events in a 1,000-pod
 * rollout) was built, flattened and kept for every event. The indexed version is the entry itself:
 * stored objects are never mutated, so its parts stay what they were when it was indexed, and the
 * event it leads to is the one filed under its namespace/name. Most objects have a handful of
 * events (a pod five, a claim four): those are a short list scanned by message, which a map per
 * uid cost several times over; past LIST_MAX events (a StatefulSet's, one pair per replica) the
 * list becomes message → events, where nearly every message has one event, held as it is; only a
 * message shared by events that differ in another part takes an array.
 */
import type { K8sObject } from '../model/types.ts';
import { objectKey } from '../sim/state.ts';
import { appended } from '../model/util.ts';

type Entries = K8sObject | K8sObject[];
/** One uid's events: a short list, or by message once it outgrows LIST_MAX. */
type Bucket = K8sObject[] | Map<string, Entries>;

/** The longest list a uid keeps before its events are filed by message. */
const LIST_MAX = 8;

export class EventIndex {
  private readonly byUid = new Map<string, Bucket>();

  /** The indexed event for these parts, if any. */
  find(kind: string, name: string, uid: string, fieldPath: string, type: string, reason: string, message: string, component: string, host: string): K8sObject | undefined {
    const bucket = this.byUid.get(uid);
    if (bucket === undefined) return undefined;
    if (Array.isArray(bucket)) {
      for (const e of bucket) if (text(e['message']) === message && sameParts(e, kind, name, fieldPath, type, reason, component, host)) return e;
      return undefined;
    }
    const entries = bucket.get(message);
    if (entries === undefined) return undefined;
    if (!Array.isArray(entries)) return sameParts(entries, kind, name, fieldPath, type, reason, component, host) ? entries : undefined;
    for (const e of entries) if (sameParts(e, kind, name, fieldPath, type, reason, component, host)) return e;
    return undefined;
  }

  /** Indexes a stored event under its own parts (an event already indexed for them gives way). */
  set(event: K8sObject): void {
    const [kind, name, uid, fieldPath, type, reason, message, component, host] = eventParts(event);
    const found = this.find(kind, name, uid, fieldPath, type, reason, message, component, host);
    if (found) this.replace(found, event);
    else this.add(event);
  }

  /** Indexes an event `find` has no entry for (by its parts). */
  add(event: K8sObject): void {
    const uid = text(involvedOf(event).uid);
    const bucket = this.byUid.get(uid);
    if (bucket === undefined) this.byUid.set(uid, [event]);
    else if (!Array.isArray(bucket)) fileByMessage(bucket, event);
    // A list of the exact length (appended): push would leave room for 16 more in every list kept.
    else if (bucket.length < LIST_MAX) this.byUid.set(uid, appended(bucket, event));
    else {
      const byMessage = new Map<string, Entries>();
      for (const e of bucket) fileByMessage(byMessage, e);
      fileByMessage(byMessage, event);
      this.byUid.set(uid, byMessage);
    }
  }

  /** Points the parts `found` (an indexed event) is indexed under at `event`, which has the same parts. */
  replace(found: K8sObject, event: K8sObject): void {
    const bucket = this.byUid.get(text(involvedOf(found).uid));
    if (bucket === undefined) return;
    if (Array.isArray(bucket)) {
      bucket[bucket.indexOf(found)] = event;
      return;
    }
    const message = text(found['message']);
    const entries = bucket.get(message);
    if (entries === undefined) return;
    if (!Array.isArray(entries)) bucket.set(message, event);
    else entries[entries.indexOf(found)] = event;
  }

  /** Forgets the parts of `event` if they lead to the event filed under `key`. */
  deleteIf(event: K8sObject, key: string): void {
    const [kind, name, uid, fieldPath, type, reason, message, component, host] = eventParts(event);
    const found = this.find(kind, name, uid, fieldPath, type, reason, message, component, host);
    if (!found || objectKey(found.metadata.namespace, found.metadata.name) !== key) return;
    const bucket = this.byUid.get(uid);
    if (bucket === undefined) return;
    if (Array.isArray(bucket)) {
      bucket.splice(bucket.indexOf(found), 1);
      if (bucket.length === 0) this.byUid.delete(uid);
      return;
    }
    const entries = bucket.get(message);
    if (entries === undefined) return;
    if (Array.isArray(entries)) {
      entries.splice(entries.indexOf(found), 1);
      if (entries.length > 0) {
        if (entries.length === 1) bucket.set(message, entries[0] as K8sObject);
        return;
      }
    }
    bucket.delete(message);
    if (bucket.size === 0) this.byUid.delete(uid);
  }
}

/** Files an event under its message in a uid's map. */
function fileByMessage(byMessage: Map<string, Entries>, event: K8sObject): void {
  const message = text(event['message']);
  const entries = byMessage.get(message);
  if (entries === undefined) byMessage.set(message, event);
  else if (Array.isArray(entries)) entries.push(event);
  else byMessage.set(message, [entries, event]);
}

interface InvolvedParts {
  uid?: unknown;
  name?: unknown;
  kind?: unknown;
  fieldPath?: unknown;
}

function involvedOf(ev: K8sObject): InvolvedParts {
  return (ev['involvedObject'] ?? {}) as InvolvedParts;
}

/** Whether an indexed event (found under the uid and message) has these other parts. */
function sameParts(ev: K8sObject, kind: string, name: string, fieldPath: string, type: string, reason: string, component: string, host: string): boolean {
  const ref = involvedOf(ev);
  const source = (ev['source'] ?? {}) as { component?: unknown; host?: unknown };
  return (
    text(ref.kind) === kind &&
    text(ref.name) === name &&
    text(ref.fieldPath) === fieldPath &&
    text(ev['type']) === type &&
    text(ev['reason']) === reason &&
    text(source.component) === component &&
    text(source.host) === host
  );
}

/** The aggregation parts of a stored event, as strings: kind, name, uid, fieldPath, type, reason, message, component, host. */
export function eventParts(ev: K8sObject): [string, string, string, string, string, string, string, string, string] {
  const ref = involvedOf(ev);
  const source = (ev['source'] ?? {}) as { component?: unknown; host?: unknown };
  return [text(ref.kind), text(ref.name), text(ref.uid), text(ref.fieldPath), text(ev['type']), text(ev['reason']), text(ev['message']), text(source.component), text(source.host)];
}

/** A part as the correlator's key string would hold it. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : `${(v as string | undefined) ?? ''}`;
}
