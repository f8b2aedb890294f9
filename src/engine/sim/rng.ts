/**
 * A small seeded PRNG (mulberry32). Its whole state is one 32-bit integer kept in the cluster state,
 * so snapshots restore the exact sequence.
 */
export function nextRandom(state: { rng: number }): number {
  state.rng = (state.rng + 0x6d2b79f5) | 0;
  let t = state.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A uniformly chosen integer in [0, n). */
export function randomInt(state: { rng: number }, n: number): number {
  return Math.floor(nextRandom(state) * n);
}

/** A random v4 UUID, lower-case, as the apiserver generates uids. */
export function randomUuid(state: { rng: number }): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += Math.floor(nextRandom(state) * 4294967296).toString(16).padStart(8, '0');
  // Version 4, variant 10xx.
  s = `${s.slice(0, 12)}4${s.slice(13, 16)}${'89ab'[parseInt(s[16] ?? '0', 16) & 3]}${s.slice(17)}`;
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** apimachinery's rand.String alphabet (no vowels, no confusable digits), used for generated names. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(state: { rng: number }, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHANUMS[randomInt(state, ALPHANUMS.length)];
  return out;
}

/** rand.SafeEncodeString: maps every character through the same alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length];
  return out;
}
