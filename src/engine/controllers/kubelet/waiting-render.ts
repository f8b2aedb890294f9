/**
 * The status of a pod waiting for its containers to start, remembered between syncs (issue 8).
 *
 * While the app containers' images pull (stage `pulling`, no pull error yet) or are being created
 * (stage `creating`), generateAPIPodStatus has nothing to tell apart: every container waits in
 * ContainerCreating and the conditions, IPs and phase do not move. A pod's second sync (its pull
 * ended) therefore renders exactly the status its first sync stored. This remembers, per pod
 * runtime, what the last such render was made from; when the next render would be made from the
 * same (same stored status object, container specs, pod and host IP, restarts), the kubelet skips it.
 *
 * Sound because: the record is dropped at every render outside these states, so between the
 * remembered render and now the runtime only moved through these states; pods with init containers
 * or containers that read environment (CreateContainerConfigError) never qualify; and the stored
 * status is compared by identity (stored objects are never mutated: any write of another status
 * stores a new object).
 */
import type { Container, Pod, PodStatus } from '../../model/types.ts';
import type { PodRuntime } from '../../sim/state.ts';
import { readsNoEnv } from '../pod-config.ts';

interface WaitingRender {
  /** The pod status stored after that render (written by it, or found equal to it). */
  stored: PodStatus | undefined;
  containers: readonly Container[];
  ip: string | undefined;
  hostIP: string;
  /**
   * The containers' restart counts, summed: counts only grow, so an equal sum means equal counts
   * (and equal last terminations, which change only with a restart).
   */
  restarts: number;
}

const renders = new WeakMap<PodRuntime, WaitingRender>();

/** Off: every sync renders the status in full (tests compare the two and count the skips). */
export const waitingRenderOptions = { enabled: true, skipped: 0 };

/** Whether the pod's status now is a waiting one: every container ContainerCreating, nothing else moving. */
export function rendersAsWaiting(pod: Pod, rt: PodRuntime): boolean {
  if (rt.stage !== 'pulling' && rt.stage !== 'creating') return false;
  if (rt.pull?.reason !== undefined || rt.terminal) return false;
  if ((pod.spec.initContainers?.length ?? 0) > 0) return false;
  for (const c of pod.spec.containers) if (!readsNoEnv(c)) return false;
  return true;
}

/** Whether the last render (a waiting one) was made from what a render now would be made from. */
export function sameWaitingRender(pod: Pod, rt: PodRuntime, hostIP: string): boolean {
  if (!waitingRenderOptions.enabled) return false;
  const r = renders.get(rt);
  if (!r || r.stored !== pod.status || r.containers !== pod.spec.containers || r.ip !== rt.ip || r.hostIP !== hostIP || r.restarts !== restartsOf(rt)) return false;
  waitingRenderOptions.skipped++;
  return true;
}

/** After a render: remember a waiting one with the status now stored (`stored`), forget otherwise. */
export function noteRender(pod: Pod, rt: PodRuntime, waiting: boolean, hostIP: string, stored: PodStatus | undefined): void {
  if (!waiting) {
    // Forgotten rather than kept empty: most pods render a waiting status only before they start.
    renders.delete(rt);
    return;
  }
  const r = renders.get(rt);
  if (!r) {
    renders.set(rt, { stored, containers: pod.spec.containers, ip: rt.ip, hostIP, restarts: restartsOf(rt) });
    return;
  }
  r.stored = stored;
  r.containers = pod.spec.containers;
  r.ip = rt.ip;
  r.hostIP = hostIP;
  r.restarts = restartsOf(rt);
}

function restartsOf(rt: PodRuntime): number {
  let sum = 0;
  for (const crt of rt.containers) sum += crt.restartCount;
  return sum;
}
