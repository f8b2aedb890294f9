/**
 * The page's side of the protocol: starts the engine in a module worker, or on the main thread
 * through a MessageChannel when workers are blocked (sandboxed iframes), and feeds the store. Every
 * message is checked before it is drawn; a host that dies or stops answering is started again.
 */
import type { ClusterState } from '../../engine/index.ts';
import { PROTOCOL_VERSION, type Port, type SessionRecord, type SimToUi, type UiToSim, type UserCommand } from '../../worker/protocol.ts';
import { validateSimToUi } from '../../worker/validate.ts';
import { loadSessionRecord, saveSessionRecord } from '../share/session.ts';
import { applyDiff, isDiffEmpty } from '../../worker/viewModel.ts';
import { translate, type MessageKey } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import * as persist from '../store/persist.ts';
import { Heartbeat, planRestart, type HeartbeatClock } from './heartbeat.ts';
import { classifySnapshot } from './snapshotCheck.ts';
import { spawn, type Transport } from './transport.ts';

type Result = { ok: boolean; message: string };
/** A request's answer; `error` when the host threw on it or went away before answering. */
type Reply = Extract<SimToUi, { type: 'result' } | { type: 'snapshot' } | { type: 'kubectl' } | { type: 'record' } | { type: 'error' }>;
type Pending = (message: Reply) => void;
/** Starts a new host; `onDead` is called if it fails later. */
export type Respawn = (onDead: () => void) => Promise<Transport>;

export interface ClientOptions {
  persist: boolean;
  /** Heartbeat timing (tests shorten it); a client without `respawn` has no heartbeat. */
  heartbeat?: { intervalMs: number; timeoutMs: number; clock?: HeartbeatClock };
}

const YAML_KEY = persist.KEYS.yaml;
const realClock: HeartbeatClock = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};
/** At most one request for a full frame in this long, however many messages were dropped. */
const RESYNC_MS = 1000;

const words = (key: MessageKey, params?: Record<string, string | number>) => translate(useAppStore.getState().lang, key, params);

/** The snapshot a restarted host starts from; text that no longer parses means none (it starts from the YAML). */
function parsedSnapshot(last: string | ClusterState | undefined): ClusterState | undefined {
  if (typeof last !== 'string') return last;
  try {
    return JSON.parse(last) as ClusterState;
  } catch {
    return undefined;
  }
}

export class SimClient {
  private port: Port;
  private transport: Transport | undefined;
  private readonly respawn: Respawn | undefined;
  private reqId = 0;
  private readonly pending = new Map<number, Pending>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly persistEnabled: boolean;
  /** A newer version's saved cluster is in storage: it is left alone, never overwritten. */
  private keepSavedSnapshot = false;
  /**
   * Where a restarted host starts from: the last snapshot the host sent (its JSON text, parsed only
   * if a restart needs it), or the saved cluster this page was restored from.
   */
  private lastSnapshot: string | ClusterState | undefined;
  private readonly heartbeat: Heartbeat | undefined;
  private readonly restarts: number[] = [];
  private restarting = false;
  /** The host kept dying and is not started again: requests end at once, as failed. */
  private gaveUp = false;
  /** Requests made while a new host starts: sent to it once it has its cluster. */
  private queued: (UiToSim & { reqId: number })[] = [];
  private lastResync = -Infinity;
  /** Messages from the host that failed the check and were dropped. */
  dropped = 0;
  /** Receives the rows of the console's running watch or terminal command (`end` once it finished). */
  onStream: ((reqId: number, text: string, stderr: string, end?: { code: number; prompt: string }) => void) | undefined;

  private constructor(transport: Transport | Port, opts: ClientOptions, respawn?: Respawn) {
    this.persistEnabled = opts.persist;
    this.respawn = respawn;
    const isTransport = 'kill' in transport;
    this.transport = isTransport ? transport : undefined;
    this.port = isTransport ? transport.port : transport;
    this.listen(this.port);
    if (respawn) {
      const timing = opts.heartbeat ?? { intervalMs: 1000, timeoutMs: 5000 };
      this.heartbeat = new Heartbeat({
        clock: timing.clock ?? realClock,
        intervalMs: timing.intervalMs,
        timeoutMs: timing.timeoutMs,
        ping: () => this.port.postMessage({ type: 'ping', v: PROTOCOL_VERSION, reqId: this.nextId() } satisfies UiToSim),
        onStuck: () => void this.restart(),
      });
    }
  }

