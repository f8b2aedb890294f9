/**
 * A learner's terminal: the shell around kubectl (host-shell.ts), kubectl itself, and the two things
 * a synchronous `kubectl()` cannot do alone — waiting on the cluster's clock (`delete`, `wait`,
 * `run -it`, `logs -f`, `sleep`) and handing the keyboard to a shell in a pod (`exec -it … -- sh`).
 *
 * Pure and clock-free: the console (worker) and `npm run sim` drive it. `input(line)` runs a typed
 * line (or feeds the open session); while `mode` is `busy` the driver advances virtual time and calls
 * `poll()`; `interrupt()` is Ctrl+C. Every call answers the text printed since the last call.
 */
import type { Cluster } from '../cluster.ts';
import type { Engine } from '../sim/engine.ts';
import { PodFs } from './exec-fs.ts';
import { runProgram, type Machine } from './exec-shell.ts';
import { expandWords, needsMore, parseHostLine, ShellSyntaxError, showCommand, type AndOr, type Command, type Pipeline } from './host-shell.ts';
import { isKubectlCommand, openWatchWords, runKubectlWords } from './index.ts';
import { leadingWarnings } from './terminal-order.ts';
import type { Effect, Job, Session, WaitCheck } from './types.ts';

export type TerminalMode = 'idle' | 'busy' | 'session';

export interface TerminalOutput {
  stdout: string;
  stderr: string;
  /** Both streams in the order they were printed, as a terminal shows them. */
  text: string;
}

/** One kubectl (or other program) run, with all it printed: `npm run sim`'s steps. */
export interface TerminalStep {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerminalOptions {
  /** The text of `-f NAME` (the console: the editor's YAML for any name). */
  file?: (name: string) => string | undefined;
  /** kubectl's standard input where it reads one (`-f -`): the console gives the editor's YAML. */
  stdin?: () => string;
}

/** Programs of the learner's own machine the shell runs besides kubectl (filters for pipelines). */
const HOST_FILTERS = new Set(['grep', 'head', 'tail', 'wc', 'sort', 'cat']);

const PROGRAMS = new Set(['kubectl', 'echo', 'printf', 'true', 'false', 'sleep', 'cd', 'export', 'unset', ...HOST_FILTERS]);

export class Terminal {
  private readonly vars: Record<string, string> = {};
  private status = 0;
  private job: Job | undefined;
  private waiting: Extract<Effect, { type: 'wait' }> | undefined;
  private session: Session | undefined;
  private pending = '';
  private out: TerminalOutput = { stdout: '', stderr: '', text: '' };
  /** Pipelines: stdout of all but the last command is captured here. */
  private readonly sinks: { text: string }[] = [];
  private step: TerminalStep | undefined;
  readonly steps: TerminalStep[] = [];

  private readonly cluster: Cluster;
  private readonly engine: Engine;
  private readonly options: TerminalOptions;

  constructor(cluster: Cluster, engine: Engine, options: TerminalOptions = {}) {
    this.cluster = cluster;
    this.engine = engine;
    this.options = options;
  }

  get mode(): TerminalMode {
    if (this.session) return 'session';
    return this.job ? 'busy' : 'idle';
  }

  /** What the terminal shows before the cursor: `$ `, `> ` (an unfinished line), or the pod's shell prompt. */
  get prompt(): string {
    if (this.session) return this.session.prompt;
    return this.pending ? '> ' : '$ ';
  }

  /** The exit status of the last command ($?). */
  get lastStatus(): number {
    return this.status;
  }

  /** What a busy terminal waits for (`pods/web-0`), for the console's indicator. */
  get waitingFor(): string | undefined {
    return this.waiting?.label;
  }

  input(line: string): TerminalOutput {
    if (this.session) {
      const r = this.session.input(line);
      this.emit(r.stdout, r.stderr);
      if (r.exited) {
        this.session = undefined;
        this.pump(r.code);
      }
      return this.flush();
    }
    if (this.job) return this.flush();
    const text = this.pending ? `${this.pending}\n${line}` : line;
    if (!text.trim()) return this.flush();
    if (needsMore(text)) {
      this.pending = text;
      return this.flush();
    }
    this.pending = '';
    let list: AndOr[];
    try {
      list = parseHostLine(text);
    } catch (err) {
      if (!(err instanceof ShellSyntaxError)) throw err;
      this.emit('', `bash: ${err.message}\n`);
      this.status = 2;
      return this.flush();
    }
    this.job = this.runList(list);
    this.pump(0);
    return this.flush();
  }

  /** How many waits have ended in `poll` (a driver that records sessions notes when each did). */
  waitsEnded = 0;

  /** After the clock moved: the waiting command looks again. */
  poll(): TerminalOutput {
    const waiting = this.waiting;
    if (waiting) {
      const c = waiting.check();
      this.report(c);
      if (c.done) {
        this.waitsEnded += 1;
        this.waiting = undefined;
        this.pump(c.code ?? 0);
      }
    }
    return this.flush();
  }

