/**
 * The EndpointSlice and Endpoints controllers (k8s.io/endpointslice reconciler, podToEndpoint,
 * ShouldSetHostname, ShouldPodBeInEndpoints) for Services with a selector.
 */
import { mapSelectorMatches } from '../model/labels.ts';
import type { EndpointSlice, EndpointSliceEndpoint, K8sObject, Pod, Service } from '../model/types.ts';
import { jsonEqual, withAnnotation } from '../model/util.ts';
import type { ControllerContext } from '../sim/context.ts';
import type { ClusterState } from '../sim/state.ts';
import { compareAddresses, editOneRecord, editSorted, legacyChanges, sideOf, type Address, type LegacySide, type SortedAddresses } from './endpoint-addresses.ts';
import { dropServiceIndex, endpointIndexOptions, publishedPods } from './endpoint-index.ts';
import { dropSliceMemo, endpointKey, isManagedSliceOf, MANAGED_BY, reconcileSlices } from './endpointslice-reconciler.ts';
import { computeLastChangeTriggerTime, dropTriggerTimes, isEmpty, withTriggerTime } from './endpoint-trigger.ts';

function isReady(pod: Pod): boolean {
  return pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** ShouldPodBeInEndpoints for a pod the Service's selector picks: it has an IP and has not ended. */
function isPublished(pod: Pod, selector: Record<string, string>): boolean {
  return !!pod.status.podIP && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed' && mapSelectorMatches(selector, pod.metadata.labels);
}

/**
 * What a sync publishes for one pod: its EndpointSlice endpoint and its legacy Endpoints address,
 * frozen and shared with the stored objects (a trusted write keeps them), so that unchanged pods
 * compare by identity.
 */
class Published {
  /** The pod's name: the lists a sync builds are in its (localeCompare) order. */
  readonly name: string;
  /** hashEndpoint's identity of `ep` (the reconciler's SliceItem). */
  readonly key: string;
  readonly ep: EndpointSliceEndpoint;
  readonly address: Record<string, unknown>;
  /** isReady(pod): the legacy object lists it under addresses, else notReadyAddresses. */
  readonly ready: boolean;
  readonly terminating: boolean;
  constructor(name: string, ep: EndpointSliceEndpoint, address: Record<string, unknown>, ready: boolean, terminating: boolean, key?: string) {
    this.name = name;
    this.key = key ?? endpointKey(ep);
    this.ep = ep;
    this.address = address;
    this.ready = ready;
    this.terminating = terminating;
  }
}

/**
 * An endpoint's conditions: one frozen object per combination, shared by every endpoint (and every
 * stored slice version) that shows it.
 */
const sharedConditions: EndpointSliceEndpoint['conditions'][] = [];
function conditionsOf(ready: boolean, serving: boolean, terminating: boolean): EndpointSliceEndpoint['conditions'] {
  const at = (ready ? 4 : 0) + (serving ? 2 : 0) + (terminating ? 1 : 0);
  return (sharedConditions[at] ??= Object.freeze({ ready, serving, terminating }));
}

/**
 * podToEndpoint and the legacy address, for a pod the Service `name` publishes. With `previous`
 * (the pod's last derivation), every part that shows the same is that derivation's very object, so
 * that the stored slices and Endpoints versions share it (a pod turning Ready changes only its
 * conditions): `previous` itself when nothing changed.
 */
function publish(pod: Pod, name: string, namespace: string, publishNotReady: boolean, previous?: Published): Published {
  const serving = isReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const ready = publishNotReady || (serving && !terminating);
  const ip = pod.status.podIP;
  const nodeName = pod.spec.nodeName;
  const podName = pod.metadata.name;
  const uid = pod.metadata.uid;
  // ShouldSetHostname: the pod's subdomain names this Service.
  const hostname = pod.spec.hostname && pod.spec.subdomain === name ? pod.spec.hostname : undefined;
  const before = previous?.ep;
  const addresses = before?.addresses.length === 1 && before.addresses[0] === (ip ?? '') ? before.addresses : [ip ?? ''];
  const conditions =
    before?.conditions.ready === ready && before.conditions.serving === serving && before.conditions.terminating === terminating
      ? before.conditions
      : conditionsOf(ready, serving, terminating);
  const targetRef =
    before?.targetRef?.name === podName && before.targetRef.namespace === namespace && before.targetRef.uid === (uid ?? '')
      ? before.targetRef
      : { kind: 'Pod', name: podName, namespace, uid: uid ?? '' };
  const epNode = nodeName || undefined;
  const sameEp = before !== undefined && addresses === before.addresses && conditions === before.conditions && targetRef === before.targetRef && before.nodeName === epNode && before.hostname === hostname;
  const prior = previous?.address as { ip?: unknown; nodeName?: unknown; hostname?: unknown; targetRef: { name?: unknown; namespace?: unknown; uid?: unknown } } | undefined;
  const sameAddress =
    prior !== undefined &&
    prior.ip === ip &&
    prior.nodeName === nodeName &&
    prior.hostname === hostname &&
    prior.targetRef.name === podName &&
    prior.targetRef.namespace === namespace &&
    prior.targetRef.uid === uid;
  if (previous && sameEp && sameAddress && previous.ready === serving && previous.terminating === terminating) return previous;
  let ep: EndpointSliceEndpoint;
  if (sameEp) ep = before;
  else {
    ep = { addresses, conditions, nodeName: nodeName ?? '', targetRef };
    if (hostname) ep.hostname = hostname;
    if (!ep.nodeName) delete ep.nodeName;
    Object.freeze(ep);
  }
  let address: Record<string, unknown>;
  if (previous && sameAddress) address = previous.address;
  else {
    address = { ip, nodeName, targetRef: { kind: 'Pod', name: podName, namespace, uid } };
    if (hostname) address['hostname'] = hostname;
    Object.freeze(address);
  }
  // hashEndpoint reads the addresses, hostname and target: the same ones hash the same.
  const key = before && addresses === before.addresses && targetRef === before.targetRef && before.hostname === hostname ? previous.key : undefined;
  return new Published(podName, ep, address, serving, terminating, key);
}

/**
 * Per cluster and list (a Service's pods, or its slices): each name's position in the last full
 * localeCompare sort. A set of names all ranked by one earlier sort is in the same order by rank as
 * by localeCompare (object names never collate equal), so only a new name costs a full sort; a
 * rollout reuses its names and a Service keeps its slices.
 */
const nameRanks = new WeakMap<object, Map<string, Map<string, number>>>();

function sortByName<T extends K8sObject>(ctx: ControllerContext, key: string, objects: T[]): T[] {
  let perList = nameRanks.get(ctx.state);
  if (!perList) nameRanks.set(ctx.state, (perList = new Map()));
  const ranks = perList.get(key);
  if (ranks && objects.length <= 64 && sortedByRank(objects, ranks)) return objects;
  return sortBySlots(perList, key, ranks, objects);
}

/** sortByName past the short lists: by rank into slots when every name has one, else afresh. */
function sortBySlots<T extends K8sObject>(perList: Map<string, Map<string, number>>, key: string, ranks: Map<string, number> | undefined, objects: T[]): T[] {
  if (ranks && objects.every((o) => ranks.has(o.metadata.name))) {
    const slots: (T | undefined)[] = [];
    for (let i = 0; i < ranks.size; i++) slots.push(undefined);
    let collision = false;
    for (const object of objects) {
      const rank = ranks.get(object.metadata.name) as number;
      if (slots[rank]) collision = true;
      slots[rank] = object;
    }
    if (!collision) {
      const sorted: T[] = [];
      for (const slot of slots) if (slot) sorted.push(slot);
      return sorted;
    }
  }
  const sorted = objects.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  perList.set(key, new Map(sorted.map((o, i) => [o.metadata.name, i])));
  return sorted;
}

/**
 * A short list (a Service's slices) put in rank order in place by insertion, when every name has a
 * rank: false, untouched, when one has none.
 */
function sortedByRank(objects: K8sObject[], ranks: Map<string, number>): boolean {
  for (const o of objects) if (!ranks.has(o.metadata.name)) return false;
  for (let i = 1; i < objects.length; i++) {
    const o = objects[i] as K8sObject;
    const rank = ranks.get(o.metadata.name) as number;
    let j = i - 1;
    for (; j >= 0 && (ranks.get((objects[j] as K8sObject).metadata.name) as number) > rank; j--) objects[j + 1] = objects[j] as K8sObject;
    objects[j + 1] = o;
  }
  return true;
}

type Port = { name: string; port: number; protocol: string };

/** What left and entered the published records in one generation of the index. */
type RecordChanges = { readonly removed: readonly Published[]; readonly added: readonly Published[] };

/** Every address of the records on one side, sorted afresh. */
function sortSide(records: readonly Published[], side: LegacySide, publishNotReady: boolean): SortedAddresses {
  const addresses: Address[] = [];
  for (const part of records) if (sideOf(part, publishNotReady) === side) addresses.push(part.address);
  return addresses.sort(compareAddresses);
}

/**
 * Labels and ports a Service's objects carry, remembered per Service object (and ports while they
 * stay equal), so that stored slices and Endpoints share them and compare by identity.
 */
const serviceLabels = new WeakMap<Service, { slice: Record<string, string>; legacy: Record<string, string> }>();
const servicePorts = new WeakMap<Service, Port[]>();
const fixedPortsOf = new WeakMap<Service, boolean>();

function fixedPorts(svc: Service): boolean {
  let fixed = fixedPortsOf.get(svc);
  if (fixed === undefined) fixedPortsOf.set(svc, (fixed = (svc.spec.ports ?? []).every((p) => typeof (p.targetPort ?? p.port) === 'number')));
  return fixed;
}

function labelsOf(svc: Service): { slice: Record<string, string>; legacy: Record<string, string> } {
  let labels = serviceLabels.get(svc);
  if (!labels) {
    const slice: Record<string, string> = {
      ...svc.metadata.labels,
      'kubernetes.io/service-name': svc.metadata.name,
      'endpointslice.kubernetes.io/managed-by': MANAGED_BY,
    };
    const legacy: Record<string, string> = { ...svc.metadata.labels };
    if (svc.spec.clusterIP === 'None') slice['service.kubernetes.io/headless'] = legacy['service.kubernetes.io/headless'] = '';
    serviceLabels.set(svc, (labels = { slice, legacy }));
  }
  return labels;
}

function portsOf(svc: Service, pods: readonly Pod[]): Port[] {
  const known = servicePorts.get(svc);
  // Numeric target ports name no container port: the Service object alone decides them.
  if (known && fixedPorts(svc)) return known;
  const ports = (svc.spec.ports ?? []).map((p) => {
    const port: Port = { name: p.name ?? '', port: resolveTargetPort(p.targetPort ?? p.port, pods), protocol: p.protocol ?? 'TCP' };
    return port;
  });
  if (known && jsonEqual(known, ports)) return known;
  servicePorts.set(svc, ports);
  return ports;
}

/** What the index's filter and derivations depend on besides the pods, remembered per Service object. */
const signatures = new WeakMap<Service, string>();

function signatureOf(svc: Service): string {
  let signature = signatures.get(svc);
  if (signature === undefined) {
    signature = `${svc.metadata.uid ?? ''}\u0000${svc.spec.publishNotReadyAddresses === true}\u0000${JSON.stringify(svc.spec.selector)}`;
    signatures.set(svc, signature);
  }
  return signature;
}

/** The index's filter and derivation for a Service object (they read only the object and its key), made once. */
const podFilters = new WeakMap<Service, { published: (pod: Pod) => boolean; derive: (pod: Pod, previous: Published | undefined) => Published }>();

function podFilterOf(svc: Service, name: string, namespace: string): { published: (pod: Pod) => boolean; derive: (pod: Pod, previous: Published | undefined) => Published } {
  let filter = podFilters.get(svc);
  if (!filter) podFilters.set(svc, (filter = makePodFilter(svc, name, namespace)));
  return filter;
}

/** podFilterOf's pair, made apart (a function whose arguments its closures keep makes their scope on every call). */
function makePodFilter(svc: Service, name: string, namespace: string): { published: (pod: Pod) => boolean; derive: (pod: Pod, previous: Published | undefined) => Published } {
  const selector = svc.spec.selector ?? {};
  const publishNotReady = svc.spec.publishNotReadyAddresses === true;
  return { published: (p) => isPublished(p, selector), derive: (p, previous) => publish(p, name, namespace, publishNotReady, previous) };
}

/** A Service key's namespace and name, and the name of its slice list (sortByName's key). */
interface ParsedKey {
  /**
   * The first key handed over (in this cluster, since the Service was last gone), then the same
   * string object on every sync: the workqueue hands over a fresh slice of its own key each time,
   * and every map and record a sync reads is keyed by it (a string already looked up is found
   * without hashing it again).
   */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly slicesKey: string;
  /** isManagedSliceOf for this Service (the slice list's filter). */
  readonly managed: (slice: K8sObject) => boolean;
}
/**
 * Parsed once per key (the workqueue hands over the same keys again and again), per cluster: a
 * cluster's keys go with it, and a Service's when it is gone.
 */
const parsedKeys = new WeakMap<ClusterState, Map<string, ParsedKey>>();

function parsedKey(ctx: ControllerContext, key: string): ParsedKey {
  let perState = parsedKeys.get(ctx.state);
  if (!perState) parsedKeys.set(ctx.state, (perState = new Map()));
  let parsed = perState.get(key);
  if (!parsed) {
    const [namespace = '', name = ''] = key.split('/');
    perState.set(key, (parsed = { key, namespace, name, slicesKey: `${key}\u0000EndpointSlice`, managed: (s) => isManagedSliceOf(s, name) }));
  }
  return parsed;
}

/**
 * syncService: the Service's EndpointSlices (endpointslice-reconciler.ts, upstream's Reconcile) and
 * its legacy Endpoints object. With the index, only the pods written since the last sync are
 * re-derived, the reconciler edits only the slices they are in, and the legacy lists are edited.
 */
export function syncEndpoints(ctx: ControllerContext, queueKey: string): void {
  const { key, namespace, name, slicesKey, managed } = parsedKey(ctx, queueKey);
  const svc = ctx.api.get('Service', namespace, name) as Service | undefined;
  const slices = sortByName(
    ctx,
    slicesKey,
    (ctx.api.list('EndpointSlice', namespace) as EndpointSlice[]).filter(managed)
  );
  if (!svc || !svc.spec.selector || isEmpty(svc.spec.selector) || svc.metadata.deletionTimestamp) {
    // Without a selector the user manages endpoints; a deleted Service's slices go with the GC.
    dropServiceIndex(ctx.state, key);
    dropSliceMemo(ctx.state, key);
    // DeleteService: the tracker forgets a Service that is gone (one without a selector keeps its
    // state), and its parsed key goes.
    if (!svc) {
      dropTriggerTimes(ctx.state, key);
      parsedKeys.get(ctx.state)?.delete(key);
    }
    nameRanks.get(ctx.state)?.delete(key);
    nameRanks.get(ctx.state)?.delete(slicesKey);
    legacyBuilds.get(ctx.state)?.delete(key);
    return;
  }
  const publishNotReady = svc.spec.publishNotReadyAddresses === true;
  const { published, derive } = podFilterOf(svc, name, namespace);
  let pods: readonly Pod[];
  let records: LegacySource;
  if (endpointIndexOptions.enabled) {
    // The index's view is the legacy build's source: one object for the index's life.
    const view = publishedPods(ctx, key, namespace, signatureOf(svc), published, derive);
    pods = view.pods;
    records = view;
  } else {
    pods = sortByName(ctx, key, (ctx.api.list('Pod', namespace) as Pod[]).filter(published));
    // A new source every time: the legacy lists are sorted afresh (tests comparing with the index).
    const derived = pods.map((p) => publish(p, name, namespace, publishNotReady));
    records = { generation: 0, derived, changes: undefined };
  }
  const ports = portsOf(svc, pods);
  const triggerTime = computeLastChangeTriggerTime(ctx, key, svc);
  let done = false;
  try {
    reconcileSlices(ctx, { svc, key, slices, desired: records.derived, changes: records.changes, ports, labels: labelsOf(svc).slice, triggerTime });
    syncLegacyEndpoints(ctx, key, svc, records, ports, publishNotReady, triggerTime);
    done = true;
  } finally {
    // A sync that did not finish has taken the index's changes: the next one builds the legacy lists afresh.
    if (!done) legacyBuilds.get(ctx.state)?.delete(key);
  }
}

function resolveTargetPort(target: number | string, pods: readonly Pod[]): number {
  if (typeof target === 'number') return target;
  for (const pod of pods) {
    for (const c of pod.spec.containers) {
      const port = c.ports?.find((p) => p.name === target);
      if (port) return port.containerPort;
    }
  }
  return Number(target) || 0;
}

/**
 * The published records a legacy build is made from: the object itself (the index's view, or one
 * made by a full sync) and its generation name them, and `changes` says what entered and left since
 * the generation before.
 */
interface LegacySource {
  readonly generation: number;
  readonly derived: readonly Published[];
  readonly changes: RecordChanges | undefined;
}

/**
 * Per stored Endpoints object: the records (by source and generation) and ports its subsets were
 * built from. Stored objects are never mutated, so while the index is at the same generation the
 * subsets are equal.
 */
interface LegacyBuild {
  readonly source: object;
  readonly generation: number;
  readonly ports: Port[];
  readonly publishNotReady: boolean;
  readonly ready: SortedAddresses;
  readonly notReady: SortedAddresses;
}
const legacyBuilds = new WeakMap<object, Map<string, { readonly object: K8sObject; readonly build: LegacyBuild }>>();

/** The build of the stored Endpoints object `existing` of the Service `key`, if it is the one remembered. */
function builtFor(ctx: ControllerContext, key: string, existing: K8sObject | undefined): LegacyBuild | undefined {
  if (!existing) return undefined;
  const held = legacyBuilds.get(ctx.state)?.get(key);
  return held?.object === existing ? held.build : undefined;
}

function rememberBuild(ctx: ControllerContext, key: string, object: K8sObject, build: LegacyBuild): void {
  let perState = legacyBuilds.get(ctx.state);
  if (!perState) legacyBuilds.set(ctx.state, (perState = new Map()));
  perState.set(key, { object, build });
}

/**
 * The legacy lists for `records`: the last build's when the records are the same, edited from it
 * when they are one generation on and few addresses moved, else sorted afresh.
 */
function buildLegacy(records: LegacySource, ports: Port[], publishNotReady: boolean, built: LegacyBuild | undefined): LegacyBuild {
  let ready: SortedAddresses | undefined;
  let notReady: SortedAddresses | undefined;
  if (built && built.source === records && built.publishNotReady === publishNotReady) {
    if (built.generation === records.generation) ({ ready, notReady } = built);
    else if (built.generation === records.generation - 1 && records.changes) {
      const { removed, added } = records.changes;
      if (removed.length <= 1 && added.length <= 1) {
        // One pod's write (the usual sync): legacyChanges' edit without its lists.
        ready = editOneRecord(built.ready, 'ready', removed[0], added[0], publishNotReady);
        notReady = editOneRecord(built.notReady, 'notReady', removed[0], added[0], publishNotReady);
      } else {
        const changes = legacyChanges(records.changes, publishNotReady);
        ready = editSorted(built.ready, changes.ready);
        notReady = editSorted(built.notReady, changes.notReady);
      }
    }
  }
  return {
    source: records,
    generation: records.generation,
    ports,
    publishNotReady,
    ready: ready ?? sortSide(records.derived, 'ready', publishNotReady),
    notReady: notReady ?? sortSide(records.derived, 'notReady', publishNotReady),
  };
}

/**
 * endpoints.Controller.syncService: the deprecated v1 Endpoints object, one subset of ready
 * addresses and notReadyAddresses (terminating dropped) — what addEndpointSubset per pod and
 * RepackSubsets make of one port set.
 */
function syncLegacyEndpoints(
  ctx: ControllerContext,
  key: string,
  svc: Service,
  records: LegacySource,
  ports: Port[],
  publishNotReady: boolean,
  triggerTime: string | undefined
): void {
  const namespace = svc.metadata.namespace ?? 'default';
  const labels = labelsOf(svc).legacy;
  const existing = ctx.api.get('Endpoints', namespace, svc.metadata.name);
  const built = builtFor(ctx, key, existing);
  // capacityAnnotationSetCorrectly: an object over capacity (a truncated one carries the
  // annotation) is rewritten on every sync.
  const capacityNoted = existing?.metadata.annotations?.[OVER_CAPACITY] === undefined && addressCount(existing) <= MAX_ENDPOINTS_CAPACITY;
  let subsets: Record<string, unknown>[];
  let build: LegacyBuild;
  if (existing && built && built.source === records && built.generation === records.generation && built.ports === ports && built.publishNotReady === publishNotReady) {
    if (capacityNoted && jsonEqual(existing.metadata.labels ?? {}, labels)) return;
    subsets = existing['subsets'] as Record<string, unknown>[];
    build = built;
  } else {
    build = buildLegacy(records, ports, publishNotReady, built);
    subsets = legacySubsets(build, ports);
    if (existing && equalSubsets(existing['subsets'], subsets)) {
      rememberBuild(ctx, key, existing, build);
      if (capacityNoted && jsonEqual(existing.metadata.labels ?? {}, labels)) return;
    }
  }
  const truncated = truncateEndpoints(subsets);
  if (truncated) subsets = truncated;
  const timed = withTriggerTime(existing?.metadata.annotations, triggerTime);
  // (withTriggerTime's answer is undefined or holds an annotation: with no over-capacity mark to
  // set or take out, withAnnotation would hand it back as it is.)
  const annotations = truncated || timed?.[OVER_CAPACITY] !== undefined ? withAnnotation(timed, OVER_CAPACITY, truncated ? 'truncated' : undefined) : timed;
  const metadata: K8sObject['metadata'] = existing ? { ...existing.metadata, labels } : { name: svc.metadata.name, namespace, labels };
  if (annotations) metadata.annotations = annotations;
  else delete metadata.annotations;
  // The object and its metadata are built here for this write alone: handed over as they are.
  const result = existing
    ? ctx.api.update({ ...existing, subsets, metadata } as K8sObject, { trusted: true, owned: true })
    : ctx.api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata, subsets }, { trusted: true });
  // A truncated object's subsets are not the build's lists: the next sync compares afresh.
  if (result.ok && !truncated) rememberBuild(ctx, key, result.object, build);
}