  /** Starts the engine: a worker if possible, else the same host on the main thread. */
  static async start(opts: { persist: boolean }): Promise<SimClient> {
    let client: SimClient | undefined;
    const onDead = () => void client?.restart();
    const transport = await spawn(onDead);
    if (transport.inline) useAppStore.getState().setFallback(true);
    client = new SimClient(transport, opts, spawn);
    return client;
  }

  /** A client over any port to a host (tests); with `respawn`, a heartbeat restarts a dead host. */
  static over(port: Port | Transport, opts: ClientOptions, respawn?: Respawn): SimClient {
    return new SimClient(port, opts, respawn);
  }

  private listen(port: Port): void {
    // A replaced host's last words are ignored.
    port.addEventListener('message', (event) => {
      if (port === this.port) this.receive(event.data);
    });
  }

  private nextId(): number {
    this.reqId += 1;
    return this.reqId;
  }

  private request(message: UiToSim & { reqId: number }): Promise<Result & { diagnostics?: unknown; restoreError?: string; failed?: boolean }> {
    return new Promise((resolve) => {
      this.pending.set(message.reqId, (reply) => {
        if (reply.type === 'result') resolve(reply);
        else if (reply.type === 'error') resolve({ ok: false, message: reply.message, failed: true });
        else resolve({ ok: true, message: '' });
      });
      this.send(message);
    });
  }

  /** Posts a request whose answer is pending; with no host left, it ends at once as failed. */
  private send(message: UiToSim & { reqId: number }): void {
    if (this.restarting && !this.gaveUp) return void this.queued.push(message);
    if (!this.gaveUp) return this.port.postMessage(message);
    const pending = this.pending.get(message.reqId);
    this.pending.delete(message.reqId);
    pending?.({ type: 'error', v: PROTOCOL_VERSION, message: words('app.hostGone'), reqId: message.reqId });
  }

  private receive(data: unknown): void {
    const verdict = validateSimToUi(data);
    if (!verdict.ok) return this.drop(data, verdict.reason);
    const message = verdict.message;
    this.heartbeat?.alive();
    const store = useAppStore.getState();
    switch (message.type) {
      case 'ready':
      case 'pong':
        return;
      case 'frame':
        store.setView(message.view, message.seq);
        this.scheduleSave();
        return;
      case 'diff': {
        const current = store.view;
        // A diff for a frame this page never saw: ask for everything again.
        if (!current || store.seq !== message.baseSeq) return this.resync();
        store.setView(applyDiff(current, message.diff), message.seq);
        // A diff that only moves the clock changes nothing worth saving.
        if (!isDiffEmpty(message.diff)) this.scheduleSave();
        return;
      }
      case 'timeline': {
        const { start, end, cursor, marks, instants, total } = message;
        store.setTimeline({ start, end, cursor, marks, instants, total });
        return;
      }
      case 'result':
      case 'kubectl':
      case 'record':
      case 'snapshot':
      case 'error': {
        const reqId = message.reqId;
        const pending = reqId === undefined ? undefined : this.pending.get(reqId);
        if (reqId !== undefined) this.pending.delete(reqId);
        if (message.type === 'snapshot') this.lastSnapshot = message.json;
        if (message.type === 'snapshot' && !pending) this.store(message.json, message.record);
        if (message.type === 'error' && !pending) store.setLastResult({ ok: false, message: words('app.hostError', { message: message.message }) });
        pending?.(message);
        return;
      }
      case 'stream':
        this.onStream?.(message.reqId, message.stdout, message.stderr ?? '', message.end);
        return;
    }
  }

  /** A message that failed the check: counted, said, never drawn; a request it answered ends as failed. */
  private drop(data: unknown, reason: string): void {
    this.dropped += 1;
    console.warn(`statefulset-playground: dropped a message from the simulation (${reason})`);
    useAppStore.getState().addNotice('app.droppedMessages', { count: this.dropped });
    const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const reqId = record['reqId'];
    const pending = typeof reqId === 'number' ? this.pending.get(reqId) : undefined;
    if (pending && typeof reqId === 'number') {
      this.pending.delete(reqId);
      pending({ type: 'error', v: PROTOCOL_VERSION, message: words('app.badReply'), reqId });
    } else {
      // Perhaps a frame or a diff: the picture may be behind, so ask for all of it again.
      this.resync();
    }
  }

