/**
 * The kubelet's init containers (in order, sidecars, failures with back-off) as kubectl's STATUS and
 * READY columns and the pod status show them; exec readiness probes; the QoS class and the canonical
 * form of resource quantities the API server stores.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, printPod, type Cluster } from '../index.ts';
import { canonicalQuantity } from '../model/quantity.ts';

type Obj = Record<string, unknown>;

interface StatusLike {
  phase?: string;
  qosClass?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  initContainerStatuses?: {
    name: string;
    ready: boolean;
    started?: boolean;
    restartCount: number;
    state: {
      waiting?: { reason?: string };
      running?: object;
      terminated?: { exitCode: number; reason?: string };
    };
  }[];
  containerStatuses?: {
    name: string;
    ready: boolean;
    state: { waiting?: { reason?: string }; running?: object };
  }[];
}

function apply(c: Cluster, obj: Obj): void {
  const r = c.apply(JSON.stringify(obj));
  expect(r.errors).toEqual([]);
}

function podWithInit(name: string, init: Obj[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: { initContainers: init, containers: [{ name: 'app', image: 'nginx:1.27' }], ...extra },
  };
}

const initC = (name: string, extra: Obj = {}): Obj => ({
  name,
  image: 'busybox:1.36',
  command: ['sh', '-c', 'true'],
  ...extra,
});

function status(c: Cluster, name: string): StatusLike {
  return (c.get('pods', name)?.['status'] ?? {}) as StatusLike;
}

function columns(c: Cluster, name: string): { ready: string; status: string; restarts: number } {
  const p = c.get('pods', name);
  if (!p) throw new Error(`no pod ${name}`);
  const { ready, status: st, restarts } = printPod(p);
  return { ready, status: st, restarts };
}

/** Distinct consecutive STATUS values while advancing `ms` in small steps. */
function statusTrail(c: Cluster, name: string, ms: number, step = 100): string[] {
  const trail: string[] = [];
  for (let t = 0; t <= ms; t += step) {
    const s = columns(c, name).status;
    if (trail.at(-1) !== s) trail.push(s);
    c.advance(step);
  }
  return trail;
}

/** Advances in small steps until `done` holds (pull and start times vary with the seed). */
function until(c: Cluster, done: () => boolean, max = 60_000, step = 100): void {
  for (let t = 0; t < max && !done(); t += step) c.advance(step);
  expect(done()).toBe(true);
}

const initRunning = (c: Cluster): boolean => !!status(c, 'p').initContainerStatuses?.[0]?.state.running;

function condition(c: Cluster, name: string, type: string) {
  return status(c, name).conditions?.find((x) => x.type === type);
}

function kubeletEvents(c: Cluster, name: string): string[] {
  return c
    .events()
    .filter(
      (e) =>
        e.involvedObject.name === name &&
        (e.source as { component?: string } | undefined)?.component === 'kubelet'
    )
    .map((e) => `${e.reason}: ${e.message}`);
}

