/**
 * PodDisruptionBudget policy/v1: validation, the disruption controller's status, the eviction
 * subresource, and kubectl drain honouring a ZooKeeper-like budget (maxUnavailable: 1).
 */
import { describe, expect, it } from 'vitest';
import { evictPod } from '../api/eviction.ts';
import { createCluster, type Cluster, type K8sObject } from '../index.ts';
import { Engine } from '../sim/engine.ts';
import { webYaml } from './fixtures.ts';

/** A ZooKeeper-like ensemble: a StatefulSet zk (Parallel, no claims so pods may move) and its budget. */
function zkYaml(replicas: number, budget = 'maxUnavailable: 1'): string {
  const set = webYaml({ name: 'zk', replicas, policy: 'Parallel', claims: false }).replace(/nginx/g, 'zk');
  return `${set}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  selector:
    matchLabels:
      app: zk
  ${budget}
`;
}

interface PdbView extends K8sObject {
  status: {
    observedGeneration?: number;
    disruptedPods?: Record<string, string>;
    disruptionsAllowed: number;
    currentHealthy: number;
    desiredHealthy: number;
    expectedPods: number;
    conditions?: { type: string; status: string; reason: string; message: string; observedGeneration: number }[];
  };
}

function pdb(c: Cluster): PdbView {
  return c.get('pdb', 'zk-pdb') as PdbView;
}

function counters(c: Cluster): [number, number, number, number] {
  const s = pdb(c).status;
  return [s.expectedPods, s.currentHealthy, s.desiredHealthy, s.disruptionsAllowed];
}

function zkCluster(nodes: number, replicas: number, budget?: string): Cluster {
  const c = createCluster({ nodes });
  const r = c.apply(zkYaml(replicas, budget));
  expect(r.errors).toEqual([]);
  c.settle();
  return c;
}

/** Pods on each node, by name. */
function podsByNode(c: Cluster): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of c.list('pod')) {
    const node = (p['spec'] as { nodeName?: string }).nodeName ?? '';
    out.set(node, [...(out.get(node) ?? []), p.metadata.name]);
  }
  return out;
}

