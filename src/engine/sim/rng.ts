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

/** Two lower-case hex digits for every byte value. */
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function hex16(n: number): string {
  return (HEX_BYTE[(n >>> 8) & 255] as string) + (HEX_BYTE[n & 255] as string);
}

function hex32(n: number): string {
  return hex16(n >>> 16) + hex16(n);
}

/**
 * A random v4 UUID, lower-case, as the apiserver generates uids: four 32-bit draws, the version
 * nibble set to 4 and the variant to 10xx. Built from a byte table: one runs for every object and
 * Event the cluster writes.
 */
export function randomUuid(state: { rng: number }): string {
  const a = Math.floor(nextRandom(state) * 4294967296);
  const b = Math.floor(nextRandom(state) * 4294967296);
  const c = Math.floor(nextRandom(state) * 4294967296);
  const d = Math.floor(nextRandom(state) * 4294967296);
  const timeHiAndVersion = ((b & 0x0fff) | 0x4000) >>> 0;
  const clockSeq = ((((c >>> 28) & 3) | 8) << 12) | ((c >>> 16) & 0x0fff);
  return `${hex32(a)}-${hex16(b >>> 16)}-${hex16(timeHiAndVersion)}-${hex16(clockSeq)}-${hex16(c)}${hex32(d)}`;
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
