/**
 * getPodsToDelete (ActivePodsWithRanks.Less) on hand-built pods: the restart-count step compares the
 * app containers first and, only on a tie there, the sidecars (compareMaxContainerRestarts).
 */
import { describe, expect, it } from 'vitest';
import { getPodsToDelete } from '../controllers/replicaset/pods.ts';
import type { ContainerStatus, Pod } from '../model/types.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function status(name: string, restartCount: number): ContainerStatus {
  return { name, image: 'nginx', imageID: '', ready: true, restartCount, state: {}, lastState: {} };
}

function pod(name: string, app: number, sidecar: number, plainInit = 0): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      nodeName: 'node-1',
      initContainers: [
        { name: 'proxy', image: 'envoy', restartPolicy: 'Always' },
        { name: 'setup', image: 'busybox' },
      ],
      containers: [{ name: 'app', image: 'nginx' }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
      containerStatuses: [status('app', app)],
      initContainerStatuses: [status('proxy', sidecar), status('setup', plainInit)],
    },
  } as Pod;
}

describe('getPodsToDelete: restart counts', () => {
  it.each([
    { why: 'more app restarts go first', a: pod('a', 3, 0), b: pod('b', 1, 9), first: 'a' },
    { why: 'app restarts tie: more sidecar restarts go first', a: pod('a', 2, 1), b: pod('b', 2, 4), first: 'b' },
    { why: 'a plain init container restart count is not a sidecar', a: pod('a', 0, 0, 7), b: pod('b', 0, 1), first: 'b' },
  ])('$why', ({ a, b, first }) => {
    expect(getPodsToDelete([a, b], [a, b], 1, T0 + 60_000).map((p) => p.metadata.name)).toEqual([first]);
    expect(getPodsToDelete([b, a], [a, b], 1, T0 + 60_000).map((p) => p.metadata.name)).toEqual([first]);
  });
});
