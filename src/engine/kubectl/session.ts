/**
 * An interactive shell in a container (`kubectl exec -it POD -- sh`, `kubectl run -it …`): the same
 * small shell `exec … -- sh -c` runs (exec-shell.ts), kept alive between lines so `cd`, variables and
 * `$?` carry over, with the prompt the image's shell shows: busybox ash `/ # ` (its `\w # `), dash
 * `# `, bash `root@web-0:/# `. `exit [N]` ends it.
 */
import { machineFor, type ExecTarget } from './exec-pod.ts';
import { Shell } from './exec-shell.ts';
import { instanceKey, instanceLines, restartCountOf } from './logs.ts';
import type { KubectlContext, Session } from './types.ts';

/**
 * `attached`: the shell is the container's own process (`kubectl run -it`), so what the session
 * shows also goes to the container's log, as kubectl's attach notice warns.
 */
export function podSession(ctx: KubectlContext, target: ExecTarget, program: string, attached = false): Session {
  const machine = machineFor(ctx, target);
  const base = program.slice(program.lastIndexOf('/') + 1);
  const name = base === 'bash' ? 'bash' : 'sh';
  const shell = new Shell(machine, name);
  const uid = target.pod.metadata.uid ?? '';
  let ended = false;
  const prompt = (): string => {
    // Without a terminal (`exec -i` alone) the shell prints no prompt.
    if (!target.tty) return '';
    const cwd = machine.cwd;
    if (name === 'bash') return `root@${machine.hostname}:${cwd === '/root' ? '~' : cwd}# `;
    return machine.busybox ? `${cwd === '/root' ? '~' : cwd} # ` : '# ';
  };
  return {
    get prompt(): string {
      return prompt();
    },
    input(line: string) {
      if (ended) return { stdout: '', stderr: '', exited: true, code: 0 };
      // The container is gone (deleted, node down): the stream closes as the runtime kills the shell.
      const rt = ctx.engine.state.pods[uid];
      const node = rt ? ctx.engine.state.nodes[rt.node] : undefined;
      if (!rt || (rt.stage !== 'running' && rt.stage !== 'stopping') || (node && !node.up)) {
        ended = true;
        return { stdout: '', stderr: '', exited: true, code: 137 };
      }
      machine.now = ctx.engine.state.now;
      const shown = prompt();
      const r = shell.run(line);
      if (shell.hasExited) ended = true;
      if (attached) {
        const pod = target.pod;
        const log = instanceLines(ctx, instanceKey(pod, target.container, restartCountOf(pod, target.container)));
        log.push(`${shown}${line}`, ...`${r.stdout}${r.stderr}`.split('\n').slice(0, -1));
      }
      return { stdout: r.stdout, stderr: r.stderr, exited: ended, code: r.code };
    },
  };
}
