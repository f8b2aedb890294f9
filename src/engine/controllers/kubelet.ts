/**
 * The kubelet of every node, as one state machine per pod (PodRuntime, keyed by uid): sandbox and
 * IP, image pull (per-node cache, `broken` tags never pull), container start, readiness probes,
 * crash restarts with back-off, graceful termination. It writes only pod status, events and the
 * final grace-0 delete, like the real kubelet.
 */
import type { Container, ContainerStatus, K8sObject, Pod, PodCondition, PodStatus } from '../model/types.ts';
import { boundedMemo } from '../model/util.ts';
import type { ControllerContext } from '../sim/context.ts';
import type { ClusterState, ContainerRuntime, InitRuntime, PodRuntime } from '../sim/state.ts';
import { objectKey } from '../sim/state.ts';
import { rfc3339 } from '../sim/time.ts';
import { recordContainerEvent } from './kubelet/container-events.ts';
import { ensureImageExists, finishPull, presentMessage, pullWaitingState } from './kubelet/image-puller.ts';
import { containerIdOf, imageIdOf, seededUnit } from './kubelet/runtime-ids.ts';
import { noteRender, rendersAsWaiting, sameWaitingRender } from './kubelet/waiting-render.ts';
import { holdForConfig, holdForVolumes, markConfigErrors, recordContainerEnv } from './pod-config.ts';

export { imageSize, isBrokenImage } from './kubelet/runtime-ids.ts';
export { containerFieldPath } from './kubelet/container-events.ts';

/** The container restart back-off (flowcontrol.Backoff for CrashLoopBackOff): 10 s doubling to 300 s. */
const BACKOFF_INITIAL = 10_000;
const BACKOFF_MAX = 300_000;
/** How long a (non-sidecar) init container runs before it exits 0: the playground's choice. */
export const INIT_CONTAINER_RUN_MS = 1500;

interface ProbeTiming {
  defined: boolean;
  initialDelay: number;
  period: number;
  successThreshold: number;
  failureThreshold: number;
}

/** The readiness probe's timing, kept per probe object (never mutated; a template's pods share it). */
function probeOf(container: Container | undefined): ProbeTiming {
  const p = container?.readinessProbe;
  if (!p) return NO_PROBE;
  let timing = probeTimings.get(p);
  if (!timing) probeTimings.set(p, (timing = probeTiming(p)));
  return timing;
}

function probeTiming(p: Container['readinessProbe']): ProbeTiming {
  return {
    defined: !!p,
    initialDelay: (p?.initialDelaySeconds ?? 0) * 1000,
    period: Math.max(1, p?.periodSeconds ?? 10) * 1000,
    successThreshold: Math.max(1, p?.successThreshold ?? 1),
    failureThreshold: Math.max(1, p?.failureThreshold ?? 3),
  };
}

const NO_PROBE: ProbeTiming = Object.freeze(probeTiming(undefined));
const probeTimings = new WeakMap<object, ProbeTiming>();

/**
 * What a failing readiness probe reports (`prober.runProbe` output), by handler: an HTTP status,
 * a refused TCP connection, or an exec command's output (none: the playground's command prints nothing).
 */
function probeFailureOutput(container: Container | undefined, ip: string): string {
  const p = container?.readinessProbe;
  const port = (handler: unknown): string => {
    const value = (handler as { port?: unknown } | undefined)?.port;
    if (typeof value === 'number') return String(value);
    const named = container?.ports?.find((cp) => cp.name === value);
    return String(named?.containerPort ?? value ?? '');
  };
  if (p?.['tcpSocket']) return `dial tcp ${ip}:${port(p['tcpSocket'])}: connect: connection refused`;
  if (p?.['grpc']) return 'service unhealthy (responded with "NOT_SERVING")';
  if (p?.['exec']) return '';
  return 'HTTP probe failed with statuscode: 503';
}

/** The first probe tick at or after `t` for a container started at `start`. */
function nextTick(start: number, initialDelay: number, period: number, t: number): number {
  const first = start + initialDelay;
  if (t <= first) return first;
  return first + Math.ceil((t - first) / period) * period;
}

/**
 * host-local IPAM's reservation files (one per address in use), per cluster: node → address → the
 * uid of the pod last given it. An entry is live while that pod's runtime is still in state.pods and
 * still holds the address (a deleted pod's runtime leaves state.pods, which releases its address).
 *
 * Nothing is kept until the first allocation on a node that has wrapped: before that every address
 * handed out is new. The map is then made, for every node, from the runtimes in state.pods (which
 * also brings in the addresses of a restored cluster, whose runtimes kept theirs), and from then on
 * `reserve` records every address it hands out, on every node. Only `reserve` (and a restore) sets
 * a runtime's address, so no runtime holds one the map does not name.
 *
 * A dead pod's entry stays until its address comes round again (`reserve` then overwrites it): one
 * uid string per address at most, not the runtime itself.
 */
const reservations = new WeakMap<ClusterState, Map<string, Map<string, string>>>();

function reservationsOf(state: ClusterState, nodeName: string): Map<string, string> {
  let byNode = reservations.get(state);
  if (!byNode) {
    reservations.set(state, (byNode = new Map()));
    for (const rt of Object.values(state.pods)) {
      if (!rt.ip) continue;
      let onNode = byNode.get(rt.node);
      if (!onNode) byNode.set(rt.node, (onNode = new Map()));
      onNode.set(rt.ip, rt.uid);
    }
  }
  let onNode = byNode.get(nodeName);
  if (!onNode) byNode.set(nodeName, (onNode = new Map()));
  return onNode;
}

/** Whether a live pod holds the address (see reservations). */
function reserved(state: ClusterState, onNode: Map<string, string>, ip: string): boolean {
  const uid = onNode.get(ip);
  return uid !== undefined && state.pods[uid]?.ip === ip;
}

/**
 * host-local IPAM (plugins/ipam/host-local's RangeIter): the next address of the node's pod CIDR,
 * round-robin; once the node has wrapped, an address a live pod still holds is skipped. It only
 * picks: `reserve` gives the address to the runtime and records it.
 */
