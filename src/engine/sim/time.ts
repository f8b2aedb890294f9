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

/** The millisecond unixNanoHex last worked on: its nanoseconds' high word (hex) and low word. */
let nanoMs = Number.NaN;
let nanoHigh = 0;
let nanoLow = 0;
/** The last high word printed, and its hex. */
let highWord = Number.NaN;
let highHex = '';

/**
 * Hex of the wall-clock nanoseconds at `virtualMs` plus `extraNanos` (< 1e6), as the event
 * recorder names Events (`<object>.<UnixNano in hex>`). The value passes 2^53, so it is worked in
 * two 32-bit halves instead of a BigInt. The millisecond's halves are kept: the events of one
 * instant differ only in `extraNanos`.
 */
export function unixNanoHex(virtualMs: number, extraNanos: number): string {
  const ms = EPOCH_MS + Math.floor(virtualMs);
  if (ms !== nanoMs) {
    nanoMs = ms;
    const msHigh = Math.floor(ms / TWO_32);
    nanoLow = (ms - msHigh * TWO_32) * 1_000_000;
    nanoHigh = msHigh * 1_000_000;
  }
  const low = nanoLow + extraNanos;
  const carry = Math.floor(low / TWO_32);
  const high = nanoHigh + carry;
  const lowWord = (low - carry * TWO_32).toString(16);
  if (high === 0) return lowWord;
  if (high !== highWord) {
    highWord = high;
    highHex = high.toString(16);
  }
  return highHex + lowWord.padStart(8, '0');
}
