/**
 * `npm run bench`: wall time of the engine (not virtual time) for the workloads issue 2 names.
 * Vitest reports each as ops/s and mean time; the summary after the run prints the 1,000/100 ratio.
 */
import { afterAll, bench, describe } from 'vitest';
import { createCluster } from './index.ts';
import { NGINX_SERVICE, webYaml } from './test/fixtures.ts';

function readyCluster(replicas: number, policy: 'Parallel' | 'OrderedReady') {
  const cluster = createCluster({ nodes: 10, seed: 7 });
  cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas, policy })}`);
  cluster.settle(3_600_000);
  const ready = (cluster.get('sts', 'web')?.['status'] as { readyReplicas?: number }).readyReplicas;
  if (ready !== replicas) throw new Error(`expected ${replicas} ready, got ${ready}`);
  return cluster;
}

const timings = new Map<string, number[]>();
function timed(name: string, fn: () => void) {
  return () => {
    const start = performance.now();
    fn();
    const list = timings.get(name) ?? [];
    list.push(performance.now() - start);
    timings.set(name, list);
  };
}

describe('StatefulSet to all-Ready on 10 nodes', () => {
  bench('Parallel, claim template, 100 replicas', timed('p100', () => readyCluster(100, 'Parallel')), { iterations: 5, warmupIterations: 1 });
  bench('Parallel, claim template, 1,000 replicas', timed('p1000', () => readyCluster(1000, 'Parallel')), { iterations: 3, warmupIterations: 1 });
  bench('OrderedReady, claim template, 100 replicas', timed('o100', () => readyCluster(100, 'OrderedReady')), { iterations: 3, warmupIterations: 1 });
});

describe('rolling update', () => {
  let cluster = readyCluster(100, 'Parallel');
  bench(
    'RollingUpdate of 100 pods (image change to all updated and Ready)',
    () => {
      cluster.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:v${cluster.now()}` }] } } } });
      cluster.settle(3_600_000);
    },
    { iterations: 3, warmupIterations: 0, setup: () => void (cluster = readyCluster(100, 'Parallel')) }
  );
});

afterAll(() => {
  const median = (xs: number[] = []) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const p100 = median(timings.get('p100'));
  const p1000 = median(timings.get('p1000'));
  console.log(`\nParallel all-Ready: 100 replicas ${p100.toFixed(1)} ms, 1,000 replicas ${p1000.toFixed(1)} ms, ratio ${(p1000 / p100).toFixed(1)}x (linear = 10x)`);
});
