/**
 * The ReplicaSet controller against upstream's behaviour: generated pod names, slow-start creation,
 * which pods a scale-down removes (ActivePodsWithRanks), adoption and release, status and events.
 */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../index.ts';
import { isReady, type PodLike } from './harness.ts';
import { Sim } from './scenario-helpers-a.ts';

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

function rsYaml(o: { name?: string; replicas?: number; minReadySeconds?: number; labels?: string } = {}): string {
  const name = o.name ?? 'web';
  return `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}
spec:
  replicas: ${o.replicas ?? 3}
${o.minReadySeconds ? `  minReadySeconds: ${o.minReadySeconds}\n` : ''}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}${o.labels ? `, ${o.labels}` : ''}}
      annotations: {team: blue}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;
}

function podYaml(name: string, node: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: web}
spec:
  nodeName: ${node}
  containers:
  - name: nginx
    image: nginx:1.27
`;
}

function pods(sim: Sim, prefix = 'web-'): PodLike[] {
  return (sim.cluster.list('pods') as PodLike[]).filter((p) => p.metadata.name.startsWith(prefix));
}

function live(sim: Sim, prefix = 'web-'): PodLike[] {
  return pods(sim, prefix).filter((p) => !p.metadata.deletionTimestamp);
}

function rsStatus(sim: Sim, name = 'web'): Record<string, unknown> {
  return (sim.cluster.get('rs', name)?.['status'] ?? {}) as Record<string, unknown>;
}

function rsEvents(sim: Sim, name = 'web'): string[] {
  return sim.cluster
    .events()
    .filter((e) => e.involvedObject.kind === 'ReplicaSet' && e.involvedObject.name === name)
    .map((e) => `${e.reason}: ${e.message}`);
}

function setReplicas(sim: Sim, n: number, name = 'web'): void {
  sim.patch('rs', name, { spec: { replicas: n } });
}

