/**
 * The simulation host: owns one engine Cluster, answers the page's messages, and plays virtual time
 * forward while "playing". It runs inside the web worker, or on the main thread through a
 * MessageChannel where workers are blocked (sandboxed iframes). Testable with any Port.
 */
import { createCluster, restoreCluster, type Cluster, type Terminal } from '../engine/index.ts';
import { assertNever, isUiToSim, PROTOCOL_VERSION, type Port, type SimToUi, type UiToSim, type UserCommand } from './protocol.ts';
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
/** Step looks this far ahead for the next change before giving up. */
const STEP_HORIZON_MS = 15 * 60_000;

/** kubectl apply's output lines, e.g. `statefulset.apps/web configured`. */
function summarize(objects: { kind: string; name: string; action: string }[]): string {
  return objects.map((o) => `${KUBECTL_NAMES[o.kind] ?? o.kind.toLowerCase()}/${o.name} ${o.action}`).join('\n');
}

export interface SimHost {
  dispose(): void;
}

export function createSimHost(port: Port, clock: HostClock = wallClock): SimHost {
  let cluster: Cluster | undefined;
  /** Builds each view from the previous one and the writes since (one per cluster). */
  let builder: ViewBuilder | undefined;
  /** Virtual time of the last message the page got: a diff with nothing but the clock goes once a virtual second. */
  let sentTime = 0;
  let seq = 0;
  let playing = false;
  let speed = 1;
  let lastTick = clock.now();

  const post = (message: SimToUi) => port.postMessage(message);
  const v = PROTOCOL_VERSION;

  /** The console's running `get -w`, if any: its rows stream as time passes. */
  let watch: { reqId: number; poll(): string } | undefined;
  /** The console's terminal (one per cluster) and the editor text its `-f` names and `-f -` read. */
  let terminal: Terminal | undefined;
  let terminalOf: Cluster | undefined;
  let editorYaml = '';
  /** The console request whose terminal command still waits on the clock. */
  let terminalReq: number | undefined;
  const term = (): Terminal => {
    if (!terminal || terminalOf !== cluster) {
      terminal = (cluster as Cluster).terminal({ file: () => editorYaml, stdin: () => editorYaml });
      terminalOf = cluster;
      terminalReq = undefined;
    }
    return terminal;
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
    if (terminalReq !== undefined && terminal && terminalOf === cluster) {
      const reqId = terminalReq;
      const out = terminal.poll();
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

  const sendDiff = () => {
    if (!cluster) return;
    if (!builder || builder.cluster !== cluster) return sendFrame();
    const { diff } = builder.build();
    if (!diff) return;
    // An idle cluster only moves the clock: the page words ages from it, a second at a time is enough.
    if (isDiffEmpty(diff) && Math.floor(diff.time / 1000) === Math.floor(sentTime / 1000)) return;
    const baseSeq = seq;
    seq += 1;
    sentTime = diff.time;
    post({ type: 'diff', v, seq, baseSeq, diff });
  };

  const fresh = (yaml: string, seed?: number) => {
    cluster = createCluster(seed === undefined ? {} : { seed });
    return cluster.apply(yaml);
  };

  const stopTicking = clock.every(TICK_MS, () => {
    const now = clock.now();
    const elapsed = now - lastTick;
    lastTick = now;
    // A console command that waits (delete, wait, run -it) keeps the clock going, as a real cluster would.
    const waiting = terminalReq !== undefined && terminalOf === cluster;
    if ((!playing && !waiting) || !cluster) return;
    cluster.advance(Math.min(elapsed, 1000) * Math.max(speed, playing ? 0 : 1));
    pumpWatch();
    sendDiff();
  });

  const run = (command: UserCommand): { ok: boolean; message: string } => {
    const c = cluster;
    if (!c) return { ok: false, message: 'no cluster' };
    switch (command.type) {
      case 'scale':
        // Deployments through kubectl's scale path would need its scaler; the spec field is the same write.
        if (command.kind === 'Deployment') return c.patch('deploy', command.set, { spec: { replicas: command.replicas } }, { type: 'merge' });
        return c.scale('sts', command.set, command.replicas);
      case 'deletePod':
        return c.delete('pod', command.pod, command.force ? { force: true } : {});
      case 'setImage': {
        const kind = command.kind === 'Deployment' ? 'deploy' : 'sts';
        const set = c.get(kind, command.set);
        const containers = ((set?.['spec'] as { template?: { spec?: { containers?: { name: string }[] } } } | undefined)?.template?.spec?.containers ?? []).slice(0, 1);
        const name = containers[0]?.name;
        if (!name) return { ok: false, message: `${command.kind === 'Deployment' ? 'deployment' : 'statefulset'} ${command.set} has no container` };
        return c.patch(kind, command.set, { spec: { template: { spec: { containers: [{ name, image: command.image }] } } } });
      }
      case 'pauseRollout': {
        // kubectl rollout pause|resume: spec.paused.
        const out = c.kubectl(`rollout ${command.paused ? 'pause' : 'resume'} deployment/${command.deployment}`);
        if (out.code === 0) return { ok: true, message: out.stdout.trim() };
        return c.patch('deploy', command.deployment, { spec: { paused: command.paused } }, { type: 'merge' });
      }
      case 'setPartition':
        return c.patch('sts', command.set, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: command.partition } } } }, { type: 'merge' });
      case 'setStrategy':
        return c.patch(
          'sts',
          command.set,
          { spec: { updateStrategy: command.strategy === 'OnDelete' ? { type: 'OnDelete', rollingUpdate: null } : { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } } },
          { type: 'merge' }
        );
      case 'rollback': {
        if (command.kind === 'Deployment') {
          // kubectl's DeploymentRollbacker, as `kubectl rollout undo deployment/NAME --to-revision=N`.
          const out = c.kubectl(`rollout undo deployment/${command.set} --to-revision=${command.revision}`);
          return { ok: out.code === 0, message: (out.code === 0 ? out.stdout : out.stderr).trim() };
        }
        // The same StatefulSetRollbacker the console's `kubectl rollout undo` uses.
        const revision = c.get('controllerrevisions', command.revision)?.['revision'];
        if (typeof revision !== 'number') return { ok: false, message: `error: unable to find specified revision ${command.revision} in history` };
        const out = c.kubectl(`rollout undo statefulset/${command.set} --to-revision=${revision}`);
        return { ok: out.code === 0, message: (out.code === 0 ? out.stdout : out.stderr).trim() };
      }
      case 'podReadiness':
        return c.inject({ type: 'readiness', pod: command.pod, ready: command.ready });
      case 'crashPod':
        return c.inject({ type: 'crash', pod: command.pod });
      case 'evictPod':
        return c.inject({ type: 'evict', pod: command.pod });
      case 'node':
        return c.inject({ type: 'node', node: command.node, state: command.up ? 'up' : 'down' });
      case 'deleteClaim':
        return c.delete('pvc', command.claim);
      default:
        return assertNever(command);
    }
  };

  /** Advances to the next write (or the horizon), so "step" always shows something happen. */
  const step = () => {
    const c = cluster;
    if (!c) return;
    const before = c.changes(c.now()).length;
    const start = c.now();
    let stride = 50;
    while (c.now() - start < STEP_HORIZON_MS) {
      c.advance(stride);
      if (c.changes(start).length > before) return;
      stride = Math.min(stride * 2, 5_000);
    }
  };

  const handle = (message: UiToSim) => {
    switch (message.type) {
      case 'init': {
        let restored = false;
        let restoreError: string | undefined;
        if (message.snapshot) {
          try {
            cluster = restoreCluster(message.snapshot);
            restored = true;
          } catch (err) {
            restoreError = err instanceof Error ? err.message : String(err);
          }
        }
        const result = restored ? { ok: true, errors: [], objects: [] } : fresh(message.yaml, message.seed);
        post({ type: 'ready', v });
        const reply: SimToUi = { type: 'result', v, reqId: message.reqId, ok: result.ok, message: restored ? 'restored' : summarize(result.objects), diagnostics: result.errors };
        if (restoreError !== undefined) reply.restoreError = restoreError;
        post(reply);
        sendFrame();
        return;
      }
      case 'apply': {
        if (!cluster) fresh('');
        const result = (cluster as Cluster).apply(message.yaml);
        post({ type: 'result', v, reqId: message.reqId, ok: result.ok, message: summarize(result.objects), diagnostics: result.errors });
        sendDiff();
        return;
      }
      case 'command': {
        const result = run(message.command);
        pumpWatch();
        post({ type: 'result', v, reqId: message.reqId, ok: result.ok, message: result.message });
        sendDiff();
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
        sendDiff();
        return;
      case 'reset': {
        const result = fresh(message.yaml);
        post({ type: 'result', v, reqId: message.reqId, ok: result.ok, message: summarize(result.objects), diagnostics: result.errors });
        sendFrame();
        return;
      }
      case 'save':
        // Always answered: the page also uses it to check that the worker is alive.
        if (cluster) post({ type: 'snapshot', v, reqId: message.reqId, snapshot: cluster.snapshot() });
        else post({ type: 'result', v, reqId: message.reqId, ok: false, message: 'no cluster yet' });
        return;
      case 'stopWatch':
        watch = undefined;
        if (cluster && (terminalReq !== undefined || term().prompt !== '$ ')) {
          const reqId = terminalReq ?? 0;
          const out = term().interrupt();
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
        if (!cluster) fresh('');
        watch = undefined;
        const watcher = !message.terminal || term().mode === 'idle' ? (cluster as Cluster).kubectlWatch(message.line) : undefined;
        if (watcher) {
          const { code, stdout, stderr } = watcher.initial;
          if (code === 0) watch = { reqId: message.reqId, poll: () => watcher.poll() };
          post({ type: 'kubectl', v, reqId: message.reqId, code, stdout, stderr, watching: code === 0 });
          return;
        }
        if (!message.terminal) {
          // One plain kubectl() call (the tutorial panel's steps): no waiting, no sessions.
          const files: Record<string, string> = {};
          for (const m of message.line.matchAll(/(?:^|\s)(?:-f|--filename)(?:=|\s+)(\S+)/g)) {
            const name = (m[1] ?? '').replace(/^['"]|['"]$/g, '');
            if (name !== '-') files[name] = message.yaml;
          }
          const out = (cluster as Cluster).kubectl(message.line, { files, stdin: message.yaml });
          post({ type: 'kubectl', v, reqId: message.reqId, code: out.code, stdout: out.stdout, stderr: out.stderr });
          sendDiff();
          return;
        }
        // The console's lines run in its terminal: the shell around kubectl, waits and pod sessions.
        editorYaml = message.yaml;
        const t = term();
        const out = t.input(message.line);
        const busy = t.mode === 'busy';
        if (busy) terminalReq = message.reqId;
        const reply: SimToUi = { type: 'kubectl', v, reqId: message.reqId, code: t.lastStatus, stdout: out.stdout, stderr: out.stderr, watching: busy, prompt: t.prompt };
        const waitingFor = t.waitingFor;
        if (busy && waitingFor !== undefined) reply.waiting = waitingFor;
        post(reply);
        sendDiff();
        return;
      }
      case 'inspect': {
        const obj = cluster?.get(message.kind, message.name, message.namespace ?? 'default');
        post({ type: 'result', v, reqId: message.reqId, ok: !!obj, message: obj ? stringify(obj) : `${message.kind} "${message.name}" not found` });
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