function allocateIp(ctx: ControllerContext, nodeName: string): string {
  const node = ctx.state.nodes[nodeName];
  if (!node) return '';
  const onNode = node.wrapped ? reservationsOf(ctx.state, nodeName) : undefined;
  for (let i = 0; i < 253; i++) {
    if (node.nextIp >= 254) node.wrapped = true;
    const host = node.nextIp;
    node.nextIp = node.nextIp >= 254 ? 2 : node.nextIp + 1;
    const ip = `10.244.${node.index}.${host}`;
    if (onNode && reserved(ctx.state, onNode, ip)) continue;
    return ip;
  }
  return '';
}

/**
 * Gives the runtime the next free address (allocateIp) and, once the cluster keeps reservations
 * (any of its nodes has wrapped), records it for the runtime's pod.
 */
function reserve(ctx: ControllerContext, rt: PodRuntime): void {
  const ip = allocateIp(ctx, rt.node);
  rt.ip = ip;
  if (ip && reservations.has(ctx.state)) reservationsOf(ctx.state, rt.node).set(ip, rt.uid);
}

function newRuntime(ctx: ControllerContext, pod: Pod): PodRuntime {
  return {
    uid: pod.metadata.uid ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    node: pod.spec.nodeName ?? '',
    stage: 'new',
    due: ctx.now,
    pullAttempts: 0,
    containers: pod.spec.containers.map((c) => ({ name: c.name, image: c.image ?? '', restartCount: 0, backoffMs: 0 })),
    probeFailing: false,
    ready: false,
  };
}

/** syncPod: advance one pod's lifecycle to `now`, write its status, and schedule the next step. */
export function syncPod(ctx: ControllerContext, key: string): void {
  // The queue key is the storage key: a lookup without cutting it into namespace and name.
  const pod = ctx.api.getByKey('Pod', key) as Pod | undefined;
  if (!pod?.spec.nodeName) return;
  const node = ctx.state.nodes[pod.spec.nodeName];
  if (!node?.up) return;
  const uid = pod.metadata.uid ?? '';
  let rt = ctx.state.pods[uid];
  if (!rt) {
    if (pod.status.phase === 'Failed' || pod.status.phase === 'Succeeded') return;
    rt = newRuntime(ctx, pod);
    ctx.state.pods[uid] = rt;
  }
  // A pod object can be replaced by spec updates (image): the kubelet restarts the container then.
  syncContainerSpecs(ctx, pod, rt);
  if (pod.metadata.deletionTimestamp) terminate(ctx, pod, rt);
  else advance(ctx, pod, rt);
  const current = ctx.api.getByKey('Pod', key) as Pod | undefined;
  if (!current || current.metadata.uid !== uid) return;
  writeStatus(ctx, current, rt);
  if (rt.stage === 'stopped' && current.metadata.deletionTimestamp && (current.metadata.deletionGracePeriodSeconds ?? 0) > 0) {
    ctx.api.delete('Pod', current.metadata.namespace, current.metadata.name, { gracePeriodSeconds: 0, uid });
  }
  if (rt.due > ctx.now && rt.stage !== 'stopped') ctx.schedule('kubelet', key, rt.due);
}