  /** Asks the host for a full frame, at most once a second. */
  private resync(): void {
    const now = performance.now();
    if (now - this.lastResync < RESYNC_MS) return;
    this.lastResync = now;
    this.port.postMessage({ type: 'resync', v: PROTOCOL_VERSION } satisfies UiToSim);
  }

  /** Requests queued for a host that will not come: they end as failed. */
  private failQueued(): void {
    const queued = this.queued;
    this.queued = [];
    for (const request of queued) {
      const pending = this.pending.get(request.reqId);
      this.pending.delete(request.reqId);
      pending?.({ type: 'error', v: PROTOCOL_VERSION, message: words('app.hostGone'), reqId: request.reqId });
    }
  }

  /** Every waiting request ends (as failed): its host is gone. */
  private failPending(message: string): void {
    const waiting = [...this.pending];
    this.pending.clear();
    for (const [reqId, pending] of waiting) pending({ type: 'error', v: PROTOCOL_VERSION, message, reqId });
  }

  /**
   * A dead or stuck host: a new one starts from the last good snapshot (from the YAML when that
   * snapshot was just tried), the clock plays on as before, and the page says what happened. A host
   * that keeps dying is not started again: the page says so and offers a reload. Called by the
   * heartbeat and by the transport when the host fails; public for tests.
   */
  async restart(): Promise<void> {
    if (this.restarting || !this.respawn) return;
    this.restarting = true;
    this.heartbeat?.stop();
    const store = useAppStore.getState();
    const now = Date.now();
    const from = planRestart(this.restarts, now, this.lastSnapshot !== undefined);
    this.restarts.push(now);
    this.transport?.kill();
    this.failPending(words('app.requestLost'));
    if (from === 'give-up') {
      this.gaveUp = true;
      this.failQueued();
      store.dismissNotice('app.workerRestarted');
      store.addNotice('app.workerFailed');
      return;
    }
    let transport: Transport;
    try {
      transport = await this.respawn(() => void this.restart());
    } catch {
      this.gaveUp = true;
      this.failQueued();
      store.addNotice('app.workerFailed');
      return;
    }
    this.transport = transport;
    this.port = transport.port;
    this.listen(transport.port);
    if (transport.inline) store.setFallback(true);
    const state = useAppStore.getState();
    const yaml = state.appliedYaml ?? state.yaml;
    const message: UiToSim = { type: 'init', v: PROTOCOL_VERSION, reqId: this.nextId(), yaml };
    const snapshot = from === 'snapshot' ? parsedSnapshot(this.lastSnapshot) : undefined;
    if (snapshot) message.snapshot = snapshot;
    const answer = new Promise<Awaited<ReturnType<SimClient['request']>>>((resolve) => {
      this.pending.set(message.reqId, (reply) => resolve(reply.type === 'result' ? reply : { ok: false, message: '', failed: true }));
    });
    this.port.postMessage(message);
    this.port.postMessage({ type: 'playback', v: PROTOCOL_VERSION, playing: state.playing, speed: state.speed } satisfies UiToSim);
    // Watched from now on: a new host that hangs while starting is restarted in turn.
    this.restarting = false;
    const queued = this.queued;
    this.queued = [];
    for (const request of queued) this.port.postMessage(request);
    this.heartbeat?.start();
    const result = await answer;
    if (this.port !== transport.port) return;
    const restored = result.message === 'restored';
    if (!restored) this.lastSnapshot = undefined;
    if (result.failed) return;
    store.dismissNotice(restored ? 'app.workerRestartedYaml' : 'app.workerRestarted');
    store.addNotice(restored ? 'app.workerRestarted' : 'app.workerRestartedYaml');
  }

  /** Keeps the snapshot (the draft first); when the browser refuses, the page says what is lost. */
  private store(json: string | undefined, record?: SessionRecord): void {
    if (!this.persistEnabled) return;
    const state = useAppStore.getState();
    if (this.keepSavedSnapshot) {
      // Only the draft: a newer version's cluster stays where it is.
      if (persist.trySave(persist.KEYS.draft, state.yaml) === 'quota') state.addNotice('app.yamlSaveFailed');
      return;
    }
    // No text: a cluster too large to write out at all (the host's JSON.stringify threw a RangeError).
    const outcome = persist.saveWork(state.yaml, json);
    saveSessionRecord(outcome.snapshot === 'ok' ? record : undefined);
    if (outcome.snapshot === 'ok') state.dismissNotice('app.saveFailed');
    else state.addNotice('app.saveFailed');
    if (outcome.draft === 'ok') state.dismissNotice('app.yamlSaveFailed');
    else state.addNotice('app.yamlSaveFailed');
  }

