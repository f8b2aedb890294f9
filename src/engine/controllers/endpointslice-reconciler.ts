/**
 * The EndpointSlice reconciler (k8s.io/endpointslice reconciler.go: reconcileByAddressType,
 * reconcileByPortMapping, finalize; utils.go: getSliceToFill, newEndpointSlice, ownedBy). An
 * endpoint stays in the slice it is in: changed endpoints are rewritten in place, gone ones taken
 * out, and new ones appended — first to the slices this sync already rewrites (fullest first), then
 * to the one unchanged slice they fit best, else to new slices. Emptied slices are deleted, or
 * recycled when a new slice is needed. A Service without endpoints keeps one placeholder slice.
 *
 * Upstream pops new endpoints from a Go map (EndpointSet.PopAny, random order); the simulation takes
 * them in pod-name order so that a run is reproducible. Slices are visited in name order where
 * upstream iterates a set or lister (also unordered there).
 *
 * Per Service it remembers which stored slice holds which endpoint, so that a sync after a few pod
 * writes touches only the slices those pods are in (plus a pass over the slice list), instead of
 * comparing every endpoint. The memory is trusted only while every stored slice is the very object
 * this controller wrote; anything else (a user's edit, a restore) makes the sync compare everything.
 */
import type { EndpointSlice, EndpointSliceEndpoint, K8sObject, Service } from '../model/types.ts';
import { jsonEqual, newControllerRef } from '../model/util.ts';
import { randomSuffix } from '../sim/rng.ts';
import { triggerTimeAnnotations, withTriggerTime } from './endpoint-trigger.ts';
import type { ControllerContext } from '../sim/context.ts';
import type { ClusterState } from '../sim/state.ts';

export const MAX_ENDPOINTS_PER_SLICE = 100;
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** One desired endpoint: its pod's name (the order new endpoints are placed in), hash key and body. */
export interface SliceItem {
  readonly name: string;
  /** hashEndpoint: addresses, hostname and target namespace/name (conditions and node may change in place). */
  readonly key: string;
  readonly ep: EndpointSliceEndpoint;
}

export type SlicePort = { name: string; port: number; protocol: string };

/** hashEndpoint (util/endpointset.go) for a stored endpoint, in the same form as SliceItem.key. */
export function endpointKey(ep: EndpointSliceEndpoint): string {
  const addresses = ep.addresses.length > 1 ? ep.addresses.toSorted().join(',') : (ep.addresses[0] ?? '');
  return `${addresses}\u0000${ep.hostname ?? ''}\u0000${ep.targetRef?.namespace ?? ''}/${ep.targetRef?.name ?? ''}`;
}

interface Memo {
  /** The stored slice as this controller last wrote (or found) it. */
  readonly object: EndpointSlice;
  /**
   * Its endpoints as desired records, in the stored order: the memory's own list, which the next
   * trusted sync edits in place (changedSlices, fillSlices) and hands on, through finalize's
   * `written`, to the memory of the slice it writes.
   */
  readonly parts: SliceItem[];
  /**
   * The records' endpoints: what was written, never changed. Between syncs endpoints[i] is
   * parts[i].ep; a trusted sync edits the parts first, and the memory written after it has a new list.
   */
  readonly endpoints: readonly EndpointSliceEndpoint[];
  /** ownedBy(object, the Service whose uid the memory holds), asked once per stored object. */
  readonly owned: boolean;
}

interface ServiceMemo {
  readonly uid: string;
  readonly ports: readonly SlicePort[];
  readonly labels: Record<string, string>;
  readonly slices: Map<string, Memo>;
  /** Endpoint key → the name of the slice holding it. */
  readonly where: Map<string, string>;
  /**
   * Endpoint key → where it was last seen in its slice's parts: a hint, checked before use (a
   * removal shifts the parts after it), so that a sync finds a changed endpoint without a scan.
   */
  readonly at: Map<string, number>;
}

const memos = new WeakMap<ClusterState, Map<string, ServiceMemo>>();

export function dropSliceMemo(state: ClusterState, serviceKey: string): void {
  memos.get(state)?.delete(serviceKey);
}

