/**
 * `kubectl rollout status` in a terminal: the same watchtools.UntilWithSync loop rollout.ts runs
 * synchronously, turned into a job (types.ts) whose check() reads the object's changes since the
 * last look, so the console streams "Waiting for 1 pods to be ready..." lines as virtual time passes
 * and Ctrl+C ends it.
 */
import type { K8sObject } from '../model/types.ts';
import type { Job, KubectlContext, WaitCheck } from './types.ts';

export type StatusResult = { message: string; done: boolean; error?: string };

export interface StatusTarget {
  obj: K8sObject;
  viewer: (o: K8sObject) => StatusResult;
  /** How long this object's status may take (the flag's --timeout, or the default wait). */
  timeoutMs: number;
}

/** One object's rollout: its first status now, then one per ADDED/MODIFIED event, until done or an error. */
function* followOne(ctx: KubectlContext, t: StatusTarget, watch: boolean): Job {
  const first = t.viewer(t.obj);
  if (first.error) {
    yield { type: 'out', stdout: '', stderr: `error: ${first.error}\n` };
    return 1;
  }
  yield { type: 'out', stdout: first.message, stderr: '' };
  if (first.done || !watch) return 0;
  const kind = t.obj.kind;
  const { name } = t.obj.metadata;
  const ns = t.obj.metadata.namespace ?? 'default';
  const deadline = ctx.cluster.now() + t.timeoutMs;
  let seen = ctx.engine.state.rv;
  return yield {
    type: 'wait',
    label: `${kind.toLowerCase()}/${name}`,
    check: (): WaitCheck => {
      const current = ctx.api.get(kind, t.obj.metadata.namespace, name);
      const fresh = ctx.api.changesAfter(seen) ?? [{ time: ctx.cluster.now(), type: current ? ('MODIFIED' as const) : ('DELETED' as const), kind, name, namespace: ns, object: current ?? t.obj }];
      seen = ctx.engine.state.rv;
      let stdout = '';
      for (const change of fresh) {
        if (change.kind !== kind || change.name !== name || (change.namespace ?? 'default') !== ns) continue;
        if (change.type === 'DELETED') return { done: true, code: 1, stdout, stderr: 'error: object has been deleted\n' };
        const r = t.viewer(change.object);
        if (r.error) return { done: true, code: 1, stdout, stderr: `error: ${r.error}\n` };
        stdout += r.message;
        if (r.done) return { done: true, code: 0, stdout };
      }
      if (ctx.cluster.now() >= deadline) return { done: true, code: 1, stdout, stderr: 'error: timed out waiting for the condition\n' };
      return { done: false, stdout };
    },
  };
}

export function* rolloutStatusJob(ctx: KubectlContext, targets: StatusTarget[], watch: boolean): Job {
  for (const t of targets) {
    const code = yield* followOne(ctx, t, watch);
    if (code !== 0) return code;
  }
  return 0;
}
