/**
 * The view model the page draws: a compact, serialisable picture of the cluster, keyed so the host
 * can send diffs. This module has no engine import, so the page's initial bundle stays small.
 */
export interface PodView {
  key: string;
  uid: string;
  name: string;
  namespace: string;
  set?: string;
  /** The controller that owns the pod (StatefulSet, ReplicaSet, …), if any. */
  owner?: { kind: string; name: string };
  /**
   * Virtual ms of creation: Deployment pods keep their creation order inside their ReplicaSet. The
   * page words ages from it and the view's clock (`podAge`), so a pod is not re-sent as it ages.
   */
  created: number;
  /** Virtual ms the kubelet started the pod (status.startTime), once it has. */
  started?: number;
  ordinal: number;
  phase: string;
  status: string;
  ready: boolean;
  readyText: string;
  restarts: number;
  revision: string;
  image: string;
  ip?: string;
  node?: string;
  terminating: boolean;
  claims: string[];
}

export interface ClaimView {
  key: string;
  uid: string;
  name: string;
  namespace: string;
  phase: string;
  terminating: boolean;
  volume?: string;
  storageClass?: string;
  capacity?: string;
  request?: string;
  accessModes: string[];
  pendingReason?: string;
}

export interface VolumeView {
  key: string;
  name: string;
  phase: string;
  terminating: boolean;
  claim?: string;
  capacity?: string;
  reclaimPolicy: string;
  storageClass?: string;
  node?: string;
}

export interface ClassView {
  key: string;
  name: string;
  provisioner: string;
  bindingMode: string;
  reclaimPolicy: string;
  isDefault: boolean;
}

export interface NodeView {
  key: string;
  name: string;
  ready: string;
  unschedulable: boolean;
  taints: string[];
  podCIDR: string;
}

export interface DnsRecordView {
  fqdn: string;
  type: 'A' | 'SRV';
  rcode: string;
  data: string[];
  pod?: string;
}

export interface ServiceView {
  key: string;
  name: string;
  namespace: string;
  headless: boolean;
  /** The workloads whose pod template the selector matches, as "Kind/name" (bare pods: "Pod/name"). */
  targets: string[];
  clusterIP: string;
  ports: string[];
  records: DnsRecordView[];
}

export interface RevisionView {
  name: string;
  revision: number;
  images: string[];
}

export interface SetView {
  key: string;
  name: string;
  namespace: string;
  replicas: number;
  start: number;
  serviceName: string;
  policy: string;
  strategy: string;
  partition?: number;
  image: string;
  status: Record<string, number | string | undefined>;
  generation: number;
  revisions: RevisionView[];
  claimTemplates: string[];
  terminating: boolean;
}

export interface ReplicaSetView {
  key: string;
  name: string;
  namespace: string;
  /** The Deployment that controls it, if any. */
  deployment?: string;
  /** `deployment.kubernetes.io/revision`. */
  revision: number;
  /** The `pod-template-hash` label. */
  hash: string;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  image: string;
  terminating: boolean;
}

export interface DeploymentCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface DeploymentView {
  key: string;
  name: string;
  namespace: string;
  replicas: number;
  image: string;
  paused: boolean;
  strategy: string;
  maxSurge: string;
  maxUnavailable: string;
  progressDeadlineSeconds: number;
  minReadySeconds: number;
  /** Claims the pod template mounts (shared by every pod of the Deployment). */
  claims: string[];
  revision: number;
  generation: number;
  observedGeneration: number;
  status: { replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number; unavailableReplicas: number };
  conditions: DeploymentCondition[];
  terminating: boolean;
}

export interface EventView {
  key: string;
  time: number;
  type: string;
  reason: string;
  message: string;
  object: string;
  count: number;
  source: string;
}

/** A structured explanation; the page words it in the learner's language. */
export interface Hint {
  id:
    | 'orderedWaiting'
    | 'orderedTerminating'
    | 'scaleDown'
    | 'rollingUpdate'
    | 'rolloutWaiting'
    | 'partitionHold'
    | 'onDelete'
    | 'claimPending'
    | 'missingClass'
    | 'podPending'
    | 'imagePull'
    | 'imagePullDeploy'
    | 'crashLoop'
    | 'stuckTerminating'
    | 'nodeDown'
    | 'deployPaused'
    | 'deployProgressDeadline'
    | 'deployWaitingAvailable'
    | 'deploySurgeBound'
    | 'deployScaling'
    | 'identityLesson'
    | 'podsNotReady'
    | 'podsTerminating'
    | 'claimsPending'
    | 'setReconciling'
    | 'settled';
  params: Record<string, string | number>;
}

export interface ClusterView {
  time: number;
  sets: SetView[];
  deployments: DeploymentView[];
  replicaSets: ReplicaSetView[];
  pods: PodView[];
  claims: ClaimView[];
  volumes: VolumeView[];
  classes: ClassView[];
  nodes: NodeView[];
  services: ServiceView[];
  events: EventView[];
  hints: Hint[];
}

