/**
 * The course's point about NFS: when the node of a StatefulSet pod dies, the pod can come back on
 * another node with the same claim, PV and data — which a node-local (local-path) volume forbids.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isReady } from './harness.ts';
import { claim, claimPodYaml, eventsOn, exec, nfsClaimYaml, provisionerPodYaml, reasonsOn, volumeOf } from './nfs-helpers.ts';
import { Sim } from './scenario-helpers-a.ts';
import { webYaml } from './fixtures.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const DOC = '/usr/share/nginx/html/index.html';

type Release = 'force-delete' | 'out-of-service';

interface Failed {
  sim: Sim;
  dead: string;
  uid: string;
  pvName: string;
}

/** web (3 replicas) on `storage`, a file written by web-1, then web-1's node goes down for good. */
function failWebOneNode(storage: 'nfs' | 'local-path'): Failed {
  const sim = new Sim();
  if (storage === 'nfs') {
    sim.apply(fixture('nfs-rbac.yaml'));
    sim.apply(fixture('nfs-class.yaml'));
    sim.apply(provisionerPodYaml());
    sim.apply(fixture('nfs-web.yaml'));
  } else {
    sim.apply(webYaml({ replicas: 3 }));
  }
  sim.settle();
  for (const name of ['web-0', 'web-1', 'web-2']) expect(isReady(sim.pod(name)), name).toBe(true);
  expect(exec(sim.cluster, 'web-1', `echo "written by web-1" > ${DOC}`).code).toBe(0);
  const dead = sim.pod('web-1')?.spec.nodeName ?? '';
  const uid = sim.uid('pod', 'web-1');
  const pvName = claim(sim.cluster, 'www-web-1')?.spec.volumeName ?? '';
  expect(pvName).not.toBe('');
  sim.inject({ type: 'node', node: dead, state: 'down' });
  return { sim, dead, uid, pvName };
}

function release(sim: Sim, dead: string, how: Release): void {
  if (how === 'force-delete') {
    const r = sim.cluster.kubectl('delete pod web-1 --force --grace-period=0');
    expect(r.code, r.stderr).toBe(0);
    sim.check();
    return;
  }
  // kubectl taint nodes <dead> node.kubernetes.io/out-of-service=nodeshutdown:NoExecute
  const taints = ((sim.cluster.get('node', dead)?.['spec'] as { taints?: unknown[] } | undefined)?.taints ?? []).slice();
  taints.push({ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' });
  sim.patch('node', dead, { spec: { taints } });
}

describe('a StatefulSet on NFS survives the loss of a node', () => {
  it('after the eviction timeline the pod is only marked for deletion: it stays Terminating on the dead node', () => {
    const { sim, dead, uid } = failWebOneNode('nfs');
    // 50 s node-monitor grace period, then the 300 s unreachable toleration, and some more.
    sim.advance(400_000);
    const web1 = sim.pod('web-1');
    expect(web1?.metadata.uid).toBe(uid);
    expect(web1?.metadata.deletionTimestamp).toBeDefined();
    expect(web1?.spec.nodeName).toBe(dead);
    expect(reasonsOn(sim.cluster, 'Pod', 'web-1')).toContain('TaintManagerEviction');
    expect(sim.cluster.kubectl('get pod web-1').stdout).toMatch(/web-1\s+1\/1\s+Terminating/);
  });

  it.each<Release>(['force-delete', 'out-of-service'])('%s: web-1 comes back on another node with the same claim, PV and data', (how) => {
    const { sim, dead, uid, pvName } = failWebOneNode('nfs');
    sim.advance(400_000);
    release(sim, dead, how);
    sim.until('web-1 recreated and Ready', () => {
      const p = sim.pod('web-1');
      return !!p && p.metadata.uid !== uid && isReady(p);
    });
    const web1 = sim.pod('web-1');
    expect(web1?.spec.nodeName).not.toBe(dead);
    expect(web1?.spec.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName).toBe('www-web-1');
    expect(claim(sim.cluster, 'www-web-1')?.spec.volumeName).toBe(pvName);
    expect(claim(sim.cluster, 'www-web-1')?.status.phase).toBe('Bound');
    expect(volumeOf(sim.cluster, 'www-web-1')?.spec.nfs?.server).toBe('10.0.0.20');
    expect(exec(sim.cluster, 'web-1', `cat ${DOC}`).stdout).toBe('written by web-1\n');
    // The other replicas, on live nodes, were never disturbed.
    for (const other of ['web-0', 'web-2']) {
      expect(sim.pod(other)?.spec.nodeName).not.toBe(dead);
      expect(isReady(sim.pod(other)), other).toBe(true);
    }
  });

  it('local-path cannot do it: the recreated web-1 stays Pending, its volume pinned to the dead node', () => {
    const { sim, dead, uid, pvName } = failWebOneNode('local-path');
    sim.advance(400_000);
    release(sim, dead, 'force-delete');
    sim.until('web-1 recreated', () => {
      const p = sim.pod('web-1');
      return !!p && p.metadata.uid !== uid;
    });
    sim.advance(60_000);
    const web1 = sim.pod('web-1');
    expect(web1?.spec.nodeName).toBeUndefined();
    expect(web1?.status.phase).toBe('Pending');
    const failed = eventsOn(sim.cluster, 'Pod', 'web-1').filter((e) => e.reason === 'FailedScheduling');
    expect(failed.at(-1)?.message).toBe(
      `0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 node(s) didn't match PersistentVolume's node affinity. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..`
    );
    const pv = sim.cluster.get('pv', pvName)?.['spec'] as { nodeAffinity?: unknown } | undefined;
    expect(JSON.stringify(pv?.nodeAffinity)).toContain(dead);
    // Once the node is back, web-1 starts there with its data.
    sim.inject({ type: 'node', node: dead, state: 'up' });
    sim.until('web-1 Ready on its old node', () => isReady(sim.pod('web-1')));
    expect(sim.pod('web-1')?.spec.nodeName).toBe(dead);
    expect(exec(sim.cluster, 'web-1', `cat ${DOC}`).stdout).toBe('written by web-1\n');
  });

  it('a new pod mounting a surviving RWX NFS claim starts on a live node while the old one is stuck', () => {
    const sim = new Sim();
    sim.apply(fixture('nfs-class.yaml'));
    sim.apply(provisionerPodYaml({ nodeName: 'node-3' }));
    sim.apply(nfsClaimYaml({ name: 'shared', accessModes: ['ReadWriteMany'] }));
    sim.apply(claimPodYaml('old', 'shared', 'node-1'));
    sim.settle();
    exec(sim.cluster, 'old', `echo before > ${DOC}`);
    sim.inject({ type: 'node', node: 'node-1', state: 'down' });
    sim.advance(60_000);
    sim.apply(claimPodYaml('new', 'shared', 'node-2'));
    sim.until('new Ready', () => isReady(sim.pod('new')));
    expect(exec(sim.cluster, 'new', `cat ${DOC}`).stdout).toBe('before\n');
  });
});
