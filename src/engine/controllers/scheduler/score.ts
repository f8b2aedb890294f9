/**
 * kube-scheduler's Score plugins of the default profile (`prioritizeNodes`), each with its weight
 * and NormalizeScore rule: TaintToleration 3, NodeAffinity 2, NodeResourcesFit (LeastAllocated) 1,
 * PodTopologySpread 2, InterPodAffinity 2, NodeResourcesBalancedAllocation 1, ImageLocality 1.
 *
 * Every plugin's normalized scores are integers, so the order of the additions does not matter:
 * each plugin adds its weighted scores straight into one totals array (issue 8: no array per plugin,
 * and a plugin with nothing to score for the pod, the usual case for most of them, adds nothing).
 */
import type { LabelSelector, Pod, Toleration } from '../../model/types.ts';
import {
  LABEL_HOSTNAME,
  LABEL_ZONE,
  MAX_NODE_SCORE,
  type NodeInfo,
  type Snapshot,
  type SpreadConstraint,
  affinityOf,
  constraintsOf,
  countMatching,
  hasUntoleratedTaint,
  matchKey,
  matchesRequiredNodeAffinity,
  pairKey,
  preferredTerms,
  requiredTerms,
  termMatches,
  termMatchesPod,
  tolerates,
} from './plugins.ts';
import { podRequests } from './resources.ts';
import { type SpreadDomains, spreadDomainOptions, spreadDomains } from './spread-domains.ts';

export interface ScoreInput {
  images: (node: string) => readonly string[];
  imageSize: (image: string) => number;
  defaultSelector: LabelSelector | undefined;
}

/** Score plugins with the default profile's weights; returns the weighted total per node. */
export function scoreNodes(pod: Pod, nodes: NodeInfo[], snap: Snapshot, input: ScoreInput): number[] {
  if (nodes.length === 1) return [0];
  const totals = zeros(nodes.length);
  addTaintScores(totals, pod, nodes);
  addNodeAffinityScores(totals, pod, nodes);
  addResourceScores(totals, pod, nodes);
  addSpreadScores(totals, pod, nodes, snap, input.defaultSelector);
  addInterPodAffinityScores(totals, pod, nodes, snap);
  addImageLocalityScores(totals, pod, nodes, snap.nodes, input);
  return totals;
}

/** `helper.DefaultNormalizeScore` of `raw` (its largest value `maxCount`), times `weight`, into `totals`. */
function addNormalized(totals: number[], weight: number, raw: readonly number[], maxCount: number, reverse: boolean): void {
  for (let i = 0; i < totals.length; i++) {
    let n = maxCount === 0 ? 0 : Math.trunc((MAX_NODE_SCORE * (raw[i] as number)) / maxCount);
    if (reverse) n = MAX_NODE_SCORE - n;
    totals[i] = (totals[i] as number) + weight * n;
  }
}

/**
 * TaintToleration.Score (weight 3): intolerable PreferNoSchedule taints, fewer is better. A node
 * without such taints counts 0; when no node has any, every node scores the maximum.
 */
function addTaintScores(totals: number[], pod: Pod, nodes: NodeInfo[]): void {
  let raw: number[] | undefined;
  let maxCount = 0;
  let tolerations: Toleration[] | undefined;
  for (let i = 0; i < nodes.length; i++) {
    const taints = (nodes[i] as NodeInfo).node.spec.taints;
    if (!taints) continue;
    let count = 0;
    for (const t of taints) {
      if (t.effect !== 'PreferNoSchedule') continue;
      tolerations ??= (pod.spec.tolerations ?? []).filter((tol) => !tol.effect || tol.effect === 'PreferNoSchedule');
      if (!tolerates(tolerations, t)) count++;
    }
    if (count === 0) continue;
    raw ??= nodes.map(() => 0);
    raw[i] = count;
    if (count > maxCount) maxCount = count;
  }
  addNormalized(totals, 3, raw ?? totals, raw ? maxCount : 0, true);
}

