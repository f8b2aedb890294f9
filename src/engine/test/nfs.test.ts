/**
 * The NFS client provisioner (nfs-subdir-external-provisioner / legacy nfs-client-provisioner) as
 * the course installs it: claims of its class wait until a provisioner pod runs, then get an
 * NFS-backed PV that any node can mount.
 */
import { describe, expect, it } from 'vitest';
import { isReady } from './harness.ts';
import {
  claim,
  claimPodYaml,
  eventsOn,
  exec,
  LEGACY_IMAGE,
  NFS_PATH,
  NFS_SERVER,
  nfsClaimYaml,
  nfsClassYaml,
  provisionerPodYaml,
  type ProvisionerPodOptions,
  reasonsOn,
  SUBDIR_IMAGE,
  volumeOf,
  waitingMessage,
} from './nfs-helpers.ts';
import { Sim } from './scenario-helpers-a.ts';

/** The scheduler's VolumeRestrictions plugin comes with the scheduler rewrite (branch wt-sched). */
const HAS_VOLUME_RESTRICTIONS = false;

const COMPONENT = /^fuseim\.pri\/ifs_nfs-client-provisioner_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A cluster with the class managed-nfs-storage (fuseim.pri/ifs) and, unless told, a running provisioner. */
function nfsSim(o: { provisioner?: boolean; classYaml?: string; podYaml?: string } = {}): Sim {
  const sim = new Sim();
  sim.apply(o.classYaml ?? nfsClassYaml());
  if (o.provisioner !== false) {
    sim.apply(o.podYaml ?? provisionerPodYaml());
    sim.until('provisioner Ready', () => isReady(sim.pod('nfs-client-provisioner')));
  }
  return sim;
}

