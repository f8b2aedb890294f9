/** One open lesson: its current step, the prediction, the run, the cluster's verdict, and going on. */
import { useCallback, useEffect, useRef } from 'react';
import { LESSONS } from '../../../lessons/index.ts';
import { commandLine, fill } from '../../../lessons/runner.ts';
import type { Lesson, LessonStep } from '../../../lessons/types.ts';
import { useT } from '../../../i18n/useT.ts';
import { useSim } from '../../../sim/context.ts';
import { useAppStore } from '../../../store/index.ts';
import { selectLang, selectPlaying } from '../../../store/selectors.ts';
import type { PageDriver } from './pageDriver.ts';
import { useLessonDriver, useStepRun, type StepRun } from './useStepRun.ts';

function Commands({ step }: { step: LessonStep }) {
  const t = useT();
  if (!step.commands?.length) return null;
  return (
    <pre className="step-commands">
      {step.commands.map((c) => `$ ${commandLine(c)}${c.kind === 'reset' ? `   # ${t('lessons.freshCluster')}` : ''}`).join('\n')}
    </pre>
  );
}

function Question({ step, run, choose }: { step: LessonStep; run: StepRun; choose(id: string): void }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const q = step.question;
  if (!q) return null;
  const locked = run.phase !== 'ready' || (!!step.action && run.choice !== undefined);
  const verdict = run.phase === 'done' && !run.skipped ? (run.choice === run.answer ? 'right' : 'wrong') : undefined;
  const answer = q.choices.find((c) => c.id === run.answer);
  return (
    <fieldset className="lesson-question">
      <legend>
        <span className="badge">{t('lessons.question')}</span> {q.prompt[lang]}
      </legend>
      <div className="choices" role="group">
        {q.choices.map((c) => (
          <button
            key={c.id}
            type="button"
            data-choice={c.id}
            aria-pressed={run.choice === c.id}
            disabled={locked && run.choice !== c.id}
            className={`choice${run.choice === c.id ? ' chosen' : ''}${verdict && c.id === run.answer ? ' answer' : ''}`}
            onClick={() => !locked && choose(c.id)}
          >
            {c.label[lang]}
          </button>
        ))}
      </div>
      {run.phase === 'ready' && run.choice === undefined ? <p className="muted small-text">{t('lessons.predict')}</p> : null}
      {verdict ? (
        <div className={`verdict ${verdict}`} data-verdict={verdict} role="status">
          <p>
            <strong>{verdict === 'right' ? `✓ ${t('lessons.right')}` : `✗ ${t('lessons.wrong', { answer: answer?.label[lang] ?? run.answer ?? '' })}`}</strong>
          </p>
          <p>{q.explain[lang]}</p>
        </div>
      ) : null}
    </fieldset>
  );
}

function Finished({ lesson }: { lesson: Lesson }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const openLesson = useAppStore((s) => s.openLesson);
  const next = LESSONS[LESSONS.indexOf(lesson) + 1];
  return (
    <div className="lesson-step" data-lesson-finished={lesson.id}>
      <p role="status">
        <strong>✓ {t('lessons.done')}</strong>
      </p>
      <div className="row">
        {next ? (
          <button type="button" className="primary" data-action="lesson-open" onClick={() => openLesson(next.id)}>
            {t('lessons.nextLesson', { title: next.title[lang] })}
          </button>
        ) : null}
        <button type="button" data-action="lesson-list" onClick={() => openLesson(undefined)}>
          {t('lessons.all')}
        </button>
        <button type="button" onClick={() => openLesson(lesson.id, 0)}>
          {t('lessons.startOver')}
        </button>
      </div>
    </div>
  );
}

/** Set by Next/Previous: the next step card takes the focus when it mounts. */
let movedByLearner = false;

function StepCard({ lesson, index, step, driver }: { lesson: Lesson; index: number; step: LessonStep; driver: PageDriver | undefined }) {
  const t = useT();
  const lang = useAppStore(selectLang);
  const playing = useAppStore(selectPlaying);
  const view = useAppStore((s) => s.view);
  const setLessonStep = useAppStore((s) => s.setLessonStep);
  const completeLessonStep = useAppStore((s) => s.completeLessonStep);
  const onDone = useCallback(() => completeLessonStep(lesson.id, index), [completeLessonStep, lesson.id, index]);
  const { run, choose, start, skip } = useStepRun(driver, step, onDone);
  const heading = useRef<HTMLHeadingElement>(null);

  // Keyboard and screen-reader users land on the new step's title when they move between steps.
  useEffect(() => {
    if (!movedByLearner) return;
    movedByLearner = false;
    heading.current?.focus();
  }, []);
  const go = (to: number) => {
    movedByLearner = true;
    setLessonStep(to);
  };

  const last = index === lesson.steps.length - 1;
  const waitingForChoice = !!step.question && run.choice === undefined;
  let label: string;
  let onNext: (() => void) | undefined;
  if (run.phase === 'done') {
    label = last ? t('lessons.finish') : t('lessons.next');
    onNext = () => go(index + 1);
  } else if (step.action) {
    label = t('lessons.doIt');
    onNext = waitingForChoice || run.acted || run.phase === 'running' || !driver ? undefined : () => void start();
  } else if (run.phase === 'ready') {
    label = t('lessons.run');
    onNext = waitingForChoice || !driver || !view ? undefined : () => void start();
  } else {
    label = run.phase === 'running' ? t('lessons.running') : t('lessons.watching');
  }
  const params = step.action?.params && view ? step.action.params(view) : undefined;

  return (
    <section className="lesson-step" data-lesson-step={index + 1} data-step-id={step.id} data-phase={run.phase} aria-labelledby="lesson-step-title">
      <h4 id="lesson-step-title" ref={heading} tabIndex={-1}>
        {step.title[lang]}
      </h4>
      <p>{step.text[lang]}</p>
      <Commands step={step} />
      {step.action ? (
        <p className="lesson-action">
          <strong>{t('lessons.yourTurn')}</strong> {fill(step.action.hint[lang], params)}
        </p>
      ) : null}
      <Question step={step} run={run} choose={choose} />
      {run.phase === 'watching' || run.phase === 'running' ? (
        <p className="lesson-status" role="status">
          {playing ? t('lessons.watching') : t('lessons.paused')}
        </p>
      ) : null}
      {run.skipped ? <p className="muted small-text">{t('lessons.skipped')}</p> : null}
      {run.output ? (
        <pre className="console-log step-output" data-lesson-output="" aria-label={t('lessons.output')}>
          {run.output.replace(/\n$/, '')}
        </pre>
      ) : null}
      <div className="row lesson-controls">
        {/* aria-disabled, not disabled: the button keeps the keyboard focus while the cluster is watched. */}
        <button type="button" className="primary" data-action="lesson-next" aria-disabled={!onNext} onClick={() => onNext?.()}>
          {label}
        </button>
        {run.phase === 'watching' ? (
          <button type="button" data-action="lesson-skip" onClick={skip}>
            {t('lessons.skip')}
          </button>
        ) : null}
        {index > 0 ? (
          <button type="button" data-action="lesson-prev" onClick={() => go(index - 1)}>
            {t('lessons.prev')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

export function LessonPlayer({ lesson, index }: { lesson: Lesson; index: number }) {
  const t = useT();
  const sim = useSim();
  const lang = useAppStore(selectLang);
  const openLesson = useAppStore((s) => s.openLesson);
  const driver = useLessonDriver(sim);
  const step = lesson.steps[index];
  const total = lesson.steps.length;
  return (
    <div className="lessons" data-lesson={lesson.id}>
      <div className="lesson-head">
        <button type="button" className="small" data-action="lesson-list" onClick={() => openLesson(undefined)}>
          ← {t('lessons.all')}
        </button>
        <h3 className="h4">
          {lesson.number}. {lesson.title[lang]}
        </h3>
        {step ? <span className="muted small-text">{t('lessons.stepOf', { n: index + 1, total })}</span> : null}
      </div>
      <progress className="lesson-progress" max={total} value={index} aria-label={t('lessons.stepOf', { n: Math.min(index + 1, total), total })} />
      {step ? <StepCard key={`${lesson.id}/${index}`} lesson={lesson} index={index} step={step} driver={driver} /> : <Finished lesson={lesson} />}
    </div>
  );
}
