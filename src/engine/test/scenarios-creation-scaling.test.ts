/**
 * statefulset.md §10 groups A (creation and identity), B (scaling) and C (failures and recreation):
 * SS-01 … SS-21, black-box through the public API. Every step is followed by `assertInvariants`
 * (see invariants.ts), which also replays the write log against the OrderedReady creation rule.
 */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../index.ts';
import { defaultExample, NGINX_SERVICE, webYaml } from './fixtures.ts';
import { revisionOf, type PodLike } from './harness.ts';
import {
  addedIndex,
  addedPods,
  claimCreated,
  creates,
  deletionRequestIndices,
  deletionRequests,
  eventLines,
  expectOneAtATimeReplacement,
  expectSequentialRemoval,
  HOLD_FINALIZER,
  lines,
  plainSetYaml,
  podCreated,
  podCreateFailedPrefix,
  podDeleted,
  podDeleteFailedPrefix,
  podRange,
  readyIndex,
  removedIndex,
  removedPods,
  Sim,
  sortByOrdinal,
  unreadyIndex,
  VECTOR_DATA,
  vectorSetYaml,
} from './scenario-helpers-a.ts';

/** The common setup (§10): Service nginx + set web, settled with every pod Ready. */
function readySet(o: Parameters<typeof webYaml>[0] = {}): Sim {
  const sim = new Sim();
  sim.apply(defaultExample(o));
  sim.settle();
  const names = sim.podNames();
  expect(names).toHaveLength(o.replicas ?? 3);
  for (const name of names) expect(sim.ready(name), `${name} Ready`).toBe(true);
  return sim;
}

function claimOf(p: PodLike | undefined, volume = 'www'): string | undefined {
  return p?.spec.volumes?.find((v) => v.name === volume)?.persistentVolumeClaim?.claimName;
}

function podsAllReady(sim: Sim, names: string[]): void {
  expect(sim.podNames()).toEqual(names);
  for (const name of names) expect(sim.ready(name), `${name} Ready`).toBe(true);
}

/** Index of the first write after `after` showing pod `uid` Ready again. */
function readyAgainIndex(log: ReturnType<Sim['since']>, name: string, uid: string): number {
  const down = unreadyIndex(log, name, uid);
  expect(down, `${name} went unready`).toBeGreaterThanOrEqual(0);
  return log.findIndex((c, i) => i > down && c.kind === 'Pod' && c.object.metadata.uid === uid && isReadyObject(c.object));
}