describe('init containers', () => {
  it('run in order before the app container: Init:0/2 → Init:1/2 → PodInitializing → Running', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, podWithInit('p', [initC('init-a'), initC('init-b', { image: 'alpine:3.20' })]));
    const trail = statusTrail(c, 'p', 30_000);
    expect(trail).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
    expect(columns(c, 'p').ready).toBe('1/1');
    const st = status(c, 'p');
    expect(
      st.initContainerStatuses?.map((s) => [
        s.name,
        s.ready,
        s.state.terminated?.reason,
        s.state.terminated?.exitCode,
      ])
    ).toEqual([
      ['init-a', true, 'Completed', 0],
      ['init-b', true, 'Completed', 0],
    ]);
    expect(condition(c, 'p', 'Initialized')).toMatchObject({ status: 'True' });
    // Pulling, Pulled, Created, Started for each init container in order, then the app container.
    const events = kubeletEvents(c, 'p').filter((e) => /^(Pulling|Pulled|Created|Started)/.test(e));
    expect(events.map((e) => e.replace(/ in [0-9.]+m?s \(.*$/, ''))).toEqual([
      'Pulling: Pulling image "busybox:1.36"',
      'Pulled: Successfully pulled image "busybox:1.36"',
      'Created: Container created',
      'Started: Container started',
      'Pulling: Pulling image "alpine:3.20"',
      'Pulled: Successfully pulled image "alpine:3.20"',
      'Created: Container created',
      'Started: Container started',
      'Pulling: Pulling image "nginx:1.27"',
      'Pulled: Successfully pulled image "nginx:1.27"',
      'Created: Container created',
      'Started: Container started',
    ]);
  });

  it('reports the Initialized condition and per-container states while initialising', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, podWithInit('p', [initC('init-a'), initC('init-b')]));
    c.advance(1000);
    expect(condition(c, 'p', 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [init-a init-b]',
    });
    expect(status(c, 'p').phase).toBe('Pending');
    expect(status(c, 'p').initContainerStatuses?.map((s) => s.state.waiting?.reason)).toEqual([
      'PodInitializing',
      'PodInitializing',
    ]);
    expect(status(c, 'p').containerStatuses?.[0]?.state.waiting?.reason).toBe('PodInitializing');
    // busybox pulls, is created, runs: init-a is running.
    until(c, () => initRunning(c));
    expect(status(c, 'p').initContainerStatuses?.[0]).toMatchObject({
      started: true,
      ready: false,
      state: { running: {} },
    });
    c.advance(1500);
    expect(condition(c, 'p', 'Initialized')?.message).toBe('containers with incomplete status: [init-b]');
    expect(columns(c, 'p').status).toBe('Init:1/2');
  });

  it('a failing init container shows Init:Error, restarts, then Init:CrashLoopBackOff with back-off', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, podWithInit('p', [initC('init-a')]));
    until(c, () => initRunning(c));
    expect(columns(c, 'p').status).toBe('Init:0/1');
    expect(c.inject({ type: 'crash', pod: 'p' })).toMatchObject({
      ok: true,
      message: 'pod p: container init-a exited with code 1',
    });
    expect(columns(c, 'p')).toMatchObject({ status: 'Init:Error', restarts: 1 });
    c.advance(900);
    // Restarted at once the first time; it runs again.
    expect(columns(c, 'p').status).toBe('Init:0/1');
    expect(c.inject({ type: 'crash', pod: 'p' }).ok).toBe(true);
    expect(columns(c, 'p')).toMatchObject({ status: 'Init:CrashLoopBackOff', restarts: 2 });
    expect(kubeletEvents(c, 'p')).toContain(
      `BackOff: Back-off restarting failed container init-a in pod p_default(${c.get('pods', 'p')?.metadata.uid})`
    );
    c.advance(9000);
    expect(columns(c, 'p').status).toBe('Init:CrashLoopBackOff');
    c.advance(1500);
    expect(columns(c, 'p').status).toBe('Init:0/1');
    c.advance(10_000);
    expect(columns(c, 'p')).toMatchObject({ status: 'Running', restarts: 0 });
    expect(status(c, 'p').initContainerStatuses?.[0]?.restartCount).toBe(2);
  });

  it('with restartPolicy Never a failed init container fails the pod', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, podWithInit('p', [initC('init-a')], { restartPolicy: 'Never' }));
    until(c, () => initRunning(c));
    expect(c.inject({ type: 'crash', pod: 'p' }).ok).toBe(true);
    c.advance(1000);
    expect(status(c, 'p').phase).toBe('Failed');
    expect(columns(c, 'p').status).toBe('Init:Error');
    expect(status(c, 'p').initContainerStatuses?.[0]?.state.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
  });

  it('a crash fault during image pull of the init container is refused', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, podWithInit('p', [initC('init-a')]));
    c.advance(1000);
    expect(c.inject({ type: 'crash', pod: 'p' }).ok).toBe(false);
  });

  it('a sidecar (restartPolicy Always) starts in order, keeps running and counts toward READY', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(
      c,
      podWithInit('p', [
        initC('proxy', { image: 'envoyproxy/envoy:v1.30', restartPolicy: 'Always' }),
        initC('migrate'),
      ])
    );
    const trail = statusTrail(c, 'p', 30_000);
    expect(trail).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
    expect(columns(c, 'p').ready).toBe('2/2');
    const [proxy, migrate] = status(c, 'p').initContainerStatuses ?? [];
    expect(proxy).toMatchObject({ name: 'proxy', started: true, ready: true, state: { running: {} } });
    expect(migrate).toMatchObject({
      name: 'migrate',
      state: { terminated: { reason: 'Completed', exitCode: 0 } },
    });
    expect(condition(c, 'p', 'Ready')).toMatchObject({ status: 'True' });
  });

  it('an unpullable init image cycles Init:ErrImagePull and Init:ImagePullBackOff, its events naming the init container', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, podWithInit('p', [initC('init-a', { image: 'busybox:broken' })]));
    const trail = statusTrail(c, 'p', 40_000);
    expect(trail.slice(0, 6)).toEqual(['Pending', 'Init:0/1', 'Init:ErrImagePull', 'Init:ImagePullBackOff', 'Init:ErrImagePull', 'Init:ImagePullBackOff']);
    const paths = c
      .events()
      .filter((e) => e.involvedObject.name === 'p' && /Pull|BackOff|Failed/.test(String(e.reason)))
      .map((e) => (e.involvedObject as { fieldPath?: string }).fieldPath);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths)).toEqual(new Set(['spec.initContainers{init-a}']));
  });
});

