/**
 * Replays a kubectl script against a cluster and returns the transcript, as a terminal would show
 * it. Lines: `kubectl …` (or `$ kubectl …`), `# comments` (echoed), `sleep 30` / `sleep 30s`
 * (virtual time), `settle`, simple `for x in a b; do …; done` loops, and inline files:
 *   cat <<EOF > web.yaml
 *   …
 *   EOF
 * so that `kubectl apply -f web.yaml` reads them.
 */
import type { Cluster } from '../cluster.ts';
import { terminalText } from './terminal-order.ts';

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

/** Expands `for v in a b c; do CMD; CMD; done` (one line) into commands with $v / ${v} substituted. */
function expandFor(line: string): string[] | undefined {
  const m = /^for\s+(\w+)\s+in\s+(.+?);\s*do\s+(.+?);?\s*done$/.exec(line.trim());
  if (!m) return undefined;
  const [, name = '', list = '', body = ''] = m;
  const commands = body.split(/;\s*/).filter(Boolean);
  return list
    .trim()
    .split(/\s+/)
    .flatMap((value) => commands.map((c) => c.replaceAll(`\${${name}}`, value).replaceAll(`$${name}`, value)));
}

export function runScript(cluster: Cluster, script: string): ScriptResult {
  const lines = script.split('\n');
  const files: Record<string, string> = {};
  const steps: ScriptStep[] = [];
  const out: string[] = [];
  let code = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
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
    // A loop prints as the one line the user typed; its commands' output runs together as a shell's.
    out.push(`$ ${line}`);
    let text = '';
    for (const command of expandFor(line) ?? [line]) {
      if (/^echo(\s|$)/.test(command)) {
        text += `${command.slice(4).trim().replace(/^["']|["']$/g, '')}\n`;
        continue;
      }
      if (!/^kubectl(\s|$)/.test(command)) {
        const message = `sim: only kubectl commands are run here: ${command.split(/\s+/)[0] ?? ''}`;
        text += `${message}\n`;
        steps.push({ command, code: 127, stdout: '', stderr: `${message}\n` });
        if (code === 0) code = 127;
        continue;
      }
      const result = cluster.kubectl(command, { files });
      text += terminalText(command, result);
      steps.push({ command, ...result });
      if (result.code !== 0 && code === 0) code = result.code;
    }
    if (text) out.push(text.replace(/\n$/, ''));
  }
  return { transcript: `${out.join('\n')}\n`, steps, code };
}
