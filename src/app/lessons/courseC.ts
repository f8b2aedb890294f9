import type { Lesson } from './types.ts';
export const COURSE_C: Lesson[] = [];
