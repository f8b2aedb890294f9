/**
 * Presenter mode, the picture that fits, export and accessibility: presenter mode at 1280×720 shows
 * every pod, claim and volume with no text under 18 px on screen; a 390 px phone never scrolls
 * sideways; the exports are a well-formed SVG and a PNG at twice its size; axe-core finds nothing
 * serious or critical on the main views, in English and Chinese.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, SHARED_ORIGIN as ORIGIN, useBrowser } from './browser.ts';

const AXE = new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname;
const LANGS = ['en', 'zh-CN'] as const;

const browser = useBrowser();

/** The default example, run until its three pods are ready and their claims bound. */
async function open(viewport: { width: number; height: number }, query: string): Promise<Page> {
  const page = await openPage(browser(), `?speed=100&${query}`, { viewport, reducedMotion: true });
  await page.locator('[data-pod="web-2"][data-ready="true"]').waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-pv]').length >= 3, undefined, { timeout: 60_000, polling: 250 });
  return page;
}

/** Stops the clock, so the page holds still while it is checked. */
async function pause(page: Page): Promise<void> {
  await page.locator('.timebar button').first().click();
  const still = () =>
    page.evaluate(async () => {
      const clock = document.querySelector('[data-testid="clock"]');
      const before = clock?.textContent;
      await new Promise((r) => setTimeout(r, 1500));
      return before === clock?.textContent;
    });
  await expect.poll(still, { timeout: 30_000 }).toBe(true);
}

interface Measured {
  shown: { kind: string; name: string; inside: boolean }[];
  smallest: { text: string; px: number } | undefined;
  texts: number;
}

/** Where every pod, claim and volume stands against the window, and the smallest text as drawn on screen. */
function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('svg.diagram');
    if (!svg) throw new Error('no diagram');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const shown = [...svg.querySelectorAll<SVGGElement>('[data-pod], [data-pvc], [data-pv]')].map((g) => {
      const r = g.getBoundingClientRect();
      const kind = g.hasAttribute('data-pod') ? 'pod' : g.hasAttribute('data-pvc') ? 'pvc' : 'pv';
      const name = g.getAttribute('data-pod') ?? g.getAttribute('data-pvc') ?? g.getAttribute('data-pv') ?? '';
      return { kind, name, inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight && r.width > 0 };
    });
    let smallest: { text: string; px: number } | undefined;
    let texts = 0;
    for (const text of svg.querySelectorAll('text')) {
      if (!text.textContent?.trim() || text.closest('.leaving')) continue;
      texts += 1;
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (!smallest || px < smallest.px) smallest = { text: text.textContent, px };
    }
    return { shown, smallest, texts };
  });
}

describe('presenter mode', () => {
  for (const lang of LANGS) {
    it(`at 1280×720 shows every pod, claim and volume with text of 18 px or more (${lang})`, { timeout: 240_000 }, async () => {
      const page = await open({ width: 1280, height: 720 }, `lang=${lang}&present=1`);
      const m = await measure(page);
      expect(m.shown.filter((s) => s.kind === 'pod').map((s) => s.name).sort()).toEqual(['web-0', 'web-1', 'web-2']);
      expect(m.shown.filter((s) => s.kind === 'pvc')).toHaveLength(3);
      expect(m.shown.filter((s) => s.kind === 'pv')).toHaveLength(3);
      expect(m.shown.filter((s) => !s.inside)).toEqual([]);
      expect(m.texts).toBeGreaterThan(20);
      expect(m.smallest?.px).toBeGreaterThanOrEqual(18);
      // No sideways or inner scroll: the whole picture is in the window.
      const overflow = await page.evaluate(() => {
        const el = document.querySelector('.diagram-scroll') as HTMLElement;
        return { x: el.scrollWidth - el.clientWidth, y: el.scrollHeight - el.clientHeight };
      });
      expect(overflow.x).toBeLessThanOrEqual(1);
      expect(overflow.y).toBeLessThanOrEqual(1);
      // The caption says what just happened; the time controls stay at hand.
      expect((await page.locator('[data-caption]').textContent())?.length).toBeGreaterThan(5);
      await expect.poll(() => page.locator('.timebar button').first().isVisible()).toBe(true);
      // The panels come back behind a toggle; Esc leaves presenter mode.
      await page.locator('[data-action="present-panels"]').click();
      await page.locator('.info [role="tablist"]').waitFor({ state: 'visible', timeout: 10_000 });
      await page.locator('[data-action="present-panels"]').click();
      await page.locator('.info [role="tablist"]').waitFor({ state: 'hidden', timeout: 10_000 });
      await page.keyboard.press('Escape');
      await page.locator('.app-header').waitFor({ state: 'visible', timeout: 10_000 });
      expect(await page.evaluate(() => document.documentElement.classList.contains('presenting'))).toBe(false);
      // And the header's button starts it again.
      await page.locator('[data-action="present"]').click();
      await page.locator('.app-header').waitFor({ state: 'hidden', timeout: 10_000 });
      await page.close();
    });
  }
});

