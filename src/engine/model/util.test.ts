import { describe, expect, it } from 'vitest';
import { appended, joined, jsonEqual, jsonEqualExcept, shallowCopy } from './util.ts';

/** Equality as first written: the defined keys of both sides, counted, then compared one by one. */
function byKeyLists(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => byKeyLists(x, b[i]));
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && byKeyLists(ao[k], bo[k]));
}

describe('jsonEqual', () => {
  it.each([
    [{}, {}, true],
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [{ a: undefined }, {}, true],
    [{ a: 1 }, { b: 1 }, false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: [1, { b: null }] }, { a: [1, { b: null }] }, true],
    [{ a: [1, { b: null }] }, { a: [1, { b: 0 }] }, false],
    [[1, 2], [1, 2, 3], false],
    [[], {}, false],
    [{}, [], false],
    [null, {}, false],
    [Number.NaN, Number.NaN, false],
    ['x', 'x', true],
    [{ a: { b: { c: 'd' } } }, { a: { b: { c: 'e' } } }, false],
    [{ a: 1, b: undefined }, { a: 1, c: undefined }, true],
    [{ a: 1 }, { a: 1, c: 2 }, false],
  ])('%j vs %j → %s', (a, b, want) => {
    expect(jsonEqual(a, b)).toBe(want);
    expect(jsonEqual(b, a)).toBe(want);
  });

  it('agrees with the key-list comparison on random values', () => {
    let seed = 99;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const value = (depth: number): unknown => {
      switch (depth > 3 ? rand(4) : rand(7)) {
        case 0: return rand(3);
        case 1: return ['x', 'y', ''][rand(3)];
        case 2: return null;
        case 3: return rand(2) === 0 ? undefined : true;
        case 4: return Array.from({ length: rand(3) }, () => value(depth + 1));
        default: {
          const out: Record<string, unknown> = {};
          for (let i = rand(4); i > 0; i--) out[['a', 'b', 'c', 'd'][rand(4)] as string] = value(depth + 1);
          return out;
        }
      }
    };
    let equal = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = value(0);
      const b = rand(3) === 0 ? structuredClone(a) : value(0);
      const want = byKeyLists(a, b);
      if (want) equal++;
      expect(jsonEqual(a, b)).toBe(want);
    }
    expect(equal).toBeGreaterThan(1000);
  });
});

/** What jsonEqualExcept stands for: jsonEqual of copies made without the skipped member. */
function without(o: Record<string, unknown>, skip: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== skip));
}

describe('jsonEqualExcept', () => {
  it.each([
    [{ rv: '1', a: 1 }, { rv: '2', a: 1 }, true],
    [{ rv: '1', a: 1 }, { a: 1 }, true],
    [{ a: 1 }, { rv: undefined, a: 1 }, true],
    [{ rv: '1', a: 1 }, { rv: '1', a: 2 }, false],
    [{ rv: '1', a: 1 }, { rv: '1', a: 1, b: 0 }, false],
    [{ a: { rv: '1' } }, { a: { rv: '2' } }, false],
    [{ a: undefined, rv: 3 }, { b: undefined }, true],
  ])('%j vs %j without rv → %s', (a, b, want) => {
    expect(jsonEqual(without(a, 'rv'), without(b, 'rv'))).toBe(want);
    expect(jsonEqualExcept(a, b, 'rv')).toBe(want);
    expect(jsonEqualExcept(b, a, 'rv')).toBe(want);
  });
});

describe('shallowCopy', () => {
  it.each([
    ['plain', { b: 1, a: 'x', c: undefined, d: { e: 2 } }],
    ['empty', {}],
    ['own __proto__ key', JSON.parse('{"a":1,"__proto__":{"x":1},"b":2}') as object],
  ])('%s: the keys, order and values a spread gives', (_name, source) => {
    const copy = shallowCopy(source);
    const spread = { ...source };
    expect(copy).not.toBe(source);
    expect(Object.keys(copy)).toEqual(Object.keys(spread));
    for (const key of Object.keys(spread)) expect((copy as Record<string, unknown>)[key]).toBe((spread as Record<string, unknown>)[key]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});

describe('appended and joined', () => {
  it.each([
    [[], 'a'],
    [['a'], 'b'],
    [['a', 'b', 'c'], 'a'],
  ])('appended(%j, %j) equals concat and leaves the list alone', (list, item) => {
    const before = [...list];
    const out = appended(list, item);
    expect(out).toEqual(list.concat(item));
    expect(out).not.toBe(list);
    expect(list).toEqual(before);
  });

  it.each([
    [[], []],
    [['a'], []],
    [[], ['b']],
    [['a', 'b'], ['c', 'd']],
  ])('joined(%j, %j) equals concat', (a, b) => {
    expect(joined(a, b)).toEqual(a.concat(b));
    expect(joined(a, b)).toHaveLength(a.length + b.length);
  });

  it('appends an object item as one element', () => {
    const item = { x: 1 };
    expect(appended([{ x: 0 }], item)[1]).toBe(item);
  });
});