/** NodeAffinity.Score (weight 2): summed weights of the preferred terms the node matches. */
function addNodeAffinityScores(totals: number[], pod: Pod, nodes: NodeInfo[]): void {
  const preferred = affinityOf(pod).nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  // No preferred terms: every node sums 0, and all zeros normalize to 0.
  if (!preferred || preferred.length === 0) return;
  const raw = nodes.map((n) =>
    preferred.reduce((acc, p) => acc + (p.weight && termMatches(p.preference, n) ? p.weight : 0), 0)
  );
  addNormalized(totals, 2, raw, Math.max(0, ...raw), false);
}

/** `leastRequestedScore`. */
function leastRequested(requested: number, capacity: number): number {
  return capacity === 0 || requested > capacity
    ? 0
    : Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** A requested fraction of a capacity, at most 1. */
function fraction(used: number, cap: number): number {
  return cap === 0 ? 0 : Math.min(1, used / cap);
}

/**
 * NodeResourcesFit.Score with the LeastAllocated strategy (cpu and memory, weight 1 each) and
 * NodeResourcesBalancedAllocation.Score (1 − the standard deviation of the cpu and memory
 * fractions), weight 1 each: both read the same non-zero requests, so one pass adds both.
 */
function addResourceScores(totals: number[], pod: Pod, nodes: NodeInfo[]): void {
  const req = podRequests(pod, true);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as NodeInfo;
    const cpuUsed = n.nonZeroRequested.cpu + req.cpu;
    const memUsed = n.nonZeroRequested.memory + req.memory;
    const least = Math.trunc((leastRequested(cpuUsed, n.allocatable.cpu) + leastRequested(memUsed, n.allocatable.memory)) / 2);
    const std = Math.abs(fraction(cpuUsed, n.allocatable.cpu) - fraction(memUsed, n.allocatable.memory)) / 2;
    totals[i] = (totals[i] as number) + least + Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}

/**
 * PodTopologySpread.Score (weight 2): ScheduleAnyway constraints, or without any constraints the
 * system defaults (hostname maxSkew 3, zone maxSkew 5) over the selector of the Services and the
 * owning ReplicaSet/StatefulSet (`DefaultSelector`). Fewer matching pods in the node's domain score higher.
 */
function addSpreadScores(
  totals: number[],
  pod: Pod,
  nodes: NodeInfo[],
  snap: Snapshot,
  defaultSelector: LabelSelector | undefined
): void {
  const hasConstraints = ((pod.spec['topologySpreadConstraints'] as unknown[] | undefined) ?? []).length > 0;
  let constraints: readonly SpreadConstraint[];
  if (hasConstraints) constraints = constraintsOf(pod, 'ScheduleAnyway');
  else if (defaultSelector) constraints = defaultConstraints(defaultSelector);
  else return;
  if (constraints.length === 0) return;
  const ns = pod.metadata.namespace ?? 'default';
  const requireAll = hasConstraints;
  const keys = hasConstraints ? constraints.map((c) => matchKey(c.selector, ns)) : defaultKeys(constraints, ns);
  const raw = spreadDomainOptions.enabled && allFeasible(nodes, snap.nodes)
    ? spreadRawByDomain(pod, snap.nodes, constraints, spreadDomains(snap.nodes, constraints, requireAll), keys, ns)
    : spreadRawByValue(pod, nodes, snap, constraints, requireAll, keys, ns);
  let maxScore = 0;
  let minScore = Infinity;
  for (let idx = 0; idx < raw.length; idx++) {
    const rounded = raw[idx] as number;
    // Scores of nodes that take part are never negative.
    if (rounded >= 0) {
      if (rounded > maxScore) maxScore = rounded;
      if (rounded < minScore) minScore = rounded;
    }
  }
  if (minScore === Infinity) minScore = 0;
  for (let idx = 0; idx < raw.length; idx++) {
    const s = raw[idx] as number;
    let normalized: number;
    if (s < 0) normalized = 0;
    else if (maxScore === 0) normalized = MAX_NODE_SCORE;
    else normalized = Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - s)) / maxScore);
    totals[idx] = (totals[idx] as number) + 2 * normalized;
  }
}

