/** The host's part in recovery: it answers pings, resends a full frame on request, and never leaves a request unanswered. */
import { describe, expect, it } from 'vitest';
import { defaultExample } from '../engine/test/fixtures.ts';
import { createSimHost, type HostClock } from './host.ts';
import { PROTOCOL_VERSION, type Port, type SimToUi, type UiToSim } from './protocol.ts';

function connect() {
  const { port1, port2 } = new MessageChannel();
  let now = 0;
  let tick: (() => void) | undefined;
  const clock: HostClock = { now: () => now, every: (_ms, fn) => ((tick = fn), () => (tick = undefined)) };
  const host = createSimHost(port1 as unknown as Port, clock);
  const received: SimToUi[] = [];
  port2.addEventListener('message', (e: MessageEvent) => received.push(e.data as SimToUi));
  port1.start();
  port2.start();
  return {
    received,
    send: (m: UiToSim | Record<string, unknown>) => port2.postMessage(m),
    flush: () => new Promise((r) => setTimeout(r, 20)),
    run: (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        now += 100;
        tick?.();
      }
    },
    close: () => (host.dispose(), port1.close(), port2.close()),
  };
}

const v = PROTOCOL_VERSION;

describe('host recovery messages', () => {
  it('answers a ping with a pong of the same id, before and after init', async () => {
    const h = connect();
    h.send({ type: 'ping', v, reqId: 7 });
    h.send({ type: 'init', v, reqId: 8, yaml: defaultExample() });
    h.send({ type: 'ping', v, reqId: 9 });
    await h.flush();
    expect(h.received.filter((m) => m.type === 'pong')).toEqual([
      { type: 'pong', v, reqId: 7 },
      { type: 'pong', v, reqId: 9 },
    ]);
    h.close();
  });

  it('resync sends a full frame with a newer sequence number', async () => {
    const h = connect();
    h.send({ type: 'init', v, reqId: 1, yaml: defaultExample() });
    await h.flush();
    const first = h.received.filter((m) => m.type === 'frame');
    h.send({ type: 'resync', v });
    await h.flush();
    const frames = h.received.filter((m): m is Extract<SimToUi, { type: 'frame' }> => m.type === 'frame');
    expect(frames).toHaveLength(first.length + 1);
    expect(frames.at(-1)?.seq).toBeGreaterThan((first.at(-1) as { seq: number }).seq);
    h.close();
  });

  it('a speed that is not a number keeps the clock running at the last good speed', async () => {
    const h = connect();
    h.send({ type: 'init', v, reqId: 1, yaml: defaultExample() });
    h.send({ type: 'playback', v, playing: true, speed: 10 });
    h.send({ type: 'playback', v, playing: true, speed: Number.NaN });
    await h.flush();
    h.run(1000);
    await h.flush();
    const last = h.received.filter((m) => m.type === 'diff').at(-1) as Extract<SimToUi, { type: 'diff' }> | undefined;
    // One wall second at 10× is ten virtual seconds (the engine's clock starts at its epoch).
    const frame = h.received.find((m) => m.type === 'frame') as Extract<SimToUi, { type: 'frame' }>;
    expect(Number.isFinite(last?.diff.time)).toBe(true);
    expect((last?.diff.time ?? 0) - frame.view.time).toBe(10_000);
    h.close();
  });

  it('an unrecognised message is answered with an error, never silence', async () => {
    const h = connect();
    h.send({ type: 'apply', v: v - 1, reqId: 3, yaml: '' });
    await h.flush();
    expect(h.received).toEqual([{ type: 'error', v, message: 'unrecognised message' }]);
    h.close();
  });

  it('a request the host throws on is answered with an error naming it, so the page never waits forever', async () => {
    const h = connect();
    h.send({ type: 'init', v, reqId: 1, yaml: defaultExample() });
    h.send({ type: 'command', v, reqId: 4, command: null });
    await h.flush();
    const error = h.received.find((m) => m.type === 'error');
    expect(error).toMatchObject({ type: 'error', v, reqId: 4, message: expect.any(String) });
    h.close();
  });
});
