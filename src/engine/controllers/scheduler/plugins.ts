/**
 * kube-scheduler's default profile (`pkg/scheduler/framework/plugins`), the parts a lesson meets:
 * the Filter plugins in upstream order (NodeUnschedulable, TaintToleration, NodeAffinity, NodePorts,
 * NodeResourcesFit, PodTopologySpread, InterPodAffinity; the volume plugins live in scheduler.ts)
 * and the Score plugins with their weights and NormalizeScore rules.
 */
import { selectorMatches } from '../../model/labels.ts';
import type { Container, LabelSelector, NodeObject, Pod, Taint, Toleration } from '../../model/types.ts';
import { type Allocatable, type Resources, addResources, nodeAllocatable, podRequests, subtractResources, zeroResources } from './resources.ts';

export const MAX_NODE_SCORE = 100;
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** `fwk.Code`: what a Filter rejection means for preemption. */
export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterStatus {
  code: Code;
  reasons: string[];
}

/** `framework.NodeInfo`: a node with the pods on it (bound or assumed) and their summed requests. */
export interface NodeInfo {
  name: string;
  node: NodeObject;
  labels: Record<string, string>;
  pods: Pod[];
  requested: Resources;
  nonZeroRequested: Resources;
  allocatable: Allocatable;
  usedPorts: Set<string>;
  /** The pods with inter-pod (anti-)affinity terms of their own (`PodsWithAffinity`), a subset of `pods`. */
  podsWithAffinity: Pod[];
  /** Bumped by every addPod/removePod: what was counted over `pods` at one generation holds until the next. */
  generation: number;
}

/** The snapshot one scheduling cycle works on. */
export interface Snapshot {
  nodes: NodeInfo[];
  byName: Map<string, NodeInfo>;
  /** Namespace name → labels, for namespaceSelector terms. */
  namespaceLabels: Map<string, Record<string, string>>;
}

export function newNodeInfo(node: NodeObject): NodeInfo {
  return {
    name: node.metadata.name,
    node,
    labels: node.metadata.labels ?? {},
    pods: [],
    requested: zeroResources(),
    nonZeroRequested: zeroResources(),
    allocatable: nodeAllocatable(node),
    usedPorts: new Set(),
    podsWithAffinity: [],
    generation: 0,
  };
}

const termCount = (x: PodAffinity | undefined) =>
  (x?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) + (x?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0);

/** Whether the pod has any required or preferred pod affinity or anti-affinity term. */
function hasPodAffinityTerms(pod: Pod): boolean {
  const a = affinityOf(pod);
  return termCount(a.podAffinity) + termCount(a.podAntiAffinity) > 0;
}

/** `NodeInfo.AddPod`. */
export function addPod(info: NodeInfo, pod: Pod): void {
  info.pods.push(pod);
  info.generation++;
  updateMatchCounts(info, pod, 1);
  if (hasPodAffinityTerms(pod)) info.podsWithAffinity.push(pod);
  const r = podRequests(pod);
  const nz = podRequests(pod, true);
  info.requested = addResources(info.requested, r);
  info.nonZeroRequested = addResources(info.nonZeroRequested, nz);
  for (const key of hostPorts(pod)) info.usedPorts.add(key);
}

/**
 * `NodeInfo.Update` for a pod whose requests, ports, terms and matching inputs are unchanged: the
 * new object takes the old one's place; sums, counts and the generation stay as they are.
 */
export function replacePod(info: NodeInfo, old: Pod, pod: Pod): void {
  const at = info.pods.indexOf(old);
  if (at >= 0) info.pods[at] = pod;
  const withAffinity = info.podsWithAffinity.indexOf(old);
  if (withAffinity >= 0) info.podsWithAffinity[withAffinity] = pod;
}

/**
 * `NodeInfo.RemovePod`: the pod (by object) leaves the node and its requests are subtracted (all
 * integers, so the sums equal a recount); the host ports are recounted from the pods that stay.
 */
