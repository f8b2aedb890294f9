/**
 * Cluster-wide invariants for scenario tests (statefulset.md §1, §2.4, §5.1; storage-dns-kubectl.md
 * §2). `assertInvariants(cluster)` is meant to be called after every step of a scenario; it keeps an
 * incremental OrderedReady watcher per cluster, so even steps that cover many virtual seconds
 * (`settle()`) are checked write by write.
 */
import { expect } from 'vitest';
import type { Change, Cluster, K8sObject } from '../index.ts';

interface PodView extends K8sObject {
  spec: { hostname?: string; subdomain?: string; nodeName?: string };
  status: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
}

interface SetView extends K8sObject {
  spec: { replicas?: number; podManagementPolicy?: string; ordinals?: { start?: number } | null; minReadySeconds?: number };
  status?: Record<string, unknown>;
}

const MAX_INT32 = 2 ** 31 - 1;

/** getParentNameAndOrdinal (statefulset.md §1.1): parent "" and ordinal −1 when the name does not parse. */
export function parentAndOrdinal(name: string): { parent: string; ordinal: number } {
  const m = /^(.*)-(\d+)$/.exec(name);
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  if (!Number.isSafeInteger(ordinal) || ordinal > MAX_INT32) return { parent: '', ordinal: -1 };
  return { parent: m[1] ?? '', ordinal };
}

export function controllerRefOf(obj: K8sObject): { kind: string; name: string; uid: string } | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

