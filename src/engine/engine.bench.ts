/**
 * `npm run bench`: wall time of the engine (not virtual time) for the workloads issue 2 names.
 * Vitest reports each workload; the summary printed last gives the 1,000 / 100 ratio (linear = 10×)
 * and the 1,000-pod Parallel rolling update against the 1,000-pod creation (issue 8: at most 3×).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, bench, describe } from 'vitest';
import { createCluster, type Cluster } from './index.ts';
import { NGINX_SERVICE, webYaml } from './test/fixtures.ts';

function readyReplicas(cluster: Cluster): number | undefined {
  const status = cluster.get('sts', 'web')?.['status'] as { readyReplicas?: number } | undefined;
  return status?.readyReplicas;
}

function readyCluster(replicas: number, policy: 'Parallel' | 'OrderedReady'): Cluster {
  const cluster = createCluster({ nodes: 10, seed: 7 });
  cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas, policy })}`);
  cluster.settle(3_600_000);
  if (readyReplicas(cluster) !== replicas) throw new Error(`expected ${replicas} ready, got ${readyReplicas(cluster)}`);
  return cluster;
}

/**
 * The cluster a rolling-update bench works on: built by the bench's `setup` (not when the file is
 * collected, which kept two idle 1,000-pod clusters in the heap while every other bench ran) and let
 * go by its `teardown`.
 */
class Fixture {
  private cluster: Cluster | undefined;
  private readonly build: () => Cluster;
  constructor(build: () => Cluster) {
    this.build = build;
  }
  setUp = (): void => void (this.cluster = this.build());
  tearDown = (): void => void (this.cluster = undefined);
  get current(): Cluster {
    if (!this.cluster) throw new Error('the bench ran before its setup');
    return this.cluster;
  }
}

const timings = new Map<string, number[]>();
/** CPU time (user + system) of this process: steadier than wall time when other work shares the cores. */
const cpuTimings = new Map<string, number[]>();
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
/** Adds one call's wall and CPU time (ms) to `name`'s samples. */
function record(name: string, wall: number, cpu: number): void {
  timings.set(name, [...(timings.get(name) ?? []), wall]);
  cpuTimings.set(name, [...(cpuTimings.get(name) ?? []), cpu]);
}

/** Runs `fn`, recording its wall and CPU time under `name`. */
function timed(name: string, fn: () => void): () => void {
  return () => {
    const start = performance.now();
    const cpuStart = cpuMs();
    fn();
    record(name, performance.now() - start, cpuMs() - cpuStart);
  };
}

type BenchOptions = NonNullable<Parameters<typeof bench>[2]>;

/**
 * A bench whose run-phase calls are recorded under `name`. tinybench calls the function in two
 * phases, each begun by the bench's `setup` with the phase's name: the warm-up phase (one call to
 * see whether the function returns a promise, then `warmupIterations`, and more until `warmupTime`
 * has passed) and the run phase (that extra call, then `iterations`, and more until `time` has
 * passed). Only the run phase is warm, so only its calls are recorded. `setupName`, when given,
 * records the run phase's setup too (the build of the object the bench works on).
 */
function timedBench(label: string, name: string, fn: () => void, options: BenchOptions, setupName?: string): void {
  let phase: 'warmup' | 'run' = 'warmup';
  const measuredFn = timed(name, fn);
  const setup = options.setup;
  const measuredSetup = setup && setupName ? timed(setupName, () => void setup(undefined as never, 'run')) : undefined;
  bench(label, () => (phase === 'run' ? measuredFn() : fn()), {
    ...options,
    setup: (task, mode) => {
      phase = mode;
      if (mode === 'run' && measuredSetup) return measuredSetup();
      return setup?.(task, mode);
    },
  });
}

/** The recorded wall times of `name`, rounded, in the order they ran. */
function samples(name: string): string {
  return (timings.get(name) ?? []).map((t) => t.toFixed(0)).join(', ');
}