  /** Ctrl+C: ends the running command (and the loop around it), as SIGINT does; a pod's shell just prompts again. */
  interrupt(): TerminalOutput {
    if (this.session) {
      this.emit('^C\n', '');
      return this.flush();
    }
    if (this.pending) {
      this.pending = '';
      this.emit('^C\n', '');
      return this.flush();
    }
    if (this.job) {
      this.emit('^C\n', '');
      this.job.return(130);
      this.job = undefined;
      this.waiting = undefined;
      this.status = 130;
      this.endStep(130);
    }
    return this.flush();
  }

  /**
   * Drives a busy terminal to its end on virtual time, as `npm run sim` does: to each next timer, at
   * most a second at a time; after maxMs it presses Ctrl+C (`logs -f`, a wait without end).
   */
  runToIdle(maxMs = 15 * 60_000): TerminalOutput {
    const limit = this.cluster.now() + maxMs;
    const all: TerminalOutput = { stdout: '', stderr: '', text: '' };
    const add = (o: TerminalOutput) => {
      all.stdout += o.stdout;
      all.stderr += o.stderr;
      all.text += o.text;
    };
    add(this.flush());
    while (this.mode === 'busy') {
      const now = this.cluster.now();
      const next = this.engine.nextBusyTimer();
      // A stream without end (get -w, logs -f) is stopped once nothing more will happen, as a reader would.
      if (this.waiting?.endless && (!next || now >= limit)) {
        // The script's reader stops the stream (^C) and goes on; the stream itself did not fail.
        this.waiting = undefined;
        this.emit('^C\n', '');
        this.pump(0);
        add(this.flush());
        continue;
      }
      if (now >= limit) {
        add(this.interrupt());
        break;
      }
      this.cluster.advance(Math.max(1, Math.min(next ? next.at - now : 1000, 1000, limit - now)));
      add(this.poll());
    }
    return all;
  }

  // ------------------------------------------------------------------ running

  private flush(): TerminalOutput {
    const o = this.out;
    this.out = { stdout: '', stderr: '', text: '' };
    return o;
  }

  private emit(stdout: string, stderr: string): void {
    if (this.step) {
      this.step.stdout += stdout;
      this.step.stderr += stderr;
    }
    const sink = this.sinks[this.sinks.length - 1];
    if (sink) sink.text += stdout;
    else {
      this.out.stdout += stdout;
      this.out.text += stdout;
    }
    this.out.stderr += stderr;
    this.out.text += stderr;
  }

  private report(c: WaitCheck): void {
    if (c.stdout || c.stderr) this.emit(c.stdout ?? '', c.stderr ?? '');
  }

  /** Steps the job until it waits, opens a session, or ends. */
  private pump(resume: number): void {
    let value = resume;
    while (this.job) {
      const r = this.job.next(value);
      if (r.done) {
        this.job = undefined;
        this.status = r.value;
        return;
      }
      const effect = r.value;
      if (effect.type === 'out') {
        this.emit(effect.stdout, effect.stderr);
        value = 0;
        continue;
      }
      if (effect.type === 'session') {
        this.session = effect.session;
        return;
      }
      const c = effect.check();
      this.report(c);
      if (c.done) {
        value = c.code ?? 0;
        continue;
      }
      this.waiting = effect;
      return;
    }
  }

  private lookup = (name: string): string => {
    if (name === '?') return String(this.status);
    if (name === '$') return '1';
    if (name === '#') return '0';
    return this.vars[name] ?? '';
  };

  private *runList(list: AndOr[]): Job {
    for (const item of list) {
      this.status = yield* this.runPipeline(item.first, undefined);
      for (const next of item.rest) {
        if ((next.op === '&&') !== (this.status === 0)) continue;
        this.status = yield* this.runPipeline(next.pipeline, undefined);
      }
    }
    return this.status;
  }

  private *runPipeline(p: Pipeline, stdin: string | undefined): Job {
    let input = stdin;
    let code = 0;
    for (let idx = 0; idx < p.commands.length; idx++) {
      const cmd = p.commands[idx] as Command;
      const last = idx === p.commands.length - 1;
      if (!last) this.sinks.push({ text: '' });
      try {
        code = yield* this.runCommand(cmd, input);
      } finally {
        if (!last) input = this.sinks.pop()?.text ?? '';
      }
    }
    return code;
  }

