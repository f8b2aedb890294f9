/**
 * The attached half of `kubectl run -i --tty` and `kubectl exec -it`, as jobs a terminal drives
 * (types.ts): RunOptions.Run waits for the pod (waitForPod, `--pod-running-timeout` 1m), prints the
 * attach warnings (AttachOptions.Run), hands the keyboard to the container's shell, prints the
 * reattach hint (reattachMessage) and, with `--rm`, deletes the pod and waits for it to go.
 */
import type { Pod } from '../model/types.ts';
import { machineFor, runInContainer } from './exec-pod.ts';
import { podSession } from './session.ts';
import type { Job, KubectlContext, Session } from './types.ts';
import { targetOf, waitForDeletion } from './wait.ts';
import { resolveKind } from '../model/kinds.ts';

export interface AttachOptions {
  namespace: string;
  name: string;
  /** The container's command (`-- nslookup web-0.nginx`), empty for the image's default (a shell here). */
  argv: string[];
  stdin: boolean;
  tty: boolean;
  rm: boolean;
  restart: string;
}

/** kubectl's attach warnings (attach.go), printed to stderr before the stream opens. */
export const ATTACH_WARNING = 'All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\n';
export const PROMPT_HINT = "If you don't see a command prompt, try pressing enter.\n";

const POD_RUNNING_TIMEOUT_MS = 60_000;

/** `kubectl exec -it POD -- sh`: the session, then `command terminated with exit code N` when the shell failed. */
export function* execSessionJob(session: Session): Job {
  const code = yield { type: 'session', session };
  if (code !== 0) yield { type: 'out', stdout: '', stderr: `command terminated with exit code ${code}\n` };
  return code;
}

function isShell(argv: string[]): boolean {
  return argv.length === 0 || (argv.length === 1 && /(^|\/)(sh|bash|ash)$/.test(argv[0] ?? ''));
}

export function* runAttachJob(ctx: KubectlContext, o: AttachOptions): Job {
  const created = ctx.api.get('Pod', o.namespace, o.name) as Pod | undefined;
  const uid = created?.metadata.uid;
  const deadline = ctx.cluster.now() + POD_RUNNING_TIMEOUT_MS;
  const current = () => {
    const pod = ctx.api.get('Pod', o.namespace, o.name) as Pod | undefined;
    return pod && pod.metadata.uid === uid ? pod : undefined;
  };
  // waitForPod: Running (or already finished), else the timeout's error.
  const started = yield {
    type: 'wait',
    label: `pod/${o.name}`,
    check: () => {
      const pod = current();
      const phase = pod?.status.phase;
      if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') return { done: true, code: 0 };
      if (!pod) return { done: true, code: 1, stderr: `Error from server (NotFound): pods "${o.name}" not found\n` };
      if (ctx.cluster.now() >= deadline) return { done: true, code: 1, stderr: 'error: timed out waiting for the condition\n' };
      return { done: false };
    },
  };
  let code = started;
  if (started === 0) {
    const pod = current() as Pod;
    const target = { pod, container: o.name, tty: o.tty };
    if (o.stdin) yield { type: 'out', stdout: '', stderr: `${ATTACH_WARNING}${PROMPT_HINT}` };
    if (o.stdin && isShell(o.argv)) {
      code = yield { type: 'session', session: podSession(ctx, target, o.argv[0] ?? 'sh', true) };
    } else {
      const m = machineFor(ctx, target);
      const argv = o.argv.length > 0 ? o.argv : ['sh'];
      const r = runInContainer(m, argv, '') ?? { stdout: '', stderr: `exec: "${argv[0] ?? ''}": executable file not found in $PATH\n`, code: 128 };
      yield { type: 'out', stdout: r.stdout, stderr: r.stderr };
      code = r.code;
    }
    if (o.restart === 'Always' && o.stdin && o.tty) {
      yield { type: 'out', stdout: `Session ended, resume using 'kubectl attach ${o.name} -c ${o.name} -i -t' command when the pod is running\n`, stderr: '' };
    }
  }
  if (o.rm) {
    const info = resolveKind('pods');
    const target = info ? targetOf(ctx, info, o.namespace, o.name) : undefined;
    const deleted = ctx.cluster.delete('Pod', o.name, { namespace: o.namespace });
    yield deleted.ok ? { type: 'out', stdout: `${deleted.message}\n`, stderr: '' } : { type: 'out', stdout: '', stderr: `${deleted.message}\n` };
    if (deleted.ok && target) yield* waitForDeletion(ctx, [target], 7 * 24 * 3_600_000);
  }
  if (started === 0 && code !== 0 && o.restart !== 'Always') {
    yield { type: 'out', stdout: '', stderr: `pod ${o.namespace}/${o.name} terminated (Error)\n` };
    return 1;
  }
  return code;
}
