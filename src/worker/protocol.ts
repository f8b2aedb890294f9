/**
 * The versioned message protocol between the page and the simulation host (a worker, or the main
 * thread where workers are blocked). Both directions are discriminated unions with runtime guards:
 * structured clone carries no types.
 */
import type { ClusterState, Diagnostic } from '../engine/index.ts';
import type { ClusterView, ViewDiff } from './viewModel.ts';

/**
 * 2: deployments, replicaSets, service targets, pod owners; workload-kind commands.
 * 3: a quiet wire: pods carry times, not ages; diffs carry only new or updated events (keyed) and
 *    the ones gone; a clock-only diff goes once a virtual second; init reports a failed restore.
 * 4: ping/pong (the page's heartbeat), resync (ask for a full frame), errors name the request;
 *    the session record and the timeline: seek, fork, record; init may replay a recorded session.
 * 5: a snapshot reply carries the cluster as JSON text written by the host (`json`), not an object.
 */
export const PROTOCOL_VERSION = 5;

export type WorkloadKind = 'StatefulSet' | 'Deployment';

/** What a learner can do from the picture: each maps to one public engine call, as kubectl would. */
export type UserCommand =
  /** `kind` defaults to StatefulSet; `set` names the workload either way. */
  | { type: 'scale'; set: string; replicas: number; kind?: WorkloadKind }
  | { type: 'deletePod'; pod: string; force: boolean }
  | { type: 'setImage'; set: string; image: string; kind?: WorkloadKind }
  | { type: 'setPartition'; set: string; partition: number }
  | { type: 'setStrategy'; set: string; strategy: 'RollingUpdate' | 'OnDelete' }
  /** StatefulSet: `revision` is the ControllerRevision's name; Deployment: the revision number. */
  | { type: 'rollback'; set: string; revision: string; kind?: WorkloadKind }
  | { type: 'pauseRollout'; deployment: string; paused: boolean }
  | { type: 'podReadiness'; pod: string; ready: boolean }
  | { type: 'crashPod'; pod: string }
  | { type: 'evictPod'; pod: string }
  | { type: 'node'; node: string; up: boolean }
  | { type: 'deleteClaim'; claim: string };

/**
 * One user action of the session record, at the virtual time it happened (timeline / share links).
 * Replaying every action at its time over a cluster made from the same seed and YAML gives the same
 * cluster: the engine is deterministic.
 */
export type SessionAction =
  | { t: number; type: 'apply'; yaml: string }
  | { t: number; type: 'command'; command: UserCommand }
  /** A kubectl line that may write or move time; `yaml` is what its `-f` files and stdin read. */
  | { t: number; type: 'kubectl'; line: string; yaml?: string }
  /**
   * The console's terminal (engine terminal.ts): a typed `line`, Ctrl+C (`interrupt`), or `resume` —
   * the moment a waiting command saw its wait end and went on (a for-loop's next delete). `yaml` is
   * the editor text its `-f` read.
   */
  | { t: number; type: 'terminal'; line?: string; signal?: 'interrupt' | 'resume'; yaml?: string };

/** A whole session: how the cluster was made, what the user did, and how far it ran (`end`). */
export interface SessionRecord {
  seed: number;
  yaml: string;
  actions: SessionAction[];
  end: number;
}

/** One mark on the timeline: a user action (its index in the record) at its virtual time. */
export interface TimelineMark {
  t: number;
  kind: SessionAction['type'];
  label: string;
}

export type UiToSim =
  | {
      type: 'init';
      v: typeof PROTOCOL_VERSION;
      reqId: number;
      yaml: string;
      snapshot?: ClusterState;
      seed?: number;
      /** Replays this session (a share link), or, with `snapshot`, the record that led to it. */
      session?: SessionRecord;
      /** With `session`: the moment to show (the live end when absent). */
      cursor?: number;
    }
  /** Shows the cluster as it was at virtual `time` (the live end or later: back to live). */
  | { type: 'seek'; v: typeof PROTOCOL_VERSION; reqId: number; time: number }
  /** Continue from here: the future after the moment shown is discarded. */
  | { type: 'fork'; v: typeof PROTOCOL_VERSION; reqId: number }
  /** The session record up to the live end (answered with `record`). */
  | { type: 'record'; v: typeof PROTOCOL_VERSION; reqId: number }
  | { type: 'apply'; v: typeof PROTOCOL_VERSION; reqId: number; yaml: string }
  | { type: 'command'; v: typeof PROTOCOL_VERSION; reqId: number; command: UserCommand }
  | { type: 'playback'; v: typeof PROTOCOL_VERSION; playing: boolean; speed: number }
  | { type: 'step'; v: typeof PROTOCOL_VERSION; reqId: number }
  | { type: 'reset'; v: typeof PROTOCOL_VERSION; reqId: number; yaml: string }
  | { type: 'save'; v: typeof PROTOCOL_VERSION; reqId: number }
  /**
   * One kubectl command line; every `-f NAME` reads `yaml` (the editor's text). `terminal`: the
   * console's line, run in the engine's terminal (shell, waits, pod sessions); otherwise plain kubectl().
   */
  | { type: 'kubectl'; v: typeof PROTOCOL_VERSION; reqId: number; line: string; yaml: string; terminal?: boolean }
  /** Ends the running watch (Ctrl+C). */
  | { type: 'stopWatch'; v: typeof PROTOCOL_VERSION }
  /** The YAML of one object, as `kubectl get -o yaml` would show it (answered with a result). */
  | { type: 'inspect'; v: typeof PROTOCOL_VERSION; reqId: number; kind: string; name: string; namespace?: string }
  /** The heartbeat: answered with a pong at once, so a dead or stuck host is noticed. */
  | { type: 'ping'; v: typeof PROTOCOL_VERSION; reqId: number }
  /** The page lost track of the view (a dropped or unexpected message): send a full frame. */
  | { type: 'resync'; v: typeof PROTOCOL_VERSION };