/** Ready and not-ready addresses over every subset of a stored Endpoints object. */
function addressCount(endpoints: K8sObject | undefined): number {
  let count = 0;
  for (const subset of (endpoints?.['subsets'] ?? []) as { addresses?: unknown[]; notReadyAddresses?: unknown[] }[]) {
    count += (subset.addresses?.length ?? 0) + (subset.notReadyAddresses?.length ?? 0);
  }
  return count;
}

/** The Endpoints controller's maxCapacity: addresses one Endpoints object holds. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
/** v1.EndpointsOverCapacity. */
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

/**
 * truncateEndpoints: past maxCapacity addresses, ready ones are kept before not-ready ones. The
 * legacy object has one subset, which takes the whole allowance; undefined when nothing is cut.
 */
export function truncateEndpoints(subsets: Record<string, unknown>[]): Record<string, unknown>[] | undefined {
  const [subset] = subsets;
  if (!subset) return undefined;
  const ready = (subset['addresses'] ?? []) as Address[];
  const notReady = (subset['notReadyAddresses'] ?? []) as Address[];
  if (ready.length + notReady.length <= MAX_ENDPOINTS_CAPACITY) return undefined;
  const cut: Record<string, unknown> = { ...subset };
  if (ready.length > MAX_ENDPOINTS_CAPACITY) {
    cut['addresses'] = ready.slice(0, MAX_ENDPOINTS_CAPACITY);
    delete cut['notReadyAddresses'];
  } else cut['notReadyAddresses'] = notReady.slice(0, MAX_ENDPOINTS_CAPACITY - ready.length);
  return [cut];
}

