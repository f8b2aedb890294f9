/**
 * The resource arithmetic kube-scheduler's NodeResourcesFit plugin does: a pod's effective request
 * (`resourcehelper.PodRequests`, which `computePodResourceRequest` calls) and a node's allocatable.
 * CPU is counted in millicores (rounded up, as `Quantity.MilliValue` does) and the rest in units.
 */
import type { Container, NodeObject, Pod } from '../../model/types.ts';
import { parseQuantity } from '../../model/quantity.ts';

export interface Resources {
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  ephemeralStorage: number;
}

/** Requests the scoring plugins assume for a container that sets none (`schedutil.DefaultMilliCPURequest`, `DefaultMemoryRequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function zeroResources(): Resources {
  return { cpu: 0, memory: 0, ephemeralStorage: 0 };
}

function milli(value: unknown): number {
  const q = parseQuantity(value);
  return q === undefined ? 0 : Math.ceil(Math.round(q * 1e9) / 1e6);
}

function units(value: unknown): number {
  const q = parseQuantity(value);
  return q === undefined ? 0 : Math.ceil(q);
}

/** A resource list (`requests`, `limits`, `allocatable`) as numbers. */
export function resourceList(list: Record<string, unknown> | undefined): Resources {
  return {
    cpu: milli(list?.['cpu']),
    memory: units(list?.['memory']),
    ephemeralStorage: units(list?.['ephemeral-storage']),
  };
}

function requestsOf(c: Container): Resources {
  const res = c['resources'] as
    { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined;
  // SetDefaults_Pod copies limits into missing requests; objects written without defaulting still count so.
  return resourceList({ ...res?.limits, ...res?.requests });
}

function add(a: Resources, b: Resources): Resources {
  return {
    cpu: a.cpu + b.cpu,
    memory: a.memory + b.memory,
    ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage,
  };
}

function max(a: Resources, b: Resources): Resources {
  return {
    cpu: Math.max(a.cpu, b.cpu),
    memory: Math.max(a.memory, b.memory),
    ephemeralStorage: Math.max(a.ephemeralStorage, b.ephemeralStorage),
  };
}

export function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.['restartPolicy'] === 'Always';
}

/**
 * `resourcehelper.PodRequests`: the app containers' sum; restartable init containers (sidecars) add
 * to it and to every later init container; the result is at least the largest init container's
 * need. Pod-level `spec.resources.requests` (PodLevelResources, on by default) win for cpu and memory.
 * With `nonZero`, a container without a cpu or memory request counts the scoring defaults.
 */
export function podRequests(pod: Pod, nonZero = false): Resources {
  const withDefaults = (r: Resources): Resources =>
    nonZero
      ? { ...r, cpu: r.cpu || DEFAULT_MILLI_CPU_REQUEST, memory: r.memory || DEFAULT_MEMORY_REQUEST }
      : r;
  let reqs = zeroResources();
  for (const c of pod.spec.containers) reqs = add(reqs, withDefaults(requestsOf(c)));
  let restartable = zeroResources();
  let init = zeroResources();
  for (const c of pod.spec.initContainers ?? []) {
    const own = withDefaults(requestsOf(c));
    let need: Resources;
    if (isRestartableInitContainer(c)) {
      reqs = add(reqs, own);
      restartable = add(restartable, own);
      need = restartable;
    } else {
      need = add(own, restartable);
    }
    init = max(init, need);
  }
  reqs = max(reqs, init);
  const podLevel = (pod.spec['resources'] as { requests?: Record<string, unknown> } | undefined)?.requests;
  if (podLevel) {
    const pl = resourceList(podLevel);
    if (podLevel['cpu'] !== undefined) reqs.cpu = pl.cpu;
    if (podLevel['memory'] !== undefined) reqs.memory = pl.memory;
  }
  const overhead = pod.spec['overhead'] as Record<string, unknown> | undefined;
  if (overhead) reqs = add(reqs, resourceList(overhead));
  return reqs;
}

export interface Allocatable extends Resources {
  pods: number;
}

/** A node's `status.allocatable` (110 pods when unset, the kubelet's default `maxPods`). */
export function nodeAllocatable(node: NodeObject): Allocatable {
  const list = node.status['allocatable'] as Record<string, unknown> | undefined;
  const pods = Number(list?.['pods'] ?? 110);
  return { ...resourceList(list), pods: Number.isFinite(pods) ? pods : 110 };
}
