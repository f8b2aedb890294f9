/**
 * The host API's messages (README, "Host API"), as pure functions: what a host may send, which
 * windows may talk to the playground, and the state summary the playground reports. No DOM here:
 * `hostBridge.ts` wires these to `postMessage`.
 */
import type { ClusterView, EventView } from '../../worker/viewModel.ts';

export const SOURCE = 'sts-playground';
export const API_VERSION = 1;

export type Inbound =
  /** Asks for `ready` again: a client that attached after the playground booted. */
  | { type: 'hello' }
  | { type: 'load'; yaml: string }
  | { type: 'kubectl'; command: string }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'seek'; time: number }
  | { type: 'speed'; value: number }
  | { type: 'lang'; value: string }
  | { type: 'lesson'; id: string };

export interface StateSummary {
  time: number;
  pods: { name: string; phase: string; ready: boolean; revision: string }[];
  claims: { name: string; phase: string }[];
}

export type Outbound =
  | { type: 'ready' }
  | ({ type: 'state' } & StateSummary)
  | { type: 'event'; reason: string; message: string; object: string }
  | { type: 'kubectl-result'; command: string; code: number; stdout: string; stderr: string }
  | { type: 'lesson-step'; id: string; step: number }
  | { type: 'error'; message: string }
  | { type: 'size'; height: number };

/** Longest YAML and kubectl line a host may send (a course page's manifest is a few KB). */
export const MAX_YAML = 256 * 1024;
export const MAX_COMMAND = 4096;

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The message as the API defines it, or undefined: not ours, another version, an unknown type or a
 * field of the wrong shape. Extra fields are ignored.
 */
export function parseInbound(data: unknown): Inbound | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const m = data as Record<string, unknown>;
  if (m.source !== SOURCE || m.v !== API_VERSION || typeof m.type !== 'string') return undefined;
  switch (m.type) {
    case 'load':
      return str(m.yaml, MAX_YAML) ? { type: 'load', yaml: m.yaml } : undefined;
    case 'kubectl':
      return str(m.command, MAX_COMMAND) && m.command.trim() !== '' ? { type: 'kubectl', command: m.command } : undefined;
    case 'hello':
    case 'play':
    case 'pause':
    case 'step':
      return { type: m.type };
    case 'seek':
      return num(m.time) && m.time >= 0 ? { type: 'seek', time: m.time } : undefined;
    case 'speed':
      return num(m.value) && m.value > 0 ? { type: 'speed', value: m.value } : undefined;
    case 'lang':
      return str(m.value, 16) ? { type: 'lang', value: m.value } : undefined;
    case 'lesson':
      return str(m.id, 128) ? { type: 'lesson', id: m.id } : undefined;
    default:
      return undefined;
  }
}

/** The envelope every outgoing message has. */
export function envelope(message: Outbound): { source: typeof SOURCE; v: typeof API_VERSION } & Outbound {
  return { source: SOURCE, v: API_VERSION, ...message };
}

/**
 * Whether a message from `origin` is for the playground: one of the `?origin=` allowlist, or, without
 * one, the page's own origin (a same-origin course page). An opaque origin ("null") never is.
 */
export function originAllowed(origin: string, allowlist: readonly string[], own: string): boolean {
  if (origin === 'null' || origin === '') return false;
  return allowlist.length > 0 ? allowlist.includes(origin) : origin === own;
}

/**
 * Where outgoing messages may go: each origin of the allowlist (postMessage delivers only to the one
 * the parent has), or the page's own. Never `*`; nothing when the page's own origin is opaque and no
 * allowlist is given.
 */
export function targetOrigins(allowlist: readonly string[], own: string): string[] {
  if (allowlist.length > 0) return [...allowlist];
  return own === 'null' || own === '' ? [] : [own];
}

/** The state message's fields. */
export function summarize(view: ClusterView): StateSummary {
  return {
    time: view.time,
    pods: view.pods.map((p) => ({ name: p.name, phase: p.phase, ready: p.ready, revision: p.revision })),
    claims: view.claims.map((c) => ({ name: c.name, phase: c.phase })),
  };
}

/** A key that changes when the pods or claims change (not the clock alone): `state` is sent only then. */
export function summaryKey(summary: StateSummary): string {
  return JSON.stringify([summary.pods, summary.claims]);
}

/** Events the host has not seen yet, oldest first (an event whose count went up counts again). */
export function newEvents(events: readonly EventView[], seen: Map<string, number>): EventView[] {
  const out: EventView[] = [];
  for (const e of events) {
    if (seen.get(e.key) === e.count) continue;
    seen.set(e.key, e.count);
    out.push(e);
  }
  return out;
}
