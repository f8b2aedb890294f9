/** The course: the StatefulSet Basics tutorial, then the ten lessons, in order. */
import { BASICS } from './basics.ts';
import { COURSE_A } from './courseA.ts';
import { COURSE_B } from './courseB.ts';
import { COURSE_C } from './courseC.ts';
import type { Lesson } from './types.ts';

export const LESSONS: readonly Lesson[] = [BASICS, ...COURSE_A, ...COURSE_B, ...COURSE_C];

export function findLesson(id: string | null | undefined): Lesson | undefined {
  return id ? LESSONS.find((l) => l.id === id) : undefined;
}

export type { Lesson, LessonStep, Question, Text } from './types.ts';
