/**
 * kubectl drain (`pkg/cmd/drain/drain.go` RunDrain, `pkg/drain/drain.go` GetPodsForDeletion,
 * evictPods and waitForDelete): cordon, then evict every pod on the node through the eviction API,
 * retrying a refused eviction (429: a PodDisruptionBudget allows no disruption) every 5 s, and wait
 * for each evicted pod to be gone (polling every 1 s) before printing `pod/x evicted`.
 *
 * kubectl runs one goroutine per pod against the wall clock; here the same loop runs against the
 * cluster's virtual clock, advancing it. kubectl's default `--timeout=0s` waits forever — a drain
 * blocked by a budget would never return — so the playground bounds an absent --timeout to
 * DRAIN_WAIT_MS of virtual time and then reports exactly what kubectl prints when a --timeout of that
 * length runs out (`global timeout reached: 5m0s`).
 */
import { evictPod } from '../api/eviction.ts';
import type { Pod } from '../model/types.ts';
import { DEFAULT_STATUS_WAIT_MS, parseGoDuration } from './rollout.ts';
import { fail, type Invocation, type KubectlContext, type KubectlResult } from './types.ts';

/** The virtual time a drain without --timeout keeps retrying (as `rollout status` waits). */
export const DRAIN_WAIT_MS = DEFAULT_STATUS_WAIT_MS;
/** Helper.EvictErrorRetryDelay. */
const EVICT_RETRY_MS = 5_000;
/** waitForDelete's poll interval. */
const POLL_MS = 1_000;

/** Go's time.Duration.String for whole milliseconds: `5m0s`, `30s`, `1h0m0s`, `1.5s`, `0s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

interface PodTask {
  pod: Pod;
  phase: 'evict' | 'wait' | 'done';
  at: number;
}

/** GetPodsForDeletion's filters: what to evict, what blocks the drain, what only warns. */
function podsForDeletion(pods: Pod[], force: boolean, emptyDirOk: boolean): { evict: Pod[]; problems: string[]; warnings: string[] } {
  const unmanaged: string[] = [];
  const localStorage: string[] = [];
  const evict: Pod[] = [];
  for (const pod of pods) {
    const id = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
    const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
    if (pod.metadata.ownerReferences?.some((r) => r.kind === 'DaemonSet' && r.controller)) continue;
    if (!terminal && (pod.spec.volumes ?? []).some((v) => 'emptyDir' in v) && !emptyDirOk) localStorage.push(id);
    if (!terminal && !pod.metadata.ownerReferences?.some((r) => r.controller)) unmanaged.push(id);
    evict.push(pod);
  }
  const problems: string[] = [];
  if (unmanaged.length > 0 && !force) problems.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.join(', ')}`);
  if (localStorage.length > 0) problems.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${localStorage.join(', ')}`);
  const warnings = unmanaged.length > 0 && force ? [`Warning: deleting Pods that declare no controller: ${unmanaged.join(', ')}`] : [];
  return { evict, problems, warnings };
}

/** utilerrors.Aggregate's Error(): one message as is, several in brackets. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
}

/**
 * RunDrain for one node once `cordon` has run (its lines already in `stdout`/`stderr`). Advances
 * the cluster's virtual time while evictions are retried and evicted pods terminate.
 */
