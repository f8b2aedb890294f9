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
  /** Extended resources and hugepages (`ScalarResources`), in units. */
  scalar: Record<string, number>;
}

/** Requests the scoring plugins assume for a container that sets none (`schedutil.DefaultMilliCPURequest`, `DefaultMemoryRequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function zeroResources(): Resources {
  return { cpu: 0, memory: 0, ephemeralStorage: 0, scalar: {} };
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
  const scalar: Record<string, number> = {};
  for (const [name, value] of Object.entries(list ?? {})) {
    if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name === 'pods') continue;
    scalar[name] = units(value);
  }
  return {
    cpu: milli(list?.['cpu']),
    memory: units(list?.['memory']),
    ephemeralStorage: units(list?.['ephemeral-storage']),
    scalar,
  };
}

function requestsOf(c: Container): Resources {
  const res = c['resources'] as
    { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined;
  // SetDefaults_Pod copies limits into missing requests; objects written without defaulting still count so.
  return resourceList({ ...res?.limits, ...res?.requests });
}

function mergeScalar(a: Record<string, number>, b: Record<string, number>, f: (x: number, y: number) => number): Record<string, number> {
  // Nothing to merge (the usual case: no extended resources): share `a`, as nothing writes these maps.
  let empty = true;
  for (const _ in b) {
    empty = false;
    break;
  }
  if (empty) return a;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = f(out[k] ?? 0, v);
  return out;
}

/** The merges' arithmetic, made once (an arrow written in the call is a new function object at every call). */
const plus = (x: number, y: number): number => x + y;
const minus = (x: number, y: number): number => x - y;

/** The sum of two resource amounts. */
export function addResources(a: Resources, b: Resources): Resources {
  return {
    cpu: a.cpu + b.cpu,
    memory: a.memory + b.memory,
    ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage,
    scalar: mergeScalar(a.scalar, b.scalar, plus),
  };
}

/** The difference of two resource amounts (NodeInfo.RemovePod); a scalar that drops to 0 counts as absent. */
export function subtractResources(a: Resources, b: Resources): Resources {
  return {
    cpu: a.cpu - b.cpu,
    memory: a.memory - b.memory,
    ephemeralStorage: a.ephemeralStorage - b.ephemeralStorage,
    scalar: mergeScalar(a.scalar, b.scalar, minus),
  };
}

function max(a: Resources, b: Resources): Resources {
  return {
    cpu: Math.max(a.cpu, b.cpu),
    memory: Math.max(a.memory, b.memory),
    ephemeralStorage: Math.max(a.ephemeralStorage, b.ephemeralStorage),
    scalar: mergeScalar(a.scalar, b.scalar, Math.max),
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
  // The scheduler's snapshot sums every pod's requests after each write; a pod's spec object is
  // never mutated (a binding or status write keeps or replaces it), so remember the sums per spec.
  const single = singleContainerRequests(pod, nonZero);
  if (single) return single;
  const cache = nonZero ? nonZeroRequestsBySpec : requestsBySpec;
  let reqs = cache.get(pod.spec);
  if (!reqs) {
    reqs = frozen(computePodRequests(pod, nonZero));
    cache.set(pod.spec, reqs);
  }
  return reqs;
}

const requestsBySpec = new WeakMap<object, Resources>();
const nonZeroRequestsBySpec = new WeakMap<object, Resources>();

function frozen(reqs: Resources): Resources {
  Object.freeze(reqs.scalar);
  return Object.freeze(reqs);
}

/**
 * The common shape, one container and nothing else that counts (no init containers, pod-level
 * requests or overhead): the sum is that container's requests alone, so it is kept per container
 * `resources` object. Pods built from one template share that object (admission copies a container
 * only to add a volume mount), so each template's sums are computed once, not per pod.
 */
function singleContainerRequests(pod: Pod, nonZero: boolean): Resources | undefined {
  const spec = pod.spec;
  if (spec.containers.length !== 1 || spec.initContainers !== undefined || spec['resources'] !== undefined || spec['overhead'] !== undefined) return undefined;
  const resources = ((spec.containers[0] as Container)['resources'] as object | undefined) ?? NO_RESOURCES;
  const cache = nonZero ? nonZeroRequestsByResources : requestsByResources;
  let reqs = cache.get(resources);
  if (!reqs) {
    reqs = frozen(computePodRequests(pod, nonZero));
    cache.set(resources, reqs);
  }
  return reqs;
}

const NO_RESOURCES = {};
const requestsByResources = new WeakMap<object, Resources>();
const nonZeroRequestsByResources = new WeakMap<object, Resources>();

function computePodRequests(pod: Pod, nonZero: boolean): Resources {
  const withDefaults = (r: Resources): Resources =>
    nonZero
      ? { ...r, cpu: r.cpu || DEFAULT_MILLI_CPU_REQUEST, memory: r.memory || DEFAULT_MEMORY_REQUEST }
      : r;
  let reqs = zeroResources();
  for (const c of pod.spec.containers) reqs = addResources(reqs, withDefaults(requestsOf(c)));
  let restartable = zeroResources();
  let init = zeroResources();
  for (const c of pod.spec.initContainers ?? []) {
    const own = withDefaults(requestsOf(c));
    let need: Resources;
    if (isRestartableInitContainer(c)) {
      reqs = addResources(reqs, own);
      restartable = addResources(restartable, own);
      need = restartable;
    } else {
      need = addResources(own, restartable);
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
  if (overhead) reqs = addResources(reqs, resourceList(overhead));
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
