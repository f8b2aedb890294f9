/**
 * kubectl drain (`pkg/cmd/drain/drain.go` RunDrain, `pkg/drain/drain.go` GetPodsForDeletion,
 * evictPods and waitForDelete): cordon, then evict every pod on the node through the eviction API,
 * retrying a refused eviction (429: a PodDisruptionBudget allows no disruption) every 5 s, and wait
 * for each evicted pod to be gone (polling every 1 s) before printing `pod/x evicted`.
 *
 * --disable-eviction deletes the pods instead (`deletePods`), so no PodDisruptionBudget is asked,
 * and prints `pod/x deleted`. --dry-run=client only lists; --dry-run=server asks the eviction API
 * without writing anything.
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

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

interface FilterOptions {
  force: boolean;
  emptyDirOk: boolean;
  ignoreDaemonSets: boolean;
}

type PodDeleteStatus = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };

/**
 * GetPodsForDeletion with `makeFilters` (pkg/drain/filters.go): daemonSetFilter, mirrorPodFilter,
 * localStorageFilter, unreplicatedFilter in that order; a pod stops at the first filter that keeps
 * it, and only the last warning a pod collects survives. Errors and warnings group pods by message
 * (upstream iterates a map; here the order is first seen).
 */
function podsForDeletion(ctx: KubectlContext, pods: Pod[], o: FilterOptions): { evict: Pod[]; problems: string[]; warnings: string[] } {
  const evict: Pod[] = [];
  const errors = new Map<string, string[]>();
  const warnings = new Map<string, string[]>();
  for (const pod of pods) {
    const id = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
    const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
    const controller = pod.metadata.ownerReferences?.find((r) => r.controller);
    const filters: (() => PodDeleteStatus)[] = [
      // daemonSetFilter: DaemonSets are not served here, so a DaemonSet-owned pod is an orphan.
      () => {
        if (!controller || controller.kind !== 'DaemonSet' || controller.apiVersion !== 'apps/v1' || terminal) return { delete: true, reason: 'Okay' };
        if (ctx.api.get('DaemonSet', pod.metadata.namespace, controller.name) === undefined) {
          const message = `daemonsets.apps "${controller.name}" not found`;
          return o.force ? { delete: true, reason: 'Warning', message } : { delete: false, reason: 'Error', message };
        }
        return o.ignoreDaemonSets ? { delete: false, reason: 'Warning', message: DAEMONSET_WARNING } : { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
      },
      // mirrorPodFilter
      () => (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, reason: 'Skip' } : { delete: true, reason: 'Okay' }),
      // localStorageFilter
      () => {
        if (!(pod.spec.volumes ?? []).some((v) => 'emptyDir' in v) || terminal) return { delete: true, reason: 'Okay' };
        return o.emptyDirOk ? { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING } : { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
      },
      // unreplicatedFilter
      () => {
        if (terminal || controller) return { delete: true, reason: 'Okay' };
        return o.force ? { delete: true, reason: 'Warning', message: UNMANAGED_WARNING } : { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
      },
    ];
    let status: PodDeleteStatus = { delete: true, reason: 'Okay' };
    for (const filter of filters) {
      status = filter();
      if (!status.delete) break;
    }
    const group = status.reason === 'Error' ? errors : status.reason === 'Warning' ? warnings : undefined;
    if (group) group.set(status.message ?? 'unexpected error', [...(group.get(status.message ?? 'unexpected error') ?? []), id]);
    if (status.delete) evict.push(pod);
  }
  const problems = [...errors].map(([msg, ids]) => `cannot delete ${msg}: ${ids.join(', ')}`);
  // WarningPrinter.Print of PodDeleteList.Warnings(): one line, groups joined by "; ".
  const warned = [...warnings].map(([msg, ids]) => `${msg}: ${ids.join(', ')}`).join('; ');
  return { evict, problems, warnings: warned ? [`Warning: ${warned}`] : [] };
}

/** utilerrors.Aggregate's Error(): one message as is, several in brackets. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
}

export type DryRun = 'none' | 'client' | 'server';

/** The --dry-run value, or kubectl's error for a bad one. */
export function dryRunOf(inv: Invocation): DryRun | { error: string } {
  const value = inv.flags.get('dry-run');
  if (value === undefined || value === 'none') return 'none';
  if (value === 'client' || value === 'server') return value;
  return { error: `error: Invalid dry-run value (${value}). Must be "none", "server", or "client".` };
}

/** PrintFlagsWithDryRunStrategy: the suffix every printed operation gets. */
function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

/** RunCordonOrUncordon under --dry-run: the node is read, never patched. */
export function dryRunCordon(ctx: KubectlContext, node: string, dryRun: DryRun): { ok: boolean; stdout: string[]; stderr: string[] } {
  const obj = ctx.api.get('Node', undefined, node);
  if (!obj) return { ok: false, stdout: [], stderr: [`Error from server (NotFound): nodes "${node}" not found`] };
  const already = (obj['spec'] as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  return { ok: true, stdout: [`node/${node} ${already ? 'already cordoned' : 'cordoned'}${dryRunSuffix(dryRun)}`], stderr: [] };
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
  const bool = (name: string) => inv.flags.has(name) && inv.flags.get(name) !== 'false';
  const filters: FilterOptions = { force: bool('force'), emptyDirOk: bool('delete-emptydir-data'), ignoreDaemonSets: bool('ignore-daemonsets') };
  const graceText = inv.flags.get('grace-period');
  if (graceText !== undefined && !/^-?\d+$/.test(graceText)) {
    return fail(`error: invalid argument "${graceText}" for "--grace-period" flag: strconv.ParseInt: parsing "${graceText}": invalid syntax`);
  }
  // makeDeleteOptions: a negative --grace-period (the default, -1) leaves the pod's own.
  const grace = graceText !== undefined && Number(graceText) >= 0 ? Number(graceText) : undefined;

  const onNode = () => (ctx.cluster.list('Pod') as Pod[]).filter((p) => p.spec.nodeName === node);
  const listed = podsForDeletion(ctx, onNode(), filters);
  if (listed.problems.length > 0) {
    stderr.push(`error: unable to drain node "${node}" due to error: ${aggregate(listed.problems)}, continuing command...`);
    stderr.push('There are pending nodes to be drained:', ` ${node}`);
    stderr.push(...listed.problems);
    return result(1);
  }
  stderr.push(...listed.warnings);
  const dryRun = dryRunOf(inv);
  const mode = typeof dryRun === 'string' ? dryRun : 'none';
  if (mode === 'client') {
    for (const pod of listed.evict) stdout.push(`evicting pod ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name} (dry run)`);
    stdout.push(`node/${node} drained (dry run)`);
    return result(0);
  }

  const errors: string[] = [];
  // checkErr prints the evictions' aggregate one error a line; deletePods' single error as
  // StandardErrorMessage words it ("Error from server (…): …"), else with "error: ".
  const finalLines: string[] = [];
  if (bool('disable-eviction')) {
    const failed = deletePods(ctx, listed.evict, { mode, grace, globalTimeout }, stdout);
    if (failed) {
      errors.push(failed.message);
      finalLines.push(failed.reason ? `Error from server (${failed.reason}): ${failed.message}` : `error: ${failed.message}`);
    }
  } else evictPods(ctx, listed.evict, { mode, grace, globalTimeout }, stdout, stderr, errors);

  if (errors.length === 0) {
    stdout.push(`node/${node} drained${dryRunSuffix(mode)}`);
    return result(0);
  }
  const message = aggregate(errors);
  const left = podsForDeletion(ctx, onNode(), filters).evict;
  if (left.length > 0) {
    stderr.push(`There are pending pods in node "${node}" when an error occurred: ${message}`);
    for (const pod of left) stderr.push(`pod/${pod.metadata.name}`);
  }
  stderr.push(`error: unable to drain node "${node}" due to error: ${message}, continuing command...`);
  stderr.push('There are pending nodes to be drained:', ` ${node}`);
  stderr.push(...(finalLines.length > 0 ? finalLines : errors));
  return result(1);
}

interface DeleteParams {
  mode: DryRun;
  grace: number | undefined;
  globalTimeout: number;
}

/**
 * deletePods (--disable-eviction): plain DELETEs, so no PodDisruptionBudget is consulted. The first
 * failure other than NotFound ends the drain; then waitForDelete polls every second and prints
 * `pod/x deleted` as each pod goes. A server dry run deletes nothing and does not wait.
 */
function deletePods(ctx: KubectlContext, pods: Pod[], p: DeleteParams, stdout: string[]): { message: string; reason?: string } | undefined {
  for (const pod of pods) {
    const { namespace = 'default', name } = pod.metadata;
    if (p.mode === 'server') continue;
    const deleted = ctx.api.delete('Pod', namespace, name, p.grace === undefined ? {} : { gracePeriodSeconds: p.grace });
    if (!deleted.ok && deleted.error.reason !== 'NotFound') return { message: deleted.error.message, reason: deleted.error.reason };
  }
  if (p.mode === 'server') return undefined;
  ctx.engine.runQueues();
  const deadline = ctx.cluster.now() + p.globalTimeout;
  let pending = pods;
  for (;;) {
    pending = pending.filter((pod) => {
      const current = ctx.api.get('Pod', pod.metadata.namespace ?? 'default', pod.metadata.name);
      if (current && current.metadata.uid === pod.metadata.uid) return true;
      stdout.push(`pod/${pod.metadata.name} deleted`);
      return false;
    });
    if (pending.length === 0) return undefined;
    if (ctx.cluster.now() >= deadline) return { message: 'context deadline exceeded' };
    ctx.cluster.advance(Math.min(POLL_MS, deadline - ctx.cluster.now()));
  }
}

/** evictPods: one eviction loop per pod, 429s retried every 5 s, then waitForDelete. */
function evictPods(ctx: KubectlContext, pods: Pod[], p: DeleteParams, stdout: string[], stderr: string[], errors: string[]): void {
  const { mode, grace, globalTimeout } = p;
  const start = ctx.cluster.now();
  const deadline = start + globalTimeout;
  const tasks: PodTask[] = pods.map((pod) => ({ pod, phase: 'evict', at: start }));
  for (;;) {
    const now = ctx.cluster.now();
    for (const task of tasks) {
      if (task.phase !== 'evict' || task.at > now) continue;
      const { namespace = 'default', name } = task.pod.metadata;
      stdout.push(`evicting pod ${namespace}/${name}${mode === 'server' ? ' (server dry run)' : ''}`);
      if (now >= deadline) {
        errors.push(`error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${formatGoDuration(globalTimeout)}`);
        task.phase = 'done';
        continue;
      }
      const evicted = evictPod(ctx.api, namespace, name, { ...(grace === undefined ? {} : { gracePeriodSeconds: grace }), dryRun: mode === 'server' });
      ctx.engine.runQueues();
      if (evicted.ok) {
        // A server dry run does not wait for a deletion that never happens.
        task.phase = mode === 'server' ? 'done' : 'wait';
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
}