export function removePod(info: NodeInfo, pod: Pod): void {
  const at = info.pods.indexOf(pod);
  if (at < 0) return;
  info.pods.splice(at, 1);
  info.generation++;
  updateMatchCounts(info, pod, -1);
  const withAffinity = info.podsWithAffinity.indexOf(pod);
  if (withAffinity >= 0) info.podsWithAffinity.splice(withAffinity, 1);
  info.requested = subtractResources(info.requested, podRequests(pod));
  info.nonZeroRequested = subtractResources(info.nonZeroRequested, podRequests(pod, true));
  if (hostPorts(pod).length > 0) {
    info.usedPorts = new Set();
    for (const p of info.pods) for (const key of hostPorts(p)) info.usedPorts.add(key);
  }
}

const hostPortsBySpec = new WeakMap<object, string[]>();
const hostPortsByPorts = new WeakMap<object, string[]>();
const NO_PORTS: readonly string[] = Object.freeze([]);

/**
 * The pod's host ports, remembered per spec object (never mutated); for a pod of one container and
 * no init containers, per that container's `ports` list instead, which the pods of one template share.
 */
function hostPorts(pod: Pod): readonly string[] {
  const spec = pod.spec;
  if (spec.initContainers === undefined && spec.containers.length === 1) {
    const list = (spec.containers[0] as Container).ports;
    if (!list) return NO_PORTS;
    let ports = hostPortsByPorts.get(list);
    if (!ports) {
      ports = Object.freeze(computeHostPorts(pod)) as string[];
      hostPortsByPorts.set(list, ports);
    }
    return ports;
  }
  let ports = hostPortsBySpec.get(spec);
  if (!ports) {
    ports = Object.freeze(computeHostPorts(pod)) as string[];
    hostPortsBySpec.set(spec, ports);
  }
  return ports;
}

function computeHostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const p of (c.ports ?? []) as { hostPort?: number; protocol?: string; hostIP?: string }[]) {
      if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostPort}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Filter

const ERR_UNSCHEDULABLE = 'node(s) were unschedulable';
const ERR_UNTOLERATED = 'node(s) had untolerated taint(s)';
const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const ERR_SPREAD = "node(s) didn't match pod topology spread constraints";
const ERR_SPREAD_LABEL = `${ERR_SPREAD} (missing required label)`;
export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

/** `v1helper.TolerationsTolerateTaint` (ToleratesTaint for each toleration). */
export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key && t.key !== taint.key) return false;
    if (t.operator === 'Exists') return true;
    if (!t.key) return false;
    return (t.value ?? '') === (taint.value ?? '');
  });
}

/** NodeUnschedulable.Filter: a cordoned node only takes pods tolerating its unschedulable taint. */
function filterUnschedulable(pod: Pod, info: NodeInfo): FilterStatus | undefined {
  if (!info.node.spec.unschedulable) return undefined;
  if (tolerates(pod.spec.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))
    return undefined;
  return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_UNSCHEDULABLE] };
}

/**
 * TaintToleration.Filter: any NoSchedule/NoExecute taint the pod does not tolerate. Since v1.35 (and
 * v1.34 patches) the message no longer names the taint's key and value (`{key: value}` before).
 */
function filterTaints(pod: Pod, info: NodeInfo): FilterStatus | undefined {
  if (!hasUntoleratedTaint(pod, info)) return undefined;
  return {
    code: 'UnschedulableAndUnresolvable',
    reasons: [ERR_UNTOLERATED],
  };
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function requirementMatches(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const present = Object.hasOwn(labels, req.key);
  const value = labels[req.key] ?? '';
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return present && values.includes(value);
    case 'NotIn':
      return !present || !values.includes(value);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt': {
      const have = Number.parseInt(value, 10);
      const want = Number.parseInt(values[0] ?? '', 10);
      if (!present || Number.isNaN(have) || Number.isNaN(want)) return false;
      return req.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** `nodeaffinity.NodeSelectorTerm` matching: every expression and field holds; an empty term matches nothing. */
export function termMatches(term: NodeSelectorTerm, info: NodeInfo): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((r) => requirementMatches(r, info.labels)) &&
    fields.every(
      (r) => r.key === 'metadata.name' && requirementMatches({ ...r, key: 'name' }, { name: info.name })
    )
  );
}

interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
  };
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
}
interface PodAffinityTerm {
  labelSelector?: LabelSelector | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelector | null;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}
interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: PodAffinityTerm }[];
}

const NO_AFFINITY: Affinity = Object.freeze({});

export function affinityOf(pod: Pod): Affinity {
  return (pod.spec['affinity'] as Affinity | undefined) ?? NO_AFFINITY;
}

/** `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`: nodeSelector and required terms (ORed). */
export function matchesRequiredNodeAffinity(pod: Pod, info: NodeInfo): boolean {
  const selector = pod.spec.nodeSelector;
  if (selector) for (const [k, v] of Object.entries(selector)) if (info.labels[k] !== v) return false;
  const terms =
    affinityOf(pod).nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => termMatches(t, info))) return false;
  return true;
}

function filterNodeAffinity(pod: Pod, info: NodeInfo): FilterStatus | undefined {
  return matchesRequiredNodeAffinity(pod, info)
    ? undefined
    : { code: 'UnschedulableAndUnresolvable', reasons: [ERR_NODE_AFFINITY] };
}

/** NodePorts.Filter over the ports its PreFilter took from the pod. */
function filterNodePorts(ports: readonly string[], info: NodeInfo): FilterStatus | undefined {
  // An indexed loop: the (usually empty, frozen) list is walked for every node in every cycle.
  for (let i = 0; i < ports.length; i++) if (info.usedPorts.has(ports[i] as string)) return { code: 'Unschedulable', reasons: [ERR_NODE_PORTS] };
  return undefined;
}

/** NodeResourcesFit.Filter (`fitsRequest`): pod count first, then cpu, memory, ephemeral-storage. */
export function filterResources(request: Resources, info: NodeInfo): FilterStatus | undefined {
  // Most nodes fit: that is decided without building anything (the checks below, negated).
  const { cpu, memory, ephemeralStorage } = request;
  const { requested, allocatable } = info;
  if (
    info.pods.length + 1 <= allocatable.pods &&
    (cpu <= 0 || cpu <= allocatable.cpu - requested.cpu) &&
    (memory <= 0 || memory <= allocatable.memory - requested.memory) &&
    (ephemeralStorage <= 0 || ephemeralStorage <= allocatable.ephemeralStorage - requested.ephemeralStorage) &&
    !hasScalars(request.scalar)
  ) {
    return undefined;
  }
  return resourceMisfit(request, info);
}

/**
 * fitsRequest's insufficient resources, for a node that does not fit. Apart from filterResources:
 * the closure below makes its variables live in a context object, made at every call of the
 * function that declares them, even when it returns before the closure.
 */
function resourceMisfit(request: Resources, info: NodeInfo): FilterStatus | undefined {
  const { cpu, memory, ephemeralStorage } = request;
  let reasons: string[] | undefined;
  let unresolvable = false;
  if (info.pods.length + 1 > info.allocatable.pods) (reasons ??= []).push('Too many pods');
  const check = (name: string, want: number, used: number, cap: number): void => {
    if (want > 0 && want > cap - used) {
      (reasons ??= []).push(`Insufficient ${name}`);
      if (want > cap) unresolvable = true;
    }
  };
  if (cpu > 0) check('cpu', cpu, info.requested.cpu, info.allocatable.cpu);
  if (memory > 0) check('memory', memory, info.requested.memory, info.allocatable.memory);
  if (ephemeralStorage > 0) {
    check('ephemeral-storage', ephemeralStorage, info.requested.ephemeralStorage, info.allocatable.ephemeralStorage);
  }
  // Extended resources and hugepages: a node that does not advertise one has none of it.
  for (const [name, want] of sortedScalars(request.scalar)) {
    check(name, want, info.requested.scalar[name] ?? 0, info.allocatable.scalar[name] ?? 0);
  }
  if (!reasons) return undefined;
  return { code: unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons };
}

const NO_SCALARS: readonly [string, number][] = [];

/** Whether a request names any extended resource (the usual case: none). */
function hasScalars(scalar: Record<string, number>): boolean {
  for (const _ in scalar) return true;
  return false;
}

