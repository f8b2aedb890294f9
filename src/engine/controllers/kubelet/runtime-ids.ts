/**
 * What the container runtime makes up: container IDs (containerd's 64 hex digits), image digests
 * and references, image sizes, and the seeded variation of how long runtime work takes. Every value
 * is derived by hashing, so it is deterministic without drawing from the cluster's RNG stream (the
 * order controllers run in cannot change what a pod gets).
 */
import { boundedMemo } from '../../model/util.ts';
import { HEX_CODES } from '../../sim/time.ts';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A finaliser after FNV-1a (murmur3's): 32 well-mixed bits. */
function finalise(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A value in [0, 1) fixed by the cluster's seed and what it is for (a pod uid, an image, an attempt …):
 * the finalised FNV-1a hash of `${seed}\u0000${parts.join('\u0000')}`, hashed part by part instead of
 * joined first (the same characters in the same order give the same value, without building the text).
 */
export function seededUnit(seed: number, ...parts: (string | number)[]): number {
  let h = fnv(String(seed), FNV_OFFSET);
  // Each part follows a NUL (xor 0 leaves the state as it is, then the multiply); no parts: one NUL.
  if (parts.length === 0) h = Math.imul(h, FNV_PRIME);
  for (const part of parts) h = fnv(typeof part === 'string' ? part : String(part), Math.imul(h, FNV_PRIME));
  return finalise(h) / 4294967296;
}

/** The FNV-1a state after `text`, from state `h` (no finaliser). */
function fnv(text: string, h: number): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/**
 * The FNV-1a state after `${i}\u0000` for the digits i = 0…7 (the NUL leaves the state as it is,
 * xor 0, before its multiply): where the eight hashes of hex64 start.
 */
const LANES = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Math.imul(Math.imul(FNV_OFFSET ^ (48 + i), FNV_PRIME), FNV_PRIME));

/**
 * 64 lower-case hex digits (a sha256-sized value) derived from the parts: the finalised FNV-1a hashes of
 * `${i}\u0000${parts joined by NUL}` for i = 0…7, the eight states run side by side in one pass over
 * the parts' characters, a NUL between two parts (the same characters as the joined text, without
 * building it: the join, with its number conversions, cost more than the hashing).
 */
export function hex64(...parts: (string | number)[]): string {
  const lanes = hashLanes(parts);
  return hex8(lanes[0] as number) + hex8(lanes[1] as number) + hex8(lanes[2] as number) + hex8(lanes[3] as number) + hex8(lanes[4] as number) + hex8(lanes[5] as number) + hex8(lanes[6] as number) + hex8(lanes[7] as number);
}

/** The eight FNV-1a states after the parts (a NUL between two), in HEX64_LANES. */
function hashLanes(parts: readonly (string | number)[]): Int32Array {
  const lanes = HEX64_LANES;
  lanes.set(LANES);
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (p > 0) absorb(lanes, '\u0000');
    absorb(lanes, typeof part === 'string' ? part : String(part));
  }
  return lanes;
}

/**
 * hex64's digits after `prefix`, as one flat string: the character codes are written into a scratch
 * list of exactly that length and made a string at once (the 64 digits joined by `+` were a tree
 * of 15 concatenations, each an object of its own, and every container status keeps its ID).
 */
function prefixedHex64(codes: number[], prefixLength: number, parts: readonly (string | number)[]): string {
  const lanes = hashLanes(parts);
  let at = prefixLength;
  for (let l = 0; l < 8; l++) {
    const v = finalise(lanes[l] as number);
    for (let shift = 28; shift >= 0; shift -= 4) codes[at++] = HEX_CODES[(v >>> shift) & 15] as number;
  }
  return String.fromCharCode.apply(null, codes);
}

/** The codes of `containerd://` and room for 64 digits (one module-level scratch: IDs are made one at a time). */
const CONTAINER_ID_PREFIX = 'containerd://';
const CONTAINER_ID_CODES = Array.from(CONTAINER_ID_PREFIX + '0'.repeat(64), (ch) => ch.charCodeAt(0));

/** The eight FNV-1a states of hex64 while it runs (one module-level scratch: hex64 does not re-enter). */
const HEX64_LANES = new Int32Array(8);

