/**
 * Shared e2e setup: a Vite dev server on a fixed port and Debian's Chromium through playwright-core.
 * The e2e project's global setup (globalSetup.ts) starts one warmed dev server at `SHARED_ORIGIN` for
 * every browser file; a file launches its own browser (`useBrowser`) and opens pages with `openPage`.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';

/**
 * A fixed port shifted by `E2E_PORT_OFFSET`, so several checkouts can run the browser tests at once
 * (each still with `strictPort`).
 */
export function e2ePort(base: number): number {
  const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
  return base + (Number.isInteger(offset) && offset >= 0 && offset < 1000 ? offset : 0);
}

export const PORT = e2ePort(5179);
export const ORIGIN = `http://127.0.0.1:${PORT}`;

/** The dev server the global setup starts once for all browser files (warmed, see `warm`). */
export const SHARED_PORT = e2ePort(5170);
export const SHARED_ORIGIN = `http://127.0.0.1:${SHARED_PORT}`;

export async function startServer(port = PORT): Promise<ViteDevServer> {
  const server = await createServer({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    server: { port, strictPort: true, host: '127.0.0.1', open: false },
    logLevel: 'error',
  });
  await server.listen();
  return server;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** One throwaway page on a fresh server: the app's modules transformed, the optimiser's reload taken. */
export async function warm(browser: Browser, origin: string): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${origin}/?lang=en&speed=100`);
  await page.locator('[data-pod="web-0"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.close();
}

/**
 * A browser for the test file (launched before its tests, closed after them); the page server is the
 * shared one at `SHARED_ORIGIN`. Call at the top level of a test file.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is launched in beforeAll');
    return browser;
  };
}

/**
 * A page several tests of a file share, one after another (each goes on from where the last left it):
 * opened by whichever of them runs first, closed after the file's tests. Call at the top level.
 */
export function sharedPage<T extends { page: Page }>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  afterAll(async () => {
    await (await opened?.catch(() => undefined))?.page.close();
  });
  return () => (opened ??= open());
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  /** prefers-reduced-motion: reduce (no transitions to wait out). */
  reducedMotion?: boolean;
  /** Put in localStorage after it is cleared, before the page's own scripts run. */
  storage?: Record<string, string>;
  /** Runs on the new page before it navigates (init scripts, listeners). */
  before?: (page: Page) => Promise<void> | void;
}

/**
 * A new page (its own context: cookies, cache and storage of its own) at `SHARED_ORIGIN/query`. Its
 * localStorage starts empty (or `storage`) on the first load only: a reload in the test keeps it.
 */
export async function openPage(browser: Browser, query: string, opts: OpenOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1440, height: 900 }, ...(opts.reducedMotion ? { reducedMotion: 'reduce' as const } : {}) });
  await page.addInitScript((seed: Record<string, string>) => {
    if (!sessionStorage.getItem('e2e-cleared')) {
      localStorage.clear();
      for (const [k, v] of Object.entries(seed)) localStorage.setItem(k, v);
      sessionStorage.setItem('e2e-cleared', '1');
    }
  }, opts.storage ?? {});
  await opts.before?.(page);
  await page.goto(`${SHARED_ORIGIN}/${query}`);
  return page;
}

/** Two animation frames: what the page changed (a new size, a new view) has been laid out and drawn. */
export async function twoFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * After a page is resized, Monaco shows its scrollbars for a moment (a page opened at that size does
 * not): waits until they have begun to fade. Screenshot with `animations: 'disabled'` to skip the fade.
 */
export async function editorScrollbarsHidden(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.monaco-editor .scrollbar.visible'), undefined, { timeout: 10_000 });
}

/** Waits until each named pod is drawn Ready. */
export async function allReady(page: Page, names: readonly string[], timeout = 60_000): Promise<void> {
  for (const name of names) await page.locator(`[data-pod="${name}"][data-ready="true"]`).waitFor({ timeout });
}

/** Records every request that leaves the page's origin. */
export function trackForeignRequests(page: Page, origin = ORIGIN): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}
