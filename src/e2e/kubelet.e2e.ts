/** The console shows the kubelet and kubectl as v1.36 print them: image back-off with field paths, warnings first. */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePort, startWarm } from './browser.ts';

const PORT = e2ePort(5195);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SHOTS = '/tmp/shots-kubelet';

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, browser } = await startWarm(PORT));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const logText = (page: Page): Promise<string> => page.getByTestId('console-log').textContent().then((t) => t ?? '');

async function run(page: Page, command: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'kubectl command' });
  await input.fill(command);
  await input.press('Enter');
}

describe('the kubelet in the console', () => {
  it('cycles an unpullable image through the back-off and prints warnings before the output', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(() => localStorage.clear());
    await page.goto(`${ORIGIN}/?lang=en&speed=25`);
    await page.locator('[data-pod="web-0"][data-ready="true"]').waitFor({ timeout: 45_000 });
    await page.getByRole('tab', { name: 'Console' }).click();

    await run(page, 'run bad --image=nginx:broken');
    await page.getByTestId('console-log').getByText('pod/bad created').waitFor();
    // At 25× the first failure, the back-off and the second pull come within a few real seconds.
    await page.waitForFunction(
      () => {
        const text = document.querySelector('[data-testid="console-log"]')?.textContent ?? '';
        return text.includes('ImagePullBackOff');
      },
      undefined,
      { timeout: 30_000 }
    ).catch(() => undefined);
    for (let i = 0; i < 20; i++) {
      await run(page, 'describe pod bad');
      await page.waitForTimeout(500);
      if ((await logText(page)).includes('Error: ImagePullBackOff')) break;
    }
    const described = await logText(page);
    expect(described).toMatch(/kubelet +spec\.containers\{bad\}: Back-off pulling image "nginx:broken"/);
    expect(described).toMatch(/kubelet +spec\.containers\{bad\}: Error: ImagePullBackOff/);

    await run(page, 'get endpoints');
    await page.waitForFunction(() => (document.querySelector('[data-testid="console-log"]')?.textContent ?? '').includes('Warning: v1 Endpoints is deprecated'));
    const text = await logText(page);
    const entry = text.slice(text.lastIndexOf('$ kubectl get endpoints'));
    expect(entry.indexOf('Warning: v1 Endpoints is deprecated')).toBeGreaterThan(0);
    expect(entry.indexOf('Warning: v1 Endpoints is deprecated')).toBeLessThan(entry.indexOf('NAME'));
    await page.screenshot({ path: `${SHOTS}/console-backoff-en.png` });
    await page.close();
  });
});
