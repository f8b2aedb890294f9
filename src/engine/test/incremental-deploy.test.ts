/**
 * The ReplicaSet controller's counted fast path (owner groups with counts kept write by write) against
 * listing and claiming every pod on every sync: random Deployment and ReplicaSet sessions run both
 * ways and every write, event and snapshot must be byte-identical.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaSetIndexOptions } from '../controllers/replicaset/pods.ts';
import { createCluster, restoreCluster, type Cluster } from '../index.ts';

type Action =
  | { t: 'scale'; replicas: number }
  | { t: 'image'; version: number }
  | { t: 'undo' }
  | { t: 'pause'; paused: boolean }
  | { t: 'deletePod'; index: number }
  | { t: 'readiness'; index: number; ready: boolean }
  | { t: 'crash'; index: number }
  | { t: 'relabel'; index: number }
  | { t: 'orphan'; name: string; app: 'web' | 'solo' }
  | { t: 'minReady'; seconds: number }
  | { t: 'templateLabel'; value: string }
  | { t: 'bareScale'; replicas: number }
  | { t: 'node'; node: number; up: boolean }
  | { t: 'restore' }
  | { t: 'advance'; ms: number };

const index = fc.integer({ min: 0, max: 9 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ t: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ t: fc.constant('image' as const), version: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('undo' as const) }),
  fc.record({ t: fc.constant('pause' as const), paused: fc.boolean() }),
  fc.record({ t: fc.constant('deletePod' as const), index }),
  fc.record({ t: fc.constant('readiness' as const), index, ready: fc.boolean() }),
  fc.record({ t: fc.constant('crash' as const), index }),
  fc.record({ t: fc.constant('relabel' as const), index }),
  fc.record({ t: fc.constant('orphan' as const), name: fc.constantFrom('stray-a', 'stray-b'), app: fc.constantFrom('web' as const, 'solo' as const) }),
  fc.record({ t: fc.constant('minReady' as const), seconds: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ t: fc.constant('templateLabel' as const), value: fc.constantFrom('a', 'b') }),
  fc.record({ t: fc.constant('bareScale' as const), replicas: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ t: fc.constant('node' as const), node: fc.integer({ min: 1, max: 3 }), up: fc.boolean() }),
  fc.record({ t: fc.constant('restore' as const) }),
  fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 10, max: 30_000 }) }),
  fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 10, max: 2_000 }) })
);

const SETUP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: 'nginx:1.27'}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: solo}
spec:
  replicas: 2
  selector: {matchLabels: {app: solo}}
  template:
    metadata: {labels: {app: solo, tier: x}}
    spec: {containers: [{name: nginx, image: 'nginx:1.27'}]}
`;

function podAt(cluster: Cluster, i: number): string | undefined {
  const names = cluster.list('pods').map((p) => p.metadata.name).sort();
  return names.length ? names[i % names.length] : undefined;
}

function perform(cluster: Cluster, a: Action): Cluster {
  const pod = 'index' in a ? podAt(cluster, a.index) : undefined;
  switch (a.t) {
    case 'scale':
      cluster.scale('deploy', 'web', a.replicas);
      break;
    case 'image':
      cluster.patch('deploy', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:1.${26 + a.version}` }] } } } });
      break;
    case 'undo':
      cluster.kubectl('rollout undo deploy/web');
      break;
    case 'pause':
      cluster.patch('deploy', 'web', { spec: { paused: a.paused } });
      break;
    case 'deletePod':
      if (pod) cluster.delete('pod', pod);
      break;
    case 'readiness':
      if (pod) cluster.inject({ type: 'readiness', pod, ready: a.ready });
      break;
    case 'crash':
      if (pod) cluster.inject({ type: 'crash', pod });
      break;
    case 'relabel':
      // The pod leaves its ReplicaSet's selector: released, and a replacement is made.
      if (pod) cluster.kubectl(`label pod ${pod} app=gone --overwrite`);
      break;
    case 'orphan':
      cluster.apply(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${a.name}, labels: {app: ${a.app}}}\nspec: {containers: [{name: c, image: 'nginx:1.27'}]}\n`);
      break;
    case 'minReady':
      cluster.patch('deploy', 'web', { spec: { minReadySeconds: a.seconds } });
      cluster.patch('rs', 'solo', { spec: { minReadySeconds: a.seconds } });
      break;
    case 'templateLabel':
      cluster.patch('rs', 'solo', { spec: { template: { metadata: { labels: { tier: a.value } } } } });
      break;
    case 'bareScale':
      cluster.scale('rs', 'solo', a.replicas);
      break;
    case 'node':
      cluster.inject({ type: 'node', node: `node-${a.node}`, state: a.up ? 'up' : 'down' });
      break;
    case 'restore':
      return restoreCluster(JSON.parse(JSON.stringify(cluster.snapshot())));
    case 'advance':
      cluster.advance(a.ms);
      break;
  }
  return cluster;
}

/** Whether a stray pod was adopted at some step (the slow path's claim at work). */
let adopted = false;

function trace(seed: number, actions: Action[]): string[] {
  let cluster = createCluster({ seed, nodes: 3 });
  cluster.apply(SETUP);
  cluster.advance(3_000);
  const out: string[] = [];
  for (const a of actions) {
    const since = cluster.now();
    cluster = perform(cluster, a);
    out.push(JSON.stringify([a, cluster.changes(since), cluster.events(), cluster.snapshot()]));
    adopted ||= cluster.changes(since).some((c) => c.name.startsWith('stray-') && !!c.object.metadata.ownerReferences);
  }
  cluster.settle(3_600_000);
  out.push(JSON.stringify([cluster.events(), cluster.snapshot()]));
  return out;
}

describe('the ReplicaSet controller counted from its owner index agrees with listing every pod', () => {
  afterEach(() => void (replicaSetIndexOptions.enabled = true));

  it('the same writes, events and snapshots either way', () => {
    let sawRelease = false;
    adopted = false;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(action, { minLength: 1, maxLength: 14 }), (seed, actions) => {
        replicaSetIndexOptions.enabled = true;
        const counted = trace(seed, actions);
        replicaSetIndexOptions.enabled = false;
        const listed = trace(seed, actions);
        replicaSetIndexOptions.enabled = true;
        expect(counted.length).toBe(listed.length);
        for (let i = 0; i < listed.length; i++) expect(counted[i], `after step ${i}: ${JSON.stringify(actions[i] ?? 'final settle')}`).toBe(listed[i]);
        const all = listed.join('');
        sawRelease ||= all.includes('"app":"gone"');
      }),
      { numRuns: 20, seed: 11 }
    );
    // The sessions reach the slow path's cases too: a released pod and an adopted orphan.
    expect(sawRelease).toBe(true);
    expect(adopted).toBe(true);
  }, 120_000);
});
