/**
 * `?lesson=ID` opens a lesson (at the step the learner had reached in it, if this was the lesson open
 * last time), and a lesson left open on the last visit reopens with the Lessons tab.
 */
import { isLessonId } from '../../../lessons/ids.ts';
import { useAppStore } from '../../../store/index.ts';

export function openLessonFromUrl(search: string): void {
  const store = useAppStore.getState();
  const id = new URLSearchParams(search).get('lesson');
  if (isLessonId(id)) {
    if (store.lesson?.id !== id) store.openLesson(id, 0);
    store.setTab('lessons');
  } else if (store.lesson && isLessonId(store.lesson.id)) store.setTab('lessons');
}
