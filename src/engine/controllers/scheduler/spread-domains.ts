/**
 * PodTopologySpread.Score's domains (initPreScoreState) when every node of the snapshot is feasible,
 * the usual case: per constraint, which domain (topology label value) each node is in and how many
 * domains there are, and which nodes lack a key every constraint requires. None of it depends on the
 * pods counted: only on the nodes' labels and the constraints. So it is worked out once per snapshot
 * node list (a Node write builds a new list; a NodeInfo's labels are its stored Node's) and constraint
 * list (the default constraints are kept per default selector), not in every scheduling cycle: the
 * cycle then sums matching pods into arrays by domain index instead of maps keyed by label value.
 */
import type { NodeInfo, SpreadConstraint } from './plugins.ts';

/** Off: every cycle finds the domains by label value (tests compare the two). */
export const spreadDomainOptions = { enabled: true };

export interface SpreadDomains {
  /** Whether a node must carry every constraint's topology key to take part (explicit constraints). */
  readonly requireAll: boolean;
  /** Per constraint, per node (snapshot order): the index of its domain, or -1 when it takes no part. */
  readonly domainOf: readonly (readonly number[])[];
  /** Per node: left out for lacking a required topology key (its raw score is -1). */
  readonly excluded: readonly boolean[];
  /** Per constraint: its weight in the raw score, log(domains + 2) (`topologyNormalizingWeight`). */
  readonly weights: readonly number[];
  /**
   * Per constraint: where its domains start in one array of every constraint's domain sums (a cycle
   * sums into one array of `domainTotal` zeros instead of one array per constraint).
   */
  readonly sumsAt: readonly number[];
  readonly domainTotal: number;
}

const byNodes = new WeakMap<readonly NodeInfo[], WeakMap<readonly SpreadConstraint[], SpreadDomains>>();

/** The domains of `nodes` (the snapshot's, all feasible) under `constraints`, kept per pair of lists. */
export function spreadDomains(nodes: readonly NodeInfo[], constraints: readonly SpreadConstraint[], requireAll: boolean): SpreadDomains {
  let byConstraints = byNodes.get(nodes);
  if (!byConstraints) byNodes.set(nodes, (byConstraints = new WeakMap()));
  let domains = byConstraints.get(constraints);
  if (!domains || domains.requireAll !== requireAll) {
    domains = computeDomains(nodes, constraints, requireAll);
    byConstraints.set(constraints, domains);
  }
  return domains;
}

function computeDomains(nodes: readonly NodeInfo[], constraints: readonly SpreadConstraint[], requireAll: boolean): SpreadDomains {
  const excluded = nodes.map((n) => requireAll && !constraints.every((c) => n.labels[c.topologyKey] !== undefined));
  const domainOf: number[][] = [];
  const weights: number[] = [];
  const sumsAt: number[] = [];
  let domainTotal = 0;
  for (const c of constraints) {
    // Domains numbered in the order the nodes first name them (a map's insertion order).
    const index = new Map<string, number>();
    const of: number[] = [];
    for (let idx = 0; idx < nodes.length; idx++) {
      const value = excluded[idx] ? undefined : (nodes[idx] as NodeInfo).labels[c.topologyKey];
      if (value === undefined) {
        of.push(-1);
        continue;
      }
      let d = index.get(value);
      if (d === undefined) index.set(value, (d = index.size));
      of.push(d);
    }
    domainOf.push(of);
    weights.push(Math.log(index.size + 2));
    sumsAt.push(domainTotal);
    domainTotal += index.size;
  }
  return { requireAll, domainOf, excluded, weights, sumsAt, domainTotal };
}
