/**
 * Jobs (types.ts) outside a terminal: `cluster.kubectl()` is synchronous, so a command that waits
 * runs its job here to the end, virtual time advancing to each next timer as `rollout status` does.
 */
import type { Effect, Job, KubectlContext, KubectlResult } from './types.ts';

/** Runs a job without a terminal: output gathered, waits driven by advancing virtual time to each next timer. */
export function runJobSync(ctx: KubectlContext, job: Job, first: KubectlResult = { code: 0, stdout: '', stderr: '' }, maxMs = 15 * 60_000): KubectlResult {
  let stdout = first.stdout;
  let stderr = first.stderr;
  const limit = ctx.cluster.now() + maxMs;
  let resume = 0;
  for (;;) {
    const step = job.next(resume);
    if (step.done) return { code: step.value, stdout, stderr };
    const effect: Effect = step.value;
    if (effect.type === 'out') {
      stdout += effect.stdout;
      stderr += effect.stderr;
      resume = 0;
      continue;
    }
    if (effect.type === 'session') {
      return { code: 1, stdout, stderr: `${stderr}error: an interactive session needs a terminal: run this command in the playground console or in npm run sim\n` };
    }
    for (;;) {
      const c = effect.check();
      stdout += c.stdout ?? '';
      stderr += c.stderr ?? '';
      if (c.done) {
        resume = c.code ?? 0;
        break;
      }
      const now = ctx.cluster.now();
      if (now >= limit) return { code: 1, stdout, stderr: `${stderr}error: timed out waiting for ${effect.label}\n` };
      const next = ctx.engine.nextBusyTimer();
      ctx.cluster.advance(Math.max(1, Math.min(next ? next.at - now : 1000, 1000)));
    }
  }
}

/** Hands a job to the terminal, or runs it to its end here when there is none. */
export function deferOrRun(ctx: KubectlContext, result: KubectlResult, job: () => Job): KubectlResult {
  if (ctx.defer) {
    ctx.defer(job);
    return result;
  }
  return runJobSync(ctx, job(), result);
}

