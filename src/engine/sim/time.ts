/** Virtual time: ms since the cluster was created, rendered against a fixed epoch (never the wall clock). */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** RFC 3339 with second precision, as metav1.Time serialises. */
let lastSecond = Number.NaN;
let lastText = '';
export function rfc3339(virtualMs: number): string {
  const second = Math.floor(virtualMs / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(EPOCH_MS + second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}

/** Inverse of rfc3339 (second precision); NaN when unparsable. */
export function fromRfc3339(text: string | undefined): number {
  if (!text) return Number.NaN;
  return Date.parse(text) - EPOCH_MS;
}

const TWO_32 = 4294967296;
/** Character codes of the hex digits. */
export const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Writes the hex of the wall-clock nanoseconds at `virtualMs` plus `extraNanos` (< 1e6), as the
 * event recorder names Events (`<object>.<UnixNano in hex>`), as character codes into `codes` from
 * `at`, and returns where it ends: the caller (an Event's storage key, see eventKey in server.ts)
 * makes one flat string of them, where concatenating the digits made some five strings and a tree
 * of them. The value passes 2^53, so it is worked in two 32-bit halves instead of a BigInt.
 */
export function putUnixNanoHex(codes: number[], at: number, virtualMs: number, extraNanos: number): number {
  const ms = EPOCH_MS + Math.floor(virtualMs);
  const msHigh = Math.floor(ms / TWO_32);
  const low = (ms - msHigh * TWO_32) * 1_000_000 + extraNanos;
  const carry = Math.floor(low / TWO_32);
  const high = msHigh * 1_000_000 + carry;
  const word = low - carry * TWO_32;
  if (high <= 0) return putHex(codes, at, word, hexDigits(word));
  // The low word takes all eight digits after the high one's.
  return putHex(codes, putHex(codes, at, high, hexDigits(high)), word, 8);
}

/** How many hex digits a non-negative integer has (at least one). */
function hexDigits(n: number): number {
  let digits = 1;
  for (let v = n; v >= 16; v = Math.floor(v / 16)) digits++;
  return digits;
}

/**
 * Writes the last `digits` hex digits of a non-negative integer at `at`; returns where they end.
 * Worked by division, not shifts: the values pass 2^31, where V8's integer fast paths stop.
 */
function putHex(codes: number[], at: number, n: number, digits: number): number {
  let v = n;
  for (let i = at + digits - 1; i >= at; i--) {
    codes[i] = HEX_CODES[v % 16] as number;
    v = Math.floor(v / 16);
  }
  return at + digits;
}
