/** The engine preview page in a real browser: the default example comes up, in English and Chinese. */
import type { Browser } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, ORIGIN, startServer, trackForeignRequests } from './browser.ts';

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('engine preview page', () => {
  it('brings up three Ready pods with bound claims and DNS records, without leaving its origin', async () => {
    const page = await browser.newPage();
    const foreign = trackForeignRequests(page);
    await page.goto(`${ORIGIN}/?lang=en&speed=20`);
    await page.locator('[data-pod="web-2"][data-ready="true"]').waitFor({ timeout: 30_000 });
    for (const name of ['web-0', 'web-1', 'web-2']) {
      await expect(page.locator(`[data-pod="${name}"]`).getAttribute('data-phase')).resolves.toBe('Running');
      const claim = page.locator(`[data-pvc="www-${name}"]`);
      await expect(claim.getAttribute('data-phase')).resolves.toBe('Bound');
      await expect(claim.getAttribute('data-bound-to')).resolves.toMatch(/^pvc-[0-9a-f-]{36}$/);
      await expect(page.locator(`[data-dns="${name}.nginx.default.svc.cluster.local"]`).getAttribute('data-ip')).resolves.toMatch(/^10\.244\.\d+\.\d+$/);
    }
    await expect(page.locator('h1').textContent()).resolves.toBe('StatefulSet Playground');
    await page.screenshot({ path: 'test-results/preview-en.png', fullPage: true });
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('speaks Chinese with ?lang=zh-CN', async () => {
    const page = await browser.newPage();
    await page.goto(`${ORIGIN}/?lang=zh-CN&speed=20`);
    await expect(page.locator('h1').textContent()).resolves.toBe('StatefulSet 演练场');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('zh-CN');
    await page.locator('[data-pod="web-0"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'test-results/preview-zh.png', fullPage: true });
    await page.close();
  });
});
