/**
 * The page's side of the protocol: starts the engine in a module worker, or on the main thread
 * through a MessageChannel when workers are blocked (sandboxed iframes), and feeds the store.
 */
import type { ClusterState } from '../../engine/index.ts';
import { isSimToUi, PROTOCOL_VERSION, type Port, type SessionRecord, type SimToUi, type UiToSim, type UserCommand } from '../../worker/protocol.ts';
import { loadSessionRecord, saveSessionRecord } from '../share/session.ts';
import { applyDiff, isDiffEmpty } from '../../worker/viewModel.ts';
import { useAppStore } from '../store/index.ts';
import * as persist from '../store/persist.ts';

type Result = { ok: boolean; message: string };
type Pending = (message: Extract<SimToUi, { type: 'result' } | { type: 'snapshot' } | { type: 'kubectl' } | { type: 'record' }>) => void;

const YAML_KEY = persist.KEYS.yaml;

export class SimClient {
  private readonly port: Port;
  private reqId = 0;
  private readonly pending = new Map<number, Pending>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly persistEnabled: boolean;
  /** Receives the rows of the console's running watch. */
  onStream: ((reqId: number, text: string) => void) | undefined;

  private constructor(port: Port, persistEnabled: boolean) {
    this.port = port;
    this.persistEnabled = persistEnabled;
    port.addEventListener('message', (event) => this.receive(event.data));
  }

  /** Starts the engine: a worker if possible, else the same host on the main thread. */
  static async start(opts: { persist: boolean }): Promise<SimClient> {
    try {
      const worker = new Worker(new URL('../../worker/sim.worker.ts', import.meta.url), { type: 'module' });
      const client = new SimClient(worker as unknown as Port, opts.persist);
      // A worker that cannot load (CSP, origin null) fails asynchronously: fall back then too.
      const ok = await new Promise<boolean>((resolve) => {
        worker.addEventListener('error', () => resolve(false), { once: true });
        client.ping().then(() => resolve(true), () => resolve(false));
        setTimeout(() => resolve(true), 4000);
      });
      if (ok) return client;
      worker.terminate();
    } catch {
      // SecurityError in sandboxed iframes without allow-same-origin.
    }
    const { createSimHost } = await import('../../worker/host.ts');
    const channel = new MessageChannel();
    createSimHost(channel.port1 as unknown as Port);
    channel.port1.start();
    channel.port2.start();
    useAppStore.getState().setFallback(true);
    return SimClient.over(channel.port2 as unknown as Port, opts);
  }

  /** A client over any port to a host (the main-thread fallback, and tests). */
  static over(port: Port, opts: { persist: boolean }): SimClient {
    return new SimClient(port, opts.persist);
  }

  private ping(): Promise<void> {
    return new Promise((resolve, reject) => {
      const reqId = this.nextId();
      this.pending.set(reqId, () => resolve());
      this.port.postMessage({ type: 'save', v: PROTOCOL_VERSION, reqId } satisfies UiToSim);
      setTimeout(() => {
        if (this.pending.delete(reqId)) resolve();
      }, 3000);
      void reject;
    });
  }

  private nextId(): number {
    this.reqId += 1;
    return this.reqId;
  }

  private request(message: UiToSim & { reqId: number }): Promise<Result & { diagnostics?: unknown; restoreError?: string }> {
    return new Promise((resolve) => {
      this.pending.set(message.reqId, (reply) => {
        if (reply.type === 'result') resolve(reply);
        else resolve({ ok: true, message: '' });
      });
      this.port.postMessage(message);
    });
  }

  private receive(data: unknown): void {
    if (!isSimToUi(data)) return;
    const store = useAppStore.getState();
    switch (data.type) {
      case 'ready':
        return;
      case 'frame':
        store.setView(data.view, data.seq);
        this.scheduleSave();
        return;
      case 'diff': {
        const current = store.view;
        // A diff for a frame this page never saw: ask for everything again.
        if (!current || store.seq !== data.baseSeq) return;
        store.setView(applyDiff(current, data.diff), data.seq);
        // A diff that only moves the clock changes nothing worth saving.
        if (!isDiffEmpty(data.diff)) this.scheduleSave();
        return;
      }
      case 'timeline': {
        const { start, end, cursor, marks, instants, total } = data;
        store.setTimeline({ start, end, cursor, marks, instants, total });
        return;
      }
      case 'result':
      case 'kubectl':
      case 'record':
      case 'snapshot': {
        const pending = this.pending.get(data.reqId);
        this.pending.delete(data.reqId);
        if (data.type === 'snapshot' && !pending) this.store(data.snapshot, data.record);
        pending?.(data);
        return;
      }
      case 'error':
        store.setLastResult({ ok: false, message: data.message });
        return;
      case 'stream':
        this.onStream?.(data.reqId, data.stdout);
        return;
    }
  }