/** `n` zeros in an array made at its length (pushing grows it several times over). */
function zeros(n: number): number[] {
  // Array(length) preallocates exactly (n is a number: no ambiguity), as appended in model/util.ts.
  const out: number[] = Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = 0;
  return out;
}

/** Whether the feasible nodes are the snapshot's nodes, all of them in the same order. */
function allFeasible(nodes: readonly NodeInfo[], all: readonly NodeInfo[]): boolean {
  if (nodes.length !== all.length) return false;
  for (let i = 0; i < nodes.length; i++) if (nodes[i] !== all[i]) return false;
  return true;
}

/**
 * What one node knows across its constraints, reset per node: spreadEligible's node-affinity answer
 * (the same for every constraint) and the last count, by selector key (constraints sharing a
 * selector, as both system defaults do, share the node's count).
 */
interface NodeCountMemo {
  affinityOk: boolean | undefined;
  key: string | undefined;
  count: number;
}

/**
 * What node `n` adds to constraint `c`'s domain: its pods matching the selector (countMatching), or
 * undefined when spreadEligible leaves the node out for this constraint.
 */
function eligibleCount(pod: Pod, n: NodeInfo, c: SpreadConstraint, key: string, ns: string, memo: NodeCountMemo): number | undefined {
  if (c.nodeAffinityPolicy === 'Honor' && !(memo.affinityOk ??= matchesRequiredNodeAffinity(pod, n))) return undefined;
  if (c.nodeTaintsPolicy === 'Honor' && hasUntoleratedTaint(pod, n)) return undefined;
  if (key !== memo.key) {
    memo.count = countMatching(n, key, c.selector, ns);
    memo.key = key;
  }
  return memo.count;
}

/**
 * The rounded raw spreading score of each feasible node (-1: left out), the domains found among the
 * feasible nodes and the pods counted over every node of the cluster; a domain is a key of its
 * constraint's count map, starting at 0.
 */
function spreadRawByValue(
  pod: Pod,
  nodes: readonly NodeInfo[],
  snap: Snapshot,
  constraints: readonly SpreadConstraint[],
  requireAll: boolean,
  keys: readonly string[],
  ns: string
): number[] {
  const hasAllKeys = (n: NodeInfo): boolean => constraints.every((c) => n.labels[c.topologyKey] !== undefined);
  const counts = constraints.map(() => new Map<string, number>());
  const memo: NodeCountMemo = { affinityOk: undefined, key: undefined, count: 0 };
  for (let idx = 0; idx < nodes.length; idx++) {
    const n = nodes[idx] as NodeInfo;
    if (requireAll && !hasAllKeys(n)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const value = n.labels[(constraints[i] as SpreadConstraint).topologyKey];
      if (value !== undefined) (counts[i] as Map<string, number>).set(value, 0);
    }
  }
  for (const n of snap.nodes) {
    if (requireAll && !hasAllKeys(n)) continue;
    memo.affinityOk = undefined;
    memo.key = undefined;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as SpreadConstraint;
      const value = n.labels[c.topologyKey];
      if (value === undefined) continue;
      const m = counts[i] as Map<string, number>;
      const sum = m.get(value);
      if (sum === undefined) continue;
      const counted = eligibleCount(pod, n, c, keys[i] ?? '', ns, memo);
      if (counted !== undefined) m.set(value, sum + counted);
    }
  }
  const weights = counts.map((m) => Math.log(m.size + 2));
  const raw: number[] = [];
  for (let idx = 0; idx < nodes.length; idx++) {
    const n = nodes[idx] as NodeInfo;
    if (requireAll && !hasAllKeys(n)) {
      raw.push(-1);
      continue;
    }
    let score = 0;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as SpreadConstraint;
      const value = n.labels[c.topologyKey];
      if (value === undefined) continue;
      score += (counts[i]?.get(value) ?? 0) * (weights[i] ?? 0) + (c.maxSkew - 1);
    }
    raw.push(Math.round(score));
  }
  return raw;
}

