/**
 * Builds the view model (viewModel.ts) from the engine's public API only, plus the "why" hints that
 * explain what each controller waits for. Runs where the engine runs (worker or fallback host).
 */
import { EPOCH_MS, printPod, type Change, type Cluster, type ClusterEvent, type K8sObject } from '../engine/index.ts';
import { MAX_VIEW_EVENTS, mergeEvents } from './viewModel.ts';
import type { ClaimView, ClassView, ClusterView, DeploymentView, DnsRecordView, EventView, Hint, NodeView, PodView, ReplicaSetView, ServiceView, SetView, ViewDiff, VolumeView } from './viewModel.ts';

export { applyDiff, diffViews, isDiffEmpty } from './viewModel.ts';
export type { ClusterView, DeploymentView, Hint, PodView, ReplicaSetView, SetView, ViewDiff } from './viewModel.ts';

const MAX_DNS_PODS = 60;
/** A full re-listing every this many builds catches anything the change log no longer holds. */
const RESYNC_EVERY = 50;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function spec(obj: K8sObject): Record<string, unknown> {
  return (obj['spec'] ?? {}) as Record<string, unknown>;
}

function status(obj: K8sObject): Record<string, unknown> {
  return (obj['status'] ?? {}) as Record<string, unknown>;
}

type Collection = 'sets' | 'deployments' | 'replicaSets' | 'pods' | 'claims' | 'volumes' | 'classes' | 'nodes' | 'services';
type Keyed = { key: string };

/** Each collection of the view, the engine kind it shows and the name `Cluster.list` knows it by. */
const SOURCES: { collection: Collection; kind: string; list: string }[] = [
  { collection: 'sets', kind: 'StatefulSet', list: 'sts' },
  { collection: 'deployments', kind: 'Deployment', list: 'deploy' },
  { collection: 'replicaSets', kind: 'ReplicaSet', list: 'rs' },
  { collection: 'pods', kind: 'Pod', list: 'pods' },
  { collection: 'claims', kind: 'PersistentVolumeClaim', list: 'pvc' },
  { collection: 'volumes', kind: 'PersistentVolume', list: 'pv' },
  { collection: 'classes', kind: 'StorageClass', list: 'sc' },
  { collection: 'nodes', kind: 'Node', list: 'nodes' },
  { collection: 'services', kind: 'Service', list: 'svc' },
];
const COLLECTION_OF = new Map(SOURCES.map((s) => [s.kind, s.collection]));
/** Writes to these kinds can change what a Service resolves to or targets. */
const SERVICE_INPUTS = new Set(['Pod', 'StatefulSet', 'Deployment', 'Service', 'EndpointSlice', 'Endpoints']);

interface Entry {
  rv: string;
  raw: K8sObject;
  view: Keyed;
}

