/**
 * The timeline and share links in a real browser: a moment reached by scrubbing back is the moment a
 * fresh run stopped there shows; "Continue from here" discards the future; a link copied mid-rollout
 * opens in a fresh page to the same diagram.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHARED_ORIGIN as ORIGIN, useBrowser } from './browser.ts';

const browser = useBrowser();

/** A fresh page (own storage), paused at virtual time 0 on the default example, motion reduced. */
async function freshPage(url = `${ORIGIN}/?lang=en&autoplay=0`): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-timeline]').waitFor({ timeout: 60_000 });
  return page;
}

const time = async (page: Page) => Number(await page.locator('[data-timeline]').getAttribute('data-time'));

/**
 * Every diagram element with a test hook, each with its attributes (what the page shows of it; the
 * layout's transform and style left out), sorted.
 */
async function hooks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('[data-pod], [data-pvc], [data-dns]')) {
      const attrs = [...el.attributes]
        .filter((a) => a.name.startsWith('data-') || a.name === 'aria-label')
        .map((a) => `${a.name}=${a.value}`)
        .sort();
      out.push(attrs.join(' '));
    }
    return out.sort();
  });
}

/** The hooks once the page shows moment `t` and the diagram has drawn it. */
async function hooksAt(page: Page, t: number): Promise<string[]> {
  await page.waitForFunction((want) => document.querySelector('[data-timeline]')?.getAttribute('data-time') === String(want), t, { timeout: 20_000 });
  // Two frames: the store has the view, the diagram has drawn it.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return hooks(page);
}

/** Step (the time bar's button) to the next change and wait until the page shows it. */
async function step(page: Page): Promise<number> {
  const before = await time(page);
  await page.locator('.timebar button[aria-keyshortcuts="Alt+N"]').click();
  await page.waitForFunction((b) => Number(document.querySelector('[data-timeline]')?.getAttribute('data-time')) > b, before, { timeout: 20_000 });
  return time(page);
}

async function kubectl(page: Page, line: string): Promise<void> {
  await page.locator('#tab-console').click();
  const input = page.locator('.console-input input');
  await input.fill(line);
  await input.press('Enter');
  await page.waitForFunction((l) => document.querySelector('[data-testid="console-log"]')?.textContent?.includes(l), line.replace(/^kubectl\s+/, ''));
}

/** The session both runs follow: steps, a scale at a paused moment, more steps. */
async function session(page: Page, upTo: number): Promise<{ t: number; hooks: string[] }[]> {
  const moments: { t: number; hooks: string[] }[] = [];
  for (let i = 0; i < upTo; i++) {
    if (i === 6) await kubectl(page, 'scale statefulset web --replicas=4');
    const t = await step(page);
    moments.push({ t, hooks: await hooksAt(page, t) });
  }
  return moments;
}

