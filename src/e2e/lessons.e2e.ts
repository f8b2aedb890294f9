/**
 * Every lesson end to end in the page, in English and in Chinese, at 100× speed: predict (the
 * answer the engine gives, or on purpose a wrong one), run, do the page actions by hand, check the
 * verdict the page shows, go on; a few lessons per page load. Also: ?lesson=ID in embed mode,
 * progress across a reload, and screenshots.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { translate, type Lang } from '../app/i18n/index.ts';
import { findLesson, LESSONS } from '../app/lessons/index.ts';
import type { Lesson, LessonStep } from '../app/lessons/types.ts';
import { editorScrollbarsHidden, openPage, twoFrames, useBrowser } from './browser.ts';

const SHOTS = '/tmp/shots-lessons';

const browser = useBrowser();
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const open = (query: string, viewport = { width: 1440, height: 900 }): Promise<Page> => openPage(browser(), query, { viewport });

/** The node an action step names in its hint (node-N). */
async function hintedNode(page: Page): Promise<string> {
  const text = (await page.locator('.lesson-action').textContent()) ?? '';
  const node = /node-\d+/.exec(text)?.[0];
  if (!node) throw new Error(`no node in the hint: ${text}`);
  return node;
}

/** Does what an action step asks with the page's own controls, as a learner would. */
async function act(page: Page, step: LessonStep, lang: Lang): Promise<void> {
  const command = step.action?.command;
  if (!command) return;
  const probe = command({ time: 0, sets: [], deployments: [], replicaSets: [], pods: [], claims: [], volumes: [], classes: [], nodes: [], services: [], events: [], hints: [] });
  if (probe.type === 'scale') {
    const set = page.locator(`[data-sts="${probe.set}"]`);
    await set.locator('input[type="number"]').fill(String(probe.replicas));
    await set.getByRole('button', { name: translate(lang, 'sts.setReplicas'), exact: true }).click();
  } else if (probe.type === 'node') {
    const node = await hintedNode(page);
    const label = translate(lang, probe.up ? 'node.upLabel' : 'node.downLabel', { node });
    await page.getByRole('button', { name: label, exact: true }).click();
  } else {
    await page.locator('[data-action="lesson-next"]').click();
  }
}

/** Runs the open lesson from its first step to the end; `wrongAt` picks a wrong answer there. */
async function runLesson(page: Page, lesson: Lesson, lang: Lang, wrongAt?: string): Promise<void> {
  for (const [i, step] of lesson.steps.entries()) {
    const card = page.locator(`[data-lesson-step="${i + 1}"]`);
    await card.waitFor({ timeout: 20_000 });
    expect(await card.locator('h4').textContent()).toBe(step.title[lang]);
    const q = step.question;
    let pick: string | undefined;
    if (q) {
      pick = step.id === wrongAt ? q.choices.find((c) => c.id !== q.expected)?.id : q.expected;
      await card.locator(`[data-choice="${pick}"]`).click();
      expect(await card.locator(`[data-choice="${pick}"]`).getAttribute('aria-pressed')).toBe('true');
    }
    if (step.action) await act(page, step, lang);
    else await page.locator('[data-action="lesson-next"]').click();
    await page.locator(`[data-lesson-step="${i + 1}"][data-phase="done"]`).waitFor({ timeout: 90_000 });
    if (q) {
      const verdict = await card.locator('[data-verdict]').getAttribute('data-verdict');
      expect(verdict, `${lesson.id}/${step.id}`).toBe(pick === q.expected ? 'right' : 'wrong');
    }
    if (step.commands?.length) expect(await card.locator('[data-lesson-output]').textContent()).toContain('$ kubectl');
    await page.locator('[data-action="lesson-next"]').click();
  }
  await page.locator(`[data-lesson-finished="${lesson.id}"]`).waitFor({ timeout: 10_000 });
}

/**
 * Lessons run one after another in one page per language, through each finished lesson's "Next
 * lesson": the first group opens the page at its first lesson, the next groups go on in that page.
 */
const pages = new Map<Lang, Page>();

async function runChain(lang: Lang, ids: string[]): Promise<void> {
  const lessons = ids.map((id) => findLesson(id) as Lesson);
  const reused = pages.get(lang);
  const page = reused ?? (await open(`?lang=${lang}&speed=100&lesson=${ids[0]}`));
  pages.set(lang, page);
  for (const [n, lesson] of lessons.entries()) {
    if (n > 0 || reused) await page.getByRole('button', { name: translate(lang, 'lessons.nextLesson', { title: lesson.title[lang] }) }).click();
    // One question per lesson is answered wrong on purpose: the verdict must say so.
    const wrongAt = lesson.steps.find((s) => s.question)?.id;
    await runLesson(page, lesson, lang, lang === 'en' ? wrongAt : undefined);
  }
}

