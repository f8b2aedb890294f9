/**
 * An interactive shell in a container (`kubectl exec -it POD -- sh`, `kubectl run -it …`): the same
 * small shell `exec … -- sh -c` runs (exec-shell.ts), kept alive between lines so `cd`, variables and
 * `$?` carry over, with the prompt the image's shell shows: busybox ash `/ # ` (its `\w # `), dash
 * `# `, bash `root@web-0:/# `. `exit [N]` ends it.
 */
import { machineFor, type ExecTarget } from './exec-pod.ts';
import { Shell } from './exec-shell.ts';
import type { KubectlContext, Session } from './types.ts';

export function podSession(ctx: KubectlContext, target: ExecTarget, program: string): Session {
  const machine = machineFor(ctx, target);
  const base = program.slice(program.lastIndexOf('/') + 1);
  const name = base === 'bash' ? 'bash' : 'sh';
  const shell = new Shell(machine, name);
  const uid = target.pod.metadata.uid ?? '';
  let ended = false;
  return {
    get prompt(): string {
      const cwd = machine.cwd;
      if (name === 'bash') return `root@${machine.hostname}:${cwd === '/root' ? '~' : cwd}# `;
      return machine.busybox ? `${cwd === '/root' ? '~' : cwd} # ` : '# ';
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
      const r = shell.run(line);
      if (shell.hasExited) ended = true;
      return { stdout: r.stdout, stderr: r.stderr, exited: ended, code: r.code };
    },
  };
}
