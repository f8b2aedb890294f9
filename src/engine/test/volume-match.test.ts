import { describe, expect, it } from 'vitest';
import { findMatchingVolume } from '../controllers/volume.ts';
import type { K8sObject, PersistentVolume, PersistentVolumeClaim } from '../model/types.ts';

/** A PV as the PV controller sees it: Available unless told, 1Gi, class "manual". */
function pv(name: string, opts: { modes?: string[]; size?: string; created?: string; phase?: string; claimRef?: { name: string; uid?: string }; cls?: string } = {}): PersistentVolume {
  const volume: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z' },
    spec: { accessModes: opts.modes ?? ['ReadWriteOnce'], capacity: { storage: opts.size ?? '1Gi' }, storageClassName: opts.cls ?? 'manual' },
    status: { phase: opts.phase ?? 'Available' },
  };
  if (opts.claimRef) volume.spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: 'default', ...opts.claimRef };
  return volume;
}

/** The volume, usable only on node `host`. */
function onHost(volume: PersistentVolume, host: string): PersistentVolume {
  volume.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }] } };
  return volume;
}

/** An Available PV in a wider access mode group than the claim's own. */
function wider(name: string): PersistentVolume {
  return pv(name, { modes: ['ReadWriteOnce', 'ReadWriteMany'] });
}

const claim: PersistentVolumeClaim = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'default', uid: 'c-1' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'manual' },
  status: { phase: 'Pending' },
};

describe('findMatchingVolume (findBestMatchForClaim)', () => {
  const cases: { name: string; volumes: PersistentVolume[]; delayBinding?: boolean; excluded?: string[]; want: string | undefined }[] = [
    { name: 'no candidates', volumes: [], want: undefined },
    { name: 'one Available PV that fits', volumes: [pv('a')], want: 'a' },
    { name: 'one PV of another class', volumes: [pv('a', { cls: 'fast' })], want: undefined },
    { name: 'one PV too small', volumes: [pv('a', { size: '500Mi' })], want: undefined },
    { name: 'a PV reserved for another claim never matches', volumes: [pv('a', { claimRef: { name: 'other' } })], want: undefined },
    { name: 'the smallest PV that fits wins', volumes: [pv('big', { size: '5Gi' }), pv('small', { size: '2Gi' }), pv('tiny', { size: '100Mi' })], want: 'small' },
    {
      name: 'the group with fewer access modes is tried first, even with a larger PV',
      volumes: [pv('two', { modes: ['ReadOnlyMany', 'ReadWriteOnce'], size: '1Gi' }), pv('one', { modes: ['ReadWriteOnce'], size: '5Gi' })],
      want: 'one',
    },
    {
      name: 'repeated modes count once and their order does not matter',
      volumes: [pv('dup', { modes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteMany'], size: '1Gi' }), pv('pair', { modes: ['ReadWriteOnce', 'ReadWriteMany'], size: '2Gi' })],
      want: 'dup',
    },
    { name: 'a PV without the claim’s mode is no candidate', volumes: [pv('rox', { modes: ['ReadOnlyMany'] })], want: undefined },
    {
      name: 'a PV pre-bound to the claim wins over a smaller Available one, whatever its class',
      volumes: [pv('free', { size: '1Gi' }), pv('mine', { size: '3Gi', cls: 'other', phase: 'Pending', claimRef: { name: 'data', uid: 'c-1' } })],
      want: 'mine',
    },
    {
      name: 'within a group the oldest pre-bound PV is found first',
      volumes: [
        pv('late', { created: '2026-01-02T00:00:00Z', claimRef: { name: 'data' } }),
        pv('early', { created: '2026-01-01T00:00:00Z', claimRef: { name: 'data' } }),
      ],
      want: 'early',
    },
    { name: 'a pre-bound PV of another uid is not this claim’s', volumes: [pv('stale', { claimRef: { name: 'data', uid: 'c-0' } })], want: undefined },
    { name: 'delayed binding takes only a pre-bound PV', volumes: [pv('free')], delayBinding: true, want: undefined },
    { name: 'delayed binding still takes a pre-bound PV', volumes: [pv('free'), pv('mine', { claimRef: { name: 'data' } })], delayBinding: true, want: 'mine' },
    { name: 'an excluded PV is skipped', volumes: [pv('a', { size: '1Gi' }), pv('b', { size: '2Gi' })], excluded: ['a'], want: 'b' },
    { name: 'a Released PV is not Available', volumes: [pv('old', { phase: 'Released' })], want: undefined },
  ];
  it.each(cases)('$name', ({ volumes, delayBinding, excluded, want }) => {
    const opts: { delayBinding: boolean; excluded?: Set<string> } = { delayBinding: delayBinding ?? false };
    if (excluded) opts.excluded = new Set(excluded);
    expect(findMatchingVolume(volumes, claim, opts)?.metadata.name).toBe(want);
  });

  describe('on the scheduler’s path (a node)', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } } } as K8sObject;
    const nodeCases: { name: string; volumes: PersistentVolume[]; want: string | undefined }[] = [
      { name: 'a PV on another node is no candidate', volumes: [onHost(pv('away'), 'n2')], want: undefined },
      { name: 'a PV on this node is', volumes: [onHost(pv('here'), 'n1')], want: 'here' },
      { name: 'the wider group is tried when the first has no match', volumes: [onHost(pv('away'), 'n2'), wider('wide')], want: 'wide' },
      {
        name: 'a pre-bound PV on another node ends the search, wider groups untried',
        volumes: [onHost(pv('mine', { claimRef: { name: 'data', uid: 'c-1' } }), 'n2'), wider('wide')],
        want: undefined,
      },
      { name: 'a pre-bound PV on this node wins', volumes: [wider('wide'), onHost(pv('mine', { claimRef: { name: 'data' } }), 'n1')], want: 'mine' },
    ];
    it.each(nodeCases)('$name', ({ volumes, want }) => {
      expect(findMatchingVolume(volumes, claim, { delayBinding: true, node })?.metadata.name).toBe(want);
    });
  });

  it('leaves the caller’s list and the volumes as they were', () => {
    const volumes = [pv('b', { created: '2026-01-02T00:00:00Z' }), pv('a', { created: '2026-01-01T00:00:00Z' })];
    const before = JSON.stringify(volumes);
    findMatchingVolume(volumes, claim, { delayBinding: false });
    expect(JSON.stringify(volumes)).toBe(before);
  });
});
