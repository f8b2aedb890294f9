/**
 * storage-dns-kubectl.md §6 checklist items 1–8 (storage, DNS, pod lifecycle, node failure), table-driven
 * where the rule is a table, through the public engine API only.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type K8sObject } from '../index.ts';
import { NGINX_SERVICE, webYaml } from './fixtures.ts';
import { advanceUntil, isReady, pod } from './harness.ts';
import {
  allReady,
  claimYaml,
  containerStatus,
  eventsFor,
  isContainerRunning,
  mark,
  nodeOf,
  phaseOf,
  podIP,
  podWithClaim,
  readyCondition,
  setupWeb,
  status,
  storageClassYaml,
  uidOf,
  volumeYaml,
  type ClaimOptions,
  type VolumeOptions,
} from './scenario-helpers-b.ts';

const ZONE = 'svc.cluster.local';
const PREEMPTION = ' preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

function waitFor(c: Cluster, what: string, done: () => boolean, maxMs = 600_000, stepMs = 250): void {
  expect(advanceUntil(c, done, maxMs, stepMs), `timed out waiting for: ${what}`).toBe(true);
}

function applyOk(c: Cluster, yaml: string): void {
  const r = c.apply(yaml);
  expect(r.errors).toEqual([]);
  expect(r.ok).toBe(true);
}

function claimSpec(c: Cluster, name: string): { storageClassName?: string | null; volumeName?: string } {
  return (c.get('pvc', name)?.['spec'] ?? {}) as { storageClassName?: string | null; volumeName?: string };
}

function claimStatus(c: Cluster, name: string): { phase?: string; capacity?: { storage?: string } } {
  return (c.get('pvc', name)?.['status'] ?? {}) as { phase?: string; capacity?: { storage?: string } };
}

function pvSpec(pv: K8sObject | undefined): {
  claimRef?: { name?: string; namespace?: string; uid?: string };
  nodeAffinity?: { required?: { nodeSelectorTerms?: { matchExpressions?: { key: string; values?: string[] }[] }[] } };
  persistentVolumeReclaimPolicy?: string;
} {
  return (pv?.['spec'] ?? {}) as ReturnType<typeof pvSpec>;
}

function eventMessages(c: Cluster, kind: string, name: string, reason: string): { type: string; message: string }[] {
  return eventsFor(c, kind, name)
    .filter((e) => e.reason === reason)
    .map((e) => ({ type: e.type, message: e.message }));
}

const cordonAll = (c: Cluster, on: boolean) => {
  for (const n of ['node-1', 'node-2', 'node-3']) c.patch('node', n, { spec: { unschedulable: on } });
};

const manual = (name: string, storage: string, extra: Partial<VolumeOptions> = {}): VolumeOptions => ({ name, storage, storageClassName: 'manual', ...extra });

function ready3(): Cluster {
  const c = createCluster();
  setupWeb(c);
  return c;
}

const clusterIpService = (name: string, app: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${app}\n  ports:\n  - port: 80\n    name: web\n`;

const UNREACHABLE = 'node.kubernetes.io/unreachable';

function nodeReady(c: Cluster, node: string): string | undefined {
  return readyCondition(c.get('node', node));
}

function taints(c: Cluster, node: string): { key: string; effect: string }[] {
  const spec = c.get('node', node)?.['spec'] as { taints?: { key: string; effect: string }[] } | undefined;
  return (spec?.taints ?? []).map((t) => ({ key: t.key, effect: t.effect }));
}

/** 3 Ready; web-0's node goes down at t0 and stays down through eviction (t0 + 50 s + 300 s). */
function failNode(): { c: Cluster; node: string; t0: number; uid: string } {
  const c = createCluster();
  setupWeb(c);
  const node = nodeOf(c, 'web-0');
  const uid = uidOf(c, 'pod', 'web-0');
  const t0 = mark(c);
  expect(c.inject({ type: 'node', node, state: 'down' }).ok).toBe(true);

  c.advance(49_000);
  expect(nodeReady(c, node)).toBe('True');
  expect(isReady(pod(c, 'web-0'))).toBe(true);
  c.advance(1_000); // t0 + 50 s: node-monitor-grace-period
  expect(nodeReady(c, node)).toBe('Unknown');
  expect(taints(c, node)).toEqual(expect.arrayContaining([
    { key: UNREACHABLE, effect: 'NoSchedule' },
    { key: UNREACHABLE, effect: 'NoExecute' },
  ]));
  const onNode = c.list('pods', 'default').filter((p) => (p['spec'] as { nodeName?: string }).nodeName === node);
  expect(onNode.length).toBeGreaterThan(0);
  for (const p of onNode) {
    expect(readyCondition(p), p.metadata.name).toBe('False');
    expect(phaseOf(p)).toBe('Running');
  }
  expect(c.resolve('web-0.nginx')).toEqual({ rcode: 'NXDOMAIN', records: [] });
  expect(status(c)['readyReplicas']).toBe(2);

  c.advance(299_000);
  expect(pod(c, 'web-0')?.metadata.deletionTimestamp).toBeUndefined();
  c.advance(1_000); // t0 + 350 s: the 300 s toleration ran out
  expect(pod(c, 'web-0')?.metadata.deletionTimestamp).toBeDefined();
  expect(eventMessages(c, 'Pod', 'web-0', 'TaintManagerEviction')).toEqual([{ type: 'Normal', message: 'Marking for deletion Pod default/web-0' }]);

  c.advance(600_000);
  expect(uidOf(c, 'pod', 'web-0')).toBe(uid);
  expect(pod(c, 'web-0')?.metadata.deletionTimestamp).toBeDefined();
  expect(c.changes(t0).filter((ch) => ch.kind === 'Pod' && ch.name === 'web-0' && ch.type !== 'MODIFIED')).toEqual([]);
  return { c, node, t0, uid };
}

