/**
 * Helpers for the creation/scaling/failure scenarios (statefulset.md §10 A–C): a checked driver
 * that runs `assertInvariants` after every step, marks into the write log, and readers for the
 * orders the spec names (creates, deletion requests, removals, readiness) and for controller events.
 */
import { webYaml, type WebOptions } from './fixtures.ts';
import { expect } from 'vitest';
import { createCluster, type ApplyResult, type Change, type Cluster, type ClusterEvent, type ClusterOptions, type Fault, type OpResult } from '../index.ts';
import { advanceUntil, isReady, pod as getPod, type PodLike } from './harness.ts';
import { assertInvariants, createChangeCursor } from './invariants.ts';

/** A position in the write log: everything written after it is `since(mark)`. */
export interface Mark {
  time: number;
  /** Index into the driver's own copy of the log. */
  skip: number;
}

/** settle() in steps no longer than the compaction interval, so the driver's copy of the log misses nothing. */
const SETTLE_STEP_MS = 5 * 60_000;

/** A scenario driver: every step is followed by the invariant checks. */
export class Sim {
  readonly cluster: Cluster;
  /** Every write seen so far, kept by the driver as a watcher would (the cluster compacts its own log). */
  private readonly log: Change[] = [];
  private readonly read: () => Change[];

  constructor(options: ClusterOptions = {}) {
    this.cluster = createCluster({ seed: 1, ...options });
    this.read = createChangeCursor(this.cluster);
    this.check();
  }

  check(): void {
    this.collect();
    assertInvariants(this.cluster);
  }

  private collect(): void {
    for (const change of this.read()) this.log.push(change);
  }

  apply(yaml: string): ApplyResult {
    const result = this.cluster.apply(yaml);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    this.check();
    return result;
  }

  private op(result: OpResult): OpResult {
    expect(result.ok, result.message).toBe(true);
    this.check();
    return result;
  }

  patch(kind: string, name: string, patch: unknown, type: 'strategic' | 'merge' | 'json' = 'merge'): OpResult {
    return this.op(this.cluster.patch(kind, name, patch, { type }));
  }

  scale(replicas: number, name = 'web'): OpResult {
    return this.op(this.cluster.scale('sts', name, replicas));
  }

  delete(kind: string, name: string): OpResult {
    return this.op(this.cluster.delete(kind, name));
  }

  inject(fault: Fault): OpResult {
    return this.op(this.cluster.inject(fault));
  }

  /** Breaks (ready=false) or restores readiness of each named pod. */
  readiness(ready: boolean, ...pods: string[]): void {
    for (const name of pods) this.inject({ type: 'readiness', pod: name, ready });
  }

  settle(): void {
    for (let total = 0; total < 600_000; total += SETTLE_STEP_MS) {
      const spent = this.cluster.settle(SETTLE_STEP_MS);
      this.collect();
      if (spent < SETTLE_STEP_MS) break;
    }
    this.check();
  }

  advance(ms: number): void {
    this.cluster.advance(ms);
    this.check();
  }

  /** Advances (in 250 ms steps) until `done()` holds; fails the test if it never does. */
  until(what: string, done: () => boolean, maxMs = 600_000): void {
    expect(advanceUntil(this.cluster, done, maxMs), `timed out waiting for: ${what}`).toBe(true);
    this.check();
  }

  mark(): Mark {
    this.collect();
    return { time: this.cluster.now(), skip: this.log.length };
  }

  /** Every write after `mark` (or since the cluster was created). */
  since(mark?: Mark): Change[] {
    this.collect();
    return this.log.slice(mark?.skip ?? 0);
  }

  pod(name: string): PodLike | undefined {
    return getPod(this.cluster, name);
  }

  uid(kind: string, name: string): string {
    return this.cluster.get(kind, name)?.metadata.uid ?? '';
  }

  podNames(): string[] {
    return sortByOrdinal(this.cluster.list('pods').map((p) => p.metadata.name));
  }

  claimNames(): string[] {
    return this.cluster.list('pvc').map((c) => c.metadata.name);
  }

  status(name = 'web'): Record<string, unknown> {
    return (this.cluster.get('sts', name)?.['status'] ?? {}) as Record<string, unknown>;
  }