/** The legacy subsets: one subset per set of ports (RepackSubsets), its addresses sorted by IP, then uid. */
function legacySubsets(build: LegacyBuild, ports: Port[]): Record<string, unknown>[] {
  const { ready, notReady } = build;
  const subset: Record<string, unknown> = { ports: legacyPortsOf(ports) };
  if (ready.length > 0) subset['addresses'] = ready;
  if (notReady.length > 0) subset['notReadyAddresses'] = notReady;
  return ready.length + notReady.length > 0 ? [subset] : [];
}

/** The subset's ports for a Service's ports (an unnamed port has no name), one list per `ports` object. */
const legacyPorts = new WeakMap<Port[], readonly Record<string, unknown>[]>();

function legacyPortsOf(ports: Port[]): readonly Record<string, unknown>[] {
  let list = legacyPorts.get(ports);
  if (!list) legacyPorts.set(ports, (list = ports.map((p) => (p.name ? p : { port: p.port, protocol: p.protocol }))));
  return list;
}

/**
 * jsonEqual for lists whose unchanged items are the very objects written last time (the frozen
 * Published records): items compared by identity, structurally only where that fails.
 */
function equalList(stored: unknown, list: readonly unknown[]): boolean {
  if (stored === list) return true;
  if (!Array.isArray(stored) || stored.length !== list.length) return jsonEqual(stored, list);
  for (let i = 0; i < list.length; i++) if (stored[i] !== list[i] && !jsonEqual(stored[i], list[i])) return false;
  return true;
}

