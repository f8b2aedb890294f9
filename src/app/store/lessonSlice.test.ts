/** The lesson slice keeps the open lesson and the progress across a reload (a new store over the same storage). */
import { afterEach, describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { fakeStorage } from './fakeStorage.ts';
import { createLessonSlice, LESSON_KEY, loadLessonState, type LessonSlice } from './lessonSlice.ts';
import * as persist from './persist.ts';

afterEach(() => persist.setBacking(undefined));

const newStore = () => create<LessonSlice>()((...a) => createLessonSlice(...a));

describe('the lesson slice', () => {
  it('survives a reload: the open lesson, its step and the steps done', () => {
    persist.setBacking(fakeStorage());
    const first = newStore();
    expect(first.getState().lesson).toBeUndefined();
    first.getState().openLesson('storage-survives');
    first.getState().completeLessonStep('storage-survives', 0);
    first.getState().completeLessonStep('storage-survives', 1);
    first.getState().setLessonStep(2);
    // Going back never lowers what was done.
    first.getState().completeLessonStep('storage-survives', 0);
    const second = newStore();
    expect(second.getState().lesson).toEqual({ id: 'storage-survives', step: 2 });
    expect(second.getState().lessonProgress).toEqual({ 'storage-survives': 2 });
    second.getState().openLesson(undefined);
    expect(newStore().getState().lesson).toBeUndefined();
    expect(newStore().getState().lessonProgress).toEqual({ 'storage-survives': 2 });
  });

  it.each([
    ['not JSON', '{'],
    ['a wrong shape', '{"lesson":{"id":3,"step":-1},"progress":{"a":"x","b":-2}}'],
  ])('reads %s as no progress', (_, text) => {
    const storage = fakeStorage();
    persist.setBacking(storage);
    persist.save(LESSON_KEY, text);
    expect(loadLessonState()).toEqual({ lesson: undefined, lessonProgress: {} });
  });

  it('works when storage is blocked (nothing is kept)', () => {
    persist.setBacking({
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      removeItem: () => undefined,
    });
    const store = newStore();
    store.getState().openLesson('basics', 3);
    expect(store.getState().lesson).toEqual({ id: 'basics', step: 3 });
  });
});
