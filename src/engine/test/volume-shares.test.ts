/**
 * The storage controllers' shared parts (volume.ts): volumes provisioned in one cluster share the
 * frozen capacity and node affinity objects per size and node; another cluster makes its own.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index.ts';
import type { PersistentVolume } from '../model/types.ts';
import { webYaml } from './fixtures.ts';
import { apiOf } from './harness.ts';

function storedVolumes(c: ReturnType<typeof createCluster>): PersistentVolume[] {
  return (apiOf(c).list('PersistentVolume') as PersistentVolume[]).toSorted((x, y) => (x.spec.claimRef?.name ?? '').localeCompare(y.spec.claimRef?.name ?? ''));
}

function settledCluster(): ReturnType<typeof createCluster> {
  const c = createCluster({ nodes: 2, seed: 5 });
  c.apply(webYaml({ replicas: 6, policy: 'Parallel' }));
  c.settle(600_000);
  return c;
}

describe('provisioned volumes share parts within their cluster only', () => {
  it('one capacity and one affinity object per node in a cluster, none in common with another', () => {
    const a = storedVolumes(settledCluster());
    const b = storedVolumes(settledCluster());
    expect(a.length).toBe(6);
    expect(b.map((pv) => pv.spec)).toEqual(a.map((pv) => pv.spec));
    const byNode = new Map<string, PersistentVolume>();
    for (const pv of a) {
      const node = pv.metadata.annotations?.['local.path.provisioner/selected-node'] ?? '';
      expect(node).not.toBe('');
      const first = byNode.get(node);
      if (first) expect(pv.spec.nodeAffinity).toBe(first.spec.nodeAffinity);
      else byNode.set(node, pv);
      expect(pv.spec.capacity).toBe((a[0] as PersistentVolume).spec.capacity);
      expect(Object.isFrozen(pv.spec.nodeAffinity)).toBe(true);
    }
    for (let i = 0; i < a.length; i++) {
      expect(b[i]?.spec.nodeAffinity).not.toBe(a[i]?.spec.nodeAffinity);
      expect(b[i]?.spec.capacity).not.toBe(a[i]?.spec.capacity);
    }
  });
});
