import { describe, expect, it } from 'vitest';
import { EPOCH_MS, unixNanoHex } from './time.ts';

function byBigInt(virtualMs: number, extra: number): string {
  return (BigInt(EPOCH_MS + Math.floor(virtualMs)) * 1000000n + BigInt(extra)).toString(16);
}

describe('unixNanoHex', () => {
  it.each([
    [0, 0],
    [0, 999_999],
    [1, 1],
    [20.5, 12],
    [3_600_000, 424_242],
    [86_400_000 * 400, 999_999],
    [123_456_789_012, 77],
  ])('at %d ms + %d ns equals the exact product', (ms, extra) => {
    expect(unixNanoHex(ms, extra)).toBe(byBigInt(ms, extra));
  });

  it('agrees with exact arithmetic across carries of the low word', () => {
    let checked = 0;
    for (let ms = 0; ms < 5_000_000; ms += 997) {
      for (const extra of [0, 1, 4_294, 65_535, 999_999]) {
        expect(unixNanoHex(ms, extra)).toBe(byBigInt(ms, extra));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });
});
