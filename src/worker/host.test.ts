/** The simulation host over a real MessageChannel (which also proves every message is cloneable). */
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../engine/index.ts';
import { defaultExample, webYaml } from '../engine/test/fixtures.ts';
import { createSimHost, type HostClock } from './host.ts';
import { isSimToUi, PROTOCOL_VERSION, type SimToUi, type UiToSim } from './protocol.ts';
import { applyDiff, type ClusterView } from './view.ts';

/** A manual clock: ticks only when the test says so. */
function manualClock() {
  let now = 0;
  let tick: (() => void) | undefined;
  const clock: HostClock = {
    now: () => now,
    every: (_ms, fn) => {
      tick = fn;
      return () => (tick = undefined);
    },
  };
  return {
    clock,
    advance(ms: number) {
      for (let t = 0; t < ms; t += 100) {
        now += 100;
        tick?.();
      }
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 20));

function connect() {
  const { port1, port2 } = new MessageChannel();
  const time = manualClock();
  const host = createSimHost(port1 as unknown as Parameters<typeof createSimHost>[0], time.clock);
  const received: SimToUi[] = [];
  port2.addEventListener('message', (e: MessageEvent) => {
    expect(isSimToUi(e.data)).toBe(true);
    received.push(e.data as SimToUi);
  });
  port2.start();
  const send = (m: UiToSim) => port2.postMessage(m);
  const view = () => {
    let v: ClusterView | undefined;
    for (const m of received) {
      if (m.type === 'frame') v = m.view;
      if (m.type === 'diff' && v) v = applyDiff(v, m.diff);
    }
    return v;
  };
  return { host, received, send, flush, view, time, close: () => (host.dispose(), port1.close(), port2.close()) };
}

describe('simulation host', () => {
  it('answers init with ready, a result and a full frame; playing advances virtual time with diffs', async () => {
    const h = connect();
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: defaultExample() });
    await h.flush();
    expect(h.received.map((m) => m.type)).toEqual(['ready', 'result', 'frame', 'timeline']);
    expect(h.view()?.sets.map((s) => s.name)).toEqual(['web']);
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 100 });
    await h.flush();
    h.time.advance(1_000);
    await h.flush();
    const diffs = h.received.filter((m) => m.type === 'diff');
    expect(diffs.length).toBeGreaterThan(0);
    const view = h.view();
    expect(view?.time).toBeGreaterThanOrEqual(90_000);
    expect(view?.pods.filter((p) => p.ready).map((p) => p.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(view?.services.find((s) => s.name === 'nginx')?.records.find((r) => r.pod === 'web-0')?.data[0]).toMatch(/^10\.244\./);
    h.close();
  });

  it('runs commands as kubectl would and reports the result line', async () => {
    const h = connect();
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: defaultExample() });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 2, command: { type: 'scale', set: 'web', replicas: 5 } });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 3, command: { type: 'deletePod', pod: 'nope', force: false } });
    await h.flush();
    const results = h.received.filter((m): m is Extract<SimToUi, { type: 'result' }> => m.type === 'result');
    expect(results.map((r) => [r.reqId, r.ok, r.message])).toEqual([
      [1, true, 'service/nginx created\nstatefulset.apps/web created'],
      [2, true, 'statefulset.apps/web scaled'],
      [3, false, 'Error from server (NotFound): pods "nope" not found'],
    ]);
    h.close();
  });

  it('step moves to the next change; save returns a snapshot that init restores', async () => {
    const h = connect();
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: defaultExample() });
    await h.flush();
    const t0 = h.view()?.time ?? 0;
    h.send({ type: 'step', v: PROTOCOL_VERSION, reqId: 2 });
    await h.flush();
    expect(h.view()?.time).toBeGreaterThan(t0);
    h.send({ type: 'save', v: PROTOCOL_VERSION, reqId: 3 });
    await h.flush();
    const snap = h.received.find((m) => m.type === 'snapshot');
    expect(snap?.type).toBe('snapshot');
    const h2 = connect();
    if (snap?.type === 'snapshot' && snap.json) h2.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: '', snapshot: JSON.parse(snap.json) });
    await h2.flush();
    expect(h2.view()?.time).toBe(h.view()?.time);
    expect(h2.view()?.pods.map((p) => p.uid)).toEqual(h.view()?.pods.map((p) => p.uid));
    h.close();
    h2.close();
  });

  it('rolls back to a revision from the history, as kubectl rollout undo', async () => {
    const h = connect();
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: defaultExample() });
    await h.flush();
    const first = h.view()?.sets[0]?.revisions[0]?.name ?? '';
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 2, command: { type: 'setImage', set: 'web', image: 'nginx:v2' } });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 3, command: { type: 'rollback', set: 'web', revision: first } });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 4, command: { type: 'rollback', set: 'web', revision: 'web-nope' } });
    await h.flush();
    const results = h.received.filter((m): m is Extract<SimToUi, { type: 'result' }> => m.type === 'result').map((r) => [r.reqId, r.ok, r.message]);
    expect(results.slice(1)).toEqual([
      [2, true, 'statefulset.apps/web patched'],
      [3, true, 'statefulset.apps/web rolled back'],
      [4, false, 'error: unable to find specified revision web-nope in history'],
    ]);
    expect(h.view()?.sets[0]?.image).toBe('nginx:v1');
    h.close();
  });

  it('acts on a Deployment: scale, new image, pause and resume, and roll back through kubectl', async () => {
    const h = connect();
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: front
spec:
  replicas: 2
  selector:
    matchLabels:
      app: front
  template:
    metadata:
      labels:
        app: front
    spec:
      containers:
      - name: nginx
        image: nginx:v1
`;
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: deploy });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 2, command: { type: 'scale', kind: 'Deployment', set: 'front', replicas: 3 } });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 3, command: { type: 'pauseRollout', deployment: 'front', paused: true } });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 4, command: { type: 'setImage', kind: 'Deployment', set: 'front', image: 'nginx:v2' } });
    await h.flush();
    expect(h.view()?.deployments[0]).toMatchObject({ replicas: 3, paused: true, image: 'nginx:v2' });
    expect(h.view()?.replicaSets).toHaveLength(1);
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 5, command: { type: 'pauseRollout', deployment: 'front', paused: false } });
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 100 });
    await h.flush();
    h.time.advance(2_000);
    await h.flush();
    expect(h.view()?.replicaSets.map((r) => r.revision).sort()).toEqual([1, 2]);
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 6, command: { type: 'rollback', kind: 'Deployment', set: 'front', revision: '1' } });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 7, command: { type: 'rollback', kind: 'Deployment', set: 'front', revision: '9' } });
    await h.flush();
    const results = h.received.filter((m): m is Extract<SimToUi, { type: 'result' }> => m.type === 'result').map((r) => [r.reqId, r.ok, r.message]);
    expect(results.slice(1)).toEqual([
      [2, true, 'deployment.apps/front patched'],
      [3, true, 'deployment.apps/front paused'],
      [4, true, 'deployment.apps/front patched'],
      [5, true, 'deployment.apps/front resumed'],
      [6, true, 'deployment.apps/front rolled back'],
      // kubectl's stderr, which may open with its last-applied-configuration warning.
      [7, false, expect.stringMatching(/error: unable to find specified revision 9 in history$/)],
    ]);
    expect(h.view()?.deployments[0]?.image).toBe('nginx:v1');
    h.close();
  });

  it('keeps the wire quiet: an idle cluster sends only its clock, an unchanged pod is never re-sent, events only once', async () => {
    const h = connect();
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: webYaml({ replicas: 3 }) });
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 100 });
    await h.flush();
    h.time.advance(3_000);
    await h.flush();
    expect(h.view()?.pods.filter((p) => p.ready)).toHaveLength(3);
    // Idle: ten seconds of wall time at 1x is ten virtual seconds and at most one clock-only diff per second.
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 1 });
    await h.flush();
    h.time.advance(1_000);
    await h.flush();
    const mark = h.received.length;
    h.time.advance(10_000);
    await h.flush();
    const idle = h.received.slice(mark);
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.length).toBeLessThanOrEqual(11);
    for (const m of idle) {
      expect(m.type).toBe('diff');
      if (m.type === 'diff') expect(m.diff).toEqual({ time: m.diff.time, upserts: {}, removes: {} });
    }
    // One pod changes: only it travels, and only the new events ride along.
    const before = h.received.length;
    const eventsBefore = new Set(h.view()?.events.map((e) => e.key));
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 2, command: { type: 'podReadiness', pod: 'web-1', ready: false } });
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 10 });
    await h.flush();
    h.time.advance(6_000);
    await h.flush();
    const diffs = h.received.slice(before).flatMap((m) => (m.type === 'diff' ? [m.diff] : []));
    const sentPods = new Set(diffs.flatMap((d) => (d.upserts.pods ?? []).map((p) => (p as unknown as { name: string }).name)));
    expect([...sentPods]).toEqual(['web-1']);
    for (const d of diffs) for (const e of d.events ?? []) expect(eventsBefore.has(e.key) && e.count === 1).toBe(false);
    expect(h.view()?.pods.find((p) => p.name === 'web-1')?.ready).toBe(false);
    h.close();
  });

  it('reports a snapshot it cannot restore and applies the YAML instead', async () => {
    const h = connect();
    const broken = { version: 1, objects: 'nonsense' } as unknown as ClusterState;
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: defaultExample(), snapshot: broken });
    await h.flush();
    const result = h.received.find((m) => m.type === 'result');
    expect(result).toMatchObject({ type: 'result', ok: true, restoreError: expect.any(String) });
    expect(h.view()?.sets.map((s) => s.name)).toEqual(['web']);
    h.close();
  });

  it('rejects messages that are not of the protocol', async () => {
    const h = connect();
    (h as unknown as { send: (m: unknown) => void }).send({ type: 'init', v: 99 });
    await h.flush();
    expect(h.received).toEqual([{ type: 'error', v: PROTOCOL_VERSION, message: 'unrecognised message' }]);
    h.close();
  });

  it('seeks to a past moment (the view as it was), refuses changes there, and forks from it', async () => {
    const h = connect();
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: defaultExample() });
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 10 });
    await h.flush();
    h.time.advance(1_000);
    await h.flush();
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: false, speed: 10 });
    await h.flush();
    const then = h.view() as ClusterView;
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 2, command: { type: 'scale', set: 'web', replicas: 5 } });
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 10 });
    await h.flush();
    h.time.advance(5_000);
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: false, speed: 10 });
    await h.flush();
    const end = (h.view() as ClusterView).time;
    // Just before the scale: the view of that moment, and the timeline says it is in the past.
    h.send({ type: 'seek', v: PROTOCOL_VERSION, reqId: 3, time: then.time - 1 });
    h.send({ type: 'seek', v: PROTOCOL_VERSION, reqId: 4, time: then.time });
    await h.flush();
    expect((h.view() as ClusterView).sets[0]?.replicas).toBe(5);
    const timeline = h.received.filter((m) => m.type === 'timeline').at(-1);
    expect(timeline).toMatchObject({ cursor: then.time, end, total: 1 });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 5, command: { type: 'deletePod', pod: 'web-0', force: true } });
    await h.flush();
    expect(h.received.find((m) => m.type === 'result' && m.reqId === 5)).toMatchObject({ ok: false });
    // Before the action's instant: the scale has not happened yet.
    h.send({ type: 'seek', v: PROTOCOL_VERSION, reqId: 6, time: then.time - 1 });
    await h.flush();
    expect((h.view() as ClusterView).sets[0]?.replicas).toBe(3);
    // Fork: the scale (after this moment) is gone for good; the session goes on from here.
    h.send({ type: 'fork', v: PROTOCOL_VERSION, reqId: 7 });
    h.send({ type: 'record', v: PROTOCOL_VERSION, reqId: 8 });
    await h.flush();
    const record = h.received.find((m) => m.type === 'record');
    expect(record).toMatchObject({ record: { actions: [], end: then.time - 1 }, cursor: then.time - 1 });
    expect(h.received.filter((m) => m.type === 'timeline').at(-1)).toMatchObject({ cursor: null, end: then.time - 1, total: 0 });
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 9, command: { type: 'scale', set: 'web', replicas: 2 } });
    await h.flush();
    expect(h.received.find((m) => m.type === 'result' && m.reqId === 9)).toMatchObject({ ok: true });
    h.close();
  });

  it('plays a past moment forward through the recorded actions and is live again at the end', async () => {
    const h = connect();
    h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: defaultExample() });
    await h.flush();
    h.send({ type: 'step', v: PROTOCOL_VERSION, reqId: 2 });
    await h.flush();
    const at = (h.view() as ClusterView).time;
    h.send({ type: 'command', v: PROTOCOL_VERSION, reqId: 3, command: { type: 'scale', set: 'web', replicas: 1 } });
    h.send({ type: 'step', v: PROTOCOL_VERSION, reqId: 4 });
    h.send({ type: 'step', v: PROTOCOL_VERSION, reqId: 5 });
    await h.flush();
    const end = (h.view() as ClusterView).time;
    const live = h.view() as ClusterView;
    h.send({ type: 'seek', v: PROTOCOL_VERSION, reqId: 6, time: at - 1 });
    await h.flush();
    expect((h.view() as ClusterView).sets[0]?.replicas).toBe(3);
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 1 });
    await h.flush();
    // Replaying stops at the live end (the live cluster did not move meanwhile), then runs live.
    for (let wall = 0; (h.view() as ClusterView).time < end && wall < 60_000; wall += 100) h.time.advance(100);
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: false, speed: 1 });
    await h.flush();
    expect(h.received.filter((m) => m.type === 'timeline').at(-1)).toMatchObject({ cursor: null, total: 1 });
    const after = h.view() as ClusterView;
    expect(after.time).toBeGreaterThanOrEqual(end);
    expect(after.sets[0]?.replicas).toBe(1);
    expect(after.pods.map((p) => p.uid)).toEqual(live.pods.map((p) => p.uid).slice(0, after.pods.length));
    h.close();
  });
});