/** A slice this controller manages for the Service named `service` (its two labels). */
export function isManagedSliceOf(slice: K8sObject, service: string): boolean {
  return slice.metadata.labels?.['kubernetes.io/service-name'] === service && slice.metadata.labels['endpointslice.kubernetes.io/managed-by'] === MANAGED_BY;
}

/** Set while finalize writes: the informer hook skips the controller's own slice writes. */
let writing = false;

/**
 * The informer side of onEndpointSliceAdd/Update/Delete (with the EndpointSliceTracker's role
 * played by `writing`): the Service to resync when a slice it manages was written by anyone else
 * (a user's edit or delete, the garbage collector), else undefined.
 */
export function sliceServiceToSync(slice: K8sObject): string | undefined {
  if (writing || slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] !== MANAGED_BY)
    return undefined;
  return slice.metadata.labels['kubernetes.io/service-name'] || undefined;
}

/** A slice this sync writes: an existing one (by name) or a new one. */
interface Draft {
  existing: EndpointSlice | undefined;
  parts: SliceItem[];
  ports: readonly EndpointSlice['ports'][number][];
  /**
   * Where the parts new to the slice's name start (those before it were in that slice already):
   * the memory moves only these (a recycled slice's name gets all new parts, see finalize).
   */
  fresh: number;
  /**
   * The parts' endpoints, while the parts are the memory's with records replaced in place only: a
   * copy of the memory's list kept in step, which is the slice's list as it is (exact length).
   */
  endpoints?: EndpointSliceEndpoint[] | undefined;
}

/** ownedBy: a controller reference to this very Service object. */
function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  for (const o of slice.metadata.ownerReferences ?? []) if (o.uid === svc.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1') return true;
  return false;
}

/** What step 1 of reconcileByPortMapping leaves for steps 2 and 3. */
interface StepOne {
  /** Slices with an endpoint changed or removed, or stale labels (name order). */
  readonly toUpdate: Draft[];
  readonly toDelete: EndpointSlice[];
  /** Slices left as they are (name order): candidates for getSliceToFill. */
  readonly unchanged: EndpointSlice[];
  /** Desired endpoints in no slice, in pod-name order. */
  readonly leftover: SliceItem[];
  /** Keys of the endpoints taken out of a slice (no longer desired). */
  readonly dropped: string[];
}

export interface ReconcileInput {
  readonly svc: Service;
  readonly key: string;
  /** The Service's managed slices, sorted by name. */
  readonly slices: readonly EndpointSlice[];
  /** Every desired endpoint, in pod-name order. */
  readonly desired: readonly SliceItem[];
  /** What left and entered `desired` since the last sync, when known. */
  readonly changes:
    { readonly removed: readonly SliceItem[]; readonly added: readonly SliceItem[] } | undefined;
  readonly ports: readonly SlicePort[];
  readonly labels: Record<string, string>;
  /** The last-change-trigger-time annotation for the slices this sync writes (undefined: cleared). */
  readonly triggerTime: string | undefined;
}

/** Reconciler.Reconcile for the one IPv4 address type the simulation has. */
export function reconcileSlices(ctx: ControllerContext, input: ReconcileInput): void {
  let perState = memos.get(ctx.state);
  if (!perState) memos.set(ctx.state, (perState = new Map()));
  // A trusted sync edits the memory's parts in place before it writes: should anything throw before
  // the memory is brought up to date, it is dropped (else it would hold edited parts for slices still
  // stored as they were, and the next sync would trust it by their identity).
  let done = false;
  try {
    reconcile(ctx, input, perState.get(input.key));
    done = true;
  } finally {
    if (!done) perState.delete(input.key);
  }
}

