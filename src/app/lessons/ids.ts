/**
 * The course's lesson ids, in order: all the page needs up front (checking `?lesson=` and the host
 * API's `lesson` message). The lessons themselves (index.ts, both languages) load with the Lessons
 * tab, so they stay out of the initial download; lessons.test.ts keeps this list equal to theirs.
 */
export const LESSON_IDS: readonly string[] = [
  'basics',
  'deployment-vs-statefulset',
  'headless-service',
  'ordered-scaling',
  'storage-chain',
  'storage-survives',
  'canary-partition',
  'failed-rollout',
  'primary-replica',
  'reclaim-provisioning',
  'node-failure',
];

export function isLessonId(id: string | null | undefined): id is string {
  return !!id && LESSON_IDS.includes(id);
}
