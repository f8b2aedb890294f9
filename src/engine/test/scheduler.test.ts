/**
 * kube-scheduler's default plugins through the public engine API: each Filter plugin's rejection
 * text in `FitError.Error()` form with DefaultPreemption's suffix, the Score plugins' preferences,
 * and pending pods retried when the cluster changes.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import { advanceUntil } from './harness.ts';

const NOT_HELPFUL = (n = 3) =>
  ` preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling..`;
const NO_VICTIMS = (n = 3) =>
  ` preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod..`;

type Obj = Record<string, unknown>;

function podObj(name: string, spec: Obj = {}, labels: Record<string, string> = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  };
}

function apply(c: Cluster, ...objs: Obj[]): void {
  const r = c.apply(objs.map((o) => JSON.stringify(o)).join('\n---\n'));
  expect(r.errors).toEqual([]);
}

const requests = (cpu?: string, memory?: string): Obj => ({
  containers: [
    {
      name: 'app',
      image: 'nginx:1.27',
      resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
    },
  ],
});

function nodeOf(c: Cluster, name: string): string | undefined {
  return (c.get('pods', name)?.['spec'] as { nodeName?: string } | undefined)?.nodeName;
}

function failedScheduling(c: Cluster, name: string): string[] {
  return c
    .events()
    .filter(
      (e) =>
        e.involvedObject.kind === 'Pod' && e.involvedObject.name === name && e.reason === 'FailedScheduling'
    )
    .map((e) => e.message);
}

function lastFailure(c: Cluster, name: string): string | undefined {
  return failedScheduling(c, name).at(-1);
}

const label = (c: Cluster, node: string, labels: Record<string, string>) =>
  c.patch('node', node, { metadata: { labels } });
const taint = (c: Cluster, node: string, key: string, value: string, effect = 'NoSchedule') =>
  c.patch('node', node, { spec: { taints: [{ key, value, effect }] } });
const cordon = (c: Cluster, node: string, on = true) =>
  c.patch('node', node, { spec: { unschedulable: on } });

/** A pod pinned to a node (spec.nodeName skips the scheduler), to set the scene. */
const pinned = (name: string, node: string, spec: Obj = {}, labels: Record<string, string> = {}): Obj =>
  podObj(name, { nodeName: node, ...spec }, labels);

const antiAffinity = (app: string, topologyKey = 'kubernetes.io/hostname'): Obj => ({
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app } }, topologyKey },
      ],
    },
  },
});
const affinity = (app: string, topologyKey = 'kubernetes.io/hostname'): Obj => ({
  affinity: {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app } }, topologyKey },
      ],
    },
  },
});

interface FilterCase {
  name: string;
  setup?: (c: Cluster) => void;
  pod: Obj;
  /** Where the pod must land (one of), or the exact FailedScheduling message. */
  node?: string[];
  message?: string;
}