/** reconcileSlices with the Service's memory, if any. */
function reconcile(ctx: ControllerContext, input: ReconcileInput, memo: ServiceMemo | undefined): void {
  const { svc, key, slices, desired, ports, labels } = input;
  const trusted =
    memo !== undefined &&
    input.changes !== undefined &&
    desired.length > 0 &&
    memoHolds(memo, svc, slices, ports, labels);
  let step: StepOne;
  let toDelete: EndpointSlice[];
  if (trusted) {
    step = changedSlices(memo, slices, input.changes);
    toDelete = step.toDelete;
  } else {
    // reconcileByAddressType: slices of another Service object go; the rest are grouped by ports.
    const owned: EndpointSlice[] = [];
    const stale: EndpointSlice[] = [];
    toDelete = [];
    for (const slice of slices) {
      if (!ownedBy(slice, svc)) toDelete.push(slice);
      else if (desired.length > 0 && jsonEqual(slice.ports ?? [], ports)) owned.push(slice);
      else stale.push(slice);
    }
    step =
      desired.length > 0
        ? compareAll(owned, desired, labels)
        : { toUpdate: [], toDelete: [], unchanged: [], leftover: [], dropped: [] };
    // The slices of this port map emptied by step 1, then those of port maps no longer desired.
    toDelete.push(...step.toDelete, ...stale);
  }
  const toCreate = fillSlices(step, ports, trusted ? memo : undefined);
  // The placeholder: when every slice would go and none be made, one empty slice stays.
  if (toDelete.length === slices.length && toCreate.length === 0) {
    const only = toDelete.length === 1 ? toDelete[0] : undefined;
    if (only && isPlaceholder(only, svc, labels)) toDelete.length = 0;
    else toCreate.push({ existing: undefined, parts: [], ports: [], fresh: 0 });
  }
  finalize(
    ctx,
    svc,
    key,
    labels,
    ports,
    { toCreate, toUpdate: step.toUpdate, toDelete, triggerTime: input.triggerTime },
    trusted ? memo : undefined,
    step.dropped
  );
}

/** Whether the memory still describes the stored slices (each the very object last written). */
function memoHolds(
  memo: ServiceMemo,
  svc: Service,
  slices: readonly EndpointSlice[],
  ports: readonly SlicePort[],
  labels: Record<string, string>
): boolean {
  if (
    memo.uid !== (svc.metadata.uid ?? '') ||
    memo.ports !== ports ||
    memo.labels !== labels ||
    memo.slices.size !== slices.length
  )
    return false;
  // Every slice is in the one port map (not a placeholder) and owned: step 1 needs no grouping.
  for (const s of slices) {
    const held = memo.slices.get(s.metadata.name);
    if (held?.object !== s || !(s.ports === ports || jsonEqual(s.ports, ports)) || !held.owned) return false;
  }
  return true;
}

/**
 * Step 1 of reconcileByPortMapping over every endpoint: each stored endpoint still desired is kept
 * where it is (as the desired record), the others are dropped; a slice that changed is to update,
 * one left empty to delete.
 */
function compareAll(
  slices: readonly EndpointSlice[],
  desired: readonly SliceItem[],
  labels: Record<string, string>
): StepOne {
  const wanted = new Map<string, SliceItem>();
  for (const item of desired) wanted.set(item.key, item);
  const toUpdate: Draft[] = [];
  const toDelete: EndpointSlice[] = [];
  const unchanged: EndpointSlice[] = [];
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    const parts: SliceItem[] = [];
    let updated = false;
    for (const ep of endpoints) {
      const k = endpointKey(ep);
      const got = wanted.get(k);
      if (!got) continue;
      parts.push(got);
      if (got.ep !== ep && !jsonEqual(got.ep, ep)) updated = true;
      wanted.delete(k);
    }
    if (updated || parts.length !== endpoints.length) {
      if (parts.length === 0) toDelete.push(slice);
      else toUpdate.push({ existing: slice, parts, ports: slice.ports, fresh: parts.length });
    } else if (!jsonEqual(slice.metadata.labels ?? {}, labels))
      toUpdate.push({ existing: slice, parts, ports: slice.ports, fresh: parts.length });
    else unchanged.push(slice);
  }
  // The memory is rebuilt after a full comparison: nothing to tell it.
  return { toUpdate, toDelete, unchanged, leftover: [...wanted.values()], dropped: [] };
}