/** A request's extended resources in name order (nothing to sort in the usual case of none). */
function sortedScalars(scalar: Record<string, number>): readonly [string, number][] {
  for (const _ in scalar) return Object.entries(scalar).sort(([a], [b]) => (a < b ? -1 : 1));
  return NO_SCALARS;
}

// Inter-pod affinity -----------------------------------------------------------------------------

/** `fwk.AffinityTerm`: a term with its namespaces resolved against the pod that owns it. */
interface AffinityTerm {
  selector: LabelSelector | null;
  namespaces: Set<string>;
  namespaceSelector: LabelSelector | null;
  topologyKey: string;
}

/** `newAffinityTerm`, with matchLabelKeys/mismatchLabelKeys merged as the API server does on create. */
function affinityTerm(owner: Pod, term: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(term.namespaces ?? []);
  const namespaceSelector = term.namespaceSelector ?? null;
  if (namespaces.size === 0 && !namespaceSelector) namespaces.add(owner.metadata.namespace ?? 'default');
  let selector = term.labelSelector ?? null;
  const labels = owner.metadata.labels ?? {};
  const extra = [
    ...(term.matchLabelKeys ?? [])
      .filter((k) => k in labels)
      .map((key) => ({ key, operator: 'In' as const, values: [labels[key] ?? ''] })),
    ...(term.mismatchLabelKeys ?? [])
      .filter((k) => k in labels)
      .map((key) => ({ key, operator: 'NotIn' as const, values: [labels[key] ?? ''] })),
  ];
  if (selector && extra.length > 0)
    selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] };
  return { selector, namespaces, namespaceSelector, topologyKey: term.topologyKey };
}

/** `AffinityTerm.Matches`: the pod is in one of the term's namespaces and its labels match. */
export function termMatchesPod(
  term: AffinityTerm,
  pod: Pod,
  nsLabels: Map<string, Record<string, string>>
): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  const inNamespace =
    term.namespaces.has(ns) ||
    (!!term.namespaceSelector && selectorMatches(term.namespaceSelector, nsLabels.get(ns)));
  return inNamespace && selectorMatches(term.selector, pod.metadata.labels);
}

