/**
 * Replays a terminal script against a cluster and returns the transcript, as a terminal would show
 * it. Lines run in a learner's terminal (terminal.ts): kubectl and the shell around it (`for … done`,
 * `;`, `&&`, `||`, pipes, quotes, `$var`); commands that wait (`delete`, `wait`, `run -it`) advance
 * virtual time until done; after a command that opens a shell in a pod (`kubectl run -it …`,
 * `kubectl exec -it POD -- sh`) the following lines are typed into that shell until `exit`.
 * Besides: `# comments` (echoed), `#>` / `#!` / `#~` annotations (a tutorial's expected output and
 * notes for tests; skipped), `sleep 30` / `sleep 30s` (virtual time), `settle`, and inline files
 *   cat <<EOF > web.yaml
 *   …
 *   EOF
 * so that `kubectl apply -f web.yaml` reads them.
 */
import type { Cluster } from '../cluster.ts';
import type { TerminalOutput } from './terminal.ts';

export interface ScriptStep {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface ScriptResult {
  transcript: string;
  steps: ScriptStep[];
  /** The first failing command's exit code (0 when every command succeeded). */
  code: number;
}

function duration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
}

export function runScript(cluster: Cluster, script: string): ScriptResult {
  const lines = script.split('\n');
  const files: Record<string, string> = {};
  // A URL names the file written earlier under its last path segment (the tutorial applies
  // `https://k8s.io/examples/application/web/web.yaml`; a script writes `web.yaml` with a heredoc).
  const terminal = cluster.terminal({ file: (name) => files[name] ?? (/^https?:\/\//.test(name) ? files[name.slice(name.lastIndexOf('/') + 1)] : undefined) });
  const out: string[] = [];
  let code = 0;
  let seenSteps = 0;
  const print = (o: TerminalOutput) => {
    if (o.text) out.push(o.text.replace(/\n$/, ''));
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (/^\s*#[>!~]/.test(raw)) continue;
    if (terminal.mode === 'session') {
      // Typed into the pod's shell, prompt and all, as the terminal shows it.
      out.push(`${terminal.prompt}${raw}`);
      print(terminal.input(raw));
      print(terminal.runToIdle());
      continue;
    }
    const line = raw.replace(/^\$\s+/, '').trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      out.push(line);
      continue;
    }
    const heredoc = /^cat\s+<<-?\s*'?(\w+)'?\s*>\s*(\S+)$/.exec(line);
    if (heredoc) {
      const [, marker = 'EOF', file = ''] = heredoc;
      const body: string[] = [];
      while (++i < lines.length && (lines[i] ?? '').trim() !== marker) body.push(lines[i] ?? '');
      files[file] = `${body.join('\n')}\n`;
      continue;
    }
    if (line === 'settle') {
      cluster.settle();
      continue;
    }
    const sleep = /^sleep\s+(\S+)$/.exec(line);
    if (sleep) {
      const ms = duration(sleep[1] ?? '');
      if (Number.isFinite(ms)) cluster.advance(ms);
      continue;
    }
    out.push(`${terminal.prompt}${line}`);
    print(terminal.input(line));
    print(terminal.runToIdle());
    const failed = terminal.steps.slice(seenSteps).find((s) => s.code !== 0);
    seenSteps = terminal.steps.length;
    if (code === 0 && failed) code = failed.code;
    if (code === 0 && terminal.mode === 'idle' && terminal.lastStatus !== 0) code = terminal.lastStatus;
  }
  const steps = terminal.steps.map((s) => ({ ...s }));
  return { transcript: `${out.join('\n')}\n`, steps, code };
}
