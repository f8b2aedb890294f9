/**
 * statefulset.md §10 groups D (updates), E (claims) and F (ownership, validation), black-box through
 * the public engine API. Expected orders are orders of API writes as a watch (changes()) shows them.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import { defaultExample, webYaml } from './fixtures.ts';
import { advanceUntil, isReady, pod, podNames, revisionOf } from './harness.ts';
import {
  allReady,
  claimNames,
  GATE_ON,
  imageOf,
  lineOf,
  mark,
  objectAt,
  ownerRefs,
  patchImage,
  podLifecycle,
  podLifecycleTimed,
  podRevisions,
  readyIn,
  revisions,
  setupWeb,
  status,
  stsEvents,
  stsSettled,
  uidOf,
  volumeNameOf,
} from './scenario-helpers-b.ts';

const PARTITION = (n: number) => `  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: ${n}\n`;

/** Waits (virtual time) until `done` holds, failing the test with `what` if it never does. */
function waitFor(c: Cluster, what: string, done: () => boolean, maxMs = 600_000, stepMs = 250): void {
  expect(advanceUntil(c, done, maxMs, stepMs), `timed out waiting for: ${what}`).toBe(true);
}

function settled(c: Cluster, replicas: number): () => boolean {
  return () => allReady(c, replicas) && stsSettled(c);
}

/** Waits until pod `name` exists with a uid other than `oldUid` and is scheduled. */
function waitForNewScheduled(c: Cluster, name: string, oldUid: string): void {
  waitFor(c, `new ${name} scheduled`, () => {
    const p = pod(c, name);
    return !!p && p.metadata.uid !== oldUid && !!p.spec.nodeName && !p.metadata.deletionTimestamp;
  }, 120_000, 50);
}

/** Image → v2, web-2 recreated at B with a readiness probe that never passes; returns [revA, revB]. */
function breakRollout(c: Cluster): [string, string] {
  const revA = String(status(c)['currentRevision']);
  const old2 = uidOf(c, 'pod', 'web-2');
  patchImage(c, 'nginx:v2');
  const revB = String(status(c)['updateRevision']);
  waitForNewScheduled(c, 'web-2', old2);
  expect(revisionOf(pod(c, 'web-2'))).toBe(revB);
  expect(c.inject({ type: 'readiness', pod: 'web-2', ready: false }).ok).toBe(true);
  c.advance(120_000);
  // Stuck: the broken web-2 runs unready at B, web-0 and web-1 untouched at A.
  expect(isReady(pod(c, 'web-2'))).toBe(false);
  expect(pod(c, 'web-2')?.status.phase).toBe('Running');
  expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revA, 'web-2': revB });
  return [revA, revB];
}

const claimEvents = (c: Cluster, since: number) => stsEvents(c, since).filter((e) => e.includes('Claim'));