/** jsonEqual for the legacy subsets (one subset at most), comparing its address lists as equalList does. */
function equalSubsets(stored: unknown, subsets: Record<string, unknown>[]): boolean {
  const mine = subsets[0];
  if (!Array.isArray(stored) || stored.length !== subsets.length || !mine) return jsonEqual(stored, subsets);
  const theirs = stored[0] as Record<string, unknown> | undefined;
  if (!theirs || typeof theirs !== 'object') return false;
  // jsonEqual's walk over the defined keys on both sides (the subsets are plain objects).
  let defined = 0;
  for (const k in mine) {
    const value = mine[k];
    if (value === undefined) continue;
    defined++;
    if (!Object.hasOwn(theirs, k) || !(k === 'ports' ? jsonEqual(theirs[k], value) : equalList(theirs[k], value as unknown[]))) return false;
  }
  for (const k in theirs) if (theirs[k] !== undefined) defined--;
  return defined === 0;
}

/**
 * podEndpointsChanged's labelsChanged (k8s.io/endpointslice util): the pod's labels, hostname or
 * subdomain changed (its memberships may have).
 */
function membershipChanged(old: Pod, pod: Pod): boolean {
  return !jsonEqual(old.metadata.labels ?? {}, pod.metadata.labels ?? {}) || old.spec.hostname !== pod.spec.hostname || old.spec.subdomain !== pod.spec.subdomain;
}