/** The eight states after `text`. */
function absorb(lanes: Int32Array, text: string): void {
  let h0 = lanes[0] as number;
  let h1 = lanes[1] as number;
  let h2 = lanes[2] as number;
  let h3 = lanes[3] as number;
  let h4 = lanes[4] as number;
  let h5 = lanes[5] as number;
  let h6 = lanes[6] as number;
  let h7 = lanes[7] as number;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h0 = Math.imul(h0 ^ ch, FNV_PRIME);
    h1 = Math.imul(h1 ^ ch, FNV_PRIME);
    h2 = Math.imul(h2 ^ ch, FNV_PRIME);
    h3 = Math.imul(h3 ^ ch, FNV_PRIME);
    h4 = Math.imul(h4 ^ ch, FNV_PRIME);
    h5 = Math.imul(h5 ^ ch, FNV_PRIME);
    h6 = Math.imul(h6 ^ ch, FNV_PRIME);
    h7 = Math.imul(h7 ^ ch, FNV_PRIME);
  }
  lanes[0] = h0;
  lanes[1] = h1;
  lanes[2] = h2;
  lanes[3] = h3;
  lanes[4] = h4;
  lanes[5] = h5;
  lanes[6] = h6;
  lanes[7] = h7;
}

/**
 * A finalised FNV-1a state as 8 hex digits, a byte at a time from a table (what
 * `toString(16).padStart(8, '0')` gives; the radix conversion was most of an ID's cost).
 */
function hex8(h: number): string {
  const v = finalise(h);
  return (HEX_BYTES[v >>> 24] as string) + (HEX_BYTES[(v >>> 16) & 0xff] as string) + (HEX_BYTES[(v >>> 8) & 0xff] as string) + (HEX_BYTES[v & 0xff] as string);
}

/** '00' … 'ff'. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** wait.Jitter(d, factor): d plus up to factor × d, by the seeded unit value. */
export function jitter(ms: number, factor: number, unit: number): number {
  return Math.round(ms + unit * factor * ms);
}

/** Images whose tag is `broken` never pull: how a learner makes a rollout fail. */
export const isBrokenImage: (image: string) => boolean = boundedMemo((image) => {
  const last = image.split('/').pop() ?? image;
  const tag = last.includes(':') ? last.slice(last.lastIndexOf(':') + 1) : '';
  return tag === 'broken';
});

/** A stable fake image size, so `Pulled` events read like real ones. */
export const imageSize: (image: string) => number = boundedMemo((image) => {
  let h = 0;
  for (const ch of image) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return 40_000_000 + (h % 60_000_000);
});

/** The fully qualified reference containerd resolves (`nginx` → `docker.io/library/nginx:latest`). */
export const fullImageRef: (image: string) => string = boundedMemo((image) => {
  const withTag = /:[^/]+$/.test(image) || image.includes('@') ? image : `${image}:latest`;
  const parts = withTag.split('/');
  if (parts.length === 1) return `docker.io/library/${withTag}`;
  if (!parts[0]?.includes('.') && !parts[0]?.includes(':') && parts[0] !== 'localhost') return `docker.io/${withTag}`;
  return withTag;
});

/**
 * The imageID a container status reports: the repository with the image's digest
 * (`registry.k8s.io/nginx-slim@sha256:<64 hex>`), the digest fixed by the image name.
 */
export const imageIdOf: (image: string) => string = boundedMemo((image) => {
  const ref = fullImageRef(image);
  const at = ref.indexOf('@');
  if (at >= 0) return ref;
  const repo = ref.replace(/:[^/:]+$/, '');
  return `${repo}@sha256:${hex64('image', ref)}`;
});

/** A containerd container ID: one per pod, container and restart (`containerd://<64 hex>`). */
export function containerIdOf(seed: number, podUid: string, container: string, restarts: number): string {
  return prefixedHex64(CONTAINER_ID_CODES, CONTAINER_ID_PREFIX.length, ['container', seed, podUid, container, restarts]);
}

/** `.` and the milliseconds as a decimal fraction without trailing zeros (`.05` for 50), or '' for none. */
function fraction(ms: number): string {
  if (ms === 0) return '';
  let digits = 3;
  while (ms % 10 === 0) {
    ms /= 10;
    digits--;
  }
  return `.${String(ms).padStart(digits, '0')}`;
}

/** Go's time.Duration.String for a whole number of milliseconds (`512ms`, `3.2s`, `1m4.25s`). */
export function goDuration(ms: number): string {
  const total = Math.max(0, Math.trunc(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const rest = total % 60_000;
  const secs = `${Math.floor(rest / 1000)}${fraction(rest % 1000)}s`;
  if (hours > 0) return `${hours}h${minutes}m${secs}`;
  if (minutes > 0) return `${minutes}m${secs}`;
  return secs;
}