/** One slice's edit in changedSlices. */
interface SliceEdit {
  readonly name: string;
  readonly held: Memo;
  /** The slice's new list while records were only replaced (a copy of held.endpoints kept in step). */
  endpoints: EndpointSliceEndpoint[] | undefined;
  /** A record was taken out: the list is made afresh from the parts. */
  removed: boolean;
  updated: boolean;
}

/**
 * Step 1 from the changes alone: only the slices holding an endpoint that left or changed are
 * edited; every other slice holds exactly the desired records it held before. A slice's parts are
 * the memory's own list, edited in place (the memory is brought up to date after the writes, or
 * dropped when one fails), so a sync copies only the endpoints list it writes.
 */
function changedSlices(
  memo: ServiceMemo,
  slices: readonly EndpointSlice[],
  changes: NonNullable<ReconcileInput['changes']>
): StepOne {
  const { removed, added } = changes;
  // Made at its first item (a push onto an empty list makes room for many).
  let edits: SliceEdit[] | undefined;
  const leftover: SliceItem[] = [];
  const dropped: string[] = [];
  // The removed records, then the added ones (item null: a record taken out). A pod re-derived is
  // in both lists: its removed record is skipped for the added one with its key (looked up in a set
  // when many were added).
  const addedKeys = added.length > 8 && removed.length > 0 ? new Set(added.map((a) => a.key)) : undefined;
  for (let i = 0; i < removed.length + added.length; i++) {
    let k: string;
    let item: SliceItem | null;
    if (i < removed.length) {
      k = (removed[i] as SliceItem).key;
      if (addedKeys ? addedKeys.has(k) : indexOfKey(added, k) >= 0) continue;
      item = null;
    } else {
      item = added[i - removed.length] as SliceItem;
      k = item.key;
    }
    const name = memo.where.get(k);
    const held = name === undefined ? undefined : memo.slices.get(name);
    if (!held || name === undefined) {
      if (item) leftover.push(item);
      continue;
    }
    let edit = editOf(edits, held.object);
    if (!edit) edits = pushed(edits, (edit = { name, held, endpoints: undefined, removed: false, updated: false }));
    const parts = held.parts;
    const hint = memo.at.get(k);
    const at = hint !== undefined && parts[hint]?.key === k ? hint : indexOfKey(parts, k);
    if (at < 0) continue;
    if (at !== hint) memo.at.set(k, at);
    const before = parts[at] as SliceItem;
    if (!item) {
      parts.splice(at, 1);
      edit.endpoints = undefined;
      edit.removed = edit.updated = true;
      dropped.push(k);
    } else {
      parts[at] = item;
      if (!edit.removed) (edit.endpoints ??= held.endpoints.slice())[at] = item.ep;
      if (item.ep !== before.ep && !jsonEqual(item.ep, before.ep)) edit.updated = true;
    }
  }
  if (leftover.length > 1) leftover.sort((a, b) => (a.name === b.name ? 0 : a.name.localeCompare(b.name)));
  let toUpdate: Draft[] | undefined;
  const toDelete: EndpointSlice[] = [];
  // Only step 3 (getSliceToFill) reads the unchanged slices, and only for leftover endpoints.
  const unchanged: EndpointSlice[] = [];
  for (let i = 0; i < slices.length; i++) {
    const slice = slices[i] as EndpointSlice;
    const edit = editOf(edits, slice);
    if (!edit || !edit.updated) {
      // A record swapped for an equal one: remembered, not written.
      if (edit) {
        const { held } = edit;
        const endpoints = edit.endpoints ?? held.parts.map((p) => p.ep);
        memo.slices.set(edit.name, { object: slice, parts: held.parts, endpoints, owned: held.owned });
      }
      if (leftover.length > 0) unchanged.push(slice);
    } else if (edit.held.parts.length === 0) toDelete.push(slice);
    else toUpdate = pushed(toUpdate, { existing: slice, parts: edit.held.parts, ports: slice.ports, fresh: edit.held.parts.length, endpoints: edit.endpoints });
  }
  return { toUpdate: toUpdate ?? [], toDelete, unchanged, leftover, dropped };
}

