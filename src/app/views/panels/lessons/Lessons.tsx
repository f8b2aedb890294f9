/** The Lessons tab: the course's list, or the open lesson. */
import { findLesson, LESSONS } from '../../../lessons/index.ts';
import { useT } from '../../../i18n/useT.ts';
import { useAppStore } from '../../../store/index.ts';
import { selectLang } from '../../../store/selectors.ts';
import { LessonPlayer } from './LessonPlayer.tsx';

function LessonList() {
  const t = useT();
  const lang = useAppStore(selectLang);
  const progress = useAppStore((s) => s.lessonProgress);
  const openLesson = useAppStore((s) => s.openLesson);
  return (
    <div className="lessons">
      <p className="muted">{t('lessons.intro')}</p>
      <ol className="lesson-list" aria-label={t('lessons.listLabel')}>
        {LESSONS.map((lesson) => {
          const done = Math.min(progress[lesson.id] ?? 0, lesson.steps.length);
          const complete = done === lesson.steps.length;
          return (
            <li key={lesson.id} data-lesson-id={lesson.id} data-complete={complete}>
              <div className="lesson-item">
                <div className="lesson-item-text">
                  <h3 className="h4">
                    <span className="lesson-number">{lesson.number}.</span> {lesson.title[lang]}
                  </h3>
                  <p>{lesson.summary[lang]}</p>
                  <p className="muted small-text">
                    {complete ? `✓ ${t('lessons.completed')}` : t('lessons.progress', { done, total: lesson.steps.length })}
                  </p>
                </div>
                <button
                  type="button"
                  className={complete ? '' : 'primary'}
                  data-action="lesson-open"
                  aria-label={`${complete ? t('lessons.review') : done > 0 ? t('lessons.continue') : t('lessons.start')}: ${lesson.title[lang]}`}
                  onClick={() => openLesson(lesson.id, complete ? 0 : done)}
                >
                  {complete ? t('lessons.review') : done > 0 ? t('lessons.continue') : t('lessons.start')}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function Lessons() {
  const current = useAppStore((s) => s.lesson);
  const lesson = findLesson(current?.id);
  if (!current || !lesson) return <LessonList />;
  return <LessonPlayer lesson={lesson} index={Math.min(current.step, lesson.steps.length)} />;
}
