/**
 * The view of several workloads: Deployments with their ReplicaSets, Services with their own DNS
 * records and targets, one claim shared by many pods; and the bands the diagram lays them out in.
 */
import { describe, expect, it } from 'vitest';
import { CARD_W, COL_W, computeLayout } from '../app/views/diagram/layout.ts';
import { createCluster, type Cluster } from '../engine/index.ts';
import { defaultExample } from '../engine/test/fixtures.ts';
import { applyDiff, buildView, diffViews, explain } from './view.ts';
import type { ClusterView } from './viewModel.ts';

const DEPLOY = `apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  selector:
    app: front
  ports:
  - port: 80
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: shared
spec:
  accessModes: [ "ReadWriteOnce" ]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: front
spec:
  replicas: 3
  selector:
    matchLabels:
      app: front
  template:
    metadata:
      labels:
        app: front
    spec:
      containers:
      - name: nginx
        image: nginx:v1
        volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
      volumes:
      - name: html
        persistentVolumeClaim:
          claimName: shared
`;

/**
 * The StatefulSet and the Deployment, caught mid-rollout: nginx:v2 was set and the rollout paused
 * after its first surge pod, so revision 1 has 3 pods and revision 2 has 1.
 */
function cluster(): Cluster {
  const c = createCluster();
  c.apply(defaultExample());
  c.apply(DEPLOY);
  c.settle();
  c.patch('deploy', 'front', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:v2' }] } } } });
  c.patch('deploy', 'front', { spec: { paused: true } }, { type: 'merge' });
  c.settle();
  return c;
}

describe('the view of several workloads', () => {
  it('describes Deployments, their ReplicaSets and the pods they own', () => {
    const view = buildView(cluster());
    expect(view.deployments.map((d) => [d.name, d.replicas, d.strategy, d.maxSurge, d.maxUnavailable, d.paused, d.revision, d.claims])).toEqual([
      ['front', 3, 'RollingUpdate', '25%', '25%', true, 2, ['shared']],
    ]);
    const sets = [...view.replicaSets].sort((a, b) => a.revision - b.revision);
    expect(sets.map((r) => [r.deployment, r.revision, r.replicas, r.image])).toEqual([
      ['front', 1, 3, 'nginx:v1'],
      ['front', 2, 1, 'nginx:v2'],
    ]);
    for (const r of sets) expect(r.name).toBe(`front-${r.hash}`);
    const mine = view.pods.filter((p) => p.owner?.kind === 'ReplicaSet');
    expect(mine).toHaveLength(4);
    for (const p of mine) {
      expect(p.name).toMatch(new RegExp(`^${p.owner?.name}-[a-z0-9]{5}$`));
      expect(p.revision).toBe(p.owner?.name.slice('front-'.length));
      expect(p.set).toBeUndefined();
    }
    expect(explain(view).map((h) => h.id)).toContain('deployPaused');
    expect(view.pods.find((p) => p.name === 'web-0')?.owner).toEqual({ kind: 'StatefulSet', name: 'web' });
  });

  it('gives each Service its own records and the workloads it selects', () => {
    const view = buildView(cluster());
    const nginx = view.services.find((s) => s.name === 'nginx');
    const front = view.services.find((s) => s.name === 'front');
    expect(nginx?.targets).toEqual(['StatefulSet/web']);
    expect(front?.targets).toEqual(['Deployment/front']);
    // A headless Service answers per pod; a ClusterIP Service answers with its virtual IP only.
    expect(nginx?.records.filter((r) => r.pod).map((r) => r.fqdn)).toEqual(['web-0', 'web-1', 'web-2'].map((n) => `${n}.nginx.default.svc.cluster.local`));
    expect(front?.records).toEqual([{ fqdn: 'front.default.svc.cluster.local', type: 'A', rcode: 'NOERROR', data: [front?.clusterIP] }]);
  });

  it('keeps diffs keyed across the new collections', () => {
    const c = cluster();
    const a = buildView(c);
    c.patch('deploy', 'front', { spec: { paused: false } }, { type: 'merge' });
    c.settle();
    const b = buildView(c);
    const diff = diffViews(a, b);
    expect(diff.upserts.deployments?.map((d) => d.key)).toEqual([b.deployments[0]?.key]);
    expect(new Set(diff.upserts.replicaSets?.map((r) => r.key))).toEqual(new Set(b.replicaSets.map((r) => r.key)));
    expect(b.pods.filter((p) => p.owner?.kind === 'ReplicaSet').every((p) => p.image === 'nginx:v2')).toBe(true);
    expect(applyDiff(a, diff)).toEqual(b);
  });
});

/** A view with one Deployment (replicas 4, revision 2) and its ReplicaSets, for the hint table. */
const base = (over: Partial<ClusterView['deployments'][number]>, sets: Partial<ClusterView['replicaSets'][number]>[]): ClusterView => ({
  time: 0,
  sets: [],
  pods: [],
  claims: [],
  volumes: [],
  classes: [],
  nodes: [],
  services: [],
  events: [],
  hints: [],
  deployments: [
    {
      key: 'd',
      name: 'front',
      namespace: 'default',
      replicas: 4,
      image: 'nginx:v2',
      paused: false,
      strategy: 'RollingUpdate',
      maxSurge: '25%',
      maxUnavailable: '25%',
      progressDeadlineSeconds: 600,
      minReadySeconds: 0,
      claims: [],
      revision: 2,
      generation: 2,
      observedGeneration: 2,
      status: { replicas: 5, updatedReplicas: 1, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 1 },
      conditions: [],
      terminating: false,
      ...over,
    },
  ],
  replicaSets: sets.map((s, i) => ({
    key: `rs${i}`,
    name: `front-h${i}`,
    namespace: 'default',
    deployment: 'front',
    revision: i + 1,
    hash: `h${i}`,
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    image: 'nginx',
    terminating: false,
    ...s,
  })),
});

describe('Deployment hints', () => {
  it('a broken image stalls the rollout while the old pods keep serving', () => {
    const c = createCluster();
    c.apply(DEPLOY);
    c.settle();
    c.patch('deploy', 'front', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:broken' }] } } } });
    c.advance(60_000);
    const view = buildView(c);
    const broken = view.pods.find((p) => p.image === 'nginx:broken');
    expect(view.hints).toContainEqual({ id: 'imagePullDeploy', params: { pod: broken?.name ?? '', image: 'nginx:broken', deploy: 'front' } });
    expect(view.hints.map((h) => h.id)).toContain('deployWaitingAvailable');
    expect(view.hints.map((h) => h.id)).not.toContain('imagePull');
    expect(view.pods.filter((p) => p.image === 'nginx:v1' && p.ready)).toHaveLength(3);
  });

  it.each([
    {
      name: 'a rollout at the surge bound waits for new pods to become available',
      over: {},
      sets: [{ replicas: 4, currentReplicas: 4, availableReplicas: 4 }, { replicas: 1, currentReplicas: 1 }],
      want: [
        { id: 'deployWaitingAvailable', params: { deploy: 'front', rs: 'front-h1', available: 0, desired: 4, min: 3, maxUnavailable: 1 } },
        { id: 'deploySurgeBound', params: { deploy: 'front', max: 5, surge: 1, rs: 'front-h1' } },
      ],
    },
    { name: 'a paused rollout says so and nothing else', over: { paused: true }, sets: [{ replicas: 4 }, { replicas: 1 }], want: [{ id: 'deployPaused', params: { deploy: 'front' } }] },
    {
      name: 'progress deadline exceeded',
      over: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: '' }] },
      sets: [{ replicas: 4, currentReplicas: 4, availableReplicas: 4 }, { replicas: 1, currentReplicas: 1 }],
      want: [{ id: 'deployProgressDeadline', params: { deploy: 'front', seconds: 600, rs: 'front-h1' } }],
    },
    { name: 'a finished rollout is settled', over: {}, sets: [{}, { replicas: 4, currentReplicas: 4, availableReplicas: 4, readyReplicas: 4 }], want: [{ id: 'settled', params: {} }] },
    {
      name: 'maxSurge and maxUnavailable both 0% still let one pod go',
      over: { maxSurge: '0%', maxUnavailable: '0%' },
      sets: [{ replicas: 4, currentReplicas: 4, availableReplicas: 4 }, { replicas: 0 }],
      want: [
        { id: 'deployWaitingAvailable', params: { deploy: 'front', rs: 'front-h1', available: 0, desired: 4, min: 3, maxUnavailable: 1 } },
        { id: 'deploySurgeBound', params: { deploy: 'front', max: 4, surge: 0, rs: 'front-h1' } },
      ],
    },
  ])('$name', ({ over, sets, want }) => {
    expect(explain(base(over, sets))).toEqual(want);
  });
});

