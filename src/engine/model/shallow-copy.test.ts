/** shallowCopy against the object spread it replaces: same own keys, same order, same values, no prototype change. */
import { describe, expect, it } from 'vitest';
import { shallowCopy } from './util.ts';

const cases: { readonly name: string; readonly source: () => object | undefined }[] = [
  { name: 'undefined', source: () => undefined },
  { name: 'empty', source: () => ({}) },
  { name: 'plain keys in insertion order', source: () => ({ b: 1, a: { nested: true }, c: [1, 2] }) },
  { name: 'integer-like keys first, as every object orders them', source: () => ({ z: 1, 10: 'ten', 2: 'two' }) },
  { name: 'an own __proto__ key from JSON', source: () => JSON.parse('{"a":1,"__proto__":{"polluted":true},"b":2}') as object },
  { name: 'a frozen object', source: () => Object.freeze({ containers: [], hostname: 'web-0' }) },
  { name: 'inherited keys are left out', source: () => Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }) },
];

describe('shallowCopy', () => {
  it.each(cases)('copies $name as {...source} does', ({ source }) => {
    const from = source();
    const copy = shallowCopy(from);
    const spread = { ...from };
    expect(Object.keys(copy)).toEqual(Object.keys(spread));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(spread));
    for (const key of Object.keys(spread)) expect((copy as Record<string, unknown>)[key]).toBe((spread as Record<string, unknown>)[key]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.isFrozen(copy)).toBe(false);
    if (from) expect(copy).not.toBe(from);
  });

  it('takes properties added afterwards after the copied ones', () => {
    const copy = shallowCopy({ a: 1 }) as Record<string, unknown>;
    copy['b'] = 2;
    copy['a'] = 3;
    expect(Object.entries(copy)).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });
});
