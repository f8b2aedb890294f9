/**
 * The incremental indexes (issue 8: work proportional to the change) against full recomputation:
 * random sequences of what a learner does run twice, once with the indexes and once with them
 * turned off, and every write, event and snapshot must be byte-identical.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointIndexOptions } from '../controllers/endpoint-index.ts';
import { describeSliceMemo } from '../controllers/endpointslice-reconciler.ts';
import { waitingRenderOptions } from '../controllers/kubelet/waiting-render.ts';
import { snapshotIndexOptions } from '../controllers/scheduler/snapshot-index.ts';
import { spreadDomainOptions } from '../controllers/scheduler/spread-domains.ts';
import { slotIndexOptions } from '../controllers/statefulset/slot-index.ts';
import { trustedCreateOptions } from '../controllers/statefulset/trusted.ts';
import { addPod, keptMatchCount, newNodeInfo, type NodeInfo, type Snapshot } from '../controllers/scheduler/plugins.ts';
import { indexedSnapshot } from '../controllers/scheduler/snapshot-index.ts';
import { Cluster, createCluster, restoreCluster } from '../index.ts';
import type { NodeObject, Pod, Service } from '../model/types.ts';
import { Engine } from '../sim/engine.ts';
import { NGINX_SERVICE, webYaml } from './fixtures.ts';

type Action =
  | { t: 'scale'; replicas: number }
  | { t: 'deletePod'; ordinal: number; force: boolean }
  | { t: 'image'; version: number }
  | { t: 'partition'; partition: number }
  | { t: 'onDelete'; on: boolean }
  | { t: 'readiness'; ordinal: number; ready: boolean }
  | { t: 'crash'; ordinal: number }
  | { t: 'evict'; ordinal: number }
  | { t: 'complete'; ordinal: number }
  | { t: 'node'; node: number; up: boolean }
  | { t: 'deleteClaim'; ordinal: number }
  | { t: 'retention'; whenScaled: 'Retain' | 'Delete'; whenDeleted: 'Retain' | 'Delete' }
  | { t: 'minReady'; seconds: number }
  | { t: 'start'; start: number }
  | { t: 'orphan'; name: string; app: string }
  | { t: 'picky'; name: string; hostPort: boolean }
  | { t: 'deletePicky'; name: string }
  | { t: 'relabel'; ordinal: number }
  | { t: 'reject'; verb: 'create' | 'delete' }
  | { t: 'service'; app: string; publishNotReady: boolean }
  | { t: 'deleteService' }
  | { t: 'restore' }
  | { t: 'advance'; ms: number }
  | { t: 'settle' };

const ordinal = fc.integer({ min: 0, max: 7 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ t: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ t: fc.constant('deletePod' as const), ordinal, force: fc.boolean() }),
  fc.record({ t: fc.constant('image' as const), version: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('partition' as const), partition: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ t: fc.constant('onDelete' as const), on: fc.boolean() }),
  fc.record({ t: fc.constant('readiness' as const), ordinal, ready: fc.boolean() }),
  fc.record({ t: fc.constant('crash' as const), ordinal }),
  fc.record({ t: fc.constant('evict' as const), ordinal }),
  fc.record({ t: fc.constant('complete' as const), ordinal }),
  fc.record({ t: fc.constant('node' as const), node: fc.integer({ min: 1, max: 3 }), up: fc.boolean() }),
  fc.record({ t: fc.constant('deleteClaim' as const), ordinal }),
  fc.record({
    t: fc.constant('retention' as const),
    whenScaled: fc.constantFrom('Retain' as const, 'Delete' as const),
    whenDeleted: fc.constantFrom('Retain' as const, 'Delete' as const),
  }),
  fc.record({ t: fc.constant('minReady' as const), seconds: fc.constantFrom(0, 0, 5) }),
  fc.record({ t: fc.constant('start' as const), start: fc.constantFrom(0, 0, 2) }),
  fc.record({ t: fc.constant('orphan' as const), name: fc.constantFrom('web-1', 'web-05', 'web-9', 'other'), app: fc.constantFrom('nginx', 'db') }),
  fc.record({ t: fc.constant('relabel' as const), ordinal }),
  fc.record({ t: fc.constant('picky' as const), name: fc.constantFrom('picky-a', 'picky-b'), hostPort: fc.boolean() }),
  fc.record({ t: fc.constant('deletePicky' as const), name: fc.constantFrom('picky-a', 'picky-b') }),
  fc.record({ t: fc.constant('reject' as const), verb: fc.constantFrom('create' as const, 'delete' as const) }),
  fc.record({ t: fc.constant('service' as const), app: fc.constantFrom('nginx', 'nginx', 'db'), publishNotReady: fc.boolean() }),
  fc.record({ t: fc.constant('deleteService' as const) }),
  fc.record({ t: fc.constant('restore' as const) }),
  fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 10, max: 90_000 }) }),
  fc.record({ t: fc.constant('settle' as const) })
);

function bare(name: string, app: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${app}}
spec:
  containers:
  - name: main
    image: busybox:1.36
`;
}

/** A pod with inter-pod (anti-)affinity terms about the set's pods, and maybe a host port. */
function pickyYaml(name: string, hostPort: boolean): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: picky}
spec:
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: picky}}
        topologyKey: kubernetes.io/hostname
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 40
        podAffinityTerm:
          labelSelector: {matchLabels: {app: nginx}}
          topologyKey: kubernetes.io/hostname
    podAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 10
        podAffinityTerm:
          labelSelector: {matchLabels: {app: db}}
          topologyKey: kubernetes.io/hostname
  containers:
  - name: main
    image: busybox:1.36
