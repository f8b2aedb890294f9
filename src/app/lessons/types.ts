/**
 * A lesson is data: narrated steps that run commands in the simulated cluster (or ask the learner to
 * act in the page), then watch what the cluster does. A question is answered before its step runs
 * (predict) and judged by what the cluster shows after it (observe): `decide` reads the cluster, so
 * the verdict comes from the engine, never from a stored letter.
 */
import type { UserCommand } from '../../worker/protocol.ts';
import type { ClusterView } from '../../worker/viewModel.ts';

/** Every text a learner reads, in both languages. */
export interface Text {
  en: string;
  'zh-CN': string;
}

export type LessonCommand = (
  /** A kubectl line, as typed in the console (`get … -w` starts a watch that streams into the step). */
  | { kind: 'kubectl'; line: string }
  /** `kubectl apply -f <file>`: the YAML goes into the editor too, for the learner to read. */
  | { kind: 'apply'; file: string; yaml: string }
  /** A fresh cluster with only this YAML applied (the page's Reset): where a lesson starts. */
  | { kind: 'reset'; file: string; yaml: string }
) & {
  /** The API server refuses it, and the lesson shows why (tests check it is refused). */
  refused?: boolean;
};

/** What the learner does with a control of the page; detected from the cluster, not from the click. */
export interface UiAction {
  /** Where and what, e.g. "In Actions, mark {node} NotReady"; `{name}` placeholders come from `params`. */
  hint: Text;
  /** Values for the hint's placeholders, read from the cluster when the step begins. */
  params?(view: ClusterView): Record<string, string>;
  /** The message the control sends ("Do it for me" and the headless tests send the same). */
  command(view: ClusterView): UserCommand;
  /** Seen done: the cluster shows the action's effect (compared with the view when the step began). */
  done(before: ClusterView, now: ClusterView): boolean;
}

/** What the page saw: the cluster before the step, every view since, and the commands' output. */
export interface Observation {
  before: ClusterView;
  after: ClusterView;
  /** The views seen since the step ran, oldest first (ends with `after`). */
  history: readonly ClusterView[];
  /** The step's commands' output, then its probes' (a running watch adds its rows). */
  output: string;
}

export interface Choice {
  id: string;
  label: Text;
}

export interface Question {
  prompt: Text;
  choices: Choice[];
  /** The choice the cluster shows to be right; undefined while it cannot tell yet (keep watching). */
  decide(obs: Observation): string | undefined;
  /** The choice the narration expects: the tests check the engine agrees (the page never reads it). */
  expected: string;
  /** Said after the verdict, whatever the learner picked. */
  explain: Text;
}

export interface LessonStep {
  id: string;
  title: Text;
  text: Text;
  commands?: LessonCommand[];
  action?: UiAction;
  /**
   * The step's outcome is in once this holds (checked on every new view; pods Ready, a claim Bound…).
   * Conditions name states, never durations of image pulls or event texts.
   */
  until?(now: ClusterView, before: ClusterView): boolean;
  /** kubectl lines run once `until` holds; their output is shown and feeds the question. */
  probe?: string[];
  question?: Question;
  /** What the narration states about the step's outcome, checked by the headless tests. */
  facts?: { says: string; holds(obs: Observation): boolean }[];
}

export interface Lesson {
  id: string;
  /** The course's numbering (0: the StatefulSet Basics tutorial). */
  number: number;
  title: Text;
  summary: Text;
  steps: LessonStep[];
}
