/**
 * `?lesson=ID` opens a lesson (at the step the learner had reached in it, if this was the lesson open
 * last time), and a lesson left open on the last visit reopens with the Lessons tab.
 */
import { findLesson } from '../../../lessons/index.ts';
import { useAppStore } from '../../../store/index.ts';

export function openLessonFromUrl(search: string): void {
  const store = useAppStore.getState();
  const id = new URLSearchParams(search).get('lesson');
  const lesson = findLesson(id);
  if (lesson) {
    if (store.lesson?.id !== lesson.id) store.openLesson(lesson.id, 0);
    store.setTab('lessons');
  } else if (store.lesson && findLesson(store.lesson.id)) store.setTab('lessons');
}
