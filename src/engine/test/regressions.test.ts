/** Behaviours an engine review found missing or wrong, pinned so they stay fixed. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index.ts';
import { defaultExample, NGINX_SERVICE, webYaml } from './fixtures.ts';
import { isReady, pod } from './harness.ts';

function ready(replicas = 1) {
  const c = createCluster();
  expect(c.apply(defaultExample({ replicas })).ok).toBe(true);
  c.settle();
  return c;
}

describe('review regressions', () => {
  it('a foreground cascade finishes: dependents go, then the StatefulSet', () => {
    const c = ready(3);
    expect(c.delete('sts', 'web', { cascade: 'foreground' }).ok).toBe(true);
    expect(c.get('sts', 'web')?.metadata.finalizers).toContain('foregroundDeletion');
    c.settle();
    expect(c.get('sts', 'web')).toBeUndefined();
    expect(c.list('pods')).toEqual([]);
    expect(c.list('controllerrevisions')).toEqual([]);
  });

  it('a readiness fault takes effect at the probe ticks (default period 10 s, failureThreshold 3)', () => {
    const c = ready(1);
    c.inject({ type: 'readiness', pod: 'web-0', ready: false });
    expect(isReady(pod(c, 'web-0'))).toBe(true);
    c.advance(15_000);
    expect(isReady(pod(c, 'web-0'))).toBe(true);
    c.advance(20_000);
    expect(isReady(pod(c, 'web-0'))).toBe(false);
    c.inject({ type: 'readiness', pod: 'web-0', ready: true });
    expect(isReady(pod(c, 'web-0'))).toBe(false);
    c.advance(10_000);
    expect(isReady(pod(c, 'web-0'))).toBe(true);
  });

  it('a claim template without metadata does not throw', () => {
    const c = createCluster();
    const yaml = webYaml({ claims: false }).replace('  template:', '  volumeClaimTemplates:\n  - spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: 1Gi}}\n  template:');
    expect(() => c.apply(yaml)).not.toThrow();
    expect(() => c.settle(30_000)).not.toThrow();
  });

  it('growing a claim needs a bound claim and an expandable class', () => {
    const c = ready(1);
    const refused = c.patch('pvc', 'www-web-0', { spec: { resources: { requests: { storage: '2Gi' } } } }, { type: 'merge' });
    expect(refused).toEqual({
      ok: false,
      message:
        'Error from server (Forbidden): persistentvolumeclaims "www-web-0" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    });
    c.patch('sc', 'standard', { allowVolumeExpansion: true }, { type: 'merge' });
    expect(c.patch('pvc', 'www-web-0', { spec: { resources: { requests: { storage: '2Gi' } } } }, { type: 'merge' }).ok).toBe(true);
    c.settle();
    expect((c.get('pvc', 'www-web-0')?.['status'] as { capacity?: { storage?: string } } | undefined)?.capacity?.storage).toBe('2Gi');
  });

  it('the out-of-service taint on a down node force-deletes its pods so they are recreated', () => {
    const c = ready(1);
    const old = pod(c, 'web-0');
    const node = old?.spec.nodeName ?? '';
    c.inject({ type: 'node', node, state: 'down' });
    c.advance(60_000);
    c.patch('node', node, { spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } }, { type: 'merge' });
    c.advance(1_000);
    expect(pod(c, 'web-0')?.metadata.uid).not.toBe(old?.metadata.uid);
  });

  it('local-path refuses ReadWriteMany claims', () => {
    const c = createCluster();
    c.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 1 }).replace('[ "ReadWriteOnce" ]', '[ "ReadWriteMany" ]')}`);
    c.settle(60_000);
    expect((c.get('pvc', 'www-web-0')?.['status'] as { phase?: string } | undefined)?.phase).toBe('Pending');
    expect(c.events().some((e) => e.reason === 'ProvisioningFailed' && e.message.includes('Only support ReadWriteOnce access mode'))).toBe(true);
  });

  it('DNS: a bare SRV query on a ClusterIP service answers under the query name; pod A records decode the IP', () => {
    const c = createCluster();
    expect(c.resolve('kubernetes', { type: 'SRV' }).records.map((r) => r.name)).toEqual(['kubernetes.default.svc.cluster.local.']);
    expect(c.resolve('10-244-1-2.default.pod.cluster.local').records.map((r) => r.data)).toEqual(['10.244.1.2']);
  });

  it('a deleted pod keeps Ready until its containers stop (it counts in readyReplicas), but leaves DNS at once', () => {
    const c = ready(1);
    c.delete('pod', 'web-0');
    const p = pod(c, 'web-0');
    expect(p?.metadata.deletionTimestamp).toBeDefined();
    expect(isReady(p)).toBe(true);
    expect(c.resolve('web-0.nginx').rcode).toBe('NXDOMAIN');
  });
});
