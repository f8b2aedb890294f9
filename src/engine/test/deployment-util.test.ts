/** deployment_util.go in isolation: fenceposts, new-ReplicaSet growth, proportions, annotations, the hash. */
import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../controllers/replicaset/types.ts';
import {
  computeHash,
  equalIgnoreHash,
  findActiveOrLatest,
  getDesiredReplicasAnnotation,
  getProportion,
  lastRevision,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
  setNewReplicaSetAnnotations,
} from '../controllers/deployment/util.ts';

const TEMPLATE = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };

function deploy(replicas: number, maxSurge?: number | string, unavailable?: number | string): Deployment {
  const ru: { maxSurge?: number | string; maxUnavailable?: number | string } = {};
  if (maxSurge !== undefined) ru.maxSurge = maxSurge;
  if (unavailable !== undefined) ru.maxUnavailable = unavailable;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: {} },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE, strategy: { type: 'RollingUpdate', rollingUpdate: ru } },
    status: {},
  };
}

function rs(name: string, replicas: number, annotations: Record<string, string> = {}, created = '2026-01-01T00:00:00Z'): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, uid: name, annotations, creationTimestamp: created },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE },
    status: { replicas },
  };
}

describe('ResolveFenceposts (upstream TestResolveFenceposts cases)', () => {
  it.each([
    { surge: '0%', unavailable: '0%', desired: 0, want: { surge: 0, unavailable: 1 } },
    { surge: '39%', unavailable: '39%', desired: 10, want: { surge: 4, unavailable: 3 } },
    { surge: 'oops', unavailable: '39%', desired: 10, want: { surge: 0, unavailable: 3 } },
    { surge: '55%', unavailable: 'urg', desired: 10, want: { surge: 6, unavailable: 0 } },
    { surge: '25%', unavailable: '25%', desired: 3, want: { surge: 1, unavailable: 0 } },
    { surge: 2, unavailable: 0, desired: 5, want: { surge: 2, unavailable: 0 } },
  ])('$surge/$unavailable of $desired', ({ surge, unavailable, desired, want }) => {
    expect(resolveFenceposts(deploy(desired, surge, unavailable))).toEqual(want);
  });

  it('caps maxUnavailable at the replica count and is 0 for Recreate', () => {
    expect(maxUnavailable(deploy(2, 0, 5))).toBe(2);
    const recreate = deploy(4);
    recreate.spec.strategy = { type: 'Recreate' };
    expect(maxUnavailable(recreate)).toBe(0);
  });
});

describe('NewRSNewReplicas', () => {
  it('grows the new ReplicaSet up to replicas + maxSurge in total, never past replicas', () => {
    const d = deploy(10, 3, 2);
    const newRS = rs('new', 0);
    expect(newRSNewReplicas(d, [rs('old', 10), newRS], newRS)).toBe(3);
    expect(newRSNewReplicas(d, [rs('old', 8), rs('new', 3)], rs('new', 3))).toBe(5);
    expect(newRSNewReplicas(d, [rs('old', 0), rs('new', 9)], rs('new', 9))).toBe(10);
    expect(newRSNewReplicas(d, [rs('old', 13), newRS], newRS)).toBe(0);
  });
});