function isRunningAndReady(pod: PodView | undefined): boolean {
  return !!pod && pod.status.phase === 'Running' && !!pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

function isTerminating(obj: K8sObject | undefined): boolean {
  return !!obj?.metadata.deletionTimestamp;
}

function describePod(pod: PodView | undefined): string {
  if (!pod) return 'absent';
  const ready = pod.status.conditions?.find((c) => c.type === 'Ready')?.status ?? 'unknown';
  return `phase=${pod.status.phase ?? ''} Ready=${ready}${isTerminating(pod) ? ' terminating' : ''}`;
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function startOrdinal(set: SetView): number {
  return set.spec.ordinals?.start ?? 0;
}

/** The pods a set owns through a controller reference whose name parses to the set (isMemberOf). */
function ownedPods(set: K8sObject, pods: PodView[]): PodView[] {
  return pods.filter((p) => {
    if (p.metadata.namespace !== set.metadata.namespace) return false;
    const ref = controllerRefOf(p);
    if (!ref || ref.kind !== 'StatefulSet' || ref.uid !== set.metadata.uid) return false;
    const { parent, ordinal } = parentAndOrdinal(p.metadata.name);
    return parent === set.metadata.name && ordinal >= 0;
  });
}

/**
 * Reads every retained write since the previous call exactly once, by resourceVersion (every write
 * bumps it); writes compacted away between two calls are skipped, as a watch that fell behind loses them.
 */
export function createChangeCursor(cluster: Cluster): () => Change[] {
  let lastTime = 0;
  let lastRv = 0;
  return () => {
    const fresh = cluster.changes(lastTime).filter((c) => Number(c.object.metadata.resourceVersion) > lastRv);
    const last = fresh[fresh.length - 1];
    if (last) {
      lastTime = last.time;
      lastRv = Number(last.object.metadata.resourceVersion);
    }
    return fresh;
  };
}

export interface OrderedReadyWatcher {
  /** Replays the writes made since the previous call; returns the violations found among them. */
  check(): string[];
  /** Every violation found so far. */
  readonly violations: readonly string[];
}

/**
 * statefulset.md §2.4 (monotonic consequence): in an OrderedReady set, pod k is only created when
 * every slot below it (from ordinals.start) holds a pod that is Running, Ready and not terminating.
 * The watcher replays the write log, so it judges each pod ADDED against the state the controller
 * saw at that instant. minReadySeconds is not modelled here (no scenario of this suite sets it).
 */
export function createOrderedReadyWatcher(cluster: Cluster): OrderedReadyWatcher {
  const next = createChangeCursor(cluster);
  const sets = new Map<string, SetView>();
  const pods = new Map<string, PodView>();
  // The virtual time up to which the log has been read: compaction past it means lost writes.
  let seenUpTo = 0;
  const violations: string[] = [];
  const onPodAdded = (change: Change, pod: PodView) => {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'StatefulSet') return;
    const set = sets.get(key(pod.metadata.namespace, ref.name));
    if (!set || set.metadata.uid !== ref.uid || set.spec.podManagementPolicy === 'Parallel') return;
    const { parent, ordinal } = parentAndOrdinal(pod.metadata.name);
    if (parent !== set.metadata.name || ordinal < 0) return;
    for (let o = startOrdinal(set); o < ordinal; o++) {
      const lower = pods.get(key(pod.metadata.namespace, `${parent}-${o}`));
      if (!isRunningAndReady(lower) || isTerminating(lower)) {
        violations.push(`t=${change.time}ms: OrderedReady set ${parent} created ${pod.metadata.name} while ${parent}-${o} was ${describePod(lower)}`);
      }
    }
  };
  return {
    get violations() {
      return violations;
    },
    check() {
      const before = violations.length;
      if (cluster.compactedBefore() > seenUpTo) {
        // Writes since the last look may be compacted away: relist, as an informer does on "too old
        // resource version", and judge only what comes after.
        sets.clear();
        pods.clear();
        for (const set of cluster.list('sts') as SetView[]) sets.set(key(set.metadata.namespace, set.metadata.name), set);
        for (const pod of cluster.list('pods') as PodView[]) pods.set(key(pod.metadata.namespace, pod.metadata.name), pod);
        next();
        seenUpTo = cluster.now();
        return [];
      }
      seenUpTo = cluster.now();
      for (const change of next()) {
        const k = key(change.namespace ?? change.object.metadata.namespace, change.name);
        if (change.kind === 'StatefulSet') {
          if (change.type === 'DELETED') sets.delete(k);
          else sets.set(k, change.object as SetView);
        } else if (change.kind === 'Pod') {
          const pod = change.object as PodView;
          if (change.type === 'DELETED') {
            pods.delete(k);
            continue;
          }
          if (change.type === 'ADDED') onPodAdded(change, pod);
          pods.set(k, pod);
        }
      }
      return violations.slice(before);
    },
  };
}

const watchers = new WeakMap<Cluster, OrderedReadyWatcher>();

/** True when nothing a learner would wait for is scheduled (what `settle()` waits for). */
export function isQuiescent(cluster: Cluster): boolean {
  return !cluster.snapshot().timers.some((t) => !t.quiet);
}

function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function checkPodIdentity(pods: PodView[], sets: SetView[], problems: string[]): void {
  const seen = new Set<string>();
  for (const pod of pods) {
    const k = key(pod.metadata.namespace, pod.metadata.name);
    if (seen.has(k)) problems.push(`two pods named ${k}`);
    seen.add(k);
  }
  for (const set of sets) {
    const ordinals = new Map<number, string>();
    const indexLabels = new Map<string, string>();
    for (const pod of ownedPods(set, pods)) {
      const { ordinal } = parentAndOrdinal(pod.metadata.name);
      const other = ordinals.get(ordinal);
      if (other !== undefined) problems.push(`set ${set.metadata.name}: ${other} and ${pod.metadata.name} share ordinal ${ordinal}`);
      ordinals.set(ordinal, pod.metadata.name);
      const index = pod.metadata.labels?.['apps.kubernetes.io/pod-index'];
      if (index !== undefined) {
        const holder = indexLabels.get(index);
        if (holder !== undefined) problems.push(`set ${set.metadata.name}: ${holder} and ${pod.metadata.name} both carry pod-index ${index}`);
        indexLabels.set(index, pod.metadata.name);
      }
    }
  }
}

interface ClaimView extends K8sObject {
  spec: { volumeName?: string };
  status?: { phase?: string };
}
interface VolumeView extends K8sObject {
  spec: { claimRef?: { namespace?: string; name?: string; uid?: string } | null };
  status?: { phase?: string };
}

function checkBindings(cluster: Cluster, problems: string[]): void {
  const claims = cluster.list('pvc') as ClaimView[];
  const volumes = cluster.list('pv') as VolumeView[];
  const volumeByName = new Map(volumes.map((v) => [v.metadata.name, v]));
  const claimByKey = new Map(claims.map((c) => [key(c.metadata.namespace, c.metadata.name), c]));
  const claimOfVolume = new Map<string, string>();
  for (const claim of claims) {
    const ck = key(claim.metadata.namespace, claim.metadata.name);
    const vn = claim.spec.volumeName;
    if (!vn) {
      if (claim.status?.phase === 'Bound') problems.push(`claim ${ck} is Bound without spec.volumeName`);
      continue;
    }
    const holder = claimOfVolume.get(vn);
    if (holder !== undefined) problems.push(`volume ${vn} is claimed by both ${holder} and ${ck}`);
    claimOfVolume.set(vn, ck);
    const pv = volumeByName.get(vn);
    const ref = pv?.spec.claimRef;
    if (!pv) {
      if (claim.status?.phase === 'Bound') problems.push(`claim ${ck} is Bound to missing volume ${vn}`);
      continue;
    }
    if (ref && (ref.name !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? '') || (ref.uid && ref.uid !== claim.metadata.uid))) {
      problems.push(`claim ${ck} names volume ${vn}, whose claimRef is ${key(ref.namespace, ref.name ?? '')} (uid ${ref.uid ?? '-'})`);
    }
    if (claim.status?.phase === 'Bound' && !ref?.uid) problems.push(`claim ${ck} is Bound but volume ${vn} has no claimRef uid`);
  }
  const volumeOfClaim = new Map<string, string>();
  for (const pv of volumes) {
    const ref = pv.spec.claimRef;
    if (!ref?.name) continue;
    const rk = `${key(ref.namespace, ref.name)}#${ref.uid ?? ''}`;
    const holder = volumeOfClaim.get(rk);
    if (holder !== undefined) problems.push(`claim ${rk} is referenced by volumes ${holder} and ${pv.metadata.name}`);
    volumeOfClaim.set(rk, pv.metadata.name);
    if (pv.status?.phase === 'Bound') {
      const claim = claimByKey.get(key(ref.namespace, ref.name));
      if (!claim || claim.metadata.uid !== ref.uid || claim.spec.volumeName !== pv.metadata.name) {
        problems.push(`volume ${pv.metadata.name} is Bound to ${key(ref.namespace, ref.name)}, which does not name it back`);
      }
    }
  }
}