describe('exec readiness probes', () => {
  it('succeed like the other handlers and fail with the probe output when the readiness fault is on', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            readinessProbe: {
              exec: { command: ['cat', '/tmp/ready'] },
              periodSeconds: 5,
              failureThreshold: 2,
            },
          },
        ],
      },
    });
    c.advance(10_000);
    expect(condition(c, 'p', 'Ready')?.status).toBe('True');
    expect(c.inject({ type: 'readiness', pod: 'p', ready: false }).ok).toBe(true);
    c.advance(4000);
    expect(condition(c, 'p', 'Ready')?.status).toBe('True');
    c.advance(8000);
    expect(condition(c, 'p', 'Ready')?.status).toBe('False');
    expect(kubeletEvents(c, 'p')).toContain('Unhealthy: Readiness probe failed: ');
  });
});

interface QosCase {
  name: string;
  containers: Obj[];
  init?: Obj[];
  podResources?: Obj;
  qos: string;
}

const res = (requests?: Obj, limits?: Obj): Obj => ({
  ...(requests ? { requests } : {}),
  ...(limits ? { limits } : {}),
});

const qosCases: QosCase[] = [
  { name: 'no resources', containers: [{ resources: {} }], qos: 'BestEffort' },
  { name: 'requests only', containers: [{ resources: res({ cpu: '100m' }) }], qos: 'Burstable' },
  {
    name: 'limits only (requests default to them)',
    containers: [{ resources: res(undefined, { cpu: '1', memory: '1Gi' }) }],
    qos: 'Guaranteed',
  },
  {
    name: 'requests equal limits',
    containers: [{ resources: res({ cpu: '500m', memory: '256Mi' }, { cpu: '0.5', memory: '256Mi' }) }],
    qos: 'Guaranteed',
  },
  {
    name: 'requests below limits',
    containers: [{ resources: res({ cpu: '250m', memory: '256Mi' }, { cpu: '500m', memory: '256Mi' }) }],
    qos: 'Burstable',
  },
  {
    name: 'cpu limit without memory limit',
    containers: [{ resources: res(undefined, { cpu: '1' }) }],
    qos: 'Burstable',
  },
  {
    name: 'one guaranteed container beside a best-effort one',
    containers: [{ resources: res(undefined, { cpu: '1', memory: '1Gi' }) }, { resources: {} }],
    qos: 'Burstable',
  },
  {
    name: 'init container without limits spoils Guaranteed',
    containers: [{ resources: res(undefined, { cpu: '1', memory: '1Gi' }) }],
    init: [{ resources: res({ cpu: '100m' }) }],
    qos: 'Burstable',
  },
  {
    name: 'only ephemeral-storage does not count',
    containers: [{ resources: res({ 'ephemeral-storage': '1Gi' }) }],
    qos: 'BestEffort',
  },
  {
    name: 'pod-level limits decide',
    containers: [{ resources: {} }],
    podResources: res(undefined, { cpu: '1', memory: '1Gi' }),
    qos: 'Guaranteed',
  },
];