export function requiredTerms(pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): AffinityTerm[] {
  return (affinityOf(pod)[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
    affinityTerm(pod, t)
  );
}

export function preferredTerms(
  pod: Pod,
  kind: 'podAffinity' | 'podAntiAffinity'
): { term: AffinityTerm; weight: number }[] {
  return (affinityOf(pod)[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => ({
    term: affinityTerm(pod, t.podAffinityTerm),
    weight: t.weight,
  }));
}

export const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

/** InterPodAffinity's PreFilter state: counts per topology pair. */
interface AffinityState {
  affinity: AffinityTerm[];
  antiAffinity: AffinityTerm[];
  affinityCounts: Map<string, number>;
  antiAffinityCounts: Map<string, number>;
  existingAntiAffinityCounts: Map<string, number>;
}

/** Adds one to the count of the node's (key, value) topology pair, if the node has the label. */
function bump(m: Map<string, number>, info: NodeInfo, key: string): void {
  const value = info.labels[key];
  if (value === undefined) return;
  const k = pairKey(key, value);
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** InterPodAffinity.PreFilter. */
function affinityPreFilter(pod: Pod, snap: Snapshot): AffinityState {
  // Nothing to count: no required terms of its own, and no placed pod has terms of its own.
  const a = affinityOf(pod);
  if (
    !a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length &&
    !a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length &&
    snap.nodes.every((info) => info.podsWithAffinity.length === 0)
  ) {
    return NO_AFFINITY_STATE;
  }
  const affinity = requiredTerms(pod, 'podAffinity');
  const antiAffinity = requiredTerms(pod, 'podAntiAffinity');
  const affinityCounts = new Map<string, number>();
  const antiAffinityCounts = new Map<string, number>();
  const existingAntiAffinityCounts = new Map<string, number>();
  for (const info of snap.nodes) {
    // getExistingAntiAffinityCounts: existing pods whose required anti-affinity matches the incoming pod.
    for (const existing of info.podsWithAffinity) {
      for (const term of requiredTerms(existing, 'podAntiAffinity')) {
        if (termMatchesPod(term, pod, snap.namespaceLabels))
          bump(existingAntiAffinityCounts, info, term.topologyKey);
      }
    }
    if (affinity.length === 0 && antiAffinity.length === 0) continue;
    for (const existing of info.pods) {
      if (affinity.length > 0 && affinity.every((t) => termMatchesPod(t, existing, snap.namespaceLabels))) {
        for (const t of affinity) bump(affinityCounts, info, t.topologyKey);
      }
      for (const t of antiAffinity)
        if (termMatchesPod(t, existing, snap.namespaceLabels)) bump(antiAffinityCounts, info, t.topologyKey);
    }
  }
  return { affinity, antiAffinity, affinityCounts, antiAffinityCounts, existingAntiAffinityCounts };
}

/** The state with no terms and no counts (shared: the Filter and preemption only read it). */
const NO_AFFINITY_STATE: AffinityState = Object.freeze({
  affinity: [],
  antiAffinity: [],
  affinityCounts: new Map<string, number>(),
  antiAffinityCounts: new Map<string, number>(),
  existingAntiAffinityCounts: new Map<string, number>(),
});

/** InterPodAffinity.Filter: satisfyPodAffinity, satisfyPodAntiAffinity, satisfyExistingPodsAntiAffinity. */
function filterInterPodAffinity(
  pod: Pod,
  info: NodeInfo,
  state: AffinityState,
  snap: Snapshot
): FilterStatus | undefined {
  // No terms of the pod's own and no placed pod's required anti-affinity about it: nothing to check.
  if (state === NO_AFFINITY_STATE) return undefined;
  let podsExist = true;
  for (const t of state.affinity) {
    const value = info.labels[t.topologyKey];
    if (value === undefined) return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_AFFINITY] };
    if ((state.affinityCounts.get(pairKey(t.topologyKey, value)) ?? 0) <= 0) podsExist = false;
  }
  // The first pod of a group with affinity to itself may go anywhere its topology labels exist.
  if (
    !podsExist &&
    !(
      state.affinityCounts.size === 0 &&
      state.affinity.every((t) => termMatchesPod(t, pod, snap.namespaceLabels))
    )
  ) {
    return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_AFFINITY] };
  }
  for (const t of state.antiAffinity) {
    const value = info.labels[t.topologyKey];
    if (value !== undefined && (state.antiAffinityCounts.get(pairKey(t.topologyKey, value)) ?? 0) > 0) {
      return { code: 'Unschedulable', reasons: [ERR_ANTI_AFFINITY] };
    }
  }
  if (state.existingAntiAffinityCounts.size > 0) {
    for (const [key, value] of Object.entries(info.labels)) {
      if ((state.existingAntiAffinityCounts.get(pairKey(key, value)) ?? 0) > 0)
        return { code: 'Unschedulable', reasons: [ERR_EXISTING_ANTI_AFFINITY] };
    }
  }
  return undefined;
}

// Pod topology spread ----------------------------------------------------------------------------

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  selector: LabelSelector | null;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

const NO_CONSTRAINTS: readonly SpreadConstraint[] = Object.freeze([]);

interface RawConstraint {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: LabelSelector | null;
  minDomains?: number;
  matchLabelKeys?: string[];
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
}

export function constraintsOf(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): readonly SpreadConstraint[] {
  const raw = (pod.spec['topologySpreadConstraints'] as RawConstraint[] | undefined) ?? [];
  if (raw.length === 0) return NO_CONSTRAINTS;
  const labels = pod.metadata.labels ?? {};
  return raw
    .filter((c) => (c.whenUnsatisfiable ?? 'DoNotSchedule') === action)
    .map((c) => {
      let selector = c.labelSelector ?? null;
      const keys = (c.matchLabelKeys ?? []).filter((k) => k in labels);
      if (selector && keys.length > 0) {
        selector = {
          ...selector,
          matchExpressions: [
            ...(selector.matchExpressions ?? []),
            ...keys.map((key) => ({ key, operator: 'In' as const, values: [labels[key] ?? ''] })),
          ],
        };
      }
      return {
        maxSkew: c.maxSkew ?? 1,
        topologyKey: c.topologyKey ?? '',
        whenUnsatisfiable: action,
        selector,
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
        nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
      };
    });
}