interface ServiceView extends K8sObject {
  spec: { clusterIP?: string; selector?: Record<string, string>; publishNotReadyAddresses?: boolean };
}

function checkDns(cluster: Cluster, pods: PodView[], quiescent: boolean, problems: string[]): void {
  for (const pod of pods) {
    const { hostname, subdomain } = pod.spec;
    if (!hostname || !subdomain) continue;
    const ns = pod.metadata.namespace ?? 'default';
    const svc = cluster.get('svc', subdomain, ns) as ServiceView | undefined;
    // A Service without a selector gets no endpoints from the controllers (syncService returns early:
    // its slices are the user's, or stale ones left from before its selector went), so DNS answers
    // whatever those hold.
    if (!svc || svc.spec.clusterIP !== 'None' || Object.keys(svc.spec.selector ?? {}).length === 0) continue;
    const answer = cluster.resolve(`${hostname}.${subdomain}`, { namespace: ns });
    const answered = answer.rcode === 'NOERROR' && answer.records.length > 0;
    const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
    const eligible = svc.spec.publishNotReadyAddresses === true ? !!pod.status.podIP && !terminal : isRunningAndReady(pod) && !isTerminating(pod);
    const name = `${hostname}.${subdomain}`;
    if (answered && !eligible) problems.push(`DNS ${name} answers for pod ${pod.metadata.name} that is ${describePod(pod)}`);
    if (answered && eligible && !answer.records.every((r) => r.data === pod.status.podIP)) {
      problems.push(`DNS ${name} answers ${answer.records.map((r) => r.data).join(',')} instead of ${pod.status.podIP ?? '(no IP)'}`);
    }
    if (quiescent && eligible && !answered && selectorMatches(svc.spec.selector, pod.metadata.labels)) {
      problems.push(`DNS ${name} is ${answer.rcode} for Ready pod ${pod.metadata.name} at quiescence`);
    }
  }
}

