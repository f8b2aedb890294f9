/**
 * Property tests: random sequences of what a learner does (scale, delete pods, change the image,
 * partition, strategy, faults, node failures, claim deletions) interleaved with time, with the
 * cluster invariants checked after every step, and determinism of the whole run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster, restoreCluster, type Cluster } from '../index.ts';
import { NGINX_SERVICE, webYaml } from './fixtures.ts';
import { assertInvariants } from './invariants.ts';

type Action =
  | { t: 'scale'; replicas: number }
  | { t: 'deletePod'; ordinal: number; force: boolean }
  | { t: 'image'; version: number }
  | { t: 'partition'; partition: number }
  | { t: 'onDelete'; on: boolean }
  | { t: 'readiness'; ordinal: number; ready: boolean }
  | { t: 'crash'; ordinal: number }
  | { t: 'evict'; ordinal: number }
  | { t: 'node'; node: number; up: boolean }
  | { t: 'deleteClaim'; ordinal: number }
  | { t: 'reject'; verb: 'create' | 'delete' }
  | { t: 'advance'; ms: number }
  | { t: 'settle' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ t: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ t: fc.constant('deletePod' as const), ordinal: fc.integer({ min: 0, max: 6 }), force: fc.boolean() }),
  fc.record({ t: fc.constant('image' as const), version: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('partition' as const), partition: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ t: fc.constant('onDelete' as const), on: fc.boolean() }),
  fc.record({ t: fc.constant('readiness' as const), ordinal: fc.integer({ min: 0, max: 6 }), ready: fc.boolean() }),
  fc.record({ t: fc.constant('crash' as const), ordinal: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ t: fc.constant('evict' as const), ordinal: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ t: fc.constant('node' as const), node: fc.integer({ min: 1, max: 3 }), up: fc.boolean() }),
  fc.record({ t: fc.constant('deleteClaim' as const), ordinal: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ t: fc.constant('reject' as const), verb: fc.constantFrom('create' as const, 'delete' as const) }),
  fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 100, max: 120_000 }) }),
  fc.record({ t: fc.constant('settle' as const) })
);

function perform(cluster: Cluster, a: Action, policy: string): void {
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
      cluster.patch('sts', 'web', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: a.partition } } } }, { type: 'merge' });
      break;
    case 'onDelete':
      cluster.patch(
        'sts',
        'web',
        { spec: { updateStrategy: a.on ? { type: 'OnDelete', rollingUpdate: null } : { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } } },
        { type: 'merge' }
      );
      break;
    case 'readiness':
      cluster.inject({ type: 'readiness', pod: `web-${a.ordinal}`, ready: a.ready });
      break;
    case 'crash':
      cluster.inject({ type: 'crash', pod: `web-${a.ordinal}` });
      break;
    case 'evict':
      cluster.inject({ type: 'evict', pod: `web-${a.ordinal}` });
      break;
    case 'node':
      cluster.inject({ type: 'node', node: `node-${a.node}`, state: a.up ? 'up' : 'down' });
      break;
    case 'deleteClaim':
      cluster.delete('pvc', `www-web-${a.ordinal}`);
      break;
    case 'reject':
      cluster.inject({ type: 'reject', verb: a.verb, kind: 'pods' });
      break;
    case 'advance':
      cluster.advance(a.ms);
      break;
    case 'settle':
      cluster.settle(900_000);
      break;
  }
  void policy;
}

function start(policy: 'OrderedReady' | 'Parallel', seed: number): Cluster {
  const cluster = createCluster({ seed });
  const result = cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 3, policy })}`);
  expect(result.ok).toBe(true);
  return cluster;
}

describe('random user actions and faults keep the cluster invariants', () => {
  for (const policy of ['OrderedReady', 'Parallel'] as const) {
    it(`${policy}: invariants hold after every step`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(action, { minLength: 1, maxLength: 14 }), (seed, actions) => {
          const cluster = start(policy, seed);
          assertInvariants(cluster);
          for (const a of actions) {
            perform(cluster, a, policy);
            assertInvariants(cluster);
          }
          // Bring every node back and let the cluster settle: it must converge to a consistent state.
          for (const node of [1, 2, 3]) cluster.inject({ type: 'node', node: `node-${node}`, state: 'up' });
          cluster.settle(3_600_000);
          assertInvariants(cluster);
        }),
        { numRuns: 25, seed: policy === 'Parallel' ? 2 : 1 }
      );
    });
  }
});

describe('determinism', () => {
  it('the same seed and calls give byte-identical snapshots', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(action, { minLength: 1, maxLength: 10 }), (seed, actions) => {
        const run = () => {
          const cluster = start('OrderedReady', seed);
          for (const a of actions) perform(cluster, a, 'OrderedReady');
          return JSON.stringify(cluster.snapshot());
        };
        expect(run()).toBe(run());
      }),
      { numRuns: 15, seed: 3 }
    );
  });

  it('different seeds give different uids and pod placement', () => {
    const a = start('OrderedReady', 1);
    const b = start('OrderedReady', 2);
    a.settle();
    b.settle();
    expect(a.get('pod', 'web-0')?.metadata.uid).not.toBe(b.get('pod', 'web-0')?.metadata.uid);
  });

  it('a restored snapshot behaves exactly as the original from that point on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(action, { minLength: 1, maxLength: 6 }),
        fc.array(action, { minLength: 1, maxLength: 6 }),
        (seed, before, after) => {
          const original = start('Parallel', seed);
          for (const a of before) perform(original, a, 'Parallel');
          const copy = restoreCluster(JSON.parse(JSON.stringify(original.snapshot())));
          for (const a of after) {
            perform(original, a, 'Parallel');
            perform(copy, a, 'Parallel');
          }
          expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(original.snapshot()));
        }
      ),
      { numRuns: 15, seed: 4 }
    );
  });
});