function objectKey(obj: K8sObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

function compareObjects(a: K8sObject, b: K8sObject): number {
  return (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name);
}

function eventView(e: K8sObject, time: number): EventView {
  const ev = e as ClusterEvent;
  return {
    key: e.metadata.name,
    time,
    type: ev.type,
    reason: ev.reason,
    message: ev.message,
    object: `${ev.involvedObject.kind}/${ev.involvedObject.name}`,
    count: ev.count,
    source: str((e['source'] as { component?: string } | undefined)?.component),
  };
}

/**
 * Builds the view incrementally: the first build lists everything; later ones read only the writes
 * since the last build (`Cluster.changes`), rebuild the entries of the objects whose resourceVersion
 * moved, and reuse every other entry as is. Each build also says what changed (a ViewDiff), so the
 * host neither deep-copies nor compares the whole cluster on every tick. Every RESYNC_EVERY builds
 * it re-lists (still reusing unchanged entries), in case the change log was compacted past it.
 */
export class ViewBuilder {
  readonly cluster: Cluster;
  private readonly entries = new Map<Collection, Map<string, Entry>>(SOURCES.map((s) => [s.collection, new Map()]));
  private view: ClusterView | undefined;
  /** Virtual time of the last build: the next one reads the writes from then on. */
  private since = 0;
  private builds = 0;
  /** A claim's name → "reason: message" of its newest event (why it is Pending). */
  private readonly claimReasons = new Map<string, { time: number; text: string }>();

  constructor(cluster: Cluster) {
    this.cluster = cluster;
  }

  /** The view now, and what changed since the previous build (undefined for the first one). */
  build(): { view: ClusterView; diff: ViewDiff | undefined } {
    const prev = this.view;
    const now = this.cluster.now();
    this.builds += 1;
    const dirty = new Map<Collection, Map<string, K8sObject | undefined>>();
    const mark = (collection: Collection, key: string, raw: K8sObject | undefined) => {
      let m = dirty.get(collection);
      if (!m) dirty.set(collection, (m = new Map()));
      m.set(key, raw);
    };
    let events = prev?.events ?? [];
    const eventUpserts: EventView[] = [];
    const eventRemoves: string[] = [];
    let allSets = false;
    let allServices = false;
    const touchedClaims = new Set<string>();
    const full = !prev || this.builds % RESYNC_EVERY === 0;
    if (full) {
      // Everything, as listed now; entries whose resourceVersion did not move are kept below.
      for (const source of SOURCES) {
        const listed = this.cluster.list(source.list);
        const seen = new Set<string>();
        for (const obj of listed) {
          const key = objectKey(obj);
          seen.add(key);
          if (this.entries.get(source.collection)?.get(key)?.rv !== obj.metadata.resourceVersion) mark(source.collection, key, obj);
        }
        for (const key of this.entries.get(source.collection)?.keys() ?? []) if (!seen.has(key)) mark(source.collection, key, undefined);
      }
      allSets = true;
      allServices = true;
      if (!prev) {
        const all = this.cluster.events();
        for (const e of all) this.noteClaimEvent(e, e.time, touchedClaims);
        events = all.slice(-MAX_VIEW_EVENTS).map((e) => eventView(e, e.time));
      }
    }
    if (prev) {
      // The newest write of each object since the last build (events always come this way).
      const latest = new Map<string, Change>();
      for (const change of this.cluster.changes(this.since)) {
        const key = `${change.kind}:${change.namespace ?? ''}/${change.name}`;
        latest.delete(key);
        latest.set(key, change);
      }
      for (const change of latest.values()) {
        const key = `${change.namespace ?? ''}/${change.name}`;
        if (change.kind === 'Event') {
          if (change.type === 'DELETED') eventRemoves.push(change.name);
          else {
            eventUpserts.push(eventView(change.object, change.time));
            this.noteClaimEvent(change.object as ClusterEvent, change.time, touchedClaims);
          }
          continue;
        }
        // A re-listing already marked every object that moved.
        if (full) continue;
        if (change.kind === 'ControllerRevision') allSets = true;
        if (SERVICE_INPUTS.has(change.kind)) allServices = true;
        const collection = COLLECTION_OF.get(change.kind);
        if (!collection) continue;
        const entry = this.entries.get(collection)?.get(key);
        if (change.type === 'DELETED') {
          if (entry) mark(collection, key, undefined);
        } else if (entry?.rv !== change.object.metadata.resourceVersion) mark(collection, key, change.object);
      }
      if (eventUpserts.length > 0 || eventRemoves.length > 0) events = mergeEvents(events, eventUpserts, eventRemoves);
    }
    // Entries that depend on other objects: a set on its revisions, a claim on its events, services on pods and endpoints.
    const claims = this.entries.get('claims') as Map<string, Entry>;
    for (const [key, entry] of claims) if (touchedClaims.has(entry.raw.metadata.name) && !dirty.get('claims')?.has(key)) mark('claims', key, entry.raw);
    if (allSets) for (const [key, entry] of this.entries.get('sets') as Map<string, Entry>) if (!dirty.get('sets')?.has(key)) mark('sets', key, entry.raw);

    const diff: ViewDiff = { time: now, upserts: {}, removes: {} };
    const arrays: Partial<Record<Collection, Keyed[]>> = {};
    const rebuild = (collection: Collection, make: (raw: K8sObject) => Keyed) => {
      const changed = dirty.get(collection);
      if (!changed) return;
      const store = this.entries.get(collection) as Map<string, Entry>;
      const upserts: Keyed[] = [];
      const removes: string[] = [];
      for (const [key, raw] of changed) {
        const old = store.get(key);
        if (!raw) {
          if (old) {
            store.delete(key);
            removes.push(old.view.key);
          }
          continue;
        }
        let view = make(raw);
        if (old && old.view.key === view.key && JSON.stringify(old.view) === JSON.stringify(view)) view = old.view;
        else {
          if (old && old.view.key !== view.key) removes.push(old.view.key);
          upserts.push(view);
        }
        store.set(key, { rv: raw.metadata.resourceVersion ?? '', raw, view });
      }
      const upserted = new Set(upserts.map((u) => u.key));
      const removed = removes.filter((k) => !upserted.has(k));
      if (upserts.length > 0) diff.upserts[collection] = upserts;
      if (removed.length > 0) diff.removes[collection] = removed;
      if (upserts.length > 0 || removed.length > 0 || !prev) {
        arrays[collection] = [...store.values()].sort((a, b) => compareObjects(a.raw, b.raw)).map((e) => e.view);
      }
    };
    rebuild('pods', podView);
    rebuild('sets', (s) => setView(this.cluster, s));
    rebuild('deployments', deploymentView);
    rebuild('replicaSets', replicaSetView);
    rebuild('claims', (c) => claimView(this.claimReasons, c));
    rebuild('volumes', volumeView);
    rebuild('classes', classView);
    rebuild('nodes', nodeView);
    if (allServices) {
      const pods = [...(this.entries.get('pods') as Map<string, Entry>).values()].map((e) => e.raw).sort(compareObjects);
      const workloads = [...(this.entries.get('sets') as Map<string, Entry>).values(), ...(this.entries.get('deployments') as Map<string, Entry>).values()].map((e) => e.raw);
      for (const [key, entry] of this.entries.get('services') as Map<string, Entry>) if (!dirty.get('services')?.has(key)) mark('services', key, entry.raw);
      rebuild('services', (s) => serviceView(this.cluster, s, pods, workloads));
    }
    const pick = <T,>(collection: Collection, before: T[] | undefined): T[] => (arrays[collection] as T[] | undefined) ?? before ?? [];
    const services = pick<ServiceView>('services', prev?.services).filter((s) => s.namespace !== 'kube-system' && s.name !== 'kubernetes');
    const view: ClusterView = {
      time: now,
      sets: pick('sets', prev?.sets),
      deployments: pick('deployments', prev?.deployments),
      replicaSets: pick('replicaSets', prev?.replicaSets),
      pods: pick('pods', prev?.pods),
      claims: pick('claims', prev?.claims),
      volumes: pick('volumes', prev?.volumes),
      classes: pick('classes', prev?.classes),
      nodes: pick('nodes', prev?.nodes),
      services: arrays.services ? services : (prev?.services ?? []),
      events,
      hints: prev?.hints ?? [],
    };
    // The services the page never sees stay out of the diff too.
    const hidden = (arrays.services ?? []).length - services.length;
    if (hidden > 0 && diff.upserts.services) {
      const shown = new Set(services.map((s) => s.key));
      const upserts = diff.upserts.services.filter((s) => shown.has(s.key));
      if (upserts.length > 0) diff.upserts.services = upserts;
      else delete diff.upserts.services;
    }
    if (eventUpserts.length > 0) diff.events = eventUpserts;
    if (eventRemoves.length > 0) diff.eventRemoves = eventRemoves;
    const changed = !prev || Object.keys(diff.upserts).length > 0 || Object.keys(diff.removes).length > 0 || events !== prev.events;
    if (changed) {
      const hints = explain(view);
      if (!prev || JSON.stringify(hints) !== JSON.stringify(prev.hints)) {
        view.hints = hints;
        diff.hints = hints;
      }
    }
    this.since = now;
    this.view = view;
    return { view, diff: prev ? diff : undefined };
  }

  private noteClaimEvent(e: ClusterEvent, time: number, touched: Set<string>): void {
    if (e.involvedObject.kind !== 'PersistentVolumeClaim') return;
    const known = this.claimReasons.get(e.involvedObject.name);
    if (known && known.time > time) return;
    this.claimReasons.set(e.involvedObject.name, { time, text: `${e.reason}: ${e.message}` });
    touched.add(e.involvedObject.name);
  }
}

/** Builds the whole view at once (tests, and anything that needs one picture). */
export function buildView(cluster: Cluster): ClusterView {
  return new ViewBuilder(cluster).build().view;
}

function podView(p: K8sObject): PodView {
  const cols = printPod(p);
  const st = status(p);
  const sp = spec(p);
  const controller = p.metadata.ownerReferences?.find((r) => r.controller);
  const owner = controller?.kind === 'StatefulSet' ? controller : undefined;
  const m = /-(\d+)$/.exec(p.metadata.name);
  const containers = (sp['containers'] ?? []) as { image?: string }[];
  const volumes = (sp['volumes'] ?? []) as { persistentVolumeClaim?: { claimName: string } }[];
  const conditions = (st['conditions'] ?? []) as { type: string; status: string }[];
  const view: PodView = {
    key: p.metadata.uid ?? p.metadata.name,
    uid: p.metadata.uid ?? '',
    name: p.metadata.name,
    namespace: p.metadata.namespace ?? 'default',
    ordinal: m ? Number(m[1]) : -1,
    phase: str(st['phase']),
    status: cols.status,
    ready: st['phase'] === 'Running' && conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    readyText: cols.ready,
    restarts: cols.restarts,
    revision: p.metadata.labels?.['controller-revision-hash'] ?? p.metadata.labels?.['pod-template-hash'] ?? '',
    created: Date.parse(p.metadata.creationTimestamp ?? '') - EPOCH_MS || 0,
    image: containers[0]?.image ?? '',
    terminating: !!p.metadata.deletionTimestamp,
    claims: volumes.flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])),
  };
  const started = Date.parse(str(st['startTime']));
  if (Number.isFinite(started)) view.started = started - EPOCH_MS;
  if (owner) view.set = owner.name;
  if (controller) view.owner = { kind: controller.kind, name: controller.name };
  if (st['podIP']) view.ip = str(st['podIP']);
  if (sp['nodeName']) view.node = str(sp['nodeName']);
  return view;
}

