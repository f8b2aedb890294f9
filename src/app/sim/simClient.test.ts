/** The page's client against a real host, with a fake storage: failures to save or restore are said, never silent. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultExample } from '../../engine/test/fixtures.ts';
import { createSimHost, type HostClock } from '../../worker/host.ts';
import type { Port } from '../../worker/protocol.ts';
import { translate } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import * as persist from '../store/persist.ts';
import { fakeStorage } from '../store/fakeStorage.ts';
import { SimClient } from './simClient.ts';

const stillClock: HostClock = { now: () => 0, every: () => () => undefined };

function connect() {
  const { port1, port2 } = new MessageChannel();
  const host = createSimHost(port1 as unknown as Port, stillClock);
  port1.start();
  port2.start();
  const sim = SimClient.over(port2 as unknown as Port, { persist: true });
  return { sim, close: () => (host.dispose(), port1.close(), port2.close()) };
}

beforeEach(() => useAppStore.setState({ view: undefined, seq: 0, notices: [], yaml: '' }));
afterEach(() => persist.setBacking(undefined));

describe('saving and restoring the cluster', () => {
  it('a full storage keeps the draft and says the cluster was not saved, in both languages', async () => {
    const storage = fakeStorage(6_000);
    persist.setBacking(storage);
    const h = connect();
    const yaml = defaultExample();
    useAppStore.setState({ yaml: `${yaml}# typed, not applied\n` });
    await h.sim.init(yaml, { restore: false });
    await h.sim.saveNow();
    const notices = useAppStore.getState().notices;
    expect(notices).toContain('app.saveFailed');
    expect(notices).not.toContain('app.yamlSaveFailed');
    expect(persist.load(persist.KEYS.draft)).toBe(`${yaml}# typed, not applied\n`);
    expect(persist.load(persist.KEYS.snapshot)).toBeUndefined();
    for (const lang of ['en', 'zh-CN'] as const) expect(translate(lang, 'app.saveFailed')).not.toBe('app.saveFailed');
    // Room again: the next save lands and the notice goes.
    persist.setBacking(fakeStorage());
    await h.sim.saveNow();
    expect(useAppStore.getState().notices).not.toContain('app.saveFailed');
    expect(persist.loadSnapshot().snapshot).toBeDefined();
    h.close();
  });

  it.each([
    ['unreadable JSON', '{"version": 1, "objects": {'],
    ['a state the engine cannot restore', '{"version": 1, "objects": "nonsense"}'],
  ])('a saved cluster with %s is reported, removed, and the YAML applied instead', async (_, saved) => {
    persist.setBacking(fakeStorage());
    persist.trySave(persist.KEYS.snapshot, saved);
    const h = connect();
    const result = await h.sim.init(defaultExample(), { restore: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(result.restored).toBe(false);
    expect(useAppStore.getState().notices).toEqual(['app.restoreFailed']);
    for (const lang of ['en', 'zh-CN'] as const) expect(translate(lang, 'app.restoreFailed')).not.toBe('app.restoreFailed');
    expect(persist.load(persist.KEYS.snapshot)).toBeUndefined();
    expect(useAppStore.getState().view?.sets.map((s) => s.name)).toEqual(['web']);
    h.close();
  });

  it('a cluster that saved restores without a notice', async () => {
    persist.setBacking(fakeStorage());
    const first = connect();
    await first.sim.init(defaultExample(), { restore: false });
    await first.sim.saveNow();
    first.close();
    const second = connect();
    const result = await second.sim.init('', { restore: true });
    expect(result.restored).toBe(true);
    expect(useAppStore.getState().notices).toEqual([]);
    second.close();
  });
});