function syncContainerSpecs(ctx: ControllerContext, pod: Pod, rt: PodRuntime): void {
  const specs = pod.spec.containers;
  for (let i = 0; i < specs.length; i++) {
    const c = specs[i] as Container;
    const crt = rt.containers[i];
    if (!crt || crt.image === (c.image ?? '')) continue;
    crt.image = c.image ?? '';
    if (rt.stage === 'running' || rt.stage === 'crashed') {
      recordContainerEvent(ctx.api, pod, rt.node, c.name, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`);
      rt.stage = 'new';
      rt.due = ctx.now;
      rt.ready = false;
      delete rt.restartPull;
      crt.restartCount += 1;
    } else if (i === (rt.appIndex ?? 0) && (rt.stage === 'pulling' || rt.stage === 'pull-backoff')) {
      // The pod update brings a sync at once: EnsureImageExists for the new image (its own back-off key).
      rt.stage = 'new';
      rt.due = ctx.now;
    }
  }
}

function advance(ctx: ControllerContext, pod: Pod, rt: PodRuntime): void {
  const first = pod.spec.containers[0];
  const containerName = first?.name ?? '';
  for (let guard = 0; guard < 20 && rt.due <= ctx.now; guard++) {
    // SyncPod starts the app containers in order: each one's image, then Created and Started.
    const starting = pod.spec.containers[rt.appIndex ?? 0];
    switch (rt.stage) {
      case 'new': {
        if (holdForVolumes(ctx, pod, rt)) break;
        if (rt.ip === undefined) reserve(ctx, rt);
        if (initPending(pod, rt)) {
          stepInit(ctx, pod, rt);
          break;
        }
        if (starting) rt.stage = ensureImageExists(ctx, pod, rt, starting);
        break;
      }
      case 'pulling':
        if (starting) rt.stage = finishPull(ctx, pod, rt, starting);
        break;
      case 'pull-backoff':
        // The pod worker's next sync: EnsureImageExists again (still in back-off, or pull once more).
        if (starting) rt.stage = ensureImageExists(ctx, pod, rt, starting);
        break;
      case 'creating': {
        const index = rt.appIndex ?? 0;
        if (index === 0) {
          if (holdForConfig(ctx, pod, rt)) break;
          recordContainerEnv(ctx.api, pod, rt);
        }
        if (starting) recordStarted(ctx, pod, rt, starting.name);
        const next = pod.spec.containers[index + 1];
        if (next) {
          // The sandbox is up: the next container's image step follows at once.
          rt.appIndex = index + 1;
          rt.stage = ensureImageExists(ctx, pod, rt, next);
          if (rt.stage === 'creating') rt.due = ctx.now;
          break;
        }
        // (A pod of one container never had an index to drop.)
        if (rt.appIndex !== undefined) delete rt.appIndex;
        rt.stage = 'running';
        rt.containerStartedAt = ctx.now;
        rt.ready = false;
        rt.due = readinessDue(pod, rt, ctx.now);
        break;
      }
      case 'running': {
        const probe = probeOf(first);
        const wantReady = !rt.probeFailing;
        // A fault only changes readiness at the probe tick that observes it (period × thresholds).
        if (wantReady !== rt.ready && readinessDue(pod, rt, ctx.now) <= ctx.now) {
          if (!wantReady && probe) {
            recordContainerEvent(ctx.api, pod, rt.node, containerName, 'Warning', 'Unhealthy', `Readiness probe failed: ${probeFailureOutput(first, rt.ip ?? '')}`);
          }
          rt.ready = wantReady;
        }
        rt.due = readinessDue(pod, rt, ctx.now);
        break;
      }
      case 'crashed': {
        const crt = rt.containers[0];
        if (!crt) break;
        // backoff.Next once a back-off window has been waited out: the next window doubles (≤ 300 s).
        if ((rt.crashDelay ?? 0) > 0) {
          crt.backoffMs = Math.min(crt.backoffMs * 2, BACKOFF_MAX);
          crt.lastCrashAt = ctx.now;
        }
        rt.crashDelay = 0;
        if (first && !restartImageReady(ctx, pod, rt, first)) break;
        recordStarted(ctx, pod, rt, containerName);
        recordContainerEnv(ctx.api, pod, rt, [containerName]);
        rt.stage = 'running';
        rt.containerStartedAt = ctx.now;
        rt.ready = false;
        rt.due = readinessDue(pod, rt, ctx.now);
        break;
      }
      default:
        rt.due = Infinity;
    }
  }
}

/**
 * EnsureImageExists before a crashed container starts again: the image is on the node, but pull
 * policy Always asks the registry once more (`Pulling`, a quick `Successfully pulled`). False while
 * that pull runs (the pod is due again when it ends).
 */
function restartImageReady(ctx: ControllerContext, pod: Pod, rt: PodRuntime, container: Container): boolean {
  if (rt.restartPull) {
    delete rt.restartPull;
    finishPull(ctx, pod, rt, container);
    return true;
  }
  if (container.imagePullPolicy !== 'Always') {
    recordImagePresent(ctx, pod, rt, container.name, container.image ?? '');
    return true;
  }
  if (ensureImageExists(ctx, pod, rt, container) !== 'pulling') return true;
  rt.restartPull = true;
  return false;
}

/** startContainer after the image is there: `Created`, then `Started` (the v1.35+ wording). */
function recordStarted(ctx: ControllerContext, pod: Pod, rt: PodRuntime, name: string): void {
  recordContainerEvent(ctx.api, pod, rt.node, name, 'Normal', 'Created', 'Container created');
  recordContainerEvent(ctx.api, pod, rt.node, name, 'Normal', 'Started', 'Container started');
}

/** EnsureImageExists for a restart: the image is on the node (KubeletEnsureSecretPulledImages wording). */
function recordImagePresent(ctx: ControllerContext, pod: Pod, rt: PodRuntime, name: string, image: string): void {
  recordContainerEvent(ctx.api, pod, rt.node, name, 'Normal', 'Pulled', presentMessage(image));
}

/** When readiness next changes: immediately without a probe, else at the probe tick that flips it. */
function readinessDue(pod: Pod, rt: PodRuntime, now: number): number {
  const probe = probeOf(pod.spec.containers[0]);
  const start = rt.containerStartedAt ?? now;
  const wantReady = !rt.probeFailing;
  if (wantReady === rt.ready) return Infinity;
  const changedAt = Math.max(rt.probeChangedAt ?? start, start);
  if (wantReady) {
    if (!probe.defined && rt.probeChangedAt === undefined) return now;
    return nextTick(start, probe.initialDelay, probe.period, changedAt) + (probe.successThreshold - 1) * probe.period;
  }
  return nextTick(start, probe.initialDelay, probe.period, changedAt) + (probe.failureThreshold - 1) * probe.period;
}

function terminate(ctx: ControllerContext, pod: Pod, rt: PodRuntime): void {
  if (rt.stage === 'stopped') return;
  const running = rt.stage === 'running' || rt.stage === 'crashed';
  if (!running && rt.stage !== 'stopping') {
    rt.stage = 'stopped';
    rt.ready = false;
    rt.terminal = { phase: 'Failed', exitCode: 0, containerReason: 'ContainerStatusUnknown' };
    rt.due = ctx.now;
    return;
  }
  if (rt.stage !== 'stopping') {
    for (const c of pod.spec.containers) recordContainerEvent(ctx.api, pod, rt.node, c.name, 'Normal', 'Killing', `Stopping container ${c.name}`);
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    rt.stage = 'stopping';
    // How long the process takes to exit after SIGTERM: varied per pod by the seed, bounded by the grace period.
    const exit = Math.round(ctx.state.options.timing.containerStop * (0.5 + seededUnit(ctx.state.options.seed, 'stop', rt.uid, rt.containers[0]?.restartCount ?? 0)));
    rt.due = ctx.now + Math.min(grace, exit);
    return;
  }
  if (rt.due <= ctx.now) {
    rt.stage = 'stopped';
    rt.ready = false;
    rt.terminal = { phase: 'Succeeded', exitCode: 0, containerReason: 'Completed' };
  }
}

/** Fault: the readiness probe starts failing (ready=false) or passing again. */
export function setProbe(ctx: ControllerContext, rt: PodRuntime, ready: boolean): void {
  if (rt.probeFailing === !ready) return;
  rt.probeFailing = !ready;
  rt.probeChangedAt = ctx.now;
  if (rt.stage === 'running') rt.due = ctx.now;
}

/** Fault: the first container exits with code 1; restartPolicy Always restarts it with back-off. */
export function crash(ctx: ControllerContext, rt: PodRuntime): boolean {
  if (rt.stage === 'new' && rt.init) return crashInit(ctx, rt);
  const crt = rt.containers[0];
  if (!crt || rt.stage !== 'running') return false;
  // doBackOff → flowcontrol.Backoff: a live entry (not expired: last update within 2 × max) means
  // IsInBackOffSince(finishedAt) holds, so the restart waits one full window from this crash;
  // without one the container restarts at once and Next() opens a 10 s back-off window
  const live = crt.backoffMs > 0 && crt.lastCrashAt !== undefined && ctx.now - crt.lastCrashAt <= 2 * BACKOFF_MAX;
  const delay = live ? crt.backoffMs : 0;
  if (!live) {
    crt.backoffMs = BACKOFF_INITIAL;
    crt.lastCrashAt = ctx.now;
  }
  crt.restartCount += 1;
  crt.lastTermination = { exitCode: 1, at: ctx.now, startedAt: rt.containerStartedAt ?? ctx.now };
  rt.stage = 'crashed';
  rt.ready = false;
  rt.crashDelay = delay;
  rt.due = ctx.now + (delay > 0 ? delay : ctx.state.options.timing.containerCreate);
  return true;
}

/** Whether the container a crash fault hit now waits out a back-off window (the kubelet records BackOff). */
export function inCrashBackOff(rt: PodRuntime): boolean {
  return ((rt.stage === 'new' ? rt.init?.crashDelay : rt.crashDelay) ?? 0) > 0;
}

/** The BackOff warning the kubelet records while a crashed container waits to restart. */
export function crashBackOffMessage(rt: PodRuntime): string {
  const name = crashTarget(rt);
  return `Back-off restarting failed container ${name} in pod ${rt.name}_${rt.namespace}(${rt.uid})`;
}

/** Faults: the kubelet ends the pod (Evicted → Failed, complete → Succeeded). */
export function endPod(rt: PodRuntime, kind: 'evict' | 'complete'): void {
  rt.stage = 'stopped';
  rt.ready = false;
  rt.due = Infinity;
  rt.terminal =
    kind === 'evict'
      ? {
          phase: 'Failed',
          reason: 'Evicted',
          message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi. ',
          exitCode: 137,
          containerReason: 'Error',
        }
      : { phase: 'Succeeded', exitCode: 0, containerReason: 'Completed' };
}

/**
 * One pod condition (reason and message only when given, in that key order). When the stored one
 * already says exactly this, with its keys in the same order, it is returned itself: stored objects
 * are never mutated, and the status comparison then stops at identity instead of walking it.
 */
function condition(shared: SharedRenders, pod: Pod, type: string, status: 'True' | 'False', now: number, reason?: string, message?: string): PodCondition {
  let previous: PodCondition | undefined;
  // An indexed loop: no iterator results per sync.
  const conditions = pod.status.conditions;
  if (conditions) {
    for (let i = 0; i < conditions.length; i++) {
      const c = conditions[i] as PodCondition;
      if (c.type === type) {
        previous = c;
        break;
      }
    }
  }
  const kept = previous && previous.status === status && previous.lastTransitionTime ? previous.lastTransitionTime : undefined;
  if (previous && kept !== undefined && sameCondition(previous, reason, message)) return previous;
  return madeCondition(shared, type, status, kept ?? rfc3339(now), reason, message);
}

/**
 * What the statuses one cluster's kubelets write can share with the one written before (frozen:
 * stored objects are never mutated, and a status written for one pod must not change another's).
 * Kept per cluster (a WeakMap on its state), so module state never keeps a dropped cluster's last
 * renders alive. Values that are a pure function of a name or an address (the plain container
 * states, the hostIPs lists, the unready message, container event references) are module-level
 * instead: frozen, bounded in number, and the same for every cluster that asks.
 */
interface SharedRenders {
  /**
   * The condition last made of each type: pods whose statuses are written in the same second say the
   * same thing (a workload's pods start together), so they share one object instead of each status
   * keeping its own. One per type the kubelet writes.
   */
  readonly conditions: Map<string, PodCondition>;
  /** `{ running: { startedAt } }`, the last one made: shared by the containers started in that second. */
  running: ContainerStatus['state'] | undefined;
  /** The container statuses last written, and whether they are shared (frozen) yet (sharedStatuses). */
  statuses: ContainerStatus[] | undefined;
  statusesShared: boolean;
}

const sharedRenders = new WeakMap<ClusterState, SharedRenders>();

function sharedRendersOf(state: ClusterState): SharedRenders {
  let shared = sharedRenders.get(state);
  if (!shared) sharedRenders.set(state, (shared = { conditions: new Map(), running: undefined, statuses: undefined, statusesShared: false }));
  return shared;
}

function madeCondition(shared: SharedRenders, type: string, status: 'True' | 'False', lastTransitionTime: string, reason: string | undefined, message: string | undefined): PodCondition {
  const last = shared.conditions.get(type);
  // A member left out is undefined here, and `made` below sets none it leaves undefined: equal members, equal keys.
  if (last && last.status === status && last.lastTransitionTime === lastTransitionTime && last.reason === reason && last.message === message) return last;
  const made: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime };
  if (reason !== undefined) made.reason = reason;
  if (message !== undefined) made.message = message;
  shared.conditions.set(type, Object.freeze(made));
  return made;
}

/** Whether a stored condition (type, status and time already matched) has exactly these members, in this order. */
function sameCondition(c: PodCondition, reason: string | undefined, message: string | undefined): boolean {
  if (c.lastProbeTime !== null || c.reason !== reason || c.message !== message) return false;
  let i = 0;
  for (const key in c) {
    const want = i < 4 ? CONDITION_KEYS[i] : i === 4 && reason !== undefined ? 'reason' : 'message';
    if (key !== want) return false;
    i++;
  }
  return i === 4 + (reason !== undefined ? 1 : 0) + (message !== undefined ? 1 : 0);
}
const CONDITION_KEYS = ['type', 'status', 'lastProbeTime', 'lastTransitionTime'] as const;

/**
 * What is remembered per container record between status writes, in one small object per record:
 *  - containerIdOf's answers: a status names the same one or two IDs (this run and the exited one)
 *    at every sync, and each costs 8 hashes. Only the restart count varies for one record (its seed,
 *    pod uid and name are checked, so a shared record cannot be given another's ID): the two latest
 *    counts asked for are kept, in two slots rather than a map;
 *  - the record's running state and the second it started in (startedState; startedText reads it).
 * Only containerId makes the memo (and makes it again, with no running state, when the seed, uid
 * or name differ). So startedState keeps a state only for a record whose ID was asked first
 * (containerStatus asks containerId before startedState), and startedText finds one only where
 * startedState kept it; without a memo both format the time at every call (the same text, slower).
 */
interface ContainerIdMemo {
  readonly seed: number;
  readonly uid: string;
  readonly name: string;
  restarts: number;
  id: string;
  olderRestarts: number;
  olderId: string;
  /** The running state last made for the record, and the second it started in (startedState). */
  startedSecond: number;
  started: ContainerStatus['state'];
}
const containerIds = new WeakMap<ContainerRuntime, ContainerIdMemo>();
function containerId(seed: number, rt: PodRuntime, crt: ContainerRuntime | undefined, name: string, restarts: number): string {
  if (!crt) return containerIdOf(seed, rt.uid, name, restarts);
  const memo = containerIds.get(crt);
  if (memo && memo.seed === seed && memo.uid === rt.uid && memo.name === name) {
    if (memo.restarts === restarts) return memo.id;
    if (memo.olderRestarts === restarts) return memo.olderId;
    const id = containerIdOf(seed, rt.uid, name, restarts);
    memo.olderRestarts = memo.restarts;
    memo.olderId = memo.id;
    memo.restarts = restarts;
    memo.id = id;
    return id;
  }
  const id = containerIdOf(seed, rt.uid, name, restarts);
  containerIds.set(crt, { seed, uid: rt.uid, name, restarts, id, olderRestarts: -1, olderId: '', startedSecond: Number.NaN, started: NO_STATE });
  return id;
}

/**
 * `containers with unready status: [<names>]`, one string per list of names: a workload's pods have
 * the same container names, and their Ready and ContainersReady conditions then share the message
 * (kept in every status written) instead of each building its own. Cleared past a bound.
 */
const unreadyMessage = boundedMemo((names) => `containers with unready status: [${names}]`);

/**
 * Container states every pod's status can share (frozen: stored objects are never mutated, and a
 * status written for one pod must not change another's): the empty state and the two plain waits.
 */
const NO_STATE: ContainerStatus['state'] = Object.freeze({});
const WAITING_CREATING: ContainerStatus['state'] = Object.freeze({ waiting: Object.freeze({ reason: 'ContainerCreating' }) });
const WAITING_INITIALIZING: ContainerStatus['state'] = Object.freeze({ waiting: Object.freeze({ reason: 'PodInitializing' }) });

/** `{ running: { startedAt } }`, the last one made shared (frozen) by the containers started in that second. */
function runningState(shared: SharedRenders, startedAt: string): ContainerStatus['state'] {
  let running = shared.running;
  if (running?.running?.startedAt !== startedAt) shared.running = running = Object.freeze({ running: Object.freeze({ startedAt }) });
  return running;
}

/**
 * The running state of a container record, kept in its memo with the second it started in: a running
 * or stopping container's status is rendered at every sync, and formatting its start time then (a
 * time other than now) made rfc3339 format again for the next caller asking for now.
 * Call containerId for the record first: it makes the memo this keeps the state in (without one the
 * state is made again at every call).
 */
function startedState(shared: SharedRenders, crt: ContainerRuntime | undefined, startedAt: number): ContainerStatus['state'] {
  const second = Math.floor(startedAt / 1000);
  const memo = crt ? containerIds.get(crt) : undefined;
  if (memo?.startedSecond === second) return memo.started;
  const state = runningState(shared, rfc3339(startedAt));
  if (memo) {
    memo.startedSecond = second;
    memo.started = state;
  }
  return state;
}

/** The start time as text: the running state kept for the record has it when it started in that second. */
function startedText(crt: ContainerRuntime | undefined, startedAt: number): string {
  const memo = crt ? containerIds.get(crt) : undefined;
  const text = memo?.startedSecond === Math.floor(startedAt / 1000) ? memo.started.running?.startedAt : undefined;
  return text ?? rfc3339(startedAt);
}

function containerStatus(shared: SharedRenders, pod: Pod, c: Container, crt: ContainerRuntime | undefined, rt: PodRuntime, now: number, seed: number): ContainerStatus {
  const image = c.image ?? '';
  const running = rt.stage === 'running';
  const imageID = running || rt.stage === 'crashed' || rt.stage === 'stopped' || rt.stage === 'stopping' ? imageIdOf(image) : '';
  // Containers stay Ready until they exit: a terminating pod keeps Ready=True while stopping.
  const ready = (running || rt.stage === 'stopping') && rt.ready;
  const started = running || rt.stage === 'stopping';
  const restartCount = crt?.restartCount ?? 0;
  let status: ContainerStatus;
  if (running || rt.stage === 'stopping') {
    // The container ID in the literal, last as it has always been (not one more member added to it).
    const containerID = containerId(seed, rt, crt, c.name, restartCount);
    status = { name: c.name, image, imageID, ready, started, restartCount, state: startedState(shared, crt, rt.containerStartedAt ?? now), lastState: NO_STATE, containerID };
  } else {
    // Every branch below sets the state; no last state unless the container has exited before.
    status = { name: c.name, image, imageID, ready, started, restartCount, state: NO_STATE, lastState: NO_STATE };
    if (rt.stage === 'crashed') {
      const lt = crt?.lastTermination;
      // The exited container is still the one the status names (its ID stays until the restart).
      const exited = containerId(seed, rt, crt, c.name, Math.max(0, (crt?.restartCount ?? 1) - 1));
      status.containerID = exited;
      status.state =
        rt.crashDelay && rt.crashDelay > 0
          ? {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off ${Math.round(rt.crashDelay / 1000)}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${rt.uid})`,
              },
            }
          : { terminated: { exitCode: 1, reason: 'Error', startedAt: rfc3339(lt?.startedAt ?? now), finishedAt: rfc3339(lt?.at ?? now), containerID: exited } };
    } else if (rt.stage === 'stopped' && rt.terminal) {
      const id = rt.containerStartedAt !== undefined ? containerId(seed, rt, crt, c.name, crt?.restartCount ?? 0) : undefined;
      if (id) status.containerID = id;
      // A termination already reported stays as it was; only a first one is made.
      const previous = pod.status.containerStatuses?.find((s) => s.name === c.name);
      if (previous?.state.terminated) status.state = previous.state;
      else {
        const { exitCode, containerReason: reason } = rt.terminal;
        const startedAt = startedText(crt, rt.containerStartedAt ?? now);
        const finishedAt = rfc3339(now);
        status.state = { terminated: id ? { exitCode, reason, startedAt, finishedAt, containerID: id } : { exitCode, reason, startedAt, finishedAt } };
      }
    } else {
      const pulling = rt.stage === 'pull-backoff' || rt.stage === 'pulling' ? pullWaitingState(rt, image) : undefined;
      // With init containers, containers not yet created wait as PodInitializing (convertToAPIContainerStatuses).
      status.state = pulling ?? ((pod.spec.initContainers ?? []).length > 0 ? WAITING_INITIALIZING : WAITING_CREATING);
    }
  }
  if (crt?.lastTermination) {
    status.lastState = {
      terminated: {
        exitCode: crt.lastTermination.exitCode,
        reason: 'Error',
        startedAt: rfc3339(crt.lastTermination.startedAt),
        finishedAt: rfc3339(crt.lastTermination.at),
        containerID: containerId(seed, rt, crt, c.name, Math.max(0, crt.restartCount - 1)),
      },
    };
  }
  return status;
}