function median(xs: number[] = []): number {
  const sorted = xs.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('StatefulSet with a claim template to all-Ready on 10 nodes', () => {
  timedBench('Parallel, 100 replicas', 'p100', () => void readyCluster(100, 'Parallel'), { iterations: 5, warmupIterations: 2 });
  timedBench('Parallel, 1,000 replicas', 'p1000', () => void readyCluster(1000, 'Parallel'), { iterations: 5, warmupIterations: 2 });
  timedBench('OrderedReady, 100 replicas', 'o100', () => void readyCluster(100, 'OrderedReady'), { iterations: 3, warmupIterations: 1 });
});

describe('rolling update', () => {
  const fixture = new Fixture(() => readyCluster(100, 'Parallel'));
  let version = 2;
  bench(
    'RollingUpdate of 100 pods (image change until every pod is updated and Ready)',
    () => {
      const cluster = fixture.current;
      cluster.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:v${version++}` }] } } } });
      cluster.settle(3_600_000);
      const status = cluster.get('sts', 'web')?.['status'] as { updatedReplicas?: number } | undefined;
      if (status?.updatedReplicas !== 100) throw new Error('rolling update did not finish');
    },
    { iterations: 3, warmupIterations: 0, setup: fixture.setUp, teardown: fixture.tearDown }
  );
});

describe('Parallel StatefulSet rolling update at 1,000 pods', () => {
  const fixture = new Fixture(() => readyCluster(1000, 'Parallel'));
  let version = 2;
  timedBench(
    'RollingUpdate of 1,000 Parallel pods (image change until every pod is updated and Ready)',
    'r1000',
    () => {
      const cluster = fixture.current;
      cluster.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:v${version++}` }] } } } });
      cluster.settle(3_600_000);
      const status = cluster.get('sts', 'web')?.['status'] as { updatedReplicas?: number; readyReplicas?: number } | undefined;
      if (status?.updatedReplicas !== 1000 || status.readyReplicas !== 1000) throw new Error('rolling update did not finish');
    },
    // The set is built outside the timed part, so the figure compares with the creation bench's; the
    // run phase's build is timed too (c1000), so the summary can also compare with a creation measured
    // just before.
    { iterations: 3, warmupIterations: 0, setup: fixture.setUp, teardown: fixture.tearDown },
    'c1000'
  );
});

function deploymentYaml(replicas: number, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: ${image}
`;
}

function deploymentStatus(cluster: Cluster): { availableReplicas?: number; updatedReplicas?: number; replicas?: number } {
  return (cluster.get('deploy', 'web')?.['status'] ?? {}) as { availableReplicas?: number; updatedReplicas?: number; replicas?: number };
}

/**
 * A Deployment to all-Ready. 20 nodes (110 pods each) leave room for the 25% surge of a rolling
 * update, and the pod cap is raised to 1,500 because old and new pods coexist while it runs.
 */
function readyDeployment(replicas: number): Cluster {
  const cluster = createCluster({ nodes: 20, seed: 7, maxPods: 1500 });
  cluster.apply(deploymentYaml(replicas, 'nginx:1.27'));
  cluster.settle(3_600_000);
  if (deploymentStatus(cluster).availableReplicas !== replicas) throw new Error(`expected ${replicas} available, got ${deploymentStatus(cluster).availableReplicas}`);
  return cluster;
}

describe('Deployment to all-Ready on 20 nodes', () => {
  timedBench('100 replicas', 'd100', () => void readyDeployment(100), { iterations: 5, warmupIterations: 1 });
  timedBench('1,000 replicas', 'd1000', () => void readyDeployment(1000), { iterations: 3, warmupIterations: 1 });
});

describe('Deployment rolling update', () => {
  const fixture = new Fixture(() => readyDeployment(1000));
  let release = 28;
  bench(
    'RollingUpdate of 1,000 pods (25% surge / 25% unavailable, until every pod is updated and available)',
    () => {
      const cluster = fixture.current;
      cluster.patch('deploy', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:1.${release++}` }] } } } });
      cluster.settle(3_600_000);
      const status = deploymentStatus(cluster);
      if (status.updatedReplicas !== 1000 || status.availableReplicas !== 1000 || status.replicas !== 1000) throw new Error('rolling update did not finish');
    },
    { iterations: 3, warmupIterations: 0, setup: fixture.setUp, teardown: fixture.tearDown }
  );
});

