/** The page's check of host messages: everything a real host sends passes; anything malformed is named and refused. */
import { describe, expect, it } from 'vitest';
import { defaultExample } from '../engine/test/fixtures.ts';
import { createSimHost, type HostClock } from './host.ts';
import { PROTOCOL_VERSION, type Port, type SimToUi, type UiToSim } from './protocol.ts';
import { validateSimToUi } from './validate.ts';

const flush = () => new Promise((r) => setTimeout(r, 10));

/** Every message a real host sends for the default example over two virtual minutes, with a few requests. */
async function realMessages(): Promise<SimToUi[]> {
  const { port1, port2 } = new MessageChannel();
  let tick: (() => void) | undefined;
  let now = 0;
  const clock: HostClock = { now: () => now, every: (_ms, fn) => ((tick = fn), () => (tick = undefined)) };
  const host = createSimHost(port1 as unknown as Port, clock);
  const received: SimToUi[] = [];
  port2.addEventListener('message', (e: MessageEvent) => received.push(e.data as SimToUi));
  port1.start();
  port2.start();
  const send = (m: UiToSim) => port2.postMessage(m);
  const v = PROTOCOL_VERSION;
  send({ type: 'init', v, reqId: 1, yaml: defaultExample() });
  send({ type: 'playback', v, playing: true, speed: 100 });
  await flush();
  for (let i = 0; i < 12; i++) {
    now += 100;
    tick?.();
  }
  send({ type: 'apply', v, reqId: 2, yaml: 'kind: [' });
  send({ type: 'command', v, reqId: 3, command: { type: 'scale', set: 'web', replicas: 5 } });
  send({ type: 'kubectl', v, reqId: 4, line: 'get pods', yaml: '' });
  send({ type: 'ping', v, reqId: 5 });
  send({ type: 'save', v, reqId: 6 });
  send({ type: 'resync', v });
  await flush();
  for (let i = 0; i < 12; i++) {
    now += 100;
    tick?.();
  }
  await flush();
  host.dispose();
  port1.close();
  port2.close();
  return received;
}

const frame = (view: unknown) => ({ type: 'frame', v: PROTOCOL_VERSION, seq: 1, view });

describe('validateSimToUi', () => {
  it('passes every message a real host sends, of every kind', async () => {
    const messages = await realMessages();
    const failures = messages.map((m) => validateSimToUi(m)).filter((r) => !r.ok);
    expect(failures).toEqual([]);
    const types = new Set(messages.map((m) => m.type));
    for (const type of ['ready', 'result', 'frame', 'diff', 'kubectl', 'pong', 'snapshot']) expect(types).toContain(type);
    // The apply of broken YAML came back with positioned diagnostics, and they passed too.
    expect(messages.some((m) => m.type === 'result' && (m.diagnostics?.length ?? 0) > 0)).toBe(true);
  });

  it('refuses what is malformed and names the first bad field', async () => {
    const messages = await realMessages();
    const good = messages.find((m): m is Extract<SimToUi, { type: 'frame' }> => m.type === 'frame');
    const diff = messages.find((m): m is Extract<SimToUi, { type: 'diff' }> => m.type === 'diff' && Object.keys(m.diff.upserts).length > 0);
    if (!good || !diff) throw new Error('the host sent no frame or diff');
    const view = good.view;
    const pod = view.pods[0];
    if (!pod) throw new Error('no pod in the frame');
    const cases: [string, unknown, RegExp][] = [
      ['not an object', 'frame', /not an object/],
      ['an older protocol', { ...good, v: PROTOCOL_VERSION - 1 }, /protocol version/],
      ['no protocol version', { ...good, v: undefined }, /protocol version/],
      ['an unknown type', { ...good, type: 'explode' }, /unknown type/],
      ['a frame without a view', { type: 'frame', v: PROTOCOL_VERSION, seq: 1 }, /bad field view$/],
      ['a seq that is not a number', { ...good, seq: '2' }, /frame\.seq/],
      ['pods that are not a list', frame({ ...view, pods: {} }), /view\.pods$/],
      ['a pod whose readiness is a string', frame({ ...view, pods: [{ ...pod, ready: 'yes' }] }), /view\.pods\[0\]\.ready/],
      ['a pod without a name', frame({ ...view, pods: [{ ...pod, name: undefined }] }), /view\.pods\[0\]\.name/],
      ['a pod with claims of numbers', frame({ ...view, pods: [{ ...pod, claims: [1] }] }), /claims/],
      ['a time that is NaN', frame({ ...view, time: Number.NaN }), /view\.time/],
      ['a null in the events', frame({ ...view, events: [null] }), /view\.events\[0\]/],
      ['a hint without params', frame({ ...view, hints: [{ id: 'settled' }] }), /hints\[0\]\.params/],
      ['a service whose records are not a list', frame({ ...view, services: view.services.map((s) => ({ ...s, records: {} })) }), /records/],
      ['a diff with an unknown collection', { ...diff, diff: { ...diff.diff, upserts: { bombs: [] } } }, /upserts\.bombs/],
      ['a diff removing numbers', { ...diff, diff: { ...diff.diff, removes: { pods: [1] } } }, /removes\.pods/],
      ['a diff upserting a broken pod', { ...diff, diff: { ...diff.diff, upserts: { pods: [{ key: 'x' }] } } }, /upserts\.pods\[0\]/],
      ['a diff without a base', { ...diff, baseSeq: undefined }, /diff\.baseSeq/],
      ['a result whose ok is a string', { type: 'result', v: PROTOCOL_VERSION, reqId: 1, ok: 'true', message: '' }, /result\.ok/],
      ['a diagnostic without a message', { type: 'result', v: PROTOCOL_VERSION, reqId: 1, ok: false, message: '', diagnostics: [{ line: 2 }] }, /diagnostics\[0\]\.message/],
      ['kubectl output that is not text', { type: 'kubectl', v: PROTOCOL_VERSION, reqId: 1, code: 0, stdout: 5, stderr: '' }, /kubectl\.stdout/],
      ['an error without words', { type: 'error', v: PROTOCOL_VERSION }, /error\.message/],
    ];
    for (const [what, message, reason] of cases) {
      const verdict = validateSimToUi(message);
      expect(verdict.ok, what).toBe(false);
      if (!verdict.ok) expect(verdict.reason, what).toMatch(reason);
    }
  });
});
