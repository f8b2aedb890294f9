/**
 * The page's client when things go wrong: a host that stops answering or dies is restarted from the
 * last snapshot; malformed messages are dropped, counted and said; apply shows every line and error.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultExample } from '../../engine/test/fixtures.ts';
import { createSimHost, type HostClock } from '../../worker/host.ts';
import { PROTOCOL_VERSION, type Port } from '../../worker/protocol.ts';
import { useAppStore } from '../store/index.ts';
import * as persist from '../store/persist.ts';
import { fakeStorage } from '../store/fakeStorage.ts';
import { SimClient } from './simClient.ts';
import type { Transport } from './transport.ts';

const stillClock: HostClock = { now: () => 0, every: () => () => undefined };

/** A host behind a link the test can freeze (nothing passes either way: a stuck worker) or cut. */
function link() {
  const { port1, port2 } = new MessageChannel();
  const host = createSimHost(port1 as unknown as Port, stillClock);
  port1.start();
  port2.start();
  let frozen = false;
  const listeners: ((event: { data: unknown }) => void)[] = [];
  port2.addEventListener('message', (event: MessageEvent) => {
    if (!frozen) for (const l of listeners) l({ data: event.data });
  });
  const port: Port = {
    postMessage: (m) => void (frozen ? undefined : port2.postMessage(m)),
    addEventListener: (_type, l) => void listeners.push(l),
  };
  let killed = false;
  const transport: Transport = {
    port,
    inline: true,
    kill: () => {
      killed = true;
      frozen = true;
      host.dispose();
      port1.close();
      port2.close();
    },
  };
  return { transport, freeze: () => (frozen = true), hostSide: port1, killed: () => killed };
}

function supervised() {
  const links = [link()];
  const first = links[0] as ReturnType<typeof link>;
  const sim = SimClient.over(first.transport, { persist: true, heartbeat: { intervalMs: 10, timeoutMs: 60 } }, async () => {
    const next = link();
    links.push(next);
    return next.transport;
  });
  // What the transport does when a worker fails (its `error` event).
  return { sim, links, die: () => void sim.restart() };
}

const notices = () => useAppStore.getState().notices;
const podNames = () => useAppStore.getState().view?.pods.map((p) => p.name) ?? [];

beforeEach(() => {
  useAppStore.setState({ view: undefined, seq: 0, notices: [], noticeParams: {}, yaml: '', diagnostics: [], applyResult: undefined, appliedYaml: undefined, lastResult: undefined, playing: true, speed: 1 });
  persist.setBacking(fakeStorage());
});
afterEach(() => persist.setBacking(undefined));