${hostPort ? '    ports:\n    - containerPort: 8080\n      hostPort: 8080\n' : ''}`;
}

function serviceYaml(app: string, publishNotReady: boolean): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  publishNotReadyAddresses: ${publishNotReady}
  ports:
  - port: 80
    name: web
  selector:
    app: ${app}
`;
}

function perform(cluster: Cluster, a: Action): Cluster {
  const merge = { type: 'merge' as const };
  switch (a.t) {
    case 'scale':
      cluster.scale('sts', 'web', a.replicas);
      break;
    case 'deletePod':
      cluster.delete('pod', `web-${a.ordinal}`, { force: a.force });
      break;
    case 'image':
      cluster.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:v${a.version}` }] } } } });
      break;
    case 'partition':
      cluster.patch('sts', 'web', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: a.partition } } } }, merge);
      break;
    case 'onDelete':
      cluster.patch(
        'sts',
        'web',
        { spec: { updateStrategy: a.on ? { type: 'OnDelete', rollingUpdate: null } : { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } } },
        merge
      );
      break;
    case 'readiness':
      cluster.inject({ type: 'readiness', pod: `web-${a.ordinal}`, ready: a.ready });
      break;
    case 'crash':
    case 'evict':
    case 'complete':
      cluster.inject({ type: a.t, pod: `web-${a.ordinal}` });
      break;
    case 'node':
      cluster.inject({ type: 'node', node: `node-${a.node}`, state: a.up ? 'up' : 'down' });
      break;
    case 'deleteClaim':
      cluster.delete('pvc', `www-web-${a.ordinal}`);
      break;
    case 'retention':
      cluster.patch('sts', 'web', { spec: { persistentVolumeClaimRetentionPolicy: { whenScaled: a.whenScaled, whenDeleted: a.whenDeleted } } }, merge);
      break;
    case 'minReady':
      cluster.patch('sts', 'web', { spec: { minReadySeconds: a.seconds } }, merge);
      break;
    case 'start':
      cluster.patch('sts', 'web', { spec: { ordinals: { start: a.start } } }, merge);
      break;
    case 'orphan':
      cluster.apply(bare(a.name, a.app));
      break;
    case 'picky':
      cluster.apply(pickyYaml(a.name, a.hostPort));
      break;
    case 'deletePicky':
      cluster.delete('pod', a.name);
      break;
    case 'relabel':
      cluster.patch('pod', `web-${a.ordinal}`, { metadata: { labels: { app: 'away' } } }, merge);
      break;
    case 'reject':
      cluster.inject({ type: 'reject', verb: a.verb, kind: 'pods' });
      break;
    case 'service':
      cluster.apply(serviceYaml(a.app, a.publishNotReady));
      break;
    case 'deleteService':
      cluster.delete('svc', 'nginx');
      break;
    case 'restore':
      return restoreCluster(JSON.parse(JSON.stringify(cluster.snapshot())));
    case 'advance':
      cluster.advance(a.ms);
      break;
    case 'settle':
      cluster.settle(900_000);
      break;
  }
  return cluster;
}

/** Everything observable after each step: the writes of the step, the events, the snapshot. */
function trace(seed: number, replicas: number, actions: Action[]): string[] {
  let cluster = createCluster({ seed, nodes: 3 });
  cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas, policy: 'Parallel' })}`);
  const out: string[] = [];
  for (const a of actions) {
    const since = cluster.now();
    cluster = perform(cluster, a);
    out.push(JSON.stringify([a, cluster.changes(since), cluster.events(), cluster.snapshot()]));
  }
  cluster.settle(3_600_000);
  out.push(JSON.stringify([cluster.events(), cluster.snapshot()]));
  return out;
}

