/**
 * The page recovers, in Debian's Chromium: a killed or stuck worker is restarted from the last
 * snapshot, a malformed frame is dropped, corrupt, newer and full storage are said; each time the
 * draft is kept. Link parameters show what runs; a page that breaks keeps the YAML and reloads.
 * Screenshots of the notices and the error panel go to /tmp/shots-recover/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExample } from '../engine/test/fixtures.ts';
import { allReady, openPage, SHARED_ORIGIN as ORIGIN, useBrowser } from './browser.ts';

const SHOTS = '/tmp/shots-recover';
const KEY = (name: string) => `statefulset-playground:v1:${name}`;
const NOTE = '# my note, typed and not applied';
/** Each test loads the page once or twice on a machine shared with other work. */
const SLOW = 180_000;

const browser = useBrowser();
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

declare global {
  interface Window {
    /** Every worker the page started, in order, with its URL, what the page sent it and the types of its answers. */
    spyWorkers: (Worker & { url: string; frozen: boolean; sent: unknown[]; received: string[] })[];
  }
}

/**
 * Opens the page with a spy on `Worker`: the test can see what the page sends, and freeze a worker
 * (nothing passes either way, as with a worker stuck in a loop). `storage` seeds localStorage first;
 * `setup` runs in the page before anything else (e.g. a storage that is full).
 */
async function open(query: string, opts: { storage?: Record<string, string>; setup?: () => void; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  return openPage(browser(), query, {
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    reducedMotion: true,
    ...(opts.storage ? { storage: opts.storage } : {}),
    before: async (page) => {
      await page.addInitScript(() => {
        const Native = window.Worker;
        window.spyWorkers = [];
        class Spy extends Native {
          url: string;
          frozen = false;
          sent: unknown[] = [];
          received: string[] = [];
          constructor(url: string | URL, options?: WorkerOptions) {
            super(url, options);
            this.url = String(url);
            window.spyWorkers.push(this as never);
          }
          override postMessage(message: unknown, options?: Transferable[] | StructuredSerializeOptions): void {
            if (this.frozen) return;
            this.sent.push(message);
            super.postMessage(message, options as StructuredSerializeOptions);
          }
          override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
            if (type !== 'message' || typeof listener !== 'function') return super.addEventListener(type, listener, options);
            super.addEventListener(
              type,
              (event) => {
                if (this.frozen) return;
                listener.call(this, event);
                // Recorded once the page has handled it.
                this.received.push(String((event as MessageEvent<{ type?: unknown } | null>).data?.type));
              },
              options
            );
          }
        }
        window.Worker = Spy as unknown as typeof Worker;
      });
      if (opts.setup) await page.addInitScript(opts.setup);
    },
  });
}

/** The simulation workers (Monaco's YAML worker is not one of them). */
const simWorkers = (page: Page) => page.evaluate(() => window.spyWorkers.filter((w) => w.url.includes('sim.worker')).length);

/** Types a note at the end of the editor's text (not applied). */
async function typeNote(page: Page): Promise<void> {
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(`\n${NOTE}\n`);
}

/** The editor's text as the page holds it (the store), and as storage holds the draft. */
async function draft(page: Page): Promise<{ editor: string; stored: string | null }> {
  // A string, so the test runner leaves the page's own `import()` alone; the dev server hands back the
  // very module instance the page uses.
  return page.evaluate(`(async () => {
    const { useAppStore } = await import('/src/app/store/index.ts');
    return { editor: useAppStore.getState().yaml, stored: localStorage.getItem(${JSON.stringify(KEY('draft'))}) };
  })()`);
}

async function setYaml(page: Page, text: string): Promise<void> {
  await page.evaluate(`(async () => {
    const { useAppStore } = await import('/src/app/store/index.ts');
    useAppStore.getState().setYaml(${JSON.stringify(text)});
  })()`);
}

/** Until the page has stored the draft with the note (it saves a little after typing stops). */
async function draftSaved(page: Page): Promise<void> {
  await page.waitForFunction(([k, note]) => localStorage.getItem(k as string)?.includes(note as string), [KEY('draft'), NOTE], { timeout: 20_000 });
}