export type SimToUi =
  | { type: 'ready'; v: typeof PROTOCOL_VERSION }
  /** A full view (after init, reset, or when the page asks to resync). */
  | { type: 'frame'; v: typeof PROTOCOL_VERSION; seq: number; view: ClusterView }
  /** Only what changed since frame `baseSeq`. */
  | { type: 'diff'; v: typeof PROTOCOL_VERSION; seq: number; baseSeq: number; diff: ViewDiff }
  | {
      type: 'result';
      v: typeof PROTOCOL_VERSION;
      reqId: number;
      ok: boolean;
      message: string;
      diagnostics?: Diagnostic[];
      /** Init only: the saved snapshot could not be restored (why), so the YAML was applied instead. */
      restoreError?: string;
    }
  /**
   * The cluster's snapshot (a ClusterState) as JSON text, written out here so that the page's thread
   * neither copies a large object out of the message nor stringifies it to save it (at 300 pods that
   * was ~150 ms of the page's thread every few seconds); absent when it is too large to write out.
   */
  | { type: 'snapshot'; v: typeof PROTOCOL_VERSION; reqId: number; json?: string; record?: SessionRecord }
  | {
      type: 'kubectl';
      v: typeof PROTOCOL_VERSION;
      reqId: number;
      code: number;
      stdout: string;
      stderr: string;
      watching?: boolean;
      /** The console's terminal (engine terminal.ts): its prompt next (`$ `, `> `, a pod's `/ # `) and what it waits for. */
      prompt?: string;
      waiting?: string;
    }
  /** More output of a running `get -w` or terminal command started by request `reqId`; `end` when it finished. */
  | { type: 'stream'; v: typeof PROTOCOL_VERSION; reqId: number; stdout: string; stderr?: string; end?: { code: number; prompt: string } }
  | { type: 'pong'; v: typeof PROTOCOL_VERSION; reqId: number }
  /** A request the host could not answer (`reqId` when it came from one), or an unrecognised message. */
  | { type: 'error'; v: typeof PROTOCOL_VERSION; message: string; reqId?: number }
  /**
   * The timeline: from `start` to the live `end`; `cursor` is the moment shown when it is in the past.
   * `marks` are the latest user actions (at most a few hundred), `instants` the moments something
   * changed (bounded, thinned as they age), `total` how many actions the record holds.
   */
  | { type: 'timeline'; v: typeof PROTOCOL_VERSION; start: number; end: number; cursor: number | null; marks: TimelineMark[]; instants: number[]; total: number }
  | { type: 'record'; v: typeof PROTOCOL_VERSION; reqId: number; record: SessionRecord | null; cursor: number };

const UI_TYPES = new Set(['seek', 'fork', 'record', 'init', 'apply', 'command', 'playback', 'step', 'reset', 'save', 'inspect', 'kubectl', 'stopWatch', 'ping', 'resync']);
export const SIM_TYPES = new Set(['timeline', 'record', 'ready', 'frame', 'diff', 'result', 'snapshot', 'error', 'kubectl', 'stream', 'pong']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runtime guard for messages reaching the host. */
export function isUiToSim(value: unknown): value is UiToSim {
  return isRecord(value) && value['v'] === PROTOCOL_VERSION && typeof value['type'] === 'string' && UI_TYPES.has(value['type']);
}

/** Runtime guard for messages reaching the page. */
export function isSimToUi(value: unknown): value is SimToUi {
  return isRecord(value) && value['v'] === PROTOCOL_VERSION && typeof value['type'] === 'string' && SIM_TYPES.has(value['type']);
}

/** The part of MessagePort / Worker / DedicatedWorkerGlobalScope both ends use. */
export interface Port {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export function assertNever(value: never): never {
  throw new Error(`unexpected message ${JSON.stringify(value)}`);
}