const filterCases: FilterCase[] = [
  {
    name: 'NodeResourcesFit: a request larger than any node (Unresolvable, preemption not helpful)',
    pod: podObj('big', requests('9')),
    message: `0/3 nodes are available: 3 Insufficient cpu.${NOT_HELPFUL()}`,
  },
  {
    name: 'NodeResourcesFit: cpu and memory both short, one reason each per node',
    pod: podObj('huge', requests('16', '64Gi')),
    message: `0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory.${NOT_HELPFUL()}`,
  },
  {
    name: 'NodeResourcesFit: nodes full of equal-priority pods (no preemption victims)',
    setup: (c) =>
      apply(c, ...['node-1', 'node-2', 'node-3'].map((n, i) => pinned(`hog-${i}`, n, requests('6')))),
    pod: podObj('needy', requests('3')),
    message: `0/3 nodes are available: 3 Insufficient cpu.${NO_VICTIMS()}`,
  },
  {
    name: 'NodeResourcesFit: fits where the remaining allocatable allows',
    setup: (c) =>
      apply(c, pinned('hog-1', 'node-1', requests('6')), pinned('hog-3', 'node-3', requests('7500m'))),
    pod: podObj('fits', requests('2', '1Gi')),
    node: ['node-2'],
  },
  {
    name: 'NodeResourcesFit: memory alone',
    setup: (c) =>
      apply(c, ...['node-1', 'node-2'].map((n, i) => pinned(`mem-${i}`, n, requests(undefined, '15Gi')))),
    pod: podObj('mem', requests(undefined, '1Gi')),
    node: ['node-3'],
  },
  {
    name: 'NodeResourcesFit: init containers count as max(init) against the sum of app containers',
    setup: (c) =>
      apply(c, ...['node-1', 'node-2', 'node-3'].map((n, i) => pinned(`hog-${i}`, n, requests('2')))),
    pod: podObj('init-heavy', {
      ...requests('1'),
      initContainers: [{ name: 'prep', image: 'busybox:1.36', resources: { requests: { cpu: '7' } } }],
    }),
    message: `0/3 nodes are available: 3 Insufficient cpu.${NO_VICTIMS()}`,
  },
  {
    name: 'NodeResourcesFit: a restartable sidecar adds to the app containers',
    setup: (c) =>
      apply(c, ...['node-1', 'node-2', 'node-3'].map((n, i) => pinned(`hog-${i}`, n, requests('4')))),
    pod: podObj('sidecar', {
      ...requests('3'),
      initContainers: [
        {
          name: 'proxy',
          image: 'envoy:1.30',
          restartPolicy: 'Always',
          resources: { requests: { cpu: '1500m' } },
        },
      ],
    }),
    message: `0/3 nodes are available: 3 Insufficient cpu.${NO_VICTIMS()}`,
  },
  {
    name: 'NodeAffinity: nodeSelector no node has',
    pod: podObj('ssd', { nodeSelector: { disktype: 'ssd' } }),
    message: `0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.${NOT_HELPFUL()}`,
  },
  {
    name: 'NodeAffinity: nodeSelector one node has',
    setup: (c) => label(c, 'node-2', { disktype: 'ssd' }),
    pod: podObj('ssd', { nodeSelector: { disktype: 'ssd' } }),
    node: ['node-2'],
  },
  {
    name: 'NodeAffinity: required terms are ORed, expressions ANDed',
    setup: (c) => {
      label(c, 'node-1', { tier: 'gold', region: 'a' });
      label(c, 'node-2', { tier: 'gold', region: 'b' });
    },
    pod: podObj('gold-b', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'tier', operator: 'In', values: ['gold'] },
                  { key: 'region', operator: 'NotIn', values: ['a'] },
                ],
              },
              { matchExpressions: [{ key: 'missing', operator: 'Exists' }] },
            ],
          },
        },
      },
    }),
    node: ['node-2'],
  },
  {
    name: 'TaintToleration and NodeUnschedulable: each node gives its first failing plugin',
    setup: (c) => {
      taint(c, 'node-1', 'dedicated', 'db');
      taint(c, 'node-2', 'dedicated', 'db');
      cordon(c, 'node-3');
    },
    pod: podObj('plain'),
    message: `0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint {dedicated: db}.${NOT_HELPFUL()}`,
  },
  {
    name: 'TaintToleration: a matching toleration lets the pod in',
    setup: (c) => {
      taint(c, 'node-1', 'dedicated', 'db');
      cordon(c, 'node-2');
      cordon(c, 'node-3');
    },
    pod: podObj('tolerant', {
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
    }),
    node: ['node-1'],
  },
  {
    name: 'TaintToleration: a taint without a value prints an empty value',
    setup: (c) => {
      for (const n of ['node-1', 'node-2', 'node-3'])
        taint(c, n, 'node-role.kubernetes.io/control-plane', '');
    },
    pod: podObj('plain'),
    message: `0/3 nodes are available: 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.${NOT_HELPFUL()}`,
  },
  {
    name: 'InterPodAffinity: required affinity with no matching pod anywhere',
    pod: podObj('follower', affinity('cache'), { app: 'web' }),
    message: `0/3 nodes are available: 3 node(s) didn't match pod affinity rules.${NOT_HELPFUL()}`,
  },
  {
    name: 'InterPodAffinity: required affinity follows the matching pod',
    setup: (c) => apply(c, pinned('cache', 'node-3', {}, { app: 'cache' })),
    pod: podObj('follower', affinity('cache'), { app: 'web' }),
    node: ['node-3'],
  },
  {
    name: 'InterPodAffinity: the first pod of a self-affine group may go anywhere',
    pod: podObj('first', affinity('group'), { app: 'group' }),
    node: ['node-1', 'node-2', 'node-3'],
  },
  {
    name: 'InterPodAffinity: required anti-affinity (preemption could help in principle, no victims)',
    setup: (c) =>
      apply(c, ...['node-1', 'node-2', 'node-3'].map((n, i) => pinned(`zk-${i}`, n, {}, { app: 'zk' }))),
    pod: podObj('zk-x', antiAffinity('zk'), { app: 'zk' }),
    message: `0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.${NO_VICTIMS()}`,
  },
  {
    name: "InterPodAffinity: existing pods' anti-affinity keeps the newcomer away",
    setup: (c) =>
      apply(
        c,
        pinned('loner-1', 'node-1', antiAffinity('web')),
        pinned('loner-2', 'node-2', antiAffinity('web'))
      ),
    pod: podObj('web-x', {}, { app: 'web' }),
    node: ['node-3'],
  },
  {
    name: 'InterPodAffinity: mixed reasons are counted per node and sorted as strings',
    setup: (c) => {
      apply(c, pinned('loner', 'node-1', antiAffinity('web')), pinned('hog', 'node-2', requests('7')));
      cordon(c, 'node-3');
    },
    pod: podObj('web-x', requests('2'), { app: 'web' }),
    message: `0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't satisfy existing pods anti-affinity rules, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..`,
  },
  {
    name: 'InterPodAffinity: a zone topology key needs the zone label on the node',
    setup: (c) => {
      label(c, 'node-1', { 'topology.kubernetes.io/zone': 'a' });
      label(c, 'node-2', { 'topology.kubernetes.io/zone': 'a' });
      label(c, 'node-3', { 'topology.kubernetes.io/zone': 'b' });
      apply(c, pinned('db-a', 'node-1', {}, { app: 'db' }));
    },
    pod: podObj('db-b', antiAffinity('db', 'topology.kubernetes.io/zone'), { app: 'db' }),
    node: ['node-3'],
  },
  {
    name: 'InterPodAffinity: terms look in the pod’s own namespace unless told otherwise',
    setup: (c) => {
      apply(c, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other', labels: { team: 'x' } } });
      apply(c, {
        ...pinned('cache', 'node-2', {}, { app: 'cache' }),
        metadata: { name: 'cache', namespace: 'other', labels: { app: 'cache' } },
      });
    },
    pod: podObj('follower', {
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { app: 'cache' } },
              namespaceSelector: { matchLabels: { team: 'x' } },
              topologyKey: 'kubernetes.io/hostname',
            },
          ],
        },
      },
    }),
    node: ['node-2'],
  },
  {
    name: 'PodTopologySpread: DoNotSchedule with maxSkew 1',
    setup: (c) =>
      apply(c, pinned('s-1', 'node-1', {}, { app: 's' }), pinned('s-2', 'node-2', {}, { app: 's' })),
    pod: podObj(
      's-3',
      {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 's' } },
          },
        ],
      },
      { app: 's' }
    ),
    node: ['node-3'],
  },
  {
    name: 'PodTopologySpread: skew would exceed maxSkew everywhere but the empty node, which is cordoned',
    setup: (c) => {
      apply(c, pinned('s-1', 'node-1', {}, { app: 's' }), pinned('s-2', 'node-2', {}, { app: 's' }));
      cordon(c, 'node-3');
    },
    pod: podObj(
      's-3',
      {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 's' } },
          },
        ],
      },
      { app: 's' }
    ),
    message: `0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match pod topology spread constraints.${' preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..'}`,
  },
  {
    name: 'PodTopologySpread: a node without the topology key is unresolvable',
    pod: podObj(
      'z-1',
      {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 'z' } },
          },
        ],
      },
      { app: 'z' }
    ),
    message: `0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label).${NOT_HELPFUL()}`,
  },
];

