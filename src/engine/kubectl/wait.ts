/**
 * Waiting as kubectl waits: `kubectl wait --for=…` (kubectl/pkg/cmd/wait), and the wait for deletion
 * `kubectl delete` makes by default (`--wait=true`, DeleteOptions.DeleteResult → wait.WaitOptions with
 * ForCondition "delete"). A wait is a job (types.ts) whose `check()` looks at the cluster after the
 * terminal's clock moved; without a terminal (cluster.kubectl) it is driven here by advancing virtual
 * time to the next timer, as `rollout status` does.
 */
import { resolveKind, type KindInfo } from '../model/kinds.ts';
import { selectorMatches, parseSelector } from '../model/labels.ts';
import type { K8sObject } from '../model/types.ts';
import { runJsonPath } from './jsonpath.ts';
import { parseGoDuration } from './rollout.ts';
import { deferOrRun } from './jobs.ts';
import { fail, type CommandHandler, type Invocation, type Job, type KubectlContext, type KubectlResult } from './types.ts';

/** What one waited-on object is: kubectl prints `pods/web-0` in its timeout errors, `pod/web-0` on success. */
export interface WaitTarget {
  info: KindInfo;
  namespace: string | undefined;
  name: string;
  /** The uid seen when the wait began: a new object of the same name is not the one waited for. */
  uid: string | undefined;
}

export function targetOf(ctx: KubectlContext, info: KindInfo, namespace: string | undefined, name: string): WaitTarget {
  const ns = info.namespaced ? namespace : undefined;
  const obj = ctx.api.get(info.kind, ns, name);
  return { info, namespace: ns, name, uid: obj?.metadata.uid };
}

function gone(ctx: KubectlContext, t: WaitTarget): boolean {
  const obj = ctx.api.get(t.info.kind, t.namespace, t.name);
  return !obj || (t.uid !== undefined && obj.metadata.uid !== t.uid);
}

/** The job of `delete --wait`: every target gone (IsDeleted), or `timed out waiting for the condition on pods/web-0`. */
export function* waitForDeletion(ctx: KubectlContext, targets: WaitTarget[], timeoutMs: number): Job {
  const deadline = ctx.cluster.now() + timeoutMs;
  const label = targets.map((t) => `${t.info.resource}/${t.name}`).join(', ');
  return yield {
    type: 'wait',
    label,
    check: () => {
      const left = targets.filter((t) => !gone(ctx, t));
      if (left.length === 0) return { done: true, code: 0 };
      if (ctx.cluster.now() >= deadline) {
        const first = left[0] as WaitTarget;
        return { done: true, code: 1, stderr: `error: timed out waiting for the condition on ${first.info.resource}/${first.name}\n` };
      }
      return { done: false };
    },
  };
}

/**
 * After `kubectl delete` in a terminal: wait.WaitOptions{ForCondition: "delete"} over what was deleted,
 * unless `--wait=false`; `--timeout` 0 means a week (DeleteOptions.Complete). Outside a terminal the
 * result stands as it was (cluster.kubectl stays immediate).
 */
export function waitAfterDelete(ctx: KubectlContext, inv: Invocation, result: KubectlResult, deleted: WaitTarget[]): KubectlResult {
  if (!ctx.defer || deleted.length === 0 || inv.flags.get('wait') === 'false') return result;
  const timeoutText = inv.flags.get('timeout') ?? '0s';
  const parsed = parseGoDuration(timeoutText);
  if (parsed === undefined) return result;
  const timeoutMs = parsed > 0 ? parsed : 7 * 24 * 3_600_000;
  ctx.defer(() => waitForDeletion(ctx, deleted, timeoutMs));
  return result;
}

// ---------------------------------------------------------------- kubectl wait

type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; type: string; value: string }
  | { kind: 'jsonpath'; path: string; value: string | undefined };

/** conditionFuncFor: `delete`, `create`, `condition=Ready[=true]`, `jsonpath='{.status.phase}'=Running`. */
function parseFor(text: string): Condition | string {
  const lower = text.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (lower.startsWith('condition=')) {
    const rest = text.slice('condition='.length);
    const eq = rest.indexOf('=');
    const type = eq >= 0 ? rest.slice(0, eq) : rest;
    const value = eq >= 0 ? rest.slice(eq + 1) : 'true';
    return { kind: 'condition', type, value };
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = text.slice('jsonpath='.length);
    const close = rest.lastIndexOf('}');
    if (close < 0) return `error: unrecognized condition: "${text}"`;
    const path = rest.slice(0, close + 1);
    const tail = rest.slice(close + 1);
    if (tail !== '' && !tail.startsWith('=')) return `error: unrecognized condition: "${text}"`;
    return { kind: 'jsonpath', path, value: tail === '' ? undefined : tail.slice(1) };
  }
  return `error: unrecognized condition: "${text}"`;
}

