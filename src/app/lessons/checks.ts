/**
 * Small readings of the cluster view that lessons' conditions and questions are written with. They
 * name states (Ready, Bound, an image, a uid), never event texts or durations.
 */
import type { ClaimView, ClusterView, PodView, VolumeView } from '../../worker/viewModel.ts';

export function pod(view: ClusterView, name: string): PodView | undefined {
  return view.pods.find((p) => p.name === name && p.namespace === 'default');
}

export function claim(view: ClusterView, name: string): ClaimView | undefined {
  return view.claims.find((c) => c.name === name && c.namespace === 'default');
}

/** The volume bound to a claim, by the claim's `volume` field. */
export function volumeOf(view: ClusterView, claimName: string): VolumeView | undefined {
  const c = claim(view, claimName);
  return c?.volume ? view.volumes.find((v) => v.name === c.volume) : undefined;
}

/** The pods a StatefulSet owns, by ordinal. */
export function setPods(view: ClusterView, set: string): PodView[] {
  return view.pods.filter((p) => p.set === set).sort((a, b) => a.ordinal - b.ordinal);
}

/** Running and Ready, not being deleted. */
export function isUp(p: PodView | undefined): boolean {
  return !!p && p.ready && !p.terminating;
}

/**
 * The StatefulSet has exactly `replicas` pods (its spec agrees), all Ready and none going away:
 * what "the controller is done" looks like from outside.
 */
export function setSettled(view: ClusterView, set: string, replicas?: number): boolean {
  const s = view.sets.find((x) => x.name === set);
  if (!s) return false;
  const want = replicas ?? s.replicas;
  const pods = setPods(view, set);
  return s.replicas === want && pods.length === want && pods.every((p) => isUp(p));
}

/** Every pod a Deployment's ReplicaSets own is Ready, and there are `replicas` of them. */
export function deploymentSettled(view: ClusterView, deployment: string, replicas: number): boolean {
  const sets = new Set(view.replicaSets.filter((r) => r.deployment === deployment).map((r) => r.name));
  const pods = view.pods.filter((p) => p.owner?.kind === 'ReplicaSet' && sets.has(p.owner.name));
  return pods.length === replicas && pods.every((p) => isUp(p));
}

/** Pods owned by the Deployment's ReplicaSets. */
export function deploymentPods(view: ClusterView, deployment: string): PodView[] {
  const sets = new Set(view.replicaSets.filter((r) => r.deployment === deployment).map((r) => r.name));
  return view.pods.filter((p) => p.owner?.kind === 'ReplicaSet' && sets.has(p.owner.name));
}

/** A pod with this name that is a new object (another uid than before), Ready. */
export function recreatedAndUp(before: ClusterView, now: ClusterView, name: string): boolean {
  const old = pod(before, name);
  const current = pod(now, name);
  return !!current && isUp(current) && current.uid !== old?.uid;
}

/** Pods present now that were not there before (by uid), oldest first (creation, then ordinal). */
export function newPods(before: ClusterView, now: ClusterView): PodView[] {
  const seen = new Set(before.pods.map((p) => p.uid));
  return now.pods.filter((p) => !seen.has(p.uid)).sort((a, b) => a.created - b.created || a.ordinal - b.ordinal);
}

/**
 * The order in which pods first showed something (`test` true), from a history of views: each name
 * once, in the order seen; names first seen in the same view come as one group, joined by "+".
 */
export function firstSeenOrder(history: readonly ClusterView[], test: (p: PodView) => boolean): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  for (const view of history) {
    const fresh = view.pods.filter((p) => !seen.has(p.name) && test(p)).map((p) => p.name).sort();
    for (const name of fresh) seen.add(name);
    if (fresh.length > 0) order.push(fresh.join('+'));
  }
  return order;
}

/** Virtual ms between the view before the step and now. */
export function elapsed(before: ClusterView, now: ClusterView): number {
  return now.time - before.time;
}

/** The A-record answers of a fqdn in the view's DNS (undefined: no record known). */
export function dnsRecord(view: ClusterView, fqdn: string): { rcode: string; data: string[] } | undefined {
  for (const service of view.services) {
    const record = service.records.find((r) => r.fqdn.replace(/\.$/, '') === fqdn && r.type === 'A');
    if (record) return { rcode: record.rcode, data: record.data };
  }
  return undefined;
}

/** The node a pod runs on, from the view (undefined while unscheduled). */
export function nodeOf(view: ClusterView, name: string): string | undefined {
  return pod(view, name)?.node;
}