function setView(cluster: Cluster, s: K8sObject): SetView {
  const sp = spec(s);
  const st = status(s);
  const strategy = (sp['updateStrategy'] ?? {}) as { type?: string; rollingUpdate?: { partition?: number } | null };
  const template = (sp['template'] ?? {}) as { spec?: { containers?: { image?: string }[] } };
  const revisions = cluster
    .list('controllerrevisions', s.metadata.namespace)
    .filter((r) => r.metadata.ownerReferences?.some((o) => o.uid === s.metadata.uid))
    .map((r) => {
      const data = r['data'] as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } };
      return {
        name: r.metadata.name,
        revision: Number(r['revision'] ?? 0),
        images: (data.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
      };
    })
    .sort((a, b) => a.revision - b.revision);
  const view: SetView = {
    key: s.metadata.uid ?? s.metadata.name,
    name: s.metadata.name,
    namespace: s.metadata.namespace ?? 'default',
    replicas: Number(sp['replicas'] ?? 1),
    start: Number((sp['ordinals'] as { start?: number } | undefined)?.start ?? 0),
    serviceName: str(sp['serviceName']),
    policy: str(sp['podManagementPolicy']) || 'OrderedReady',
    strategy: strategy.type ?? 'RollingUpdate',
    image: template.spec?.containers?.[0]?.image ?? '',
    status: st as Record<string, number | string | undefined>,
    generation: s.metadata.generation ?? 1,
    revisions,
    claimTemplates: ((sp['volumeClaimTemplates'] ?? []) as { metadata?: { name?: string } }[]).map((t) => t.metadata?.name ?? ''),
    terminating: !!s.metadata.deletionTimestamp,
  };
  if (strategy.rollingUpdate?.partition !== undefined) view.partition = strategy.rollingUpdate.partition;
  return view;
}

