/** deepClone must give exactly what the JSON round trip gives, for any value. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepClone } from './util.ts';

function roundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('deepClone', () => {
  it('equals the JSON round trip for random JSON-like values, key order included', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: false, withSparseArray: true, withDate: true, withMap: false, withSet: false, withBigInt: false }), (value) => {
        if (value === undefined) return;
        let expected: unknown;
        try {
          expected = roundTrip(value);
        } catch {
          expect(() => deepClone(value)).toThrow();
          return;
        }
        const copy = deepClone(value);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(expected));
        expect(copy).toStrictEqual(expected);
      }),
      { numRuns: 500, seed: 11 }
    );
  });

  it.each([
    ['negative zero', { a: -0 }, { a: 0 }],
    ['non-finite numbers', [Number.NaN, Infinity, -Infinity], [null, null, null]],
    ['undefined and functions', { a: undefined, b: () => 1, c: [undefined, () => 1] }, { c: [null, null] }],
    ['a Date', { at: new Date(0) }, { at: '1970-01-01T00:00:00.000Z' }],
    ['toJSON', { v: { toJSON: () => 'x' } }, { v: 'x' }],
    ['integer-like keys', { b: 1, 2: 'two', a: 0, 1: 'one' }, { 1: 'one', 2: 'two', b: 1, a: 0 }],
  ])('%s as the round trip gives it', (_name, value, expected) => {
    const copy = deepClone(value);
    expect(copy).toStrictEqual(expected);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(roundTrip(value)));
  });

  it('copies, never shares', () => {
    const value = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] } };
    const copy = deepClone(value);
    expect(copy).toEqual(value);
    expect(copy.spec).not.toBe(value.spec);
    expect(copy.spec.containers[0]).not.toBe(value.spec.containers[0]);
  });

  it('a cycle throws as the round trip does', () => {
    const value: Record<string, unknown> = {};
    value['self'] = value;
    expect(() => deepClone(value)).toThrow(TypeError);
  });
});
