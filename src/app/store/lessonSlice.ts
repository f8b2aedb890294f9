/**
 * The lesson slice: which lesson is open and at which step (`lesson`, also read by the timeline's
 * share links), and how far the learner got in each lesson. Both survive a reload (persist.ts).
 */
import type { StateCreator } from 'zustand';
import * as persist from './persist.ts';

export const LESSON_KEY = 'lessons';

export interface LessonSlice {
  /** The open lesson and its current step (0-based), or none (the list is shown). */
  lesson: { id: string; step: number } | undefined;
  /** Per lesson id: how many of its steps are done (all of them: the lesson is complete). */
  lessonProgress: Record<string, number>;
  openLesson(id: string | undefined, step?: number): void;
  setLessonStep(step: number): void;
  /** Step `step` of lesson `id` is done. */
  completeLessonStep(id: string, step: number): void;
}

interface Saved {
  lesson?: { id: string; step: number };
  progress?: Record<string, number>;
}

function readSaved(): Saved {
  try {
    const value = JSON.parse(persist.load(LESSON_KEY) ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Saved) : {};
  } catch {
    return {};
  }
}

function isPlace(value: unknown): value is { id: string; step: number } {
  const v = value as { id?: unknown; step?: unknown } | undefined;
  return typeof v?.id === 'string' && Number.isInteger(v.step) && (v.step as number) >= 0;
}

/** What the last visit left (never throws: unreadable storage is no progress). */
export function loadLessonState(): Pick<LessonSlice, 'lesson' | 'lessonProgress'> {
  const saved = readSaved();
  const progress: Record<string, number> = {};
  for (const [id, n] of Object.entries(saved.progress ?? {})) if (Number.isInteger(n) && n > 0) progress[id] = n;
  return { lesson: isPlace(saved.lesson) ? { id: saved.lesson.id, step: saved.lesson.step } : undefined, lessonProgress: progress };
}

function save(state: Pick<LessonSlice, 'lesson' | 'lessonProgress'>): void {
  const saved: Saved = { progress: state.lessonProgress };
  if (state.lesson) saved.lesson = state.lesson;
  persist.save(LESSON_KEY, JSON.stringify(saved));
}

export const createLessonSlice: StateCreator<LessonSlice, [], [], LessonSlice> = (set, get) => ({
  ...loadLessonState(),
  openLesson: (id, step = 0) => {
    set({ lesson: id === undefined ? undefined : { id, step: Math.max(0, Math.floor(step)) } });
    save(get());
  },
  setLessonStep: (step) => {
    const lesson = get().lesson;
    if (!lesson) return;
    set({ lesson: { id: lesson.id, step: Math.max(0, Math.floor(step)) } });
    save(get());
  },
  completeLessonStep: (id, step) => {
    const done = get().lessonProgress[id] ?? 0;
    if (step + 1 <= done) return;
    set({ lessonProgress: { ...get().lessonProgress, [id]: step + 1 } });
    save(get());
  },
});
