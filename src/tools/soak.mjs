#!/usr/bin/env node
/**
 * `npm run soak`: issue 8's long-session figures for the engine. A 24 h virtual run of a 50-pod
 * StatefulSet with a fault every minute (in turn: a pod deleted, a container crash, a readiness
 * probe failing and passing again), reporting heap after GC, events() and snapshot JSON size at hour 1
 * and hour 24; then a 1,000-pod Parallel set rolled out and its snapshot restored.
 * Run with --expose-gc (the npm script does) for heap figures after a full collection.
 * Arguments: [hours = 24] [replicas of the rolled-out set = 1000; 0 skips it].
 */
import { runnerImport } from 'vite';

const { module: engine } = await runnerImport(new URL('../engine/index.ts', import.meta.url).pathname, { configFile: false, logLevel: 'error' });
const { module: fixtures } = await runnerImport(new URL('../engine/test/fixtures.ts', import.meta.url).pathname, { configFile: false, logLevel: 'error' });
const { createCluster, restoreCluster } = engine;
const { NGINX_SERVICE, webYaml } = fixtures;

const MIN = 60_000;
const HOUR = 60 * MIN;
const gc = globalThis.gc;

function heapMB() {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed / 1048576;
}

function figures(cluster) {
  const t0 = performance.now();
  const events = cluster.events();
  const eventsMs = performance.now() - t0;
  const t1 = performance.now();
  const json = JSON.stringify(cluster.snapshot());
  const snapshotMs = performance.now() - t1;
  const changes = cluster.changes(0).length;
  return { heapMB: heapMB(), events: events.length, eventsMs, snapshotKB: json.length / 1024, snapshotMs, changes };
}

function fault(cluster, minute) {
  const pod = `web-${(minute * 7) % 50}`;
  switch (minute % 4) {
    case 0:
      return cluster.delete('pod', pod);
    case 1:
      return cluster.inject({ type: 'crash', pod });
    case 2:
      return cluster.inject({ type: 'readiness', pod, ready: false });
    default:
      return cluster.inject({ type: 'readiness', pod: `web-${((minute - 1) * 7) % 50}`, ready: true });
  }
}

function soak(hours) {
  const cluster = createCluster({ nodes: 3, seed: 7 });
  cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 50, policy: 'Parallel' })}`);
  cluster.settle(HOUR);
  const start = cluster.now();
  const at = {};
  const wall = performance.now();
  for (let minute = 1; minute <= hours * 60; minute++) {
    fault(cluster, minute);
    cluster.advance(MIN);
    if (minute === 60) at.h1 = figures(cluster);
    if (minute === hours * 60) at.end = figures(cluster);
  }
  return { at, virtualHours: (cluster.now() - start) / HOUR, wallS: (performance.now() - wall) / 1000 };
}

function row(label, f) {
  return `${label.padEnd(8)} heap ${f.heapMB.toFixed(1).padStart(6)} MB   events() ${String(f.events).padStart(5)} (${f.eventsMs.toFixed(1)} ms)   snapshot ${f.snapshotKB.toFixed(0).padStart(6)} KB (${f.snapshotMs.toFixed(0)} ms)   changes ${f.changes}`;
}

const hours = Number(process.argv[2] ?? 24);
const run = soak(hours);
console.log(`Soak: 50 pods, a fault every minute, ${run.virtualHours.toFixed(1)} virtual hours in ${run.wallS.toFixed(1)} s${gc ? '' : ' (no --expose-gc: heap figures without a forced GC)'}`);
console.log(row('hour 1', run.at.h1));
console.log(row(`hour ${hours}`, run.at.end));
console.log(
  `ratios: heap ${(run.at.end.heapMB / run.at.h1.heapMB).toFixed(2)}x (≤ 1.5x), events ${(run.at.end.events / run.at.h1.events).toFixed(2)}x of hour 1's (≤ one hour's), snapshot ${(run.at.end.snapshotKB / run.at.h1.snapshotKB).toFixed(2)}x (≤ 2x)`
);

const big = Number(process.argv[3] ?? 1000);
if (big > 0) {
  const wall = performance.now();
  const cluster = createCluster({ nodes: 10, seed: 7 });
  cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: big, policy: 'Parallel' })}`);
  cluster.settle(HOUR);
  cluster.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:v2' }] } } } });
  cluster.settle(HOUR);
  const status = cluster.get('sts', 'web')?.status ?? {};
  const json = JSON.stringify(cluster.snapshot());
  const copy = restoreCluster(JSON.parse(json));
  const same = JSON.stringify(copy.snapshot()) === json;
  console.log(
    `${big}-pod Parallel set, created and rolled out (updated ${status.updatedReplicas}, ready ${status.readyReplicas}): snapshot ${(json.length / 1048576).toFixed(1)} MB, restored ${same ? 'identically' : 'DIFFERENTLY'}, heap ${heapMB().toFixed(0)} MB, ${((performance.now() - wall) / 1000).toFixed(1)} s`
  );
}