function isReadyObject(o: K8sObject): boolean {
  const p = o as PodLike;
  return p.status.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

function startAt(n: number): string {
  return `  ordinals:\n    start: ${n}\n`;
}

function parallel(replicas: number): string {
  return `${NGINX_SERVICE}---\n${plainSetYaml({ replicas, policy: 'Parallel' })}`;
}

/** replicas 3 from scratch, web-1 held unready so web-0 can fail while web-2 does not exist yet. */
function scaleUpWithWeb1Unready(): Sim {
  const sim = new Sim();
  sim.apply(defaultExample());
  sim.until('web-1 scheduled', () => !!sim.pod('web-1')?.spec.nodeName);
  sim.readiness(false, 'web-1');
  sim.settle();
  expect(sim.podNames()).toEqual(['web-0', 'web-1']);
  expect(sim.ready('web-0')).toBe(true);
  expect(sim.pod('web-1')?.status.phase).toBe('Running');
  expect(sim.ready('web-1')).toBe(false);
  return sim;
}

describe('§10 A. Creation and identity', () => {
  it('SS-01: claims and pods are created in ordinal order, each pod only after its predecessor is Ready', () => {
    const sim = new Sim();
    sim.apply(defaultExample());
    sim.until('web-0 exists', () => !!sim.pod('web-0'));
    expect(sim.podNames()).toEqual(['web-0']);
    sim.settle();

    const log = sim.since();
    expect(creates(log)).toEqual(['PVC www-web-0', 'Pod web-0', 'PVC www-web-1', 'Pod web-1', 'PVC www-web-2', 'Pod web-2']);
    for (const [lower, higher] of [
      ['web-0', 'web-1'],
      ['web-1', 'web-2'],
    ] as const) {
      const lowerReady = readyIndex(log, sim.uid('pod', lower));
      expect(lowerReady, `${lower} became Ready`).toBeGreaterThanOrEqual(0);
      expect(addedIndex(log, higher), `${higher} created after ${lower} is Ready`).toBeGreaterThan(lowerReady);
    }

    const events = sim.setEvents();
    expect(lines(events)).toEqual([
      claimCreated('www-web-0', 'web-0'),
      podCreated('web-0'),
      claimCreated('www-web-1', 'web-1'),
      podCreated('web-1'),
      claimCreated('www-web-2', 'web-2'),
      podCreated('web-2'),
    ]);
    expect(events.map((e) => e.type)).toEqual(Array(6).fill('Normal'));

    const revisions = sim.cluster.list('controllerrevisions');
    expect(revisions).toHaveLength(1);
    const rev = revisions[0] as K8sObject;
    expect(rev['revision']).toBe(1);
    const hash = rev.metadata.labels?.['controller.kubernetes.io/hash'] ?? '';
    expect(hash).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(rev.metadata.name).toBe(`web-${hash}`);
    expect(sim.status()).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: `web-${hash}`,
      updateRevision: `web-${hash}`,
      collisionCount: 0,
    });
  });

  it('SS-02: pods carry stable identity fields and get them back when recreated', () => {
    const sim = readySet();
    const set = sim.cluster.get('sts', 'web') as K8sObject;
    const revA = String(sim.status()['currentRevision']);
    const before = new Map<string, { uid: string; claimUid: string }>();
    for (let i = 0; i < 3; i++) {
      const name = `web-${i}`;
      const p = sim.pod(name) as PodLike;
      expect(p.metadata.name).toBe(name);
      expect(p.metadata.generateName).toBe('web-');
      expect(p.spec.hostname).toBe(name);
      expect(p.spec.subdomain).toBe('nginx');
      expect(p.metadata.labels).toEqual({
        app: 'nginx',
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': revA,
      });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
      const volume = p.spec.volumes?.find((v) => v.name === 'www') as { persistentVolumeClaim?: { claimName: string; readOnly?: boolean } } | undefined;
      expect(volume?.persistentVolumeClaim?.claimName).toBe(`www-web-${i}`);
      expect(volume?.persistentVolumeClaim?.readOnly ?? false).toBe(false);
      const claim = sim.cluster.get('pvc', `www-web-${i}`) as K8sObject;
      expect(claim.metadata.labels).toEqual({ app: 'nginx' });
      expect(claim.metadata.ownerReferences).toBeUndefined();
      const dns = sim.cluster.resolve(`${name}.nginx`);
      expect(dns.rcode).toBe('NOERROR');
      expect(dns.records.map((r) => [r.name, r.data])).toEqual([[`${name}.nginx.default.svc.cluster.local.`, p.status.podIP]]);
      before.set(name, { uid: p.metadata.uid ?? '', claimUid: claim.metadata.uid ?? '' });
    }

    const m = sim.mark();
    for (const name of podRange(0, 2)) sim.delete('pod', name);
    sim.settle();
    podsAllReady(sim, podRange(0, 2));
    expect(creates(sim.since(m))).toEqual(['Pod web-0', 'Pod web-1', 'Pod web-2']);
    for (const [name, old] of before) {
      const p = sim.pod(name) as PodLike;
      expect(p.metadata.uid).not.toBe(old.uid);
      expect(p.spec.hostname).toBe(name);
      expect(p.spec.subdomain).toBe('nginx');
      expect(claimOf(p)).toBe(`www-${name}`);
      expect(sim.uid('pvc', `www-${name}`)).toBe(old.claimUid);
      const dns = sim.cluster.resolve(`${name}.nginx`);
      expect(dns.records.map((r) => r.data)).toEqual([p.status.podIP]);
    }
  });

  it('SS-03: the §3.1 vector template yields revision test-c77f6d978, and a converged set makes no writes', () => {
    const sim = new Sim();
    sim.apply(vectorSetYaml(2));
    sim.settle();
    podsAllReady(sim, ['test-0', 'test-1']);

    const revisions = sim.cluster.list('controllerrevisions');
    expect(revisions.map((r) => r.metadata.name)).toEqual(['test-c77f6d978']);
    const rev = revisions[0] as K8sObject;
    expect(rev.metadata.labels).toEqual({ app: 'foo', 'controller.kubernetes.io/hash': 'c77f6d978' });
    expect(rev['data']).toEqual(JSON.parse(VECTOR_DATA));
    expect(rev['revision']).toBe(1);
    expect(rev.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.controller])).toEqual([['StatefulSet', 'test', true]]);
    for (const name of ['test-0', 'test-1']) expect(revisionOf(sim.pod(name))).toBe('test-c77f6d978');
    expect(sim.status('test')['currentRevision']).toBe('test-c77f6d978');
    expect(sim.status('test')['updateRevision']).toBe('test-c77f6d978');

    // A metadata-only change of the set triggers a sync: only our own write may appear.
    let m = sim.mark();
    sim.patch('sts', 'test', { metadata: { annotations: { poke: '1' } } });
    sim.settle();
    expect(sim.since(m).map((c) => `${c.type} ${c.kind} ${c.name}`)).toEqual(['MODIFIED StatefulSet test']);

    // So does a change to an owned pod.
    m = sim.mark();
    sim.patch('pod', 'test-0', { metadata: { annotations: { poke: '1' } } });
    sim.settle();
    expect(sim.since(m).map((c) => `${c.type} ${c.kind} ${c.name}`)).toEqual(['MODIFIED Pod test-0']);
  });

  describe('SS-04: spec.ordinals.start', () => {
    const cases = [
      { id: 'a', what: 'ordinals nil', extraSpec: '', replicas: 3, pods: podRange(0, 2) },
      { id: 'b', what: 'ordinals {}', extraSpec: '  ordinals: {}\n', replicas: 3, pods: podRange(0, 2) },
      { id: 'c', what: 'start 4', extraSpec: '  ordinals:\n    start: 4\n', replicas: 4, pods: podRange(4, 7) },
      { id: 'd', what: 'start 2, 7 replicas', extraSpec: '  ordinals:\n    start: 2\n', replicas: 7, pods: podRange(2, 8) },
    ];
    it.each(cases)('($id) $what: created ascending, scaled to 1 highest first', ({ extraSpec, replicas, pods }) => {
      const sim = new Sim();
      sim.apply(`${NGINX_SERVICE}---\n${plainSetYaml({ replicas, extraSpec })}`);
      sim.settle();
      expect(addedPods(sim.since())).toEqual(pods);
      podsAllReady(sim, pods);

      const m = sim.mark();
      sim.scale(1);
      sim.settle();
      const condemned = pods.slice(1).reverse();
      const log = sim.since(m);
      expect(deletionRequests(log)).toEqual(condemned);
      expect(removedPods(log)).toEqual(condemned);
      expectSequentialRemoval(log, condemned);
      podsAllReady(sim, pods.slice(0, 1));
      expect(sim.count('replicas')).toBe(1);
    });
  });

  describe('SS-05: changing ordinals.start', () => {
    const cases = [
      { id: 'a', what: 'start 0 → 2 and replicas 3', extraSpec: '', before: podRange(0, 1), patch: { spec: { ordinals: { start: 2 }, replicas: 3 } }, created: podRange(2, 4), deleted: ['web-1', 'web-0'], kept: [] as string[] },
      { id: 'b', what: 'start 2 → 4', extraSpec: startAt(2), before: podRange(2, 3), patch: { spec: { ordinals: { start: 4 } } }, created: podRange(4, 5), deleted: ['web-3', 'web-2'], kept: [] as string[] },
      { id: 'c', what: 'start 3 → 2', extraSpec: startAt(3), before: podRange(3, 4), patch: { spec: { ordinals: { start: 2 } } }, created: ['web-2'], deleted: ['web-4'], kept: ['web-3'] },
      { id: 'd', what: 'start 3 → ordinals removed', extraSpec: startAt(3), before: podRange(3, 4), patch: { spec: { ordinals: null } }, created: podRange(0, 1), deleted: ['web-4', 'web-3'], kept: [] as string[] },
    ];
    it.each(cases)('($id) $what', ({ extraSpec, before, patch, created, deleted, kept }) => {
      const sim = readySet({ replicas: 2, extraSpec });
      expect(sim.podNames()).toEqual(before);
      const uids = new Map(kept.map((n) => [n, sim.uid('pod', n)]));

      const m = sim.mark();
      sim.patch('sts', 'web', patch);
      sim.settle();
      const log = sim.since(m);
      expect(addedPods(log)).toEqual(created);
      expect(deletionRequests(log)).toEqual(deleted);
      // Scale-up of the new range completes (each Ready before the next: the watcher) before any removal.
      const lastCreate = Math.max(...created.map((n) => addedIndex(log, n)));
      const firstDelete = Math.min(...deletionRequestIndices(log).map((d) => d.index));
      expect(firstDelete).toBeGreaterThan(lastCreate);
      const lastReady = Math.max(...created.map((n) => readyIndex(log, sim.uid('pod', n))));
      expect(firstDelete).toBeGreaterThan(lastReady);
      expectSequentialRemoval(log, deleted);

      const final = sortByOrdinal([...before.filter((n) => !deleted.includes(n)), ...created]);
      podsAllReady(sim, final);
      for (const [name, uid] of uids) expect(sim.uid('pod', name), `${name} untouched`).toBe(uid);
      const spec = sim.cluster.get('sts', 'web')?.['spec'] as { replicas: number };
      expect(sim.count('replicas')).toBe(spec.replicas);
      expect(sim.count('readyReplicas')).toBe(spec.replicas);
    });
  });

  it('SS-06: the partition counts from ordinals.start; deleted pods below it come back at the old revision', () => {
    const extraSpec = '  ordinals:\n    start: 2\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 5\n';
    const sim = readySet({ replicas: 9, extraSpec });
    expect(sim.podNames()).toEqual(podRange(2, 10));
    const revA = String(sim.status()['currentRevision']);
    const oldUids = new Map(podRange(2, 6).map((n) => [n, sim.uid('pod', n)]));

    const m = sim.mark();
    sim.apply(webYaml({ replicas: 9, extraSpec, image: 'nginx:v2' }));
    sim.settle();
    const log = sim.since(m);
    const revB = String(sim.status()['updateRevision']);
    expect(revB).not.toBe(revA);
    const revisions = sim.cluster.list('controllerrevisions').map((r) => [r.metadata.name, r['revision']]);
    expect(revisions.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      [revA, 1],
      [revB, 2],
    ]);
    const updated = podRange(10, 7);
    expect(deletionRequests(log)).toEqual(updated);
    expectOneAtATimeReplacement(log, updated);
    for (const name of updated) {
      expect(revisionOf(sim.pod(name)), name).toBe(revB);
      expect(sim.pod(name)?.spec.containers[0]?.image).toBe('nginx:v2');
    }
    for (const [name, uid] of oldUids) {
      expect(sim.uid('pod', name), `${name} untouched`).toBe(uid);
      expect(revisionOf(sim.pod(name))).toBe(revA);
    }
    expect(sim.status()).toMatchObject({ replicas: 9, readyReplicas: 9, currentReplicas: 5, updatedReplicas: 4, currentRevision: revA, updateRevision: revB });

    const m2 = sim.mark();
    sim.delete('pod', 'web-6');
    sim.settle();
    expect(addedPods(sim.since(m2))).toEqual(['web-6']);
    expect(sim.uid('pod', 'web-6')).not.toBe(oldUids.get('web-6'));
    expect(revisionOf(sim.pod('web-6'))).toBe(revA);
    expect(sim.pod('web-6')?.spec.containers[0]?.image).toBe('nginx:v1');
    podsAllReady(sim, podRange(2, 10));
  });
});