function met(obj: K8sObject, cond: Condition): boolean {
  if (cond.kind === 'create') return true;
  if (cond.kind === 'condition') {
    const conditions = ((obj['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []);
    const found = conditions.find((c) => c.type.toLowerCase() === cond.type.toLowerCase());
    return !!found && found.status.toLowerCase() === cond.value.toLowerCase();
  }
  if (cond.kind === 'jsonpath') {
    let value: string;
    try {
      value = runJsonPath(cond.path, obj);
    } catch {
      return false;
    }
    return cond.value === undefined ? value !== '' : value === cond.value;
  }
  return false;
}

const waitCommand: CommandHandler = (ctx, inv) => {
  const unknown = inv.flags.unknown(['for', 'timeout', 'selector', 'all', 'namespace', 'all-namespaces', 'filename', 'context']);
  if (unknown.length > 0) return fail(`error: unknown flag: ${unknown[0] ?? ''}`);
  const forText = inv.flags.get('for');
  if (forText === undefined) return fail('error: --for must be specified');
  const cond = parseFor(forText);
  if (typeof cond === 'string') return fail(cond);
  const timeoutText = inv.flags.get('timeout') ?? '30s';
  const timeoutMs = parseGoDuration(timeoutText);
  if (timeoutMs === undefined) return fail(`error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"`);
  // Resource arguments: TYPE/NAME…, or TYPE NAME…, or TYPE with -l/--all.
  const targets: WaitTarget[] = [];
  const selector = inv.flags.get('selector');
  const all = inv.flags.has('all') && inv.flags.get('all') !== 'false';
  const args = inv.args;
  if (args.length === 0) return fail("error: resource(s) were provided, but no name was specified\nSee 'kubectl wait -h' for help and examples");
  const ns = inv.namespace;
  let notFound = '';
  const addNamed = (info: KindInfo, name: string) => {
    const t = targetOf(ctx, info, ns, name);
    if (!t.uid && cond.kind !== 'delete' && cond.kind !== 'create') {
      const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : '';
      notFound += `Error from server (NotFound): ${group ? `${info.resource}.${group}` : info.resource} "${name}" not found\n`;
      return;
    }
    targets.push(t);
  };
  if (args.every((a) => a.includes('/'))) {
    for (const a of args) {
      const info = resolveKind(a.slice(0, a.indexOf('/')));
      if (!info) return fail(`error: the server doesn't have a resource type "${a.slice(0, a.indexOf('/'))}"`);
      addNamed(info, a.slice(a.indexOf('/') + 1));
    }
  } else {
    const [type = '', ...names] = args;
    const info = resolveKind(type);
    if (!info) return fail(`error: the server doesn't have a resource type "${type}"`);
    if (names.length > 0) for (const n of names) addNamed(info, n);
    else if (selector !== undefined || all) {
      const parsed = selector !== undefined ? parseSelector(selector) : undefined;
      if (selector !== undefined && !parsed) return fail(`error: unable to parse requirement: ${selector}`);
      const listed = ctx.api.list(info.kind, info.namespaced ? ns : undefined).filter((o) => !parsed || selectorMatches(parsed, o.metadata.labels));
      if (listed.length === 0) return fail('error: no matching resources found');
      for (const o of listed) targets.push(targetOf(ctx, info, ns, o.metadata.name));
    } else return fail("error: resource(s) were provided, but no name was specified\nSee 'kubectl wait -h' for help and examples");
  }
  if (notFound) return fail(notFound);
  const first: KubectlResult = { code: 0, stdout: '', stderr: '' };
  return deferOrRun(ctx, first, () => waitJob(ctx, targets, cond, timeoutMs));
};

/** One wait per object, in order, as WaitOptions.RunWait visits them; `pod/web-0 condition met` for each. */
function* waitJob(ctx: KubectlContext, targets: WaitTarget[], cond: Condition, timeoutMs: number): Job {
  const deadline = ctx.cluster.now() + timeoutMs;
  let code = 0;
  for (const t of targets) {
    const shown = `${t.info.singularQualified}/${t.name}`;
    const result = yield {
      type: 'wait',
      label: shown,
      check: () => {
        const obj = ctx.api.get(t.info.kind, t.namespace, t.name);
        const ok = cond.kind === 'delete' ? gone(ctx, t) : !!obj && (t.uid === undefined || cond.kind === 'create' || obj.metadata.uid === t.uid) && met(obj, cond);
        if (ok) return { done: true, code: 0, stdout: `${shown} condition met\n` };
        if (ctx.cluster.now() >= deadline) {
          return { done: true, code: 1, stderr: `error: timed out waiting for the condition on ${t.info.resource}/${t.name}\n` };
        }
        return { done: false };
      },
    };
    if (result !== 0) code = result;
    if (result !== 0) break;
  }
  return code;
}

export const WAIT_COMMANDS: Record<string, CommandHandler> = { wait: waitCommand };
