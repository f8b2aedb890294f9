/**
 * What containers printed, for `kubectl logs`: one list of lines per container instance (pod uid,
 * container, restart count), as the kubelet's log files are per instance (`--previous` reads the one
 * before). nginx writes an access-log line for every request it serves (the `combined` format plus
 * `$http_x_forwarded_for`, as the nginx images configure it). Like the containers' writable layers
 * (exec-pod.ts) the lines live beside the cluster state and are not part of a snapshot.
 */
import type { ClusterState } from '../sim/state.ts';
import { EPOCH_MS } from '../sim/time.ts';
import type { Pod } from '../model/types.ts';
import type { KubectlContext } from './types.ts';

const LOGS = new WeakMap<ClusterState, Map<string, string[]>>();

function table(state: ClusterState): Map<string, string[]> {
  let t = LOGS.get(state);
  if (!t) {
    t = new Map();
    LOGS.set(state, t);
  }
  return t;
}

export function restartCountOf(pod: Pod, container: string): number {
  return pod.status?.containerStatuses?.find((c) => c.name === container)?.restartCount ?? 0;
}

export function instanceKey(pod: Pod, container: string, restart: number): string {
  return `${pod.metadata.uid ?? ''}/${container}/${restart}`;
}

/** The lines of one container instance (created empty). */
export function instanceLines(ctx: KubectlContext, key: string): string[] {
  const t = table(ctx.engine.state);
  let lines = t.get(key);
  if (!lines) {
    lines = [];
    t.set(key, lines);
  }
  return lines;
}

export function hasInstance(ctx: KubectlContext, key: string): boolean {
  return table(ctx.engine.state).has(key);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** nginx's $time_local: `05/Dec/2026:00:59:46 +0000`. */
export function nginxTime(now: number): string {
  const d = new Date(EPOCH_MS + Math.floor(now));
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] ?? ''}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export interface Access {
  client: string;
  path: string;
  status: number;
  bytes: number;
  agent: string;
}

/** One request nginx served: `10.244.1.5 - - [05/Dec/2026:01:02:03 +0000] "GET / HTTP/1.1" 200 6 "-" "curl/7.88.1" "-"`. */
export function recordAccess(ctx: KubectlContext, pod: Pod, container: string, a: Access): void {
  const key = instanceKey(pod, container, restartCountOf(pod, container));
  instanceLines(ctx, key).push(`${a.client} - - [${nginxTime(ctx.engine.state.now)}] "GET ${a.path} HTTP/1.1" ${a.status} ${a.bytes} "-" "${a.agent}" "-"`);
}