/** A Node's InternalIP, remembered per stored Node object (never mutated; a write stores a new one). */
const internalIPs = new WeakMap<object, string>();
function internalIP(node: K8sObject | undefined): string {
  if (!node) return '';
  let ip = internalIPs.get(node);
  if (ip === undefined) {
    ip = (node['status'] as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    internalIPs.set(node, ip);
  }
  return ip;
}

/**
 * `[{ip}]`: the stored list itself when it already says exactly that (stored objects are never
 * mutated), so an unchanged status shares it and the comparison stops at identity; else what
 * `make` gives for that address.
 */
function ipList(stored: unknown, ip: string, make: (ip: string) => { ip: string }[] = freshIpList): { ip: string }[] {
  if (Array.isArray(stored) && stored.length === 1) {
    const only = stored[0] as Record<string, unknown> | undefined;
    if (only && only['ip'] === ip && onlyKeyIp(only)) return stored as { ip: string }[];
  }
  return make(ip);
}

function freshIpList(ip: string): { ip: string }[] {
  return [{ ip }];
}

/**
 * `hostIPs` lists per node address, frozen: every pod on a node reports the same one. Module-level
 * (a pure function of the address, cleared past a bound), so clusters with the same addresses share them.
 */
const hostIPList = boundedMemo((ip) => Object.freeze([Object.freeze({ ip })]) as { ip: string }[]);

function onlyKeyIp(o: Record<string, unknown>): boolean {
  let n = 0;
  for (const key in o) if (key !== 'ip' || ++n > 1) return false;
  return n === 1;
}

const NO_CONTAINERS: readonly Container[] = [];
/** The init container statuses of a pod without init containers (never stored: such a status has none). */
const NO_STATUSES: readonly ContainerStatus[] = Object.freeze([]);

/**
 * The container statuses last written, when these say exactly the same (the same members in the
 * same order, each the same value or object): a workload's pods waiting to start all report one
 * list, so they share it instead of each status keeping its own. The list is frozen when it is
 * first shared (a running container's status, with its own container ID, never is).
 */
function sharedStatuses(shared: SharedRenders, statuses: ContainerStatus[]): ContainerStatus[] {
  const last = shared.statuses;
  if (last && last.length === statuses.length) {
    let same = true;
    for (let i = 0; i < last.length && same; i++) same = sameMembers(last[i] as object, statuses[i] as object);
    if (same) {
      if (!shared.statusesShared) {
        for (const s of last) Object.freeze(s);
        Object.freeze(last);
        shared.statusesShared = true;
      }
      return last;
    }
  }
  shared.statuses = statuses;
  shared.statusesShared = false;
  return statuses;
}

/**
 * Whether two statuses made by containerStatus have the same members with identical values. Its
 * literal fixes the order of the members it always has and containerID is added last, so the same
 * members come in the same order.
 */
function sameMembers(a: object, b: object): boolean {
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let n = 0;
  for (const key in bo) {
    if (ao[key] !== bo[key] || !Object.hasOwn(ao, key)) return false;
    n++;
  }
  for (const _ in ao) n--;
  return n === 0;
}

/** The pod status the kubelet reports for the runtime state (generateAPIPodStatus). */
function writeStatus(ctx: ControllerContext, pod: Pod, rt: PodRuntime): void {
  const hostIP = internalIP(ctx.api.get('Node', undefined, rt.node));
  const waiting = rendersAsWaiting(pod, rt);
  if (waiting && sameWaitingRender(pod, rt, hostIP)) return;
  const now = ctx.now;
  const started = rt.stage !== 'new' || rt.ip !== undefined;
  const seed = ctx.state.options.seed;
  const specs = pod.spec.containers;
  const shared = sharedRendersOf(ctx.state);
  // Made at its length, not pushed: a stored list of exactly its length (a pushed one keeps spare
  // room); a loop rather than map, whose callback would be one more closure per sync.
  const statuses: ContainerStatus[] = Array<ContainerStatus>(specs.length);
  for (let i = 0; i < specs.length; i++) statuses[i] = containerStatus(shared, pod, specs[i] as Container, rt.containers[i], rt, now, seed);
  markConfigErrors(ctx.api, pod, rt, statuses);
  const containerStatuses = sharedStatuses(shared, statuses);
  const initSpecs = pod.spec.initContainers ?? NO_CONTAINERS;
  // No init containers (nearly every pod): no list made (map of an empty list makes a new one).
  const madeInitStatuses = initSpecs.length === 0 ? undefined : initSpecs.map((c, i) => initContainerStatus(pod, c, i, rt, now, seed));
  const initStatuses = madeInitStatuses ?? NO_STATUSES;
  // GenerateContainersReadyCondition: sidecars (restartable init containers) first, then app containers.
  let unready = '';
  let unreadyCount = 0;
  for (let i = 0; i < initStatuses.length; i++) {
    const s = initStatuses[i] as ContainerStatus;
    if (!isSidecar(initSpecs[i]) || s.ready) continue;
    unready = unreadyCount++ === 0 ? s.name : `${unready} ${s.name}`;
  }
  for (const s of statuses) {
    if (s.ready) continue;
    unready = unreadyCount++ === 0 ? s.name : `${unready} ${s.name}`;
  }
  const containersReady = unreadyCount === 0;
  let phase = 'Pending';
  if (rt.terminal && rt.stage === 'stopped') phase = rt.terminal.phase;
  else if (rt.stage === 'running' || rt.stage === 'crashed' || rt.stage === 'stopping') phase = 'Running';
  const terminalReason = rt.stage === 'stopped' && rt.terminal ? 'PodCompleted' : undefined;
  // Not ready: ContainersNotReady with the names (PodCompleted takes the reason of a finished pod).
  const readyReason = containersReady ? undefined : (terminalReason ?? (unreadyCount > 0 ? 'ContainersNotReady' : undefined));
  const readyMessage = containersReady || unreadyCount === 0 ? undefined : unreadyMessage(unready);
  const readyStatus = containersReady ? 'True' : 'False';
  const initialized = madeInitStatuses ? initializedCondition(shared, pod, initStatuses, phase, now) : condition(shared, pod, 'Initialized', 'True', now, terminalReason);
  const conditions: PodCondition[] = [
    condition(shared, pod, 'PodReadyToStartContainers', started && rt.stage !== 'stopped' ? 'True' : 'False', now),
    initialized,
    condition(shared, pod, 'Ready', readyStatus, now, readyReason, readyMessage),
    condition(shared, pod, 'ContainersReady', readyStatus, now, readyReason, readyMessage),
    condition(shared, pod, 'PodScheduled', 'True', now),
  ];
  const startTime = pod.status.startTime ?? rfc3339(now);
  const qosClass = pod.status.qosClass ?? 'BestEffort';
  // Literals rather than a spread of an optional member: the same keys in the same order. A pod of
  // app containers only, on a node with an address, with its own IP (nearly every write) gets all
  // its keys in one literal instead of three added one by one.
  const storedHostIPs = (pod.status as Record<string, unknown>)['hostIPs'];
  let status: PodStatus;
  if (initSpecs.length === 0 && hostIP && rt.ip && rt.stage !== 'stopped') {
    const hostIPs = ipList(storedHostIPs, hostIP, hostIPList);
    status = { phase, conditions, hostIP, startTime, containerStatuses, qosClass, hostIPs, podIP: rt.ip, podIPs: ipList(pod.status.podIPs, rt.ip) } as PodStatus;
  } else {
    status =
      madeInitStatuses
        ? { phase, conditions, hostIP, startTime, containerStatuses, initContainerStatuses: madeInitStatuses, qosClass }
        : { phase, conditions, hostIP, startTime, containerStatuses, qosClass };
    if (hostIP) (status as Record<string, unknown>)['hostIPs'] = ipList(storedHostIPs, hostIP, hostIPList);
    if (rt.ip && rt.stage !== 'stopped') {
      status.podIP = rt.ip;
      status.podIPs = ipList(pod.status.podIPs, rt.ip);
    }
  }
  if (rt.ip && rt.stage === 'stopped' && pod.status.podIP) {
    status.podIP = pod.status.podIP;
    status.podIPs = ipList(pod.status.podIPs, pod.status.podIP);
  }
  if (rt.terminal?.reason) status.reason = rt.terminal.reason;
  if (rt.terminal?.message) status.message = rt.terminal.message;
  // updateStatus reads only the kind, the metadata and the status: no copy of the pod's other members.
  // It compares the status with the stored one itself (an equal one is not written, and the stored
  // object, `pod` here, comes back), so the kubelet does not walk the two first.
  const written = ctx.api.updateStatus({ apiVersion: pod.apiVersion, kind: pod.kind, metadata: pod.metadata, spec: pod.spec, status } as Pod);
  noteRender(pod, rt, waiting, hostIP, written.ok ? written.object.status : undefined);
}

// Init containers ---------------------------------------------------------------------------------

function isSidecar(c: Container | undefined): boolean {
  return c?.['restartPolicy'] === 'Always';
}

/** Whether an init container still has to complete (or, a sidecar, to start) before the app containers. */
function initPending(pod: Pod, rt: PodRuntime): boolean {
  const specs = pod.spec.initContainers ?? [];
  if (specs.length === 0) return false;
  rt.init ??= { index: 0, stage: 'pending', containers: specs.map((c) => ({ name: c.name, image: c.image ?? '', restartCount: 0, backoffMs: 0 })) };
  return rt.init.index < specs.length;
}

/**
 * computeInitContainerActions, one step at a time: pull the current init container's image, create
 * and start it; a regular one runs INIT_CONTAINER_RUN_MS and exits 0, a sidecar (`restartPolicy:
 * Always`) keeps running and the next one starts as soon as it has started.
 */
function stepInit(ctx: ControllerContext, pod: Pod, rt: PodRuntime): void {
  const init = rt.init as InitRuntime;
  const spec = (pod.spec.initContainers ?? [])[init.index];
  const crt = init.containers[init.index];
  if (!spec || !crt) return;
  const image = spec.image ?? '';
  switch (init.stage) {
    case 'pending':
    case 'pull-backoff':
      init.stage = ensureImageExists(ctx, pod, rt, spec);
      return;
    case 'pulling':
      init.stage = finishPull(ctx, pod, rt, spec);
      return;
    case 'crashed':
      // backoff.Next once a back-off window has been waited out: the next window doubles (≤ 300 s).
      if ((init.crashDelay ?? 0) > 0) {
        crt.backoffMs = Math.min(crt.backoffMs * 2, BACKOFF_MAX);
        crt.lastCrashAt = ctx.now;
      }
      init.crashDelay = 0;
      recordImagePresent(ctx, pod, rt, spec.name, image);
      startInit(ctx, pod, rt, spec, crt);
      return;
    case 'creating':
      startInit(ctx, pod, rt, spec, crt);
      return;
    case 'running':
      crt.finishedAt = ctx.now;
      init.index += 1;
      init.stage = 'pending';
      rt.due = ctx.now;
      return;
    default:
      rt.due = Infinity;
  }
}

function startInit(ctx: ControllerContext, pod: Pod, rt: PodRuntime, spec: Container, crt: ContainerRuntime): void {
  const init = rt.init as InitRuntime;
  recordStarted(ctx, pod, rt, spec.name);
  crt.startedAt = ctx.now;
  delete crt.finishedAt;
  if (isSidecar(spec)) {
    init.index += 1;
    init.stage = 'pending';
    rt.due = ctx.now;
  } else {
    init.stage = 'running';
    rt.due = ctx.now + INIT_CONTAINER_RUN_MS;
  }
}

/** Fault: the running init container exits 1; it restarts with back-off unless restartPolicy is Never. */
function crashInit(ctx: ControllerContext, rt: PodRuntime): boolean {
  const init = rt.init;
  const crt = init?.containers[init.index];
  if (!init || !crt || init.stage !== 'running' || rt.stage !== 'new') return false;
  const pod = ctx.api.get('Pod', rt.namespace, rt.name) as Pod | undefined;
  crt.lastTermination = { exitCode: 1, at: ctx.now, startedAt: crt.startedAt ?? ctx.now };
  crt.finishedAt = ctx.now;
  if (pod?.spec.restartPolicy === 'Never') {
    // A failed init container fails the whole pod when it may not restart.
    init.stage = 'failed';
    rt.stage = 'stopped';
    rt.ready = false;
    rt.terminal = { phase: 'Failed', exitCode: 1, containerReason: 'Error' };
    rt.due = ctx.now;
    return true;
  }
  const live = crt.backoffMs > 0 && crt.lastCrashAt !== undefined && ctx.now - crt.lastCrashAt <= 2 * BACKOFF_MAX;
  const delay = live ? crt.backoffMs : 0;
  if (!live) {
    crt.backoffMs = BACKOFF_INITIAL;
    crt.lastCrashAt = ctx.now;
  }
  crt.restartCount += 1;
  init.stage = 'crashed';
  init.crashDelay = delay;
  rt.due = ctx.now + (delay > 0 ? delay : ctx.state.options.timing.containerCreate);
  return true;
}

/** The name of the container a crash fault hits: the running init container, else the first app container. */
export function crashTarget(rt: PodRuntime): string {
  const init = rt.init;
  if (init && rt.stage === 'new' && (init.stage === 'running' || init.stage === 'crashed' || init.stage === 'failed')) {
    return init.containers[init.index]?.name ?? '';
  }
  if (init?.stage === 'failed') return init.containers[init.index]?.name ?? '';
  return rt.containers[0]?.name ?? '';
}

/** An init container's status (`convertToAPIContainerStatuses` for init containers, then the prober's Ready/Started). */
function initContainerStatus(pod: Pod, c: Container, i: number, rt: PodRuntime, now: number, seed: number): ContainerStatus {
  const init = rt.init;
  const crt = init?.containers[i];
  const image = c.image ?? '';
  const status: ContainerStatus = { name: c.name, image, imageID: '', ready: false, started: false, restartCount: crt?.restartCount ?? 0, state: NO_STATE, lastState: NO_STATE };
  const running = (): void => {
    status.imageID = imageIdOf(image);
    status.containerID = containerId(seed, rt, crt, c.name, crt?.restartCount ?? 0);
    status.state = { running: { startedAt: rfc3339(crt?.startedAt ?? now) } };
    status.started = true;
  };
  const terminated = (exitCode: number, reason: string): void => {
    status.imageID = imageIdOf(image);
    status.containerID = containerId(seed, rt, crt, c.name, crt?.restartCount ?? 0);
    status.state = { terminated: { exitCode, reason, startedAt: rfc3339(crt?.startedAt ?? now), finishedAt: rfc3339(crt?.finishedAt ?? now), containerID: status.containerID } };
  };
  const ended = rt.stage === 'stopped' && !!rt.terminal;
  if (!init || !crt || i > init.index) {
    status.state = WAITING_INITIALIZING;
  } else if (i < init.index) {
    if (isSidecar(c)) {
      if (ended) terminated(0, 'Completed');
      else {
        running();
        // Sidecar probes are not simulated: a started sidecar is ready.
        status.ready = true;
      }
    } else {
      terminated(0, 'Completed');
      status.ready = true;
    }
  } else {
    switch (init.stage) {
      case 'running':
        // Killed with the pod (SIGKILL after the grace period): 137.
        if (ended) terminated(137, 'Error');
        else running();
        break;
      case 'failed':
        terminated(1, 'Error');
        break;
      case 'crashed':
        status.imageID = imageIdOf(image);
        status.state =
          (init.crashDelay ?? 0) > 0
            ? {
                waiting: {
                  reason: 'CrashLoopBackOff',
                  message: `back-off ${Math.round((init.crashDelay ?? 0) / 1000)}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${rt.uid})`,
                },
              }
            : { terminated: { exitCode: 1, reason: 'Error', startedAt: rfc3339(crt.lastTermination?.startedAt ?? now), finishedAt: rfc3339(crt.lastTermination?.at ?? now) } };
        break;
      case 'pull-backoff':
      case 'pulling':
        status.state = pullWaitingState(rt, image) ?? WAITING_INITIALIZING;
        break;
      default:
        status.state = WAITING_INITIALIZING;
    }
  }
  if (crt?.lastTermination && !(init?.stage === 'failed' && i === init.index)) {
    status.lastState = {
      terminated: { exitCode: crt.lastTermination.exitCode, reason: 'Error', startedAt: rfc3339(crt.lastTermination.startedAt), finishedAt: rfc3339(crt.lastTermination.at) },
    };
  }
  return status;
}

/** `status.GeneratePodInitializedCondition`: regular init containers must have exited 0, sidecars started. */
function initializedCondition(shared: SharedRenders, pod: Pod, initStatuses: readonly ContainerStatus[], phase: string, now: number): PodCondition {
  const incomplete: string[] = [];
  for (const c of pod.spec.initContainers ?? []) {
    const st = initStatuses.find((s) => s.name === c.name);
    if (isSidecar(c)) {
      if (!st?.started) incomplete.push(c.name);
    } else if (st?.state.terminated?.exitCode !== 0) incomplete.push(c.name);
  }
  if (incomplete.length === 0 && phase === 'Succeeded') return condition(shared, pod, 'Initialized', 'True', now, 'PodCompleted');
  if (incomplete.length > 0) {
    return condition(shared, pod, 'Initialized', 'False', now, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`);
  }
  return condition(shared, pod, 'Initialized', 'True', now);
}

/** Node came back or pod changed: the kubelet's key for a pod. */
export function kubeletKey(pod: Pod): string {
  return objectKey(pod.metadata.namespace, pod.metadata.name);
}
