/** Virtual time: ms since the cluster was created, rendered against a fixed epoch (never the wall clock). */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function rfc3339(virtualMs: number): string {
  return new Date(EPOCH_MS + Math.floor(virtualMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Inverse of rfc3339 (second precision); NaN when unparsable. */
export function fromRfc3339(text: string | undefined): number {
  if (!text) return Number.NaN;
  return Date.parse(text) - EPOCH_MS;
}
