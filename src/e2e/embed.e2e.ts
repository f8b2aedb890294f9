/**
 * Embedding: the demo course page (public/demo-host.html) drives a playground in an iframe sandboxed
 * with allow-scripts allow-same-origin through the host API (load, kubectl, seek) and receives its
 * state and events; height=auto posts sizes; malformed messages and other origins are ignored and
 * counted; embed options that mean nothing are said in the notices. Screenshots: /tmp/shots-embed/.
 */
import { mkdirSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_ORIGIN as ORIGIN, useBrowser } from './browser.ts';

const SHOTS = '/tmp/shots-embed';
const SLOW = 180_000;

const browser = useBrowser();
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

async function demo(): Promise<{ page: Page; frame: Frame }> {
  const page = await browser().newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${ORIGIN}/demo-host.html`);
  await page.locator('[data-demo-log] li[data-type="ready"]').waitFor({ timeout: 60_000 });
  const frame = page.frame({ url: /embed=1.*example=default/ });
  if (!frame) throw new Error('no playground frame');
  return { page, frame };
}

/** Loads the demo's YAML, plays until the three pods are ready, and pauses. */
async function loadAndSettle(page: Page): Promise<void> {
  await page.locator('[data-demo="load"]').click();
  await page.locator('[data-demo="play"]').click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-demo-pods] tr')].filter((tr) => tr.children[2]?.textContent === '是').length === 3, undefined, { timeout: 60_000 });
  await page.locator('[data-demo="pause"]').click();
}

const readyRows = (page: Page) => page.evaluate(() => [...document.querySelectorAll('[data-demo-pods] tr')].filter((tr) => tr.children[2]?.textContent === '是').length);

const texts = (page: Page, type: string) => page.locator(`[data-demo-log] li[data-type="${type}"]`).allTextContents();

describe('the demo course page drives an embedded playground', () => {
  it(
    'loads YAML, runs kubectl, and receives ready, state, events and sizes',
    async () => {
      const { page, frame } = await demo();
      expect(await page.locator('#pg-main').getAttribute('sandbox')).toBe('allow-scripts allow-same-origin');
      // Embed options: Chinese, the four tabs the link names, the actions (controls=full), no editor.
      await frame.locator('[data-pod]').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
      expect(await frame.locator('[role="tab"]').allTextContents()).toHaveLength(4);
      expect(await frame.locator('.monaco-editor').count()).toBe(0);
      expect(await frame.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

      await page.locator('[data-demo="load"]').click();
      await page.locator('[data-demo="play"]').click();
      // The state messages tell the page about every pod, ordered and ready.
      await page.locator('[data-demo-pods] tr[data-pod="web-2"]').waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => [...document.querySelectorAll('[data-demo-pods] tr')].filter((tr) => tr.children[2]?.textContent === '是').length === 3, undefined, { timeout: 60_000 });
      const events = await texts(page, 'event');
      expect(events.some((e) => e.includes('SuccessfulCreate') && e.includes('web-0'))).toBe(true);
      expect(events.some((e) => e.includes('SuccessfulCreate') && e.includes('web-2'))).toBe(true);

      await page.locator('[data-demo="pause"]').click();
      await page.locator('#command').fill('kubectl get pods');
      await page.locator('[data-demo="kubectl"]').click();
      await page.waitForFunction(() => document.querySelector('[data-demo-kubectl]')?.textContent?.includes('web-2'), undefined, { timeout: 30_000 });
      const out = (await page.locator('[data-demo-kubectl]').textContent()) ?? '';
      expect(out).toMatch(/NAME\s+READY\s+STATUS/);
      expect(out).toMatch(/web-0\s+1\/1\s+Running/);

      // A command that fails comes back with its exit code and stderr.
      await page.locator('#command').fill('kubectl get pod nope');
      await page.locator('[data-demo="kubectl"]').click();
      await page.waitForFunction(() => document.querySelector('[data-demo-kubectl]')?.textContent?.includes('NotFound'), undefined, { timeout: 30_000 });

      // height=auto: the playground posted its height and the client sized the frame to it.
      // Read together: another size message may come at any time.
      const [lastSize, style] = await page.evaluate(() => [[...document.querySelectorAll('[data-demo-log] li[data-type="size"]')].at(-1)?.textContent ?? '', (document.getElementById('pg-main') as HTMLIFrameElement).style.height]);
      const last = Number(/(\d+)px/.exec(lastSize)?.[1]);
      expect(last).toBeGreaterThan(200);
      expect(style).toBe(`${last}px`);
      await page.screenshot({ path: `${SHOTS}/demo-zh-1440x900.png` });
      await page.screenshot({ path: `${SHOTS}/demo-zh-1440-full.png`, fullPage: true });
      await page.close();
    },
    SLOW
  );

  it(
    'seeks back to an earlier moment and reports its state',
    async () => {
      const { page } = await demo();
      await loadAndSettle(page);
      const before = (await texts(page, 'state')).length;
      await page.locator('#seek-time').fill('3');
      await page.locator('[data-demo="seek"]').click();
      // Three seconds in, web-0 has only just been created: fewer pods are ready than live.
      await page.waitForFunction((n) => document.querySelectorAll('[data-demo-log] li[data-type="state"]').length > n, before, { timeout: 30_000 });
      expect(await readyRows(page)).toBeLessThan(3);
      const time = Number(/state\s+([\d.]+) 秒/.exec((await texts(page, 'state')).at(-1) ?? '')?.[1]);
      expect(time).toBeLessThanOrEqual(3);
      expect(await texts(page, 'error')).toEqual([]);
      await page.close();
    },
    SLOW
  );

  it(
    'opens a lesson, reports its step, and answers a lesson that does not exist with an error',
    async () => {
      const { page, frame } = await demo();
      await page.locator('[data-demo="lesson"]').click();
      await frame.locator('[data-lesson="storage-survives"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-demo-log] li[data-type="lesson-step"]').waitFor({ timeout: 30_000 });
      expect((await texts(page, 'lesson-step')).at(-1)).toContain('storage-survives 第 1 步');
      await page.evaluate(() => (document.getElementById('pg-main') as HTMLIFrameElement).contentWindow?.postMessage({ source: 'sts-playground', v: 1, type: 'lesson', id: 'no-such-lesson' }, location.origin));
      await page.locator('[data-demo-log] li[data-type="error"]').waitFor({ timeout: 30_000 });
      expect((await texts(page, 'error')).join()).toContain('no-such-lesson');
      await page.close();
    },
    SLOW
  );

  it(
    'ignores and counts malformed messages and messages from origins not allowed, and keeps working',
    async () => {
      const { page, frame } = await demo();
      await page.evaluate(() => {
        const w = (document.getElementById('pg-main') as HTMLIFrameElement).contentWindow as Window;
        for (const m of ['play', null, { source: 'sts-playground', v: 1, type: 'explode' }, { source: 'sts-playground', v: 2, type: 'play' }, { source: 'sts-playground', v: 1, type: 'seek', time: 'soon' }]) w.postMessage(m, '*');
      });
      await frame.waitForFunction(() => document.documentElement.dataset.hostIgnored === '5', undefined, { timeout: 10_000 });
      await page.locator('#command').fill('kubectl get sts');
      await page.locator('[data-demo="kubectl"]').click();
      await page.waitForFunction(() => document.querySelector('[data-demo-kubectl]')?.textContent?.includes('$ kubectl get sts'), undefined, { timeout: 30_000 });

      // A playground that answers https://a.example only: this page's messages are ignored, and it
      // posts nothing this page can receive (not even ready).
      const received: unknown[] = [];
      await page.exposeFunction('record', (m: unknown) => received.push(m));
      await page.evaluate((src) => {
        const f = document.createElement('iframe');
        f.id = 'pg-other';
        f.src = src;
        f.setAttribute('sandbox', 'allow-scripts allow-same-origin');
        window.addEventListener('message', (e) => {
          if (e.source === f.contentWindow) (window as unknown as { record(m: unknown): void }).record(e.data);
        });
        document.body.append(f);
      }, '/?embed=1&lang=en&example=parallel&origin=https://a.example');
      const other = page.frameLocator('#pg-other');
      await other.locator('[data-pod]').first().waitFor({ timeout: 60_000 });
      await page.evaluate(() => (document.getElementById('pg-other') as HTMLIFrameElement).contentWindow?.postMessage({ source: 'sts-playground', v: 1, type: 'kubectl', command: 'kubectl get pods' }, '*'));
      const otherFrame = page.frame({ url: /origin=https/ });
      await otherFrame?.waitForFunction(() => document.documentElement.dataset.hostIgnored === '1', undefined, { timeout: 10_000 });
      expect(received).toEqual([]);
      await page.close();
    },
    SLOW
  );

  it(
    'says which embed options mean nothing, and keeps what they asked for that exists',
    async () => {
      const page = await browser().newPage({ viewport: { width: 800, height: 600 } });
      await page.goto(`${ORIGIN}/?embed=1&lang=en&controls=tiny&panels=events,graphs&height=300&origin=*&lesson=nope`);
      await page.locator('[data-pod]').first().waitFor({ timeout: 60_000 });
      for (const key of ['url.controls', 'url.panels', 'url.height', 'url.origin', 'url.lesson']) await page.locator(`[data-notices] [data-notice="${key}"]`).waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-notice="url.panels"]').textContent()).toContain('graphs');
      expect(await page.locator('[role="tab"]').allTextContents()).toHaveLength(1);
      await page.goto(`${ORIGIN}/?embed=1&lang=zh-CN&controls=min&panels=why`);
      await page.locator('[data-pod]').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-notices]').count()).toBe(0);
      expect(await page.locator('[role="tab"]').count()).toBe(1);
      expect(await page.locator('.actions').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/embed-min-zh-800x600.png` });
      await page.close();
    },
    SLOW
  );
});