/** The edit of the stored slice `slice`, if any (indexed: a for-of here made an iterator per sync). */
function editOf(edits: readonly SliceEdit[] | undefined, slice: EndpointSlice): SliceEdit | undefined {
  if (edits) for (let i = 0; i < edits.length; i++) if ((edits[i] as SliceEdit).held.object === slice) return edits[i];
  return undefined;
}

/** `list` with `item` pushed onto it in place, or a new list at its first item. */
function pushed<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
}

/** Where the record with hash key `key` is in `parts` (-1: none). */
function indexOfKey(parts: readonly SliceItem[], key: string): number {
  for (let i = 0; i < parts.length; i++) if ((parts[i] as SliceItem).key === key) return i;
  return -1;
}

/**
 * Steps 2 and 3 of reconcileByPortMapping: the leftover endpoints are appended to the slices being
 * updated (the fullest first), then to the unchanged slice they fill best (getSliceToFill), else to
 * new slices. Returns the slices to create.
 */
function fillSlices(step: StepOne, ports: readonly SlicePort[], memo: ServiceMemo | undefined): Draft[] {
  const { toUpdate, unchanged, leftover } = step;
  let next = 0;
  if (leftover.length > 0 && toUpdate.length > 0)
    for (const draft of toUpdate.toSorted((a, b) => b.parts.length - a.parts.length)) next = fill(draft, leftover, next);
  const toCreate: Draft[] = [];
  while (next < leftover.length) {
    const remaining = leftover.length - next;
    const slice = remaining < MAX_ENDPOINTS_PER_SLICE ? getSliceToFill(unchanged, remaining) : undefined;
    let draft: Draft;
    if (slice) {
      unchanged.splice(unchanged.indexOf(slice), 1);
      // A trusted memory holds the slice's endpoints as records already (one per stored endpoint):
      // its own list, appended to in place.
      const held = memo?.slices.get(slice.metadata.name);
      const parts = held?.object === slice ? held.parts : storedRecords(slice);
      draft = { existing: slice, parts, ports: slice.ports, fresh: parts.length };
      toUpdate.push(draft);
    } else {
      draft = { existing: undefined, parts: [], ports, fresh: 0 };
      toCreate.push(draft);
    }
    next = fill(draft, leftover, next);
  }
  return toCreate;
}

/** Appends the leftover endpoints from `next` on to `draft` while it has room; returns where it stopped. */
function fill(draft: Draft, leftover: readonly SliceItem[], next: number): number {
  while (next < leftover.length && draft.parts.length < MAX_ENDPOINTS_PER_SLICE) {
    draft.parts.push(leftover[next++] as SliceItem);
    draft.endpoints = undefined;
  }
  return next;
}

/** getSliceToFill: the slice closest to full once `count` endpoints are added (the first of equals). */
function getSliceToFill(slices: readonly EndpointSlice[], count: number): EndpointSlice | undefined {
  let closestDiff = MAX_ENDPOINTS_PER_SLICE;
  let closest: EndpointSlice | undefined;
  for (const slice of slices) {
    const diff = MAX_ENDPOINTS_PER_SLICE - (count + (slice.endpoints ?? []).length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) break;
    }
  }
  return closest;
}

/** placeholderSliceCompare against newEndpointSlice with no ports: no endpoints, no ports, same labels and owner. */
function isPlaceholder(slice: EndpointSlice, svc: Service, labels: Record<string, string>): boolean {
  return (
    (slice.endpoints ?? []).length === 0 &&
    (slice.ports ?? []).length === 0 &&
    slice.addressType === 'IPv4' &&
    jsonEqual(slice.metadata.labels ?? {}, labels) &&
    jsonEqual(slice.metadata.ownerReferences ?? [], [newControllerRef(svc)])
  );
}

/**
 * finalize: a slice to create takes the name of a slice to delete (last create for first delete)
 * and becomes an update; then creates, updates and deletes are written in that order. The memory
 * is brought up to date from what was written.
 */
