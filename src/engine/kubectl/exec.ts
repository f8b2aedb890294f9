/**
 * `kubectl exec` and `kubectl run`: commands run inside a simulated container (exec-pod.ts gives
 * the container its files, identity and network; exec-shell.ts its shell and programs), with
 * kubectl's errors and its `command terminated with exit code N`.
 */
import { resolveKind } from '../model/kinds.ts';
import { selectorMatches } from '../model/labels.ts';
import type { LabelSelector, Pod } from '../model/types.ts';
import { machineFor, runInContainer, type ExecTarget } from './exec-pod.ts';
import { hasProgram, type ProcResult } from './exec-shell.ts';
import { unknownType } from './mutate.ts';
import { execSessionJob, runAttachJob, type AttachOptions } from './run-attach.ts';
import { podSession } from './session.ts';
import { fail, type CommandHandler, type KubectlContext, type KubectlResult } from './types.ts';

/** A deterministic 64-hex exec id (containerd's exec ids are random; the engine has no randomness to spare here). */
function execId(seed: string): string {
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

function splitCommand(args: string[]): { before: string[]; command: string[]; dashed: boolean } {
  const dd = args.indexOf('--');
  if (dd < 0) return { before: args, command: [], dashed: false };
  return { before: args.slice(0, dd), command: args.slice(dd + 1), dashed: true };
}

/** `web-0`, `pod/web-0`, `sts/web` (the first pod of the set, as kubectl's attachable-pod lookup picks). */
export function findPod(ctx: KubectlContext, ref: string, namespace: string): Pod | string {
  const slash = ref.indexOf('/');
  if (slash < 0) {
    const pod = ctx.api.get('Pod', namespace, ref) as Pod | undefined;
    return pod ?? `Error from server (NotFound): pods "${ref}" not found`;
  }
  const type = ref.slice(0, slash);
  const name = ref.slice(slash + 1);
  const info = resolveKind(type);
  if (!info) return unknownType(type);
  if (info.kind === 'Pod') {
    const pod = ctx.api.get('Pod', namespace, name) as Pod | undefined;
    return pod ?? `Error from server (NotFound): pods "${name}" not found`;
  }
  const owner = ctx.api.get(info.kind, info.namespaced ? namespace : undefined, name);
  if (!owner) {
    const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : '';
    return `Error from server (NotFound): ${group ? `${info.resource}.${group}` : info.resource} "${name}" not found`;
  }
  const spec = owner['spec'] as { selector?: LabelSelector | Record<string, string> } | undefined;
  const raw = spec?.selector;
  const selector: LabelSelector | undefined =
    raw && ('matchLabels' in raw || 'matchExpressions' in raw) ? (raw as LabelSelector) : raw ? { matchLabels: raw as Record<string, string> } : undefined;
  if (!selector) return `error: cannot attach to ${info.kind}: selector for ${info.singularQualified}/${name} is empty`;
  const pods = (ctx.cluster.list('Pod', namespace) as Pod[]).filter((p) => selectorMatches(selector, p.metadata.labels));
  const running = pods.filter((p) => p.status.phase === 'Running');
  const pick = running[0] ?? pods[0];
  return pick ?? `error: no pods found for ${info.singularQualified}/${name}`;
}

function withExit(r: ProcResult): KubectlResult {
  if (r.code === 0) return { code: 0, stdout: r.stdout, stderr: r.stderr };
  return { code: r.code, stdout: r.stdout, stderr: `${r.stderr}command terminated with exit code ${r.code}\n` };
}

function notExecutable(target: ExecTarget, argv0: string, seed: string): KubectlResult {
  const oci = `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv0}": executable file not found in $PATH: unknown`;
  if (target.tty) return { code: 126, stdout: `${oci}\n`, stderr: 'command terminated with exit code 126\n' };
  return fail(`error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId(seed)}": ${oci}`);
}

const INTERACTIVE =
  'an interactive shell needs the playground console; give the command to run instead, for example: ';

/** Runs argv in the target's container, as the exec (or attach) stream would deliver it. */
function runArgv(ctx: KubectlContext, target: ExecTarget, argv: string[], stdin: string, interactive: boolean, example: string): KubectlResult {
  const m = machineFor(ctx, target);
  const [argv0 = ''] = argv;
  if (!hasProgram(m, argv0)) {
    return notExecutable(target, argv0, `${target.pod.metadata.uid ?? ''}/${ctx.engine.state.now}/${argv.join(' ')}`);
  }
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  if ((base === 'sh' || base === 'bash') && argv.length === 1 && stdin === '' && (interactive || target.tty)) {
    if (ctx.defer && interactive) {
      ctx.defer(() => execSessionJob(podSession(ctx, target, argv0)));
      return { code: 0, stdout: '', stderr: '' };
    }
    return fail(`error: ${INTERACTIVE}${example}`);
  }
  const r = runInContainer(m, argv, stdin);
  if (!r) return notExecutable(target, argv0, `${target.pod.metadata.uid ?? ''}/${argv.join(' ')}`);
  return withExit(r);
}

const exec: CommandHandler = (ctx, inv) => {
  const { before, command, dashed } = splitCommand(inv.args);
  const [podRef] = before;
  if (!podRef) return fail('error: pod, type/name or --filename must be specified');
  if (!dashed && before.length > 1) return fail('error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  if (before.length > 1) return fail(`error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead`);
  if (command.length === 0) return fail('error: you must specify at least one command for the container');
  const found = findPod(ctx, podRef, inv.namespace);
  if (typeof found === 'string') return fail(found);
  const pod = found;
  const name = pod.metadata.name;
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') {
    return fail(`error: cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  }
  let stderr = '';
  let container = inv.flags.get('container');
  if (container !== undefined) {
    if (!pod.spec.containers.some((c) => c.name === container)) return fail(`Error from server (BadRequest): container ${container} is not valid for pod ${name}`);
  } else {
    const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    container = pod.spec.containers.find((c) => c.name === preferred)?.name ?? pod.spec.containers[0]?.name ?? '';
    if (pod.spec.containers.length > 1 && !preferred) {
      stderr = `Defaulted container "${container}" out of: ${pod.spec.containers.map((c) => c.name).join(', ')}\n`;
    }
  }
  if (!pod.spec.nodeName) return fail(`Error from server (BadRequest): pod ${name} does not have a host assigned`);
  const node = ctx.engine.state.nodes[pod.spec.nodeName];
  const rt = ctx.engine.state.pods[pod.metadata.uid ?? ''];
  if (node && !node.up) {
    const hostIP = pod.status.hostIP ?? '';
    return fail(`Error from server: error dialing backend: dial tcp ${hostIP}:10250: connect: no route to host`);
  }
  const crt = rt?.containers.find((c) => c.name === container);
  if (!rt || !crt || (rt.stage !== 'running' && rt.stage !== 'stopping')) {
    return fail(`error: unable to upgrade connection: container not found ("${container}")`);
  }
  const target: ExecTarget = { pod, container, tty: inv.flags.has('tty') };
  const result = runArgv(ctx, target, command, inv.flags.has('stdin') ? inv.stdin : '', inv.flags.has('stdin'), `kubectl exec ${name} -- sh -c 'hostname'`);
  return { ...result, stderr: stderr + result.stderr };
};

const RESTART_POLICIES: Record<string, string> = { Never: 'Never', OnFailure: 'OnFailure', Always: 'Always' };

const run: CommandHandler = (ctx, inv) => {
  const { before, command } = splitCommand(inv.args);
  const [name, ...extra] = before;
  if (!name) return fail("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const image = inv.flags.get('image');
  if (!image) return fail('error: required flag(s) "image" not set');
  const restart = RESTART_POLICIES[inv.flags.get('restart') ?? 'Always'];
  if (!restart) return fail(`error: invalid restart policy: ${inv.flags.get('restart') ?? ''}`);
  const attach = inv.flags.has('stdin') || inv.flags.has('tty');
  const rm = inv.flags.has('rm') && inv.flags.get('rm') !== 'false';
  if (rm && !attach) return fail('error: --rm should only be used for attached containers');
  const argv = [...extra, ...command];
  const labels: Record<string, string> = { run: name };
  const labelFlag = inv.flags.get('labels');
  if (labelFlag) {
    for (const pair of labelFlag.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) return fail(`error: invalid label spec: ${pair}`);
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    delete labels['run'];
  }
  const containerSpec: Record<string, unknown> = { name, image };
  if (argv.length > 0) containerSpec[inv.flags.has('command') ? 'command' : 'args'] = argv;
  const env = inv.flags.all('env').map((e) => ({ name: e.slice(0, Math.max(0, e.indexOf('='))) || e, value: e.includes('=') ? e.slice(e.indexOf('=') + 1) : '' }));
  if (env.length > 0) containerSpec['env'] = env;
  const port = inv.flags.get('port');
  if (port && /^\d+$/.test(port)) containerSpec['ports'] = [{ containerPort: Number(port) }];
  if (inv.flags.has('stdin')) {
    containerSpec['stdin'] = true;
    containerSpec['stdinOnce'] = true;
  }
  if (inv.flags.has('tty')) containerSpec['tty'] = true;
  const podObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: inv.namespace, labels },
    spec: { containers: [containerSpec], restartPolicy: restart, dnsPolicy: 'ClusterFirst' },
  };
  // In a terminal, kubectl waits for the pod and attaches (run-attach.ts).
  if (attach && ctx.defer) {
    const created = ctx.api.create(podObject as unknown as Pod);
    if (!created.ok) return fail(created.error.reason === 'Invalid' ? created.error.message : `Error from server (${created.error.reason}): ${created.error.message}`);
    ctx.engine.runQueues();
    const opts: AttachOptions = { namespace: inv.namespace, name, argv, stdin: inv.flags.has('stdin'), tty: inv.flags.has('tty'), rm, restart };
    ctx.defer(() => runAttachJob(ctx, opts));
    return { code: 0, stdout: '', stderr: '' };
  }
  // The interactive form needs a terminal: refuse before creating anything.
  const shellOnly = argv.length === 0 || (argv.length === 1 && /(^|\/)(sh|bash|ash)$/.test(argv[0] ?? ''));
  if (attach && shellOnly && inv.stdin === '') {
    return fail(`error: ${INTERACTIVE}kubectl run -i --tty --image ${image} ${name} --restart=Never --rm -- nslookup web-0.nginx`);
  }
  const created = ctx.api.create(podObject as unknown as Pod);
  if (!created.ok) {
    if (created.error.reason === 'Invalid') return fail(created.error.message);
    return fail(`Error from server (${created.error.reason}): ${created.error.message}`);
  }
  if (!attach) {
    ctx.engine.runQueues();
    return { code: 0, stdout: `pod/${name} created\n`, stderr: '' };
  }
  const pod = created.object as Pod;
  const target: ExecTarget = { pod, container: name, tty: inv.flags.has('tty') };
  const command0 = argv.length > 0 ? argv : ['sh'];
  const m = machineFor(ctx, target);
  const r = runInContainer(m, command0, inv.stdin) ?? {
    stdout: '',
    stderr: `exec: "${command0[0] ?? ''}": executable file not found in $PATH\n`,
    code: 128,
  };
  let stdout = r.stdout;
  let stderr = r.stderr;
  if (rm) {
    const deleted = ctx.cluster.delete('Pod', name, { namespace: inv.namespace });
    if (deleted.ok) stdout += `${deleted.message}\n`;
    else stderr += `${deleted.message}\n`;
  } else ctx.engine.runQueues();
  if (r.code !== 0) {
    stderr += `pod ${inv.namespace}/${name} terminated (Error)\n`;
    return { code: 1, stdout, stderr };
  }
  return { code: 0, stdout, stderr };
};

export const EXEC_COMMANDS: Record<string, CommandHandler> = { exec, run };