describe('Filter plugins', () => {
  it.each(filterCases)('$name', (tc) => {
    const c = createCluster({ nodes: 3, seed: 11 });
    tc.setup?.(c);
    c.advance(2000);
    apply(c, tc.pod);
    const name = (tc.pod['metadata'] as { name: string }).name;
    c.advance(3000);
    if (tc.node) {
      expect(failedScheduling(c, name)).toEqual([]);
      expect(tc.node).toContain(nodeOf(c, name));
    } else {
      expect(nodeOf(c, name)).toBeUndefined();
      expect(lastFailure(c, name)).toBe(tc.message);
      const cond = (
        c.get('pods', name)?.['status'] as
          undefined | { conditions?: { type: string; status: string; reason?: string; message?: string }[] }
      )?.conditions?.find((x) => x.type === 'PodScheduled');
      expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: tc.message });
    }
  });
});

function preferredDisk(w1: number, w2: number): Obj {
  return {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: w1,
            preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] },
          },
          {
            weight: w2,
            preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
          },
        ],
      },
    },
  };
}

describe('Score plugins', () => {
  it('NodeAffinity: preferred terms pull the pod to the heavier-weighted node', () => {
    const c = createCluster({ nodes: 3, seed: 5 });
    label(c, 'node-1', { disk: 'hdd' });
    label(c, 'node-3', { disk: 'ssd' });
    apply(c, podObj('a', preferredDisk(10, 80)), podObj('b', preferredDisk(80, 10)));
    c.advance(3000);
    expect([nodeOf(c, 'a'), nodeOf(c, 'b')]).toEqual(['node-3', 'node-1']);
  });

  it('TaintToleration: a PreferNoSchedule taint is avoided while other nodes are as good', () => {
    const c = createCluster({ nodes: 3, seed: 5 });
    taint(c, 'node-1', 'spot', 'true', 'PreferNoSchedule');
    taint(c, 'node-2', 'spot', 'true', 'PreferNoSchedule');
    apply(c, podObj('p'));
    c.advance(3000);
    expect(nodeOf(c, 'p')).toBe('node-3');
  });

  it('InterPodAffinity: preferred anti-affinity spreads, preferred affinity gathers', () => {
    const c = createCluster({ nodes: 3, seed: 5 });
    apply(c, pinned('cache', 'node-2', {}, { app: 'cache' }));
    const term = { labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'kubernetes.io/hostname' };
    apply(
      c,
      podObj('near', {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }],
          },
        },
      }),
      podObj('far', {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }],
          },
        },
      })
    );
    c.advance(3000);
    expect(nodeOf(c, 'near')).toBe('node-2');
    expect(['node-1', 'node-3']).toContain(nodeOf(c, 'far'));
  });

  it('NodeResourcesFit (LeastAllocated): the emptier node wins', () => {
    const c = createCluster({ nodes: 3, seed: 5 });
    apply(
      c,
      pinned('hog-1', 'node-1', requests('4', '8Gi')),
      pinned('hog-2', 'node-2', requests('2', '4Gi'))
    );
    apply(c, podObj('p', requests('1', '1Gi')));
    c.advance(3000);
    expect(nodeOf(c, 'p')).toBe('node-3');
  });

  it('default spreading: a StatefulSet’s replicas go to different nodes; placement is reproducible from the seed', () => {
    const placements = [1, 1, 2].map((seed) => {
      const c = createCluster({ nodes: 3, seed });
      c.apply(statefulSetYaml('web', 3, 'Parallel'));
      c.advance(20_000);
      return ['web-0', 'web-1', 'web-2'].map((p) => nodeOf(c, p));
    });
    for (const p of placements) expect(new Set(p).size).toBe(3);
    expect(placements[0]).toEqual(placements[1]);
  });

  it('ScheduleAnyway spreading counts the matching pods per domain', () => {
    const c = createCluster({ nodes: 3, seed: 5 });
    apply(
      c,
      pinned('s-1', 'node-1', {}, { app: 's' }),
      pinned('s-2', 'node-1', {}, { app: 's' }),
      pinned('s-3', 'node-2', {}, { app: 's' })
    );
    apply(
      c,
      podObj(
        's-4',
        {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { app: 's' } },
            },
          ],
        },
        { app: 's' }
      )
    );
    c.advance(3000);
    expect(nodeOf(c, 's-4')).toBe('node-3');
  });
});