function finalize(
  ctx: ControllerContext,
  svc: Service,
  key: string,
  labels: Record<string, string>,
  ports: readonly SlicePort[],
  plan: { toCreate: Draft[]; toUpdate: Draft[]; toDelete: EndpointSlice[]; triggerTime: string | undefined },
  memo: ServiceMemo | undefined,
  dropped: readonly string[]
): void {
  const { toCreate, toUpdate, toDelete, triggerTime } = plan;
  for (let i = 0; i < toDelete.length && toCreate.length > 0;) {
    const doomed = toDelete[i] as EndpointSlice;
    if (doomed.addressType === 'IPv4' && ownedBy(doomed, svc)) {
      const draft = toCreate.pop() as Draft;
      draft.existing = doomed;
      toUpdate.push(draft);
      toDelete.splice(i, 1);
    } else i++;
  }
  const namespace = svc.metadata.namespace ?? 'default';
  // Made at its first item (a push onto an empty list makes room for many).
  let written: { memo: Memo; fresh: number }[] | undefined;
  let failed = false;
  writing = true;
  try {
    for (const draft of toCreate) {
      const slice: EndpointSlice = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: `${svc.metadata.name}-${randomSuffix(ctx.state, 5)}`,
          generateName: `${svc.metadata.name}-`,
          namespace,
          labels,
          ...(triggerTime === undefined ? {} : { annotations: triggerTimeAnnotations(triggerTime) }),
          ownerReferences: [newControllerRef(svc)],
        },
        addressType: 'IPv4',
        endpoints: draft.endpoints ?? draft.parts.map((p) => p.ep),
        ports: draft.ports as EndpointSlice['ports'],
      };
      const result = ctx.api.create(slice, { trusted: true });
      if (result.ok) written = pushed(written, { memo: { object: result.object as EndpointSlice, parts: draft.parts, endpoints: slice.endpoints, owned: ownedBy(result.object as EndpointSlice, svc) }, fresh: draft.fresh });
      else failed = true;
    }
    for (const draft of toUpdate) {
      const existing = draft.existing as EndpointSlice;
      const endpoints = draft.endpoints ?? draft.parts.map((p) => p.ep);
      const metadata = { ...existing.metadata, labels };
      // addTriggerTimeAnnotation: the time set, or cleared when no trigger moved.
      const annotations = withTriggerTime(existing.metadata.annotations, triggerTime);
      if (annotations) metadata.annotations = annotations;
      else delete metadata.annotations;
      // The object and its metadata are built here for this write alone: handed over as they are.
      const result = ctx.api.update({ ...existing, addressType: 'IPv4', endpoints, ports: draft.ports as EndpointSlice['ports'], metadata }, { trusted: true, owned: true });
      if (result.ok) written = pushed(written, { memo: { object: result.object as EndpointSlice, parts: draft.parts, endpoints, owned: ownedBy(result.object as EndpointSlice, svc) }, fresh: draft.fresh });
      else failed = true;
    }
    for (const slice of toDelete) ctx.api.delete('EndpointSlice', namespace, slice.metadata.name);
  } finally {
    writing = false;
  }
  // A write that did not land leaves the memory wrong: the next sync compares everything.
  if (failed) memos.get(ctx.state)?.delete(key);
  else remember(ctx, svc, key, labels, ports, memo, { written: written ?? [], deleted: toDelete, dropped });
}

/**
 * The memory after a sync: edited in place when it was trusted, else built from the stored slices.
 * Edited, only what moved moves: the dropped endpoints leave `where`, and each written slice's fresh
 * parts point to it; its other parts were in it before (a slice keeps its endpoints in place), and
 * a slice deleted or recycled had every endpoint dropped.
 */