function firstImage(template: unknown): string {
  return ((template as { spec?: { containers?: { image?: string }[] } } | undefined)?.spec?.containers?.[0]?.image) ?? '';
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** An intOrString as kubectl describe prints it (`25%`, `1`). */
function intOrString(value: unknown, fallback: string): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : fallback;
}

function deploymentView(d: K8sObject): DeploymentView {
  const sp = spec(d);
  const st = status(d);
  const strategy = (sp['strategy'] ?? {}) as { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } };
  const type = strategy.type ?? 'RollingUpdate';
  return {
    key: d.metadata.uid ?? d.metadata.name,
    name: d.metadata.name,
    namespace: d.metadata.namespace ?? 'default',
    replicas: typeof sp['replicas'] === 'number' ? sp['replicas'] : 1,
    image: firstImage(sp['template']),
    paused: sp['paused'] === true,
    strategy: type,
    maxSurge: type === 'RollingUpdate' ? intOrString(strategy.rollingUpdate?.maxSurge, '25%') : '0',
    maxUnavailable: type === 'RollingUpdate' ? intOrString(strategy.rollingUpdate?.maxUnavailable, '25%') : '0',
    progressDeadlineSeconds: typeof sp['progressDeadlineSeconds'] === 'number' ? sp['progressDeadlineSeconds'] : 600,
    minReadySeconds: num(sp['minReadySeconds']),
    claims: (((sp['template'] as { spec?: { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] } } | undefined)?.spec?.volumes ?? [])).flatMap((v) =>
      v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []
    ),
    revision: Number(d.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
    generation: d.metadata.generation ?? 1,
    observedGeneration: num(st['observedGeneration']),
    status: {
      replicas: num(st['replicas']),
      updatedReplicas: num(st['updatedReplicas']),
      readyReplicas: num(st['readyReplicas']),
      availableReplicas: num(st['availableReplicas']),
      unavailableReplicas: num(st['unavailableReplicas']),
    },
    conditions: ((st['conditions'] ?? []) as { type?: string; status?: string; reason?: string; message?: string }[]).map((c) => ({
      type: c.type ?? '',
      status: c.status ?? '',
      reason: c.reason ?? '',
      message: c.message ?? '',
    })),
    terminating: !!d.metadata.deletionTimestamp,
  };
}