/**
 * Per node: "namespace + selector" → how many of its pods `countPodsMatchSelector` counts. An entry is
 * made by one count over the node's pods the first time a cycle asks, then kept by addPod/removePod
 * (each tests the pod it adds or removes against the node's entries), so a cycle after many writes
 * reads every count without recounting (issue 8). An entry nobody asked about during the node's last
 * MATCH_COUNT_IDLE pod changes is dropped, so selectors of sets that are gone stop costing anything.
 */
interface MatchCount {
  readonly selector: LabelSelector | null;
  readonly namespace: string;
  count: number;
  /** The node's generation when a cycle last read the count. */
  readAt: number;
}
const matchCounts = new WeakMap<NodeInfo, Map<string, MatchCount>>();
const MATCH_COUNT_IDLE = 4096;

/**
 * The count key of a selector in a namespace, remembered per selector object (never changed once
 * built; the default selector and its constraints are kept per merge, see scheduler.ts).
 */
const selectorKeys = new WeakMap<LabelSelector, Map<string, string>>();

/** The key of a (namespace, selector) count; computed once per constraint and cycle, not per node. */
export function matchKey(selector: LabelSelector | null, namespace: string): string {
  if (!selector) return `${namespace}\u0000null`;
  let keys = selectorKeys.get(selector);
  if (!keys) selectorKeys.set(selector, (keys = new Map()));
  let key = keys.get(namespace);
  if (key === undefined) keys.set(namespace, (key = `${namespace}\u0000${JSON.stringify(selector)}`));
  return key;
}

/** Whether `countPodsMatchSelector` counts the pod: same namespace, not terminating, labels match. */
function podMatches(p: Pod, selector: LabelSelector | null, namespace: string): boolean {
  if (p.metadata.deletionTimestamp || (p.metadata.namespace ?? 'default') !== namespace) return false;
  return selectorMatches(selector, p.metadata.labels);
}

/** addPod/removePod: move the node's kept counts by the one pod (`delta` ±1); drop idle entries. */
function updateMatchCounts(info: NodeInfo, pod: Pod, delta: 1 | -1): void {
  const counts = matchCounts.get(info);
  if (!counts) return;
  for (const [key, entry] of counts) {
    if (info.generation - entry.readAt > MATCH_COUNT_IDLE) counts.delete(key);
    else if (podMatches(pod, entry.selector, entry.namespace)) entry.count += delta;
  }
}

/** `countPodsMatchSelector` over the node's pods, kept per node (see MatchCount). */
export function countMatching(info: NodeInfo, key: string, selector: LabelSelector | null, namespace: string): number {
  let counts = matchCounts.get(info);
  if (!counts) matchCounts.set(info, (counts = new Map()));
  const known = counts.get(key);
  if (known) {
    known.readAt = info.generation;
    return known.count;
  }
  const count = countMatchingPods(info, selector, namespace);
  counts.set(key, { selector, namespace, count, readAt: info.generation });
  return count;
}

/** The count by going over every pod of the node: how an entry starts. */
function countMatchingPods(info: NodeInfo, selector: LabelSelector | null, namespace: string): number {
  let n = 0;
  for (const p of info.pods) if (podMatches(p, selector, namespace)) n++;
  return n;
}

/** The kept count (for tests that compare it with a snapshot rebuilt from storage). */
export function keptMatchCount(info: NodeInfo, selector: LabelSelector | null, namespace: string): number {
  return countMatching(info, matchKey(selector, namespace), selector, namespace);
}

/** Whether a node takes part in spreading for this pod (`nodeInclusionPolicy` + all topology keys present). */
function spreadEligible(
  pod: Pod,
  info: NodeInfo,
  constraints: readonly SpreadConstraint[],
  requireAll: boolean
): boolean {
  for (const c of constraints) {
    if (c.nodeAffinityPolicy === 'Honor' && !matchesRequiredNodeAffinity(pod, info)) return false;
    if (c.nodeTaintsPolicy === 'Honor' && hasUntoleratedTaint(pod, info)) return false;
  }
  return !requireAll || constraints.every((c) => info.labels[c.topologyKey] !== undefined);
}