function remember(
  ctx: ControllerContext,
  svc: Service,
  key: string,
  labels: Record<string, string>,
  ports: readonly SlicePort[],
  memo: ServiceMemo | undefined,
  sync: {
    readonly written: readonly { readonly memo: Memo; readonly fresh: number }[];
    readonly deleted: readonly EndpointSlice[];
    readonly dropped: readonly string[];
  }
): void {
  const perState = memos.get(ctx.state) as Map<string, ServiceMemo>;
  if (!memo) {
    perState.set(key, rebuild(ctx, svc, key, labels, ports, sync.written));
    return;
  }
  for (const k of sync.dropped) {
    memo.where.delete(k);
    memo.at.delete(k);
  }
  for (const slice of sync.deleted) memo.slices.delete(slice.metadata.name);
  for (const { memo: w, fresh } of sync.written) {
    const name = w.object.metadata.name;
    memo.slices.set(name, w);
    for (let i = fresh; i < w.parts.length; i++) {
      const k = (w.parts[i] as SliceItem).key;
      memo.where.set(k, name);
      memo.at.set(k, i);
    }
  }
}

/**
 * The memory from the stored slices; endpoints are remembered as keyed records of what is stored
 * (a later sync compares by key, and by value where the record differs). A slice this sync wrote
 * (`written`, the very stored object) keeps the records it was written from: their endpoints are
 * the stored ones and their keys hash them.
 */
function rebuild(
  ctx: ControllerContext,
  svc: Service,
  key: string,
  labels: Record<string, string>,
  ports: readonly SlicePort[],
  written: readonly { readonly memo: Memo }[] = []
): ServiceMemo {
  const memo: ServiceMemo = {
    uid: svc.metadata.uid ?? '',
    ports,
    labels,
    slices: new Map(),
    where: new Map(),
    at: new Map(),
  };
  const name = key.slice(key.indexOf('/') + 1);
  for (const slice of ctx.api.list('EndpointSlice', svc.metadata.namespace) as EndpointSlice[]) {
    if (!isManagedSliceOf(slice, name)) continue;
    const held = writtenAs(written, slice) ?? storedMemo(slice, svc);
    const { parts } = held;
    memo.slices.set(slice.metadata.name, held);
    parts.forEach((part, i) => {
      memo.where.set(part.key, slice.metadata.name);
      memo.at.set(part.key, i);
    });
  }
  return memo;
}

/** The memory of `slice` if this sync wrote it. */
function writtenAs(written: readonly { readonly memo: Memo }[], slice: EndpointSlice): Memo | undefined {
  for (const w of written) if (w.memo.object === slice) return w.memo;
  return undefined;
}

/** A stored slice's memory, its endpoints made keyed records. */
function storedMemo(slice: EndpointSlice, svc: Service): Memo {
  const parts = storedRecords(slice);
  return { object: slice, parts, endpoints: parts.map((p) => p.ep), owned: ownedBy(slice, svc) };
}

/** A stored slice's endpoints as desired records: each named by its target pod, keyed by hashEndpoint. */
function storedRecords(slice: EndpointSlice): SliceItem[] {
  return (slice.endpoints ?? []).map((ep) => ({ name: ep.targetRef?.name ?? '', key: endpointKey(ep), ep }));
}

/**
 * For tests: the Service's memory and the memory rebuilt from storage, each as one string (slice
 * names with their endpoint keys in order, then `where`), or undefined when there is none or the
 * next sync would not trust it (it is then rebuilt, so it need not agree).
 */
export function describeSliceMemo(ctx: ControllerContext, svc: Service, key: string): { kept: string; rebuilt: string } | undefined {
  const memo = memos.get(ctx.state)?.get(key);
  const name = key.slice(key.indexOf('/') + 1);
  const slices = (ctx.api.list('EndpointSlice', svc.metadata.namespace) as EndpointSlice[]).filter((s) => isManagedSliceOf(s, name));
  if (!memo || !memoHolds(memo, svc, slices, memo.ports, memo.labels)) return undefined;
  return { kept: describeMemo(memo), rebuilt: describeMemo(rebuild(ctx, svc, key, memo.labels, memo.ports)) };
}

function describeMemo(memo: ServiceMemo): string {
  return JSON.stringify([
    // Each slice's endpoints list must be its records' endpoints, one for one (a rebuilt memory's is).
    [...memo.slices].map(([name, held]) => [name, held.parts.map((p) => p.key), held.endpoints.length === held.parts.length && held.parts.every((p, i) => p.ep === held.endpoints[i])]).sort(),
    [...memo.where].sort(),
  ]);
}