function statefulSetYaml(
  name: string,
  replicas: number,
  policy: 'Parallel' | 'OrderedReady',
  podSpecExtra = ''
): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}
  replicas: ${replicas}
  podManagementPolicy: ${policy}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:${podSpecExtra}
      containers:
      - name: app
        image: nginx:1.27
`;
}

describe('retries and the ZooKeeper lesson', () => {
  it('four ZooKeeper replicas with required hostname anti-affinity on three nodes: zk-3 stays Pending', () => {
    const c = createCluster({ nodes: 3, seed: 3 });
    const anti = `
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchExpressions:
              - key: app
                operator: In
                values: [zk]
            topologyKey: kubernetes.io/hostname`;
    expect(c.apply(statefulSetYaml('zk', 4, 'OrderedReady', anti)).ok).toBe(true);
    expect(advanceUntil(c, () => failedScheduling(c, 'zk-3').length > 0, 300_000)).toBe(true);
    expect(new Set(['zk-0', 'zk-1', 'zk-2'].map((p) => nodeOf(c, p))).size).toBe(3);
    expect(nodeOf(c, 'zk-3')).toBeUndefined();
    expect(lastFailure(c, 'zk-3')).toBe(
      `0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.${NO_VICTIMS()}`
    );
    // Deleting zk-0 frees a node only while zk-0 is gone; its replacement and zk-3 race for it.
    c.scale('sts', 'zk', 3);
    expect(advanceUntil(c, () => !c.get('pods', 'zk-3'), 120_000)).toBe(true);
  });

  it('resources exhausted, then freed: the pending pod schedules once a pod is deleted', () => {
    const c = createCluster({ nodes: 3, seed: 3 });
    apply(c, ...['node-1', 'node-2', 'node-3'].map((n, i) => pinned(`hog-${i + 1}`, n, requests('6'))));
    apply(c, podObj('waiter', requests('4')));
    c.advance(5000);
    expect(lastFailure(c, 'waiter')).toBe(`0/3 nodes are available: 3 Insufficient cpu.${NO_VICTIMS()}`);
    c.advance(60_000);
    expect(failedScheduling(c, 'waiter')).toHaveLength(1);
    expect(c.delete('pod', 'hog-2').ok).toBe(true);
    expect(advanceUntil(c, () => nodeOf(c, 'waiter') !== undefined, 120_000)).toBe(true);
    expect(nodeOf(c, 'waiter')).toBe('node-2');
  });

  it('cordon: every node cordoned keeps a pod Pending until one is uncordoned', () => {
    const c = createCluster({ nodes: 3, seed: 3 });
    for (const n of ['node-1', 'node-2', 'node-3']) cordon(c, n);
    apply(c, podObj('p'));
    c.advance(3000);
    expect(lastFailure(c, 'p')).toBe(
      `0/3 nodes are available: 3 node(s) were unschedulable.${NOT_HELPFUL()}`
    );
    cordon(c, 'node-2', false);
    expect(advanceUntil(c, () => nodeOf(c, 'p') !== undefined, 60_000)).toBe(true);
    expect(nodeOf(c, 'p')).toBe('node-2');
  });

  it('required affinity: the follower waits for its leader, then joins it', () => {
    const c = createCluster({ nodes: 3, seed: 3 });
    apply(c, podObj('follower', affinity('leader'), { app: 'follower' }));
    c.advance(3000);
    expect(lastFailure(c, 'follower')).toBe(
      `0/3 nodes are available: 3 node(s) didn't match pod affinity rules.${NOT_HELPFUL()}`
    );
    apply(c, pinned('leader', 'node-3', {}, { app: 'leader' }));
    expect(advanceUntil(c, () => nodeOf(c, 'follower') !== undefined, 60_000)).toBe(true);
    expect(nodeOf(c, 'follower')).toBe('node-3');
  });

  it('node allocatable is reported in node status', () => {
    const c = createCluster({ nodes: 1 });
    const status = c.get('node', 'node-1')?.['status'] as {
      capacity?: Record<string, string>;
      allocatable?: Record<string, string>;
    };
    expect(status.allocatable).toMatchObject({ cpu: '8', pods: '110' });
    expect(status.capacity).toMatchObject({ cpu: '8', pods: '110' });
  });
});
