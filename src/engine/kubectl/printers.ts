/** Server-side table printers (pkg/printers/internalversion/printers.go) the UI and kubectl share. */
import type { K8sObject, Pod } from '../model/types.ts';
import { fromRfc3339 } from '../sim/time.ts';

export interface PodColumns {
  ready: string;
  status: string;
  restarts: number;
  /** Virtual ms of the last container termination, for "3 (45s ago)". */
  lastRestartAt?: number;
}

/** printPod: READY, STATUS and RESTARTS as `kubectl get pods` shows them. */
export function printPod(obj: K8sObject): PodColumns {
  const pod = obj as Pod;
  const status = pod.status ?? {};
  let reason = status.phase ?? '';
  if (status.reason) reason = status.reason;
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.reason === 'SchedulingGated') reason = 'SchedulingGated';
  let restarts = 0;
  let lastRestartAt: number | undefined;
  let readyContainers = 0;
  let totalContainers = pod.spec.containers.length;
  // Init containers: restartable ones (sidecars) count toward READY; the first one not done names the STATUS.
  const sidecars = new Set((pod.spec.initContainers ?? []).filter((c) => c['restartPolicy'] === 'Always').map((c) => c.name));
  totalContainers += sidecars.size;
  let sidecarRestarts = 0;
  let sidecarLastRestartAt: number | undefined;
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (const [i, c] of initStatuses.entries()) {
    restarts += c.restartCount;
    const finished = fromRfc3339(c.lastState.terminated?.finishedAt);
    if (Number.isFinite(finished) && (lastRestartAt === undefined || finished > lastRestartAt)) lastRestartAt = finished;
    if (sidecars.has(c.name)) {
      sidecarRestarts += c.restartCount;
      if (Number.isFinite(finished) && (sidecarLastRestartAt === undefined || finished > sidecarLastRestartAt)) sidecarLastRestartAt = finished;
    }
    const terminated = c.state.terminated;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecars.has(c.name) && c.started) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (terminated) reason = terminated.reason ? `Init:${terminated.reason}` : `Init:ExitCode:${terminated.exitCode}`;
    else if (c.state.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${(pod.spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  const initialized = status.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True') ?? false;
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestartAt = sidecarLastRestartAt;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      if (!c) continue;
      restarts += c.restartCount;
      const finished = fromRfc3339(c.lastState.terminated?.finishedAt);
      if (Number.isFinite(finished) && (lastRestartAt === undefined || finished > lastRestartAt)) lastRestartAt = finished;
      if (c.state.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state.terminated) reason = `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  const columns: PodColumns = { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts };
  if (lastRestartAt !== undefined) columns.lastRestartAt = lastRestartAt;
  return columns;
}

/** HumanDuration (apimachinery/pkg/util/duration): the AGE column. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (years < 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}
