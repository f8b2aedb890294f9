/**
 * kubectl commands that read rather than write: `version` (kubectl/pkg/cmd/version), `top` without a
 * metrics server (kubectl/pkg/cmd/top), `logs` (kubectl/pkg/cmd/logs) over what the playground's
 * containers printed (logs.ts), with `-f` following in a terminal.
 */
import type { Pod } from '../model/types.ts';
import { findPod } from './exec.ts';
import { isBusyboxImage, machineFor, runInContainer } from './exec-pod.ts';
import { hasInstance, instanceKey, instanceLines, restartCountOf } from './logs.ts';
import { EXPLAIN_COMMANDS } from './explain.ts';
import { fail, ok, type CommandHandler, type Job, type KubectlContext } from './types.ts';

/** The kubectl this playground stands in for, and the kustomize it embeds. */
export const KUBECTL_VERSION = 'v1.36.0';
const KUSTOMIZE_VERSION = 'v5.7.1';

/** version.Info as `kubectl version -o json` prints it. */
function versionInfo(v: string) {
  return { major: '1', minor: '36', gitVersion: v, gitCommit: '', gitTreeState: 'clean', buildDate: '', goVersion: 'go1.25.0', compiler: 'gc', platform: 'linux/amd64' };
}

const version: CommandHandler = (_ctx, inv) => {
  const unknown = inv.flags.unknown(['client', 'output', 'context', 'namespace']);
  if (unknown.length > 0) return fail(`error: unknown flag: ${unknown[0] ?? ''}\nSee 'kubectl version --help' for usage.`);
  const client = inv.flags.has('client') && inv.flags.get('client') !== 'false';
  const server = KUBECTL_VERSION;
  const output = inv.flags.get('output');
  if (output === 'json' || output === 'yaml') {
    const doc: Record<string, unknown> = { clientVersion: versionInfo(KUBECTL_VERSION), kustomizeVersion: KUSTOMIZE_VERSION };
    if (!client) doc['serverVersion'] = versionInfo(server);
    if (output === 'json') return ok(`${JSON.stringify(doc, null, 2)}\n`);
    const lines: string[] = [];
    for (const [k, v] of Object.entries(doc)) {
      if (typeof v === 'string') lines.push(`${k}: ${v}`);
      else {
        lines.push(`${k}:`);
        for (const [a, b] of Object.entries(v as Record<string, string>)) lines.push(`  ${a}: ${b === '' ? '""' : b}`);
      }
    }
    return ok(`${lines.join('\n')}\n`);
  }
  if (output !== undefined) return fail('error: --output must be \'yaml\' or \'json\'');
  let text = `Client Version: ${KUBECTL_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
  if (!client) text += `Server Version: ${server}\n`;
  return ok(text);
};

/** `kubectl top pod|node`: no metrics-server runs in the playground, so the Metrics API is absent. */
const top: CommandHandler = (_ctx, inv) => {
  const [what = ''] = inv.args;
  if (!['pod', 'pods', 'po', 'node', 'nodes', 'no'].includes(what)) {
    return fail(`error: unknown command "${what}" for "kubectl top"`);
  }
  return fail('error: Metrics API not available');
};

/**
 * The lines of a container instance, or the apiserver's BadRequest when there is none to read
 * (a container still waiting, `--previous` before any restart). A busybox container's own command
 * (`sh -c 'echo …; sleep 3600'`) prints once, when its output is first read.
 */
function containerLog(ctx: KubectlContext, pod: Pod, container: string, previous: boolean): { lines: string[] } | { error: string } {
  const restarts = restartCountOf(pod, container);
  const name = pod.metadata.name;
  if (previous) {
    if (restarts === 0) return { error: `Error from server (BadRequest): previous terminated container "${container}" in pod "${name}" not found` };
    return { lines: instanceLines(ctx, instanceKey(pod, container, restarts - 1)) };
  }
  const status = pod.status?.containerStatuses?.find((c) => c.name === container);
  const waiting = status?.state?.waiting;
  if (!status || (waiting && restarts === 0)) {
    const reason = waiting?.reason ?? 'ContainerCreating';
    return { error: `Error from server (BadRequest): container "${container}" in pod "${name}" is waiting to start: ${reason}` };
  }
  const key = instanceKey(pod, container, restarts);
  if (!hasInstance(ctx, key)) {
    const lines = instanceLines(ctx, key);
    const spec = pod.spec.containers.find((c) => c.name === container);
    const argv = [...((spec?.command as string[] | undefined) ?? []), ...((spec?.args as string[] | undefined) ?? [])];
    if (spec && isBusyboxImage(spec.image ?? '') && argv.length > 0 && !spec.stdin) {
      const r = runInContainer(machineFor(ctx, { pod, container, tty: false }), argv, '');
      if (r) lines.push(...`${r.stdout}${r.stderr}`.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1));
    }
  }
  return { lines: instanceLines(ctx, key) };
}

/** kubectl's `-f`/`-p` mean follow/previous for logs only; the shared flag table reads them as filename/patch. */
export function shortLogFlags(words: string[]): string[] {
  if (words[0] !== 'logs') return words;
  return words.flatMap((w) => {
    if (w === '-f') return ['--follow'];
    if (w === '-p') return ['--previous'];
    if (/^-[fp]{2}$/.test(w)) return ['--follow', '--previous'];
    return [w];
  });
}

function chooseContainer(pod: Pod, asked: string | undefined): { name: string; note: string } | string {
  if (asked !== undefined) {
    if (!pod.spec.containers.some((c) => c.name === asked) && !(pod.spec.initContainers ?? []).some((c) => c.name === asked)) {
      return `error: container ${asked} is not valid for pod ${pod.metadata.name}`;
    }
    return { name: asked, note: '' };
  }
  const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const name = pod.spec.containers.find((c) => c.name === preferred)?.name ?? pod.spec.containers[0]?.name ?? '';
  const note = pod.spec.containers.length > 1 && !preferred ? `Defaulted container "${name}" out of: ${pod.spec.containers.map((c) => c.name).join(', ')}\n` : '';
  return { name, note };
}

const logs: CommandHandler = (ctx, inv) => {
  const unknown = inv.flags.unknown(['container', 'follow', 'previous', 'tail', 'timestamps', 'namespace', 'selector', 'since', 'context']);
  if (unknown.length > 0) return fail(`error: unknown flag: ${unknown[0] ?? ''}\nSee 'kubectl logs --help' for usage.`);
  const [ref, second] = inv.args;
  if (!ref) return fail("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
  const found = findPod(ctx, ref, inv.namespace);
  if (typeof found === 'string') return fail(found);
  const pod = found;
  const chosen = chooseContainer(pod, inv.flags.get('container') ?? (second !== undefined && second !== '--' ? second : undefined));
  if (typeof chosen === 'string') return fail(chosen);
  const previous = inv.flags.has('previous') && inv.flags.get('previous') !== 'false';
  const read = containerLog(ctx, pod, chosen.name, previous);
  if ('error' in read) return fail(`${chosen.note}${read.error}`);
  const tailText = inv.flags.get('tail');
  const tail = tailText === undefined ? -1 : Number(tailText);
  let lines = read.lines;
  if (tail >= 0) lines = lines.slice(Math.max(0, lines.length - tail));
  const result = { code: 0, stdout: lines.map((l) => `${l}\n`).join(''), stderr: chosen.note };
  const follow = inv.flags.has('follow') && inv.flags.get('follow') !== 'false';
  if (follow && !previous && ctx.defer) {
    ctx.defer(() => followJob(ctx, pod, chosen.name, read.lines.length));
  }
  return result;
};

/** `logs -f`: new lines as the container prints them, until it stops or the reader presses Ctrl+C. */
function* followJob(ctx: KubectlContext, pod: Pod, container: string, seen: number): Job {
  let shown = seen;
  return yield {
    type: 'wait',
    label: `logs of ${pod.metadata.name}`,
    endless: true,
    check: () => {
      const read = containerLog(ctx, pod, container, false);
      if ('error' in read) return { done: true, code: 0 };
      const fresh = read.lines.slice(shown);
      shown = read.lines.length;
      return { done: false, stdout: fresh.map((l) => `${l}\n`).join('') };
    },
  };
}

export const TERMINAL_COMMANDS: Record<string, CommandHandler> = { version, top, logs, ...EXPLAIN_COMMANDS };