describe('timeline', () => {
  it('scrubbing back to a moment shows what a fresh run stopped there shows; forking discards the future', async () => {
    const page = await freshPage();
    const live = await session(page, 10);
    await kubectl(page, 'delete pod web-0');
    await step(page);
    const moment = live[7] as { t: number; hooks: string[] };
    expect(moment.hooks.some((h) => h.includes('data-pod=web-'))).toBe(true);

    // ← from the slider walks back change by change to that moment.
    await page.locator('[data-timeline]').focus();
    for (let i = 0; i < 40 && (await time(page)) !== moment.t; i++) {
      const before = await time(page);
      await page.keyboard.press('ArrowLeft');
      await page.waitForFunction((b) => Number(document.querySelector('[data-timeline]')?.getAttribute('data-time')) < b, before, { timeout: 20_000 });
    }
    const scrubbed = await hooksAt(page, moment.t);
    expect(scrubbed).toEqual(moment.hooks);
    expect(await page.locator('[data-timeline]').getAttribute('aria-valuetext')).toContain('past');

    // A fresh page that runs the same session and stops at that moment shows the same.
    const fresh = await freshPage();
    const again = await session(fresh, 8);
    expect(again.at(-1)?.t).toBe(moment.t);
    expect(again.at(-1)?.hooks).toEqual(scrubbed);
    await fresh.context().close();

    // Continue from here: after the confirmation, the future (the scale stays, the deletion goes) is gone.
    const end = Number(await page.locator('[data-timeline]').getAttribute('aria-valuemax'));
    expect(end).toBeGreaterThan(moment.t);
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-action="fork"]').click();
    await page.waitForFunction(() => document.querySelector('[data-action="fork"]')?.hasAttribute('disabled'));
    expect(Number(await page.locator('[data-timeline]').getAttribute('aria-valuemax'))).toBe(moment.t);
    expect(await page.locator('.timeline-state').textContent()).toContain('user actions recorded: 1.');
    // End goes no further than the fork; the session goes on from there.
    await page.locator('[data-timeline]').focus();
    await page.keyboard.press('End');
    expect(await hooksAt(page, moment.t)).toEqual(moment.hooks);
    const next = await step(page);
    expect(next).toBeGreaterThan(moment.t);
    expect(await page.locator('[data-pod="web-0"]').getAttribute('data-uid')).toBe(
      (moment.hooks.find((h) => h.includes('data-pod=web-0')) ?? '').match(/data-uid=(\S+)/)?.[1]
    );

    // Space plays and pauses with focus on the page.
    await page.locator('h1').click();
    await page.keyboard.press('Space');
    await page.locator('.timebar').getByRole('button', { name: 'Pause' }).waitFor();
    await page.keyboard.press('Space');
    await page.locator('.timebar').getByRole('button', { name: 'Play' }).waitFor();
    await page.context().close();
  }, 240_000);

  it('a link copied mid-rollout opens in a fresh page to the same diagram; a broken link says so', async () => {
    const page = await freshPage(`${ORIGIN}/?lang=zh-CN&autoplay=0`);
    // Settle the three pods, then start a rollout and stop half-way.
    for (let i = 0; i < 60 && (await page.locator('[data-pod][data-ready="true"]').count()) < 3; i++) await step(page);
    await page.locator('#tab-console').click();
    const input = page.locator('.console-input input');
    await input.fill('set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.27');
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="console-log"]')?.textContent?.includes('image updated'));
    const revisions = async () => new Set(await page.locator('[data-pod]').evaluateAll((els) => els.map((e) => e.getAttribute('data-revision')))).size;
    for (let i = 0; i < 40 && (await revisions()) < 2; i++) await step(page);
    expect(await revisions()).toBe(2);
    const t = await time(page);
    const before = await hooksAt(page, t);

    await page.locator('[data-action="copy-link"]').click();
    await page.locator('[data-share-link]').waitFor();
    const link = await page.locator('[data-share-link]').inputValue();
    expect(link).toContain('#s=1.');

    const opened = await freshPage(link);
    expect(await hooksAt(opened, t)).toEqual(before);
    expect(await opened.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    // The fragment is read once: the address no longer carries it.
    expect(await opened.evaluate(() => location.hash)).toBe('');
    await opened.context().close();

    const broken = await freshPage(`${ORIGIN}/?lang=en#s=1.not-a-session`);
    await broken.locator('[data-notices] [data-notice="share.malformed"]').waitFor();
    await broken.locator('[data-pod="web-0"]').waitFor({ timeout: 30_000 });
    await broken.context().close();
    const newer = await freshPage(`${ORIGIN}/?lang=en#s=9.abc`);
    await newer.locator('[data-notice="share.tooNew"]').waitFor();
    await newer.context().close();
    await page.context().close();
  }, 240_000);

  it('a reload keeps the timeline: the actions stay on it and the session can still be shared', async () => {
    const page = await freshPage();
    for (let i = 0; i < 4; i++) await step(page);
    await kubectl(page, 'scale statefulset web --replicas=2');
    const t = await step(page);
    // The cluster and its record are saved a little after a change.
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.endsWith(':session')), undefined, { timeout: 20_000 });
    await page.waitForTimeout(2_500);
    await page.reload();
    await page.locator('[data-timeline]').waitFor();
    await page.waitForFunction(() => document.querySelector('.timeline-state')?.textContent?.includes('user actions recorded: 1.'), undefined, { timeout: 20_000 });
    expect(Number(await page.locator('[data-timeline]').getAttribute('data-time'))).toBeGreaterThanOrEqual(t);
    await page.locator('[data-action="copy-link"]').click();
    expect(await page.locator('[data-share-link]').inputValue()).toContain('#s=1.');
    expect(await page.locator('[data-notice="share.unavailable"]').count()).toBe(0);
    await page.context().close();
  }, 120_000);
});