function replicaSetView(r: K8sObject): ReplicaSetView {
  const sp = spec(r);
  const st = status(r);
  const owner = r.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'Deployment');
  const view: ReplicaSetView = {
    key: r.metadata.uid ?? r.metadata.name,
    name: r.metadata.name,
    namespace: r.metadata.namespace ?? 'default',
    revision: Number(r.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
    hash: r.metadata.labels?.['pod-template-hash'] ?? '',
    replicas: typeof sp['replicas'] === 'number' ? sp['replicas'] : 1,
    readyReplicas: num(st['readyReplicas']),
    availableReplicas: num(st['availableReplicas']),
    currentReplicas: num(st['replicas']),
    image: firstImage(sp['template']),
    terminating: !!r.metadata.deletionTimestamp,
  };
  if (owner) view.deployment = owner.name;
  return view;
}

function claimView(reasons: Map<string, { text: string }>, c: K8sObject): ClaimView {
  const sp = spec(c);
  const st = status(c);
  const view: ClaimView = {
    key: c.metadata.uid ?? c.metadata.name,
    uid: c.metadata.uid ?? '',
    name: c.metadata.name,
    namespace: c.metadata.namespace ?? 'default',
    phase: str(st['phase']) || 'Pending',
    terminating: !!c.metadata.deletionTimestamp,
    accessModes: (sp['accessModes'] ?? []) as string[],
  };
  if (sp['volumeName']) view.volume = str(sp['volumeName']);
  if (typeof sp['storageClassName'] === 'string') view.storageClass = str(sp['storageClassName']);
  const capacity = (st['capacity'] as { storage?: string } | undefined)?.storage;
  if (capacity) view.capacity = capacity;
  const request = (sp['resources'] as { requests?: { storage?: string } } | undefined)?.requests?.storage;
  if (request) view.request = request;
  if (view.phase === 'Pending') {
    const last = reasons.get(c.metadata.name);
    if (last) view.pendingReason = last.text;
  }
  return view;
}

function volumeView(v: K8sObject): VolumeView {
  const sp = spec(v);
  const ref = sp['claimRef'] as { namespace?: string; name?: string } | undefined;
  const affinity = sp['nodeAffinity'] as
    | { required?: { nodeSelectorTerms?: { matchExpressions?: { key: string; values?: string[] }[] }[] } }
    | undefined;
  const node = affinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.find((e) => e.key === 'kubernetes.io/hostname')?.values?.[0];
  const view: VolumeView = {
    key: v.metadata.uid ?? v.metadata.name,
    name: v.metadata.name,
    phase: str(status(v)['phase']),
    terminating: !!v.metadata.deletionTimestamp,
    reclaimPolicy: str(sp['persistentVolumeReclaimPolicy']) || 'Retain',
  };
  if (ref?.name) view.claim = `${ref.namespace ?? ''}/${ref.name}`;
  const capacity = (sp['capacity'] as { storage?: string } | undefined)?.storage;
  if (capacity) view.capacity = capacity;
  if (sp['storageClassName']) view.storageClass = str(sp['storageClassName']);
  if (node) view.node = node;
  return view;
}

function classView(c: K8sObject): ClassView {
  const annotations = c.metadata.annotations ?? {};
  return {
    key: c.metadata.name,
    name: c.metadata.name,
    provisioner: str(c['provisioner']),
    bindingMode: str(c['volumeBindingMode']) || 'Immediate',
    reclaimPolicy: str(c['reclaimPolicy']) || 'Delete',
    isDefault: annotations['storageclass.kubernetes.io/is-default-class'] === 'true',
  };
}

