import { describe, expect, it } from 'vitest';
import { addKey, deleteKey, isOnlyKey, keyList, type KeySet } from './key-sets.ts';

/** The same steps on a KeySet index and on a Map of Sets: the keys and their order must agree. */
function replay(steps: readonly (readonly ['add' | 'delete', string, string])[]): { compact: Map<string, KeySet>; plain: Map<string, Set<string>> } {
  const compact = new Map<string, KeySet>();
  const plain = new Map<string, Set<string>>();
  for (const [op, at, key] of steps) {
    if (op === 'add') {
      addKey(compact, at, key);
      let set = plain.get(at);
      if (!set) plain.set(at, (set = new Set()));
      set.add(key);
    } else {
      deleteKey(compact, at, key);
      plain.get(at)?.delete(key);
    }
  }
  return { compact, plain };
}

describe('key sets', () => {
  const cases: { name: string; steps: (readonly ['add' | 'delete', string, string])[] }[] = [
    { name: 'one key', steps: [['add', 'c', 'a']] },
    { name: 'the same key twice', steps: [['add', 'c', 'a'], ['add', 'c', 'a']] },
    { name: 'two keys keep their order', steps: [['add', 'c', 'b'], ['add', 'c', 'a']] },
    { name: 'the only key removed', steps: [['add', 'c', 'a'], ['delete', 'c', 'a']] },
    { name: 'another key removed', steps: [['add', 'c', 'a'], ['delete', 'c', 'b']] },
    { name: 'removed and added back moves to the end', steps: [['add', 'c', 'a'], ['add', 'c', 'b'], ['delete', 'c', 'a'], ['add', 'c', 'a']] },
    { name: 'a missing entry', steps: [['delete', 'c', 'a']] },
    { name: 'entries apart', steps: [['add', 'c', 'a'], ['add', 'd', 'a'], ['delete', 'c', 'a']] },
  ];
  it.each(cases)('$name', ({ steps }) => {
    const { compact, plain } = replay(steps);
    for (const at of ['c', 'd']) {
      expect(keyList(compact.get(at))).toEqual([...(plain.get(at) ?? [])]);
      for (const key of ['a', 'b']) {
        const set = plain.get(at);
        expect(isOnlyKey(compact.get(at), key)).toBe(set !== undefined && set.size === 1 && set.has(key));
      }
    }
  });
});