describe('the diagram layout of several workloads', () => {
  it('gives each workload a band, each ReplicaSet a label, and one shared claim one box with an edge per pod', () => {
    const view = buildView(cluster());
    const layout = computeLayout(view, 1600);
    const bands = layout.decor.filter((d) => d.type === 'band').map((d) => (d.type === 'band' ? `${d.band.kind}/${d.band.name}` : ''));
    expect(bands).toEqual(['StatefulSet/web', 'Deployment/front']);
    const rs = layout.decor.flatMap((d) => (d.type === 'rs' ? [[d.rs.revision, d.pods, d.current]] : []));
    expect(rs).toEqual([
      [1, 3, false],
      [2, 1, true],
    ]);
    expect(layout.claims.filter((c) => c.item.name === 'shared')).toHaveLength(1);
    const shared = layout.claims.find((c) => c.item.name === 'shared');
    expect(layout.edges.filter((e) => e.key.startsWith('p:') && e.key.endsWith(`:${shared?.key}`))).toHaveLength(4);
    // StatefulSet pods stand in ordinal order, each claim under its pod.
    const web = layout.pods.filter((p) => p.item.set === 'web');
    expect(web.map((p) => p.item.name)).toEqual(['web-0', 'web-1', 'web-2']);
    for (const pod of web) expect(layout.claims.find((c) => c.item.name === `www-${pod.item.name}`)?.x).toBe(pod.x);
    // Pods of one ReplicaSet stand together, old revision first.
    const front = layout.pods.filter((p) => p.item.owner?.kind === 'ReplicaSet').sort((a, b) => a.x - b.x);
    expect(front.map((p) => p.item.revisionNumber)).toEqual([1, 1, 1, 2]);
    expect(front[0]?.y).toBe(web[0]?.y);
  });

  it('puts DNS records next to the workload each Service selects', () => {
    const view = buildView(cluster());
    const layout = computeLayout(view, 1200);
    const band = (name: string) => layout.decor.find((d) => d.type === 'band' && d.band.name === name);
    const inside = (x: number, name: string) => {
      const b = band(name);
      return !!b && x >= b.x && x < b.x + b.w;
    };
    const perPod = layout.dns.filter((d) => d.service === 'nginx');
    expect(perPod.map((d) => d.label)).toEqual(['web-0.nginx', 'web-1.nginx', 'web-2.nginx']);
    for (const cell of perPod) expect(inside(cell.x, 'web')).toBe(true);
    const vip = layout.dns.filter((d) => d.service === 'front');
    expect(vip).toHaveLength(1);
    expect(vip[0]?.ip).toBe(view.services.find((s) => s.name === 'front')?.clusterIP);
    expect(inside(vip[0]?.x ?? -1, 'front')).toBe(true);
  });

  it('wraps bands to fit the width, and scrolls (with a hint) only when one band alone is too wide', () => {
    const view = buildView(cluster());
    const wide = computeLayout(view, 1600);
    const narrow = computeLayout(view, 800);
    const ys = (l: typeof wide) => l.decor.filter((d) => d.type === 'band').map((d) => d.y);
    expect(new Set(ys(wide)).size).toBe(1);
    expect(new Set(ys(narrow)).size).toBe(2);
    expect(narrow.width).toBeLessThanOrEqual(800);
    expect(narrow.overflow).toBe(false);
    for (const p of narrow.pods) expect(p.x + CARD_W).toBeLessThanOrEqual(narrow.width);
    const tiny = computeLayout(view, 400);
    expect(tiny.overflow).toBe(true);
  });

  it('gives every pod of several workloads a column, and a viewport draws only the columns it meets', () => {
    const c = createCluster({ nodes: 6 });
    c.apply(defaultExample({ replicas: 16, policy: 'Parallel' }));
    c.settle();
    expect(c.kubectl('create deployment other --image=nginx --replicas=2').code).toBe(0);
    c.settle();
    const view = buildView(c);
    const whole = computeLayout(view, 4000);
    expect(whole.pods).toHaveLength(18);
    expect(whole.positions.size).toBe(18);
    // A viewport over the StatefulSet's first columns: its pods there, their claims and records, nothing of the Deployment.
    const first = whole.positions.get('web-0')?.x ?? -1;
    const part = computeLayout(view, 4000, { x: first, width: 2 * COL_W });
    const shown = new Set(part.pods.map((p) => p.item.name));
    expect(shown.has('web-0')).toBe(true);
    expect(shown.has('web-15')).toBe(false);
    expect(part.pods.some((p) => p.item.owner?.kind === 'ReplicaSet')).toBe(false);
    expect(part.claims.every((cl) => shown.has(cl.item.name.replace(/^www-/, '')))).toBe(true);
    expect(part.dns.filter((d) => d.service === 'nginx').every((d) => shown.has(d.label.split('.')[0] ?? ''))).toBe(true);
    expect(part.width).toBe(whole.width);
  });

  it('keeps a claim that outlived its pod under its ordinal', () => {
    const c = createCluster();
    c.apply(defaultExample());
    c.settle();
    c.scale('sts', 'web', 2);
    c.settle();
    const layout = computeLayout(buildView(c), 1200);
    const slot = layout.decor.find((d) => d.type === 'slot');
    expect(slot?.type === 'slot' && slot.name).toBe('web-2');
    expect(layout.claims.find((cl) => cl.item.name === 'www-web-2')?.x).toBe(slot?.x);
  });
});
