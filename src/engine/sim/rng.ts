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

/** Character codes of the lower-case hex digits. */
const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
/** The character codes of the uuid being built: hyphens stay at 8, 13, 18 and 23. */
const uuidCodes: number[] = Array.from({ length: 36 }, () => 45);

/** Writes `n` as `digits` hex digits at `at` in uuidCodes. */
function putHex(at: number, n: number, digits: number): void {
  for (let i = at + digits - 1; i >= at; i--) {
    uuidCodes[i] = HEX_CODES[n & 15] as number;
    n >>>= 4;
  }
}

/**
 * A random v4 UUID, lower-case, as the apiserver generates uids: four 32-bit draws, the version
 * nibble set to 4 and the variant to 10xx. Built as one string from character codes: one runs for
 * every object and Event the cluster writes.
 */
export function randomUuid(state: { rng: number }): string {
  const a = Math.floor(nextRandom(state) * 4294967296);
  const b = Math.floor(nextRandom(state) * 4294967296);
  const c = Math.floor(nextRandom(state) * 4294967296);
  const d = Math.floor(nextRandom(state) * 4294967296);
  putHex(0, a, 8);
  putHex(9, b >>> 16, 4);
  putHex(14, (b & 0x0fff) | 0x4000, 4);
  putHex(19, ((((c >>> 28) & 3) | 8) << 12) | ((c >>> 16) & 0x0fff), 4);
  putHex(24, c & 0xffff, 4);
  putHex(28, d, 8);
  return String.fromCharCode(...uuidCodes);
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
