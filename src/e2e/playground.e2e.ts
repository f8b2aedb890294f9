/** The playground as a person uses it, in Debian's Chromium. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { allReady as ready, openPage, SHARED_ORIGIN, sharedPage, trackForeignRequests, useBrowser } from './browser.ts';

const browser = useBrowser();

async function open(query: string): Promise<{ page: Page; foreign: string[] }> {
  let foreign: string[] = [];
  // Each test starts from a clean slate: no restored YAML or cluster from an earlier test.
  const page = await openPage(browser(), query, { viewport: { width: 1440, height: 1000 }, before: (p) => void (foreign = trackForeignRequests(p, SHARED_ORIGIN)) });
  return { page, foreign };
}

/**
 * The default example at 25×, in English and in Chinese: pages the tests below share, each going on
 * from where the last left the cluster (they check what a change does, not a fresh start).
 */
const english = sharedPage(() => open('?lang=en&speed=25'));
const chinese = sharedPage(() => open('?lang=zh-CN&speed=25'));

const attr = (page: Page, selector: string, name: string) => page.locator(selector).first().getAttribute(name);

const allReady = (page: Page, names: string[]) => ready(page, names, 45_000);

/** Until localStorage's `key` (statefulset-playground:v1:…) holds `text`: the page saves a little after a change. */
async function stored(page: Page, key: string, text: string): Promise<void> {
  await page.waitForFunction(([k, t]) => localStorage.getItem(`statefulset-playground:v1:${k}`)?.includes(t as string), [key, text], { timeout: 20_000 });
}

