/**
 * One lesson step in the page: predict (pick a choice), run the commands or wait for the learner's
 * action, watch the cluster until the step's outcome is in, then show the verdict the cluster gives.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClusterView } from '../../../../worker/viewModel.ts';
import { observe, runCommands } from '../../../lessons/runner.ts';
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

export function useStepRun(sim: SimClient | undefined, lessonId: string, index: number, step: LessonStep | undefined, onDone: () => void) {
  const [run, setRun] = useState<StepRun>(READY);
  const driver = useRef<PageDriver | undefined>(undefined);
  /** Bumped whenever the step changes or is left: a running watch loop with an older token stops. */
  const token = useRef(0);
  const before = useRef<ClusterView | undefined>(undefined);

  useEffect(() => {
    if (!sim) return;
    const d = pageDriver(sim);
    driver.current = d;
    return () => {
      token.current += 1;
      d.dispose();
      driver.current = undefined;
    };
  }, [sim]);

  useEffect(() => {
    token.current += 1;
    setRun(READY);
  }, [lessonId, index]);

  const watch = useCallback(
    async (from: ClusterView, output: string) => {
      const d = driver.current;
      if (!d || !step) return;
      const mine = token.current;
      setRun((r) => ({ ...r, phase: 'watching', output }));
      const outcome = await observe(step, d, from, output, () => token.current !== mine);
      if (!outcome || token.current !== mine) return;
      setRun((r) => ({ ...r, phase: 'done', output: outcome.output, answer: outcome.answer }));
      onDone();
    },
    [step, onDone]
  );

  // An action step watches for the learner's own action once the prediction is made.
  const needsChoice = !!step?.question && run.choice === undefined;
  useEffect(() => {
    if (!step?.action || run.phase !== 'ready' || needsChoice) return;
    const view = useAppStore.getState().view;
    if (!view || !driver.current) return;
    before.current = view;
    void watch(view, '');
  }, [sim, step, run.phase, needsChoice, watch]);

  const choose = (id: string) => setRun((r) => (r.phase === 'ready' ? { ...r, choice: id } : r));

  /** Runs the step's commands (or, for an action step, sends the control's message). */
  const start = async () => {
    const d = driver.current;
    const view = useAppStore.getState().view;
    if (!d || !step || !view || needsChoice) return;
    if (step.action) {
      if (run.acted) return;
      setRun((r) => ({ ...r, acted: true }));
      await d.perform(step.action.command(before.current ?? view));
      return;
    }
    if (run.phase !== 'ready') return;
    const mine = token.current;
    before.current = view;
    setRun((r) => ({ ...r, phase: 'running' }));
    const { output } = await runCommands(step, d);
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
