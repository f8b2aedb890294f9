/**
 * The kept values the scheduler and kubelet reuse between syncs (issue 8) against what they stand
 * for: container IDs hashed in one pass against eight separate FNV-1a passes, and a pod's requests
 * kept per container `resources` object against the values the full rule gives.
 */
import { describe, expect, it } from 'vitest';
import { hex64 } from '../controllers/kubelet/runtime-ids.ts';
import { podRequests } from '../controllers/scheduler/resources.ts';
import { createCluster } from '../index.ts';
import type { K8sObject, Pod } from '../model/types.ts';
import { webYaml } from './fixtures.ts';
import { apiOf } from './harness.ts';

/** hex64 as first written: hash32 of `${i}\u0000${parts joined by NUL}` for i = 0…7, one pass each. */
function referenceHex64(...parts: (string | number)[]): string {
  const text = parts.join('\u0000');
  let out = '';
  for (let i = 0; i < 8; i++) {
    let h = 0x811c9dc5;
    for (const ch of `${i}\u0000${text}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

describe('hex64 in one pass', () => {
  it.each([
    [['container', 7, 'uid-1', 'nginx', 0]],
    [['container', 7, 'uid-1', 'nginx', 1]],
    [['image', 'docker.io/library/nginx:1.27']],
    [['']],
    [['ünïcode ✓', 0]],
  ])('equals eight separate passes for %j', (parts) => {
    const id = hex64(...parts);
    expect(id).toBe(referenceHex64(...parts));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});

function pod(spec: Record<string, unknown>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec, status: {} } as unknown as Pod;
}

describe('podRequests kept per container resources', () => {
  const shared = { requests: { cpu: '250m', memory: '64Mi' } };
  const cases: { name: string; spec: Record<string, unknown>; cpu: number; memory: number; nonZeroCpu: number; nonZeroMemory: number }[] = [
    { name: 'one container with requests', spec: { containers: [{ name: 'a', resources: shared }] }, cpu: 250, memory: 64 * 2 ** 20, nonZeroCpu: 250, nonZeroMemory: 64 * 2 ** 20 },
    { name: 'one container without resources', spec: { containers: [{ name: 'a' }] }, cpu: 0, memory: 0, nonZeroCpu: 100, nonZeroMemory: 200 * 2 ** 20 },
    { name: 'limits stand in for requests', spec: { containers: [{ name: 'a', resources: { limits: { cpu: '1' } } }] }, cpu: 1000, memory: 0, nonZeroCpu: 1000, nonZeroMemory: 200 * 2 ** 20 },
    { name: 'two containers sum', spec: { containers: [{ name: 'a', resources: shared }, { name: 'b', resources: shared }] }, cpu: 500, memory: 128 * 2 ** 20, nonZeroCpu: 500, nonZeroMemory: 128 * 2 ** 20 },
    {
      name: 'a larger init container wins',
      spec: { initContainers: [{ name: 'i', resources: { requests: { cpu: '2' } } }], containers: [{ name: 'a', resources: shared }] },
      cpu: 2000,
      memory: 64 * 2 ** 20,
      nonZeroCpu: 2000,
      nonZeroMemory: 200 * 2 ** 20,
    },
    {
      name: 'pod-level requests win',
      spec: { resources: { requests: { cpu: '3' } }, containers: [{ name: 'a', resources: shared }] },
      cpu: 3000,
      memory: 64 * 2 ** 20,
      nonZeroCpu: 3000,
      nonZeroMemory: 64 * 2 ** 20,
    },
  ];
  it.each(cases)('$name', ({ spec, cpu, memory, nonZeroCpu, nonZeroMemory }) => {
    const r = podRequests(pod(spec));
    const nz = podRequests(pod(spec), true);
    expect([r.cpu, r.memory, nz.cpu, nz.memory]).toEqual([cpu, memory, nonZeroCpu, nonZeroMemory]);
  });

  it('gives pods of one template the same sums, and a different resources object its own', () => {
    const a = podRequests(pod({ containers: [{ name: 'a', resources: shared }] }));
    const b = podRequests(pod({ containers: [{ name: 'a', resources: shared }] }));
    const other = podRequests(pod({ containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] }));
    expect(b).toBe(a);
    expect(other.cpu).toBe(1000);
    expect(a.cpu).toBe(250);
  });
});

describe('the kubelet shares status parts within one cluster only', () => {
  it('two clusters run side by side write equal statuses made of their own objects, shared within each', () => {
    const a = createCluster({ nodes: 2, seed: 3 });
    const b = createCluster({ nodes: 2, seed: 3 });
    const yaml = webYaml({ replicas: 4, policy: 'Parallel' });
    a.apply(yaml);
    b.apply(yaml);
    // In lockstep: each kubelet writes right after the other's write of the same status.
    let checkedWaiting = false;
    for (let t = 0; t < 1200; t++) {
      a.advance(50);
      b.advance(50);
      // While the pods wait for their images, each status write of b follows a's equal one.
      if (t === 30) {
        const [pa, pb] = [podsOf(a), podsOf(b)];
        for (const p of pa) expect(p.status.containerStatuses?.[0]?.state.waiting).toBeDefined();
        // Four pods waiting alike, written in the same second: one container status list between them.
        for (const p of pa) expect(p.status.containerStatuses).toBe(pa[0]?.status.containerStatuses);
        expectSharedWithin(pa);
        expectSharedWithin(pb);
        expectOwnParts(pa, pb, 'waiting');
        checkedWaiting = true;
      }
    }
    expect(checkedWaiting).toBe(true);
    const pa = podsOf(a);
    const pb = podsOf(b);
    expect(pa.length).toBe(4);
    for (const p of pa) expect(p.status.phase).toBe('Running');
    expectSharedWithin(pa);
    expectSharedWithin(pb);
    expectOwnParts(pa, pb, 'running');
  });
});

/** The stored pods themselves, by name (the public list hands out copies). */
function podsOf(c: ReturnType<typeof createCluster>): Pod[] {
  return (apiOf(c).list('Pod') as K8sObject[] as Pod[]).toSorted((x, y) => x.metadata.name.localeCompare(y.metadata.name));
}

/**
 * Within one cluster, pods whose kubelet-written conditions (or first container state) say the same
 * thing hold one object for it, and at least one such part is held by more than one pod.
 */
function expectSharedWithin(pods: Pod[]): void {
  const groups = new Map<string, object[]>();
  const note = (key: string, part: object | undefined): void => {
    if (!part) return;
    const group = groups.get(key);
    if (group) group.push(part);
    else groups.set(key, [part]);
  };
  for (const p of pods) {
    for (const c of p.status.conditions ?? []) if (c.type !== 'PodScheduled') note(`condition ${JSON.stringify(c)}`, c);
    note(`state ${JSON.stringify(p.status.containerStatuses?.[0]?.state)}`, p.status.containerStatuses?.[0]?.state);
  }
  let largest = 0;
  for (const [key, parts] of groups) {
    largest = Math.max(largest, parts.length);
    for (const part of parts) expect(part, key).toBe(parts[0]);
  }
  expect(largest).toBeGreaterThan(1);
}

/** Equal statuses, pod by pod, without a condition, container status list or running state in common. */
function expectOwnParts(pa: Pod[], pb: Pod[], phase: 'waiting' | 'running'): void {
  expect(pa.length).toBe(4);
  expect(pb.map((p) => p.status)).toEqual(pa.map((p) => p.status));
  for (let i = 0; i < pa.length; i++) {
    const sa = (pa[i] as Pod).status;
    const sb = (pb[i] as Pod).status;
    const ca = sa.conditions ?? [];
    const cb = sb.conditions ?? [];
    expect(ca.length).toBeGreaterThan(0);
    // PodScheduled comes from the binding, not the kubelet.
    for (let j = 0; j < ca.length; j++) if (ca[j]?.type !== 'PodScheduled') expect(cb[j]).not.toBe(ca[j]);
    expect(sb.containerStatuses).not.toBe(sa.containerStatuses);
    const state = sa.containerStatuses?.[0]?.state;
    // A running state is made per start time (the plain waits are constants every cluster may share).
    if (phase === 'running') {
      expect(state?.running).toBeDefined();
      expect(sb.containerStatuses?.[0]?.state).not.toBe(state);
    } else expect(state?.waiting).toBeDefined();
  }
}