  /** A status count, 0 when the field is omitted (omitempty). */
  count(field: string, name = 'web'): number {
    const v = this.status(name)[field];
    return typeof v === 'number' ? v : 0;
  }

  ready(name: string): boolean {
    return isReady(this.pod(name));
  }

  /** Events recorded on StatefulSet `set` (the statefulset-controller's events, §7). */
  setEvents(set = 'web'): ClusterEvent[] {
    return this.cluster.events().filter((e) => e.involvedObject.kind === 'StatefulSet' && e.involvedObject.name === set);
  }
}

export function ordinalOf(name: string): number {
  const m = /-(\d+)$/.exec(name);
  return m ? Number(m[1]) : -1;
}

export function sortByOrdinal(names: string[]): string[] {
  return [...names].sort((a, b) => ordinalOf(a) - ordinalOf(b) || a.localeCompare(b));
}

/** `web-<from>` … `web-<to>` (inclusive, ascending or descending). */
export function podRange(from: number, to: number, set = 'web'): string[] {
  const out: string[] = [];
  const step = from <= to ? 1 : -1;
  for (let o = from; step > 0 ? o <= to : o >= to; o += step) out.push(`${set}-${o}`);
  return out;
}

/** `Kind name` of each ADDED Pod/PVC, in write order: the spec's creation orders. */
export function creates(changes: Change[], kinds: string[] = ['PersistentVolumeClaim', 'Pod']): string[] {
  return changes.filter((c) => c.type === 'ADDED' && kinds.includes(c.kind)).map((c) => `${c.kind === 'PersistentVolumeClaim' ? 'PVC' : c.kind} ${c.name}`);
}

export function addedPods(changes: Change[]): string[] {
  return changes.filter((c) => c.type === 'ADDED' && c.kind === 'Pod').map((c) => c.name);
}

export function removedPods(changes: Change[]): string[] {
  return changes.filter((c) => c.type === 'DELETED' && c.kind === 'Pod').map((c) => c.name);
}

/**
 * Pods in the order their deletion was requested: the first write of each pod object (by uid) that
 * carries a deletionTimestamp, or its removal when it was removed at once (grace 0).
 */
export function deletionRequests(changes: Change[], kind = 'Pod'): string[] {
  return deletionRequestIndices(changes, kind).map((d) => d.name);
}

export function deletionRequestIndices(changes: Change[], kind = 'Pod'): { name: string; uid: string; index: number; time: number }[] {
  const seen = new Set<string>();
  const out: { name: string; uid: string; index: number; time: number }[] = [];
  changes.forEach((c, index) => {
    if (c.kind !== kind) return;
    const uid = c.object.metadata.uid ?? '';
    if (seen.has(uid)) return;
    if (c.object.metadata.deletionTimestamp || c.type === 'DELETED') {
      seen.add(uid);
      out.push({ name: c.name, uid, index, time: c.time });
    }
  });
  return out;
}

function firstIndex(changes: Change[], pred: (c: Change) => boolean): number {
  return changes.findIndex(pred);
}

/** Index of the first write showing pod `uid` Running and Ready (−1 if none). */
export function readyIndex(changes: Change[], uid: string): number {
  return firstIndex(changes, (c) => c.kind === 'Pod' && c.type !== 'DELETED' && c.object.metadata.uid === uid && isReady(c.object as PodLike));
}

/** Index of the first write showing pod `name` not Ready (−1 if none). */
export function unreadyIndex(changes: Change[], name: string, uid: string): number {
  return firstIndex(changes, (c) => c.kind === 'Pod' && c.name === name && c.object.metadata.uid === uid && !isReady(c.object as PodLike));
}

export function addedIndex(changes: Change[], name: string, kind = 'Pod'): number {
  return firstIndex(changes, (c) => c.kind === kind && c.type === 'ADDED' && c.name === name);
}

export function removedIndex(changes: Change[], name: string, uid?: string, kind = 'Pod'): number {
  return firstIndex(changes, (c) => c.kind === kind && c.type === 'DELETED' && c.name === name && (uid === undefined || c.object.metadata.uid === uid));
}