  /** Keeps the snapshot (the draft first); when the browser refuses, the page says what is lost. */
  private store(snapshot: ClusterState, record?: SessionRecord): void {
    if (!this.persistEnabled) return;
    const state = useAppStore.getState();
    let json: string | undefined;
    try {
      json = JSON.stringify(snapshot);
    } catch {
      // RangeError: a cluster too large to write out at all.
      json = undefined;
    }
    const outcome = persist.saveWork(state.yaml, json);
    saveSessionRecord(outcome.snapshot === 'ok' ? record : undefined);
    if (outcome.snapshot === 'ok') state.dismissNotice('app.saveFailed');
    else state.addNotice('app.saveFailed');
    if (outcome.draft === 'ok') state.dismissNotice('app.yamlSaveFailed');
    else state.addNotice('app.yamlSaveFailed');
  }

  /** Saves the cluster a little after it changes (and the page can always be reloaded). */
  private scheduleSave(): void {
    if (!this.persistEnabled || this.saveTimer) return;
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
        if (reply.type === 'snapshot') this.store(reply.snapshot, reply.record);
        resolve();
      });
      this.port.postMessage({ type: 'save', v: PROTOCOL_VERSION, reqId } satisfies UiToSim);
    });
  }

  /** Loads the cluster saved on the last visit if there is one, else applies `yaml`. */
  async init(yaml: string, opts: { restore: boolean; session?: { record: SessionRecord; cursor: number } }): Promise<Result & { restored: boolean }> {
    let snapshot: ClusterState | undefined;
    let unreadable = false;
    if (opts.restore && this.persistEnabled) {
      const saved = persist.loadSnapshot<ClusterState>();
      snapshot = saved.snapshot;
      unreadable = saved.error !== undefined;
    }
    const message: UiToSim = { type: 'init', v: PROTOCOL_VERSION, reqId: this.nextId(), yaml };
    if (snapshot) message.snapshot = snapshot;
    // A share link replays its session; a restored snapshot brings the record that led to it.
    const session = opts.session?.record ?? (snapshot ? loadSessionRecord() : undefined);
    if (session) message.session = session;
    if (opts.session) message.cursor = opts.session.cursor;
    const result = await this.request(message);
    const restored = result.message === 'restored';
    if (unreadable || (snapshot && result.restoreError !== undefined)) {
      // Never a silent drop: the page says the saved cluster is gone, and the YAML was applied instead.
      persist.remove(persist.KEYS.snapshot);
      useAppStore.getState().addNotice('app.restoreFailed');
    }
    this.afterApply(restored || result.message === 'replayed' ? { ...result, message: '' } : result, yaml);
    return { ...result, restored };
  }

  async apply(yaml: string): Promise<Result> {
    const result = await this.request({ type: 'apply', v: PROTOCOL_VERSION, reqId: this.nextId(), yaml });
    this.afterApply(result, yaml);
    return result;
  }

  private afterApply(result: Result & { diagnostics?: unknown }, yaml: string): void {
    const store = useAppStore.getState();
    store.setDiagnostics((result.diagnostics as never) ?? []);
    store.setApplyResult(result.ok && result.message ? result.message : undefined);
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
    useAppStore.getState().setLastResult(result);
    const specChange = ['scale', 'setImage', 'setPartition', 'setStrategy', 'rollback', 'pauseRollout'].includes(command.type);
    if (result.ok && specChange) useAppStore.getState().setDrift(true);
    return result;
  }

  /** Runs one kubectl line in the simulated cluster; `-f` files read the editor's YAML. */
  kubectl(line: string, yaml: string): Promise<{ code: number; stdout: string; stderr: string; reqId: number; watching: boolean }> {
    return new Promise((resolve) => {
      const reqId = this.nextId();
      this.pending.set(reqId, (reply) => {
        if (reply.type === 'kubectl') resolve({ code: reply.code, stdout: reply.stdout, stderr: reply.stderr, reqId, watching: reply.watching === true });
        else resolve({ code: 1, stdout: '', stderr: 'unexpected reply\n', reqId, watching: false });
      });
      this.port.postMessage({ type: 'kubectl', v: PROTOCOL_VERSION, reqId, line, yaml } satisfies UiToSim);
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

  playback(playing: boolean, speed: number): void {
    useAppStore.getState().setPlayback(playing, speed);
    this.port.postMessage({ type: 'playback', v: PROTOCOL_VERSION, playing, speed } satisfies UiToSim);
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
}

export const YAML_STORAGE_KEY = YAML_KEY;