describe('the picture fits', () => {
  it('at 1280×720 the storage rows are not behind an inner scroll', { timeout: 240_000 }, async () => {
    const page = await open({ width: 1280, height: 720 }, 'lang=en');
    const inner = await page.evaluate(() => {
      const el = document.querySelector('.diagram-scroll') as HTMLElement;
      return el.scrollHeight - el.clientHeight;
    });
    expect(inner).toBeLessThanOrEqual(1);
    expect(await spills(page)).toEqual([]);
    await page.close();
  });

  it('a pod still being created keeps "ContainerCreating · 0/1" inside its tile', { timeout: 240_000 }, async () => {
    const page = await browser().newPage({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
    await page.goto(`${ORIGIN}/?speed=0.25&lang=en`);
    const creating = page.locator('[data-pod][data-status="ContainerCreating"]').first();
    await creating.waitFor({ timeout: 120_000 });
    await page.locator('.timebar button').first().click();
    expect(await spills(page)).toEqual([]);
    // The full words are in the tooltip.
    expect(await creating.locator('title').textContent()).toContain('ContainerCreating · 0/1');
    await page.close();
  });

  for (const lang of LANGS) {
    it(`a 390 px phone never scrolls sideways, Events and Tables included (${lang})`, { timeout: 240_000 }, async () => {
      const page = await open({ width: 390, height: 844 }, `lang=${lang}`);
      const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(await sideways()).toBeLessThanOrEqual(0);
      for (const tab of ['events', 'tables', 'console']) {
        await page.locator(`#tab-${tab}`).click();
        await page.locator(`#panel-${tab}`).waitFor({ timeout: 10_000 });
        expect(await sideways()).toBeLessThanOrEqual(0);
      }
      // An event's source ("kubelet") is never broken one letter a line.
      await page.locator('#tab-events').click();
      const kubeletLines = await page.evaluate(() => {
        const cell = [...document.querySelectorAll('table.events .ev-from')].find((c) => c.textContent === 'kubelet');
        if (!cell) return undefined;
        const range = document.createRange();
        range.selectNodeContents(cell);
        return range.getClientRects().length;
      });
      expect(kubeletLines).toBe(1);
      await page.close();
    });
  }
});

describe('export', () => {
  it('gives a standalone SVG with the caption and a PNG at twice its size', { timeout: 240_000 }, async () => {
    const page = await open({ width: 1440, height: 900 }, 'lang=zh-CN');
    await pause(page);
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-svg"]').click()]);
    const svgPath = await svgDownload.path();
    const svgText = await readFile(svgPath, 'utf8');
    expect(svgDownload.suggestedFilename()).toMatch(/\.svg$/);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? '',
        root: root.localName,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        pods: [...doc.querySelectorAll('[data-pod]')].map((g) => g.getAttribute('data-pod')),
        caption: doc.querySelector('[data-export-caption]')?.textContent ?? '',
        styled: doc.querySelectorAll('[style*="fill"]').length,
        external: [...doc.querySelectorAll('*')].some((el) => [...el.attributes].some((a) => a.name.endsWith('href') && !a.value.startsWith('#'))),
      };
    }, svgText);
    expect(parsed.error).toBe('');
    expect(parsed.root).toBe('svg');
    expect(parsed.pods.sort()).toEqual(['web-0', 'web-1', 'web-2']);
    expect(parsed.caption).toMatch(/^虚拟时间 \d+:\d\d · 3 个节点 · 3 个 Pod（3 个就绪）· 3 个持久卷申领 · 3 个持久卷$/);
    expect(parsed.styled).toBeGreaterThan(10);
    expect(parsed.external).toBe(false);
    expect(svgText).toContain('WenQuanYi Micro Hei');

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-png"]').click()]);
    const png = await readFile(await pngDownload.path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    // Twice the SVG's size (the SVG's size is that of the picture it was drawn from).
    expect(png.readUInt32BE(16)).toBe(Math.ceil(parsed.width * 2));
    expect(png.readUInt32BE(20)).toBe(Math.ceil(parsed.height * 2));
    expect(png.length).toBeGreaterThan(5000);
    await page.close();
  });
});

/** The texts of pod, claim, volume and class tiles that run past their tile's right edge. */
function spills(page: Page): Promise<(string | null)[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGGElement>('g.pod, g.claim, g.volume, g.class')].flatMap((g) => {
      const card = g.querySelector('rect.card')?.getBoundingClientRect();
      if (!card) return [];
      return [...g.querySelectorAll('text:not(.kind-tag)')].filter((t) => t.getBoundingClientRect().right > card.right + 0.5).map((t) => t.textContent);
    })
  );
}

/** axe-core's serious and critical findings on the page as it is. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run;
    const result = await run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3).join(' ')}`);
  });
}

describe('accessibility (axe-core)', () => {
  for (const lang of LANGS) {
    it(`finds nothing serious on the main views (${lang})`, { timeout: 300_000 }, async () => {
      const page = await open({ width: 1440, height: 900 }, `lang=${lang}`);
      // Still while checked: a moving cluster changes the page under axe.
      await pause(page);
      const found: Record<string, string[]> = { default: await axe(page) };
      for (const tab of ['events', 'tables', 'console']) {
        await page.locator(`#tab-${tab}`).click();
        await page.locator(`#panel-${tab}`).waitFor({ timeout: 10_000 });
        found[tab] = await axe(page);
      }
      await page.locator('[data-action="present"]').click();
      await page.locator('.presenter-bar').waitFor({ timeout: 10_000 });
      found.presenter = await axe(page);
      expect(found).toEqual({ default: [], events: [], tables: [], console: [], presenter: [] });
      await page.close();
    });
  }
});