/**
 * podEndpointsChanged's podChanged: whether a pod update can change what the Service's endpoints
 * show — deletion, readiness, IPs. The informers compare two decoded objects, so a
 * deletionTimestamp set on either side always counts as a change (two pointers never compare equal).
 */
function endpointsChanged(old: Pod, pod: Pod): boolean {
  if (old.metadata.deletionTimestamp !== undefined || pod.metadata.deletionTimestamp !== undefined) return true;
  if (isReady(old) !== isReady(pod)) return true;
  const before = old.status.podIPs ?? [];
  const after = pod.status.podIPs ?? [];
  if (before.length !== after.length) return true;
  for (let i = 0; i < before.length; i++) if ((before[i] as { ip: string }).ip !== after[i]?.ip) return true;
  return false;
}

/** No Service to resync (shared, never changed). */
const NO_SERVICES: readonly string[] = Object.freeze([]);

/**
 * GetServicesToUpdateOnPodChange: the Services to resync after a pod update. A pod whose endpoints
 * changed resyncs every Service it is or was in; a relabelled pod otherwise only those it joined or
 * left (determineNeededServiceUpdates). `services` is what the informer already has:
 * servicesForPod(ctx, pod, old.metadata.labels), the Services the pod is or was in (with labels
 * unchanged, the ones it is in, in the same order).
 */
