/** The shapes every kubectl command module shares. */
import type { ApiServer } from '../api/server.ts';
import type { Cluster } from '../cluster.ts';
import type { Engine } from '../sim/engine.ts';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Parsed flags: `--name=value`, `--name value`, `-n value`, booleans; repeated flags keep every value. */
export interface Flags {
  get(name: string): string | undefined;
  all(name: string): string[];
  has(name: string): boolean;
  /** Flags given that the command did not ask about (for "unknown flag" errors). */
  unknown(known: readonly string[]): string[];
}

export interface Invocation {
  /** Positional words after the command path (e.g. for `get pods web-0`: ['pods', 'web-0']). */
  args: string[];
  flags: Flags;
  /** Standard input (for `apply -f -`, `create -f -`); the console passes the editor's YAML for `-f` files. */
  stdin: string;
  namespace: string;
  allNamespaces: boolean;
}

export interface KubectlContext {
  cluster: Cluster;
  engine: Engine;
  api: ApiServer;
  /** Files `-f NAME` can read (the console maps the editor's YAML to any name). */
  files: Record<string, string>;
  /**
   * Set when a terminal (console, `npm run sim`) runs the command: a command that waits (delete,
   * wait, run -it) or opens an interactive session hands the rest of its work over as a job.
   */
  defer?: (job: () => Job) => void;
}

/**
 * What a terminal job asks its driver for (terminal.ts): print, wait on the clock, or hand the keyboard
 * to a pod. An `endless` wait (`get -w`, `logs -f`) only ends with Ctrl+C; `npm run sim` presses it
 * once the cluster has nothing left to do.
 */
export type Effect =
  | { type: 'out'; stdout: string; stderr: string }
  | { type: 'wait'; label: string; check(): WaitCheck; endless?: boolean }
  | { type: 'session'; session: Session };

/** One look at a waiting condition after virtual time moved: new output, and the exit code once done. */
export interface WaitCheck {
  done: boolean;
  stdout?: string;
  stderr?: string;
  code?: number;
}

/** An interactive program in a pod (`sh` after `kubectl exec -it`): one typed line in, its output out. */
export interface Session {
  readonly prompt: string;
  input(line: string): { stdout: string; stderr: string; exited: boolean; code: number };
}

/** A terminal job: yields effects, resumed with each effect's exit code (0 for output), returns its own. */
export type Job = Generator<Effect, number, number>;

export type CommandHandler = (ctx: KubectlContext, inv: Invocation) => KubectlResult;

export function ok(stdout: string): KubectlResult {
  return { code: 0, stdout: stdout && !stdout.endsWith('\n') ? `${stdout}\n` : stdout, stderr: '' };
}

export function fail(stderr: string, code = 1, stdout = ''): KubectlResult {
  return { code, stdout, stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n` };
}
