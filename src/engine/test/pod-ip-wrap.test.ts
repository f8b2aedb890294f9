/**
 * Pod addresses on one node after host-local IPAM has gone round its range: hand-out stays
 * round-robin from the last address given, and an address a live pod still holds is skipped.
 * One pod is deleted again and again (its StatefulSet recreates it, with a fresh address each time)
 * while its siblings keep theirs; the expected address is worked out here from the live pods.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, restoreCluster, type Cluster } from '../index.ts';
import { NGINX_SERVICE, webYaml } from './fixtures.ts';

interface LivePod {
  name: string;
  ip: string;
  node: string;
}

function livePods(cluster: Cluster): LivePod[] {
  return cluster.list('pod').flatMap((pod) => {
    const status = pod['status'] as { podIP?: string } | undefined;
    const spec = pod['spec'] as { nodeName?: string };
    return status?.podIP ? [{ name: pod.metadata.name, ip: status.podIP, node: spec.nodeName ?? '' }] : [];
  });
}

/** Deletes a pod at once and waits for its StatefulSet to recreate it: the new pod's address. */
function recreate(cluster: Cluster, name: string): string {
  cluster.delete('pod', name, { gracePeriodSeconds: 0, force: true });
  cluster.settle();
  return livePods(cluster).find((p) => p.name === name)?.ip ?? '';
}

/** The last octet of an address. */
function host(ip: string): number {
  return Number(ip.split('.')[3]);
}

/** The address after `last` on the node's range (2 … 254, then round again), skipping those in use. */
function nextFree(last: number, prefix: string, inUse: ReadonlySet<string>): string {
  let candidate = last;
  for (let i = 0; i < 253; i++) {
    candidate = candidate >= 254 ? 2 : candidate + 1;
    if (!inUse.has(`${prefix}.${candidate}`)) return `${prefix}.${candidate}`;
  }
  return '';
}

describe('pod IP allocation after the range wraps', () => {
  it('hands addresses out round-robin and skips those live pods hold', () => {
    const cluster = createCluster({ nodes: 1, seed: 11 });
    cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 6, policy: 'Parallel', claims: false })}`);
    cluster.settle();
    let last = host(livePods(cluster).find((p) => p.name === 'web-5')?.ip ?? '');
    expect(last).toBeGreaterThan(1);
    let wraps = 0;
    // 253 addresses per node: 300 recreations go round the range at least once more.
    for (let round = 0; round < 300; round++) {
      const before = livePods(cluster);
      const victim = before.find((p) => p.name === 'web-5');
      expect(victim).toBeDefined();
      const prefix = (victim as LivePod).ip.split('.').slice(0, 3).join('.');
      cluster.delete('pod', 'web-5', { gracePeriodSeconds: 0, force: true });
      cluster.settle();
      const after = livePods(cluster);
      const recreated = after.find((p) => p.name === 'web-5');
      expect(recreated, `round ${round}`).toBeDefined();
      // Every other pod on the node keeps its address; the recreated one gets the next free one.
      const others = new Set(after.filter((p) => p.name !== 'web-5' && p.node === (victim as LivePod).node).map((p) => p.ip));
      const expected = nextFree(last, prefix, others);
      expect((recreated as LivePod).ip, `round ${round}`).toBe(expected);
      if (host(expected) < last) wraps++;
      last = host(expected);
      // No two live pods share an address.
      expect(new Set(after.map((p) => p.ip)).size, `round ${round}`).toBe(after.length);
    }
    expect(wraps).toBeGreaterThan(0);
  });

  it('gives a restored cluster the addresses the original gives, after a wrap', () => {
    const original = createCluster({ nodes: 1, seed: 3 });
    original.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 4, policy: 'Parallel', claims: false })}`);
    original.settle();
    for (let round = 0; round < 260; round++) recreate(original, `web-${round % 2}`);
    const restored = restoreCluster(original.snapshot());
    for (let round = 0; round < 20; round++) {
      const name = `web-${round % 3}`;
      expect(recreate(restored, name), `round ${round}`).toBe(recreate(original, name));
    }
  });
});
