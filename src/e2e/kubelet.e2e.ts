/** The console shows the kubelet and kubectl as v1.36 print them: image back-off with field paths, warnings first. */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPage, useBrowser } from './browser.ts';

const SHOTS = '/tmp/shots-kubelet';

const browser = useBrowser();
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const logText = (page: Page): Promise<string> => page.getByTestId('console-log').textContent().then((t) => t ?? '');

async function run(page: Page, command: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'kubectl command' });
  await input.fill(command);
  await input.press('Enter');
}

describe('the kubelet in the console', () => {
  it('cycles an unpullable image through the back-off and prints warnings before the output', async () => {
    const page = await openPage(browser(), '?lang=en&speed=25');
    await page.locator('[data-pod="web-0"][data-ready="true"]').waitFor({ timeout: 45_000 });
    await page.getByRole('tab', { name: 'Console' }).click();

    await run(page, 'run bad --image=nginx:broken');
    await page.getByTestId('console-log').getByText('pod/bad created').waitFor();
    // At 25× the first failure, the back-off and the second pull come within a few real seconds: the
    // pod's tile says when it is backing off.
    await page.locator('[data-pod="bad"][data-status="ImagePullBackOff"]').waitFor({ timeout: 30_000 }).catch(() => undefined);
    for (let i = 0; i < 20; i++) {
      await run(page, 'describe pod bad');
      // This describe's output is printed (it ends with the pod's events).
      await page.waitForFunction(
        (n) => {
          const parts = (document.querySelector('[data-testid="console-log"]')?.textContent ?? '').split('$ kubectl describe pod bad');
          return parts.length > n && (parts.at(-1) ?? '').includes('Events:');
        },
        i + 1,
        { timeout: 10_000 }
      );
      if ((await logText(page)).includes('Error: ImagePullBackOff')) break;
      await page.waitForTimeout(500);
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
