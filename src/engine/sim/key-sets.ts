/**
 * Index entries that are sets of keys, nearly always of one (a claim's one pod, a claim's one
 * volume): the key itself until a second joins, then a Set (insertion order, as a Set alone would
 * give). A Set per entry is ~100 bytes that every scavenge copies while the entry lives.
 */
export type KeySet = string | Set<string>;

export function addKey(index: Map<string, KeySet>, at: string, key: string): void {
  const keys = index.get(at);
  if (keys === undefined) index.set(at, key);
  else if (typeof keys !== 'string') keys.add(key);
  else if (keys !== key) index.set(at, new Set<string>().add(keys).add(key));
}

export function deleteKey(index: Map<string, KeySet>, at: string, key: string): void {
  const keys = index.get(at);
  if (keys === undefined) return;
  if (typeof keys !== 'string') keys.delete(key);
  else if (keys === key) index.delete(at);
}

/** Whether `key` is the entry's only key. */
export function isOnlyKey(keys: KeySet | undefined, key: string): boolean {
  return typeof keys === 'string' ? keys === key : keys !== undefined && keys.size === 1 && keys.has(key);
}

/** The entry's keys in order, as a new array. */
export function keyList(keys: KeySet | undefined): string[] {
  return keys === undefined ? [] : typeof keys === 'string' ? [keys] : [...keys];
}