  /** Takes a snapshot a little after the cluster changes: kept for a restart, and saved if storage works. */
  private scheduleSave(): void {
    if (this.saveTimer) return;
    if (!this.persistEnabled && !this.heartbeat) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.port.postMessage({ type: 'save', v: PROTOCOL_VERSION, reqId: this.nextId() } satisfies UiToSim);
    }, 2000);
  }

  /** Saves the cluster now (as the timer would), and resolves once the browser said yes or no. */
  saveNow(): Promise<void> {
    return new Promise((resolve) => {
      const reqId = this.nextId();
      this.pending.set(reqId, (reply) => {
        if (reply.type === 'snapshot') this.store(reply.json, reply.record);
        resolve();
      });
      this.send({ type: 'save', v: PROTOCOL_VERSION, reqId } satisfies UiToSim);
    });
  }

  /** The saved cluster to restore, if there is one this version can read; problems are said, never silent. */
  private savedSnapshot(): ClusterState | undefined {
    const saved = persist.loadSnapshot<ClusterState>();
    if (saved.error !== undefined) {
      useAppStore.getState().addNotice('app.restoreFailed');
      return undefined;
    }
    const kind = saved.snapshot === undefined ? undefined : classifySnapshot(saved.snapshot);
    if (kind === 'newer') {
      this.keepSavedSnapshot = true;
      useAppStore.getState().addNotice('app.snapshotNewer');
      return undefined;
    }
    if (kind === 'foreign') {
      persist.remove(persist.KEYS.snapshot);
      useAppStore.getState().addNotice('app.restoreFailed');
      return undefined;
    }
    return saved.snapshot;
  }

  /** Loads the cluster saved on the last visit if there is one, else applies `yaml`. */
  async init(yaml: string, opts: { restore: boolean; session?: { record: SessionRecord; cursor: number } }): Promise<Result & { restored: boolean }> {
    const snapshot = opts.restore && this.persistEnabled ? this.savedSnapshot() : undefined;
    const message: UiToSim = { type: 'init', v: PROTOCOL_VERSION, reqId: this.nextId(), yaml };
    if (snapshot) message.snapshot = snapshot;
    // A share link replays its session; a restored snapshot brings the record that led to it.
    const session = opts.session?.record ?? (snapshot ? loadSessionRecord() : undefined);
    if (session) message.session = session;
    if (opts.session) message.cursor = opts.session.cursor;
    const result = await this.request(message);
    const restored = result.message === 'restored';
    if (restored) this.lastSnapshot = snapshot;
    if (result.restoreError !== undefined) {
      // Never a silent drop: the page says the saved cluster is gone, and the YAML was applied instead.
      persist.remove(persist.KEYS.snapshot);
      useAppStore.getState().addNotice('app.restoreFailed');
    }
    this.afterApply(restored || result.message === 'replayed' ? { ...result, message: '' } : result, yaml);
    this.heartbeat?.start();
    return { ...result, restored };
  }

  async apply(yaml: string): Promise<Result> {
    const result = await this.request({ type: 'apply', v: PROTOCOL_VERSION, reqId: this.nextId(), yaml });
    this.afterApply(result, yaml);
    return result;
  }

  /**
   * Shows an apply as kubectl reports it: a line for every object applied and every error at its
   * line, both at once (a multi-document apply can do some and refuse others). Nothing of the
   * previous apply stays; a call that failed outright says so in the problems list.
   */
  private afterApply(result: Result & { diagnostics?: unknown; failed?: boolean }, yaml: string): void {
    const store = useAppStore.getState();
    if (result.failed) {
      store.setDiagnostics([{ message: words('editor.applyFailed', { message: result.message }) }]);
      store.setApplyResult(undefined);
      return;
    }
    store.setDiagnostics((result.diagnostics as never) ?? []);
    store.setApplyResult(result.message ? result.message : undefined);
    if (result.ok) store.setDrift(false);
    if (result.ok) {
      store.setApplied(yaml);
      if (this.persistEnabled) {
        if (persist.trySave(YAML_KEY, yaml) === 'quota') store.addNotice('app.yamlSaveFailed');
      }
    }
  }

  async command(command: UserCommand): Promise<Result> {
    const result = await this.request({ type: 'command', v: PROTOCOL_VERSION, reqId: this.nextId(), command });
    useAppStore.getState().setLastResult(result.failed ? { ok: false, message: words('app.hostError', { message: result.message }) } : result);
    const specChange = ['scale', 'setImage', 'setPartition', 'setStrategy', 'rollback', 'pauseRollout'].includes(command.type);
    if (result.ok && specChange) useAppStore.getState().setDrift(true);
    return result;
  }

  /** Runs one kubectl line in the simulated cluster; `-f` files read the editor's YAML. `terminal`: the console's shell (waits, sessions). */
  kubectl(line: string, yaml: string, opts: { terminal?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string; reqId: number; watching: boolean; prompt?: string; waiting?: string }> {
    return new Promise((resolve) => {
      const reqId = this.nextId();
      this.pending.set(reqId, (reply) => {
        if (reply.type === 'kubectl') {
          const { code, stdout, stderr, prompt, waiting } = reply;
          resolve({ code, stdout, stderr, reqId, watching: reply.watching === true, ...(prompt === undefined ? {} : { prompt }), ...(waiting === undefined ? {} : { waiting }) });
        } else resolve({ code: 1, stdout: '', stderr: `${reply.type === 'error' ? words('app.hostError', { message: reply.message }) : 'unexpected reply'}\n`, reqId, watching: false });
      });
      this.send({ type: 'kubectl', v: PROTOCOL_VERSION, reqId, line, yaml, ...(opts.terminal ? { terminal: true } : {}) } satisfies UiToSim);
    });
  }

  /** Ends the console's running watch. */
  stopWatch(): void {
    this.port.postMessage({ type: 'stopWatch', v: PROTOCOL_VERSION } satisfies UiToSim);
  }

  /** The object's YAML, or undefined when it is gone. */
  async inspect(kind: string, name: string): Promise<string | undefined> {
    const result = await this.request({ type: 'inspect', v: PROTOCOL_VERSION, reqId: this.nextId(), kind, name });
    return result.ok ? result.message : undefined;
  }

  /** A speed that is not a number keeps the current one; others are held to 0.25×–100× (what the host runs). */
  playback(playing: boolean, speed: number): void {
    const current = useAppStore.getState().speed;
    const safe = Number.isFinite(speed) ? Math.min(100, Math.max(0.25, speed)) : current;
    useAppStore.getState().setPlayback(playing, safe);
    this.port.postMessage({ type: 'playback', v: PROTOCOL_VERSION, playing, speed: safe } satisfies UiToSim);
  }

  async step(): Promise<void> {
    await this.request({ type: 'step', v: PROTOCOL_VERSION, reqId: this.nextId() });
  }

  /** Shows the moment `time` (virtual ms); at or after the live end, the live cluster. */
  async seek(time: number): Promise<void> {
    await this.request({ type: 'seek', v: PROTOCOL_VERSION, reqId: this.nextId(), time });
  }

  /** Continue from the moment shown: its future is discarded. */
  async fork(): Promise<Result> {
    return this.request({ type: 'fork', v: PROTOCOL_VERSION, reqId: this.nextId() });
  }

  /** The session record up to the live end (undefined when it began from a record-less restore) and the moment shown. */
  record(): Promise<{ record: SessionRecord | undefined; cursor: number }> {
    return new Promise((resolve) => {
      const reqId = this.nextId();
      this.pending.set(reqId, (reply) => resolve(reply.type === 'record' ? { record: reply.record ?? undefined, cursor: reply.cursor } : { record: undefined, cursor: 0 }));
      this.port.postMessage({ type: 'record', v: PROTOCOL_VERSION, reqId } satisfies UiToSim);
    });
  }

  async reset(yaml: string): Promise<Result> {
    const result = await this.request({ type: 'reset', v: PROTOCOL_VERSION, reqId: this.nextId(), yaml });
    this.afterApply(result, yaml);
    return result;
  }

  /** Stops the heartbeat and the host (tests; a page simply unloads). */
  dispose(): void {
    this.heartbeat?.stop();
    clearTimeout(this.saveTimer);
    this.transport?.kill();
  }
}

export const YAML_STORAGE_KEY = YAML_KEY;