describe('§10 B. Scaling', () => {
  it('SS-07: scale-up halts while a pod is unready, then continues in order', () => {
    const sim = readySet({ replicas: 1 });
    const uid0 = sim.uid('pod', 'web-0');
    sim.readiness(false, 'web-0');
    sim.until('readyReplicas 0', () => sim.count('readyReplicas') === 0);

    const m = sim.mark();
    sim.scale(3);
    sim.settle();
    expect(sim.podNames()).toEqual(['web-0']);
    expect(addedPods(sim.since(m))).toEqual([]);

    sim.readiness(true, 'web-0');
    sim.settle();
    const log = sim.since(m);
    expect(addedPods(sim.since())).toEqual(podRange(0, 2));
    expect(addedIndex(log, 'web-1')).toBeGreaterThan(readyIndex(log, uid0));
    podsAllReady(sim, podRange(0, 2));
    expect(sim.count('readyReplicas')).toBe(3);
  });

  it('SS-08: scale-down halts while pods are unready, then removes them in reverse, one at a time', () => {
    const sim = readySet();
    sim.readiness(false, ...podRange(0, 2));
    sim.until('readyReplicas 0', () => sim.count('readyReplicas') === 0);

    const m = sim.mark();
    sim.scale(0);
    sim.settle();
    expect(sim.podNames()).toEqual(podRange(0, 2));
    expect(deletionRequests(sim.since(m))).toEqual([]);

    sim.readiness(true, ...podRange(0, 2));
    sim.settle();
    const log = sim.since(m);
    expect(deletionRequests(log)).toEqual(podRange(2, 0));
    expect(removedPods(log)).toEqual(podRange(2, 0));
    expectSequentialRemoval(log, podRange(2, 0));
    expect(sim.podNames()).toEqual([]);
    expect(sim.count('replicas')).toBe(0);
    expect(sim.status()['replicas']).toBe(0);
    expect(sim.claimNames()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });

  it('SS-09: scale-down one pod at a time keeps every claim; scaling back up reuses them', () => {
    const sim = readySet({ replicas: 5 });
    const claimUids = new Map(podRange(0, 4).map((n) => [`www-${n}`, sim.uid('pvc', `www-${n}`)]));

    const m = sim.mark();
    sim.scale(3);
    sim.until('web-4 terminating', () => !!sim.pod('web-4')?.metadata.deletionTimestamp);
    expect(sim.pod('web-3')?.metadata.deletionTimestamp).toBeUndefined();
    expect(sim.count('replicas')).toBe(5);
    sim.until('web-4 gone', () => !sim.pod('web-4'));
    sim.settle();
    const log = sim.since(m);
    expect(deletionRequests(log)).toEqual(['web-4', 'web-3']);
    expectSequentialRemoval(log, ['web-4', 'web-3']);
    // While web-4 terminates, every status the controller writes still counts it.
    const web4 = deletionRequestIndices(log).find((d) => d.name === 'web-4');
    const web4Gone = removedIndex(log, 'web-4');
    const whileTerminating = log.slice((web4?.index ?? 0) + 1, web4Gone).filter((c) => c.kind === 'StatefulSet');
    for (const c of whileTerminating) expect((c.object['status'] as { replicas?: number }).replicas).toBe(5);
    podsAllReady(sim, podRange(0, 2));
    expect(sim.claimNames()).toEqual([...claimUids.keys()]);

    const m2 = sim.mark();
    sim.scale(5);
    sim.settle();
    const log2 = sim.since(m2);
    expect(creates(log2)).toEqual(['Pod web-3', 'Pod web-4']);
    expect(eventLines(log2)).toEqual([podCreated('web-3'), podCreated('web-4')]);
    podsAllReady(sim, podRange(0, 4));
    for (const name of ['web-3', 'web-4']) expect(claimOf(sim.pod(name))).toBe(`www-${name}`);
    for (const [claim, uid] of claimUids) expect(sim.uid('pvc', claim), claim).toBe(uid);
  });

  describe('SS-10: only the lowest unhealthy condemned pod may be removed', () => {
    const cases = [
      { id: 'a', what: 'web-2 unready', broken: ['web-2'], restore: [] as string[] },
      { id: 'b', what: 'web-1 and web-2 unready', broken: ['web-1', 'web-2'], restore: ['web-1'] },
      { id: 'c', what: 'web-1 unready', broken: ['web-1'], restore: [] as string[] },
    ];
    it.each(cases)('($id) $what, scale to 1', ({ broken, restore }) => {
      const sim = readySet();
      sim.readiness(false, ...broken);
      sim.until('broken pods unready', () => sim.count('readyReplicas') === 3 - broken.length);

      const m = sim.mark();
      sim.scale(1);
      sim.settle();
      if (restore.length > 0) {
        expect(deletionRequests(sim.since(m)), 'nothing removed while two condemned pods are unready').toEqual([]);
        expect(sim.podNames()).toEqual(podRange(0, 2));
        sim.readiness(true, ...restore);
        sim.settle();
      }
      const log = sim.since(m);
      expect(deletionRequests(log)).toEqual(['web-2', 'web-1']);
      expectSequentialRemoval(log, ['web-2', 'web-1']);
      podsAllReady(sim, ['web-0']);
    });
  });

  it('SS-11: a predecessor failing during scale-down stops it until it is Ready again', () => {
    const sim = readySet();
    const uid0 = sim.uid('pod', 'web-0');
    // Hold web-2 in Terminating so web-0 can be broken before web-2 is gone.
    sim.patch('pod', 'web-2', { metadata: { finalizers: [HOLD_FINALIZER] } });
    const m = sim.mark();
    sim.scale(1);
    sim.until('web-2 terminating', () => !!sim.pod('web-2')?.metadata.deletionTimestamp);
    sim.readiness(false, 'web-0');
    sim.until('web-0 unready', () => !sim.ready('web-0'));
    sim.patch('pod', 'web-2', { metadata: { finalizers: null } });
    sim.until('web-2 gone', () => !sim.pod('web-2'));
    sim.settle();
    expect(sim.podNames()).toEqual(['web-0', 'web-1']);
    expect(sim.pod('web-1')?.metadata.deletionTimestamp).toBeUndefined();

    sim.readiness(true, 'web-0');
    sim.settle();
    const log = sim.since(m);
    expect(deletionRequests(log)).toEqual(['web-2', 'web-1']);
    const web1 = deletionRequestIndices(log).find((d) => d.name === 'web-1')?.index ?? -1;
    expect(web1).toBeGreaterThan(readyAgainIndex(log, 'web-0', uid0));
    expect(sim.uid('pod', 'web-0')).toBe(uid0);
    podsAllReady(sim, ['web-0']);
  });

  describe('SS-12: a predecessor failing during scale-up', () => {
    it('(a) web-0 unready: web-2 is not created until web-0 is Ready again', () => {
      const sim = scaleUpWithWeb1Unready();
      const uid0 = sim.uid('pod', 'web-0');
      const m = sim.mark();
      sim.readiness(false, 'web-0');
      sim.until('web-0 unready', () => !sim.ready('web-0'));
      sim.readiness(true, 'web-1');
      sim.until('web-1 Ready', () => sim.ready('web-1'));
      sim.settle();
      expect(sim.podNames()).toEqual(['web-0', 'web-1']);

      sim.readiness(true, 'web-0');
      sim.settle();
      const log = sim.since(m);
      expect(addedPods(log)).toEqual(['web-2']);
      expect(addedIndex(log, 'web-2')).toBeGreaterThan(readyAgainIndex(log, 'web-0', uid0));
      expect(sim.uid('pod', 'web-0')).toBe(uid0);
      podsAllReady(sim, podRange(0, 2));
    });

    it('(b) web-0 Failed: it is replaced (new UID, same claim) before web-2 is created', () => {
      const sim = scaleUpWithWeb1Unready();
      const uid0 = sim.uid('pod', 'web-0');
      const claimUid = sim.uid('pvc', 'www-web-0');
      const m = sim.mark();
      sim.inject({ type: 'evict', pod: 'web-0' });
      sim.readiness(true, 'web-1');
      sim.settle();
      const log = sim.since(m);
      const newUid = sim.uid('pod', 'web-0');
      expect(newUid).not.toBe(uid0);
      expect(creates(log)).toEqual(['Pod web-0', 'PVC www-web-2', 'Pod web-2']);
      expect(addedIndex(log, 'web-0')).toBeGreaterThan(removedIndex(log, 'web-0', uid0));
      expect(addedIndex(log, 'web-2')).toBeGreaterThan(readyIndex(log, newUid));
      expect(claimOf(sim.pod('web-0'))).toBe('www-web-0');
      expect(sim.uid('pvc', 'www-web-0')).toBe(claimUid);
      podsAllReady(sim, podRange(0, 2));
    });
  });

  it('SS-13: a missing predecessor is recreated even while a successor is unready (no deadlock)', () => {
    const sim = new Sim();
    sim.apply(defaultExample({ replicas: 2 }));
    sim.until('web-1 scheduled', () => !!sim.pod('web-1')?.spec.nodeName);
    sim.readiness(false, 'web-1');
    sim.settle();
    expect(sim.ready('web-0')).toBe(true);
    expect(sim.pod('web-1')?.status.phase).toBe('Running');
    expect(sim.ready('web-1')).toBe(false);
    const uid0 = sim.uid('pod', 'web-0');
    const uid1 = sim.uid('pod', 'web-1');

    const m = sim.mark();
    sim.delete('pod', 'web-0');
    sim.settle();
    expect(sim.uid('pod', 'web-0')).not.toBe(uid0);
    expect(sim.ready('web-0')).toBe(true);
    expect(sim.ready('web-1')).toBe(false);

    sim.readiness(true, 'web-1');
    sim.settle();
    const log = sim.since(m);
    expect(addedPods(log)).toEqual(['web-0']);
    expect(deletionRequests(log)).toEqual(['web-0']);
    expect(sim.uid('pod', 'web-1')).toBe(uid1);
    podsAllReady(sim, ['web-0', 'web-1']);
  });

  it('SS-14: Parallel scales up and down at once, whatever the readiness', () => {
    const sim = readySet({ replicas: 1, policy: 'Parallel' });
    sim.readiness(false, 'web-0');
    sim.until('readyReplicas 0', () => sim.count('readyReplicas') === 0);

    const m = sim.mark();
    sim.scale(3);
    expect(sim.cluster.now()).toBe(m.time);
    expect(sim.podNames()).toEqual(podRange(0, 2));
    expect(sortByOrdinal(addedPods(sim.since(m)))).toEqual(['web-1', 'web-2']);

    sim.readiness(true, 'web-0');
    sim.settle();
    podsAllReady(sim, podRange(0, 2));

    sim.readiness(false, ...podRange(0, 2));
    sim.until('readyReplicas 0', () => sim.count('readyReplicas') === 0);
    const m2 = sim.mark();
    sim.scale(0);
    const requests = deletionRequestIndices(sim.since(m2));
    expect(sortByOrdinal(requests.map((r) => r.name))).toEqual(podRange(0, 2));
    expect(requests.every((r) => r.time === m2.time)).toBe(true);
    sim.settle();
    expect(sim.podNames()).toEqual([]);
    expect(sim.status()['replicas']).toBe(0);
  });

  describe('SS-15: Parallel does all its scaling in one reconcile', () => {
    it('(a) 3 → 30: all 27 creates at once; status.replicas 30 at the same instant', () => {
      const sim = new Sim();
      sim.apply(parallel(3));
      sim.settle();
      const m = sim.mark();
      sim.scale(30);
      expect(sim.cluster.now()).toBe(m.time);
      expect(sortByOrdinal(addedPods(sim.since(m)))).toEqual(podRange(3, 29));
      expect(sim.podNames()).toEqual(podRange(0, 29));
      expect(sim.count('replicas')).toBe(30);
      sim.settle();
      podsAllReady(sim, podRange(0, 29));
    });

    it('(b) 10 → 1: all 9 deletes at once', () => {
      const sim = new Sim();
      sim.apply(parallel(10));
      sim.settle();
      const m = sim.mark();
      sim.scale(1);
      const log = sim.since(m);
      const requests = deletionRequestIndices(log);
      expect(sortByOrdinal(requests.map((r) => r.name))).toEqual(podRange(1, 9));
      expect(requests.every((r) => r.time === m.time)).toBe(true);
      expect(sortByOrdinal(eventLines(log).map((l) => l.replace(/^SuccessfulDelete: delete Pod (\S+) .*$/, '$1')))).toEqual(podRange(1, 9));
      expect(eventLines(log).every((l) => /^SuccessfulDelete: delete Pod web-\d+ in StatefulSet web successful$/.test(l))).toBe(true);
      sim.settle();
      podsAllReady(sim, ['web-0']);
    });

    it('(c) a rejected create aborts the later batches; the retry creates the rest', () => {
      const sim = new Sim();
      sim.apply(parallel(1));
      sim.settle();
      sim.inject({ type: 'reject', verb: 'create', kind: 'Pod', name: 'web-4' });
      const m = sim.mark();
      sim.scale(10);
      sim.settle();
      // Batches over the slots: [0] [1 2] [3 4 5 6] [7 8 9]; web-4 fails in the third, so the first
      // sync creates web-1, web-2, web-3, web-5, web-6 and errors; the retry creates web-4 then 7–9.
      const log = sim.since(m);
      const pods = addedPods(log);
      const retry = pods.indexOf('web-4');
      expect(sortByOrdinal(pods.slice(0, retry))).toEqual(['web-1', 'web-2', 'web-3', 'web-5', 'web-6']);
      expect(pods.slice(retry, retry + 1)).toEqual(['web-4']);
      expect(sortByOrdinal(pods.slice(retry + 1))).toEqual(['web-7', 'web-8', 'web-9']);
      const events = eventLines(log);
      const failed = events.filter((l) => l.startsWith('FailedCreate'));
      expect(failed).toHaveLength(1);
      expect(failed[0]?.startsWith(podCreateFailedPrefix('web-4'))).toBe(true);
      const failedAt = events.indexOf(failed[0] ?? '');
      const createdBefore = events.slice(0, failedAt).concat(events.slice(failedAt + 1, events.indexOf(podCreated('web-4'))));
      expect(createdBefore.sort()).toEqual(['web-1', 'web-2', 'web-3', 'web-5', 'web-6'].map((n) => podCreated(n)).sort());
      expect(events.indexOf(podCreated('web-4'))).toBeGreaterThan(failedAt);
      const failedWrite = log.findIndex((c) => c.kind === 'Event' && (c.object['reason'] as string) === 'FailedCreate');
      expect(addedIndex(log, 'web-4')).toBeGreaterThan(failedWrite);
      podsAllReady(sim, podRange(0, 9));
    });
  });

  it('SS-16: a terminating pod blocks OrderedReady scale-up until it is replaced and Ready', () => {
    const sim = readySet();
    const uid0 = sim.uid('pod', 'web-0');
    sim.patch('pod', 'web-0', { metadata: { finalizers: [HOLD_FINALIZER] } });
    sim.delete('pod', 'web-0');
    const m = sim.mark();
    sim.scale(5);
    sim.settle();
    expect(addedPods(sim.since(m))).toEqual([]);
    expect(sim.podNames()).toEqual(podRange(0, 2));
    expect(sim.uid('pod', 'web-0')).toBe(uid0);
    expect(sim.pod('web-0')?.metadata.deletionTimestamp).toBeDefined();

    sim.patch('pod', 'web-0', { metadata: { finalizers: null } });
    sim.settle();
    const log = sim.since(m);
    expect(addedPods(log)).toEqual(['web-0', 'web-3', 'web-4']);
    const newUid0 = sim.uid('pod', 'web-0');
    expect(newUid0).not.toBe(uid0);
    expect(addedIndex(log, 'web-3')).toBeGreaterThan(readyIndex(log, newUid0));
    podsAllReady(sim, podRange(0, 4));
  });
});

describe('§10 C. Failures and recreation', () => {
  describe('SS-17: Failed or Succeeded pods are replaced', () => {
    const cases = [
      { fault: 'evict' as const, phase: 'Failed' },
      { fault: 'complete' as const, phase: 'Succeeded' },
    ];
    it.each(cases)('$phase ($fault): delete, wait until gone, create — every time', ({ fault, phase }) => {
      const sim = readySet({ replicas: 1 });
      const claimUid = sim.uid('pvc', 'www-web-0');
      for (let cycle = 1; cycle <= 2; cycle++) {
        const uid = sim.uid('pod', 'web-0');
        const m = sim.mark();
        sim.inject({ type: fault, pod: 'web-0' });
        sim.settle();
        const log = sim.since(m);
        expect(log.some((c) => c.kind === 'Pod' && c.object.metadata.uid === uid && (c.object as PodLike).status.phase === phase), `old web-0 reached ${phase}`).toBe(true);
        expect(deletionRequests(log)).toEqual(['web-0']);
        const gone = removedIndex(log, 'web-0', uid);
        expect(gone).toBeGreaterThanOrEqual(0);
        expect(addedIndex(log, 'web-0'), 'no create while the old object exists').toBeGreaterThan(gone);
        expect(eventLines(log)).toEqual([podDeleted('web-0'), podCreated('web-0')]);
        expect(creates(log)).toEqual(['Pod web-0']);
        expect(sim.uid('pod', 'web-0')).not.toBe(uid);
        expect(claimOf(sim.pod('web-0'))).toBe('www-web-0');
        expect(sim.uid('pvc', 'www-web-0')).toBe(claimUid);
        podsAllReady(sim, ['web-0']);
      }
      expect(sim.setEvents().filter((e) => e.reason.startsWith('Recreating'))).toEqual([]);
      expect(sim.setEvents().find((e) => e.reason === 'SuccessfulDelete')?.count).toBe(2);
    });
  });

  describe('SS-18: a failed delete of a Failed pod is retried', () => {
    const cases = [
      { policy: 'OrderedReady' as const, creates: 2 },
      { policy: 'Parallel' as const, creates: 4 },
    ];
    it.each(cases)('$policy: FailedDelete, then delete, then create ($creates pod creates in all)', ({ policy, creates: total }) => {
      const sim = new Sim();
      sim.apply(defaultExample({ policy }));
      if (policy === 'OrderedReady') {
        // Only web-0 exists: it never becomes Ready.
        sim.until('web-0 scheduled', () => !!sim.pod('web-0')?.spec.nodeName);
        sim.readiness(false, 'web-0');
      }
      sim.settle();
      expect(sim.podNames()).toEqual(policy === 'OrderedReady' ? ['web-0'] : podRange(0, 2));
      const uid0 = sim.uid('pod', 'web-0');

      sim.inject({ type: 'reject', verb: 'delete', kind: 'Pod', name: 'web-0' });
      const m = sim.mark();
      sim.inject({ type: 'evict', pod: 'web-0' });
      sim.until('web-0 recreated', () => !!sim.pod('web-0') && sim.uid('pod', 'web-0') !== uid0);
      const events = eventLines(sim.since(m));
      expect(events).toHaveLength(3);
      expect(events[0]?.startsWith(podDeleteFailedPrefix('web-0'))).toBe(true);
      expect(events.slice(1)).toEqual([podDeleted('web-0'), podCreated('web-0')]);
      expect(sim.setEvents().find((e) => e.reason === 'FailedDelete')?.type).toBe('Warning');
      expect(addedPods(sim.since())).toHaveLength(total);

      sim.settle();
      podsAllReady(sim, podRange(0, 2));
    });
  });

  it('SS-19: Parallel replaces Failed and Succeeded pods while a terminating one keeps its identity', () => {
    const sim = readySet({ policy: 'Parallel' });
    const uids = new Map(podRange(0, 2).map((n) => [n, sim.uid('pod', n)]));
    sim.patch('pod', 'web-0', { metadata: { finalizers: [HOLD_FINALIZER] } });
    const m = sim.mark();
    sim.delete('pod', 'web-0');
    sim.inject({ type: 'evict', pod: 'web-1' });
    sim.inject({ type: 'complete', pod: 'web-2' });
    sim.settle();
    expect(sim.podNames()).toEqual(podRange(0, 2));
    expect(sim.uid('pod', 'web-0')).toBe(uids.get('web-0'));
    expect(sim.pod('web-0')?.metadata.deletionTimestamp).toBeDefined();
    for (const name of ['web-1', 'web-2']) {
      expect(sim.uid('pod', name)).not.toBe(uids.get(name));
      expect(sim.ready(name), `${name} replaced and Ready`).toBe(true);
      expect(sim.pod(name)?.metadata.deletionTimestamp).toBeUndefined();
    }
    expect(sortByOrdinal(addedPods(sim.since(m)))).toEqual(['web-1', 'web-2']);

    sim.patch('pod', 'web-0', { metadata: { finalizers: null } });
    sim.settle();
    expect(sortByOrdinal(addedPods(sim.since(m)))).toEqual(podRange(0, 2));
    expect(sim.uid('pod', 'web-0')).not.toBe(uids.get('web-0'));
    podsAllReady(sim, podRange(0, 2));
  });

  it('SS-20: rejected pod creates leave status at the pods that exist and are retried with back-off', () => {
    const sim = new Sim();
    sim.inject({ type: 'reject', verb: 'create', kind: 'Pod', name: 'web-2', times: 1000 });
    sim.inject({ type: 'reject', verb: 'create', kind: 'Pod', name: 'web-3', times: 1000 });
    sim.apply(`${NGINX_SERVICE}---\n${plainSetYaml({ replicas: 4, policy: 'Parallel' })}`);
    sim.until('web-0 and web-1 Ready', () => sim.ready('web-0') && sim.ready('web-1'));
    sim.advance(1000);
    expect(sim.podNames()).toEqual(['web-0', 'web-1']);
    expect(sim.count('replicas')).toBe(2);

    const failed = () => sim.setEvents().filter((e) => e.reason === 'FailedCreate');
    const first = failed();
    expect(first.map((e) => e.involvedObject.name)).toEqual(['web']);
    const event = first[0];
    expect(event?.type).toBe('Warning');
    expect(`${event?.reason ?? ''}: ${event?.message ?? ''}`.startsWith(podCreateFailedPrefix('web-2'))).toBe(true);
    const early = event?.count ?? 0;
    expect(early).toBeGreaterThanOrEqual(2);

    sim.advance(60_000);
    const late = failed()[0]?.count ?? 0;
    // Exponential back-off (5 ms doubling): a handful more attempts in a minute, not one per tick.
    expect(late).toBeGreaterThan(early);
    expect(late - early).toBeLessThan(20);
    expect(sim.setEvents().some((e) => e.message.includes('web-3'))).toBe(false);
    expect(sim.podNames()).toEqual(['web-0', 'web-1']);
    expect(sim.count('replicas')).toBe(2);
    expect(sim.count('readyReplicas')).toBe(2);
  });

  it('SS-21: a set being deleted creates nothing and adopts nothing', () => {
    const sim = new Sim();
    sim.apply(defaultExample({ replicas: 0 }));
    sim.settle();
    sim.patch('sts', 'web', { metadata: { finalizers: [HOLD_FINALIZER] } });
    sim.delete('sts', 'web');
    expect(sim.cluster.get('sts', 'web')?.metadata.deletionTimestamp).toBeDefined();

    const m = sim.mark();
    sim.apply(`apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels:
    app: nginx
spec:
  containers:
  - name: nginx
    image: nginx:v1
---
apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: web-orphan
  labels:
    app: nginx
data:
  spec:
    template:
      $patch: replace
      metadata:
        labels:
          app: nginx
      spec:
        containers:
        - name: nginx
          image: nginx:v0
revision: 7
`);
    sim.scale(2);
    const spec = sim.cluster.get('sts', 'web')?.['spec'];
    const generation = sim.cluster.get('sts', 'web')?.metadata.generation;
    sim.settle();

    const log = sim.since(m);
    expect(addedPods(log)).toEqual(['web-0']);
    expect(sim.podNames()).toEqual(['web-0']);
    expect(sim.pod('web-0')?.metadata.ownerReferences).toBeUndefined();
    expect(sim.cluster.get('controllerrevisions', 'web-orphan')?.metadata.ownerReferences).toBeUndefined();
    expect(log.filter((c) => c.kind === 'ControllerRevision').map((c) => `${c.type} ${c.name}`)).toEqual(['ADDED web-orphan']);
    expect(eventLines(log)).toEqual([]);
    const setWrites = log.filter((c) => c.kind === 'StatefulSet');
    const scaleWrite = setWrites.findIndex((c) => c.object.metadata.generation === generation);
    expect(scaleWrite).toBeGreaterThanOrEqual(0);
    for (const c of setWrites.slice(scaleWrite)) {
      expect(c.type).toBe('MODIFIED');
      expect(c.object['spec'], 'only status may be written').toEqual(spec);
      expect(c.object.metadata.generation).toBe(generation);
    }
    expect(sim.count('replicas')).toBe(0);

    sim.patch('sts', 'web', { metadata: { finalizers: null } });
    sim.settle();
    expect(sim.cluster.get('sts', 'web')).toBeUndefined();
    expect(sim.pod('web-0')?.metadata.ownerReferences).toBeUndefined();
    expect(sim.cluster.get('controllerrevisions', 'web-orphan')).toBeDefined();
  });
});