describe('proportional scaling', () => {
  it('sizes each ReplicaSet by its share of the old max-replicas annotation', () => {
    const d = deploy(15, 3, 2);
    const annotations = { 'deployment.kubernetes.io/max-replicas': '13' };
    const old = rs('old', 8, annotations);
    expect(getProportion(old, d, 5, 0)).toBe(3);
    expect(getProportion(rs('new', 5, annotations), d, 5, 3)).toBe(2);
    expect(getProportion(rs('zero', 0, annotations), d, 5, 0)).toBe(0);
  });

  // getNonNegativeInt32FromAnnotation: a signed, negative or out-of-range max-replicas annotation is
  // ignored and status.replicas (here 10) stands in: 4 * (15+3) / 10 = 7.2 -> 7, so +3.
  it.each([
    ['13', 2],
    ['-13', 3],
    ['+13', 3],
    ['2147483648', 3],
    ['x', 3],
  ])('max-replicas annotation %s gives the old set a share of %i', (value, share) => {
    const d = deploy(15, 3, 2);
    d.status = { replicas: 10 };
    expect(getProportion(rs('old', 4, { 'deployment.kubernetes.io/max-replicas': value }), d, 5, 0)).toBe(share);
  });

  it.each([
    ['3', 3],
    ['0', 0],
    ['-3', undefined],
    ['+3', undefined],
    ['2147483647', 2147483647],
    ['2147483648', undefined],
  ])('GetDesiredReplicasAnnotation %s is %s', (value, want) => {
    expect(getDesiredReplicasAnnotation(rs('a', 1, { 'deployment.kubernetes.io/desired-replicas': value }))).toBe(want);
  });

  it('scaling to zero takes each ReplicaSet whole', () => {
    expect(getProportion(rs('old', 4, { 'deployment.kubernetes.io/max-replicas': '5' }), deploy(0, 1, 1), -9, 0)).toBe(-4);
  });

  it('FindActiveOrLatest: the only active set, the newest when none is active, nothing when several are', () => {
    const a = rs('a', 0, {}, '2026-01-01T00:00:00Z');
    const b = rs('b', 0, {}, '2026-01-01T00:01:00Z');
    expect(findActiveOrLatest(undefined, [a, b])?.metadata.name).toBe('b');
    expect(findActiveOrLatest(rs('n', 0), [rs('a', 3)])?.metadata.name).toBe('a');
    expect(findActiveOrLatest(rs('n', 1), [rs('a', 3)])).toBeUndefined();
  });
});

describe('EqualIgnoreHash (apiequality.Semantic.DeepEqual)', () => {
  const base = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };
  it.each([
    ['empty annotations', { metadata: { labels: { app: 'web' }, annotations: {} }, spec: base.spec }, true],
    ['null annotations', { metadata: { labels: { app: 'web' }, annotations: null }, spec: base.spec }, true],
    ['empty volumes list', { metadata: base.metadata, spec: { ...base.spec, volumes: [] } }, true],
    ['empty resources', { metadata: base.metadata, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: {} }] } }, true],
    ['a real annotation', { metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: base.spec }, false],
    ['another image', { metadata: base.metadata, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } }, false],
  ])('%s', (_why, other, equal) => {
    expect(equalIgnoreHash(other as unknown as typeof TEMPLATE, base)).toBe(equal);
    expect(equalIgnoreHash(base, other as unknown as typeof TEMPLATE)).toBe(equal);
  });
});

describe('revision annotations', () => {
  it('bumps a reused ReplicaSet and keeps its old revision in revision-history', () => {
    const d = deploy(3, '25%', '25%');
    d.metadata.annotations = { note: 'x', 'deployment.kubernetes.io/revision': '4' };
    const reused = rs('old', 0, { 'deployment.kubernetes.io/revision': '2', 'deployment.kubernetes.io/revision-history': '1' });
    expect(setNewReplicaSetAnnotations(d, reused, '5', true)).toBe(true);
    expect(reused.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '5',
      'deployment.kubernetes.io/revision-history': '1,2',
      note: 'x',
    });
    const fresh = rs('new', 0);
    setNewReplicaSetAnnotations(d, fresh, '1', false);
    expect(fresh.metadata.annotations).toEqual({
      note: 'x',
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
  });

  it('LastRevision is the second highest', () => {
    const sets = ['3', '7', '5'].map((r, i) => rs(`r${i}`, 0, { 'deployment.kubernetes.io/revision': r }));
    expect(lastRevision(sets)).toBe(5);
  });
});

describe('pod-template-hash', () => {
  it('is stable, safe-encoded, ignores its own label and changes with the template or the collision count', () => {
    const h = computeHash(TEMPLATE, undefined);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(JSON.parse(JSON.stringify(TEMPLATE)), undefined)).toBe(h);
    expect(computeHash(TEMPLATE, 1)).not.toBe(h);
    expect(computeHash(TEMPLATE, 0)).not.toBe(h);
    const other = { ...TEMPLATE, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } };
    expect(computeHash(other, undefined)).not.toBe(h);
    const hashed = { ...TEMPLATE, metadata: { labels: { app: 'web', 'pod-template-hash': h } } };
    expect(equalIgnoreHash(hashed, TEMPLATE)).toBe(true);
    expect(equalIgnoreHash(other, TEMPLATE)).toBe(false);
  });
});