function checkStatusCounts(sets: SetView[], pods: PodView[], problems: string[]): void {
  for (const set of sets) {
    const status = set.status ?? {};
    const num = (field: string) => (typeof status[field] === 'number' ? (status[field] as number) : 0);
    const owned = ownedPods(set, pods);
    const created = owned.filter((p) => !!p.status.phase);
    const live = created.filter((p) => !isTerminating(p));
    const rev = (p: PodView) => p.metadata.labels?.['controller-revision-hash'];
    const ready = owned.filter((p) => isRunningAndReady(p)).length;
    const expected: Record<string, number> = {
      replicas: created.length,
      readyReplicas: ready,
      currentReplicas: live.filter((p) => rev(p) === status['currentRevision']).length,
      updatedReplicas: live.filter((p) => rev(p) === status['updateRevision']).length,
    };
    if ((set.spec.minReadySeconds ?? 0) === 0) expected['availableReplicas'] = ready;
    for (const [field, want] of Object.entries(expected)) {
      if (num(field) !== want) problems.push(`set ${set.metadata.name}: status.${field} is ${num(field)}, pods say ${want}`);
    }
    if (num('observedGeneration') !== (set.metadata.generation ?? 0)) {
      problems.push(`set ${set.metadata.name}: observedGeneration ${num('observedGeneration')} != generation ${set.metadata.generation ?? 0}`);
    }
  }
}

/**
 * Checks, after a step: unique pod names and ordinals, the OrderedReady creation rule (replayed
 * write by write), PVC↔PV binding consistency, DNS answering only for Ready pods (or any pod with
 * an IP under publishNotReadyAddresses), and — when the cluster is quiescent — that every
 * StatefulSet's status counts and DNS records match its pods.
 */
export function assertInvariants(cluster: Cluster, opts: { quiescent?: boolean } = {}): void {
  const { problems, quiescent } = invariantProblems(cluster, opts);
  expect(problems, `invariants at t=${cluster.now()}ms${quiescent ? ' (quiescent)' : ''}`).toEqual([]);
}

/** The invariants' findings, for callers that count rather than assert (the fuzzer). */
export function invariantProblems(cluster: Cluster, opts: { quiescent?: boolean } = {}): { problems: string[]; quiescent: boolean } {
  let watcher = watchers.get(cluster);
  if (!watcher) {
    watcher = createOrderedReadyWatcher(cluster);
    watchers.set(cluster, watcher);
  }
  const problems: string[] = [...watcher.check()];
  const quiescent = opts.quiescent ?? isQuiescent(cluster);
  const pods = cluster.list('pods') as PodView[];
  const sets = cluster.list('sts') as SetView[];
  checkPodIdentity(pods, sets, problems);
  checkBindings(cluster, problems);
  checkDns(cluster, pods, quiescent, problems);
  if (quiescent) checkStatusCounts(sets, pods, problems);
  return { problems, quiescent };
}