/** A 12-pod Parallel set created, then rolled to a new image, with the indexes on or off. */
function rollout(enabled: boolean): string {
  setIndexes(enabled);
  const cluster = createCluster({ seed: 5, nodes: 3 });
  cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 12, policy: 'Parallel' })}`);
  cluster.settle(3_600_000);
  cluster.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:v2' }] } } } });
  cluster.settle(3_600_000);
  return JSON.stringify([cluster.changes(0), cluster.events(), cluster.snapshot()]);
}

function setIndexes(enabled: boolean): void {
  slotIndexOptions.enabled = enabled;
  endpointIndexOptions.enabled = enabled;
  snapshotIndexOptions.enabled = enabled;
  trustedCreateOptions.enabled = enabled;
  waitingRenderOptions.enabled = enabled;
  spreadDomainOptions.enabled = enabled;
}

describe('incremental indexes agree with a full recomputation', () => {
  afterEach(() => setIndexes(true));

  it('the same writes, events and snapshots with and without the indexes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 6 }), fc.array(action, { minLength: 1, maxLength: 18 }), (seed, replicas, actions) => {
        setIndexes(true);
        const indexed = trace(seed, replicas, actions);
        setIndexes(false);
        const full = trace(seed, replicas, actions);
        setIndexes(true);
        expect(indexed.length).toBe(full.length);
        for (let i = 0; i < full.length; i++) expect(indexed[i], `after step ${i}: ${JSON.stringify(actions[i] ?? 'final settle')}`).toBe(full[i]);
      }),
      { numRuns: 30, seed: 8 }
    );
  }, 120_000);

  it('pending pods whose claims are deleted and recreated: the same writes as with the full sync', () => {
    // Pods that cannot be scheduled (a selector no node has) stay Pending, so the set keeps
    // recreating their claims; only a claim's own write may wake its slot.
    const pendingAction: fc.Arbitrary<Action> = fc.oneof(
      fc.record({ t: fc.constant('deleteClaim' as const), ordinal }),
      fc.record({ t: fc.constant('deleteClaim' as const), ordinal }),
      // Another pod's churn makes the set sync while the claim's own slot keeps its quiet flag.
      fc.record({ t: fc.constant('deletePod' as const), ordinal, force: fc.boolean() }),
      fc.record({ t: fc.constant('deletePod' as const), ordinal, force: fc.boolean() }),
      fc.record({ t: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ t: fc.constant('retention' as const), whenScaled: fc.constantFrom('Retain' as const, 'Delete' as const), whenDeleted: fc.constantFrom('Retain' as const, 'Delete' as const) }),
      fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 10, max: 20_000 }) })
    );
    const run = (seed: number, actions: Action[]) => {
      let cluster = createCluster({ seed, nodes: 3 });
      const yaml = webYaml({ replicas: 4, policy: 'Parallel' }).replace('    spec:\n      containers:', '    spec:\n      nodeSelector:\n        disk: none\n      containers:');
      cluster.apply(`${NGINX_SERVICE}---\n${yaml}`);
      cluster.advance(5_000);
      const out: string[] = [];
      for (const a of actions) {
        const since = cluster.now();
        cluster = perform(cluster, a);
        out.push(JSON.stringify([a, cluster.changes(since), cluster.events(), cluster.snapshot()]));
      }
      return out;
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(pendingAction, { minLength: 2, maxLength: 10 }), (seed, actions) => {
        setIndexes(true);
        const indexed = run(seed, actions);
        setIndexes(false);
        const full = run(seed, actions);
        setIndexes(true);
        for (let i = 0; i < full.length; i++) expect(indexed[i], `after step ${i}: ${JSON.stringify(actions[i])}`).toBe(full[i]);
        expect(full.join('')).toContain('"Pending"');
      }),
      { numRuns: 25, seed: 3 }
    );
  }, 120_000);

  it('a rolling update of a Parallel set makes the same writes as with the full sync', () => {
    const indexed = rollout(true);
    expect(indexed).toBe(rollout(false));
    expect(indexed).toContain('nginx:v2');
  });
});

/** 230 pods created, then `actions`: the endpoint writes of each step, then the final state. */
function wideTrace(actions: Action[]): string[] {
  let cluster = createCluster({ seed: 21, nodes: 4 });
  cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 230, policy: 'Parallel' })}`);
  cluster.settle(3_600_000);
  const out: string[] = [];
  for (const a of actions) {
    const since = cluster.now();
    cluster = perform(cluster, a);
    out.push(JSON.stringify([a, cluster.changes(since).filter((c) => c.kind === 'EndpointSlice' || c.kind === 'Endpoints')]));
  }
  cluster.settle(3_600_000);
  out.push(JSON.stringify([cluster.events(), cluster.snapshot()]));
  return out;
}