const CHAINS = [LESSONS.slice(0, 4), LESSONS.slice(4, 8), LESSONS.slice(8)].map((group) => group.map((l) => l.id));

describe('the lessons in the page', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const [i, ids] of CHAINS.entries()) {
      it(`${lang}: ${ids.join(', ')} run end to end`, async () => {
        try {
          await runChain(lang, ids);
        } finally {
          if (i === CHAINS.length - 1) await pages.get(lang)?.close();
        }
      }, 600_000);
    }
  }

  it('?embed=1&lesson=ID opens the lesson, and progress survives a reload', async () => {
    const page = await open('?embed=1&lang=zh-CN&speed=100&lesson=storage-survives');
    const lesson = findLesson('storage-survives') as Lesson;
    await page.locator('[data-lesson="storage-survives"] [data-lesson-step="1"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    await page.locator('[data-action="lesson-next"]').click();
    await page.locator('[data-lesson-step="1"][data-phase="done"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-action="lesson-next"]').click();
    await page.locator('[data-lesson-step="2"]').waitFor();
    await page.reload();
    await page.locator('[data-lesson-step="2"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-lesson-step="2"] h4').textContent()).toBe(lesson.steps[1]?.title['zh-CN']);
    // The list shows what was done.
    await page.locator('[data-action="lesson-list"]').first().click();
    expect(await page.locator('[data-lesson-id="storage-survives"]').textContent()).toContain(translate('zh-CN', 'lessons.progress', { done: 1, total: lesson.steps.length }));
    await page.close();
  }, 120_000);

  it('is keyboard-usable: choose with the keyboard, run, see the verdict', async () => {
    const page = await open('?lang=en&speed=100&lesson=headless-service');
    await page.locator('[data-lesson-step="1"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-action="lesson-next"][aria-disabled="false"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-action="lesson-next"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-lesson-step="1"][data-phase="done"]').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Enter');
    // The new step's title takes the focus; Tab reaches the choices, then Run.
    await page.locator('[data-lesson-step="2"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lesson-step-title');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-choice="none"]').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('lesson-next');
    await page.keyboard.press('Enter');
    await page.locator('[data-lesson-step="2"] [data-verdict="right"]').waitFor({ timeout: 60_000 });
    await page.close();
  }, 120_000);

  it('screenshots of a lesson in both languages, 1440×900, 1280×720 and 390 px', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      // One page per language, run to step 2's verdict, then seen at each size.
      const page = await open(`?lang=${lang}&speed=100&lesson=ordered-scaling`, { width: 1440, height: 900 });
      await page.locator('[data-lesson-step="1"]').waitFor({ timeout: 20_000 });
      await page.locator('[data-action="lesson-next"]').click();
      await page.locator('[data-lesson-step="1"][data-phase="done"]').waitFor({ timeout: 60_000 });
      await page.locator('[data-action="lesson-next"]').click();
      await page.locator('[data-choice="web-2"]').click();
      await page.locator('[data-action="lesson-next"]').click();
      await page.locator('[data-lesson-step="2"] [data-verdict]').waitFor({ timeout: 60_000 });
      for (const viewport of [
        { width: 1440, height: 900 },
        { width: 1280, height: 720 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(viewport);
        await twoFrames(page);
        await page.locator('[data-lesson-step="2"]').scrollIntoViewIfNeeded();
        const overflow = await page.evaluate(() => {
          const panel = document.querySelector('.lessons');
          return panel ? panel.scrollWidth - panel.clientWidth : 1;
        });
        await editorScrollbarsHidden(page);
        await page.screenshot({ path: `${SHOTS}/lesson-${lang}-${viewport.width}.png`, animations: 'disabled' });
        await page.locator('.info').screenshot({ path: `${SHOTS}/lesson-panel-${lang}-${viewport.width}.png`, animations: 'disabled' });
        expect(overflow, `the lesson panel never scrolls sideways (${lang}, ${viewport.width})`).toBeLessThanOrEqual(0);
      }
      // The list, last (it replaces the lesson in the panel), at 1440.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.locator('[data-action="lesson-list"]').first().click();
      await page.locator('[data-lesson-id="ordered-scaling"]').waitFor();
      await page.locator('.info').screenshot({ path: `${SHOTS}/lesson-list-${lang}-1440.png` });
      await page.close();
    }
  }, 300_000);
});
