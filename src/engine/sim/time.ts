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