describe('the endpoints index across several EndpointSlices', () => {
  afterEach(() => setIndexes(true));

  // 230 pods fill three slices of 100; flips, removals and scale steps edit a slice in place, move
  // a returning pod to the end of a slice, or add, recycle and drop slices.
  const far = fc.integer({ min: 0, max: 229 });
  const wide: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ t: fc.constant('readiness' as const), ordinal: far, ready: fc.boolean() }),
    fc.record({ t: fc.constant('readiness' as const), ordinal: far, ready: fc.boolean() }),
    fc.record({ t: fc.constant('deletePod' as const), ordinal: far, force: fc.boolean() }),
    fc.record({ t: fc.constant('relabel' as const), ordinal: far }),
    fc.record({ t: fc.constant('crash' as const), ordinal: far }),
    fc.record({ t: fc.constant('scale' as const), replicas: fc.constantFrom(99, 100, 101, 150, 201, 230) }),
    fc.record({ t: fc.constant('service' as const), app: fc.constant('nginx'), publishNotReady: fc.boolean() }),
    fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 10, max: 30_000 }) })
  );

  it('the reconciler remembers which slice holds each endpoint as a rebuild from storage would', () => {
    // The memory is edited by what moved (dropped keys, appended parts); whenever the next sync
    // would trust it, it must equal the memory built afresh from the stored slices.
    fc.assert(
      fc.property(fc.array(wide, { minLength: 2, maxLength: 12 }), (actions) => {
        const engine = new Engine(JSON.parse(JSON.stringify(createCluster({ seed: 23, nodes: 4 }).snapshot())));
        const cluster = new Cluster(engine);
        cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 230, policy: 'Parallel' })}`);
        const check = (step: string) => {
          const svc = engine.api.get('Service', 'default', 'nginx') as Service | undefined;
          const memo = svc && describeSliceMemo(engine.context, svc, 'default/nginx');
          if (memo) expect(memo.kept, step).toBe(memo.rebuilt);
          return memo !== undefined;
        };
        cluster.settle(3_600_000);
        expect(check('after creation')).toBe(true);
        let kept = 0;
        for (const a of actions) {
          perform(cluster, a);
          // Time for the controllers to act on the step (a delete or patch alone syncs nothing).
          cluster.advance(20_000);
          if (check(JSON.stringify(a))) kept++;
        }
        expect(kept).toBeGreaterThan(0);
      }),
      { numRuns: 4, seed: 29 }
    );
  }, 240_000);

  it('editing only the slices changed pods are in writes what comparing every endpoint writes', () => {
    // The legacy Endpoints lists are edited from the changed records the same way.
    fc.assert(
      fc.property(fc.array(wide, { minLength: 2, maxLength: 10 }), (actions) => {
        setIndexes(true);
        const indexed = wideTrace(actions);
        setIndexes(false);
        const full = wideTrace(actions);
        setIndexes(true);
        for (let i = 0; i < full.length; i++) expect(indexed[i], `after step ${i}: ${JSON.stringify(actions[i] ?? 'final settle')}`).toBe(full[i]);
        expect(full.join('')).toContain('"kind":"EndpointSlice"');
      }),
      { numRuns: 3, seed: 17 }
    );
  }, 240_000);
});

const keys = (pods: Pod[]) => pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}@${p.metadata.resourceVersion}`).sort();

/** What a snapshot says about each node, in a comparable form. */
function describeSnapshot(snap: Snapshot): unknown {
  return snap.nodes.map((n: NodeInfo) => ({
    name: n.name,
    pods: keys(n.pods),
    withAffinity: keys(n.podsWithAffinity),
    requested: n.requested,
    nonZeroRequested: n.nonZeroRequested,
    ports: [...n.usedPorts].sort(),
    labels: n.labels,
    // PodTopologySpread's counts, kept through addPod/removePod on the indexed snapshot.
    matching: keptMatchCount(n, { matchLabels: { app: 'nginx' } }, 'default'),
    matchingOther: keptMatchCount(n, { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['nginx'] }] }, 'default'),
  }));
}