/** Until the page has handled a snapshot of the cluster (taken a little after it changes): saved it, or kept the saved one. */
async function snapshotHandled(page: Page): Promise<void> {
  await page.waitForFunction(() => window.spyWorkers.some((w) => w.url.includes('sim.worker') && w.received.includes('snapshot')), undefined, { timeout: 20_000 });
}

async function clockSeconds(page: Page): Promise<number> {
  const text = (await page.locator('[data-testid="clock"]').textContent()) ?? '0:00';
  return text.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
}

describe('the worker', () => {
  it('killed: restarted from the last snapshot with a notice; the draft and the cluster stay', async () => {
    const page = await open('?lang=en&speed=25');
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    await page.getByRole('button', { name: 'Scale up', exact: true }).click();
    await allReady(page, ['web-3']);
    await typeNote(page);
    const ip = await page.locator('[data-pod="web-3"]').getAttribute('data-ip');
    // A snapshot is taken shortly after the cluster changes: wait for one with web-3 in it, and the draft.
    await page.waitForFunction(([k, addr]) => localStorage.getItem(k as string)?.includes(`"${addr}"`), [KEY('cluster'), ip], { timeout: 20_000 });
    await draftSaved(page);
    await page.evaluate(() => window.spyWorkers.find((w) => w.url.includes('sim.worker'))?.terminate());
    await page.locator('[data-notices] [data-notice="app.workerRestarted"]').waitFor({ timeout: 15_000 });
    expect(await simWorkers(page)).toBe(2);
    // The same cluster (web-3 with its IP, not the YAML's three pods), and time runs on.
    expect(await page.locator('[data-pod="web-3"]').getAttribute('data-ip')).toBe(ip);
    const before = await clockSeconds(page);
    await page.waitForFunction((t) => {
      const text = document.querySelector('[data-testid="clock"]')?.textContent ?? '0:00';
      return text.split(':').reduce((sum, part) => sum * 60 + Number(part), 0) > t;
    }, before, { timeout: 10_000 });
    const d = await draft(page);
    expect(d.editor).toContain(NOTE);
    expect(d.stored).toContain(NOTE);
    await page.screenshot({ path: `${SHOTS}/worker-restarted-en-1440.png` });
    await page.close();
  }, SLOW);

  it('stuck (answers nothing): noticed within seconds and restarted; controls work again', async () => {
    const page = await open('?lang=zh-CN&speed=25');
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    // A snapshot to restart from (taken shortly after the cluster changes).
    await page.waitForFunction((k) => localStorage.getItem(k)?.includes('"web-2"'), KEY('cluster'), { timeout: 20_000 });
    await page.evaluate(() => {
      const w = window.spyWorkers.find((x) => x.url.includes('sim.worker'));
      if (w) w.frozen = true;
    });
    const frozenAt = Date.now();
    await page.locator('[data-notice^="app.workerRestarted"]').waitFor({ timeout: 15_000 });
    // "Within a few seconds": generous for a loaded machine, but a frozen page would never get here.
    expect(Date.now() - frozenAt).toBeLessThan(15_000);
    expect(await simWorkers(page)).toBe(2);
    await page.getByRole('button', { name: '扩容', exact: true }).click();
    await allReady(page, ['web-3']);
    await page.screenshot({ path: `${SHOTS}/worker-restarted-zh-1440.png` });
    await page.close();
  }, SLOW);

  it('a malformed frame is dropped with a notice, never drawn; the picture and the draft stay', async () => {
    const page = await open('?lang=en&speed=25');
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    await typeNote(page);
    await page.evaluate(() => {
      const w = window.spyWorkers.find((x) => x.url.includes('sim.worker'));
      const send = (data: unknown) => w?.dispatchEvent(new MessageEvent('message', { data }));
      send({ type: 'frame', v: 4, seq: 1_000_000, view: { time: 0, pods: 'all of them' } });
      send({ type: 'frame', v: 1, seq: 1_000_001, view: { time: 0, pods: [], sets: [] } });
      send({ type: 'diff', v: 4, seq: 1_000_002, baseSeq: 0, diff: { time: 1, upserts: { pods: [{ name: 'ghost' }] }, removes: {} } });
    });
    await page.locator('[data-notice="app.droppedMessages"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-notice="app.droppedMessages"]').textContent()).toContain('3 malformed');
    expect(await page.locator('[data-pod]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-pod="ghost"]').count()).toBe(0);
    // Still live: a scale goes through.
    await page.getByRole('button', { name: 'Scale up', exact: true }).click();
    await allReady(page, ['web-3']);
    expect((await draft(page)).editor).toContain(NOTE);
    await page.close();
  }, SLOW);
});