describe('QoS class (qos.ComputePodQOS)', () => {
  it.each(qosCases)('$name → $qos', (tc) => {
    const c = createCluster({ nodes: 1, seed: 1 });
    const containers = tc.containers.map((x, i) => ({ name: `c${i}`, image: 'nginx:1.27', ...x }));
    const initContainers = tc.init?.map((x, i) => ({ name: `i${i}`, image: 'busybox:1.36', ...x }));
    apply(c, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers,
        ...(initContainers ? { initContainers } : {}),
        ...(tc.podResources ? { resources: tc.podResources } : {}),
      },
    });
    expect(status(c, 'p').qosClass).toBe(tc.qos);
    c.advance(10_000);
    expect(status(c, 'p').qosClass).toBe(tc.qos);
  });

  it('pods a StatefulSet creates get their class too', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    const r = c.apply(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres:17
        resources:
          limits: {cpu: "1", memory: 1Gi}
`);
    expect(r.ok).toBe(true);
    c.advance(2000);
    expect(status(c, 'db-0').qosClass).toBe('Guaranteed');
    expect(c.kubectl('describe pod db-0').stdout).toMatch(/QoS Class: +Guaranteed\n/);
  });
});

describe('resource quantities in canonical form', () => {
  it.each([
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['2', '2'],
    ['0.1', '100m'],
    ['100m', '100m'],
    ['1G', '1G'],
    ['1000M', '1G'],
    ['1024Mi', '1Gi'],
    ['2048Mi', '2Gi'],
    ['1536Mi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['512Ki', '512Ki'],
    ['0.5Ki', '512'],
    ['1.5Ki', '1536'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['12e6', '12e6'],
    ['0', '0'],
    ['0Gi', '0'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['-1.5', '-1500m'],
    ['1000000', '1M'],
  ])('%s → %s', (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });

  it('numbers decode too, and text that is not a quantity is left alone', () => {
    expect(canonicalQuantity(0.5)).toBe('500m');
    expect(canonicalQuantity(3)).toBe('3');
    expect(canonicalQuantity('abc')).toBeUndefined();
    expect(canonicalQuantity('1Gb')).toBeUndefined();
  });

  it('the API server stores container resources and claim requests canonically', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    const r = c.apply(`apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests: {cpu: 0.5, memory: 1024Mi}
      limits: {cpu: 1000m, memory: 2048Mi}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1024Mi}
`);
    expect(r.errors).toEqual([]);
    const container = ((c.get('pods', 'p')?.['spec'] ?? {}) as { containers: { resources: Obj }[] }).containers[0];
    expect(container?.resources).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
    expect(((c.get('pvc', 'data')?.['spec'] ?? {}) as { resources: Obj }).resources).toEqual({
      requests: { storage: '1Gi' },
    });
    expect(status(c, 'p').qosClass).toBe('Burstable');
  });
});

describe('resource validation', () => {
  it.each([
    [
      { requests: { cpu: '2' }, limits: { cpu: '1' } },
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ],
    [
      { requests: { memory: '2048Mi' }, limits: { memory: '1Gi' } },
      'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
    ],
    [
      { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } },
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
    ],
  ])('%j is rejected', (resources, message) => {
    const c = createCluster({ nodes: 1, seed: 1 });
    const r = c.apply(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources }] },
      })
    );
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r.errors)).toContain(JSON.stringify(message).slice(1, -1));
  });
});
