/** Shared e2e setup: a Vite dev server on a fixed port and Debian's Chromium through playwright-core. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

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

/**
 * A dev server on `port` and a browser, with Vite's dependency optimiser warmed once so no test sees
 * its one-time reload.
 */
export async function startWarm(port: number): Promise<{ server: ViteDevServer; browser: Browser }> {
  const server = await startServer(port);
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/?lang=en&speed=100`);
  await page.locator('[data-pod="web-0"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.close();
  return { server, browser };
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
