/**
 * Runs one lesson step against a cluster behind a `LessonDriver`: the page's driver talks to the
 * simulation through the sim client and waits for the store's next view; the tests' driver calls the
 * engine directly and advances virtual time. Both run this same code, so what the tests check is what
 * the page does.
 */
import type { UserCommand } from '../../worker/protocol.ts';
import type { ClusterView } from '../../worker/viewModel.ts';
import type { LessonCommand, LessonStep, Observation, Text } from './types.ts';

export interface KubectlOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export interface LessonDriver {
  /** The newest view of the cluster. */
  view(): ClusterView;
  /** The next view after this call (the page: the store's next update; tests: a little later). */
  next(): Promise<ClusterView>;
  /** One console line; a `get … -w` keeps streaming rows until the next line (see `takeStream`). */
  kubectl(line: string, yaml: string): Promise<KubectlOutput>;
  /** kubectl apply -f file: the lines kubectl prints. */
  apply(yaml: string, file: string): Promise<KubectlOutput>;
  /** A fresh cluster with this YAML applied. */
  reset(yaml: string, file: string): Promise<KubectlOutput>;
  /** What a control of the page sends. */
  perform(command: UserCommand): Promise<{ ok: boolean; message: string }>;
  /** Rows a running watch printed since the last call ('' if none). */
  takeStream(): string;
}

/** A cluster with nothing in it: what came "before" a step that starts a fresh cluster. */
export const EMPTY_VIEW: ClusterView = {
  time: 0,
  sets: [],
  deployments: [],
  replicaSets: [],
  pods: [],
  claims: [],
  volumes: [],
  classes: [],
  nodes: [],
  services: [],
  events: [],
  hints: [],
};

/**
 * The view a step's outcome is compared with: the cluster as the step began, or nothing at all when
 * the step starts a fresh cluster (whose objects may even reuse the old uids: same seed).
 */
export function viewBefore(step: LessonStep, current: ClusterView): ClusterView {
  return step.commands?.some((c) => c.kind === 'reset') ? EMPTY_VIEW : current;
}

/** How a command shows in the step (the console's form). */
export function commandLine(command: LessonCommand): string {
  switch (command.kind) {
    case 'kubectl':
      return `kubectl ${command.line.replace(/^kubectl\s+/, '')}`;
    case 'apply':
    case 'reset':
      return `kubectl apply -f ${command.file}`;
  }
}

function transcript(line: string, out: KubectlOutput): string {
  const text = `${out.stdout}${out.stderr}`.replace(/\n$/, '');
  return `$ ${line}${text ? `\n${text}` : ''}\n`;
}

/**
 * Runs the step's commands in order: what a terminal would show, and the lines whose outcome was not
 * the expected one (refused when they should work, or accepted when the lesson shows a refusal).
 */
export async function runCommands(step: LessonStep, driver: LessonDriver): Promise<{ output: string; unexpected: string[] }> {
  let output = '';
  const unexpected: string[] = [];
  for (const command of step.commands ?? []) {
    const line = commandLine(command);
    let out: KubectlOutput;
    if (command.kind === 'kubectl') out = await driver.kubectl(command.line.replace(/^kubectl\s+/, ''), '');
    else if (command.kind === 'apply') out = await driver.apply(command.yaml, command.file);
    else out = await driver.reset(command.yaml, command.file);
    output += transcript(line, out);
    if ((out.code !== 0) !== (command.refused === true)) unexpected.push(`${line}: ${out.stderr || out.stdout}`);
  }
  return { output, unexpected };
}

export interface StepOutcome extends Observation {
  /** The choice the cluster showed right (questions only). */
  answer: string | undefined;
}

/** Views kept for a question's history: enough for minutes of a step at any speed. */
const MAX_HISTORY = 4000;

/**
 * Watches the cluster after the step ran (or while the learner does its action) until the action is
 * seen, `until` holds and the question can be decided; runs the probes then. `stopped()` ends it early
 * (the learner left the step): the result is then undefined.
 */
export async function observe(
  step: LessonStep,
  driver: LessonDriver,
  before: ClusterView,
  commandOutput: string,
  stopped: () => boolean = () => false
): Promise<StepOutcome | undefined> {
  const history: ClusterView[] = [];
  let output = commandOutput;
  let actionSeen = !step.action;
  for (;;) {
    const view = await driver.next();
    if (stopped()) return undefined;
    output += driver.takeStream();
    history.push(view);
    if (history.length > MAX_HISTORY) history.shift();
    if (!actionSeen && step.action?.done(before, view)) actionSeen = true;
    if (!actionSeen || (step.until && !step.until(view, before))) continue;
    let probed = '';
    for (const line of step.probe ?? []) probed += transcript(`kubectl ${line}`, await driver.kubectl(line, ''));
    if (stopped()) return undefined;
    const obs: Observation = { before, after: view, history, output: output + probed };
    const answer = step.question?.decide(obs);
    if (step.question && answer === undefined) continue;
    return { ...obs, answer };
  }
}

/** Fills `{name}` placeholders of a text. */
export function fill(text: string, params: Record<string, string> | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** Every text of a lesson step, for checks that both languages are complete. */
export function stepTexts(step: LessonStep): Text[] {
  const texts: Text[] = [step.title, step.text];
  if (step.action) texts.push(step.action.hint);
  if (step.question) texts.push(step.question.prompt, step.question.explain, ...step.question.choices.map((c) => c.label));
  return texts;
}