export function servicesToUpdateOnPodChange(ctx: ControllerContext, old: Pod, pod: Pod, services: readonly string[]): readonly string[] {
  // podEndpointsChanged's two answers, asked one at a time (once per pod write).
  if (endpointsChanged(old, pod)) return services;
  if (!membershipChanged(old, pod)) return NO_SERVICES;
  const before = new Set(servicesForPod(ctx, old));
  const after = servicesForPod(ctx, pod);
  const joined = after.filter((key) => !before.has(key));
  for (const key of after) before.delete(key);
  return [...joined, ...before];
}

/**
 * Per Service list (the API server's shared list, replaced whenever a Service is written) and pod
 * labels object (kept by every write that does not relabel): the keys of the matching Services.
 */
const matchingServices = new WeakMap<readonly K8sObject[], WeakMap<Record<string, string>, readonly string[]>>();

/** Services in the pod's namespace whose selector matches the pod's labels (old or new). */
export function servicesForPod(ctx: ControllerContext, pod: K8sObject, oldLabels?: Record<string, string>): readonly string[] {
  const services = ctx.api.list('Service', pod.metadata.namespace) as Service[];
  const labels = pod.metadata.labels;
  if (!labels || (oldLabels !== undefined && oldLabels !== labels)) return matchingKeys(services, labels, oldLabels);
  let byLabels = matchingServices.get(services);
  if (!byLabels) matchingServices.set(services, (byLabels = new WeakMap()));
  let keys = byLabels.get(labels);
  if (!keys) byLabels.set(labels, (keys = matchingKeys(services, labels, oldLabels)));
  return keys;
}

/** The keys of the Services whose selector matches `labels` or `oldLabels` (apart: its closures are made only here). */
function matchingKeys(services: readonly Service[], labels: Record<string, string> | undefined, oldLabels: Record<string, string> | undefined): readonly string[] {
  const match = (svc: Service) => mapSelectorMatches(svc.spec.selector, labels) || (oldLabels !== undefined && mapSelectorMatches(svc.spec.selector, oldLabels));
  return services.filter(match).map((svc) => `${svc.metadata.namespace}/${svc.metadata.name}`);
}