const standalone = (name: string, app: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    app: ${app}\nspec:\n  containers:\n  - name: nginx\n    image: nginx:v1\n`;

const INVALID = (name: string, detail: string) => `The StatefulSet "${name}" is invalid: ${detail}`;
const withSpec = (extra: string) => webYaml({ replicas: 1, extraSpec: extra });
const starts = (prefix: string) => (l: string) => l.trimStart().startsWith(prefix);

// ---------------------------------------------------------------------------------------------
describe('D. Updates', () => {
  it('SS-22 rolling update: new revision, reverse ordinal order, one pod at a time, claims untouched', () => {
    const c = createCluster();
    setupWeb(c);
    const revA = String(status(c)['currentRevision']);
    const claimUids = claimNames(c).map((n) => uidOf(c, 'pvc', n));
    const since = mark(c);

    expect(patchImage(c, 'nginx:v2').ok).toBe(true);
    const revB = String(status(c)['updateRevision']);
    expect(revB).not.toBe(revA);
    expect(status(c)['currentRevision']).toBe(revA);
    expect(revisions(c)).toEqual([
      { name: revA, revision: 1, image: 'nginx:v1' },
      { name: revB, revision: 2, image: 'nginx:v2' },
    ]);

    waitFor(c, 'rollout to B', settled(c, 3));
    c.settle();
    const labels = { [revA]: 'A', [revB]: 'B' };
    expect(podLifecycle(c, since, labels)).toEqual([
      'delete web-2',
      'gone web-2',
      'create web-2@B',
      'delete web-1',
      'gone web-1',
      'create web-1@B',
      'delete web-0',
      'gone web-0',
      'create web-0@B',
    ]);

    // Each lower pod is only deleted once the pod above it runs Ready at B.
    const changes = c.changes(since);
    for (const [lower, upper] of [
      ['web-1', 'web-2'],
      ['web-0', 'web-1'],
    ] as const) {
      const i = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === lower && !!ch.object.metadata.deletionTimestamp);
      expect(i).toBeGreaterThan(0);
      const above = objectAt(changes, i, 'Pod', upper);
      expect(revisionOf(above)).toBe(revB);
      expect(readyIn(above)).toBe(true);
    }
    // Mid-way: while the new web-2 runs at B and before web-1 goes, current 2 / updated 1.
    const firstWeb1Delete = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === 'web-1' && !!ch.object.metadata.deletionTimestamp);
    const midStatus = objectAt(changes, firstWeb1Delete, 'StatefulSet', 'web')?.['status'] as Record<string, unknown>;
    expect(midStatus['currentReplicas']).toBe(2);
    expect(midStatus['updatedReplicas']).toBe(1);

    const end = status(c);
    expect(end['currentRevision']).toBe(revB);
    expect(end['updateRevision']).toBe(revB);
    expect(end['currentReplicas']).toBe(3);
    expect(end['updatedReplicas']).toBe(3);
    expect(revisions(c).map((r) => r.name)).toEqual([revA, revB]);
    expect(claimNames(c).map((n) => uidOf(c, 'pvc', n))).toEqual(claimUids);
    expect(c.changes(since).filter((ch) => ch.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  it('SS-22 rollback: putting the old template back renumbers revision A (max+1, same name) and rolls pods back in reverse order', () => {
    const c = createCluster();
    setupWeb(c);
    const revA = String(status(c)['currentRevision']);
    patchImage(c, 'nginx:v2');
    const revB = String(status(c)['updateRevision']);
    waitFor(c, 'rollout to B', settled(c, 3));
    c.settle();
    const since = mark(c);

    expect(patchImage(c, 'nginx:v1').ok).toBe(true);
    expect(revisions(c)).toEqual([
      { name: revB, revision: 2, image: 'nginx:v2' },
      { name: revA, revision: 3, image: 'nginx:v1' },
    ]);
    expect(status(c)['updateRevision']).toBe(revA);
    expect(status(c)['currentRevision']).toBe(revB);
    expect(c.changes(since).filter((ch) => ch.kind === 'ControllerRevision' && ch.type === 'ADDED')).toEqual([]);

    waitFor(c, 'rollback to A', settled(c, 3));
    c.settle();
    expect(podLifecycle(c, since, { [revA]: 'A', [revB]: 'B' })).toEqual([
      'delete web-2',
      'gone web-2',
      'create web-2@A',
      'delete web-1',
      'gone web-1',
      'create web-1@A',
      'delete web-0',
      'gone web-0',
      'create web-0@A',
    ]);
    expect(status(c)['currentRevision']).toBe(revA);
    expect(revisions(c).map((r) => r.name).sort()).toEqual([revA, revB].sort());
  });

  describe('SS-24 update plus scale-up in one edit: new ordinals first, then reverse replacement', () => {
    it.each(['OrderedReady', 'Parallel'] as const)('%s', (policy) => {
      const c = createCluster();
      setupWeb(c, { policy });
      const revA = String(status(c)['currentRevision']);
      const since = mark(c);
      const r = c.apply(defaultExample({ policy, replicas: 5, image: 'nginx:v2' }));
      expect(r.ok).toBe(true);
      const revB = String(status(c)['updateRevision']);
      expect(revB).not.toBe(revA);
      waitFor(c, 'five pods at B', settled(c, 5));
      c.settle();
      expect(podLifecycle(c, since, { [revA]: 'A', [revB]: 'B' })).toEqual([
        'create web-3@B',
        'create web-4@B',
        'delete web-2',
        'gone web-2',
        'create web-2@B',
        'delete web-1',
        'gone web-1',
        'create web-1@B',
        'delete web-0',
        'gone web-0',
        'create web-0@B',
      ]);
      const timed = podLifecycleTimed(c, since, { [revA]: 'A', [revB]: 'B' });
      const t3 = timed.find(([, l]) => l === 'create web-3@B')?.[0];
      const t4 = timed.find(([, l]) => l === 'create web-4@B')?.[0];
      if (policy === 'Parallel') expect(t4).toBe(t3);
      else {
        // OrderedReady: web-4 only after web-3 is Ready.
        const changes = c.changes(since);
        const i = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === 'web-4' && ch.type === 'ADDED');
        expect(readyIn(objectAt(changes, i, 'Pod', 'web-3'))).toBe(true);
      }
      expect(Object.values(podRevisions(c))).toEqual([revB, revB, revB, revB, revB]);
      expect(status(c)['currentRevision']).toBe(revB);
    });
  });

  it('SS-26 canary and phased rollout with partition', () => {
    const c = createCluster();
    setupWeb(c, { extraSpec: PARTITION(3) });
    const revA = String(status(c)['currentRevision']);
    const uids = Object.fromEntries(podNames(c).map((n) => [n, uidOf(c, 'pod', n)]));

    // (1) image → v2: a new update revision, no pod touched.
    let since = mark(c);
    patchImage(c, 'nginx:v2');
    c.settle();
    c.advance(60_000);
    const revB = String(status(c)['updateRevision']);
    expect(revB).not.toBe(revA);
    expect(status(c)['currentRevision']).toBe(revA);
    expect(podLifecycle(c, since)).toEqual([]);
    expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revA, 'web-2': revA });

    // (2) partition 2: only web-2 moves to B.
    since = mark(c);
    expect(c.patch('sts', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 2 } } } }).ok).toBe(true);
    waitFor(c, 'web-2 at B and Ready', () => revisionOf(pod(c, 'web-2')) === revB && isReady(pod(c, 'web-2')));
    c.settle();
    const labels = { [revA]: 'A', [revB]: 'B' };
    expect(podLifecycle(c, since, labels)).toEqual(['delete web-2', 'gone web-2', 'create web-2@B']);
    expect(uidOf(c, 'pod', 'web-0')).toBe(uids['web-0']);
    expect(uidOf(c, 'pod', 'web-1')).toBe(uids['web-1']);
    expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revA, 'web-2': revB });

    // (3) deleting web-0 and web-2: each returns at the revision of its side of the partition.
    const old0 = uidOf(c, 'pod', 'web-0');
    const old2 = uidOf(c, 'pod', 'web-2');
    c.delete('pod', 'web-0');
    c.delete('pod', 'web-2');
    waitFor(c, 'web-0 and web-2 recreated and Ready', () => {
      const p0 = pod(c, 'web-0');
      const p2 = pod(c, 'web-2');
      return p0?.metadata.uid !== old0 && p2?.metadata.uid !== old2 && allReady(c, 3);
    });
    c.settle();
    expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revA, 'web-2': revB });
    expect(imageOf(pod(c, 'web-0'))).toBe('nginx:v1');
    expect(imageOf(pod(c, 'web-2'))).toBe('nginx:v2');

    // (4) partition 1: web-1 → B.
    c.patch('sts', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 1 } } } });
    waitFor(c, 'web-1 at B', () => revisionOf(pod(c, 'web-1')) === revB && allReady(c, 3));
    c.settle();
    expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revB, 'web-2': revB });
    expect(status(c)['currentRevision']).toBe(revA);

    // (5) partition 0: web-0 → B and the current revision is promoted.
    c.patch('sts', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    waitFor(c, 'all at B', () => Object.values(podRevisions(c)).every((r) => r === revB) && allReady(c, 3));
    c.settle();
    expect(status(c)['currentRevision']).toBe(revB);
    expect(status(c)['updateRevision']).toBe(revB);
  });

  it('SS-28 a pod below the partition that is deleted comes back at the old revision', () => {
    const c = createCluster();
    setupWeb(c, { extraSpec: PARTITION(1) });
    const revA = String(status(c)['currentRevision']);
    expect(c.patch('pod', 'web-0', { metadata: { finalizers: ['example.com/hold'] } }).ok).toBe(true);
    patchImage(c, 'nginx:v2');
    const revB = String(status(c)['updateRevision']);
    waitFor(c, 'updated 2, replicas 3, ready 3', () => {
      const s = status(c);
      return s['updatedReplicas'] === 2 && s['replicas'] === 3 && s['readyReplicas'] === 3;
    });
    expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revB, 'web-2': revB });

    const old0 = uidOf(c, 'pod', 'web-0');
    expect(c.delete('pod', 'web-0').ok).toBe(true);
    expect(pod(c, 'web-0')?.metadata.deletionTimestamp).toBeDefined();
    waitFor(c, 'readyReplicas 2', () => status(c)['readyReplicas'] === 2);
    expect(uidOf(c, 'pod', 'web-0')).toBe(old0); // held by the finalizer
    expect(c.patch('pod', 'web-0', { metadata: { finalizers: null } }, { type: 'merge' }).ok).toBe(true);

    waitFor(c, 'web-0 recreated and all Ready', () => uidOf(c, 'pod', 'web-0') !== old0 && allReady(c, 3) && status(c)['readyReplicas'] === 3);
    c.settle();
    expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revB, 'web-2': revB });
    expect(imageOf(pod(c, 'web-0'))).toBe('nginx:v1');
    expect(status(c)['readyReplicas']).toBe(3);
    expect(status(c)['currentRevision']).toBe(revA);
    expect(status(c)['updateRevision']).toBe(revB);
  });

  it('SS-30 revision renumbering: an older equal revision becomes the update revision with .revision max+1', () => {
    const c = createCluster();
    setupWeb(c, { extraSpec: PARTITION(3) });
    const rev0 = String(status(c)['currentRevision']);
    patchImage(c, 'nginx:foo');
    c.settle();
    const rev1 = String(status(c)['updateRevision']);
    c.patch('sts', 'web', { spec: { template: { metadata: { labels: { tier: 'web' } } } } });
    c.settle();
    const rev2 = String(status(c)['updateRevision']);
    expect(revisions(c).map((r) => [r.name, r.revision])).toEqual([
      [rev0, 1],
      [rev1, 2],
      [rev2, 3],
    ]);
    expect(new Set([rev0, rev1, rev2]).size).toBe(3);
    expect(status(c)['currentRevision']).toBe(rev0);

    // Template set back to rev1's: no new revision, rev1 renumbered to 4 under its own name.
    let since = mark(c);
    expect(c.patch('sts', 'web', { spec: { template: { metadata: { labels: { tier: null } } } } }, { type: 'merge' }).ok).toBe(true);
    c.settle();
    expect(revisions(c).map((r) => [r.name, r.revision])).toEqual([
      [rev0, 1],
      [rev2, 3],
      [rev1, 4],
    ]);
    expect(status(c)['updateRevision']).toBe(rev1);
    expect(status(c)['currentRevision']).toBe(rev0);
    expect(c.changes(since).filter((ch) => ch.kind === 'ControllerRevision' && ch.type !== 'MODIFIED')).toEqual([]);

    // Same template as the newest revision: a sync changes no revision.
    since = mark(c);
    expect(c.patch('sts', 'web', { spec: { minReadySeconds: 1 } }).ok).toBe(true);
    c.settle();
    expect(c.changes(since).filter((ch) => ch.kind === 'ControllerRevision')).toEqual([]);

    // A new template: a new revision numbered max+1.
    patchImage(c, 'nginx:bar');
    c.settle();
    const rev3 = String(status(c)['updateRevision']);
    expect(revisions(c).map((r) => [r.name, r.revision])).toEqual([
      [rev0, 1],
      [rev2, 3],
      [rev1, 4],
      [rev3, 5],
    ]);
    expect(podLifecycle(c, 0).filter((l) => !l.startsWith('create web-'))).toEqual([]); // partition 3: no pod ever replaced
  });

  describe('SS-33 OnDelete', () => {
    const ON_DELETE = '  updateStrategy:\n    type: OnDelete\n';

    it('pods change revision only when deleted; the current revision is never promoted', () => {
      const c = createCluster();
      setupWeb(c, { extraSpec: ON_DELETE });
      const revA = String(status(c)['currentRevision']);

      // (1) delete all pods: recreated at A.
      let olds = podNames(c).map((n) => uidOf(c, 'pod', n));
      for (const n of ['web-0', 'web-1', 'web-2']) c.delete('pod', n);
      waitFor(c, 'all recreated', () => allReady(c, 3) && podNames(c).every((n, i) => uidOf(c, 'pod', n) !== olds[i]));
      c.settle();
      expect(Object.values(podRevisions(c))).toEqual([revA, revA, revA]);

      // (2) image → v2: new update revision, no pod changes even after waiting.
      const since = mark(c);
      patchImage(c, 'nginx:v2');
      c.settle();
      c.advance(300_000);
      const revB = String(status(c)['updateRevision']);
      expect(revB).not.toBe(revA);
      expect(status(c)['currentRevision']).toBe(revA);
      expect(podLifecycle(c, since)).toEqual([]);

      // (3) delete each pod: it returns at B.
      olds = podNames(c).map((n) => uidOf(c, 'pod', n));
      for (const n of ['web-0', 'web-1', 'web-2']) c.delete('pod', n);
      waitFor(c, 'all recreated at B', () => allReady(c, 3) && podNames(c).every((n, i) => uidOf(c, 'pod', n) !== olds[i]));
      c.settle();
      expect(Object.values(podRevisions(c))).toEqual([revB, revB, revB]);
      const s = status(c);
      expect(s['updatedReplicas']).toBe(3);
      expect(s['currentReplicas'] ?? 0).toBe(0);
      expect(s['currentRevision']).toBe(revA);
      expect(s['updateRevision']).toBe(revB);
    });

    it('scaling 3 → 5 together with the image change creates web-3, web-4 at B; web-0..2 stay A', () => {
      const c = createCluster();
      setupWeb(c, { extraSpec: ON_DELETE });
      const revA = String(status(c)['currentRevision']);
      const uids = podNames(c).map((n) => uidOf(c, 'pod', n));
      expect(c.apply(defaultExample({ extraSpec: ON_DELETE, replicas: 5, image: 'nginx:v2' })).ok).toBe(true);
      const revB = String(status(c)['updateRevision']);
      waitFor(c, 'five Ready', () => allReady(c, 5));
      c.settle();
      c.advance(120_000);
      expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revA, 'web-2': revA, 'web-3': revB, 'web-4': revB });
      expect(['web-0', 'web-1', 'web-2'].map((n) => uidOf(c, 'pod', n))).toEqual(uids);
    });
  });

  describe('SS-35 stuck rollout under Parallel (SS-34 setup: a template whose pod never becomes Ready, then reverted)', () => {
    it('(a) gate off: after the revert the controller replaces the broken web-2 at A by itself', () => {
      const c = createCluster();
      setupWeb(c, { policy: 'Parallel' });
      const uids = ['web-0', 'web-1'].map((n) => uidOf(c, 'pod', n));
      const [revA, revB] = breakRollout(c);
      const since = mark(c);
      patchImage(c, 'nginx:v1');
      expect(status(c)['updateRevision']).toBe(revA);
      expect(revisions(c).find((r) => r.name === revA)?.revision).toBe(3);
      waitFor(c, 'healed at A', () => allReady(c, 3) && Object.values(podRevisions(c)).every((r) => r === revA));
      c.settle();
      expect(podLifecycle(c, since, { [revA]: 'A', [revB]: 'B' })).toEqual(['delete web-2', 'gone web-2', 'create web-2@A']);
      expect(['web-0', 'web-1'].map((n) => uidOf(c, 'pod', n))).toEqual(uids);
      expect(status(c)['currentRevision']).toBe(revA);
      expect(status(c)['updateRevision']).toBe(revA);
    });

    it('(b) gate off: an unready pod at A does not stop the Parallel rollout; it is replaced in turn', () => {
      const c = createCluster();
      setupWeb(c, { policy: 'Parallel' });
      const revA = String(status(c)['currentRevision']);
      c.inject({ type: 'readiness', pod: 'web-0', ready: false });
      waitFor(c, 'web-0 unready', () => !isReady(pod(c, 'web-0')));
      const since = mark(c);
      patchImage(c, 'nginx:v2');
      const revB = String(status(c)['updateRevision']);
      waitFor(c, 'all at B and Ready', () => allReady(c, 3) && Object.values(podRevisions(c)).every((r) => r === revB));
      c.settle();
      expect(podLifecycle(c, since, { [revA]: 'A', [revB]: 'B' })).toEqual([
        'delete web-2',
        'gone web-2',
        'create web-2@B',
        'delete web-1',
        'gone web-1',
        'create web-1@B',
        'delete web-0',
        'gone web-0',
        'create web-0@B',
      ]);
    });

    it('(c) gate on (v1.35/v1.36 logic, maxUnavailable 1): the broken old pod uses the budget, the revert stays stuck', () => {
      const c = createCluster(GATE_ON);
      setupWeb(c, { policy: 'Parallel' });
      const uids = ['web-0', 'web-1'].map((n) => uidOf(c, 'pod', n));
      const [revA, revB] = breakRollout(c);
      const broken = uidOf(c, 'pod', 'web-2');
      const since = mark(c);
      patchImage(c, 'nginx:v1');
      expect(status(c)['updateRevision']).toBe(revA);
      c.advance(300_000);
      expect(podLifecycle(c, since)).toEqual([]);
      expect(uidOf(c, 'pod', 'web-2')).toBe(broken);
      expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revA, 'web-2': revB });
      expect(['web-0', 'web-1'].map((n) => uidOf(c, 'pod', n))).toEqual(uids);
    });
  });

  it('SS-37 maxUnavailable 2, OrderedReady: two top pods deleted in one sync, recreated one at a time', () => {
    const c = createCluster(GATE_ON);
    const extraSpec = '  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 3\n      maxUnavailable: 2\n';
    setupWeb(c, { replicas: 6, extraSpec });
    const revA = String(status(c)['currentRevision']);
    const low = ['web-0', 'web-1', 'web-2'].map((n) => uidOf(c, 'pod', n));
    const since = mark(c);
    patchImage(c, 'nginx:v2');
    const revB = String(status(c)['updateRevision']);
    waitFor(c, 'web-3..5 at B', () => allReady(c, 6) && ['web-3', 'web-4', 'web-5'].every((n) => revisionOf(pod(c, n)) === revB));
    c.settle();

    const timed = podLifecycleTimed(c, since, { [revA]: 'A', [revB]: 'B' });
    const deletes = timed.filter(([, l]) => l.startsWith('delete'));
    const creates = timed.filter(([, l]) => l.startsWith('create'));
    expect(deletes.map(([, l]) => l)).toEqual(['delete web-5', 'delete web-4', 'delete web-3']);
    expect(deletes[0]?.[0]).toBe(deletes[1]?.[0]); // same sync
    expect(creates.map(([, l]) => l)).toEqual(['create web-4@B', 'create web-5@B', 'create web-3@B']);

    const changes = c.changes(since);
    const created5 = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === 'web-5' && ch.type === 'ADDED');
    const at5 = objectAt(changes, created5, 'Pod', 'web-4');
    expect(revisionOf(at5)).toBe(revB);
    expect(readyIn(at5)).toBe(true);
    const deleted3 = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === 'web-3' && !!ch.object.metadata.deletionTimestamp);
    for (const n of ['web-4', 'web-5']) {
      const o = objectAt(changes, deleted3, 'Pod', n);
      expect(revisionOf(o)).toBe(revB);
      expect(readyIn(o)).toBe(true);
    }
    expect(['web-0', 'web-1', 'web-2'].map((n) => uidOf(c, 'pod', n))).toEqual(low);
    expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revA, 'web-2': revA, 'web-3': revB, 'web-4': revB, 'web-5': revB });
  });

  it('SS-38 maxUnavailable 2, Parallel: deleted together, each recreated once gone; web-3 goes as soon as web-4 is Ready', () => {
    const c = createCluster(GATE_ON);
    const extraSpec = '  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 3\n      maxUnavailable: 2\n';
    setupWeb(c, { replicas: 6, policy: 'Parallel', extraSpec });
    const revA = String(status(c)['currentRevision']);
    const low = ['web-0', 'web-1', 'web-2'].map((n) => uidOf(c, 'pod', n));
    const old5 = uidOf(c, 'pod', 'web-5');
    const since = mark(c);
    patchImage(c, 'nginx:v2');
    const revB = String(status(c)['updateRevision']);
    waitForNewScheduled(c, 'web-5', old5);
    c.inject({ type: 'readiness', pod: 'web-5', ready: false });
    waitFor(c, 'web-3 replaced', () => revisionOf(pod(c, 'web-3')) === revB && isReady(pod(c, 'web-3')));

    const timed = podLifecycleTimed(c, since, { [revA]: 'A', [revB]: 'B' });
    const at = (label: string) => timed.find(([, l]) => l === label)?.[0];
    expect(at('delete web-5')).toBe(at('delete web-4'));
    // Each container takes its own time to exit: a replacement is created as soon as its predecessor is gone.
    expect(at('create web-5@B')).toBe(at('gone web-5'));
    expect(at('create web-4@B')).toBe(at('gone web-4'));
    const changes = c.changes(since);
    const web4Ready = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === 'web-4' && revisionOf(ch.object) === revB && readyIn(ch.object));
    const web3Delete = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === 'web-3' && !!ch.object.metadata.deletionTimestamp);
    expect(web4Ready).toBeGreaterThan(0);
    expect(changes[web3Delete]?.time).toBe(changes[web4Ready]?.time);
    expect(readyIn(objectAt(changes, web3Delete, 'Pod', 'web-5'))).toBe(false);

    c.inject({ type: 'readiness', pod: 'web-5', ready: true });
    waitFor(c, 'all Ready', () => allReady(c, 6));
    const quiet = mark(c);
    c.settle();
    c.advance(120_000);
    expect(podLifecycle(c, quiet)).toEqual([]);
    expect(['web-0', 'web-1', 'web-2'].map((n) => uidOf(c, 'pod', n))).toEqual(low);
    expect(podRevisions(c)).toEqual({ 'web-0': revA, 'web-1': revA, 'web-2': revA, 'web-3': revB, 'web-4': revB, 'web-5': revB });
  });
});

// ---------------------------------------------------------------------------------------------
describe('E. PersistentVolumeClaims', () => {
  it('SS-40 claims survive pod deletion, scale-down and set deletion, and are reused', () => {
    const c = createCluster();
    setupWeb(c);
    const claimUids = Object.fromEntries(claimNames(c).map((n) => [n, uidOf(c, 'pvc', n)]));
    const volumes = Object.fromEntries(claimNames(c).map((n) => [n, volumeNameOf(c, n)]));
    expect(Object.keys(claimUids)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);

    let since = mark(c);
    const old1 = uidOf(c, 'pod', 'web-1');
    c.delete('pod', 'web-1');
    waitFor(c, 'web-1 back', () => uidOf(c, 'pod', 'web-1') !== old1 && allReady(c, 3));
    expect(pod(c, 'web-1')?.spec.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName).toBe('www-web-1');
    expect(claimEvents(c, since)).toEqual([]);
    expect(uidOf(c, 'pvc', 'www-web-1')).toBe(claimUids['www-web-1']);

    c.scale('sts', 'web', 1);
    waitFor(c, 'scaled to 1', () => podNames(c).join() === 'web-0' && stsSettled(c));
    expect(claimNames(c)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    for (const n of claimNames(c)) expect(ownerRefs(c.get('pvc', n))).toEqual([]);

    expect(c.delete('sts', 'web').ok).toBe(true);
    waitFor(c, 'pods gone', () => podNames(c).length === 0);
    c.settle();
    expect(Object.fromEntries(claimNames(c).map((n) => [n, uidOf(c, 'pvc', n)]))).toEqual(claimUids);

    since = mark(c);
    expect(c.apply(webYaml()).ok).toBe(true);
    waitFor(c, 'recreated set Ready', () => allReady(c, 3) && stsSettled(c));
    expect(Object.fromEntries(claimNames(c).map((n) => [n, uidOf(c, 'pvc', n)]))).toEqual(claimUids);
    expect(Object.fromEntries(claimNames(c).map((n) => [n, volumeNameOf(c, n)]))).toEqual(volumes);
    expect(claimEvents(c, since)).toEqual([]);
    for (const n of ['web-0', 'web-1', 'web-2']) {
      expect(pod(c, n)?.spec.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName).toBe(`www-${n}`);
    }
  });

  it('SS-41 whenDeleted: Delete — claims owned by the set, kept on scale-down, deleted after their pods with the set', () => {
    const c = createCluster();
    setupWeb(c, { extraSpec: '  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n' });
    const setUid = uidOf(c, 'sts', 'web');
    for (const n of claimNames(c)) {
      expect(ownerRefs(c.get('pvc', n))).toEqual([
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: setUid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    c.scale('sts', 'web', 1);
    waitFor(c, 'scaled to 1', () => podNames(c).join() === 'web-0' && stsSettled(c));
    c.settle();
    expect(claimNames(c)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);

    const since = mark(c);
    c.delete('sts', 'web');
    waitFor(c, 'pods and claims gone', () => podNames(c).length === 0 && claimNames(c).length === 0);
    const changes = c.changes(since);
    const podGone = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === 'web-0' && ch.type === 'DELETED');
    const claimGone = changes.findIndex((ch) => ch.kind === 'PersistentVolumeClaim' && ch.name === 'www-web-0' && ch.type === 'DELETED');
    expect(podGone).toBeGreaterThanOrEqual(0);
    expect(claimGone).toBeGreaterThan(podGone);
    expect(changes.filter((ch) => ch.kind === 'PersistentVolumeClaim' && ch.type === 'DELETED').map((ch) => ch.name).sort()).toEqual([
      'www-web-0',
      'www-web-1',
      'www-web-2',
    ]);
  });

  describe('SS-42 whenScaled: Delete', () => {
    it('{whenScaled: Delete}: condemned claims get a pod ref before the pod goes, and are deleted after it', () => {
      const c = createCluster();
      setupWeb(c, { extraSpec: '  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n' });
      for (const n of claimNames(c)) expect(ownerRefs(c.get('pvc', n))).toEqual([]);
      const podUids = Object.fromEntries(['web-1', 'web-2'].map((n) => [n, uidOf(c, 'pod', n)]));
      const since = mark(c);
      c.scale('sts', 'web', 1);
      waitFor(c, 'scaled to 1, claims gone', () => podNames(c).join() === 'web-0' && claimNames(c).join() === 'www-web-0');
      c.settle();
      const changes = c.changes(since);
      for (const n of ['web-2', 'web-1']) {
        const refAdded = changes.findIndex(
          (ch) => ch.kind === 'PersistentVolumeClaim' && ch.name === `www-${n}` && ownerRefs(ch.object).some((r) => r.uid === podUids[n] && r.kind === 'Pod' && r.controller === true)
        );
        const podDelete = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === n && !!ch.object.metadata.deletionTimestamp);
        const podGone = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === n && ch.type === 'DELETED');
        const claimGone = changes.findIndex((ch) => ch.kind === 'PersistentVolumeClaim' && ch.name === `www-${n}` && ch.type === 'DELETED');
        expect(refAdded, `pod ref on www-${n}`).toBeGreaterThanOrEqual(0);
        expect(refAdded).toBeLessThan(podDelete);
        expect(claimGone).toBeGreaterThan(podGone);
      }
      expect(claimNames(c)).toEqual(['www-web-0']);
      expect(ownerRefs(c.get('pvc', 'www-web-0'))).toEqual([]);
    });

    it('{Delete, Delete}: in-range claims carry the set ref, condemned claims swap it for the pod ref', () => {
      const c = createCluster();
      setupWeb(c, { extraSpec: '  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Delete\n' });
      const setUid = uidOf(c, 'sts', 'web');
      for (const n of claimNames(c)) expect(ownerRefs(c.get('pvc', n)).map((r) => [r.kind, r.uid, r.controller])).toEqual([['StatefulSet', setUid, true]]);
      const podUids = Object.fromEntries(['web-1', 'web-2'].map((n) => [n, uidOf(c, 'pod', n)]));
      const since = mark(c);
      c.scale('sts', 'web', 1);
      waitFor(c, 'scaled to 1, claims gone', () => podNames(c).join() === 'web-0' && claimNames(c).join() === 'www-web-0');
      c.settle();
      const changes = c.changes(since);
      for (const n of ['web-2', 'web-1']) {
        const podDelete = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === n && !!ch.object.metadata.deletionTimestamp);
        const claim = objectAt(changes, podDelete, 'PersistentVolumeClaim', `www-${n}`);
        expect(ownerRefs(claim).map((r) => [r.kind, r.uid, r.controller])).toEqual([['Pod', podUids[n], true]]);
      }
      expect(ownerRefs(c.get('pvc', 'www-web-0')).map((r) => [r.kind, r.uid, r.controller])).toEqual([['StatefulSet', setUid, true]]);
    });
  });

  it('SS-44 a deleted claim of a Pending pod is recreated, and the pod then runs with it', () => {
    const c = createCluster();
    for (const n of ['node-1', 'node-2', 'node-3']) c.patch('node', n, { spec: { unschedulable: true } });
    expect(c.apply(defaultExample({ replicas: 1 })).ok).toBe(true);
    c.advance(5_000);
    const podUid = uidOf(c, 'pod', 'web-0');
    expect(pod(c, 'web-0')?.status.phase).toBe('Pending');
    const oldClaim = uidOf(c, 'pvc', 'www-web-0');
    expect(oldClaim).not.toBe('');

    const since = mark(c);
    c.delete('pvc', 'www-web-0');
    waitFor(c, 'claim recreated', () => {
      const uid = uidOf(c, 'pvc', 'www-web-0');
      return uid !== '' && uid !== oldClaim;
    }, 120_000);
    expect(stsEvents(c, since)).toContain('SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success');
    expect(uidOf(c, 'pod', 'web-0')).toBe(podUid);
    expect(pod(c, 'web-0')?.status.phase).toBe('Pending');

    for (const n of ['node-1', 'node-2', 'node-3']) c.patch('node', n, { spec: { unschedulable: false } });
    waitFor(c, 'web-0 Ready', () => isReady(pod(c, 'web-0')), 120_000);
    expect(uidOf(c, 'pod', 'web-0')).toBe(podUid);
    const claim = c.get('pvc', 'www-web-0');
    expect(claim?.metadata.uid).not.toBe(oldClaim);
    expect((claim?.['status'] as { phase?: string } | undefined)?.phase).toBe('Bound');
  });

  it('SS-46 a claim controlled by another owner is left alone by whenScaled: Delete', () => {
    const c = createCluster();
    setupWeb(c);
    expect(c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keeper\ndata:\n  a: b\n').ok).toBe(true);
    const cmRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'keeper', uid: uidOf(c, 'cm', 'keeper'), controller: true };
    expect(c.patch('pvc', 'www-web-1', { metadata: { ownerReferences: [cmRef] } }, { type: 'merge' }).ok).toBe(true);
    expect(c.patch('sts', 'web', { spec: { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } } }).ok).toBe(true);
    c.settle();
    const claim0 = uidOf(c, 'pvc', 'www-web-0');
    const claim1 = uidOf(c, 'pvc', 'www-web-1');

    c.scale('sts', 'web', 0);
    waitFor(c, 'scaled to 0', () => podNames(c).length === 0 && claimNames(c).length === 1);
    c.settle();
    expect(claimNames(c)).toEqual(['www-web-1']);
    expect(uidOf(c, 'pvc', 'www-web-1')).toBe(claim1);
    expect(ownerRefs(c.get('pvc', 'www-web-1'))).toEqual([cmRef]);

    expect(c.patch('pvc', 'www-web-1', { metadata: { ownerReferences: null } }, { type: 'merge' }).ok).toBe(true);
    c.scale('sts', 'web', 2);
    waitFor(c, 'scaled to 2', () => allReady(c, 2) && stsSettled(c));
    expect(claimNames(c)).toEqual(['www-web-0', 'www-web-1']);
    expect(uidOf(c, 'pvc', 'www-web-0')).not.toBe(claim0);
    expect(uidOf(c, 'pvc', 'www-web-1')).toBe(claim1);

    c.scale('sts', 'web', 1);
    waitFor(c, 'scaled to 1', () => podNames(c).join() === 'web-0' && claimNames(c).length === 1);
    c.settle();
    expect(claimNames(c)).toEqual(['www-web-0']);
  });
});

// ---------------------------------------------------------------------------------------------
describe('F. Ownership and validation', () => {
  it('SS-48 adopts orphans, releases pods that stop matching, never adopts non-members', () => {
    const c = createCluster();
    setupWeb(c, { replicas: 1 });
    const setUid = uidOf(c, 'sts', 'web');
    const podUid = uidOf(c, 'pod', 'web-0');
    const controllerOf = () => ownerRefs(c.get('pod', 'web-0')).filter((r) => r.controller === true);

    // (1) ownerRefs removed ⇒ re-adopted.
    expect(c.patch('pod', 'web-0', { metadata: { ownerReferences: null } }, { type: 'merge' }).ok).toBe(true);
    c.advance(1_000);
    expect(controllerOf().map((r) => [r.kind, r.name, r.uid])).toEqual([['StatefulSet', 'web', setUid]]);
    expect(uidOf(c, 'pod', 'web-0')).toBe(podUid);

    // (2) labels removed ⇒ released; the slot looks empty but nothing is created and no event recorded.
    const labels = c.get('pod', 'web-0')?.metadata.labels ?? {};
    const since = mark(c);
    expect(c.patch('pod', 'web-0', { metadata: { labels: null } }, { type: 'merge' }).ok).toBe(true);
    c.advance(30_000);
    expect(controllerOf()).toEqual([]);
    expect(uidOf(c, 'pod', 'web-0')).toBe(podUid);
    expect(podLifecycle(c, since)).toEqual([]);
    expect(stsEvents(c, since).filter((e) => e.includes('Pod web-0'))).toEqual([]);
    expect(status(c)['replicas']).toBe(0);

    // (3) labels restored ⇒ adopted again.
    expect(c.patch('pod', 'web-0', { metadata: { labels } }, { type: 'merge' }).ok).toBe(true);
    c.advance(30_000);
    expect(controllerOf().map((r) => [r.kind, r.name, r.uid])).toEqual([['StatefulSet', 'web', setUid]]);
    expect(uidOf(c, 'pod', 'web-0')).toBe(podUid);
    expect(status(c)['replicas']).toBe(1);

    // Non-members (xweb-1) and pods without matching labels are never adopted.
    expect(c.apply(`${standalone('xweb-1', 'nginx')}---\n${standalone('web-7', 'other')}`).ok).toBe(true);
    c.advance(30_000);
    expect(ownerRefs(c.get('pod', 'xweb-1'))).toEqual([]);
    expect(ownerRefs(c.get('pod', 'web-7'))).toEqual([]);
    expect(pod(c, 'web-7')?.metadata.deletionTimestamp).toBeUndefined();
  });

  describe('SS-50 API validation and immutability', () => {
    const DNS_LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    const FORBIDDEN =
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    const base = webYaml({ replicas: 1 });
    const sub = (from: string, to: string) => {
      expect(base.includes(from), `fixture contains ${JSON.stringify(from)}`).toBe(true);
      return base.replace(from, to);
    };

    interface Rejected {
      name: string;
      yaml: () => string;
      /** Exact message, or (multi-error) every field error it must contain. */
      message: string | string[];
      line: (l: string) => boolean;
      gate?: boolean;
      setName?: string;
    }
    const rejectedAtCreate: Rejected[] = [
      {
        name: 'selector missing',
        yaml: () => sub('  selector:\n    matchLabels:\n      app: nginx\n', ''),
        message: ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`'],
        line: (l) => l === 'spec:',
      },
      {
        name: 'selector empty',
        yaml: () => sub('  selector:\n    matchLabels:\n      app: nginx\n', '  selector: {}\n'),
        message: INVALID('web', 'spec.selector: Invalid value: {}: empty selector is invalid for statefulset'),
        line: starts('selector:'),
      },
      {
        name: 'selector does not match the template labels',
        yaml: () => sub('    matchLabels:\n      app: nginx\n', '    matchLabels:\n      app: other\n'),
        message: INVALID('web', 'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`'),
        line: (l) => l === '      labels:',
      },
      {
        name: 'replicas -1',
        yaml: () => sub('  replicas: 1\n', '  replicas: -1\n'),
        message: INVALID('web', 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'),
        line: starts('replicas: -1'),
      },
      {
        name: 'minReadySeconds -1',
        yaml: () => withSpec('  minReadySeconds: -1\n'),
        message: INVALID('web', 'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'),
        line: starts('minReadySeconds:'),
      },
      {
        name: 'ordinals.start -1',
        yaml: () => withSpec('  ordinals:\n    start: -1\n'),
        message: INVALID('web', 'spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0'),
        line: starts('start: -1'),
      },
      {
        name: 'partition -1',
        yaml: () => withSpec(PARTITION(-1)),
        message: INVALID('web', 'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'),
        line: starts('partition:'),
      },
      {
        name: 'podManagementPolicy Foo',
        yaml: () => sub('podManagementPolicy: OrderedReady', 'podManagementPolicy: Foo'),
        message: INVALID('web', "spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'"),
        line: starts('podManagementPolicy:'),
      },
      {
        name: 'updateStrategy Foo',
        yaml: () => withSpec('  updateStrategy:\n    type: Foo\n'),
        message: INVALID('web', 'spec.updateStrategy: Invalid value: {"Type":"Foo","RollingUpdate":null}: must be \'RollingUpdate\' or \'OnDelete\''),
        line: starts('updateStrategy:'),
      },
      {
        name: 'OnDelete with a rollingUpdate block',
        yaml: () => withSpec('  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 0\n'),
        message: INVALID(
          'web',
          'spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":0,"MaxUnavailable":null}: only allowed for updateStrategy \'RollingUpdate\''
        ),
        line: starts('rollingUpdate:'),
      },
      {
        name: 'maxUnavailable 0 (gate on)',
        gate: true,
        yaml: () => withSpec('  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 0\n'),
        message: INVALID('web', 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0'),
        line: starts('maxUnavailable:'),
      },
      {
        name: 'maxUnavailable "0%" (gate on)',
        gate: true,
        yaml: () => withSpec('  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: "0%"\n'),
        message: INVALID('web', 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "0%": cannot be 0'),
        line: starts('maxUnavailable:'),
      },
      {
        name: 'maxUnavailable "101%" (gate on)',
        gate: true,
        yaml: () => withSpec('  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: "101%"\n'),
        message: INVALID('web', 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%'),
        line: starts('maxUnavailable:'),
      },
      {
        name: 'retention policy value "Keep"',
        yaml: () => withSpec('  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Keep\n'),
        message: INVALID('web', 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"'),
        line: starts('whenDeleted:'),
      },
      {
        name: 'template restartPolicy Never',
        yaml: () => sub('      containers:\n', '      restartPolicy: Never\n      containers:\n'),
        message: INVALID('web', 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'),
        line: starts('restartPolicy:'),
      },
      {
        name: 'template activeDeadlineSeconds set',
        yaml: () => sub('      containers:\n', '      activeDeadlineSeconds: 30\n      containers:\n'),
        message: INVALID('web', 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported'),
        line: starts('activeDeadlineSeconds:'),
      },
      {
        name: 'name with a dot',
        setName: 'web.v1',
        yaml: () => webYaml({ replicas: 1, name: 'web.v1' }),
        message: INVALID('web.v1', 'metadata.name: Invalid value: "web.v1": must not contain dots'),
        line: starts('name: web.v1'),
      },
      {
        name: 'name longer than 63 characters',
        setName: 'w'.repeat(64),
        yaml: () => webYaml({ replicas: 1, name: 'w'.repeat(64) }),
        message: INVALID('w'.repeat(64), `metadata.name: Invalid value: "${'w'.repeat(64)}": must be no more than 63 characters`),
        line: starts(`name: ${'w'.repeat(64)}`),
      },
      {
        name: 'serviceName "Not_Valid" (v1.33+)',
        yaml: () => sub('serviceName: "nginx"', 'serviceName: "Not_Valid"'),
        message: INVALID('web', `spec.serviceName: Invalid value: "Not_Valid": ${DNS_LABEL_MSG}`),
        line: starts('serviceName:'),
      },
    ];

    it.each(rejectedAtCreate)('create rejected: $name', (row) => {
      const c = createCluster(row.gate ? GATE_ON : {});
      const yaml = row.yaml();
      const before = c.changes().length;
      const result = c.apply(yaml);
      expect(result.ok).toBe(false);
      expect(result.objects).toEqual([]);
      expect(result.errors).toHaveLength(1);
      const d = result.errors[0];
      if (typeof row.message === 'string') expect(d?.message).toBe(row.message);
      else {
        expect(d?.message.startsWith(`The StatefulSet "${row.setName ?? 'web'}" is invalid: `)).toBe(true);
        for (const part of row.message) expect(d?.message).toContain(part);
      }
      const line = lineOf(yaml, row.line);
      expect(line).toBeGreaterThan(0);
      expect(d?.line).toBe(line);
      expect(c.changes().length).toBe(before);
      expect(c.get('sts', row.setName ?? 'web')).toBeUndefined();
    });

    it.each([
      { name: 'serviceName ""', yaml: () => sub('serviceName: "nginx"', 'serviceName: ""') },
      { name: 'replicas 0', yaml: () => sub('  replicas: 1\n', '  replicas: 0\n') },
      { name: 'partition greater than replicas', yaml: () => withSpec(PARTITION(5)) },
    ])('create accepted: $name', (row) => {
      const c = createCluster();
      const result = c.apply(row.yaml());
      expect(result.errors).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.objects).toEqual([{ kind: 'StatefulSet', name: 'web', namespace: 'default', action: 'created' }]);
      expect(c.get('sts', 'web')).toBeDefined();
    });

    const MINIMAL = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:v1
`;
    it.each([
      {
        name: 'gate off',
        gate: false,
        yaml: MINIMAL,
        strategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      },
      {
        name: 'gate on: maxUnavailable 1',
        gate: true,
        yaml: MINIMAL,
        strategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } },
      },
      {
        name: 'explicit type RollingUpdate keeps rollingUpdate nil',
        gate: false,
        yaml: MINIMAL.replace('  serviceName: nginx\n', '  serviceName: nginx\n  updateStrategy:\n    type: RollingUpdate\n'),
        strategy: { type: 'RollingUpdate' },
      },
      {
        name: 'gate off drops maxUnavailable from a new object',
        gate: false,
        yaml: MINIMAL.replace('  serviceName: nginx\n', '  serviceName: nginx\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 2\n'),
        strategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      },
    ])('defaults ($name)', (row) => {
      const c = createCluster(row.gate ? GATE_ON : {});
      expect(c.apply(row.yaml).ok).toBe(true);
      const spec = c.get('sts', 'web')?.['spec'] as Record<string, unknown>;
      expect(spec['podManagementPolicy']).toBe('OrderedReady');
      expect(spec['updateStrategy']).toEqual(row.strategy);
      expect(spec['replicas']).toBe(1);
      expect(spec['revisionHistoryLimit']).toBe(10);
      expect(spec['persistentVolumeClaimRetentionPolicy']).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    });

    const updates: { name: string; yaml: () => string; accepted: boolean; line?: (l: string) => boolean }[] = [
      { name: 'replicas', accepted: true, yaml: () => sub('  replicas: 1\n', '  replicas: 2\n') },
      { name: 'ordinals', accepted: true, yaml: () => withSpec('  ordinals:\n    start: 1\n') },
      { name: 'template', accepted: true, yaml: () => sub('image: nginx:v1', 'image: nginx:v2') },
      { name: 'updateStrategy', accepted: true, yaml: () => withSpec(PARTITION(1)) },
      { name: 'persistentVolumeClaimRetentionPolicy', accepted: true, yaml: () => withSpec('  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n') },
      { name: 'minReadySeconds', accepted: true, yaml: () => withSpec('  minReadySeconds: 5\n') },
      {
        name: 'selector',
        accepted: false,
        yaml: () =>
          sub('    matchLabels:\n      app: nginx\n', '    matchLabels:\n      app: nginx\n      tier: web\n').replace(
            '      labels:\n        app: nginx\n',
            '      labels:\n        app: nginx\n        tier: web\n'
          ),
      },
      { name: 'serviceName', accepted: false, yaml: () => sub('serviceName: "nginx"', 'serviceName: "other"') },
      { name: 'volumeClaimTemplates', accepted: false, yaml: () => sub('storage: 1Gi', 'storage: 2Gi') },
      { name: 'podManagementPolicy', accepted: false, yaml: () => sub('podManagementPolicy: OrderedReady', 'podManagementPolicy: Parallel') },
      { name: 'revisionHistoryLimit', accepted: false, yaml: () => withSpec('  revisionHistoryLimit: 5\n') },
    ];

    it.each(updates)('update of $name (accepted: $accepted)', (row) => {
      const c = createCluster();
      expect(c.apply(base).ok).toBe(true);
      c.settle();
      const gen = c.get('sts', 'web')?.metadata.generation ?? 0;
      const before = c.changes().length;
      const yaml = row.yaml();
      const result = c.apply(yaml);
      if (row.accepted) {
        expect(result.errors).toEqual([]);
        expect(result.objects).toEqual([{ kind: 'StatefulSet', name: 'web', namespace: 'default', action: 'configured' }]);
        expect(c.get('sts', 'web')?.metadata.generation).toBe(gen + 1);
      } else {
        expect(result.ok).toBe(false);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]?.message).toBe(INVALID('web', FORBIDDEN));
        expect(result.errors[0]?.line).toBe(lineOf(yaml, (l) => l === 'spec:'));
        expect(c.changes().length).toBe(before);
        expect(c.get('sts', 'web')?.metadata.generation).toBe(gen);
      }
    });
  });
});