/**
 * spreadRawByValue when every node is feasible: the same sums, in the same order, kept in arrays by
 * the domain indexes worked out once for the node list (spread-domains.ts).
 */
function spreadRawByDomain(
  pod: Pod,
  nodes: readonly NodeInfo[],
  constraints: readonly SpreadConstraint[],
  domains: SpreadDomains,
  keys: readonly string[],
  ns: string
): number[] {
  const { domainOf, excluded, weights, sumsAt } = domains;
  // Every constraint's domain sums in one array, constraint i's from sumsAt[i].
  const sums = zeros(domains.domainTotal);
  const memo: NodeCountMemo = { affinityOk: undefined, key: undefined, count: 0 };
  for (let idx = 0; idx < nodes.length; idx++) {
    if (excluded[idx]) continue;
    const n = nodes[idx] as NodeInfo;
    memo.affinityOk = undefined;
    memo.key = undefined;
    for (let i = 0; i < constraints.length; i++) {
      const d = (domainOf[i] as readonly number[])[idx] as number;
      if (d < 0) continue;
      const counted = eligibleCount(pod, n, constraints[i] as SpreadConstraint, keys[i] ?? '', ns, memo);
      if (counted === undefined) continue;
      const at = (sumsAt[i] as number) + d;
      sums[at] = (sums[at] as number) + counted;
    }
  }
  const raw = zeros(nodes.length);
  for (let idx = 0; idx < nodes.length; idx++) {
    if (excluded[idx]) {
      raw[idx] = -1;
      continue;
    }
    let score = 0;
    for (let i = 0; i < constraints.length; i++) {
      const d = (domainOf[i] as readonly number[])[idx] as number;
      if (d < 0) continue;
      score += (sums[(sumsAt[i] as number) + d] as number) * (weights[i] ?? 0) + ((constraints[i] as SpreadConstraint).maxSkew - 1);
    }
    raw[idx] = Math.round(score);
  }
  return raw;
}

/**
 * The system default constraints (hostname maxSkew 3, zone maxSkew 5) over a default selector,
 * built once per selector object (the scheduler keeps one object per distinct merge).
 */
const defaultConstraintsBySelector = new WeakMap<LabelSelector, SpreadConstraint[]>();
function defaultConstraints(selector: LabelSelector): SpreadConstraint[] {
  let constraints = defaultConstraintsBySelector.get(selector);
  if (!constraints) {
    const base = {
      whenUnsatisfiable: 'ScheduleAnyway',
      selector,
      minDomains: 1,
      nodeAffinityPolicy: 'Honor',
      nodeTaintsPolicy: 'Ignore',
    };
    constraints = [
      { ...base, maxSkew: 3, topologyKey: LABEL_HOSTNAME },
      { ...base, maxSkew: 5, topologyKey: LABEL_ZONE },
    ];
    defaultConstraintsBySelector.set(selector, constraints);
  }
  return constraints;
}

/**
 * The count keys of the default constraints in a namespace, kept per constraint list (one per
 * default selector, see defaultConstraints) for the last namespace asked.
 */
const defaultKeysByConstraints = new WeakMap<readonly SpreadConstraint[], { ns: string; keys: readonly string[] }>();
function defaultKeys(constraints: readonly SpreadConstraint[], ns: string): readonly string[] {
  const kept = defaultKeysByConstraints.get(constraints);
  if (kept?.ns === ns) return kept.keys;
  const keys = constraints.map((c) => matchKey(c.selector, ns));
  defaultKeysByConstraints.set(constraints, { ns, keys });
  return keys;
}