describe('the playground', () => {
  it('comes up with three Ready pods, bound claims and DNS records, without leaving its origin', async () => {
    const { page, foreign } = await english();
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    for (const name of ['web-0', 'web-1', 'web-2']) {
      expect(await attr(page, `[data-pod="${name}"]`, 'data-phase')).toBe('Running');
      expect(await attr(page, `[data-pod="${name}"]`, 'data-node')).toMatch(/^node-\d$/);
      expect(await attr(page, `[data-pod="${name}"]`, 'data-revision')).toMatch(/^web-[a-z0-9]+$/);
      await page.locator(`[data-pvc="www-${name}"][data-phase="Bound"]`).waitFor({ timeout: 10_000 });
      const volume = await attr(page, `[data-pvc="www-${name}"]`, 'data-bound-to');
      expect(volume).toMatch(/^pvc-[0-9a-f-]{36}$/);
      expect(await attr(page, `[data-pv="${volume}"]`, 'data-phase')).toBe('Bound');
      expect(await attr(page, `[data-dns="${name}.nginx.default.svc.cluster.local"]`, 'data-ip')).toBe(await attr(page, `[data-pod="${name}"]`, 'data-ip'));
    }
    expect(await page.locator('h1').textContent()).toBe('StatefulSet Playground');
    await page.screenshot({ path: 'test-results/playground-en.png' });
    expect(foreign).toEqual([]);
  });

  it('scales up and down in ordinal order', async () => {
    const { page } = await open('?lang=en&speed=50');
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    await page.getByRole('button', { name: 'Scale up', exact: true }).click();
    await allReady(page, ['web-3']);
    await page.getByRole('button', { name: 'Scale down', exact: true }).click();
    await page.getByRole('button', { name: 'Scale down', exact: true }).click();
    await page.locator('[data-pod="web-2"]').waitFor({ state: 'detached', timeout: 45_000 });
    await page.locator('[data-pod="web-3"]').waitFor({ state: 'detached', timeout: 45_000 });
    expect(await page.locator('[data-pod]').count()).toBe(2);
    // Claims outlive the pods that scaled away.
    expect(await page.locator('[data-pvc="www-web-3"]').count()).toBe(1);
    await page.close();
  });

  it('a deleted pod comes back under its name with a new IP in the DNS panel', async () => {
    const { page } = await english();
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    const dns = '[data-dns="web-1.nginx.default.svc.cluster.local"]';
    const before = await attr(page, dns, 'data-ip');
    expect(before).toMatch(/^10\.244\./);
    await page.locator('[data-pod="web-1"]').click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForFunction(
      ([sel, old]) => {
        const ip = document.querySelector(sel as string)?.getAttribute('data-ip');
        return !!ip && ip !== old;
      },
      [dns, before],
      { timeout: 45_000 }
    );
    await allReady(page, ['web-1']);
    expect(await attr(page, dns, 'data-ip')).not.toBe(before);
  });

  it('a canary rollout with partition updates only the pods at or above it', async () => {
    const { page } = await open('?lang=en&speed=50&example=canary');
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    const oldRev = await attr(page, '[data-pod="web-0"]', 'data-revision');
    await page.getByLabel('Image').fill('registry.k8s.io/nginx-slim:0.21');
    await page.getByRole('button', { name: 'Update image' }).click();
    await page.waitForFunction((rev) => {
      const el = document.querySelector('[data-pod="web-2"][data-ready="true"]');
      return !!el && el.getAttribute('data-revision') !== rev;
    }, oldRev, { timeout: 45_000 });
    await page.waitForTimeout(1000);
    expect(await attr(page, '[data-pod="web-0"]', 'data-revision')).toBe(oldRev);
    expect(await attr(page, '[data-pod="web-1"]', 'data-revision')).toBe(oldRev);
    await page.locator('[data-hint="partitionHold"]').waitFor();
    await page.close();
  });

  it('a YAML error is shown with its line, and nothing else changes', async () => {
    const { page } = await english();
    await allReady(page, ['web-0']);
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n bad: [\n');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.locator('.problem').first().waitFor();
    expect(await page.locator('.problem').first().textContent()).toMatch(/line \d+/);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-pod]').count()).toBe(3);
  });

  it('zh-CN shows Chinese', async () => {
    const { page } = await chinese();
    await allReady(page, ['web-0']);
    expect(await page.locator('h1').textContent()).toBe('StatefulSet 演练场');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.getByRole('button', { name: '扩容' }).count()).toBe(1);
    await page.screenshot({ path: 'test-results/playground-zh.png' });
  });

  it('the YAML and the cluster survive a reload', async () => {
    const { page } = await open('?lang=en&speed=50');
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    await page.getByRole('button', { name: 'Scale up', exact: true }).click();
    await allReady(page, ['web-3']);
    const uid = await page.evaluate(() => document.querySelector('[data-pod="web-3"]')?.getAttribute('data-ip'));
    await stored(page, 'cluster', `"${uid}"`); // the page saves the cluster shortly after it changes
    await page.reload();
    await page.locator('[data-pod="web-3"]').waitFor({ timeout: 20_000 });
    expect(await attr(page, '[data-pod="web-3"]', 'data-ip')).toBe(uid);
    await page.getByText('Your YAML and cluster were restored from the last visit.').waitFor();
    await page.close();
  });

  it('text typed but not applied survives a reload; Alt+P pauses and plays', async () => {
    const { page } = await open('?lang=en&speed=25');
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\n# my note, not applied yet\n');
    await stored(page, 'draft', '# my note, not applied yet');
    await page.reload();
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    // Monaco renders only the visible lines: go to the end first.
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.getByText('# my note, not applied yet').waitFor({ timeout: 10_000 });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Alt+KeyP');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await page.keyboard.press('Alt+KeyP');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.close();
  });

  it('the missing StorageClass lesson explains the Pending claim and offers the fix', async () => {
    const { page } = await open('?lang=en&speed=50&example=missing-class');
    await page.locator('[data-pvc="www-web-0"][data-phase="Pending"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-hint="missingClass"]').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Use the default StorageClass and start over' }).click();
    await page.locator('[data-pvc="www-web-0"][data-phase="Bound"]').waitFor({ timeout: 30_000 });
    await allReady(page, ['web-0', 'web-1']);
    await page.close();
  });

  it('the kubectl console answers as kubectl, completes names and recalls history', async () => {
    const { page } = await english();
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    await page.getByRole('tab', { name: 'Console' }).click();
    const input = page.getByRole('textbox', { name: 'kubectl command' });
    await input.fill('get stat');
    await input.press('Tab');
    expect(await input.inputValue()).toBe('get statefulsets ');
    // Two types start with "po": Tab completes their common prefix, then lists them.
    await input.fill('get po');
    await input.press('Tab');
    expect(await input.inputValue()).toBe('get pod');
    await input.press('Tab');
    await page.getByTestId('console-log').getByText('pods  poddisruptionbudgets').waitFor();
    await input.fill('get pods');
    await input.press('Enter');
    const log = page.getByTestId('console-log');
    await page.waitForFunction(() => document.querySelector('[data-testid="console-log"]')?.textContent?.includes('web-2   1/1     Running'));
    expect(await log.textContent()).toContain('NAME    READY   STATUS    RESTARTS   AGE');
    await input.fill('get pod nope');
    await input.press('Enter');
    await page.getByText('Error from server (NotFound): pods "nope" not found').waitFor();
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('get pod nope');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('get pods');
    await input.fill('scale sts web --replicas=4');
    await input.press('Enter');
    await page.getByText('statefulset.apps/web scaled').waitFor();
    await allReady(page, ['web-3']);
    // A watch streams rows as the cluster changes, until Ctrl+C.
    await input.fill('get pods -w');
    await input.press('Enter');
    await page.getByRole('button', { name: 'Scale up', exact: true }).click();
    await page.waitForFunction(() => /web-4\s+1\/1\s+Running/.test(document.querySelector('[data-testid="console-log"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await input.press('Control+c');
    await page.getByText('^C').waitFor();
  });

  it('the Lessons tab runs the Basics tutorial step by step and shows its output, in Chinese too', async () => {
    const { page } = await chinese();
    await allReady(page, ['web-0']);
    await page.getByRole('tab', { name: '课程' }).click();
    await page.locator('[data-lesson-id="basics"]').getByRole('button', { name: /^开始/ }).click();
    await page.locator('[data-lesson-step="1"]').getByRole('button', { name: '运行这一步' }).click();
    await page.locator('[data-lesson-step="1"] [data-lesson-output]').waitFor();
    expect(await page.locator('[data-lesson-step="1"] [data-lesson-output]').textContent()).toContain('statefulset.apps/web created');
    await page.locator('[data-lesson-step="1"][data-phase="done"]').waitFor({ timeout: 45_000 });
    await page.getByRole('button', { name: '下一步' }).click();
    await page.locator('[data-lesson-step="2"]').getByRole('button', { name: '运行这一步' }).click();
    await page.locator('[data-lesson-step="2"][data-phase="done"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-lesson-step="2"] [data-lesson-output]').textContent()).toMatch(/NAME\s+READY\s+AGE\nweb\s+\d\/\d/);
    await page.screenshot({ path: 'test-results/tutorial-zh.png' });
  });

  it('embed mode shows the diagram and controls and never loads the editor', async () => {
    const { page, foreign } = await open('?embed=1&lang=en&speed=25');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Apply', exact: true }).count()).toBe(0);
    expect(requests.filter((u) => /monaco|editor\.worker|yaml\.worker/.test(u))).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