describe('storage', () => {
  it.each([
    ['corrupt JSON', '{"format": "statefulset-playground/cluster@1", "objects": {', 'app.restoreFailed'],
    ['a snapshot of another shape', '{"version": 1, "objects": "nonsense"}', 'app.restoreFailed'],
    ['a newer version', '{"format": "statefulset-playground/cluster@9", "objects": {}}', 'app.snapshotNewer'],
  ])('a saved cluster with %s is said; the draft is kept and the YAML runs', async (_, saved, notice) => {
    const yaml = defaultExample();
    const page = await open('?lang=en&speed=25', { storage: { [KEY('cluster')]: saved, [KEY('yaml')]: yaml, [KEY('draft')]: `${yaml}${NOTE}\n` } });
    await page.locator(`[data-notice="${notice}"]`).waitFor({ timeout: 20_000 });
    await allReady(page, ['web-0']);
    expect((await draft(page)).editor).toContain(NOTE);
    if (notice === 'app.snapshotNewer') {
      // Left untouched, even after the page saved its work (a snapshot taken and handled).
      await snapshotHandled(page);
      expect(await page.evaluate((k) => localStorage.getItem(k), KEY('cluster'))).toBe(saved);
      await page.screenshot({ path: `${SHOTS}/snapshot-newer-en-1440.png` });
    }
    await page.close();
  }, SLOW);

  it('full for the cluster: said, and the draft survives a reload', async () => {
    const page = await open('?lang=en&speed=25', {
      setup: () => {
        const native = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key: string, value: string) {
          if (key.endsWith(':cluster')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          native.call(this, key, value);
        };
      },
    });
    await allReady(page, ['web-0']);
    await typeNote(page);
    await page.locator('[data-notice="app.saveFailed"]').waitFor({ timeout: 20_000 });
    await draftSaved(page);
    await page.reload();
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    expect((await draft(page)).editor).toContain(NOTE);
    await page.close();
  }, SLOW);

  it('full for everything: said, and the typed text stays in the editor', async () => {
    const page = await open('?lang=zh-CN&speed=25', {
      setup: () => {
        const native = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key: string, value: string) {
          // The page's probe ("1") fits; nothing real does.
          if (value.length > 8) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          native.call(this, key, value);
        };
      },
    });
    await allReady(page, ['web-0']);
    await typeNote(page);
    await page.locator('[data-notice="app.yamlSaveFailed"]').waitFor({ timeout: 20_000 });
    expect((await draft(page)).editor).toContain(NOTE);
    await page.screenshot({ path: `${SHOTS}/storage-full-zh-1440.png` });
    await page.close();
  }, SLOW);
});