  private *runCommand(cmd: Command, stdin: string | undefined): Job {
    if (cmd.type === 'for') {
      const items = expandWords(cmd.items, this.lookup);
      let code = 0;
      for (const item of items) {
        this.vars[cmd.name] = item;
        code = yield* this.runList(cmd.body);
      }
      return code;
    }
    let argv = expandWords(cmd.words, this.lookup);
    const assignments: [string, string][] = [];
    while (argv.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] as string)) {
      const a = argv[0] as string;
      assignments.push([a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
      argv = argv.slice(1);
    }
    if (argv.length === 0) {
      for (const [k, v] of assignments) this.vars[k] = v;
      return 0;
    }
    const shown = showCommand(cmd.source, this.lookup);
    const [name = ''] = argv;
    if (name === 'kubectl' || (!PROGRAMS.has(name) && isKubectlCommand(name))) {
      return yield* this.kubectl(name === 'kubectl' ? argv : ['kubectl', ...argv], shown, stdin);
    }
    return yield* this.program(argv, stdin);
  }

  private *kubectl(argv: string[], shown: string, piped: string | undefined): Job {
    const step: TerminalStep = { command: shown.startsWith('kubectl') ? shown : `kubectl ${shown}`, code: 0, stdout: '', stderr: '' };
    const outer = this.step;
    this.step = step;
    this.steps.push(step);
    // stdin only where kubectl reads it: `-f -` (the editor's text in the console), or a pipe.
    const readsStdin = argv.some((w, i) => ((w === '-f' || w === '--filename') && argv[i + 1] === '-') || w === '--filename=-' || w === '-f-');
    const stdin = piped ?? (readsStdin ? (this.options.stdin?.() ?? '') : '');
    const files: Record<string, string> = {};
    argv.forEach((w, i) => {
      const m = /^(?:-f|--filename)(?:=(.+))?$/.exec(w);
      if (!m) return;
      const fname = m[1] ?? argv[i + 1];
      if (fname === undefined || fname === '-') return;
      const text = this.options.file?.(fname);
      if (text !== undefined) files[fname] = text;
    });
    let deferred: (() => Job) | undefined;
    let code: number;
    try {
      // `get -w`: the rows now, then a row per change until Ctrl+C.
      const watcher = openWatchWords(this.cluster, this.engine, argv);
      if (watcher) {
        yield { type: 'out', stdout: watcher.initial.stdout, stderr: watcher.initial.stderr };
        if (watcher.initial.code !== 0) return (step.code = watcher.initial.code);
        return yield { type: 'wait', label: 'watch', endless: true, check: () => ({ done: false, stdout: watcher.poll() }) };
      }
      const result = runKubectlWords(this.cluster, this.engine, argv, files, stdin, (job) => {
        deferred = job;
      });
      this.engine.runQueues();
      // kubectl's warnings reach the terminal before its output; errors after (terminal-order.ts).
      const { warnings, rest } = leadingWarnings(argv.join(' '), result.stderr);
      if (warnings) yield { type: 'out', stdout: '', stderr: warnings };
      yield { type: 'out', stdout: result.stdout, stderr: rest };
      code = result.code;
      if (deferred && code === 0) code = yield* deferred();
    } finally {
      this.step = outer;
    }
    step.code = code;
    return code;
  }

  private endStep(code: number): void {
    if (this.step) this.step.code = code;
    this.step = undefined;
    this.sinks.length = 0;
  }

  private *program(argv: string[], stdin: string | undefined): Job {
    const [name = '', ...args] = argv;
    switch (name) {
      case 'cd':
        return 0;
      case 'export':
        for (const a of args) {
          const eq = a.indexOf('=');
          if (eq > 0) this.vars[a.slice(0, eq)] = a.slice(eq + 1);
        }
        return 0;
      case 'unset':
        for (const a of args) delete this.vars[a];
        return 0;
      case 'sleep': {
        const ms = sleepMs(args);
        if (ms === undefined) {
          yield { type: 'out', stdout: '', stderr: `sleep: invalid time interval '${args[0] ?? ''}'\n` };
          return 1;
        }
        const until = this.cluster.now() + ms;
        return yield { type: 'wait', label: `sleep ${args.join(' ')}`, check: () => ({ done: this.cluster.now() >= until, code: 0 }) };
      }
      default:
        break;
    }
    if (PROGRAMS.has(name)) {
      const r = runProgram(hostMachine(this.cluster.now()), argv, stdin ?? '', 'bash');
      if (r) {
        yield { type: 'out', stdout: r.stdout, stderr: r.stderr };
        return r.code;
      }
    }
    yield { type: 'out', stdout: '', stderr: `bash: ${name}: command not found\n` };
    return 127;
  }
}

/** `sleep 5`, `sleep 0.5`, `sleep 2m`: GNU sleep's units, summed. */
function sleepMs(args: string[]): number | undefined {
  if (args.length === 0) return undefined;
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    const unit = m[2] === 'm' ? 60_000 : m[2] === 'h' ? 3_600_000 : m[2] === 'd' ? 86_400_000 : 1000;
    total += Number(m[1]) * unit;
  }
  return total;
}

/** The learner's own machine, for `echo` and the filters of a pipeline: no files of its own. */
function hostMachine(now: number): Machine {
  return {
    fs: new PodFs([{ path: '/', store: {} }]),
    hostname: 'playground',
    fqdn: 'playground',
    ip: '127.0.0.1',
    busybox: false,
    missing: new Set(),
    env: {},
    cwd: '/',
    now,
    external: () => undefined,
  };
}