// ---------------------------------------------------------------------------------------------
describe('§6.1 PV matching (static binding)', () => {
  interface Row {
    name: string;
    volumes: VolumeOptions[];
    claim: ClaimOptions;
    expected: string;
    capacity: string;
  }
  const rows: Row[] = [
    {
      name: 'smallest Available PV that fits wins; the claim shows the PV capacity',
      volumes: [manual('pv-5g', '5Gi'), manual('pv-500m', '500Mi'), manual('pv-2g', '2Gi'), manual('pv-10g', '10Gi')],
      claim: { name: 'data', storage: '1Gi', storageClassName: 'manual' },
      expected: 'pv-2g',
      capacity: '2Gi',
    },
    {
      name: 'only PVs of the same class match',
      volumes: [manual('pv-slow', '1Gi', { storageClassName: 'slow' }), manual('pv-manual', '3Gi')],
      claim: { name: 'data', storage: '1Gi', storageClassName: 'manual' },
      expected: 'pv-manual',
      capacity: '3Gi',
    },
    {
      name: '"" is a class of its own: a no-class claim takes only a no-class PV',
      volumes: [manual('pv-manual', '1Gi'), manual('pv-none', '4Gi', { storageClassName: '' })],
      claim: { name: 'data', storage: '1Gi', storageClassName: '' },
      expected: 'pv-none',
      capacity: '4Gi',
    },
    {
      name: 'access modes must be a superset; the group with fewest modes is tried first',
      volumes: [
        manual('pv-rwo', '1Gi', { accessModes: ['ReadWriteOnce'] }),
        manual('pv-rwo-rwx', '2Gi', { accessModes: ['ReadWriteOnce', 'ReadWriteMany'] }),
        manual('pv-all', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] }),
      ],
      claim: { name: 'data', storage: '1Gi', storageClassName: 'manual', accessModes: ['ReadWriteMany'] },
      expected: 'pv-rwo-rwx',
      capacity: '2Gi',
    },
    {
      name: 'a claim selector restricts the candidates',
      volumes: [manual('pv-plain', '1Gi'), manual('pv-gold', '5Gi', { labels: { tier: 'gold' } })],
      claim: { name: 'data', storage: '1Gi', storageClassName: 'manual', selector: { tier: 'gold' } },
      expected: 'pv-gold',
      capacity: '5Gi',
    },
    {
      name: 'a PV pre-bound to the claim wins and ignores class',
      volumes: [manual('pv-fit', '1Gi'), manual('pv-reserved', '10Gi', { storageClassName: 'slow', claimRef: { namespace: 'default', name: 'data' } })],
      claim: { name: 'data', storage: '1Gi', storageClassName: 'manual' },
      expected: 'pv-reserved',
      capacity: '10Gi',
    },
    {
      name: 'the volumeMode must be the same (nil counts as Filesystem)',
      volumes: [manual('pv-block', '1Gi', { volumeMode: 'Block' }), manual('pv-fs', '3Gi')],
      claim: { name: 'data', storage: '1Gi', storageClassName: 'manual' },
      expected: 'pv-fs',
      capacity: '3Gi',
    },
    {
      name: 'a PV reserved for another claim is skipped',
      volumes: [manual('pv-taken', '1Gi', { claimRef: { namespace: 'default', name: 'other' } }), manual('pv-free', '2Gi')],
      claim: { name: 'data', storage: '1Gi', storageClassName: 'manual' },
      expected: 'pv-free',
      capacity: '2Gi',
    },
  ];

  it.each(rows)('$name', (row) => {
    const c = createCluster();
    applyOk(c, row.volumes.map((v) => volumeYaml(v)).join('---\n'));
    c.settle();
    for (const v of row.volumes) {
      if (!v.claimRef) expect(phaseOf(c.get('pv', v.name)), v.name).toBe('Available');
    }
    applyOk(c, claimYaml(row.claim));
    waitFor(c, 'claim Bound', () => claimStatus(c, row.claim.name).phase === 'Bound', 60_000);
    expect(claimSpec(c, row.claim.name).volumeName).toBe(row.expected);
    expect(claimStatus(c, row.claim.name).capacity?.storage).toBe(row.capacity);
    const pv = c.get('pv', row.expected);
    expect(phaseOf(pv)).toBe('Bound');
    expect(pvSpec(pv).claimRef?.uid).toBe(uidOf(c, 'pvc', row.claim.name));
    for (const v of row.volumes.filter((x) => x.name !== row.expected)) {
      expect(pvSpec(c.get('pv', v.name)).claimRef?.name ?? '', v.name).not.toBe(row.claim.name);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('§6.2 storage class resolution', () => {
  it('nil class → the default class (the newest of several defaults)', () => {
    const c = createCluster();
    applyOk(c, claimYaml({ name: 'first' }));
    expect(claimSpec(c, 'first').storageClassName).toBe('standard');
    c.advance(5_000);
    applyOk(c, storageClassYaml('fast', { isDefault: true, bindingMode: 'WaitForFirstConsumer' }));
    applyOk(c, claimYaml({ name: 'second' }));
    expect(claimSpec(c, 'second').storageClassName).toBe('fast');
  });

  it('"" → never defaulted, never provisioned; no PV ⇒ Normal FailedBinding, stays Pending', () => {
    const c = createCluster();
    applyOk(c, claimYaml({ name: 'data', storageClassName: '' }));
    c.advance(60_000);
    expect(claimSpec(c, 'data').storageClassName).toBe('');
    expect(claimStatus(c, 'data').phase).toBe('Pending');
    expect(c.list('pv')).toEqual([]);
    expect(c.get('pvc', 'data')?.metadata.annotations?.['volume.kubernetes.io/storage-provisioner']).toBeUndefined();
    expect(eventMessages(c, 'PersistentVolumeClaim', 'data', 'FailedBinding')).toEqual([
      { type: 'Normal', message: 'no persistent volumes available for this claim and no storage class is set' },
    ]);
  });

  it('a class that does not exist → Pending with Warning ProvisioningFailed', () => {
    const c = createCluster();
    applyOk(c, claimYaml({ name: 'data', storageClassName: 'managed-nfs-storage' }));
    c.advance(30_000);
    expect(claimStatus(c, 'data').phase).toBe('Pending');
    expect(c.list('pv')).toEqual([]);
    const failed = eventMessages(c, 'PersistentVolumeClaim', 'data', 'ProvisioningFailed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toEqual({ type: 'Warning', message: 'storageclass.storage.k8s.io "managed-nfs-storage" not found' });
  });

  it('no class and no PV → Normal FailedBinding; a default class created later is written onto the nil-class claim', () => {
    const c = createCluster({ defaultStorageClass: false });
    applyOk(c, claimYaml({ name: 'data' }));
    c.advance(20_000);
    expect(claimSpec(c, 'data').storageClassName ?? null).toBeNull();
    expect(claimStatus(c, 'data').phase).toBe('Pending');
    expect(eventMessages(c, 'PersistentVolumeClaim', 'data', 'FailedBinding')[0]).toEqual({
      type: 'Normal',
      message: 'no persistent volumes available for this claim and no storage class is set',
    });
    applyOk(c, storageClassYaml('late', { isDefault: true, bindingMode: 'WaitForFirstConsumer' }));
    waitFor(c, 'class assigned', () => claimSpec(c, 'data').storageClassName === 'late', 60_000);
  });
});

// ---------------------------------------------------------------------------------------------
describe('§6.3 volumeBindingMode', () => {
  it('WaitForFirstConsumer: Pending with WaitForFirstConsumer until a pod is scheduled, then provisioned on its node', () => {
    const c = createCluster();
    applyOk(c, claimYaml({ name: 'data' }));
    c.advance(30_000);
    expect(claimStatus(c, 'data').phase).toBe('Pending');
    expect(c.list('pv')).toEqual([]);
    expect(eventMessages(c, 'PersistentVolumeClaim', 'data', 'WaitForFirstConsumer')[0]).toEqual({
      type: 'Normal',
      message: 'waiting for first consumer to be created before binding',
    });

    applyOk(c, podWithClaim('consumer', 'data'));
    waitFor(c, 'consumer Ready', () => isReady(pod(c, 'consumer')), 60_000);
    const node = nodeOf(c, 'consumer');
    expect(node).not.toBe('');
    expect(c.get('pvc', 'data')?.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node);
    expect(claimStatus(c, 'data').phase).toBe('Bound');
    const pv = c.get('pv', claimSpec(c, 'data').volumeName ?? '');
    expect(pvSpec(pv).nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]).toMatchObject({ key: 'kubernetes.io/hostname', values: [node] });
  });

  it('WaitForFirstConsumer with an unscheduled consumer: Normal WaitForPodScheduled', () => {
    const c = createCluster();
    cordonAll(c, true);
    applyOk(c, `${claimYaml({ name: 'data' })}---\n${podWithClaim('consumer', 'data')}`);
    c.advance(20_000);
    expect(eventMessages(c, 'PersistentVolumeClaim', 'data', 'WaitForPodScheduled')[0]).toEqual({
      type: 'Normal',
      message: 'waiting for pod consumer to be scheduled',
    });
    expect(c.list('pv')).toEqual([]);
  });

  it('Immediate: provisioned at claim creation with no pod; a pod waits with "pod has unbound immediate PersistentVolumeClaims"', () => {
    const c = createCluster();
    applyOk(c, storageClassYaml('immediate', { provisioner: 'rancher.io/local-path', bindingMode: 'Immediate' }));
    applyOk(c, claimYaml({ name: 'alone', storageClassName: 'immediate' }));
    waitFor(c, 'alone Bound', () => claimStatus(c, 'alone').phase === 'Bound', 60_000);
    expect(c.list('pods')).toEqual([]);
    const pv = c.get('pv', claimSpec(c, 'alone').volumeName ?? '');
    expect(phaseOf(pv)).toBe('Bound');
    expect(pvSpec(pv).nodeAffinity).toBeUndefined();

    applyOk(c, `${claimYaml({ name: 'data', storageClassName: 'immediate' })}---\n${podWithClaim('consumer', 'data')}`);
    c.advance(200);
    expect(pod(c, 'consumer')?.spec.nodeName).toBeUndefined();
    expect(eventMessages(c, 'Pod', 'consumer', 'FailedScheduling')[0]).toEqual({
      type: 'Warning',
      message: `0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.${PREEMPTION}`,
    });
    waitFor(c, 'consumer Ready', () => isReady(pod(c, 'consumer')), 60_000);
    expect(claimStatus(c, 'data').phase).toBe('Bound');
  });
});

// ---------------------------------------------------------------------------------------------
describe('§6.4 claim deletion and reclaim', () => {
  it('a claim in use stays Terminating until its pod is gone; then its Delete-policy PV is Released and removed', () => {
    const c = createCluster();
    applyOk(c, `${claimYaml({ name: 'data' })}---\n${podWithClaim('consumer', 'data')}`);
    waitFor(c, 'consumer Ready', () => isReady(pod(c, 'consumer')), 60_000);
    const pvName = claimSpec(c, 'data').volumeName ?? '';
    expect(pvSpec(c.get('pv', pvName)).persistentVolumeReclaimPolicy).toBe('Delete');

    expect(c.delete('pvc', 'data').ok).toBe(true);
    c.advance(120_000);
    const claim = c.get('pvc', 'data');
    expect(claim?.metadata.deletionTimestamp).toBeDefined();
    expect(claim?.metadata.finalizers).toContain('kubernetes.io/pvc-protection');
    expect(isReady(pod(c, 'consumer'))).toBe(true);

    const since = mark(c);
    c.delete('pod', 'consumer');
    waitFor(c, 'claim and PV gone', () => !c.get('pvc', 'data') && !c.get('pv', pvName), 120_000);
    const pvPhases = c
      .changes(since)
      .filter((ch) => ch.kind === 'PersistentVolume' && ch.name === pvName && ch.type !== 'DELETED')
      .map((ch) => phaseOf(ch.object));
    expect(pvPhases).toContain('Released');
    const order = c.changes(since).filter((ch) => ch.type === 'DELETED' && ['Pod', 'PersistentVolumeClaim', 'PersistentVolume'].includes(ch.kind));
    expect(order.map((ch) => ch.kind)).toEqual(['Pod', 'PersistentVolumeClaim', 'PersistentVolume']);
  });

  it('Retain: the PV stays Released with its claimRef; a new claim of the same name does not bind to it', () => {
    const c = createCluster();
    applyOk(c, storageClassYaml('keep', { reclaimPolicy: 'Retain', bindingMode: 'WaitForFirstConsumer' }));
    applyOk(c, `${claimYaml({ name: 'data', storageClassName: 'keep' })}---\n${podWithClaim('consumer', 'data')}`);
    waitFor(c, 'consumer Ready', () => isReady(pod(c, 'consumer')), 60_000);
    const pvName = claimSpec(c, 'data').volumeName ?? '';
    const oldUid = uidOf(c, 'pvc', 'data');
    c.delete('pod', 'consumer');
    c.delete('pvc', 'data');
    waitFor(c, 'claim gone', () => !c.get('pvc', 'data'), 120_000);
    c.advance(300_000);
    const pv = c.get('pv', pvName);
    expect(phaseOf(pv)).toBe('Released');
    expect(pvSpec(pv).claimRef).toMatchObject({ namespace: 'default', name: 'data', uid: oldUid });

    applyOk(c, `${claimYaml({ name: 'data', storageClassName: 'keep' })}---\n${podWithClaim('consumer', 'data')}`);
    waitFor(c, 'new consumer Ready', () => isReady(pod(c, 'consumer')), 120_000);
    expect(claimSpec(c, 'data').volumeName).not.toBe(pvName);
    expect(phaseOf(c.get('pv', pvName))).toBe('Released');
    expect(pvSpec(c.get('pv', pvName)).claimRef?.uid).toBe(oldUid);
  });

  const reuse: { name: string; patch: unknown; type: 'merge' | 'json' }[] = [
    { name: 'claimRef removed (patch spec.claimRef null)', patch: { spec: { claimRef: null } }, type: 'merge' },
    { name: 'claimRef uid removed (json patch)', patch: [{ op: 'remove', path: '/spec/claimRef/uid' }], type: 'json' },
  ];
  it.each(reuse)('a Released PV becomes Available after $name, and the next claim of that name binds to it', (row) => {
    const c = createCluster();
    applyOk(c, volumeYaml({ name: 'pv-keep', storage: '2Gi', storageClassName: 'manual' }));
    applyOk(c, claimYaml({ name: 'data', storageClassName: 'manual' }));
    waitFor(c, 'first claim Bound', () => claimStatus(c, 'data').phase === 'Bound', 60_000);
    expect(claimSpec(c, 'data').volumeName).toBe('pv-keep');
    c.delete('pvc', 'data');
    waitFor(c, 'PV Released', () => !c.get('pvc', 'data') && phaseOf(c.get('pv', 'pv-keep')) === 'Released', 60_000);

    applyOk(c, claimYaml({ name: 'data', storageClassName: 'manual' }));
    c.advance(60_000);
    expect(claimStatus(c, 'data').phase).toBe('Pending');
    expect(phaseOf(c.get('pv', 'pv-keep'))).toBe('Released');

    const r = c.patch('pv', 'pv-keep', row.patch, { type: row.type });
    expect(r.ok, r.message).toBe(true);
    waitFor(c, 'PV Available or Bound', () => ['Available', 'Bound'].includes(phaseOf(c.get('pv', 'pv-keep')) ?? ''), 60_000, 50);
    waitFor(c, 'new claim Bound to pv-keep', () => claimStatus(c, 'data').phase === 'Bound', 120_000);
    expect(claimSpec(c, 'data').volumeName).toBe('pv-keep');
    expect(pvSpec(c.get('pv', 'pv-keep')).claimRef?.uid).toBe(uidOf(c, 'pvc', 'data'));
  });
});

// ---------------------------------------------------------------------------------------------
describe('§6.5 DNS (CoreDNS answers)', () => {
  it('per-pod A records, the headless name, SRV and PTR for a Ready set', () => {
    const c = ready3();
    const ips = ['web-0', 'web-1', 'web-2'].map((n) => podIP(c, n));
    expect(c.resolve('web-0.nginx')).toEqual({
      rcode: 'NOERROR',
      records: [{ name: `web-0.nginx.default.${ZONE}.`, type: 'A', ttl: 30, data: ips[0] }],
    });
    const all = c.resolve('nginx');
    expect(all.rcode).toBe('NOERROR');
    expect(all.records.map((r) => r.data).sort()).toEqual([...ips].sort());
    expect(all.records.every((r) => r.name === `nginx.default.${ZONE}.` && r.ttl === 30 && r.type === 'A')).toBe(true);

    const srv = c.resolve(`_web._tcp.nginx.default.${ZONE}`, { type: 'SRV' });
    expect(srv.rcode).toBe('NOERROR');
    expect(srv.records.map((r) => r.data).sort()).toEqual([0, 1, 2].map((i) => `0 33 80 web-${i}.nginx.default.${ZONE}.`));

    const [a, b, cc, d] = (ips[1] ?? '').split('.');
    const ptr = c.resolve(`${d}.${cc}.${b}.${a}.in-addr.arpa`, { type: 'PTR' });
    expect(ptr).toEqual({ rcode: 'NOERROR', records: [{ name: `${d}.${cc}.${b}.${a}.in-addr.arpa.`, type: 'PTR', ttl: 30, data: `web-1.nginx.default.${ZONE}.` }] });
  });

  it.each([
    { replicas: 1, weight: 100 },
    { replicas: 2, weight: 50 },
    { replicas: 3, weight: 33 },
    { replicas: 4, weight: 25 },
  ])('SRV weight is floor(100/N), priority 0: N=$replicas → $weight', ({ replicas, weight }) => {
    const c = createCluster();
    setupWeb(c, { replicas });
    const srv = c.resolve('_web._tcp.nginx', { type: 'SRV' });
    expect(srv.records).toHaveLength(replicas);
    for (const r of srv.records) {
      const [priority, w, port, target] = r.data.split(' ');
      expect([priority, w, port]).toEqual(['0', String(weight), '80']);
      expect(target).toMatch(new RegExp(`^web-\\d\\.nginx\\.default\\.svc\\.cluster\\.local\\.$`));
    }
  });

  it('only Ready pods are in DNS; a headless service with no ready endpoint is NXDOMAIN', () => {
    const c = ready3();
    c.inject({ type: 'readiness', pod: 'web-1', ready: false });
    waitFor(c, 'web-1 unready', () => !isReady(pod(c, 'web-1')), 60_000);
    expect(c.resolve('web-1.nginx')).toEqual({ rcode: 'NXDOMAIN', records: [] });
    expect(c.resolve('nginx').records.map((r) => r.data).sort()).toEqual([podIP(c, 'web-0'), podIP(c, 'web-2')].sort());
    expect(c.resolve('_web._tcp.nginx', { type: 'SRV' }).records.map((r) => r.data).sort()).toEqual(
      [0, 2].map((i) => `0 50 80 web-${i}.nginx.default.${ZONE}.`)
    );
    const [a, b, cc, d] = podIP(c, 'web-1').split('.');
    expect(c.resolve(`${d}.${cc}.${b}.${a}.in-addr.arpa`, { type: 'PTR' }).rcode).toBe('NXDOMAIN');

    c.inject({ type: 'readiness', pod: 'web-0', ready: false });
    c.inject({ type: 'readiness', pod: 'web-2', ready: false });
    waitFor(c, 'none ready', () => ['web-0', 'web-1', 'web-2'].every((n) => !isReady(pod(c, n))), 60_000);
    expect(c.resolve('nginx')).toEqual({ rcode: 'NXDOMAIN', records: [] });
  });

  it('a ClusterIP service always answers its VIP, with or without endpoints', () => {
    const c = ready3();
    applyOk(c, `${clusterIpService('web-vip', 'nginx')}---\n${clusterIpService('nobody', 'missing')}`);
    c.advance(1_000);
    for (const name of ['web-vip', 'nobody']) {
      const vip = (c.get('svc', name)?.['spec'] as { clusterIP?: string } | undefined)?.clusterIP ?? '';
      expect(vip).toMatch(/^10\.96\./);
      expect(c.resolve(name)).toEqual({ rcode: 'NOERROR', records: [{ name: `${name}.default.${ZONE}.`, type: 'A', ttl: 30, data: vip }] });
      const [a, b, cc, d] = vip.split('.');
      expect(c.resolve(`${d}.${cc}.${b}.${a}.in-addr.arpa`, { type: 'PTR' }).records.map((r) => r.data)).toEqual([`${name}.default.${ZONE}.`]);
      expect(c.resolve(`_web._tcp.${name}`, { type: 'SRV' }).records.map((r) => r.data)).toEqual([`0 100 80 ${name}.default.${ZONE}.`]);
    }
  });

  it('the legacy Endpoints lists addresses by IP text, then uid (RepackSubsets), not by pod name', () => {
    // 150 pods on 2 nodes: two EndpointSlices, and IPs such as 10.244.1.10 that sort before 10.244.1.9.
    const c = createCluster({ nodes: 2, seed: 4 });
    applyOk(c, `${NGINX_SERVICE}---\n${webYaml({ replicas: 150, policy: 'Parallel' })}`);
    waitFor(c, '150 Ready', () => allReady(c, 150), 3_600_000);
    c.inject({ type: 'readiness', pod: 'web-7', ready: false });
    c.inject({ type: 'readiness', pod: 'web-120', ready: false });
    waitFor(c, 'two unready', () => !isReady(pod(c, 'web-7')) && !isReady(pod(c, 'web-120')), 120_000);
    const subsets = c.get('ep', 'nginx')?.['subsets'] as { addresses: { ip: string; targetRef: { name: string } }[]; notReadyAddresses: { ip: string }[] }[];
    const ready = subsets[0]?.addresses ?? [];
    const ips = ready.map((a) => a.ip);
    expect(ips).toHaveLength(148);
    expect(ips).toEqual(ips.toSorted());
    expect(ready.map((a) => a.targetRef.name)).not.toEqual(ready.map((a) => a.targetRef.name).toSorted((x, y) => x.localeCompare(y, 'en', { numeric: true })));
    expect(subsets[0]?.notReadyAddresses.map((a) => a.ip)).toEqual([podIP(c, 'web-7'), podIP(c, 'web-120')].toSorted());
    // kubectl shows the first three of that order.
    const line = c.kubectl('get ep nginx').stdout.split('\n')[1] ?? '';
    expect(line).toContain(`${ips.slice(0, 3).map((ip) => `${ip}:80`).join(',')} + 145 more...`);
  });

  it('publishNotReadyAddresses keeps unready pods in DNS', () => {
    const c = createCluster();
    applyOk(c, `${NGINX_SERVICE.replace('  clusterIP: None\n', '  clusterIP: None\n  publishNotReadyAddresses: true\n')}---\n${webYaml()}`);
    waitFor(c, '3 Ready', () => allReady(c, 3));
    c.inject({ type: 'readiness', pod: 'web-1', ready: false });
    waitFor(c, 'web-1 unready', () => !isReady(pod(c, 'web-1')), 60_000);
    expect(c.resolve('web-1.nginx').records.map((r) => r.data)).toEqual([podIP(c, 'web-1')]);
    expect(c.resolve('nginx').records).toHaveLength(3);
  });

  it('short names expand with the pod search path of the asking namespace', () => {
    const c = ready3();
    applyOk(c, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n');
    const ip = podIP(c, 'web-0');
    expect(c.resolve('web-0.nginx').records.map((r) => [r.name, r.data])).toEqual([[`web-0.nginx.default.${ZONE}.`, ip]]);
    expect(c.resolve('web-0.nginx', { namespace: 'other' })).toEqual({ rcode: 'NXDOMAIN', records: [] });
    expect(c.resolve('web-0.nginx.default', { namespace: 'other' }).records.map((r) => [r.name, r.data])).toEqual([[`web-0.nginx.default.${ZONE}.`, ip]]);
    expect(c.resolve(`web-0.nginx.default.${ZONE}.`, { namespace: 'other' }).records.map((r) => r.data)).toEqual([ip]);
  });

  it('a Service named differently from serviceName gives no <pod>.<svc> record (dashed-IP names instead)', () => {
    const c = createCluster();
    applyOk(c, `${NGINX_SERVICE.replace('name: nginx\n', 'name: web-svc\n')}---\n${webYaml()}`);
    waitFor(c, '3 Ready', () => allReady(c, 3));
    expect(c.resolve('web-0.web-svc')).toEqual({ rcode: 'NXDOMAIN', records: [] });
    expect(c.resolve('web-0.nginx')).toEqual({ rcode: 'NXDOMAIN', records: [] });
    expect(c.resolve('web-svc').records).toHaveLength(3);
    const ip = podIP(c, 'web-0');
    expect(c.resolve(`${ip.replace(/\./g, '-')}.web-svc`).records.map((r) => r.data)).toEqual([ip]);
  });

  it('a deleted pod leaves DNS at once; its replacement answers under the same name with a new IP', () => {
    const c = ready3();
    const oldIp = podIP(c, 'web-1');
    const oldUid = uidOf(c, 'pod', 'web-1');
    c.delete('pod', 'web-1');
    expect(pod(c, 'web-1')?.metadata.deletionTimestamp).toBeDefined();
    expect(c.resolve('web-1.nginx')).toEqual({ rcode: 'NXDOMAIN', records: [] });
    expect(c.resolve('nginx').records).toHaveLength(2);
    waitFor(c, 'web-1 back', () => uidOf(c, 'pod', 'web-1') !== oldUid && isReady(pod(c, 'web-1')));
    const answer = c.resolve('web-1.nginx');
    expect(answer.rcode).toBe('NOERROR');
    expect(answer.records.map((r) => r.data)).toEqual([podIP(c, 'web-1')]);
    expect(podIP(c, 'web-1')).not.toBe(oldIp);
  });
});

// ---------------------------------------------------------------------------------------------
describe('§6.7 restart back-off (CrashLoopBackOff)', () => {
  it('consecutive crashes: first restart at once, then waits of 10 s doubling, capped at 300 s', () => {
    const c = createCluster();
    setupWeb(c, { replicas: 1 });
    const uid = uidOf(c, 'pod', 'web-0');
    const expected = [0, 10, 20, 40, 80, 160, 300, 300];
    expected.forEach((waitS, i) => {
      c.advance(3_000); // the container runs a little while before each crash
      const crashedAt = c.now();
      expect(c.inject({ type: 'crash', pod: 'web-0' }).ok).toBe(true);
      const st = containerStatus(c, 'web-0');
      expect(st?.restartCount).toBe(i + 1);
      expect(readyCondition(c.get('pod', 'web-0'))).toBe('False');
      if (waitS === 0) {
        expect(st?.state.waiting?.reason, 'first restart has no back-off').not.toBe('CrashLoopBackOff');
      } else {
        expect(st?.state.waiting).toEqual({
          reason: 'CrashLoopBackOff',
          message: `back-off ${waitS}s restarting failed container=nginx pod=web-0_default(${uid})`,
        });
        c.advance(waitS * 1000 - 500);
        expect(isContainerRunning(c, 'web-0'), `crash ${i + 1}: still backing off ${waitS * 1000 - 500} ms after the crash`).toBe(false);
      }
      waitFor(c, `restart after crash ${i + 1}`, () => isContainerRunning(c, 'web-0'), 310_000, 100);
      const delay = c.now() - crashedAt;
      expect(delay, `crash ${i + 1}: restart delay`).toBeGreaterThanOrEqual(waitS * 1000);
      expect(delay, `crash ${i + 1}: restart delay`).toBeLessThanOrEqual(waitS * 1000 + 2_000);
    });
    expect(eventMessages(c, 'Pod', 'web-0', 'BackOff')[0]).toEqual({
      type: 'Warning',
      message: `Back-off restarting failed container nginx in pod web-0_default(${uid})`,
    });
    expect(uidOf(c, 'pod', 'web-0')).toBe(uid);
  });

  it('the back-off resets after the container ran 10 minutes without trouble', () => {
    const c = createCluster();
    setupWeb(c, { replicas: 1 });
    c.inject({ type: 'crash', pod: 'web-0' });
    waitFor(c, 'restart 1', () => isContainerRunning(c, 'web-0'), 10_000, 100);
    c.advance(1_000);
    c.inject({ type: 'crash', pod: 'web-0' });
    waitFor(c, 'restart 2', () => isContainerRunning(c, 'web-0'), 30_000, 100);
    c.advance(11 * 60_000);
    const t = c.now();
    c.inject({ type: 'crash', pod: 'web-0' });
    expect(containerStatus(c, 'web-0')?.state.waiting?.reason).not.toBe('CrashLoopBackOff');
    waitFor(c, 'restart 3', () => isContainerRunning(c, 'web-0'), 10_000, 100);
    expect(c.now() - t).toBeLessThanOrEqual(2_000);
  });
});

// ---------------------------------------------------------------------------------------------
describe('§6.8 node failure', () => {
  it('NotReady after 50 s, pods Ready False and out of DNS, evicted after 300 s but never replaced until force-deleted; the replacement is pinned to the down node', () => {
    const { c, node, uid } = failNode();
    const r = c.delete('pod', 'web-0', { force: true });
    expect(r.ok).toBe(true);
    const replacement = pod(c, 'web-0');
    expect(replacement).toBeDefined();
    expect(replacement?.metadata.uid).not.toBe(uid);

    c.advance(30_000);
    expect(pod(c, 'web-0')?.status.phase).toBe('Pending');
    expect(pod(c, 'web-0')?.spec.nodeName).toBeUndefined();
    const failed = eventMessages(c, 'Pod', 'web-0', 'FailedScheduling');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[failed.length - 1]).toEqual({
      type: 'Warning',
      message: `0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match PersistentVolume's node affinity.${PREEMPTION}`,
    });

    c.inject({ type: 'node', node, state: 'up' });
    waitFor(c, 'web-0 Ready again', () => isReady(pod(c, 'web-0')), 120_000);
    expect(nodeOf(c, 'web-0')).toBe(node);
    expect(nodeReady(c, node)).toBe('True');
    expect(taints(c, node).filter((t) => t.key === UNREACHABLE)).toEqual([]);
  });

  it('when the node comes back the kubelet finishes the deletion and the set recreates web-0 on it', () => {
    const { c, node, uid } = failNode();
    c.inject({ type: 'node', node, state: 'up' });
    waitFor(c, 'web-0 replaced and Ready', () => uidOf(c, 'pod', 'web-0') !== uid && isReady(pod(c, 'web-0')), 120_000);
    expect(nodeOf(c, 'web-0')).toBe(node);
    expect(allReady(c, 3)).toBe(true);
    expect(c.resolve('web-0.nginx').records.map((r) => r.data)).toEqual([podIP(c, 'web-0')]);
  });
});