describe('NFS provisioning waits for a running provisioner pod', () => {
  it('a claim waits with ExternalProvisioning while no provisioner runs, and its pod is unschedulable', () => {
    const sim = nfsSim({ provisioner: false });
    sim.apply(nfsClaimYaml({ name: 'data' }));
    sim.apply(claimPodYaml('app', 'data'));
    sim.settle();
    sim.advance(60_000);
    expect(claim(sim.cluster, 'data')?.status.phase).toBe('Pending');
    expect(sim.cluster.list('pv')).toEqual([]);
    const waiting = eventsOn(sim.cluster, 'PersistentVolumeClaim', 'data').filter((e) => e.reason === 'ExternalProvisioning');
    expect(waiting.map((e) => [e.type, e.message, e.source?.component])).toEqual([['Normal', waitingMessage('fuseim.pri/ifs'), 'persistentvolume-controller']]);
    // The PV controller keeps repeating it on its resync (one event, counted).
    expect(waiting[0]?.count).toBeGreaterThan(1);
    expect(reasonsOn(sim.cluster, 'PersistentVolumeClaim', 'data')).not.toContain('Provisioning');
    const scheduling = eventsOn(sim.cluster, 'Pod', 'app').find((e) => e.reason === 'FailedScheduling');
    expect(scheduling?.message).toContain('pod has unbound immediate PersistentVolumeClaims');
    expect(claim(sim.cluster, 'data')?.metadata.annotations?.['volume.kubernetes.io/storage-provisioner']).toBe('fuseim.pri/ifs');
  });

  it('provisions as soon as a provisioner pod turns Ready, with the provisioner events and an NFS PV', () => {
    const sim = nfsSim({ provisioner: false });
    sim.apply(nfsClaimYaml({ name: 'data', storage: '2Gi' }));
    sim.apply(claimPodYaml('app', 'data'));
    sim.settle();
    expect(claim(sim.cluster, 'data')?.status.phase).toBe('Pending');
    sim.apply(provisionerPodYaml());
    // settle() alone must carry it through: the provisioner's start wakes the waiting claim.
    sim.settle();
    const pvc = claim(sim.cluster, 'data');
    expect(pvc?.status.phase).toBe('Bound');
    const pv = volumeOf(sim.cluster, 'data');
    const uid = pvc?.metadata.uid ?? '';
    expect(pv?.metadata.name).toBe(`pvc-${uid}`);
    expect(pv?.spec.nfs).toEqual({ server: NFS_SERVER, path: `${NFS_PATH}/default-data-pvc-${uid}` });
    expect(pv?.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('fuseim.pri/ifs');
    expect(pv?.spec.nodeAffinity).toBeUndefined();
    expect(pv?.spec.capacity).toEqual({ storage: '2Gi' });
    expect(pv?.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(pv?.spec.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv?.spec.storageClassName).toBe('managed-nfs-storage');
    expect(pv?.spec.claimRef).toMatchObject({ name: 'data', namespace: 'default', uid });
    expect(pv?.status.phase).toBe('Bound');
    const events = eventsOn(sim.cluster, 'PersistentVolumeClaim', 'data');
    const fromProvisioner = events.filter((e) => e.reason === 'Provisioning' || e.reason === 'ProvisioningSucceeded');
    expect(fromProvisioner.map((e) => [e.reason, e.message])).toEqual([
      ['Provisioning', 'External provisioner is provisioning volume for claim "default/data"'],
      ['ProvisioningSucceeded', `Successfully provisioned volume pvc-${uid}`],
    ]);
    for (const e of fromProvisioner) expect(e.source?.component).toMatch(COMPONENT);
    expect(isReady(sim.pod('app'))).toBe(true);
  });

  it('takes reclaim policy and mount options from the class and access modes from the claim (RWX allowed)', () => {
    const sim = nfsSim({ classYaml: nfsClassYaml({ reclaimPolicy: 'Retain', mountOptions: ['nfsvers=4.1', 'hard'] }) });
    sim.apply(nfsClaimYaml({ name: 'shared', accessModes: ['ReadWriteMany'], storage: '500Mi' }));
    sim.settle();
    const pv = volumeOf(sim.cluster, 'shared');
    expect(pv?.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(pv?.spec.mountOptions).toEqual(['nfsvers=4.1', 'hard']);
    expect(pv?.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(pv?.spec.capacity).toEqual({ storage: '500Mi' });
    expect(claim(sim.cluster, 'shared')?.status.accessModes).toEqual(['ReadWriteMany']);
    expect(sim.cluster.kubectl('get pvc shared').stdout).toMatch(/shared\s+Bound\s+pvc-\S+\s+500Mi\s+RWX\s+managed-nfs-storage/);
  });

  it('local-path keeps refusing ReadWriteMany', () => {
    const sim = nfsSim({ provisioner: false });
    sim.apply(nfsClaimYaml({ name: 'rwx', className: 'standard', accessModes: ['ReadWriteMany'] }));
    sim.apply(claimPodYaml('app', 'rwx'));
    sim.settle();
    sim.advance(5_000);
    expect(claim(sim.cluster, 'rwx')?.status.phase).toBe('Pending');
    const failed = eventsOn(sim.cluster, 'PersistentVolumeClaim', 'rwx').find((e) => e.reason === 'ProvisioningFailed');
    expect(failed?.message).toBe('failed to provision volume with StorageClass "standard": Only support ReadWriteOnce access mode');
  });

  // Which pods count as a provisioner for the class `provisioner`.
  const cases: { name: string; pod: ProvisionerPodOptions; provisioner: string; serves: boolean }[] = [
    { name: 'legacy image, fuseim.pri/ifs', pod: {}, provisioner: 'fuseim.pri/ifs', serves: true },
    { name: 'nfs-subdir image, its usual name', pod: { image: SUBDIR_IMAGE, provisionerName: 'k8s-sigs.io/nfs-subdir-external-provisioner' }, provisioner: 'k8s-sigs.io/nfs-subdir-external-provisioner', serves: true },
    { name: 'nfs-subdir image, any other registered name', pod: { image: SUBDIR_IMAGE, provisionerName: 'example.com/nfs' }, provisioner: 'example.com/nfs', serves: true },
    { name: 'nfs-subdir image registered as fuseim.pri/ifs', pod: { image: SUBDIR_IMAGE }, provisioner: 'fuseim.pri/ifs', serves: true },
    { name: 'a different PROVISIONER_NAME', pod: { provisionerName: 'k8s-sigs.io/nfs-subdir-external-provisioner' }, provisioner: 'fuseim.pri/ifs', serves: false },
    { name: 'PROVISIONER_NAME unset (main() exits)', pod: { image: SUBDIR_IMAGE, provisionerName: null }, provisioner: 'k8s-sigs.io/nfs-subdir-external-provisioner', serves: false },
    { name: 'NFS_SERVER unset', pod: { server: null }, provisioner: 'fuseim.pri/ifs', serves: false },
    { name: 'NFS_PATH unset', pod: { path: null }, provisioner: 'fuseim.pri/ifs', serves: false },
    { name: 'a provisioner in its own namespace', pod: { namespace: 'nfs-provisioner' }, provisioner: 'fuseim.pri/ifs', serves: true },
    { name: 'not a provisioner image', pod: { image: 'busybox:1.36' }, provisioner: 'fuseim.pri/ifs', serves: false },
  ];
  it.each(cases)('$name → serves: $serves', ({ pod, provisioner, serves }) => {
    const sim = new Sim();
    if (pod.namespace) sim.apply(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${pod.namespace}\n`);
    sim.apply(nfsClassYaml({ provisioner }));
    sim.apply(provisionerPodYaml(pod));
    sim.apply(nfsClaimYaml({ name: 'data' }));
    sim.settle();
    sim.advance(30_000);
    expect(claim(sim.cluster, 'data')?.status.phase).toBe(serves ? 'Bound' : 'Pending');
    expect(sim.cluster.list('pv')).toHaveLength(serves ? 1 : 0);
    if (serves) {
      const source = eventsOn(sim.cluster, 'PersistentVolumeClaim', 'data').find((e) => e.reason === 'ProvisioningSucceeded')?.source?.component;
      expect(source?.startsWith(`${provisioner}_nfs-client-provisioner_`)).toBe(true);
    }
  });

  it('does not provision before the provisioner pod is Running and Ready', () => {
    const sim = nfsSim({ provisioner: false });
    sim.apply(nfsClaimYaml({ name: 'data' }));
    sim.apply(provisionerPodYaml());
    // The provisioner pod is scheduled and pulling its image: the claim still waits.
    sim.until('provisioner scheduled', () => !!sim.pod('nfs-client-provisioner')?.spec.nodeName);
    sim.advance(1_000);
    expect(isReady(sim.pod('nfs-client-provisioner'))).toBe(false);
    expect(claim(sim.cluster, 'data')?.status.phase).toBe('Pending');
    expect(reasonsOn(sim.cluster, 'PersistentVolumeClaim', 'data')).not.toContain('Provisioning');
    sim.until('claim bound', () => claim(sim.cluster, 'data')?.status.phase === 'Bound', 30_000);
  });

  it('after the provisioner pod is deleted, new claims wait again and bound ones stay Bound', () => {
    const sim = nfsSim();
    sim.apply(nfsClaimYaml({ name: 'first' }));
    sim.settle();
    expect(claim(sim.cluster, 'first')?.status.phase).toBe('Bound');
    sim.delete('pod', 'nfs-client-provisioner');
    sim.settle();
    expect(sim.pod('nfs-client-provisioner')).toBeUndefined();
    sim.apply(nfsClaimYaml({ name: 'second' }));
    sim.settle();
    sim.advance(60_000);
    expect(claim(sim.cluster, 'second')?.status.phase).toBe('Pending');
    expect(reasonsOn(sim.cluster, 'PersistentVolumeClaim', 'second')).toContain('ExternalProvisioning');
    expect(claim(sim.cluster, 'first')?.status.phase).toBe('Bound');
    expect(volumeOf(sim.cluster, 'first')?.status.phase).toBe('Bound');
    // A new provisioner picks the waiting claim up.
    sim.apply(provisionerPodYaml({ name: 'nfs-client-provisioner-2' }));
    sim.settle();
    expect(claim(sim.cluster, 'second')?.status.phase).toBe('Bound');
    const source = eventsOn(sim.cluster, 'PersistentVolumeClaim', 'second').find((e) => e.reason === 'ProvisioningSucceeded')?.source?.component;
    expect(source?.startsWith('fuseim.pri/ifs_nfs-client-provisioner-2_')).toBe(true);
  });

  it("a provisioner whose node goes down stops at once: new claims wait, existing volumes stay", () => {
    const sim = nfsSim({ podYaml: provisionerPodYaml({ nodeName: 'node-2' }) });
    sim.apply(nfsClaimYaml({ name: 'first' }));
    sim.settle();
    expect(claim(sim.cluster, 'first')?.status.phase).toBe('Bound');
    sim.inject({ type: 'node', node: 'node-2', state: 'down' });
    // Still before the node monitor grace period: the API still says Ready, but the process is gone.
    sim.apply(nfsClaimYaml({ name: 'second' }));
    sim.advance(10_000);
    expect(isReady(sim.pod('nfs-client-provisioner'))).toBe(true);
    expect(claim(sim.cluster, 'second')?.status.phase).toBe('Pending');
    sim.advance(120_000);
    expect(claim(sim.cluster, 'second')?.status.phase).toBe('Pending');
    expect(claim(sim.cluster, 'first')?.status.phase).toBe('Bound');
    sim.inject({ type: 'node', node: 'node-2', state: 'up' });
    sim.until('second bound once the node is back', () => claim(sim.cluster, 'second')?.status.phase === 'Bound', 120_000);
  });

  it('rejects a claim with a selector (claim Selector is not supported)', () => {
    const sim = nfsSim();
    sim.apply(nfsClaimYaml({ name: 'picky', selector: { tier: 'gold' } }));
    sim.settle();
    sim.advance(5_000);
    expect(claim(sim.cluster, 'picky')?.status.phase).toBe('Pending');
    const failed = eventsOn(sim.cluster, 'PersistentVolumeClaim', 'picky').filter((e) => e.reason === 'ProvisioningFailed');
    expect(failed.map((e) => [e.type, e.message])).toEqual([['Warning', 'claim Selector is not supported']]);
    expect(failed[0]?.source?.component).toMatch(COMPONENT);
  });

  it('WaitForFirstConsumer: provisions once a pod is scheduled, still without node affinity', () => {
    const sim = nfsSim({ classYaml: nfsClassYaml({ bindingMode: 'WaitForFirstConsumer' }) });
    sim.apply(nfsClaimYaml({ name: 'late' }));
    sim.settle();
    expect(claim(sim.cluster, 'late')?.status.phase).toBe('Pending');
    expect(reasonsOn(sim.cluster, 'PersistentVolumeClaim', 'late')).toEqual(['WaitForFirstConsumer']);
    sim.apply(claimPodYaml('app', 'late'));
    sim.settle();
    expect(claim(sim.cluster, 'late')?.status.phase).toBe('Bound');
    expect(volumeOf(sim.cluster, 'late')?.spec.nodeAffinity).toBeUndefined();
    expect(isReady(sim.pod('app'))).toBe(true);
  });
});

describe('pathPattern, reclaim and archiving (nfs-subdir)', () => {
  it.each([
    { image: SUBDIR_IMAGE, pattern: '${.PVC.namespace}/${.PVC.labels.team}/${.PVC.name}', want: `${NFS_PATH}/default/blue/data` },
    { image: SUBDIR_IMAGE, pattern: '${.PVC.annotations.nfs.io/storage-path}', want: `${NFS_PATH}/pinned-dir` },
    // An empty expansion falls back to the default directory name.
    { image: SUBDIR_IMAGE, pattern: '${.PVC.labels.missing}', want: 'default' },
    // The legacy nfs-client provisioner knows no pathPattern.
    { image: LEGACY_IMAGE, pattern: '${.PVC.name}', want: 'default' },
  ])('pathPattern $pattern on $image → $want', ({ image, pattern, want }) => {
    const sim = nfsSim({ classYaml: nfsClassYaml({ parameters: { pathPattern: pattern } }), podYaml: provisionerPodYaml({ image }) });
    sim.apply(nfsClaimYaml({ name: 'data', labels: { team: 'blue' }, annotations: { 'nfs.io/storage-path': 'pinned-dir' } }));
    sim.settle();
    const pv = volumeOf(sim.cluster, 'data');
    const expected = want === 'default' ? `${NFS_PATH}/default-data-${pv?.metadata.name ?? ''}` : want;
    expect(pv?.spec.nfs?.path).toBe(expected);
  });

  it('Delete policy: deleting the claim deletes the PV (and its files) through the provisioner', () => {
    const sim = nfsSim();
    sim.apply(nfsClaimYaml({ name: 'data' }));
    sim.settle();
    const pvName = volumeOf(sim.cluster, 'data')?.metadata.name ?? '';
    expect(pvName).not.toBe('');
    sim.delete('pvc', 'data');
    sim.settle();
    expect(sim.cluster.get('pv', pvName)).toBeUndefined();
    expect(sim.cluster.snapshot().volumes[pvName]).toBeUndefined();
    expect(reasonsOn(sim.cluster, 'PersistentVolume', pvName)).not.toContain('VolumeFailedDelete');
  });

  it('Delete policy without a running provisioner: the PV waits Released (no failure), then goes when one starts', () => {
    const sim = nfsSim();
    sim.apply(nfsClaimYaml({ name: 'data' }));
    sim.settle();
    const pvName = volumeOf(sim.cluster, 'data')?.metadata.name ?? '';
    sim.delete('pod', 'nfs-client-provisioner');
    sim.settle();
    sim.delete('pvc', 'data');
    sim.settle();
    sim.advance(60_000);
    expect((sim.cluster.get('pv', pvName)?.['status'] as { phase?: string } | undefined)?.phase).toBe('Released');
    expect(reasonsOn(sim.cluster, 'PersistentVolume', pvName)).toEqual([]);
    sim.apply(provisionerPodYaml());
    sim.settle();
    expect(sim.cluster.get('pv', pvName)).toBeUndefined();
  });

  it('Retain policy: the PV stays Released with its data', () => {
    const sim = nfsSim({ classYaml: nfsClassYaml({ reclaimPolicy: 'Retain' }) });
    sim.apply(nfsClaimYaml({ name: 'data' }));
    sim.apply(claimPodYaml('app', 'data'));
    sim.settle();
    expect(exec(sim.cluster, 'app', 'echo kept > /usr/share/nginx/html/index.html').code).toBe(0);
    const pvName = volumeOf(sim.cluster, 'data')?.metadata.name ?? '';
    sim.delete('pod', 'app');
    sim.delete('pvc', 'data');
    sim.settle();
    expect((sim.cluster.get('pv', pvName)?.['status'] as { phase?: string } | undefined)?.phase).toBe('Released');
    expect(sim.cluster.snapshot().volumes[pvName]?.['index.html']).toBe('kept\n');
  });
});

describe('one NFS volume, several pods on several nodes', () => {
  it.each([['ReadWriteMany'], ['ReadWriteOnce']])('%s: pods on two nodes mount the claim at once and see the same files', (mode) => {
    const sim = nfsSim();
    sim.apply(nfsClaimYaml({ name: 'shared', accessModes: [mode] }));
    sim.apply(claimPodYaml('writer', 'shared', 'node-1'));
    sim.apply(claimPodYaml('reader', 'shared', 'node-3'));
    sim.settle();
    expect(sim.pod('writer')?.spec.nodeName).toBe('node-1');
    expect(sim.pod('reader')?.spec.nodeName).toBe('node-3');
    expect(isReady(sim.pod('writer'))).toBe(true);
    expect(isReady(sim.pod('reader'))).toBe(true);
    expect(exec(sim.cluster, 'writer', 'echo hi from node-1 > /usr/share/nginx/html/index.html').code).toBe(0);
    expect(exec(sim.cluster, 'reader', 'cat /usr/share/nginx/html/index.html').stdout).toBe('hi from node-1\n');
    // And back the other way.
    exec(sim.cluster, 'reader', 'echo reply >> /usr/share/nginx/html/index.html');
    expect(exec(sim.cluster, 'writer', 'cat /usr/share/nginx/html/index.html').stdout).toBe('hi from node-1\nreply\n');
  });

  it('a local-path claim stays on its node: a second pod pinned elsewhere cannot schedule', () => {
    const sim = nfsSim({ provisioner: false });
    sim.apply(nfsClaimYaml({ name: 'local', className: 'standard' }));
    sim.apply(claimPodYaml('first', 'local', 'node-1'));
    sim.settle();
    expect(isReady(sim.pod('first'))).toBe(true);
    sim.apply(claimPodYaml('second', 'local', 'node-3'));
    sim.settle();
    expect(sim.pod('second')?.spec.nodeName).toBeUndefined();
    expect(reasonsOn(sim.cluster, 'Pod', 'second')).toContain('FailedScheduling');
  });
});

describe.skipIf(!HAS_VOLUME_RESTRICTIONS)('[needs wt-sched: VolumeRestrictions] ReadWriteOncePod on NFS', () => {
  it('a second pod using a ReadWriteOncePod claim stays Pending, wherever it asks to run', () => {
    const sim = nfsSim();
    sim.apply(nfsClaimYaml({ name: 'solo', accessModes: ['ReadWriteOncePod'] }));
    sim.apply(claimPodYaml('first', 'solo', 'node-1'));
    sim.settle();
    expect(isReady(sim.pod('first'))).toBe(true);
    sim.apply(claimPodYaml('second', 'solo'));
    sim.settle();
    sim.advance(30_000);
    expect(sim.pod('second')?.spec.nodeName).toBeUndefined();
    const failed = eventsOn(sim.cluster, 'Pod', 'second').find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toContain('node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode');
  });
});
