/**
 * The production build on hostile hosts (issue 9, item 6) and static hosting (issue 11, item 4): built
 * once, served from a sub-folder by a plain static server (no CORS headers) that also sends the
 * documented Content-Security-Policy header, and opened
 * - as a page under the strict CSP (Monaco and monaco-yaml's worker included),
 * - inside iframes sandboxed with allow-scripts only (an opaque origin: no module scripts, workers or
 *   storage) on another origin,
 * - from disk (file://, an opaque origin too),
 * - again after the browser went offline (the service worker's copy),
 * each time running the default example to Ready with zero console errors.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspHeader } from '../tools/hosting/csp.ts';
import { e2ePort, launch } from './browser.ts';
import { buildOnce, startStaticHost, type StaticHost } from './staticHost.ts';

const FOLDER = '/courses/k8s/playground/';
const PODS = ['web-0', 'web-1', 'web-2'];
const SHOTS = '/tmp/shots-host';

let dist: string | undefined;
let site: StaticHost;
let course: StaticHost;
let browser: Browser;

beforeAll(async () => {
  dist = await buildOnce();
  site = await startStaticHost({ port: e2ePort(5316), mounts: { [FOLDER]: dist }, headers: { 'content-security-policy': cspHeader() } });
  const app = `${site.origin}${FOLDER}`;
  // A course page on another origin, embedding the playground the way the README tells it to.
  course = await startStaticHost({
    port: e2ePort(5317),
    pages: {
      '/embed.html': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>课程</title>
<iframe id="embed" sandbox="allow-scripts" width="800" height="600" src="${app}?embed=1&lang=zh-CN&speed=100"></iframe>`,
      '/full.html': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>course</title>
<iframe id="full" sandbox="allow-scripts" width="800" height="600" src="${app}?lang=en&speed=100"></iframe>`,
    },
  });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await course?.close();
});

/** Every console error, uncaught exception and CSP violation of the page and its frames. */
function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} @ ${message.location().url}`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function allReady(where: Page | Frame, names: readonly string[]): Promise<void> {
  for (const name of names) await where.locator(`[data-pod="${name}"][data-ready="true"][data-phase="Running"]`).waitFor({ timeout: 60_000 });
}

/** The iframe's frame once it has navigated to the playground. */
async function playgroundFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(site.origin)), { timeout: 20_000 }).toBe(true);
  const frame = page.frames().find((f) => f.url().startsWith(site.origin));
  if (!frame) throw new Error('no playground frame');
  return frame;
}

describe('the build on a static host', () => {
  it('runs from a sub-folder under the strict CSP, Monaco and its YAML worker included, asking only for its own files', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = recordErrors(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const response = await page.goto(`${site.origin}${FOLDER}?lang=en&speed=100`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).not.toContain('unsafe-eval');
    await allReady(page, PODS);
    await page.locator(`[data-pvc="www-web-2"][data-phase="Bound"]`).waitFor({ timeout: 20_000 });
    // The engine runs in its worker, not on the page.
    expect(await page.locator('[data-notice="app.engineFallback"]').count()).toBe(0);
    // monaco-yaml's worker validates against the schema: an unknown field gets a warning squiggle.
    await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\nunknownTopLevelField: 1\n');
    await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    const workers = page.workers().map((w) => w.url());
    // (Monaco's own editor worker starts only for features this editor leaves out.)
    for (const name of ['sim.worker', 'yaml.worker']) expect(workers.some((url) => url.includes(name)), workers.join()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/subfolder-csp-1440.png` });
    expect(requested.filter((url) => !url.startsWith(`${site.origin}${FOLDER}`) && !url.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs in an iframe sandboxed with allow-scripts only (embed and full page), engine on the main thread', async () => {
    for (const [path, embed] of [
      ['/embed.html', true],
      ['/full.html', false],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
      const errors = recordErrors(page);
      await page.goto(`${course.origin}${path}`);
      const frame = await playgroundFrame(page);
      await allReady(frame, PODS);
      // Really the opaque-origin case: no storage, no workers, the classic bundle.
      expect(await frame.evaluate(() => self.origin)).toBe('null');
      expect(await frame.evaluate(() => [...document.scripts].some((s) => s.src.includes('/assets/classic-')))).toBe(true);
      if (!embed) {
        await frame.locator('[data-notice="app.engineFallback"]').waitFor();
        await frame.locator('textarea.plain-editor').waitFor();
        await frame.getByRole('button', { name: 'Scale up', exact: true }).click();
        await allReady(frame, ['web-3']);
      }
      await page.screenshot({ path: `${SHOTS}/sandbox${embed ? '-embed-zh' : '-full'}-800x600.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('opens straight from disk (file://), as in a sandbox', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors = recordErrors(page);
    await page.goto(`${pathToFileURL(join(dist ?? '', 'index.html')).href}?lang=en&speed=100`);
    await allReady(page, PODS);
    expect(await page.evaluate(() => self.origin)).toBe('null');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works offline after one visit: the service worker serves the whole build', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = recordErrors(page);
    await page.goto(`${site.origin}${FOLDER}?lang=en&speed=100`);
    await allReady(page, PODS);
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    // Installed (every file cached) and in control of this page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    const worker = await page.evaluate(() => fetch('./sw.js').then((r) => r.text()));
    expect(worker).toContain('assets/monacoSetup-');
    expect(worker).not.toContain('assets/classic-');
    await context.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await allReady(page, PODS);
    await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/offline-1280.png` });
    // The engine's worker script came from the cache too: no fallback to the main thread.
    expect(await page.locator('[data-notice="app.engineFallback"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
