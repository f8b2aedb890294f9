/**
 * The simulation host: owns one engine Cluster, answers the page's messages, and plays virtual time
 * forward while "playing". It runs inside the web worker, or on the main thread through a
 * MessageChannel where workers are blocked (sandboxed iframes). Testable with any Port.
 */
import { restoreCluster, type Cluster, type Terminal } from '../engine/index.ts';
import { isReadOnlyKubectl, readsYaml, runCommand, runKubectl, terminalFor } from './actions.ts';
import { History } from './history.ts';
import { assertNever, isUiToSim, PROTOCOL_VERSION, type Port, type SimToUi, type UiToSim } from './protocol.ts';
import { stringify } from 'yaml';
import { isDiffEmpty, ViewBuilder } from './view.ts';

export interface HostClock {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

/** Real time, for the worker and the main-thread fallback. */
export const wallClock: HostClock = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

const TICK_MS = 100;
/** How `kubectl apply` names each kind in its output lines. */
const KUBECTL_NAMES: Record<string, string> = {
  StatefulSet: 'statefulset.apps',
  Deployment: 'deployment.apps',
  ReplicaSet: 'replicaset.apps',
  PodDisruptionBudget: 'poddisruptionbudget.policy',
  Role: 'role.rbac.authorization.k8s.io',
  RoleBinding: 'rolebinding.rbac.authorization.k8s.io',
  ClusterRole: 'clusterrole.rbac.authorization.k8s.io',
  ClusterRoleBinding: 'clusterrolebinding.rbac.authorization.k8s.io',
  StorageClass: 'storageclass.storage.k8s.io',
  ControllerRevision: 'controllerrevision.apps',
  EndpointSlice: 'endpointslice.discovery.k8s.io',
};
/** The timeline goes to the page at most this often (wall ms) while time runs. */
const TIMELINE_EVERY_MS = 1000;
/** What a change to the past says (the timeline's "Continue from here" lifts it). */
export const PAST_READ_ONLY = 'timeline: this is a past moment; choose "Continue from here" to change it';
/** Step looks this far ahead for the next change before giving up. */
const STEP_HORIZON_MS = 15 * 60_000;

/** kubectl apply's output lines, e.g. `statefulset.apps/web configured`. */
function summarize(objects: { kind: string; name: string; action: string }[]): string {
  return objects.map((o) => `${KUBECTL_NAMES[o.kind] ?? o.kind.toLowerCase()}/${o.name} ${o.action}`).join('\n');
}

export interface SimHost {
  dispose(): void;
}

/** The cluster's snapshot as JSON, or undefined when it is too large to write out (a RangeError). */
function snapshotJson(cluster: Cluster): string | undefined {
  try {
    return JSON.stringify(cluster.snapshot());
  } catch {
    return undefined;
  }
}

export function createSimHost(port: Port, clock: HostClock = wallClock): SimHost {
  /** The cluster the page sees: the live one, or a past moment rebuilt from the history. */
  let cluster: Cluster | undefined;
  /** The session goes on here; frozen while the page looks at the past. */
  let live: Cluster | undefined;
  let history: History | undefined;
  /** Looking at the past: how many recorded actions the shown cluster already contains. */
  let pastActions = 0;
  /** Builds each view from the previous one and the writes since (one per cluster). */
  let builder: ViewBuilder | undefined;
  /** Virtual time of the last message the page got: a diff with nothing but the clock goes once a virtual second. */
  let sentTime = 0;
  let seq = 0;
  let playing = false;
  let speed = 1;
  let lastTick = clock.now();
  let timelineSent = -Infinity;
  let timelineKey = '';

  const post = (message: SimToUi) => port.postMessage(message);
  const v = PROTOCOL_VERSION;
  const inPast = () => cluster !== undefined && cluster !== live;

  /** The console's running `get -w`, if any: its rows stream as time passes. */
  let watch: { reqId: number; poll(): string } | undefined;
  /** The console's terminal (one per cluster) and the editor text its `-f` names and `-f -` read. */
  let terminalOf: Cluster | undefined;
  /** The console request whose terminal command still waits on the clock. */
  let terminalReq: number | undefined;
  const term = (): Terminal => {
    if (terminalOf !== cluster) {
      terminalOf = cluster;
      terminalReq = undefined;
    }
    return terminalFor(cluster as Cluster).terminal;
  };
  const endTerminal = (reqId: number) => {
    const t = term();
    if (t.mode === 'busy') return;
    terminalReq = undefined;
    post({ type: 'stream', v, reqId, stdout: '', end: { code: t.lastStatus, prompt: t.prompt } });
  };
  const pumpWatch = () => {
    if (watch) {
      const text = watch.poll();
      if (text) post({ type: 'stream', v, reqId: watch.reqId, stdout: text });
    }
    if (terminalReq !== undefined && terminalOf === cluster) {
      const reqId = terminalReq;
      const terminal = term();
      const ended = terminal.waitsEnded;
      const out = terminal.poll();
      // The moment a wait ended is recorded: a replay resumes the command at the same virtual time.
      if (terminal.waitsEnded !== ended && live && cluster === live && !inPast()) history?.record({ t: live.now(), type: 'terminal', signal: 'resume' });
      if (out.stdout || out.stderr) post({ type: 'stream', v, reqId, stdout: out.stdout, stderr: out.stderr });
      endTerminal(reqId);
    }
  };

  const sendFrame = () => {
    if (!cluster) return;
    builder = new ViewBuilder(cluster);
    const { view } = builder.build();
    seq += 1;
    sentTime = view.time;
    post({ type: 'frame', v, seq, view });
  };

  /** Sends what changed; true when something besides the clock did. */
  const sendDiff = (): boolean => {
    if (!cluster) return false;
    if (!builder || builder.cluster !== cluster) {
      sendFrame();
      return true;
    }
    const { diff } = builder.build();
    if (!diff) return false;
    const empty = isDiffEmpty(diff);
    // An idle cluster only moves the clock: the page words ages from it, a second at a time is enough.
    if (empty && Math.floor(diff.time / 1000) === Math.floor(sentTime / 1000)) return false;
    const baseSeq = seq;
    seq += 1;
    sentTime = diff.time;
    post({ type: 'diff', v, seq, baseSeq, diff });
    return !empty;
  };

  /** The live cluster moved: note the change for ←/→, and keep a checkpoint now and then. */
  const afterLive = (changed: boolean) => {
    if (!live || !history || inPast()) return;
    if (changed) history.noteInstant(live.now());
    // Only while the console's terminal rests: a checkpoint holds the cluster, not a half-run command.
    const rest = terminalFor(live).terminal;
    if (rest.mode === 'idle' && rest.prompt === '$ ') history.maybeCheckpoint(live, clock.now());
  };

  const sendTimeline = (force: boolean) => {
    if (!live || !history || !cluster) return;
    const now = clock.now();
    if (!force && now - timelineSent < TIMELINE_EVERY_MS) return;
    const instants = history.instants();
    const cursor = inPast() ? cluster.now() : null;
    // The live end alone is no news: the page reads it from the view's clock.
    const key = `${cursor}|${instants.length}|${instants.at(-1)}|${history.actions.length}`;
    if (!force && key === timelineKey) return;
    timelineSent = now;
    timelineKey = key;
    post({ type: 'timeline', v, start: history.start, end: live.now(), cursor, marks: history.marks(), instants, total: history.userActionCount() });
  };

  const begin = (made: { history: History; cluster: Cluster }) => {
    history = made.history;
    live = made.cluster;
    cluster = live;
    watch = undefined;
    history.maybeCheckpoint(live, clock.now(), true);
  };

  const fresh = (yaml: string, seed?: number) => {
    const made = History.start(yaml, seed);
    begin(made);
    history?.noteInstant(made.cluster.now());
    return made.result;
  };

  /** Back to the live cluster (from the past, or when a replay reached the live end). */
  const goLive = () => {
    cluster = live;
    pastActions = 0;
  };

  /** Shows the moment `time`: rebuilt from the history, or the live cluster (moved on when asked beyond it). */
  const seek = (time: number) => {
    if (!live || !history) return;
    if (time >= live.now()) {
      goLive();
      if (time > live.now()) live.advance(time - live.now());
      return;
    }
    // Forward from the moment shown, when no checkpoint is nearer: play on instead of rebuilding.
    if (inPast() && cluster && cluster.now() <= time && history.nearestCheckpoint(time) <= cluster.now()) {
      pastActions = history.replayInto(cluster, pastActions, time, false);
      return;
    }
    cluster = history.rebuild(time);
    pastActions = history.actionsUpTo(cluster.now());
  };

  /** Plays the past forward (the recorded actions at their times); at the live end the session is live again. */
  const advancePast = (target: number) => {
    if (!cluster || !live || !history) return;
    const end = live.now();
    pastActions = history.replayInto(cluster, pastActions, Math.min(target, end), false);
    if (cluster.now() >= end) goLive();
  };

  const stopTicking = clock.every(TICK_MS, () => {
    const now = clock.now();
    const elapsed = now - lastTick;
    lastTick = now;
    // A console command that waits (delete, wait, run -it) keeps the clock going, as a real cluster would.
    const waiting = terminalReq !== undefined && terminalOf === cluster && !inPast();
    if ((!playing && !waiting) || !cluster) return;
    const ms = Math.min(elapsed, 1000) * Math.max(speed, playing ? 0 : 1);
    const wasPast = inPast();
    if (wasPast) advancePast(cluster.now() + ms);
    else cluster.advance(ms);
    pumpWatch();
    afterLive(sendDiff());
    // A replay that reached the live end says so at once (the page leaves its "past" look).
    sendTimeline(wasPast && !inPast());
  });

  /** Advances to the next write (or the horizon), so "step" always shows something happen. */
  const step = () => {
    const c = cluster;
    if (!c || !history || !live) return;
    if (inPast()) {
      const next = [...history.instants(), ...history.actions.map((a) => a.t)].filter((t) => t > c.now()).sort((a, b) => a - b)[0];
      advancePast(next ?? live.now());
      return;
    }
    const before = c.changes(c.now()).length;
    const start = c.now();
    let stride = 50;
    while (c.now() - start < STEP_HORIZON_MS) {
      c.advance(stride);
      if (c.changes(start).length > before) return;
      stride = Math.min(stride * 2, 5_000);
    }
  };

  /** A change to the live session: refused while the page shows the past. */
  const pastRefusal = () => (inPast() ? PAST_READ_ONLY : undefined);

  const handle = (message: UiToSim) => {
    switch (message.type) {
      case 'init': {
        let restored = false;
        let restoreError: string | undefined;
        if (message.snapshot) {
          try {
            const c = restoreCluster(message.snapshot);
            begin({ history: History.restored(message.snapshot, message.session), cluster: c });
            restored = true;
          } catch (err) {
            restoreError = err instanceof Error ? err.message : String(err);
          }
        }
        let result = { ok: true, errors: [] as ReturnType<Cluster['apply']>['errors'], objects: [] as ReturnType<Cluster['apply']>['objects'] };
        let replayed = false;
        if (!restored && message.session) {
          try {
            begin(History.replay(message.session));
            replayed = true;
            if (message.cursor !== undefined && live && message.cursor < live.now()) seek(message.cursor);
          } catch (err) {
            restoreError = err instanceof Error ? err.message : String(err);
          }
        }
        if (!restored && !replayed) result = fresh(message.yaml, message.seed);
        post({ type: 'ready', v });
        const reply: SimToUi = {
          type: 'result',
          v,
          reqId: message.reqId,
          ok: result.ok,
          message: restored ? 'restored' : replayed ? 'replayed' : summarize(result.objects),
          diagnostics: result.errors,
        };
        if (restoreError !== undefined) reply.restoreError = restoreError;
        post(reply);
        sendFrame();
        sendTimeline(true);
        return;
      }
      case 'apply': {
        const refused = pastRefusal();
        if (refused) {
          post({ type: 'result', v, reqId: message.reqId, ok: false, message: refused, diagnostics: [] });
          return;
        }
        if (!live) fresh('');
        const t = (live as Cluster).now();
        const result = (live as Cluster).apply(message.yaml);
        history?.record({ t, type: 'apply', yaml: message.yaml });
        post({ type: 'result', v, reqId: message.reqId, ok: result.ok, message: summarize(result.objects), diagnostics: result.errors });
        afterLive(sendDiff());
        sendTimeline(true);
        return;
      }
      case 'command': {
        const refused = pastRefusal();
        if (refused || !live) {
          post({ type: 'result', v, reqId: message.reqId, ok: false, message: refused ?? 'no cluster' });
          return;
        }
        const t = live.now();
        const result = runCommand(live, message.command);
        history?.record({ t, type: 'command', command: message.command });
        pumpWatch();
        post({ type: 'result', v, reqId: message.reqId, ok: result.ok, message: result.message });
        afterLive(sendDiff());
        sendTimeline(true);
        return;
      }
      case 'playback':
        playing = message.playing;
        // A speed that is not a number keeps the current one (NaN would stall the clock for good).
        if (Number.isFinite(message.speed)) speed = Math.min(100, Math.max(0.25, message.speed));
        lastTick = clock.now();
        return;
      case 'step':
        step();
        pumpWatch();
        post({ type: 'result', v, reqId: message.reqId, ok: true, message: 'stepped' });
        afterLive(sendDiff());
        sendTimeline(true);
        return;
      case 'reset': {
        const result = fresh(message.yaml);
        post({ type: 'result', v, reqId: message.reqId, ok: result.ok, message: summarize(result.objects), diagnostics: result.errors });
        sendFrame();
        sendTimeline(true);
        return;
      }
      case 'save':
        // Always answered: the page also uses it to check that the worker is alive.
        if (live) {
          const reply: SimToUi = { type: 'snapshot', v, reqId: message.reqId };
          const json = snapshotJson(live);
          if (json !== undefined) reply.json = json;
          const record = history?.toRecord(live.now());
          if (record) reply.record = record;
          post(reply);
        } else post({ type: 'result', v, reqId: message.reqId, ok: false, message: 'no cluster yet' });
        return;
      case 'stopWatch':
        watch = undefined;
        if (cluster && (terminalReq !== undefined || term().prompt !== '$ ')) {
          const reqId = terminalReq ?? 0;
          const out = term().interrupt();
          if (live && cluster === live && !inPast()) history?.record({ t: live.now(), type: 'terminal', signal: 'interrupt' });
          post({ type: 'stream', v, reqId, stdout: out.stdout, stderr: out.stderr });
          endTerminal(reqId);
          sendDiff();
        }
        return;
      case 'ping':
        post({ type: 'pong', v, reqId: message.reqId });
        return;
      case 'resync':
        sendFrame();
        return;
      case 'kubectl': {
        const refused = pastRefusal();
        if (refused && !isReadOnlyKubectl(message.line)) {
          post({ type: 'kubectl', v, reqId: message.reqId, code: 1, stdout: '', stderr: `${refused}\n` });
          return;
        }
        if (!live) fresh('');
        const c = cluster as Cluster;
        watch = undefined;
        const watcher = !message.terminal || term().mode === 'idle' ? c.kubectlWatch(message.line) : undefined;
        if (watcher) {
          const { code, stdout, stderr } = watcher.initial;
          if (code === 0) watch = { reqId: message.reqId, poll: () => watcher.poll() };
          post({ type: 'kubectl', v, reqId: message.reqId, code, stdout, stderr, watching: code === 0 });
          return;
        }
        if (!message.terminal) {
          // One plain kubectl() call (the tutorial panel's steps): no waiting, no sessions.
          const t = c.now();
          const writesBefore = c.changes(t).length;
          const out = runKubectl(c, message.line, message.yaml);
          // Read-only lines stay out of the record unless they moved time or wrote after all.
          const mattered = !isReadOnlyKubectl(message.line) || c.now() !== t || c.changes(t).length !== writesBefore;
          if (mattered && !inPast()) history?.record(readsYaml(message.line) ? { t, type: 'kubectl', line: message.line, yaml: message.yaml } : { t, type: 'kubectl', line: message.line });
          post({ type: 'kubectl', v, reqId: message.reqId, code: out.code, stdout: out.stdout, stderr: out.stderr });
          afterLive(sendDiff());
          if (mattered) sendTimeline(true);
          return;
        }
        // The console's lines run in its terminal: the shell around kubectl, waits and pod sessions.
        const entry = terminalFor(c);
        entry.yaml = message.yaml;
        const t = term();
        const at = c.now();
        const writesBefore = c.changes(at).length;
        const wasIdle = t.mode === 'idle' && t.prompt === '$ ';
        const out = t.input(message.line);
        const busy = t.mode === 'busy';
        if (busy) terminalReq = message.reqId;
        const reply: SimToUi = { type: 'kubectl', v, reqId: message.reqId, code: t.lastStatus, stdout: out.stdout, stderr: out.stderr, watching: busy, prompt: t.prompt };
        const waitingFor = t.waitingFor;
        if (busy && waitingFor !== undefined) reply.waiting = waitingFor;
        post(reply);
        // Every line that could change the terminal or the cluster is recorded, so a replay types it too.
        // A blank line (the console asks for its prompt with one) changes nothing anywhere.
        const mattered = message.line.trim() !== '' && (!isReadOnlyKubectl(message.line) || !wasIdle || t.mode !== 'idle' || t.prompt !== '$ ' || c.now() !== at || c.changes(at).length !== writesBefore);
        if (mattered && !inPast()) history?.record(readsYaml(message.line) ? { t: at, type: 'terminal', line: message.line, yaml: message.yaml } : { t: at, type: 'terminal', line: message.line });
        afterLive(sendDiff());
        if (mattered) sendTimeline(true);
        return;
      }
      case 'inspect': {
        const obj = cluster?.get(message.kind, message.name, message.namespace ?? 'default');
        post({ type: 'result', v, reqId: message.reqId, ok: !!obj, message: obj ? stringify(obj) : `${message.kind} "${message.name}" not found` });
        return;
      }
      case 'seek':
        seek(message.time);
        post({ type: 'result', v, reqId: message.reqId, ok: true, message: 'seeked' });
        afterLive(sendDiff());
        sendTimeline(true);
        return;
      case 'fork': {
        if (!inPast() || !cluster || !history) {
          post({ type: 'result', v, reqId: message.reqId, ok: false, message: 'already live' });
          return;
        }
        // Continue from here: this moment becomes the live cluster, its future is gone.
        history.truncate(cluster.now());
        live = cluster;
        pastActions = 0;
        history.maybeCheckpoint(live, clock.now(), true);
        post({ type: 'result', v, reqId: message.reqId, ok: true, message: 'forked' });
        sendTimeline(true);
        return;
      }
      case 'record': {
        const record = live && history ? history.toRecord(live.now()) : undefined;
        post({ type: 'record', v, reqId: message.reqId, record: record ?? null, cursor: cluster?.now() ?? 0 });
        return;
      }
      default:
        assertNever(message);
    }
  };

  port.addEventListener('message', (event) => {
    const data = event.data;
    if (!isUiToSim(data)) {
      post({ type: 'error', v, message: 'unrecognised message' });
      return;
    }
    try {
      handle(data);
    } catch (err) {
      // The request is answered either way: the page's call ends with this message, never hangs.
      const reply: SimToUi = { type: 'error', v, message: err instanceof Error ? err.message : String(err) };
      if ('reqId' in data) reply.reqId = data.reqId;
      post(reply);
    }
  });

  return { dispose: stopTicking };
}