/** A full collection before reading the heap (gc exposed at run time; vitest's workers start without it). */
function heapAfterGcMB(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

interface SoakPoint {
  heapMB: number;
  events: number;
  eventsMs: number;
  snapshotKB: number;
}
const soakPoints = new Map<number, SoakPoint>();

function soakPoint(cluster: Cluster): SoakPoint {
  const start = performance.now();
  const events = cluster.events().length;
  const eventsMs = performance.now() - start;
  const snapshotKB = JSON.stringify(cluster.snapshot()).length / 1024;
  return { heapMB: heapAfterGcMB(), events, eventsMs, snapshotKB };
}

/** Issue 8's long session: 50 pods, a fault every minute (pod deleted, crash, readiness off, readiness on). */
function soak(hours: number): void {
  const cluster = readyCluster(50, 'Parallel');
  for (let minute = 1; minute <= hours * 60; minute++) {
    const pod = `web-${(minute * 7) % 50}`;
    if (minute % 4 === 0) cluster.delete('pod', pod);
    else if (minute % 4 === 1) cluster.inject({ type: 'crash', pod });
    else if (minute % 4 === 2) cluster.inject({ type: 'readiness', pod, ready: false });
    else cluster.inject({ type: 'readiness', pod: `web-${((minute - 1) * 7) % 50}`, ready: true });
    cluster.advance(60_000);
    if (minute % 60 === 0 && (minute === 60 || minute === hours * 60)) soakPoints.set(minute / 60, soakPoint(cluster));
  }
}

describe('long session', () => {
  bench('24 h virtual, 50 pods, a fault every minute', () => soak(24), { iterations: 1, warmupIterations: 0 });
});

afterAll(() => {
  const h1 = soakPoints.get(1);
  const h24 = soakPoints.get(24);
  if (h1 && h24) {
    const line = (label: string, p: SoakPoint) =>
      `  ${label}: heap after GC ${p.heapMB.toFixed(1)} MB, events() ${p.events} (${p.eventsMs.toFixed(1)} ms), snapshot ${p.snapshotKB.toFixed(0)} KB`;
    console.log(`\n24 h soak (50 pods, a fault a minute):\n${line('hour 1 ', h1)}\n${line('hour 24', h24)}`);
    console.log(
      `  hour 24 / hour 1: heap ${(h24.heapMB / h1.heapMB).toFixed(2)}x (target ≤ 1.5x), events ${(h24.events / h1.events).toFixed(2)}x (≤ one hour's), snapshot ${(h24.snapshotKB / h1.snapshotKB).toFixed(2)}x (≤ 2x)`
    );
  }
  const p100 = median(timings.get('p100'));
  const p1000 = median(timings.get('p1000'));
  console.log(
    `\nParallel to all-Ready (median wall time of the warm runs): 100 replicas ${p100.toFixed(1)} ms, 1,000 replicas ${p1000.toFixed(1)} ms (runs: ${samples('p1000')}), ratio ${(p1000 / p100).toFixed(1)}x (linear = 10x)`
  );
  const r1000 = median(timings.get('r1000'));
  console.log(`Parallel rolling update of 1,000 pods (median wall time): ${r1000.toFixed(1)} ms (runs: ${samples('r1000')}), ${(r1000 / p1000).toFixed(1)}x the 1,000-pod creation (target <= 3x)`);
  const cp100 = median(cpuTimings.get('p100'));
  const cp1000 = median(cpuTimings.get('p1000'));
  const cr1000 = median(cpuTimings.get('r1000'));
  console.log(
    `Same, median CPU time: 100 replicas ${cp100.toFixed(1)} ms, 1,000 replicas ${cp1000.toFixed(1)} ms, rolling update ${cr1000.toFixed(1)} ms (${(cr1000 / cp1000).toFixed(1)}x the creation)`
  );
  // The rolling update against the creation of the set it rolled, measured right before it (same load).
  const c1000 = median(timings.get('c1000'));
  const cc1000 = median(cpuTimings.get('c1000'));
  console.log(
    `Rolling update against its own set's creation (medians): wall ${r1000.toFixed(1)} / ${c1000.toFixed(1)} ms = ${(r1000 / c1000).toFixed(1)}x, CPU ${cr1000.toFixed(1)} / ${cc1000.toFixed(1)} ms = ${(cr1000 / cc1000).toFixed(1)}x (target <= 3x)`
  );
  const d100 = median(timings.get('d100'));
  const d1000 = median(timings.get('d1000'));
  console.log(`Deployment to all-Ready (median wall time): 100 replicas ${d100.toFixed(1)} ms, 1,000 replicas ${d1000.toFixed(1)} ms, ratio ${(d1000 / d100).toFixed(1)}x (linear = 10x)`);
});
