/** Persistence over a fake storage: a full one is told apart, the draft survives, a corrupt save is reported. */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeStorage } from './fakeStorage.ts';
import * as persist from './persist.ts';

const blocked = {
  getItem: () => null,
  setItem: () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  removeItem: () => undefined,
};

afterEach(() => {
  persist.setBacking(undefined);
  persist.setScope('');
});

describe('persist', () => {
  it.each([
    ['fits', fakeStorage(), 'ok'],
    ['storage full', fakeStorage(50), 'quota'],
    ['storage blocked', blocked, 'blocked'],
  ] as const)('trySave when %s: %s', (_, storage, outcome) => {
    persist.setBacking(storage);
    expect(persist.trySave('k', 'x'.repeat(100))).toBe(outcome);
  });

  it('saves the draft first and keeps it when the snapshot does not fit; the stale snapshot goes', () => {
    const storage = fakeStorage(3_000);
    persist.setBacking(storage);
    expect(persist.saveWork('kind: old', '{"a":1}')).toEqual({ draft: 'ok', snapshot: 'ok' });
    // The new snapshot is too big: the old one is dropped (and the caller told), the draft is current.
    expect(persist.saveWork('kind: StatefulSet', JSON.stringify({ big: 'x'.repeat(5_000) }))).toEqual({ draft: 'ok', snapshot: 'quota' });
    expect(persist.load(persist.KEYS.draft)).toBe('kind: StatefulSet');
    expect(persist.load(persist.KEYS.snapshot)).toBeUndefined();
    // Larger than the page ever tries, whatever the browser would allow.
    persist.setBacking(fakeStorage());
    expect(persist.saveWork('y', 'x'.repeat(persist.MAX_SNAPSHOT_CHARS + 1)).snapshot).toBe('quota');
    expect(persist.saveWork('y', undefined).snapshot).toBe('quota');
  });

  it('the draft still lands when only the snapshot was taking the room', () => {
    const storage = fakeStorage(2_000);
    persist.setBacking(storage);
    expect(persist.trySave(persist.KEYS.snapshot, 'x'.repeat(1_900))).toBe('ok');
    const draft = 'y'.repeat(500);
    expect(persist.saveWork(draft, 'z'.repeat(2_100))).toEqual({ draft: 'ok', snapshot: 'quota' });
    expect(persist.load(persist.KEYS.draft)).toBe(draft);
  });

  it.each([
    ['not JSON', '{"objects": '],
    ['not an object', '[1,2]'],
  ])('a saved snapshot that is %s is reported and removed', (_, text) => {
    persist.setBacking(fakeStorage());
    persist.trySave(persist.KEYS.snapshot, text);
    const loaded = persist.loadSnapshot();
    expect(loaded.snapshot).toBeUndefined();
    expect(loaded.error).toEqual(expect.any(String));
    expect(persist.load(persist.KEYS.snapshot)).toBeUndefined();
    expect(persist.loadSnapshot()).toEqual({});
  });

  it("an embed's work lives apart from the full page's; lesson progress is shared", () => {
    persist.setBacking(fakeStorage());
    persist.save(persist.KEYS.yaml, 'kind: mine');
    persist.save('lessons', '{"basics":2}');
    persist.setScope('embed:storage-survives');
    expect(persist.load(persist.KEYS.yaml)).toBeUndefined();
    persist.save(persist.KEYS.yaml, 'kind: course');
    persist.save(persist.KEYS.draft, 'kind: course draft');
    expect(persist.load('lessons')).toBe('{"basics":2}');
    persist.setScope('');
    expect(persist.load(persist.KEYS.yaml)).toBe('kind: mine');
    expect(persist.load(persist.KEYS.draft)).toBeUndefined();
    persist.setScope('embed:storage-survives');
    expect(persist.load(persist.KEYS.draft)).toBe('kind: course draft');
  });
});
