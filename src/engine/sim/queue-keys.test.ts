import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../cluster.ts';
import { defaultExample } from '../test/fixtures.ts';
import { PrefixedKeys } from './queue-keys.ts';

describe('PrefixedKeys', () => {
  it('gives one prefixed string per key and the key back, before and after forgetting it', () => {
    const keys = new PrefixedKeys('pv:');
    const first = keys.of('pv-1');
    expect(first).toBe('pv:pv-1');
    expect(keys.of('pv-1')).toBe(first);
    expect(keys.plain(first)).toBe('pv-1');
    expect(keys.size).toBe(1);
    keys.forget('pv-1');
    keys.forget('never-made');
    expect(keys.size).toBe(0);
    // A forgotten (or never made) key still reads back: the prefix is cut.
    expect(keys.plain(first)).toBe('pv-1');
    expect(keys.plain('pv:never-made')).toBe('never-made');
    expect(keys.of('pv-1')).toBe('pv:pv-1');
  });
});

type Tables = Record<'claimKeys' | 'protectedClaimKeys' | 'volumeKeys', PrefixedKeys>;

/** The sizes of the engine's three prefixed-key tables. */
function sizes(c: Cluster): number[] {
  const engine = (c as unknown as { engine: Tables }).engine;
  return [engine.claimKeys.size, engine.protectedClaimKeys.size, engine.volumeKeys.size];
}

const PV_FOR_NO_CLAIM = (name: string, claim: string) => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: /tmp/${name}}
  claimRef: {namespace: default, name: ${claim}}
`;

const POD_WITH_CLAIM = (name: string, claim: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${claim}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: c
    image: nginx
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: ${claim}}
`;

describe('the engine queue-key tables', () => {
  it('return to their size once the objects behind the keys are gone, round after round', () => {
    const c = createCluster({ seed: 9 });
    c.settle();
    const start = sizes(c);
    for (let round = 0; round < 3; round++) {
      // A StatefulSet's claims and their provisioned volumes, all deleted (volumes go on release).
      expect(c.apply(defaultExample({ replicas: 2 })).ok).toBe(true);
      c.settle();
      // While they live, the claim and volume tables hold their keys.
      const [claims, , volumes] = sizes(c);
      expect(claims).toBe((start[0] ?? 0) + 2);
      expect(volumes).toBe((start[2] ?? 0) + 2);
      expect(c.delete('sts', 'web').ok).toBe(true);
      c.settle();
      for (const claim of ['www-web-0', 'www-web-1']) expect(c.delete('pvc', claim).ok).toBe(true);
      c.settle();
      // A volume whose claimRef names a claim that never existed, then deleted.
      expect(c.apply(PV_FOR_NO_CLAIM(`static-${round}`, `nobody-${round}`)).ok).toBe(true);
      c.settle();
      expect(c.delete('pv', `static-${round}`).ok).toBe(true);
      c.settle();
      // A claim deleted while its pod runs (pvc-protection holds it), then the pod deleted.
      expect(c.apply(POD_WITH_CLAIM(`user-${round}`, `held-${round}`)).ok).toBe(true);
      c.settle();
      expect(c.delete('pvc', `held-${round}`).ok).toBe(true);
      c.settle();
      expect(c.delete('pod', `user-${round}`).ok).toBe(true);
      c.settle();
      expect(c.kubectl('get pvc,pv').stdout).not.toMatch(/www-web|static-|held-/);
      expect(sizes(c)).toEqual(start);
    }
  });
});