describe('ReplicaSet: creation', () => {
  it('creates generateName pods with the template labels, annotations and a controller reference, all Ready', () => {
    const sim = new Sim();
    sim.apply(rsYaml());
    sim.settle();
    const list = pods(sim);
    expect(list).toHaveLength(3);
    const uid = sim.uid('rs', 'web');
    for (const p of list) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${SUFFIX}$`));
      expect(p.metadata.generateName).toBe('web-');
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.annotations).toEqual({ team: 'blue' });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid, controller: true, blockOwnerDeletion: true }]);
      expect(isReady(p)).toBe(true);
    }
    expect(rsEvents(sim).toSorted()).toEqual(list.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).toSorted());
    expect(rsStatus(sim)).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, terminatingReplicas: 0, observedGeneration: 1 });
  });

  it('starts with status.replicas 0 and creates in slow-start batches within one sync', () => {
    const sim = new Sim();
    const mark = sim.mark();
    sim.apply(rsYaml({ replicas: 7 }));
    const created = sim.since(mark).filter((c) => c.kind === 'Pod' && c.type === 'ADDED');
    expect(created).toHaveLength(7);
    sim.settle();
    expect(rsStatus(sim)['readyReplicas']).toBe(7);
  });

  it('records FailedCreate with the API error and a ReplicaFailure condition, then recovers', () => {
    const sim = new Sim();
    sim.inject({ type: 'reject', verb: 'create', kind: 'Pod', times: 1 });
    sim.apply(rsYaml({ replicas: 2 }));
    const failed = sim.cluster.events().filter((e) => e.reason === 'FailedCreate');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toMatch(/^Error creating: admission webhook "deny.playground.k8s.io" denied the request: create of pods "web-/);
    // The status write requeues the ReplicaSet at once (updateRS), so the condition is written, then cleared.
    const written = sim
      .since()
      .filter((c) => c.kind === 'ReplicaSet')
      .map((c) => ((c.object['status'] as { conditions?: { type: string; reason: string; message: string }[] }).conditions ?? [])[0])
      .find((c) => c !== undefined);
    expect(written?.type).toBe('ReplicaFailure');
    expect(written?.reason).toBe('FailedCreate');
    expect(written?.message).toMatch(/^admission webhook/);
    sim.settle();
    expect(live(sim)).toHaveLength(2);
    expect(rsStatus(sim)['conditions']).toBeUndefined();
  });

  it('counts availability only after minReadySeconds and requeues itself for it', () => {
    const sim = new Sim();
    sim.apply(rsYaml({ replicas: 2, minReadySeconds: 10 }));
    sim.until('pods ready', () => rsStatus(sim)['readyReplicas'] === 2);
    expect(rsStatus(sim)['availableReplicas']).toBeUndefined();
    sim.settle();
    expect(rsStatus(sim)['availableReplicas']).toBe(2);
  });
});

describe('ReplicaSet: scaling', () => {
  it('scales up with new generated names and down removing the newest pods first (one node: no co-location ranks)', () => {
    const sim = new Sim({ nodes: 1 });
    sim.apply(rsYaml({ replicas: 2 }));
    sim.settle();
    const first = live(sim).map((p) => p.metadata.name);
    sim.advance(120_000);
    setReplicas(sim, 5);
    sim.settle();
    expect(live(sim)).toHaveLength(5);
    const added = live(sim)
      .map((p) => p.metadata.name)
      .filter((n) => !first.includes(n));
    expect(added).toHaveLength(3);
    setReplicas(sim, 2);
    sim.settle();
    expect(live(sim).map((p) => p.metadata.name).toSorted()).toEqual(first.toSorted());
    const deleted = rsEvents(sim).filter((e) => e.startsWith('SuccessfulDelete'));
    expect(deleted.toSorted()).toEqual(added.map((n) => `SuccessfulDelete: Deleted pod: ${n}`).toSorted());
    expect(rsStatus(sim)['observedGeneration']).toBe(3);
  });

  it('removes pods on the most crowded node first when a Deployment owns the ReplicaSet', () => {
    const sim = new Sim({ nodes: 2 });
    sim.apply(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`);
    sim.settle();
    const byNode = new Map<string, string[]>();
    for (const p of live(sim)) byNode.set(p.spec.nodeName ?? '', [...(byNode.get(p.spec.nodeName ?? '') ?? []), p.metadata.name]);
    const crowded = [...byNode.values()].find((names) => names.length === 2) ?? [];
    expect(crowded).toHaveLength(2);
    sim.patch('deploy', 'web', { spec: { replicas: 2 } });
    sim.settle();
    const gone = crowded.filter((n) => !live(sim).some((p) => p.metadata.name === n));
    expect(gone).toHaveLength(1);
  });

  it('ranks no pod of a bare ReplicaSet as doubled up (getReplicaSetsWithSameController finds none)', () => {
    const sim = new Sim({ nodes: 2 });
    const nodes = (sim.cluster.list('nodes') as K8sObject[]).map((n) => n.metadata.name);
    const [n1 = '', n2 = ''] = nodes;
    sim.apply(podYaml('old-a', n1));
    sim.apply(podYaml('old-b', n1));
    sim.settle();
    sim.advance(300_000);
    // The newest pod sits alone on the other node: ready for far less time, so it goes first unless
    // co-location ranks (which a bare ReplicaSet does not have) push a node-1 pod ahead of it.
    sim.apply(podYaml('young', n2));
    sim.settle();
    sim.apply(rsYaml({ replicas: 3 }));
    sim.settle();
    expect(live(sim, '').filter((p) => p.metadata.ownerReferences?.[0]?.name === 'web')).toHaveLength(3);
    setReplicas(sim, 2);
    sim.settle();
    expect(sim.cluster.get('pod', 'young')).toBeUndefined();
    expect(rsEvents(sim)).toEqual(['SuccessfulDelete: Deleted pod: young']);
  });

  it('removes a not-ready pod before ready ones', () => {
    const sim = new Sim();
    sim.apply(rsYaml({ replicas: 3 }));
    sim.settle();
    const victim = live(sim)[1]?.metadata.name ?? '';
    sim.readiness(false, victim);
    sim.until('unready seen', () => rsStatus(sim)['readyReplicas'] === 2);
    setReplicas(sim, 2);
    sim.settle();
    expect(live(sim).map((p) => p.metadata.name)).not.toContain(victim);
    expect(live(sim).every((p) => isReady(p))).toBe(true);
  });

  it('removes the pod with the lower pod-deletion-cost first', () => {
    const sim = new Sim();
    sim.apply(rsYaml({ replicas: 3 }));
    sim.settle();
    const [a, b, c] = live(sim).map((p) => p.metadata.name);
    for (const [name, cost] of [
      [a, '10'],
      [b, '-5'],
      [c, '3'],
    ] as const) {
      sim.patch('pod', name ?? '', { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': cost } } });
    }
    setReplicas(sim, 1);
    sim.settle();
    expect(live(sim).map((p) => p.metadata.name)).toEqual([a]);
  });

  it('replaces a deleted pod at once, while the old one is still Terminating (unlike a StatefulSet)', () => {
    const sim = new Sim();
    sim.apply(rsYaml({ replicas: 2 }));
    sim.settle();
    const victim = live(sim)[0]?.metadata.name ?? '';
    sim.delete('pod', victim);
    expect(sim.cluster.get('pod', victim)?.metadata.deletionTimestamp).toBeDefined();
    expect(live(sim)).toHaveLength(2);
    expect(live(sim).map((p) => p.metadata.name)).not.toContain(victim);
    expect(rsStatus(sim)['terminatingReplicas']).toBe(1);
    sim.settle();
    expect(sim.cluster.get('pod', victim)).toBeUndefined();
    expect(live(sim).filter((p) => isReady(p))).toHaveLength(2);
  });

  it('counts terminating pods in terminatingReplicas, not in replicas', () => {
    const sim = new Sim();
    sim.apply(rsYaml({ replicas: 3 }));
    sim.settle();
    setReplicas(sim, 1);
    expect(rsStatus(sim)['replicas']).toBe(1);
    expect(rsStatus(sim)['terminatingReplicas']).toBe(2);
    sim.settle();
    expect(rsStatus(sim)['terminatingReplicas']).toBe(0);
  });
});

describe('ReplicaSet: ownership', () => {
  it('adopts a matching orphan pod and deletes the surplus', () => {
    const sim = new Sim();
    sim.apply(rsYaml({ replicas: 2 }));
    sim.settle();
    sim.apply(`apiVersion: v1
kind: Pod
metadata:
  name: stray
  labels: {app: web}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
`);
    sim.settle();
    const stray = sim.cluster.get('pod', 'stray');
    // The orphan is adopted the moment it is created; as the newest, unready pod it is the one removed.
    const adoption = sim.since().find((c) => c.kind === 'Pod' && c.name === 'stray' && c.type === 'MODIFIED');
    expect(adoption?.object.metadata.ownerReferences?.[0]?.name).toBe('web');
    expect(stray).toBeUndefined();
    expect(live(sim)).toHaveLength(2);
    expect(rsEvents(sim)).toContain('SuccessfulDelete: Deleted pod: stray');
  });

  it('releases a pod whose labels stop matching and replaces it', () => {
    const sim = new Sim();
    sim.apply(rsYaml({ replicas: 2 }));
    sim.settle();
    const name = live(sim)[0]?.metadata.name ?? '';
    sim.patch('pod', name, { metadata: { labels: { app: 'debug' } } });
    sim.settle();
    const released = sim.cluster.get('pod', name) as K8sObject;
    expect(released.metadata.ownerReferences).toBeUndefined();
    const owned = live(sim).filter((p) => p.metadata.ownerReferences?.[0]?.name === 'web');
    expect(owned).toHaveLength(2);
    expect(owned.map((p) => p.metadata.name)).not.toContain(name);
  });

  it('deletes its pods with the ReplicaSet (background) and leaves them on orphan', () => {
    const sim = new Sim();
    sim.apply(rsYaml({ replicas: 2 }));
    sim.settle();
    sim.delete('rs', 'web');
    sim.settle();
    expect(pods(sim)).toHaveLength(0);

    const sim2 = new Sim();
    sim2.apply(rsYaml({ replicas: 2 }));
    sim2.settle();
    expect(sim2.cluster.delete('rs', 'web', { cascade: 'orphan' }).ok).toBe(true);
    sim2.settle();
    expect(sim2.cluster.get('rs', 'web')).toBeUndefined();
    expect(live(sim2)).toHaveLength(2);
    expect(live(sim2).every((p) => p.metadata.ownerReferences === undefined)).toBe(true);
  });
});
