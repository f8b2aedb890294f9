/** The console's terminal through the host: waits stream and end, even paused; sessions keep the prompt; Ctrl+C. */
import { describe, expect, it } from 'vitest';
import { defaultExample } from '../engine/test/fixtures.ts';
import { History } from './history.ts';
import { createSimHost, type HostClock } from './host.ts';
import { PROTOCOL_VERSION, type SimToUi, type UiToSim } from './protocol.ts';

const flush = () => new Promise((r) => setTimeout(r, 20));

function connect() {
  const { port1, port2 } = new MessageChannel();
  let now = 0;
  let tick: (() => void) | undefined;
  const clock: HostClock = { now: () => now, every: (_ms, fn) => ((tick = fn), () => (tick = undefined)) };
  const host = createSimHost(port1 as unknown as Parameters<typeof createSimHost>[0], clock);
  const received: SimToUi[] = [];
  port2.addEventListener('message', (e: MessageEvent) => received.push(e.data as SimToUi));
  port2.start();
  return {
    received,
    flush,
    send: (m: UiToSim) => port2.postMessage(m),
    kubectl: (reqId: number, line: string, terminal = true) => port2.postMessage({ type: 'kubectl', v: PROTOCOL_VERSION, reqId, line, yaml: defaultExample(), terminal } satisfies UiToSim),
    /** Real milliseconds pass on the host's clock, 100 at a time. */
    wall(ms: number) {
      for (let t = 0; t < ms; t += 100) {
        now += 100;
        tick?.();
      }
    },
    reply: (reqId: number) => received.find((m): m is Extract<SimToUi, { type: 'kubectl' }> => m.type === 'kubectl' && m.reqId === reqId),
    streams: (reqId: number) => received.filter((m): m is Extract<SimToUi, { type: 'stream' }> => m.type === 'stream' && m.reqId === reqId),
    close: () => (host.dispose(), port1.close(), port2.close()),
  };
}

async function ready(h: ReturnType<typeof connect>) {
  h.send({ type: 'init', v: PROTOCOL_VERSION, reqId: 1, yaml: defaultExample({ replicas: 2 }) });
  await h.flush();
  h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 100 });
  await h.flush();
  h.wall(1_000);
  h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: false, speed: 1 });
  await h.flush();
}

describe('the console terminal in the host', () => {
  it('a delete answers at once, waits while paused as the clock runs, then ends its stream', async () => {
    const h = connect();
    await ready(h);
    h.kubectl(2, 'kubectl delete pod web-1');
    await h.flush();
    expect(h.reply(2)).toMatchObject({ stdout: 'pod "web-1" deleted from default namespace\n', watching: true, prompt: '$ ', waiting: 'pods/web-1' });
    h.wall(30_000);
    await h.flush();
    const end = h.streams(2).find((s) => s.end);
    expect(end?.end).toEqual({ code: 0, prompt: '$ ' });
    h.close();
  });

  it('exec -it opens a session: its prompt, lines run in the pod, exit returns to $', async () => {
    const h = connect();
    await ready(h);
    h.kubectl(2, `for i in 0 1; do kubectl exec "web-$i" -- hostname; done`);
    h.kubectl(3, 'kubectl exec -it web-0 -- sh');
    h.kubectl(4, 'hostname');
    h.kubectl(5, 'exit');
    await h.flush();
    expect(h.reply(2)?.stdout).toBe('web-0\nweb-1\n');
    expect(h.reply(3)).toMatchObject({ prompt: '# ', watching: false });
    expect(h.reply(4)).toMatchObject({ stdout: 'web-0\n', prompt: '# ' });
    expect(h.reply(5)).toMatchObject({ prompt: '$ ' });
    h.close();
  });

  it('a line not from the console (the tutorial panel) is one plain kubectl() call: no wait, no session', async () => {
    const h = connect();
    await ready(h);
    h.kubectl(2, 'kubectl delete pod web-1', false);
    h.kubectl(3, 'kubectl get pod web-1 --no-headers', false);
    await h.flush();
    expect(h.reply(2)).toMatchObject({ stdout: 'pod "web-1" deleted from default namespace\n' });
    expect(h.reply(2)?.watching).toBeUndefined();
    expect(h.reply(3)?.stdout).toMatch(/^web-1\s+1\/1\s+Terminating/);
    h.close();
  });

  it('Ctrl+C (stopWatch) ends a wait with ^C', async () => {
    const h = connect();
    await ready(h);
    h.kubectl(2, 'kubectl wait --for=delete pod/web-0 --timeout=1h');
    await h.flush();
    expect(h.reply(2)?.watching).toBe(true);
    h.send({ type: 'stopWatch', v: PROTOCOL_VERSION });
    await h.flush();
    const streams = h.streams(2);
    expect(streams.map((s) => s.stdout).join('')).toBe('^C\n');
    expect(streams.at(-1)?.end).toEqual({ code: 130, prompt: '$ ' });
    h.close();
  });
  it('the session record replays console lines, Ctrl+C and the end of each wait to the same cluster', async () => {
    const h = connect();
    await ready(h);
    // A loop whose second delete runs only once the first pod is gone, inside a wait the clock drives.
    h.kubectl(2, 'for i in 0 1; do kubectl delete pod "web-$i"; done');
    await h.flush();
    h.wall(60_000);
    await h.flush();
    h.kubectl(3, 'kubectl exec -it web-0 -- sh');
    h.kubectl(4, "echo kept > /usr/share/nginx/html/index.html");
    h.kubectl(5, 'exit');
    h.kubectl(6, 'kubectl wait --for=delete pod/web-1 --timeout=300s');
    await h.flush();
    h.send({ type: 'stopWatch', v: PROTOCOL_VERSION });
    await h.flush();
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: true, speed: 10 });
    await h.flush();
    h.wall(3_000);
    h.send({ type: 'playback', v: PROTOCOL_VERSION, playing: false, speed: 1 });
    h.send({ type: 'save', v: PROTOCOL_VERSION, reqId: 7 });
    await h.flush();
    const saved = h.received.find((m): m is Extract<SimToUi, { type: 'snapshot' }> => m.type === 'snapshot' && m.reqId === 7);
    const record = saved?.record;
    expect(record?.actions.filter((a) => a.type === 'terminal').map((a) => a.signal ?? a.line)).toEqual([
      'for i in 0 1; do kubectl delete pod "web-$i"; done',
      'resume',
      'resume',
      'kubectl exec -it web-0 -- sh',
      'echo kept > /usr/share/nginx/html/index.html',
      'exit',
      'kubectl wait --for=delete pod/web-1 --timeout=300s',
      'interrupt',
    ]);
    if (!record || !saved) throw new Error('no record');
    const replayed = History.replay(record).cluster;
    expect(JSON.stringify(replayed.snapshot())).toBe(saved.json);
    expect(replayed.kubectl('exec web-0 -- cat /usr/share/nginx/html/index.html').stdout).toBe('kept\n');
    h.close();
  });
});