describe('a host that stops answering', () => {
  it('is restarted from the last snapshot, with a notice; waiting requests end instead of hanging', async () => {
    const r = supervised();
    const yaml = defaultExample();
    useAppStore.setState({ yaml });
    await r.sim.init(yaml, { restore: false });
    await r.sim.command({ type: 'scale', set: 'web', replicas: 5 });
    await r.sim.saveNow();
    const seenBefore = useAppStore.getState().view?.sets[0]?.replicas;
    expect(seenBefore).toBe(5);
    r.links[0]?.freeze();
    const lost = r.sim.command({ type: 'scale', set: 'web', replicas: 1 });
    await vi.waitFor(() => expect(notices()).toContain('app.workerRestarted'), { timeout: 5000, interval: 20 });
    const answer = await lost;
    expect(answer.ok).toBe(false);
    expect(r.links).toHaveLength(2);
    expect(r.links[0]?.killed()).toBe(true);
    // The new host runs the cluster as it was: five replicas, not the YAML's three.
    await vi.waitFor(() => expect(useAppStore.getState().view?.sets[0]?.replicas).toBe(5), { timeout: 2000 });
    // It answers, and the heartbeat leaves it alone.
    expect((await r.sim.command({ type: 'scale', set: 'web', replicas: 2 })).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.links).toHaveLength(2);
    expect(useAppStore.getState().yaml).toBe(yaml);
    r.sim.dispose();
  });

  it('a host that dies at once again starts from the YAML, and one that keeps dying is given up with a notice', async () => {
    const r = supervised();
    const yaml = defaultExample();
    useAppStore.setState({ yaml });
    await r.sim.init(yaml, { restore: false });
    await r.sim.saveNow();
    r.die();
    await vi.waitFor(() => expect(notices()).toContain('app.workerRestarted'), { timeout: 2000, interval: 10 });
    r.die();
    await vi.waitFor(() => expect(notices()).toContain('app.workerRestartedYaml'), { timeout: 2000, interval: 10 });
    expect(podNames().length).toBeGreaterThan(0);
    r.die();
    await vi.waitFor(() => expect(r.links).toHaveLength(4), { timeout: 2000, interval: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    r.die();
    await vi.waitFor(() => expect(notices()).toContain('app.workerFailed'), { timeout: 2000, interval: 10 });
    expect(r.links).toHaveLength(4);
    // No host any more: a request ends at once, as failed, instead of waiting for nobody.
    const apply = await r.sim.apply(yaml);
    expect(apply.ok).toBe(false);
    expect(useAppStore.getState().diagnostics[0]?.message).toMatch(/reload the page/);
    expect((await r.sim.kubectl('get pods', '')).code).toBe(1);
    expect(useAppStore.getState().yaml).toBe(yaml);
    r.sim.dispose();
  });
});

describe('requests made while a new host starts', () => {
  it('wait for it and are answered by it, after its cluster is back', async () => {
    const r = supervised();
    const yaml = defaultExample();
    useAppStore.setState({ yaml });
    await r.sim.init(yaml, { restore: false });
    await r.sim.saveNow();
    r.die();
    const scaled = r.sim.command({ type: 'scale', set: 'web', replicas: 4 });
    expect((await scaled).ok).toBe(true);
    expect(r.links).toHaveLength(2);
    await vi.waitFor(() => expect(useAppStore.getState().view?.sets[0]?.replicas).toBe(4), { timeout: 2000, interval: 10 });
    r.sim.dispose();
  });
});

describe('malformed messages', () => {
  it.each([
    ['an older protocol', (f: Record<string, unknown>) => ({ ...f, v: PROTOCOL_VERSION - 1 })],
    ['a broken view', (f: Record<string, unknown>) => ({ ...f, seq: 999, view: { time: 0, pods: 'all of them' } })],
    ['a pod with a bad field', (f: Record<string, unknown>) => ({ ...f, seq: 999, view: { ...(f['view'] as object), pods: [{ name: 'ghost' }] } })],
    ['not an object', () => 'frame'],
  ])('%s is dropped, counted, said, never drawn; the page asks for a fresh frame', async (_, corrupt) => {
    const r = supervised();
    const yaml = defaultExample();
    await r.sim.init(yaml, { restore: false });
    await vi.waitFor(() => expect(useAppStore.getState().view).toBeDefined());
    const before = useAppStore.getState().view;
    const seq = useAppStore.getState().seq;
    const host = r.links[0]?.hostSide as MessagePort;
    host.postMessage(corrupt({ type: 'frame', v: PROTOCOL_VERSION, seq: seq + 1, view: before }));
    await vi.waitFor(() => expect(notices()).toContain('app.droppedMessages'), { timeout: 2000, interval: 10 });
    expect(r.sim.dropped).toBe(1);
    expect(useAppStore.getState().noticeParams['app.droppedMessages']).toEqual({ count: 1 });
    // The resync answered with a real frame: the same cluster, a newer sequence number.
    await vi.waitFor(() => expect(useAppStore.getState().seq).toBeGreaterThan(seq), { timeout: 2000, interval: 10 });
    expect(podNames()).toEqual(before?.pods.map((p) => p.name));
    expect(podNames()).not.toContain('ghost');
    r.sim.dispose();
  });

  it('a malformed reply ends its request as failed instead of leaving it waiting', async () => {
    const { port1, port2 } = new MessageChannel();
    port1.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as { reqId?: number; type: string };
      if (data.type === 'inspect') port1.postMessage({ type: 'result', v: PROTOCOL_VERSION, reqId: data.reqId, ok: 'yes', message: 7 });
    });
    port1.start();
    port2.start();
    const sim = SimClient.over(port2 as unknown as Port, { persist: false });
    expect(await sim.inspect('Pod', 'web-0')).toBeUndefined();
    expect(sim.dropped).toBe(1);
    expect(notices()).toEqual(['app.droppedMessages']);
    port1.close();
    port2.close();
  });
});

describe('apply reports like kubectl', () => {
  it('shows every created line and every error at once, and no stale lines after a failure', async () => {
    const r = supervised();
    const yaml = defaultExample();
    await r.sim.init(yaml, { restore: false });
    const broken = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: Not_A_Name
`;
    await r.sim.apply(broken);
    const state = useAppStore.getState();
    expect(state.applyResult).toMatch(/^configmap\/settings created$/m);
    expect(state.diagnostics.length).toBeGreaterThan(0);
    expect(state.diagnostics[0]?.line).toBeGreaterThan(6);
    // A syntax error applies nothing: no lines, only the error; the earlier green lines are gone.
    await r.sim.apply('kind: [');
    expect(useAppStore.getState().applyResult).toBeUndefined();
    expect(useAppStore.getState().diagnostics[0]?.line).toBe(1);
    r.sim.dispose();
  });

  it('a call the host failed on ends with a clear problem, not a hang or stale lines', async () => {
    const { port1, port2 } = new MessageChannel();
    port1.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as { reqId?: number; type: string };
      if (data.type === 'apply') port1.postMessage({ type: 'error', v: PROTOCOL_VERSION, reqId: data.reqId, message: 's is not iterable' });
    });
    port1.start();
    port2.start();
    useAppStore.setState({ applyResult: 'statefulset.apps/web created' });
    const sim = SimClient.over(port2 as unknown as Port, { persist: false });
    const result = await sim.apply('kind: Service');
    expect(result.ok).toBe(false);
    expect(useAppStore.getState().applyResult).toBeUndefined();
    expect(useAppStore.getState().diagnostics.map((d) => d.message)).toEqual(['Apply failed inside the simulation: s is not iterable']);
    port1.close();
    port2.close();
  });
});

describe('storage problems are said', () => {
  it('a cluster saved by a newer version is reported and left untouched; the draft is still saved', async () => {
    const newer = JSON.stringify({ format: 'statefulset-playground/cluster@9', objects: {} });
    persist.trySave(persist.KEYS.snapshot, newer);
    const r = supervised();
    useAppStore.setState({ yaml: 'my draft' });
    const result = await r.sim.init(defaultExample(), { restore: true });
    expect(result.restored).toBe(false);
    expect(notices()).toEqual(['app.snapshotNewer']);
    await r.sim.saveNow();
    expect(persist.load(persist.KEYS.snapshot)).toBe(newer);
    expect(persist.load(persist.KEYS.draft)).toBe('my draft');
    r.sim.dispose();
  });
});
