/**
 * Share links: the session record (YAML, seed, user actions at their virtual times), the moment shown,
 * the language and the lesson, in the URL fragment as `#s=<version>.<base64url(deflate-raw(JSON))>`.
 * Compressed with the platform's CompressionStream (every current browser and Node 20), so no
 * dependency. Decoding checks every field: a link is untrusted input.
 */
import type { SessionAction, SessionRecord, UserCommand } from '../../worker/protocol.ts';

/** The link format this page writes and reads; a higher one comes from a newer playground. */
export const SHARE_VERSION = 1;
export const SHARE_PREFIX = '#s=';
/** Links longer than this are refused before decompressing anything. */
const MAX_LINK_CHARS = 2_000_000;
const MAX_JSON_CHARS = 20_000_000;
/** A link replays at most a week of virtual time and this many actions (a link is untrusted input). */
export const MAX_SHARE_END_MS = 7 * 24 * 3600_000;
export const MAX_SHARE_ACTIONS = 20_000;

export interface SharePayload {
  record: SessionRecord;
  /** The virtual ms shown when the link was made. */
  cursor: number;
  lang: string;
  lesson?: string;
}

export type DecodeResult = { ok: true; payload: SharePayload } | { ok: false; reason: 'malformed' | 'tooNew' };

/** `t`: a line typed into the console's terminal; `i`: Ctrl+C there; `r`: the moment its wait ended. */
type WireAction =
  | [number, 'a', string]
  | [number, 'c', UserCommand]
  | [number, 'k', string]
  | [number, 'k', string, string]
  | [number, 't', string]
  | [number, 't', string, string]
  | [number, 'i']
  | [number, 'r'];

interface Wire {
  v: number;
  s: number;
  y: string;
  a: WireAction[];
  e: number;
  c: number;
  l: string;
  n?: string;
}

