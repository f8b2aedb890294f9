import { describe, expect, it } from 'vitest';
import { EPOCH_MS, putUnixNanoHex } from './time.ts';

/** The oracle: the UnixNano hex by exact (BigInt) arithmetic. */
function byBigInt(virtualMs: number, extra: number): string {
  return (BigInt(EPOCH_MS + Math.floor(virtualMs)) * 1000000n + BigInt(extra)).toString(16);
}

/** What putUnixNanoHex writes after a three-code prefix, and whether it left the prefix and said where it ended. */
function written(virtualMs: number, extra: number): string {
  const codes = [120, 121, 122]; // "xyz"
  const end = putUnixNanoHex(codes, 3, virtualMs, extra);
  expect(end).toBe(codes.length);
  expect(String.fromCharCode(...codes.slice(0, 3))).toBe('xyz');
  return String.fromCharCode(...codes.slice(3, end));
}

describe('putUnixNanoHex', () => {
  it.each([
    [0, 0],
    [0, 999_999],
    [1, 1],
    [20.5, 12],
    [3_600_000, 424_242],
    [86_400_000 * 400, 999_999],
    [123_456_789_012, 77],
  ])('at %d ms + %d ns writes the exact product', (ms, extra) => {
    expect(written(ms, extra)).toBe(byBigInt(ms, extra));
  });

  it('agrees with exact arithmetic across carries of the low word', () => {
    let checked = 0;
    for (let ms = 0; ms < 5_000_000; ms += 997) {
      for (const extra of [0, 1, 4_294, 65_535, 999_999]) {
        expect(written(ms, extra)).toBe(byBigInt(ms, extra));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('overwrites codes already there and ends where its digits end', () => {
    const codes = Array<number>(40).fill(63); // '?'
    const end = putUnixNanoHex(codes, 5, 42, 7);
    expect(String.fromCharCode(...codes.slice(5, end))).toBe(byBigInt(42, 7));
    expect(codes[end]).toBe(63);
  });
});