/**
 * Scale-down one at a time (§2.5): the deletion of each pod is requested only after the previous
 * one is completely gone.
 */
export function expectSequentialRemoval(changes: Change[], names: string[]): void {
  const requests = deletionRequestIndices(changes);
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1] ?? '';
    const cur = names[i] ?? '';
    const gone = removedIndex(changes, prev);
    const req = requests.find((r) => r.name === cur)?.index ?? -1;
    expect(gone, `${prev} is removed`).toBeGreaterThanOrEqual(0);
    expect(req, `deletion of ${cur} is requested only after ${prev} is gone`).toBeGreaterThan(gone);
  }
}

/**
 * Rolling replacement one pod at a time (§3.3): each pod is deleted, removed, created again and
 * Ready before the deletion of the next one is requested.
 */
export function expectOneAtATimeReplacement(changes: Change[], names: string[]): void {
  const requests = deletionRequestIndices(changes);
  let previousReady = -1;
  for (const name of names) {
    const req = requests.find((r) => r.name === name);
    expect(req, `deletion of ${name} requested`).toBeDefined();
    if (!req) return;
    expect(req.index, `${name} is deleted only after the previous replacement is Ready`).toBeGreaterThan(previousReady);
    const gone = removedIndex(changes, name, req.uid);
    const added = changes.findIndex((c, i) => i > gone && c.kind === 'Pod' && c.type === 'ADDED' && c.name === name);
    expect(gone, `${name} removed`).toBeGreaterThan(req.index);
    expect(added, `${name} recreated after removal`).toBeGreaterThan(gone);
    const uid = changes[added]?.object.metadata.uid ?? '';
    previousReady = readyIndex(changes, uid);
    expect(previousReady, `new ${name} becomes Ready`).toBeGreaterThan(added);
  }
}

/** `reason: message` of events, for exact comparisons with §7. */
export function lines(events: ClusterEvent[]): string[] {
  return events.map((e) => `${e.reason}: ${e.message}`);
}

/**
 * Every occurrence of an event on StatefulSet `set` written in `changes` (each new event and each
 * aggregated repeat is a write), as `reason: message`, in write order.
 */
export function eventLines(changes: Change[], set = 'web'): string[] {
  return changes
    .filter((c) => c.kind === 'Event' && c.type !== 'DELETED')
    .map((c) => c.object as unknown as ClusterEvent)
    .filter((e) => e.involvedObject.kind === 'StatefulSet' && e.involvedObject.name === set)
    .map((e) => `${e.reason}: ${e.message}`);
}

export const podCreated = (pod: string, set = 'web') => `SuccessfulCreate: create Pod ${pod} in StatefulSet ${set} successful`;
export const claimCreated = (claim: string, pod: string, set = 'web') => `SuccessfulCreate: create Claim ${claim} Pod ${pod} in StatefulSet ${set} success`;
export const podDeleted = (pod: string, set = 'web') => `SuccessfulDelete: delete Pod ${pod} in StatefulSet ${set} successful`;
export const podCreateFailedPrefix = (pod: string, set = 'web') => `FailedCreate: create Pod ${pod} in StatefulSet ${set} failed error: `;
export const podDeleteFailedPrefix = (pod: string, set = 'web') => `FailedDelete: delete Pod ${pod} in StatefulSet ${set} failed error: `;


/** A StatefulSet with no claim template (the spec's cases that need no storage). */
export function plainSetYaml(o: Omit<WebOptions, 'claims'> = {}): string {
  return webYaml({ ...o, claims: false });
}

/**
 * SS-03: the set `test` whose defaulted template is exactly §3.1's vector (labels app: foo,
 * annotation test: value, one container `test` with image `test`, no claims, no serviceName).
 */
export function vectorSetYaml(replicas = 2): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: test
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: foo
  template:
    metadata:
      labels:
        app: foo
      annotations:
        test: value
    spec:
      containers:
      - name: test
        image: test
`;
}

/** §3.1's test vector: the revision data of `vectorSetYaml`. */
export const VECTOR_DATA =
  '{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"test":"value"},"creationTimestamp":null,"labels":{"app":"foo"}},"spec":{"containers":[{"image":"test","imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}';

export const HOLD_FINALIZER = 'example.com/hold';
