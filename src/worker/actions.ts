/**
 * What each user action does to a cluster: one public engine call per command, as kubectl would.
 * The host runs them live; the session history runs the same functions when it replays a record, so a
 * replayed moment is the live one.
 */
import type { Cluster, KubectlResult, Terminal } from '../engine/index.ts';
import { assertNever, type SessionAction, type UserCommand } from './protocol.ts';

type OpResult = { ok: boolean; message: string };

export function runCommand(c: Cluster, command: UserCommand): OpResult {
  switch (command.type) {
    case 'scale':
      // Deployments through kubectl's scale path would need its scaler; the spec field is the same write.
      if (command.kind === 'Deployment') return c.patch('deploy', command.set, { spec: { replicas: command.replicas } }, { type: 'merge' });
      return c.scale('sts', command.set, command.replicas);
    case 'deletePod':
      return c.delete('pod', command.pod, command.force ? { force: true } : {});
    case 'setImage': {
      const kind = command.kind === 'Deployment' ? 'deploy' : 'sts';
      const set = c.get(kind, command.set);
      const containers = ((set?.['spec'] as { template?: { spec?: { containers?: { name: string }[] } } } | undefined)?.template?.spec?.containers ?? []).slice(0, 1);
      const name = containers[0]?.name;
      if (!name) return { ok: false, message: `${command.kind === 'Deployment' ? 'deployment' : 'statefulset'} ${command.set} has no container` };
      return c.patch(kind, command.set, { spec: { template: { spec: { containers: [{ name, image: command.image }] } } } });
    }
    case 'pauseRollout': {
      // kubectl rollout pause|resume: spec.paused.
      const out = c.kubectl(`rollout ${command.paused ? 'pause' : 'resume'} deployment/${command.deployment}`);
      if (out.code === 0) return { ok: true, message: out.stdout.trim() };
      return c.patch('deploy', command.deployment, { spec: { paused: command.paused } }, { type: 'merge' });
    }
    case 'setPartition':
      return c.patch('sts', command.set, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: command.partition } } } }, { type: 'merge' });
    case 'setStrategy':
      return c.patch(
        'sts',
        command.set,
        { spec: { updateStrategy: command.strategy === 'OnDelete' ? { type: 'OnDelete', rollingUpdate: null } : { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } } },
        { type: 'merge' }
      );
    case 'rollback': {
      if (command.kind === 'Deployment') {
        // kubectl's DeploymentRollbacker, as `kubectl rollout undo deployment/NAME --to-revision=N`.
        const out = c.kubectl(`rollout undo deployment/${command.set} --to-revision=${command.revision}`);
        return { ok: out.code === 0, message: (out.code === 0 ? out.stdout : out.stderr).trim() };
      }
      // The same StatefulSetRollbacker the console's `kubectl rollout undo` uses.
      const revision = c.get('controllerrevisions', command.revision)?.['revision'];
      if (typeof revision !== 'number') return { ok: false, message: `error: unable to find specified revision ${command.revision} in history` };
      const out = c.kubectl(`rollout undo statefulset/${command.set} --to-revision=${revision}`);
      return { ok: out.code === 0, message: (out.code === 0 ? out.stdout : out.stderr).trim() };
    }
    case 'podReadiness':
      return c.inject({ type: 'readiness', pod: command.pod, ready: command.ready });
    case 'crashPod':
      return c.inject({ type: 'crash', pod: command.pod });
    case 'evictPod':
      return c.inject({ type: 'evict', pod: command.pod });
    case 'node':
      return c.inject({ type: 'node', node: command.node, state: command.up ? 'up' : 'down' });
    case 'deleteClaim':
      return c.delete('pvc', command.claim);
    default:
      return assertNever(command);
  }
}

