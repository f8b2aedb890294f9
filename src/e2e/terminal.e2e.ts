/**
 * The console as a learner's terminal, in Debian's Chromium: a for-loop around kubectl exec, an
 * interactive busybox shell from `kubectl run -i --tty … --rm` (prompt, commands in the pod, exit,
 * the pod deleted), and a delete that waits on the clock. Screenshots under /tmp/shots-shell/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { allReady, openPage, useBrowser } from './browser.ts';

const SHOTS = '/tmp/shots-shell';

const browser = useBrowser();
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const open = (query: string, viewport = { width: 1440, height: 900 }): Promise<Page> => openPage(browser(), query, { viewport, reducedMotion: true });

const logText = (page: Page) => page.getByTestId('console-log').textContent().then((t) => t ?? '');

async function type(page: Page, line: string, label = 'kubectl command'): Promise<void> {
  const input = page.getByRole('textbox', { name: label });
  await input.fill(line);
  await input.press('Enter');
}

async function waitForLog(page: Page, pattern: RegExp, timeout = 30_000): Promise<void> {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="console-log"]')?.textContent ?? ''), pattern.source, { timeout });
}

const prompt = (page: Page) => page.locator('.console-input [data-prompt]').getAttribute('data-prompt');

describe('the console as a terminal', () => {
  it('runs a for-loop, an interactive busybox shell until exit, and a delete that waits', async () => {
    const page = await open('?lang=en&speed=25');
    await allReady(page, ['web-0', 'web-1']);
    await page.getByRole('tab', { name: 'Console' }).click();

    await type(page, `for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done`);
    await waitForLog(page, /done\s*web-0\s*web-1/);

    await type(page, 'kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm');
    await waitForLog(page, /If you don't see a command prompt, try pressing enter\./);
    await page.waitForFunction(() => document.querySelector('.console-input [data-prompt]')?.getAttribute('data-prompt') === '/ # ', undefined, { timeout: 30_000 });
    await type(page, 'nslookup web-0.nginx');
    await waitForLog(page, /\/ # nslookup web-0\.nginx\s*Server:\s+10\.96\.0\.10/);
    expect(await logText(page)).toMatch(/Name:\s+web-0\.nginx\s*Address 1: 10\.244\.\d+\.\d+ web-0\.nginx\.default\.svc\.cluster\.local/);
    await page.screenshot({ path: `${SHOTS}/session-1440.png` });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: `${SHOTS}/session-1280.png` });
    await type(page, 'exit');
    await waitForLog(page, /pod "dns-test" deleted from default namespace/);
    await page.waitForFunction(() => document.querySelector('.console-input [data-prompt]')?.getAttribute('data-prompt') === '$ ', undefined, { timeout: 30_000 });
    expect(await prompt(page)).toBe('$ ');

    // delete waits for the pod to go (kubectl's --wait=true); the console says what it waits for.
    await type(page, 'kubectl delete pod web-1');
    await waitForLog(page, /pod "web-1" deleted from default namespace/);
    await page.waitForFunction(() => !document.querySelector('[data-waiting]'), undefined, { timeout: 30_000 });
    await type(page, 'kubectl get pod web-1');
    await waitForLog(page, /\$ kubectl get pod web-1\s*NAME\s+READY\s+STATUS/);
    expect(await logText(page)).not.toMatch(/web-1\s+\S+\s+Terminating/);

    // Ctrl+C ends a wait that would not end by itself.
    await type(page, 'kubectl wait --for=delete pod/web-0 --timeout=10m');
    await page.locator('[data-waiting="pod/web-0"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/waiting-1440.png` });
    await page.getByRole('textbox', { name: 'kubectl command' }).press('Control+c');
    await page.waitForFunction(() => !document.querySelector('[data-waiting]'), undefined, { timeout: 10_000 });
    expect(await logText(page)).toContain('^C');
    await page.close();
  });

  it('a Chinese page and a phone show the pod shell prompt', async () => {
    const page = await open('?lang=zh-CN&speed=25', { width: 390, height: 844 });
    await allReady(page, ['web-0']);
    await page.getByRole('tab', { name: '控制台' }).click();
    const zh = (line: string) => type(page, line, 'kubectl 命令');
    await zh('kubectl exec -it web-0 -- sh');
    await page.waitForFunction(() => document.querySelector('.console-input [data-prompt]')?.getAttribute('data-prompt') === '# ', undefined, { timeout: 30_000 });
    await zh('hostname');
    await waitForLog(page, /# hostname\s*web-0/);
    await page.screenshot({ path: `${SHOTS}/session-phone-zh.png` });
    // Another tab and back: the console still shows the pod's prompt.
    await page.getByRole('tab', { name: '事件' }).click();
    await page.getByRole('tab', { name: '控制台' }).click();
    await page.waitForFunction(() => document.querySelector('.console-input [data-prompt]')?.getAttribute('data-prompt') === '# ', undefined, { timeout: 10_000 });
    await zh('exit');
    await page.waitForFunction(() => document.querySelector('.console-input [data-prompt]')?.getAttribute('data-prompt') === '$ ', undefined, { timeout: 30_000 });
    await page.close();
  });
});
