/**
 * One lesson step in the page: predict (pick a choice), run the commands or wait for the learner's
 * action, watch the cluster until the step's outcome is in, then show the verdict the cluster gives.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClusterView } from '../../../../worker/viewModel.ts';
import { observe, runCommands, viewBefore } from '../../../lessons/runner.ts';
import type { LessonStep } from '../../../lessons/types.ts';
import type { SimClient } from '../../../sim/simClient.ts';
import { useAppStore } from '../../../store/index.ts';
import { pageDriver, type PageDriver } from './pageDriver.ts';

export type Phase = 'ready' | 'running' | 'watching' | 'done';

export interface StepRun {
  phase: Phase;
  choice: string | undefined;
  output: string;
  /** The choice the cluster showed right, once the step is done. */
  answer: string | undefined;
  /** The learner stopped waiting: no verdict. */
  skipped: boolean;
  /** "Do it for me" was pressed. */
  acted: boolean;
}

const READY: StepRun = { phase: 'ready', choice: undefined, output: '', answer: undefined, skipped: false, acted: false };

/** The page's driver for as long as the lesson is open: a watch started in one step streams on into the next. */
export function useLessonDriver(sim: SimClient | undefined): PageDriver | undefined {
  const [driver, setDriver] = useState<PageDriver | undefined>(undefined);
  useEffect(() => {
    if (!sim) return;
    const d = pageDriver(sim);
    setDriver(d);
    return () => {
      d.dispose();
      setDriver(undefined);
    };
  }, [sim]);
  return driver;
}

/** One step's run; the component using it is keyed by the step, so a new step starts from READY. */
export function useStepRun(driver: PageDriver | undefined, step: LessonStep, onDone: () => void) {
  const [run, setRun] = useState<StepRun>(READY);
  /** Bumped when the step is left or skipped: a watch loop with an older token stops. */
  const token = useRef(0);
  const before = useRef<ClusterView | undefined>(undefined);

  useEffect(
    () => () => {
      token.current += 1;
    },
    [driver]
  );

  const watch = useCallback(
    async (from: ClusterView, output: string) => {
      if (!driver) return;
      const mine = token.current;
      setRun((r) => ({ ...r, phase: 'watching', output }));
      const outcome = await observe(step, driver, from, output, () => token.current !== mine);
      if (!outcome || token.current !== mine) return;
      setRun((r) => ({ ...r, phase: 'done', output: outcome.output, answer: outcome.answer }));
      onDone();
    },
    [driver, step, onDone]
  );

  // An action step runs its commands (a watch, say) once the prediction is made, then waits for the
  // learner's own action (or "Do it for me").
  const needsChoice = !!step.question && run.choice === undefined;
  useEffect(() => {
    if (!step.action || run.phase !== 'ready' || needsChoice) return;
    const current = useAppStore.getState().view;
    if (!current || !driver) return;
    const view = viewBefore(step, current);
    before.current = view;
    const mine = token.current;
    setRun((r) => ({ ...r, phase: 'running' }));
    void runCommands(step, driver).then(({ output }) => {
      if (token.current === mine) void watch(view, output);
    });
  }, [driver, step, run.phase, needsChoice, watch]);

  const choose = (id: string) => setRun((r) => (r.phase === 'ready' ? { ...r, choice: id } : r));

  /** Runs the step's commands (or, for an action step, sends the control's message). */
  const start = async () => {
    const current = useAppStore.getState().view;
    if (!driver || !current || needsChoice) return;
    const view = viewBefore(step, current);
    if (step.action) {
      if (run.acted) return;
      setRun((r) => ({ ...r, acted: true }));
      await driver.perform(step.action.command(before.current ?? view));
      return;
    }
    if (run.phase !== 'ready') return;
    const mine = token.current;
    before.current = view;
    setRun((r) => ({ ...r, phase: 'running' }));
    const { output } = await runCommands(step, driver);
    if (token.current !== mine) return;
    await watch(view, output);
  };

  const skip = () => {
    token.current += 1;
    setRun((r) => ({ ...r, phase: 'done', skipped: true }));
    onDone();
  };

  return { run, choose, start, skip };
}
