/**
 * The kubelet of every node, as one state machine per pod (PodRuntime, keyed by uid): sandbox and
 * IP, image pull (per-node cache, `broken` tags never pull), container start, readiness probes,
 * crash restarts with back-off, graceful termination. It writes only pod status, events and the
 * final grace-0 delete, like the real kubelet.
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from '../model/types.ts';
import { jsonEqual } from '../model/util.ts';
import type { ControllerContext } from '../sim/context.ts';
import type { ContainerRuntime, PodRuntime } from '../sim/state.ts';
import { objectKey } from '../sim/state.ts';
import { rfc3339 } from '../sim/time.ts';

const COMPONENT = 'kubelet';
const BACKOFF_INITIAL = 10_000;
const BACKOFF_MAX = 300_000;

/** Images whose tag is `broken` never pull: how a learner makes a rollout fail. */
export function isBrokenImage(image: string): boolean {
  const last = image.split('/').pop() ?? image;
  const tag = last.includes(':') ? last.slice(last.lastIndexOf(':') + 1) : '';
  return tag === 'broken';
}

/** A stable fake image size, so `Pulled` events read like real ones. */
export function imageSize(image: string): number {
  let h = 0;
  for (const ch of image) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return 40_000_000 + (h % 60_000_000);
}

function fullImageRef(image: string): string {
  const withTag = /:[^/]+$/.test(image) ? image : `${image}:latest`;
  const parts = withTag.split('/');
  if (parts.length === 1) return `docker.io/library/${withTag}`;
  if (!parts[0]?.includes('.') && !parts[0]?.includes(':') && parts[0] !== 'localhost') return `docker.io/${withTag}`;
  return withTag;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

function probeOf(container: Container | undefined) {
  const p = container?.readinessProbe;
  return {
    defined: !!p,
    initialDelay: (p?.initialDelaySeconds ?? 0) * 1000,
    period: Math.max(1, p?.periodSeconds ?? 10) * 1000,
    successThreshold: Math.max(1, p?.successThreshold ?? 1),
    failureThreshold: Math.max(1, p?.failureThreshold ?? 3),
  };
}

/** The first probe tick at or after `t` for a container started at `start`. */
function nextTick(start: number, initialDelay: number, period: number, t: number): number {
  const first = start + initialDelay;
  if (t <= first) return first;
  return first + Math.ceil((t - first) / period) * period;
}

function allocateIp(ctx: ControllerContext, nodeName: string): string {
  const node = ctx.state.nodes[nodeName];
  if (!node) return '';
  // host-local IPAM hands addresses out round-robin; only after a wrap can one still be in use.
  const used = new Set<string>();
  if (node.wrapped) for (const rt of Object.values(ctx.state.pods)) if (rt.node === nodeName && rt.ip) used.add(rt.ip);
  for (let i = 0; i < 253; i++) {
    if (node.nextIp >= 254) node.wrapped = true;
    const host = node.nextIp;
    node.nextIp = node.nextIp >= 254 ? 2 : node.nextIp + 1;
    const ip = `10.244.${node.index}.${host}`;
    if (!used.has(ip)) return ip;
  }
  return '';
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
  const [namespace = '', name = ''] = key.split('/');
  const pod = ctx.api.get('Pod', namespace, name) as Pod | undefined;
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
  const current = ctx.api.get('Pod', namespace, name) as Pod | undefined;
  if (!current || current.metadata.uid !== uid) return;
  writeStatus(ctx, current, rt);
  if (rt.stage === 'stopped' && current.metadata.deletionTimestamp && (current.metadata.deletionGracePeriodSeconds ?? 0) > 0) {
    ctx.api.delete('Pod', namespace, name, { gracePeriodSeconds: 0, uid });
  }
  if (rt.due > ctx.now && rt.stage !== 'stopped') ctx.schedule('kubelet', key, rt.due);
}

function syncContainerSpecs(ctx: ControllerContext, pod: Pod, rt: PodRuntime): void {
  pod.spec.containers.forEach((c, i) => {
    const crt = rt.containers[i];
    if (!crt || crt.image === (c.image ?? '')) return;
    crt.image = c.image ?? '';
    if (rt.stage === 'running' || rt.stage === 'crashed') {
      ctx.api.recordEvent(pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, COMPONENT, rt.node);
      rt.stage = 'new';
      rt.due = ctx.now;
      rt.ready = false;
      crt.restartCount += 1;
    }
  });
}

function advance(ctx: ControllerContext, pod: Pod, rt: PodRuntime): void {
  const timing = ctx.state.options.timing;
  const node = ctx.state.nodes[rt.node];
  const first = pod.spec.containers[0];
  const image = first?.image ?? '';
  const containerName = first?.name ?? '';
  for (let guard = 0; guard < 20 && rt.due <= ctx.now; guard++) {
    switch (rt.stage) {
      case 'new': {
        rt.ip ??= allocateIp(ctx, rt.node);
        const cached = !!node?.images.includes(image);
        if (cached && first?.imagePullPolicy !== 'Always') {
          ctx.api.recordEvent(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, COMPONENT, rt.node);
          rt.stage = 'creating';
          rt.due = ctx.now + timing.containerCreate;
        } else {
          ctx.api.recordEvent(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, COMPONENT, rt.node);
          rt.stage = 'pulling';
          rt.due = ctx.now + (cached ? Math.min(500, timing.imagePull) : timing.imagePull);
        }
        break;
      }
      case 'pulling': {
        rt.pullAttempts += 1;
        if (isBrokenImage(image)) {
          const ref = fullImageRef(image);
          ctx.api.recordEvent(
            pod,
            'Warning',
            'Failed',
            `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
            COMPONENT,
            rt.node
          );
          ctx.api.recordEvent(pod, 'Warning', 'Failed', 'Error: ErrImagePull', COMPONENT, rt.node);
          rt.stage = 'pull-backoff';
          rt.due = ctx.now + Math.min(BACKOFF_INITIAL * 2 ** (rt.pullAttempts - 1), BACKOFF_MAX);
          break;
        }
        const took = timing.imagePull;
        if (node && !node.images.includes(image)) node.images.push(image);
        ctx.api.recordEvent(
          pod,
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${seconds(took)} (${seconds(took)} including waiting). Image size: ${imageSize(image)} bytes.`,
          COMPONENT,
          rt.node
        );
        rt.stage = 'creating';
        rt.due = ctx.now + timing.containerCreate;
        break;
      }
      case 'pull-backoff':
        ctx.api.recordEvent(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, COMPONENT, rt.node);
        rt.stage = 'pulling';
        rt.due = ctx.now + Math.min(1000, timing.imagePull);
        break;
      case 'creating':
        for (const c of pod.spec.containers) {
          ctx.api.recordEvent(pod, 'Normal', 'Created', `Created container: ${c.name}`, COMPONENT, rt.node);
          ctx.api.recordEvent(pod, 'Normal', 'Started', `Started container ${c.name}`, COMPONENT, rt.node);
        }
        rt.stage = 'running';
        rt.containerStartedAt = ctx.now;
        rt.ready = false;
        rt.due = readinessDue(pod, rt, ctx.now);
        break;
      case 'running': {
        const probe = probeOf(first);
        const wantReady = !rt.probeFailing;
        // A fault only changes readiness at the probe tick that observes it (period × thresholds).
        if (wantReady !== rt.ready && readinessDue(pod, rt, ctx.now) <= ctx.now) {
          if (!wantReady && probe) {
            ctx.api.recordEvent(pod, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', COMPONENT, rt.node);
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
        ctx.api.recordEvent(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, COMPONENT, rt.node);
        ctx.api.recordEvent(pod, 'Normal', 'Created', `Created container: ${containerName}`, COMPONENT, rt.node);
        ctx.api.recordEvent(pod, 'Normal', 'Started', `Started container ${containerName}`, COMPONENT, rt.node);
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
    for (const c of pod.spec.containers) ctx.api.recordEvent(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, COMPONENT, rt.node);
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    rt.stage = 'stopping';
    rt.due = ctx.now + Math.min(grace, ctx.state.options.timing.containerStop);
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

/** The BackOff warning the kubelet records while a crashed container waits to restart. */
export function crashBackOffMessage(rt: PodRuntime): string {
  const name = rt.containers[0]?.name ?? '';
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

function condition(pod: Pod, type: string, status: 'True' | 'False', now: number, extra: Partial<PodCondition> = {}): PodCondition {
  const previous = pod.status.conditions?.find((c) => c.type === type);
  const lastTransitionTime = previous && previous.status === status && previous.lastTransitionTime ? previous.lastTransitionTime : rfc3339(now);
  return { type, status, lastProbeTime: null, lastTransitionTime, ...extra };
}

function containerStatus(pod: Pod, c: Container, crt: ContainerRuntime | undefined, rt: PodRuntime, now: number): ContainerStatus {
  const image = c.image ?? '';
  const running = rt.stage === 'running';
  const previous = pod.status.containerStatuses?.find((s) => s.name === c.name);
  const status: ContainerStatus = {
    name: c.name,
    image,
    imageID: running || rt.stage === 'crashed' || rt.stage === 'stopped' || rt.stage === 'stopping' ? `${fullImageRef(image)}@sha256:${'0'.repeat(8)}` : '',
    // Containers stay Ready until they exit: a terminating pod keeps Ready=True while stopping.
    ready: (running || rt.stage === 'stopping') && rt.ready,
    started: running || rt.stage === 'stopping',
    restartCount: crt?.restartCount ?? 0,
    state: {},
    lastState: {},
  };
  if (running || rt.stage === 'stopping') {
    status.containerID = `containerd://${rt.uid.replace(/-/g, '')}${crt?.restartCount ?? 0}`.slice(0, 77);
    status.state = { running: { startedAt: rfc3339(rt.containerStartedAt ?? now) } };
  } else if (rt.stage === 'crashed') {
    const lt = crt?.lastTermination;
    status.state =
      rt.crashDelay && rt.crashDelay > 0
        ? {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${Math.round(rt.crashDelay / 1000)}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${rt.uid})`,
            },
          }
        : { terminated: { exitCode: 1, reason: 'Error', startedAt: rfc3339(lt?.startedAt ?? now), finishedAt: rfc3339(lt?.at ?? now) } };
  } else if (rt.stage === 'stopped' && rt.terminal) {
    status.state = {
      terminated: {
        exitCode: rt.terminal.exitCode,
        reason: rt.terminal.containerReason,
        startedAt: rfc3339(rt.containerStartedAt ?? now),
        finishedAt: rfc3339(now),
      },
    };
    if (previous?.state.terminated) status.state = previous.state;
  } else if (rt.stage === 'pull-backoff') {
    status.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ErrImagePull: ${fullImageRef(image)}: not found` } };
    if (rt.due - now > Math.min(BACKOFF_INITIAL * 2 ** (rt.pullAttempts - 1), BACKOFF_MAX) - 1000) {
      status.state = { waiting: { reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = failed to pull and unpack image "${fullImageRef(image)}"` } };
    }
  } else {
    status.state = { waiting: { reason: 'ContainerCreating' } };
  }
  if (crt?.lastTermination) {
    status.lastState = {
      terminated: {
        exitCode: crt.lastTermination.exitCode,
        reason: 'Error',
        startedAt: rfc3339(crt.lastTermination.startedAt),
        finishedAt: rfc3339(crt.lastTermination.at),
      },
    };
  }
  return status;
}

/** The pod status the kubelet reports for the runtime state. */
function writeStatus(ctx: ControllerContext, pod: Pod, rt: PodRuntime): void {
  const now = ctx.now;
  const started = rt.stage !== 'new' || rt.ip !== undefined;
  const statuses = pod.spec.containers.map((c, i) => containerStatus(pod, c, rt.containers[i], rt, now));
  const allReady = statuses.every((s) => s.ready);
  const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
  const ready = allReady;
  let phase = 'Pending';
  if (rt.terminal && rt.stage === 'stopped') phase = rt.terminal.phase;
  else if (rt.stage === 'running' || rt.stage === 'crashed' || rt.stage === 'stopping') phase = 'Running';
  const containersMessage = notReady.length > 0 ? { reason: 'ContainersNotReady', message: `containers with unready status: [${notReady.join(' ')}]` } : {};
  const terminalReason = rt.stage === 'stopped' && rt.terminal ? { reason: 'PodCompleted' } : {};
  const conditions: PodCondition[] = [
    condition(pod, 'PodReadyToStartContainers', started && rt.stage !== 'stopped' ? 'True' : 'False', now),
    condition(pod, 'Initialized', 'True', now, terminalReason),
    condition(pod, 'Ready', ready ? 'True' : 'False', now, ready ? {} : { ...containersMessage, ...terminalReason }),
    condition(pod, 'ContainersReady', allReady ? 'True' : 'False', now, allReady ? {} : { ...containersMessage, ...terminalReason }),
    condition(pod, 'PodScheduled', 'True', now),
  ];
  const node = ctx.api.get('Node', undefined, rt.node);
  const hostIP = (node?.['status'] as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const status: PodStatus = {
    phase,
    conditions,
    hostIP,
    startTime: pod.status.startTime ?? rfc3339(now),
    containerStatuses: statuses,
    qosClass: pod.status.qosClass ?? 'BestEffort',
  };
  if (hostIP) (status as Record<string, unknown>)['hostIPs'] = [{ ip: hostIP }];
  if (rt.ip && rt.stage !== 'stopped') {
    status.podIP = rt.ip;
    status.podIPs = [{ ip: rt.ip }];
  } else if (rt.ip && pod.status.podIP) {
    status.podIP = pod.status.podIP;
    status.podIPs = [{ ip: pod.status.podIP }];
  }
  if (rt.terminal?.reason) status.reason = rt.terminal.reason;
  if (rt.terminal?.message) status.message = rt.terminal.message;
  if (jsonEqual(status, pod.status)) return;
  ctx.api.updateStatus({ ...pod, status });
}

/** Node came back or pod changed: the kubelet's key for a pod. */
export function kubeletKey(pod: Pod): string {
  return objectKey(pod.metadata.namespace, pod.metadata.name);
}
