/** Tests: a localStorage stand-in that holds at most `capacity` characters (keys and values), as browsers cap an origin. */
export function fakeStorage(capacity = Infinity) {
  const items = new Map<string, string>();
  const used = () => [...items].reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      const without = used() - (items.has(key) ? key.length + (items.get(key) ?? '').length : 0);
      if (without + key.length + value.length > capacity) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
}