function toWire(p: SharePayload): Wire {
  const a = p.record.actions.map((x): WireAction => {
    if (x.type === 'apply') return [x.t, 'a', x.yaml];
    if (x.type === 'command') return [x.t, 'c', x.command];
    if (x.type === 'terminal') {
      if (x.signal === 'interrupt') return [x.t, 'i'];
      if (x.signal === 'resume') return [x.t, 'r'];
      return x.yaml === undefined ? [x.t, 't', x.line ?? ''] : [x.t, 't', x.line ?? '', x.yaml];
    }
    return x.yaml === undefined ? [x.t, 'k', x.line] : [x.t, 'k', x.line, x.yaml];
  });
  const wire: Wire = { v: SHARE_VERSION, s: p.record.seed, y: p.record.yaml, a, e: p.record.end, c: p.cursor, l: p.lang };
  if (p.lesson) wire.n = p.lesson;
  return wire;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The fragment (with its `#s=`) for a payload. */
export async function encodeShare(payload: SharePayload): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(toWire(payload)));
  return `${SHARE_PREFIX}${SHARE_VERSION}.${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

/** The share fragment of a location hash, if it carries one. */
export function shareFragment(hash: string): string | undefined {
  return hash.startsWith(SHARE_PREFIX) ? hash : undefined;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isStr = (x: unknown): x is string => typeof x === 'string';
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The fields each command carries, and their types: a link cannot smuggle in anything else. */
const COMMAND_FIELDS: Record<UserCommand['type'], Record<string, 'string' | 'number' | 'boolean'>> = {
  scale: { set: 'string', replicas: 'number' },
  deletePod: { pod: 'string', force: 'boolean' },
  setImage: { set: 'string', image: 'string' },
  setPartition: { set: 'string', partition: 'number' },
  setStrategy: { set: 'string', strategy: 'string' },
  rollback: { set: 'string', revision: 'string' },
  pauseRollout: { deployment: 'string', paused: 'boolean' },
  podReadiness: { pod: 'string', ready: 'boolean' },
  crashPod: { pod: 'string' },
  evictPod: { pod: 'string' },
  node: { node: 'string', up: 'boolean' },
  deleteClaim: { claim: 'string' },
};

function isCommand(x: unknown): x is UserCommand {
  if (!isRecord(x) || !isStr(x['type']) || !Object.hasOwn(COMMAND_FIELDS, x['type'])) return false;
  const fields = COMMAND_FIELDS[x['type'] as UserCommand['type']];
  for (const [key, type] of Object.entries(fields)) if (typeof x[key] !== type) return false;
  if (x['kind'] !== undefined && x['kind'] !== 'StatefulSet' && x['kind'] !== 'Deployment') return false;
  if (x['type'] === 'setStrategy' && x['strategy'] !== 'RollingUpdate' && x['strategy'] !== 'OnDelete') return false;
  return true;
}

function fromWireAction(x: unknown, previous: number): SessionAction | undefined {
  if (!Array.isArray(x) || !isNum(x[0]) || x[0] < previous) return undefined;
  const t = x[0];
  if (x[1] === 'a' && x.length === 3 && isStr(x[2])) return { t, type: 'apply', yaml: x[2] };
  if (x[1] === 'c' && x.length === 3 && isCommand(x[2])) return { t, type: 'command', command: x[2] };
  if (x[1] === 'k' && x.length === 3 && isStr(x[2])) return { t, type: 'kubectl', line: x[2] };
  if (x[1] === 'k' && x.length === 4 && isStr(x[2]) && isStr(x[3])) return { t, type: 'kubectl', line: x[2], yaml: x[3] };
  if (x[1] === 't' && x.length === 3 && isStr(x[2])) return { t, type: 'terminal', line: x[2] };
  if (x[1] === 't' && x.length === 4 && isStr(x[2]) && isStr(x[3])) return { t, type: 'terminal', line: x[2], yaml: x[3] };
  if (x[1] === 'i' && x.length === 2) return { t, type: 'terminal', signal: 'interrupt' };
  if (x[1] === 'r' && x.length === 2) return { t, type: 'terminal', signal: 'resume' };
  return undefined;
}

function fromWire(w: unknown): SharePayload | undefined {
  if (!isRecord(w) || !isNum(w['s']) || !Number.isInteger(w['s']) || !isStr(w['y']) || !Array.isArray(w['a'])) return undefined;
  if (!isNum(w['e']) || !isNum(w['c']) || !isStr(w['l'])) return undefined;
  if (w['e'] > MAX_SHARE_END_MS || w['a'].length > MAX_SHARE_ACTIONS) return undefined;
  if (w['n'] !== undefined && !isStr(w['n'])) return undefined;
  const actions: SessionAction[] = [];
  for (const x of w['a']) {
    const action = fromWireAction(x, actions.at(-1)?.t ?? 0);
    if (!action || action.t > w['e']) return undefined;
    actions.push(action);
  }
  const payload: SharePayload = { record: { seed: w['s'], yaml: w['y'], actions, end: w['e'] }, cursor: Math.min(w['c'], w['e']), lang: w['l'] };
  if (isStr(w['n'])) payload.lesson = w['n'];
  return payload;
}

/** Reads a `#s=…` fragment: the payload, or why not (malformed, or written by a newer version). */
export async function decodeShare(fragment: string): Promise<DecodeResult> {
  const malformed = { ok: false, reason: 'malformed' } as const;
  if (!fragment.startsWith(SHARE_PREFIX) || fragment.length > MAX_LINK_CHARS) return malformed;
  const body = fragment.slice(SHARE_PREFIX.length);
  const dot = body.indexOf('.');
  const version = Number(body.slice(0, dot));
  if (dot < 1 || !Number.isInteger(version) || version < 1) return malformed;
  if (version > SHARE_VERSION) return { ok: false, reason: 'tooNew' };
  try {
    const bytes = await pipe(fromBase64Url(body.slice(dot + 1)), new DecompressionStream('deflate-raw'));
    if (bytes.length > MAX_JSON_CHARS) return malformed;
    const wire: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    // The JSON says its version too: a newer writer may keep the prefix and change the body.
    if (isRecord(wire) && isNum(wire['v']) && wire['v'] > SHARE_VERSION) return { ok: false, reason: 'tooNew' };
    if (!isRecord(wire) || wire['v'] !== SHARE_VERSION) return malformed;
    const payload = fromWire(wire);
    return payload ? { ok: true, payload } : malformed;
  } catch {
    return malformed;
  }
}