describe('PodDisruptionBudget validation', () => {
  const pdbYaml = (spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: zk-pdb\nspec:\n${spec}`;
  it.each([
    {
      spec: '  minAvailable: 2\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: zk\n',
      error:
        'The PodDisruptionBudget "zk-pdb" is invalid: spec: Invalid value: {"MinAvailable":2,"Selector":{"matchLabels":{"app":"zk"}},"MaxUnavailable":1,"UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
    },
    { spec: '  minAvailable: -1\n', error: 'The PodDisruptionBudget "zk-pdb" is invalid: spec.minAvailable: Invalid value: -1: must be greater than or equal to 0' },
    { spec: '  maxUnavailable: 150%\n', error: 'The PodDisruptionBudget "zk-pdb" is invalid: spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%' },
    {
      spec: '  maxUnavailable: one\n',
      error: `The PodDisruptionBudget "zk-pdb" is invalid: spec.maxUnavailable: Invalid value: "one": a valid percent string must be a numeric string followed by an ending '%'`,
    },
    {
      spec: '  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: Sometimes\n',
      error: 'The PodDisruptionBudget "zk-pdb" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"',
    },
    { spec: '  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector: {}\n', error: undefined },
  ])('$spec', ({ spec, error }) => {
    const c = createCluster();
    const r = c.apply(pdbYaml(spec));
    if (error === undefined) expect(r.errors).toEqual([]);
    else expect(r.errors[0]?.message.startsWith(error)).toBe(true);
  });

  it('starts with an empty status and no spec defaults', () => {
    const c = createCluster();
    c.apply(pdbYaml('  selector:\n    matchLabels:\n      app: none\n'));
    const p = pdb(c);
    expect(p['spec']).toEqual({ selector: { matchLabels: { app: 'none' } } });
    expect(p.metadata.generation).toBe(1);
    expect(p.status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, observedGeneration: 1 });
    expect(c.events().some((e) => e.involvedObject.name === 'zk-pdb' && e.reason === 'NoPods' && e.message === 'No matching pods found')).toBe(true);
  });
});

describe('disruption controller', () => {
  it('computes the budget from the StatefulSet scale, and follows scaling and failing pods', () => {
    const c = zkCluster(3, 3);
    expect(counters(c)).toEqual([3, 3, 2, 1]);
    const s = pdb(c).status;
    expect(s.observedGeneration).toBe(1);
    expect(s.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1 })]);
    // The status fields in the API's order.
    expect(Object.keys(s)).toEqual(['observedGeneration', 'disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods', 'conditions']);

    c.scale('sts', 'zk', 5);
    c.settle();
    expect(counters(c)).toEqual([5, 5, 4, 1]);

    c.inject({ type: 'readiness', pod: 'zk-3', ready: false });
    c.settle();
    expect(counters(c)).toEqual([5, 4, 4, 0]);
    expect(pdb(c).status.conditions?.[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
  });

  it.each([
    { budget: 'minAvailable: 2', expected: [3, 3, 2, 1] },
    { budget: 'minAvailable: 100%', expected: [3, 3, 3, 0] },
    { budget: 'minAvailable: 50%', expected: [3, 3, 2, 1] },
    { budget: 'maxUnavailable: 34%', expected: [3, 3, 1, 2] },
    { budget: 'maxUnavailable: 0', expected: [3, 3, 3, 0] },
  ])('$budget', ({ budget, expected }) => {
    expect(counters(zkCluster(3, 3, budget))).toEqual(expected);
  });

  it('counts only existing pods for an integer minAvailable, the controller scale otherwise', () => {
    const c = zkCluster(3, 3, 'minAvailable: 1');
    // A scale-up in flight: pods not created yet are not expected with an integer minAvailable.
    c.scale('sts', 'zk', 4);
    expect(counters(c)[0]).toBe(4);
    c.patch('pdb', 'zk-pdb', { spec: { minAvailable: null, maxUnavailable: 1 } }, { type: 'merge' });
    c.settle();
    expect(pdb(c).metadata.generation).toBe(2);
    expect(pdb(c).status.observedGeneration).toBe(2);
    expect(counters(c)).toEqual([4, 4, 3, 1]);
  });

  it('warns about unmanaged pods and leaves them out of the scale', () => {
    const c = zkCluster(3, 2);
    c.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: stray\n  labels:\n    app: zk\nspec:\n  containers:\n  - name: c\n    image: busybox:1.28\n');
    c.settle();
    expect(counters(c)).toEqual([2, 3, 1, 2]);
    const warning = c.events().find((e) => e.reason === 'UnmanagedPods');
    expect(warning?.message).toBe(
      'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: zk,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.'
    );
  });
});

describe('eviction subresource', () => {
  it('spends an allowed disruption, then refuses with 429 while the budget is used up', () => {
    const c = zkCluster(3, 3);
    const engine = new Engine(c.snapshot());
    const first = evictPod(engine.api, 'default', 'zk-0');
    expect(first).toEqual({ ok: true });
    const budget = engine.api.get('PodDisruptionBudget', 'default', 'zk-pdb') as PdbView;
    expect(budget.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(budget.status.disruptedPods ?? {})).toEqual(['zk-0']);
    expect(budget.status.conditions?.[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
    const evicted = engine.api.get('Pod', 'default', 'zk-0') as K8sObject & { status: { conditions: { type: string; reason?: string; message?: string }[] } };
    expect(evicted.metadata.deletionTimestamp).toBeTruthy();
    expect(evicted.status.conditions.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    // The controller then counts the terminating pod out, and forgets it as disrupted.
    engine.runQueues();
    const synced = engine.api.get('PodDisruptionBudget', 'default', 'zk-pdb') as PdbView;
    expect([synced.status.currentHealthy, synced.status.disruptionsAllowed, synced.status.disruptedPods]).toEqual([2, 0, undefined]);

    const second = evictPod(engine.api, 'default', 'zk-1');
    expect(second).toEqual({
      ok: false,
      error: {
        code: 429,
        reason: 'TooManyRequests',
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        causes: ['The disruption budget zk-pdb needs 2 healthy pods and has 2 currently'],
      },
    });
    expect(engine.api.get('Pod', 'default', 'zk-1')?.metadata.deletionTimestamp).toBeUndefined();
    expect(evictPod(engine.api, 'default', 'nope')).toMatchObject({ ok: false, error: { code: 404, message: 'pods "nope" not found' } });
  });

  it.each([
    { policy: '', allowed: false },
    { policy: '\n  unhealthyPodEvictionPolicy: IfHealthyBudget', allowed: false },
    { policy: '\n  unhealthyPodEvictionPolicy: AlwaysAllow', allowed: true },
  ])('an unready pod under a budget that is not met: policy "$policy"', ({ policy, allowed }) => {
    const c = zkCluster(3, 3, `maxUnavailable: 1${policy}`);
    c.inject({ type: 'readiness', pod: 'zk-1', ready: false });
    c.inject({ type: 'readiness', pod: 'zk-2', ready: false });
    c.settle();
    expect(counters(c)).toEqual([3, 1, 2, 0]);
    const engine = new Engine(c.snapshot());
    expect(evictPod(engine.api, 'default', 'zk-1').ok).toBe(allowed);
  });

  it('evicts an unready pod without spending the budget when the budget is met', () => {
    const c = zkCluster(3, 4);
    c.inject({ type: 'readiness', pod: 'zk-3', ready: false });
    c.settle();
    expect(counters(c)).toEqual([4, 3, 3, 0]);
    const engine = new Engine(c.snapshot());
    expect(evictPod(engine.api, 'default', 'zk-3')).toEqual({ ok: true });
    expect((engine.api.get('PodDisruptionBudget', 'default', 'zk-pdb') as PdbView).status.disruptedPods).toBeUndefined();
  });
});

describe('kubectl drain with a PodDisruptionBudget', () => {
  it('evicts one pod at a time, retrying the refused one every 5 s until the first is back elsewhere', () => {
    const c = zkCluster(2, 3);
    const [node, names] = [...podsByNode(c)].find(([, pods]) => pods.length === 2) ?? ['', []];
    const [a = '', b = ''] = names.toSorted();
    const start = c.now();
    const r = c.kubectl(`drain ${node} --ignore-daemonsets`);
    expect(r.stdout).toBe(
      [`node/${node} cordoned`, `evicting pod default/${a}`, `evicting pod default/${b}`, `pod/${a} evicted`, `evicting pod default/${b}`, `pod/${b} evicted`, `node/${node} drained`, ''].join('\n')
    );
    expect(r.stderr).toBe(`error when evicting pods/"${b}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`);
    expect(r.code).toBe(0);
    expect(c.now() - start).toBeGreaterThanOrEqual(5000);
    // Everything runs on the other node now, and the budget was never broken.
    expect([...podsByNode(c).keys()].filter((n) => n !== node && n !== '')).toHaveLength(1);
    expect((c.get('node', node)?.['spec'] as { unschedulable?: boolean }).unschedulable).toBe(true);
  });

  it('gives up at --timeout as kubectl does when the budget never allows the eviction', () => {
    const c = zkCluster(2, 3);
    const byNode = [...podsByNode(c)];
    const [node, names] = byNode.find(([, pods]) => pods.length === 2) ?? ['', []];
    const lone = byNode.find(([n]) => n !== node)?.[1][0] ?? '';
    c.inject({ type: 'readiness', pod: lone, ready: false });
    c.settle();
    const [a = '', b = ''] = names.toSorted();
    const start = c.now();
    const r = c.kubectl(`drain ${node} --timeout=12s`);
    expect(r.code).toBe(1);
    const round = [`evicting pod default/${a}`, `evicting pod default/${b}`];
    expect(r.stdout).toBe([`node/${node} cordoned`, ...round, ...round, ...round, ...round, ''].join('\n'));
    const refused = (p: string) => `error when evicting pods/"${p}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
    const timedOut = (p: string) => `error when evicting pods/"${p}" -n "default": global timeout reached: 12s`;
    const aggregate = `[${timedOut(a)}, ${timedOut(b)}]`;
    expect(r.stderr).toBe(
      [
        refused(a),
        refused(b),
        refused(a),
        refused(b),
        refused(a),
        refused(b),
        `There are pending pods in node "${node}" when an error occurred: ${aggregate}`,
        `pod/${a}`,
        `pod/${b}`,
        `error: unable to drain node "${node}" due to error: ${aggregate}, continuing command...`,
        'There are pending nodes to be drained:',
        ` ${node}`,
        timedOut(a),
        timedOut(b),
        '',
      ].join('\n')
    );
    expect(c.now() - start).toBe(15_000);
    expect(c.get('pod', a)?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('without --timeout stops after five virtual minutes instead of hanging', () => {
    const c = zkCluster(2, 2, 'minAvailable: 2');
    const node = (c.get('pod', 'zk-0')?.['spec'] as { nodeName: string }).nodeName;
    const start = c.now();
    const r = c.kubectl(`drain ${node}`);
    expect(r.code).toBe(1);
    expect(c.now() - start).toBe(300_000);
    expect(r.stderr).toContain(`error when evicting pods/"zk-0" -n "default": global timeout reached: 5m0s`);
    expect(r.stderr.split('\n').filter((l) => l.includes('will retry after 5s'))).toHaveLength(60);
  });
});