/** The files a kubectl line names with `-f` (all read the editor's YAML), as the console passes them. */
function filesOf(line: string, yaml: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const m of line.matchAll(/(?:^|\s)(?:-f|--filename)(?:=|\s+)(\S+)/g)) {
    const name = (m[1] ?? '').replace(/^['"]|['"]$/g, '');
    if (name !== '-') files[name] = yaml;
  }
  return files;
}

/** True when the line reads a file or stdin, so its record must keep the YAML it read. */
export function readsYaml(line: string): boolean {
  return /(?:^|\s)(?:-f|--filename)(?:=|\s|$)/.test(line);
}

export function runKubectl(c: Cluster, line: string, yaml: string): KubectlResult {
  return c.kubectl(line, { files: filesOf(line, yaml), stdin: yaml });
}

/** kubectl verbs that only read: a line with one of them is recorded only if it moved time or wrote. */
const READ_ONLY_VERBS = new Set(['get', 'describe', 'explain', 'logs', 'api-resources', 'api-versions', 'version', 'cluster-info', 'top', 'auth', 'config', 'diff', 'help', 'completion']);

/** The verb of a kubectl line (`kubectl` prefix optional, global flags before it skipped). */
export function kubectlVerb(line: string): string {
  const words = line.trim().split(/\s+/);
  if (words[0] === 'kubectl') words.shift();
  return words.find((w) => !w.startsWith('-')) ?? '';
}

export function isReadOnlyKubectl(line: string): boolean {
  return READ_ONLY_VERBS.has(kubectlVerb(line));
}

/** The console's terminal of each cluster, with the editor text its `-f` names and `-f -` read. */
export interface ConsoleTerminal {
  terminal: Terminal;
  yaml: string;
}

const terminals = new WeakMap<Cluster, ConsoleTerminal>();

/** One terminal per cluster, shared by the live console and a replay of the same cluster object. */
export function terminalFor(c: Cluster): ConsoleTerminal {
  let entry = terminals.get(c);
  if (!entry) {
    const made: ConsoleTerminal = { terminal: undefined as unknown as Terminal, yaml: '' };
    made.terminal = c.terminal({ file: () => made.yaml, stdin: () => made.yaml });
    terminals.set(c, made);
    entry = made;
  }
  return entry;
}

/**
 * A terminal action, live or replayed. Waits end on `resume` only: the live console records the
 * moment each wait ended, so a replay resumes at the same virtual time whatever its polling.
 */
export function runTerminal(c: Cluster, action: Extract<SessionAction, { type: 'terminal' }>): void {
  const entry = terminalFor(c);
  if (action.yaml !== undefined) entry.yaml = action.yaml;
  if (action.signal === 'interrupt') entry.terminal.interrupt();
  else if (action.signal === 'resume') entry.terminal.poll();
  else if (action.line !== undefined) entry.terminal.input(action.line);
}

/** Replays one recorded action (its result is what the learner saw then; replay ignores it). */
export function perform(c: Cluster, action: SessionAction): void {
  switch (action.type) {
    case 'apply':
      c.apply(action.yaml);
      return;
    case 'command':
      runCommand(c, action.command);
      return;
    case 'kubectl':
      runKubectl(c, action.line, action.yaml ?? '');
      return;
    case 'terminal':
      runTerminal(c, action);
      return;
    default:
      assertNever(action);
  }
}

/** A short label for a timeline mark: the kubectl line, or the command in kubectl's words. */
export function actionLabel(action: SessionAction): string {
  switch (action.type) {
    case 'apply':
      return 'kubectl apply -f web.yaml';
    case 'kubectl':
      return action.line.trim().startsWith('kubectl') ? action.line.trim() : `kubectl ${action.line.trim()}`;
    case 'command':
      return commandLabel(action.command);
    case 'terminal':
      return action.signal === 'interrupt' ? '^C' : action.signal === 'resume' ? '…' : `$ ${(action.line ?? '').trim()}`;
    default:
      return assertNever(action);
  }
}

const sts = (kind: string | undefined) => (kind === 'Deployment' ? 'deployment' : 'statefulset');

function commandLabel(c: UserCommand): string {
  switch (c.type) {
    case 'scale':
      return `kubectl scale ${sts(c.kind)}/${c.set} --replicas=${c.replicas}`;
    case 'deletePod':
      return `kubectl delete pod ${c.pod}${c.force ? ' --force --grace-period=0' : ''}`;
    case 'setImage':
      return `kubectl set image ${sts(c.kind)}/${c.set} *=${c.image}`;
    case 'setPartition':
      return `partition=${c.partition} (${c.set})`;
    case 'setStrategy':
      return `updateStrategy=${c.strategy} (${c.set})`;
    case 'rollback':
      return `kubectl rollout undo ${sts(c.kind)}/${c.set} (${c.revision})`;
    case 'pauseRollout':
      return `kubectl rollout ${c.paused ? 'pause' : 'resume'} deployment/${c.deployment}`;
    case 'podReadiness':
      return `${c.pod}: readiness ${c.ready ? 'passing' : 'failing'}`;
    case 'crashPod':
      return `${c.pod}: crash`;
    case 'evictPod':
      return `${c.pod}: evict`;
    case 'node':
      return `${c.node}: ${c.up ? 'up' : 'down'}`;
    case 'deleteClaim':
      return `kubectl delete pvc ${c.claim}`;
    default:
      return assertNever(c);
  }
}