describe('link parameters', () => {
  it('?speed=16 runs at the speed the control shows, and says so', async () => {
    const page = await open('?lang=en&speed=16&autoplay=maybe&example=nope');
    await allReady(page, ['web-0']);
    for (const key of ['url.speed', 'url.autoplay', 'url.example']) await page.locator(`[data-notice="${key}"]`).waitFor({ timeout: 10_000 });
    const shown = await page.locator('.timebar select').inputValue();
    const sent = await page.evaluate(() => {
      const w = window.spyWorkers.find((x) => x.url.includes('sim.worker'));
      const playback = (w?.sent ?? []).filter((m) => (m as { type?: string }).type === 'playback');
      return (playback.at(-1) as { speed?: number } | undefined)?.speed;
    });
    expect(Number(shown)).toBe(sent);
    expect(shown).toBe('25');
    await page.screenshot({ path: `${SHOTS}/url-notices-en-1440.png` });
    for (const viewport of [{ width: 390, height: 844 }]) {
      const small = await open('?lang=zh-CN&speed=16&embed=2', { viewport });
      await small.locator('[data-notice="url.speed"]').waitFor({ timeout: 20_000 });
      await small.screenshot({ path: `${SHOTS}/url-notices-zh-${viewport.width}.png` });
      await small.close();
    }
    // Embedded in a course page (800×600 iframe): the notice shows there too, above the diagram.
    const host = await browser().newPage({ viewport: { width: 840, height: 640 } });
    await host.setContent(`<iframe src="${ORIGIN}/?embed=1&lang=zh-CN&speed=16" width="800" height="600" style="border:1px solid #ccc"></iframe>`);
    await host.frameLocator('iframe').locator('[data-notice="url.speed"]').waitFor({ timeout: 30_000 });
    await host.frameLocator('iframe').locator('[data-pod="web-0"]').waitFor({ timeout: 60_000 });
    await host.screenshot({ path: `${SHOTS}/url-notices-zh-iframe-800.png` });
    await host.close();
    await page.close();
  }, SLOW);

  it('a speed that is not a number never reaches the worker', async () => {
    const page = await open('?lang=en&speed=NaN');
    await allReady(page, ['web-0']);
    const speeds = await page.evaluate(() =>
      window.spyWorkers.flatMap((w) => w.sent.filter((m) => (m as { type?: string }).type === 'playback').map((m) => (m as { speed: number }).speed))
    );
    expect(speeds.length).toBeGreaterThan(0);
    for (const s of speeds) expect(Number.isFinite(s)).toBe(true);
    expect(await page.locator('.timebar select').inputValue()).toBe('1');
    await page.close();
  }, SLOW);
});

describe('a part of the page that breaks', () => {
  it.each(['en', 'zh-CN'])('keeps the YAML and reloads into it (%s)', async (lang) => {
    const page = await open(`?lang=${lang}&speed=25`);
    await allReady(page, ['web-0']);
    await typeNote(page);
    // A view the page cannot draw, put straight into the store (nothing from the worker gets this far).
    await page.evaluate(`(async () => {
      const { useAppStore } = await import('/src/app/store/index.ts');
      useAppStore.setState({ view: { time: 0, pods: null } });
    })()`);
    await page.locator('[data-crash]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-crash-yaml]').inputValue()).toContain(NOTE);
    expect(await page.evaluate((k) => localStorage.getItem(k), KEY('draft'))).toContain(NOTE);
    await page.screenshot({ path: `${SHOTS}/crash-${lang}-1440.png` });
    await page.locator('[data-crash] button.primary').click();
    await allReady(page, ['web-0']);
    expect(await page.locator('[data-crash]').count()).toBe(0);
    expect((await draft(page)).editor).toContain(NOTE);
    // A view only the diagram and the panels trip over: that part gives way, the editor stays.
    await page.evaluate(`(async () => {
      const { useAppStore } = await import('/src/app/store/index.ts');
      useAppStore.setState({ view: { ...useAppStore.getState().view, sets: null } });
    })()`);
    await page.locator('[data-crash="part"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('.editor-pane').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/crash-part-${lang}-1440.png` });
    await page.close();
  }, SLOW);
});

describe('apply reports like kubectl', () => {
  it('shows the created line and the error together, then nothing stale after a syntax error', async () => {
    const page = await open('?lang=en&speed=25');
    await allReady(page, ['web-0']);
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    // Set as a paste would (typing it would meet Monaco's auto-indent).
    await setYaml(page, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Name\n');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.locator('[data-apply-result]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-apply-result]').textContent()).toContain('configmap/settings created');
    await page.locator('.problem').first().waitFor();
    expect(Number(await page.locator('.problem').first().getAttribute('data-line'))).toBeGreaterThan(5);
    await page.screenshot({ path: `${SHOTS}/apply-partial-en-1440.png` });
    await setYaml(page, 'kind: [\n');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForFunction(() => !document.querySelector('[data-apply-result]') && document.querySelector('.problem'), undefined, { timeout: 10_000 });
    await page.close();
  }, SLOW);
});
