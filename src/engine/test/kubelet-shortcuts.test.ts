/**
 * The kubelet's shortcuts (issue 8, round 4) against the full computations they stand in for: the
 * volume SetUp error found without building the files, and the waiting status a sync does not render again.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { waitingRenderOptions } from '../controllers/kubelet/waiting-render.ts';
import { volumeFiles, volumeSetUpError } from '../controllers/pod-config.ts';
import { createCluster } from '../index.ts';
import type { Pod, Volume } from '../model/types.ts';
import { apiOf } from './harness.ts';

function items(...keys: string[]): { key: string; path: string }[] {
  return keys.map((key) => ({ key, path: `f-${key}` }));
}

describe('volumeSetUpError', () => {
  const cluster = createCluster();
  cluster.apply(
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf}\ndata: {mode: fast, level: "3"}\nbinaryData: {blob: aGk=}\n',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {password: aHVudGVyMg==}\n',
    ].join('---\n')
  );
  const api = apiOf(cluster);
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { a: 'b' } }, spec: { containers: [] }, status: {} } as unknown as Pod;
  const volumes: [string, Record<string, unknown>][] = [
    ['emptyDir', { emptyDir: {} }],
    ['claim', { persistentVolumeClaim: { claimName: 'x' } }],
    ['secret present', { secret: { secretName: 'creds' } }],
    ['secret missing', { secret: { secretName: 'nope' } }],
    ['secret missing, optional', { secret: { secretName: 'nope', optional: true } }],
    ['secret listed keys present', { secret: { secretName: 'creds', items: items('password') } }],
    ['secret listed key missing', { secret: { secretName: 'creds', items: items('password', 'user') } }],
    ['secret listed key missing, optional', { secret: { secretName: 'creds', optional: true, items: items('user') } }],
    ['secret __proto__ key', { secret: { secretName: 'creds', items: items('__proto__') } }],
    ['configMap present', { configMap: { name: 'conf' } }],
    ['configMap missing', { configMap: { name: 'nope' } }],
    ['configMap data and binaryData keys', { configMap: { name: 'conf', items: items('mode', 'blob') } }],
    ['configMap listed key missing', { configMap: { name: 'conf', items: items('mode', 'speed') } }],
    ['configMap inherited key', { configMap: { name: 'conf', items: items('toString') } }],
    ['configMap empty items', { configMap: { name: 'conf', items: [] } }],
    ['configMap odd items', { configMap: { name: 'conf', items: [null, 3, { path: 'no-key' }] } }],
    ['downwardAPI', { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: "metadata.labels['a']" } }] } }],
    [
      'projected, all fine',
      {
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token' } },
            { configMap: { name: 'conf', items: items('mode') } },
            { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ],
    ['projected, second source fails', { projected: { sources: [{ secret: { name: 'creds' } }, { configMap: { name: 'nope' } }, { secret: { name: 'gone' } }] } }],
    ['projected, secret wins over configMap', { projected: { sources: [{ secret: { name: 'gone' }, configMap: { name: 'conf' } }] } }],
    ['projected, optional and missing key', { projected: { sources: [{ configMap: { name: 'conf', optional: true, items: items('speed') } }, { secret: { name: 'creds', items: items('user') } }] } }],
    ['projected, no sources', { projected: {} }],
  ];
  it.each(volumes)('%s: the same error as building the files', (_, source) => {
    const volume = { name: 'v', ...source } as Volume;
    const full = volumeFiles(api, pod, volume);
    const expected = full && 'error' in full ? full.error : undefined;
    expect(volumeSetUpError(api, pod, volume)).toBe(expected);
  });
  it('finds errors at all (the table is not vacuous)', () => {
    expect(volumeSetUpError(api, pod, { name: 'v', secret: { secretName: 'nope' } } as Volume)).toBe('secret "nope" not found');
    expect(volumeSetUpError(api, pod, { name: 'v', configMap: { name: 'conf', items: items('speed') } } as Volume)).toBe('configmap references non-existent config key: speed');
  });
});

type KubeletAction =
  | { t: 'pod'; name: string; variant: number }
  | { t: 'image'; name: string; image: string }
  | { t: 'crash' | 'evict'; name: string }
  | { t: 'readiness'; name: string; ready: boolean }
  | { t: 'node'; up: boolean }
  | { t: 'secret'; present: boolean }
  | { t: 'delete'; name: string }
  | { t: 'advance'; ms: number };

/** Pod shapes that reach every kubelet stage: pulls that fail, env that cannot resolve, init containers, two containers, pull policy Always. */
function kubeletPod(name: string, variant: number): string {
  const head = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: node-1\n`;
  switch (variant) {
    case 0:
      return `${head}  containers:\n  - name: main\n    image: nginx:1.27\n`;
    case 1:
      return `${head}  containers:\n  - name: main\n    image: nginx:broken\n`;
    case 2:
      return `${head}  containers:\n  - name: main\n    image: nginx:1.27\n    env:\n    - name: PASSWORD\n      valueFrom: {secretKeyRef: {name: app, key: password}}\n`;
    case 3:
      return `${head}  initContainers:\n  - name: setup\n    image: busybox:1.36\n  containers:\n  - name: main\n    image: nginx:1.27\n`;
    case 4:
      return `${head}  containers:\n  - name: main\n    image: nginx:1.27\n  - name: side\n    image: busybox:1.36\n    imagePullPolicy: Always\n`;
    default:
      return `${head}  containers:\n  - name: main\n    image: redis:7\n    readinessProbe: {tcpSocket: {port: 6379}, periodSeconds: 5}\n  volumes:\n  - name: conf\n    secret: {secretName: app}\n`;
  }
}

function kubeletTrace(actions: KubeletAction[]): string[] {
  const cluster = createCluster({ seed: 11, nodes: 2 });
  const out: string[] = [];
  for (const a of actions) {
    const since = cluster.now();
    switch (a.t) {
      case 'pod':
        cluster.apply(kubeletPod(a.name, a.variant));
        break;
      case 'image':
        cluster.patch('pod', a.name, { spec: { containers: [{ name: 'main', image: a.image }] } });
        break;
      case 'crash':
      case 'evict':
        cluster.inject({ type: a.t, pod: a.name });
        break;
      case 'readiness':
        cluster.inject({ type: 'readiness', pod: a.name, ready: a.ready });
        break;
      case 'node':
        cluster.inject({ type: 'node', node: 'node-1', state: a.up ? 'up' : 'down' });
        break;
      case 'secret':
        if (a.present) cluster.apply('apiVersion: v1\nkind: Secret\nmetadata: {name: app}\nstringData: {password: hunter2}\n');
        else cluster.delete('secret', 'app');
        break;
      case 'delete':
        cluster.delete('pod', a.name);
        break;
      case 'advance':
        cluster.advance(a.ms);
        break;
    }
    out.push(JSON.stringify([a, cluster.changes(since), cluster.events(), cluster.snapshot()]));
  }
  return out;
}

describe('the remembered waiting status', () => {
  afterEach(() => {
    waitingRenderOptions.enabled = true;
  });

  it('the same writes, events and snapshots as rendering every status in full', () => {
    const name = fc.constantFrom('a', 'b', 'c');
    const action: fc.Arbitrary<KubeletAction> = fc.oneof(
      fc.record({ t: fc.constant('pod' as const), name, variant: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ t: fc.constant('image' as const), name, image: fc.constantFrom('nginx:1.28', 'nginx:broken', 'redis:7') }),
      fc.record({ t: fc.constantFrom('crash' as const, 'evict' as const), name }),
      fc.record({ t: fc.constant('readiness' as const), name, ready: fc.boolean() }),
      fc.record({ t: fc.constant('node' as const), up: fc.boolean() }),
      fc.record({ t: fc.constant('secret' as const), present: fc.boolean() }),
      fc.record({ t: fc.constant('delete' as const), name }),
      fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 10, max: 40_000 }) }),
      fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 200, max: 3_000 }) })
    );
    waitingRenderOptions.skipped = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 2, maxLength: 16 }), (actions) => {
        waitingRenderOptions.enabled = true;
        const remembered = kubeletTrace(actions);
        waitingRenderOptions.enabled = false;
        const full = kubeletTrace(actions);
        waitingRenderOptions.enabled = true;
        for (let i = 0; i < full.length; i++) expect(remembered[i], `after step ${i}: ${JSON.stringify(actions[i])}`).toBe(full[i]);
      }),
      { numRuns: 60, seed: 21 }
    );
    // The shortcut was taken (pods do pass a sync in ContainerCreating), so the comparison means something.
    expect(waitingRenderOptions.skipped).toBeGreaterThan(5);
  }, 120_000);
});