/** A NoSchedule/NoExecute taint of the node that the pod does not tolerate (`nodeTaintsPolicy: Honor`). */
export function hasUntoleratedTaint(pod: Pod, info: NodeInfo): boolean {
  const taints = info.node.spec.taints;
  if (!taints) return false;
  // An indexed loop: TaintToleration.Filter asks this of every node in every cycle (no closure).
  for (let i = 0; i < taints.length; i++) {
    const t = taints[i] as Taint;
    if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec.tolerations, t)) return true;
  }
  return false;
}

interface SpreadState {
  constraints: readonly SpreadConstraint[];
  /** Per constraint: domain value → matching pods. */
  counts: Map<string, number>[];
  /** Per constraint: the smallest count over its domains (0 when fewer domains than minDomains). */
  minMatch: number[];
}

/** PodTopologySpread.PreFilter (`calPreFilterState`). */
function spreadPreFilter(pod: Pod, snap: Snapshot): SpreadState | undefined {
  const constraints = constraintsOf(pod, 'DoNotSchedule');
  if (constraints.length === 0) return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  const counts = constraints.map(() => new Map<string, number>());
  const keys = constraints.map((c) => matchKey(c.selector, ns));
  for (const info of snap.nodes) {
    if (!spreadEligible(pod, info, constraints, true)) continue;
    constraints.forEach((c, i) => {
      const value = info.labels[c.topologyKey] ?? '';
      const m = counts[i] as Map<string, number>;
      m.set(value, (m.get(value) ?? 0) + countMatching(info, keys[i] ?? '', c.selector, ns));
    });
  }
  const minMatch = constraints.map((c, i) => {
    const m = counts[i] as Map<string, number>;
    if (m.size < c.minDomains) return 0;
    return m.size === 0 ? 0 : Math.min(...m.values());
  });
  return { constraints, counts, minMatch };
}

/** PodTopologySpread.Filter: skew = matching pods in the node's domain + self − global minimum. */
function filterSpread(pod: Pod, info: NodeInfo, state: SpreadState | undefined): FilterStatus | undefined {
  if (!state) return undefined;
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i] as SpreadConstraint;
    const value = info.labels[c.topologyKey];
    if (value === undefined) return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_SPREAD_LABEL] };
    const self = selectorMatches(c.selector, pod.metadata.labels) ? 1 : 0;
    const match = state.counts[i]?.get(value) ?? 0;
    if (match + self - (state.minMatch[i] ?? 0) > c.maxSkew)
      return { code: 'Unschedulable', reasons: [ERR_SPREAD] };
  }
  return undefined;
}

/** The per-cycle state the Filter plugins share (their PreFilter results). */
export interface CycleState {
  /** NodePorts.PreFilter: the pod's host ports. */
  ports: readonly string[];
  request: Resources;
  affinity: AffinityState;
  spread: SpreadState | undefined;
}

export function preFilter(pod: Pod, snap: Snapshot): CycleState {
  return {
    ports: hostPorts(pod),
    request: podRequests(pod),
    affinity: affinityPreFilter(pod, snap),
    spread: spreadPreFilter(pod, snap),
  };
}

/** The Filter plugins before the volume plugins, in the default profile's order. */
export function filterBeforeVolumes(pod: Pod, info: NodeInfo, state: CycleState): FilterStatus | undefined {
  return (
    filterUnschedulable(pod, info) ??
    filterTaints(pod, info) ??
    filterNodeAffinity(pod, info) ??
    filterNodePorts(state.ports, info) ??
    filterResources(state.request, info)
  );
}

/** The Filter plugins after the volume plugins. */
export function filterAfterVolumes(
  pod: Pod,
  info: NodeInfo,
  state: CycleState,
  snap: Snapshot
): FilterStatus | undefined {
  return filterSpread(pod, info, state.spread) ?? filterInterPodAffinity(pod, info, state.affinity, snap);
}