function nodeView(n: K8sObject): NodeView {
  const sp = spec(n);
  const conditions = (status(n)['conditions'] ?? []) as { type: string; status: string }[];
  return {
    key: n.metadata.name,
    name: n.metadata.name,
    ready: conditions.find((c) => c.type === 'Ready')?.status ?? 'Unknown',
    unschedulable: sp['unschedulable'] === true,
    taints: ((sp['taints'] ?? []) as { key: string; effect: string }[]).map((t) => `${t.key}:${t.effect}`),
    podCIDR: str(sp['podCIDR']),
  };
}

/** Whether a Service's selector picks this label set (an empty selector picks nothing: no endpoints). */
function selects(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}

function serviceView(cluster: Cluster, s: K8sObject, pods: K8sObject[], workloads: K8sObject[]): ServiceView {
  const sp = spec(s);
  const ns = s.metadata.namespace ?? 'default';
  const fqdn = `${s.metadata.name}.${ns}.svc.cluster.local`;
  const headless = sp['clusterIP'] === 'None';
  const selector = (sp['selector'] ?? {}) as Record<string, string>;
  const records: DnsRecordView[] = [];
  const setA = cluster.resolve(fqdn, { namespace: ns });
  records.push({ fqdn, type: 'A', rcode: setA.rcode, data: setA.records.map((r) => r.data) });
  if (headless) {
    const srv = cluster.resolve(fqdn, { type: 'SRV', namespace: ns });
    records.push({ fqdn, type: 'SRV', rcode: srv.rcode, data: srv.records.map((r) => r.data) });
    const selected = pods
      .filter((p) => (p.metadata.namespace ?? 'default') === ns)
      .filter((p) => selects(selector, p.metadata.labels))
      .map((p) => p.metadata.name);
    for (const name of selected.slice(0, MAX_DNS_PODS)) {
      const podFqdn = `${name}.${fqdn}`;
      const answer = cluster.resolve(podFqdn, { namespace: ns });
      records.push({ fqdn: podFqdn, type: 'A', rcode: answer.rcode, data: answer.records.map((r) => r.data), pod: name });
    }
  }
  const targets = workloads
    .filter((w) => (w.metadata.namespace ?? 'default') === ns)
    .filter((w) => selects(selector, (spec(w)['template'] as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata?.labels))
    .map((w) => `${w.kind}/${w.metadata.name}`);
  if (targets.length === 0) {
    // Bare pods (no controller) the selector picks.
    for (const p of pods) {
      if ((p.metadata.namespace ?? 'default') === ns && !p.metadata.ownerReferences?.some((r) => r.controller) && selects(selector, p.metadata.labels)) targets.push(`Pod/${p.metadata.name}`);
    }
  }
  return {
    key: s.metadata.uid ?? s.metadata.name,
    name: s.metadata.name,
    namespace: ns,
    headless,
    targets,
    clusterIP: str(sp['clusterIP']),
    ports: ((sp['ports'] ?? []) as { name?: string; port: number; protocol?: string }[]).map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol ?? 'TCP'}`),
    records,
  };
}

/** What each controller is waiting for, in the order a learner should read it. */
export function explain(view: ClusterView): Hint[] {
  const hints: Hint[] = [];
  /** The pods, claims and sets the hints so far speak of: explainUnsettled leaves those out. */
  const named = new Set<string>();
  const say = (hint: Hint, ...about: string[]) => {
    hints.push(hint);
    for (const name of about) named.add(name);
  };
  for (const node of view.nodes) if (node.ready !== 'True') say({ id: 'nodeDown', params: { node: node.name } });
  for (const set of view.sets) {
    if (set.terminating) continue;
    const pods = view.pods.filter((p) => p.set === set.name && p.namespace === set.namespace).sort((a, b) => a.ordinal - b.ordinal);
    const end = set.start + set.replicas - 1;
    const byOrdinal = new Map(pods.map((p) => [p.ordinal, p]));
    const condemned = pods.filter((p) => p.ordinal > end || p.ordinal < set.start).sort((a, b) => b.ordinal - a.ordinal);
    if (set.policy === 'OrderedReady') {
      for (let o = set.start; o <= end; o++) {
        const pod = byOrdinal.get(o);
        if (!pod) break;
        if (pod.terminating) {
          say({ id: 'orderedTerminating', params: { set: set.name, pod: pod.name } }, set.name, pod.name);
          break;
        }
        if (!pod.ready) {
          const next = [...Array(end - o).keys()].map((i) => o + 1 + i).find((x) => !byOrdinal.has(x));
          if (next !== undefined) say({ id: 'orderedWaiting', params: { set: set.name, next: `${set.name}-${next}`, blocker: pod.name } }, set.name, pod.name);
          break;
        }
      }
    }
    const first = condemned[0];
    if (first) say({ id: 'scaleDown', params: { set: set.name, pod: first.name, replicas: set.replicas, policy: set.policy } }, set.name, first.name);
    const updateRevision = String(set.status['updateRevision'] ?? '');
    const live = pods.filter((p) => p.ordinal >= set.start && p.ordinal <= end);
    const outdated = live.filter((p) => p.revision && updateRevision && p.revision !== updateRevision && !p.terminating);
    if (outdated.length > 0) {
      if (set.strategy === 'OnDelete') {
        say({ id: 'onDelete', params: { set: set.name, pods: outdated.map((p) => p.name).join(', ') } }, set.name, ...outdated.map((p) => p.name));
      } else {
        const partition = set.partition ?? 0;
        const above = outdated.filter((p) => p.ordinal - set.start >= partition).sort((a, b) => b.ordinal - a.ordinal);
        const below = outdated.filter((p) => p.ordinal - set.start < partition);
        const next = above[0];
        // The update walks down from the top and waits at any pod that is not Running and Ready.
        const blocker = next ? live.filter((p) => p.ordinal > next.ordinal && (!p.ready || p.terminating)).sort((a, b) => b.ordinal - a.ordinal)[0] : undefined;
        if (next && blocker) say({ id: 'rolloutWaiting', params: { set: set.name, pod: blocker.name, next: next.name } }, set.name, blocker.name, next.name);
        else if (next) say({ id: 'rollingUpdate', params: { set: set.name, pod: next.name } }, set.name, next.name);
        if (below.length > 0) say({ id: 'partitionHold', params: { set: set.name, partition, pods: below.map((p) => p.name).join(', ') } }, set.name, ...below.map((p) => p.name));
      }
    }
  }
  for (const deploy of view.deployments) if (!deploy.terminating) for (const hint of explainDeployment(view, deploy)) say(hint);
  for (const claim of view.claims) {
    if (claim.phase !== 'Pending' || !claim.pendingReason) continue;
    const missing = /storageclass\.storage\.k8s\.io "([^"]+)" not found/.exec(claim.pendingReason);
    if (missing) say({ id: 'missingClass', params: { claim: claim.name, storageClass: missing[1] ?? '' } }, claim.name);
    else say({ id: 'claimPending', params: { claim: claim.name, reason: claim.pendingReason } }, claim.name);
  }
  for (const pod of view.pods) {
    const node = pod.node ? view.nodes.find((n) => n.name === pod.node) : undefined;
    if (pod.terminating && node && node.ready !== 'True') say({ id: 'stuckTerminating', params: { pod: pod.name, node: node.name } }, pod.name);
    else if (pod.status === 'ErrImagePull' || pod.status === 'ImagePullBackOff') {
      // A Deployment's rollout stalls differently: its old ReplicaSet keeps serving.
      const deploy = pod.owner?.kind === 'ReplicaSet' ? view.replicaSets.find((r) => r.name === pod.owner?.name && r.namespace === pod.namespace)?.deployment : undefined;
      if (deploy) say({ id: 'imagePullDeploy', params: { pod: pod.name, image: pod.image, deploy } }, pod.name);
      else say({ id: 'imagePull', params: { pod: pod.name, image: pod.image } }, pod.name);
    }
    else if (pod.status === 'CrashLoopBackOff') say({ id: 'crashLoop', params: { pod: pod.name } }, pod.name);
    else if (pod.phase === 'Pending' && !pod.node) {
      const scheduling = view.events.filter((e) => e.object === `Pod/${pod.name}` && e.reason === 'FailedScheduling').at(-1);
      if (scheduling) say({ id: 'podPending', params: { pod: pod.name, reason: scheduling.message } }, pod.name);
    }
  }
  hints.push(...explainUnsettled(view, named));
  if (hints.length === 0 && (view.sets.length > 0 || view.deployments.length > 0)) hints.push({ id: 'settled', params: {} });
  // The same app both ways (same image) side by side: say what to try and what it shows.
  const set = view.sets.find((s) => !s.terminating && s.replicas > 0 && view.deployments.some((d) => d.image === s.image));
  const deploy = set ? view.deployments.find((d) => !d.terminating && d.replicas > 0 && d.image === set.image) : undefined;
  if (deploy && set) hints.push({ id: 'identityLesson', params: { deploy: deploy.name, set: set.name, pod: `${set.name}-${set.start}` } });
  return hints;
}

const LISTED = 3;

/** "a (Status), b (Status), c (Status)" and how many more there are. */
function listPods(pods: PodView[]): { pods: string; more: number } {
  return { pods: pods.slice(0, LISTED).map((p) => `${p.name} (${p.status})`).join(', '), more: Math.max(0, pods.length - LISTED) };
}

const done = (p: PodView) => p.phase === 'Succeeded' || p.phase === 'Failed';

/**
 * Pods and claims still on their way that no other hint names: the page must never call a cluster
 * "settled" while a pod is being created, is not Ready, is terminating or a claim is still Pending.
 */
function explainUnsettled(view: ClusterView, named: ReadonlySet<string>): Hint[] {
  const out: Hint[] = [];
  const starting = view.pods.filter((p) => !p.terminating && !p.ready && !done(p) && !named.has(p.name));
  if (starting.length > 0) out.push({ id: 'podsNotReady', params: listPods(starting) });
  const stopping = view.pods.filter((p) => p.terminating && !named.has(p.name));
  if (stopping.length > 0) out.push({ id: 'podsTerminating', params: listPods(stopping) });
  for (const set of view.sets) {
    // The controller has pods left to create (or delete) that no pod hint covers yet.
    const have = view.pods.filter((p) => p.set === set.name && p.namespace === set.namespace && !p.terminating).length;
    if (!set.terminating && have !== set.replicas && !named.has(set.name)) out.push({ id: 'setReconciling', params: { set: set.name, have, want: set.replicas } });
  }
  const claims = view.claims.filter((c) => c.phase === 'Pending' && !named.has(c.name));
  if (claims.length > 0) out.push({ id: 'claimsPending', params: { claims: claims.slice(0, LISTED).map((c) => c.name).join(', '), more: Math.max(0, claims.length - LISTED) } });
  return out;
}

/** `intstr.GetScaledValueFromIntOrPercent`: a percentage of `total`, rounded up or down. */
export function scaledValue(value: string, total: number, roundUp: boolean): number {
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * What a Deployment's rollout waits for, after `deploymentutil.ResolveFenceposts` (surge rounds up,
 * unavailable down; both zero means one may be unavailable) and the Progressing condition.
 */
function explainDeployment(view: ClusterView, d: DeploymentView): Hint[] {
  const hints: Hint[] = [];
  const sets = view.replicaSets.filter((r) => r.deployment === d.name && r.namespace === d.namespace);
  const newest = sets.reduce<ReplicaSetView | undefined>((best, r) => (!best || r.revision > best.revision ? r : best), undefined);
  const newRS = sets.find((r) => r.revision === d.revision) ?? newest;
  const old = sets.filter((r) => r !== newRS && (r.replicas > 0 || r.currentReplicas > 0));
  const progressing = d.conditions.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    hints.push({ id: 'deployProgressDeadline', params: { deploy: d.name, seconds: d.progressDeadlineSeconds, rs: newRS?.name ?? '' } });
    return hints;
  }
  const rolling = !!newRS && (old.length > 0 || newRS.replicas !== d.replicas || newRS.availableReplicas < d.replicas);
  if (d.paused) {
    hints.push({ id: 'deployPaused', params: { deploy: d.name } });
    return hints;
  }
  if (!newRS || d.strategy !== 'RollingUpdate') return hints;
  if (old.length > 0) {
    let surge = scaledValue(d.maxSurge, d.replicas, true);
    let unavailable = scaledValue(d.maxUnavailable, d.replicas, false);
    if (surge === 0 && unavailable === 0) unavailable = 1;
    const total = sets.reduce((sum, r) => sum + r.replicas, 0);
    if (newRS.availableReplicas < newRS.replicas || newRS.replicas < d.replicas) {
      hints.push({
        id: 'deployWaitingAvailable',
        params: { deploy: d.name, rs: newRS.name, available: newRS.availableReplicas, desired: d.replicas, min: Math.max(0, d.replicas - unavailable), maxUnavailable: unavailable },
      });
    }
    if (total >= d.replicas + surge && newRS.replicas < d.replicas) {
      surge = Math.max(surge, 0);
      hints.push({ id: 'deploySurgeBound', params: { deploy: d.name, max: d.replicas + surge, surge, rs: newRS.name } });
    }
  } else if (rolling && newRS.currentReplicas !== newRS.replicas) {
    hints.push({ id: 'deployScaling', params: { rs: newRS.name, from: newRS.currentReplicas, to: newRS.replicas } });
  }
  return hints;
}