/** Whether an affinity has preferred terms. */
function hasPreferred(x: { preferredDuringSchedulingIgnoredDuringExecution?: unknown[] } | undefined): boolean {
  return (x?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
}

/**
 * InterPodAffinity.Score (weight 2): preferred (anti-)affinity of the pod and of the pods already
 * placed. Without preferred terms of its own and with no placed pod having terms, every node scores 0.
 */
function addInterPodAffinityScores(totals: number[], pod: Pod, nodes: NodeInfo[], snap: Snapshot): void {
  const a = affinityOf(pod);
  const own = hasPreferred(a.podAffinity) || hasPreferred(a.podAntiAffinity);
  if (!own && snap.nodes.every((info) => info.podsWithAffinity.length === 0)) return;
  const affinity = preferredTerms(pod, 'podAffinity');
  const anti = preferredTerms(pod, 'podAntiAffinity');
  const topoScore = new Map<string, number>();
  const addWeight = (info: NodeInfo, key: string, w: number): void => {
    const value = info.labels[key];
    if (value === undefined) return;
    const k = pairKey(key, value);
    topoScore.set(k, (topoScore.get(k) ?? 0) + w);
  };
  let any = own;
  for (const info of snap.nodes) {
    if (own) {
      for (const existing of info.pods) {
        for (const { term, weight } of affinity)
          if (termMatchesPod(term, existing, snap.namespaceLabels)) addWeight(info, term.topologyKey, weight);
        for (const { term, weight } of anti)
          if (termMatchesPod(term, existing, snap.namespaceLabels)) addWeight(info, term.topologyKey, -weight);
      }
    }
    for (const existing of info.podsWithAffinity) {
      // The existing pod's own terms about the incoming pod (required affinity counts with hardPodAffinityWeight 1).
      const theirs = [
        ...requiredTerms(existing, 'podAffinity').map((term) => ({ term, weight: 1 })),
        ...preferredTerms(existing, 'podAffinity'),
        ...preferredTerms(existing, 'podAntiAffinity').map(({ term, weight }) => ({ term, weight: -weight })),
      ];
      for (const { term, weight } of theirs) {
        any = true;
        if (termMatchesPod(term, pod, snap.namespaceLabels)) addWeight(info, term.topologyKey, weight);
      }
    }
  }
  if (!any) return;
  const raw = nodes.map((n) =>
    Object.entries(n.labels).reduce((acc, [k, v]) => acc + (topoScore.get(pairKey(k, v)) ?? 0), 0)
  );
  const maxCount = Math.max(...raw);
  const minCount = Math.min(...raw);
  const diff = maxCount - minCount;
  for (let i = 0; i < totals.length; i++) {
    const s = raw[i] as number;
    totals[i] = (totals[i] as number) + 2 * (diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s - minCount)) / diff) : 0);
  }
}

const MB = 1024 * 1024;

/** ImageLocality.Score (weight 1): image sizes already on the node, scaled by how widely they are spread. */
function addImageLocalityScores(totals: number[], pod: Pod, nodes: NodeInfo[], all: NodeInfo[], input: ScoreInput): void {
  const inits = pod.spec.initContainers ?? [];
  const containers = inits.length > 0 ? [...inits, ...pod.spec.containers] : pod.spec.containers;
  const minThreshold = 23 * MB;
  const maxThreshold = 1000 * MB * containers.length;
  // The spread of an image counts every node of the cluster, not only the feasible ones: counted
  // once per image and cycle.
  let holders: Map<string, number> | undefined;
  const spreadOf = (image: string): number => {
    let n = (holders ??= new Map()).get(image);
    if (n === undefined) {
      n = 0;
      for (const o of all) if (input.images(o.name).includes(image)) n++;
      holders.set(image, n);
    }
    return n / all.length;
  };
  for (let i = 0; i < nodes.length; i++) {
    let sum = 0;
    const present = input.images((nodes[i] as NodeInfo).name);
    if (present.length > 0) {
      for (const c of containers) {
        const image = c.image ?? '';
        if (!present.includes(image)) continue;
        sum += Math.trunc(input.imageSize(image) * spreadOf(image));
      }
    }
    const clamped = Math.min(Math.max(sum, minThreshold), maxThreshold);
    totals[i] = (totals[i] as number) + Math.trunc((MAX_NODE_SCORE * (clamped - minThreshold)) / (maxThreshold - minThreshold));
  }
}