export function runDrain(ctx: KubectlContext, inv: Invocation, node: string, cordon: { ok: boolean; stdout: string[]; stderr: string[] }): KubectlResult {
  const stdout = [...cordon.stdout];
  const stderr = [...cordon.stderr];
  const result = (code: number): KubectlResult => ({ code, stdout: stdout.map((l) => `${l}\n`).join(''), stderr: stderr.map((l) => `${l}\n`).join('') });
  if (!cordon.ok) return result(1);

  const timeoutText = inv.flags.get('timeout');
  let timeoutMs = 0;
  if (timeoutText !== undefined) {
    const parsed = parseGoDuration(timeoutText);
    if (parsed === undefined) return fail(`error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"`);
    timeoutMs = Math.max(0, parsed);
  }
  const globalTimeout = timeoutMs > 0 ? timeoutMs : DRAIN_WAIT_MS;
  const force = inv.flags.has('force') && inv.flags.get('force') !== 'false';
  const emptyDirOk = inv.flags.has('delete-emptydir-data') && inv.flags.get('delete-emptydir-data') !== 'false';
  const graceText = inv.flags.get('grace-period');
  const grace = graceText !== undefined && /^\d+$/.test(graceText) ? Number(graceText) : undefined;

  const onNode = () => (ctx.cluster.list('Pod') as Pod[]).filter((p) => p.spec.nodeName === node);
  const listed = podsForDeletion(onNode(), force, emptyDirOk);
  if (listed.problems.length > 0) {
    stderr.push(`error: unable to drain node "${node}" due to error: ${aggregate(listed.problems)}, continuing command...`);
    stderr.push('There are pending nodes to be drained:', ` ${node}`);
    stderr.push(...listed.problems);
    return result(1);
  }
  stderr.push(...listed.warnings);

  const start = ctx.cluster.now();
  const deadline = start + globalTimeout;
  const tasks: PodTask[] = listed.evict.map((pod) => ({ pod, phase: 'evict', at: start }));
  const errors: string[] = [];
  for (;;) {
    const now = ctx.cluster.now();
    for (const task of tasks) {
      if (task.phase !== 'evict' || task.at > now) continue;
      const { namespace = 'default', name } = task.pod.metadata;
      stdout.push(`evicting pod ${namespace}/${name}`);
      if (now >= deadline) {
        errors.push(`error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${formatGoDuration(globalTimeout)}`);
        task.phase = 'done';
        continue;
      }
      const evicted = evictPod(ctx.api, namespace, name, grace === undefined ? {} : { gracePeriodSeconds: grace });
      ctx.engine.runQueues();
      if (evicted.ok) {
        task.phase = 'wait';
        task.at = now;
      } else if (evicted.error.reason === 'NotFound') {
        task.phase = 'done';
      } else if (evicted.error.code === 429) {
        stderr.push(`error when evicting pods/"${name}" -n "${namespace}" (will retry after ${formatGoDuration(EVICT_RETRY_MS)}): ${evicted.error.message}`);
        task.at = now + EVICT_RETRY_MS;
      } else {
        errors.push(`error when evicting pods/"${name}" -n "${namespace}": ${evicted.error.message}`);
        task.phase = 'done';
      }
    }
    for (const task of tasks) {
      if (task.phase !== 'wait' || task.at > now) continue;
      const { namespace = 'default', name, uid } = task.pod.metadata;
      const current = ctx.api.get('Pod', namespace, name);
      if (!current || current.metadata.uid !== uid) {
        stdout.push(`pod/${name} evicted`);
        task.phase = 'done';
      } else if (now >= deadline) {
        errors.push(`error when waiting for pod "${name}" in namespace "${namespace}" to terminate: context deadline exceeded`);
        task.phase = 'done';
      } else task.at = Math.min(now + POLL_MS, deadline);
    }
    const pending = tasks.filter((t) => t.phase !== 'done');
    if (pending.length === 0) break;
    const next = Math.min(...pending.map((t) => t.at));
    ctx.cluster.advance(Math.max(0, next - ctx.cluster.now()));
  }

  if (errors.length === 0) {
    stdout.push(`node/${node} drained`);
    return result(0);
  }
  const message = aggregate(errors);
  const left = podsForDeletion(onNode(), force, emptyDirOk).evict;
  if (left.length > 0) {
    stderr.push(`There are pending pods in node "${node}" when an error occurred: ${message}`);
    for (const pod of left) stderr.push(`pod/${pod.metadata.name}`);
  }
  stderr.push(`error: unable to drain node "${node}" due to error: ${message}, continuing command...`);
  stderr.push('There are pending nodes to be drained:', ` ${node}`);
  stderr.push(...errors);
  return result(1);
}