/** The scheduler's snapshot rebuilt from storage (the documented meaning of the cache). */
function rebuiltSnapshot(engine: Engine): Snapshot {
  const nodes = (engine.api.list('Node') as NodeObject[]).toSorted((a, b) => a.metadata.name.localeCompare(b.metadata.name)).map(newNodeInfo);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const pod of engine.api.list('Pod') as Pod[]) {
    if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
    const node = pod.spec.nodeName ?? engine.state.assumed[pod.metadata.uid ?? ''];
    const info = node ? byName.get(node) : undefined;
    if (info) addPod(info, pod);
  }
  return { nodes, byName, namespaceLabels: new Map(engine.api.list('Namespace').map((ns) => [ns.metadata.name, ns.metadata.labels ?? {}])) };
}

describe('the scheduler snapshot index', () => {
  it('equals a snapshot rebuilt from storage after every step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(action.filter((a) => a.t !== 'restore'), { minLength: 1, maxLength: 16 }), (seed, actions) => {
        const start = createCluster({ seed, nodes: 3 });
        start.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 4, policy: 'Parallel' })}`);
        const engine = new Engine(JSON.parse(JSON.stringify(start.snapshot())));
        const cluster = new Cluster(engine);
        for (const a of actions) {
          perform(cluster, a);
          expect(describeSnapshot(indexedSnapshot(engine.context)), JSON.stringify(a)).toEqual(describeSnapshot(rebuiltSnapshot(engine)));
        }
      }),
      { numRuns: 25, seed: 12 }
    );
  }, 120_000);
});