type Keyed = { key: string };
const COLLECTIONS = ['sets', 'deployments', 'replicaSets', 'pods', 'claims', 'volumes', 'classes', 'nodes', 'services'] as const;
type CollectionName = (typeof COLLECTIONS)[number];

/** How many events the page keeps (the newest; the host sends only new or updated ones). */
export const MAX_VIEW_EVENTS = 150;

export interface ViewDiff {
  time: number;
  upserts: Partial<Record<CollectionName, Keyed[]>>;
  removes: Partial<Record<CollectionName, string[]>>;
  /** Events new or updated since the base frame, keyed: the page replaces or appends, then keeps the newest. */
  events?: EventView[];
  /** Events the cluster no longer has (expired or deleted). */
  eventRemoves?: string[];
  hints?: Hint[];
}

/** What changed between two views, collection by collection. */
export function diffViews(prev: ClusterView, next: ClusterView): ViewDiff {
  const diff: ViewDiff = { time: next.time, upserts: {}, removes: {} };
  for (const name of COLLECTIONS) {
    const before = new Map((prev[name] as Keyed[]).map((item) => [item.key, item]));
    const after = next[name] as Keyed[];
    // Entries the host reused are the same object: no need to compare their text.
    const upserts = after.filter((item) => {
      const old = before.get(item.key);
      return old !== item && (!old || JSON.stringify(old) !== JSON.stringify(item));
    });
    const keys = new Set(after.map((item) => item.key));
    const removes = [...before.keys()].filter((key) => !keys.has(key));
    if (upserts.length > 0) diff.upserts[name] = upserts;
    if (removes.length > 0) diff.removes[name] = removes;
  }
  const beforeEvents = new Map(prev.events.map((e) => [e.key, e]));
  const nextKeys = new Set(next.events.map((e) => e.key));
  const events = next.events.filter((e) => {
    const old = beforeEvents.get(e.key);
    return old !== e && (!old || JSON.stringify(old) !== JSON.stringify(e));
  });
  const eventRemoves = prev.events.filter((e) => !nextKeys.has(e.key)).map((e) => e.key);
  if (events.length > 0) diff.events = events;
  if (eventRemoves.length > 0) diff.eventRemoves = eventRemoves;
  if (prev.hints !== next.hints && JSON.stringify(prev.hints) !== JSON.stringify(next.hints)) diff.hints = next.hints;
  return diff;
}

/**
 * Events after a diff: removed ones go, updated ones change in place, new ones are appended, and
 * only the newest `MAX_VIEW_EVENTS` stay (the list on the page is bounded however long the session).
 */
export function mergeEvents(events: EventView[], upserts: EventView[], removes: string[] = []): EventView[] {
  const gone = new Set(removes);
  const out = gone.size > 0 ? events.filter((e) => !gone.has(e.key)) : events.slice();
  const index = new Map(out.map((e, i) => [e.key, i]));
  for (const event of upserts) {
    const at = index.get(event.key);
    if (at === undefined) {
      index.set(event.key, out.length);
      out.push(event);
    } else out[at] = event;
  }
  return out.length > MAX_VIEW_EVENTS ? out.slice(-MAX_VIEW_EVENTS) : out;
}

/** Applies a diff to a view (the page's side); item order follows the upserts' sort keys. */
export function applyDiff(view: ClusterView, diff: ViewDiff): ClusterView {
  const next: ClusterView = { ...view, time: diff.time };
  for (const name of COLLECTIONS) {
    const upserts = diff.upserts[name];
    const removes = diff.removes[name];
    if (!upserts && !removes) continue;
    const map = new Map((view[name] as Keyed[]).map((item) => [item.key, item]));
    for (const key of removes ?? []) map.delete(key);
    for (const item of upserts ?? []) map.set(item.key, item);
    (next as unknown as Record<string, Keyed[]>)[name] = [...map.values()].sort(compareKeyed);
  }
  if (diff.events || diff.eventRemoves) next.events = mergeEvents(view.events, diff.events ?? [], diff.eventRemoves);
  if (diff.hints) next.hints = diff.hints;
  return next;
}

/** The order `Cluster.list` returns objects in: namespace, then name. */
export function compareKeyed(a: Keyed, b: Keyed): number {
  const x = a as Keyed & { namespace?: string; name?: string };
  const y = b as Keyed & { namespace?: string; name?: string };
  return (x.namespace ?? '').localeCompare(y.namespace ?? '') || (x.name ?? x.key).localeCompare(y.name ?? y.key);
}

export function isDiffEmpty(diff: ViewDiff): boolean {
  return Object.keys(diff.upserts).length === 0 && Object.keys(diff.removes).length === 0 && !diff.events && !diff.eventRemoves && !diff.hints;
}
