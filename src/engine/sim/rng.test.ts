import { describe, expect, it } from 'vitest';
import { nextRandom, randomUuid } from './rng.ts';

/** The uuid as first written: each draw as 8 hex digits, then the version and variant digits patched into the text. */
function uuidByText(state: { rng: number }): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += Math.floor(nextRandom(state) * 4294967296).toString(16).padStart(8, '0');
  const variant = '89ab'[parseInt(s[16] ?? '0', 16) & 3] ?? '';
  s = `${s.slice(0, 12)}4${s.slice(13, 16)}${variant}${s.slice(17)}`;
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

describe('randomUuid', () => {
  it.each([0, 1, 7, 42, -1, 0x7fffffff, -0x80000000, 123456789])('matches the text-built uuid and leaves the same rng state (seed %i)', (seed) => {
    const fast = { rng: seed };
    const reference = { rng: seed };
    for (let i = 0; i < 400; i++) {
      const uuid = randomUuid(fast);
      expect(uuid).toBe(uuidByText(reference));
      expect(fast.rng).toBe(reference.rng);
    }
  });

  it('is a well-formed v4 uuid', () => {
    const state = { rng: 5 };
    for (let i = 0; i < 500; i++) expect(randomUuid(state)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
