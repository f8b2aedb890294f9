/**
 * `kubectl` as a learner types it: the command line is split like a shell would, flags parsed as
 * kubectl does, and the command dispatched to its module. Output and errors use kubectl's words.
 */
import type { Cluster } from '../cluster.ts';
import type { Engine } from '../sim/engine.ts';
import { API_RESOURCES_COMMANDS } from './api-resources.ts';
import { DESCRIBE_COMMANDS } from './describe.ts';
import { EXEC_COMMANDS } from './exec.ts';
import { EXPOSE_COMMANDS } from './expose.ts';
import { parseFlags } from './flags.ts';
import { GET_COMMANDS, openGetWatch } from './get.ts';
import { MUTATE_COMMANDS } from './mutate.ts';
import { ROLLOUT_COMMANDS } from './rollout.ts';
import { splitShell } from './shell.ts';
import { shortLogFlags, TERMINAL_COMMANDS } from './info.ts';
import { TAINT_COMMANDS } from './taint.ts';
import { WAIT_COMMANDS } from './wait.ts';
import { fail, type CommandHandler, type KubectlContext, type KubectlResult } from './types.ts';

/** Every command kubectl has that a StatefulSet lesson uses; modules register their handlers here. */
const COMMANDS = new Map<string, CommandHandler>();

for (const family of [GET_COMMANDS, DESCRIBE_COMMANDS, ROLLOUT_COMMANDS, MUTATE_COMMANDS, EXEC_COMMANDS, API_RESOURCES_COMMANDS, EXPOSE_COMMANDS, TAINT_COMMANDS, TERMINAL_COMMANDS, WAIT_COMMANDS]) {
  for (const [path, handler] of Object.entries(family)) COMMANDS.set(path, handler);
}

const KNOWN = [
  'get', 'describe', 'apply', 'create', 'delete', 'scale', 'patch', 'set image', 'edit', 'label', 'annotate',
  'cordon', 'uncordon', 'drain', 'rollout status', 'rollout history', 'rollout undo', 'rollout restart', 'rollout pause', 'rollout resume', 'exec', 'run',
  'version', 'cluster-info', 'api-resources', 'explain', 'logs', 'top', 'taint', 'expose', 'auth', 'config', 'wait',
];

/** Whether a word names a kubectl command (the console accepts `get pods` for `kubectl get pods`). */
export function isKubectlCommand(word: string): boolean {
  return COMMANDS.has(word) || KNOWN.some((k) => k.split(' ')[0] === word);
}

/**
 * For `kubectl get … -w` without --request-timeout (the console): the current rows now, and a
 * poll() that returns the rows of later changes. Undefined for any other command line.
 */
export function openWatch(cluster: Cluster, engine: Engine, line: string): { initial: KubectlResult; poll(): string } | undefined {
  const split = splitShell(line.trim());
  if (split.error) return undefined;
  return openWatchWords(cluster, engine, split.words);
}

/** openWatch on words a shell already split (the terminal's `get -w`). */
export function openWatchWords(cluster: Cluster, engine: Engine, argv: string[]): { initial: KubectlResult; poll(): string } | undefined {
  const words = argv[0] === 'kubectl' ? argv.slice(1) : argv;
  const parsed = parseFlags(words);
  if (parsed.error || parsed.words[0] !== 'get') return undefined;
  if (!(parsed.flags.has('watch') || parsed.flags.has('watch-only')) || parsed.flags.has('request-timeout')) return undefined;
  const ctx: KubectlContext = { cluster, engine, api: engine.api, files: {} };
  const inv = { args: parsed.words.slice(1), flags: parsed.flags, stdin: '', namespace: parsed.flags.get('namespace') ?? 'default', allNamespaces: parsed.flags.has('all-namespaces') };
  const watcher = openGetWatch(ctx, inv);
  if ('code' in watcher) return { initial: watcher, poll: () => '' };
  return watcher;
}

export function runKubectl(cluster: Cluster, engine: Engine, line: string, files: Record<string, string> = {}, stdin = ''): KubectlResult {
  const split = splitShell(line.trim());
  if (split.error) return fail(`bash: ${split.error}`, 2);
  return runKubectlWords(cluster, engine, split.words, files, stdin);
}

/** kubectl on words a shell already split; `defer` is the terminal's (terminal.ts) for commands that wait or attach. */
export function runKubectlWords(cluster: Cluster, engine: Engine, argv: string[], files: Record<string, string>, stdin: string, defer?: KubectlContext['defer']): KubectlResult {
  let words = argv;
  if (words[0] === 'kubectl') words = words.slice(1);
  words = shortLogFlags(words);
  if (words.length === 0) return fail('error: kubectl needs a command, try `kubectl get pods`');
  const parsed = parseFlags(words);
  if (parsed.error) return fail(parsed.error);
  const [first = '', second = ''] = parsed.words;
  const twoWord = `${first} ${second}`;
  let path = first;
  let args = parsed.words.slice(1);
  if (COMMANDS.has(twoWord) || (first === 'rollout' || first === 'set') ) {
    path = twoWord;
    args = parsed.words.slice(2);
  }
  const handler = COMMANDS.get(path);
  if (!handler) {
    if (KNOWN.includes(path) || KNOWN.includes(first)) return fail(`error: "kubectl ${path}" is not available in this playground yet`);
    if (first === 'rollout') return fail(`error: unknown command "${second}" for "kubectl rollout"`);
    const guess = suggest(first);
    return fail(`error: unknown command "${first}" for "kubectl"${guess ? `\n\nDid you mean this?\n\t${guess}\n` : ''}`);
  }
  const ctx: KubectlContext = { cluster, engine, api: engine.api, files };
  if (defer) ctx.defer = defer;
  const namespace = parsed.flags.get('namespace') ?? 'default';
  return handler(ctx, { args: [...args, ...(parsed.rest.length > 0 ? ['--', ...parsed.rest] : [])], flags: parsed.flags, stdin, namespace, allNamespaces: parsed.flags.has('all-namespaces') });
}

/** cobra's suggestion: the closest command within a Levenshtein distance of 2, if any. */
function suggest(word: string): string | undefined {
  let best: string | undefined;
  let bestScore = 3;
  for (const candidate of KNOWN) {
    const score = distance(word, candidate.split(' ')[0] as string);
    if (score < bestScore) {
      best = candidate.split(' ')[0] as string;
      bestScore = score;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}
