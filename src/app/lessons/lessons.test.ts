/**
 * Every step of every lesson, run headlessly against the engine through the same runner the page
 * uses: commands work (or are refused where the lesson shows a refusal), each step reaches its
 * outcome, every question's right answer (decided from the cluster) is the one the narration
 * explains, every stated fact holds, and every text exists in both languages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineDriver } from './engineDriver.ts';
import { isLessonId, LESSON_IDS } from './ids.ts';
import { findLesson, LESSONS } from './index.ts';
import { observe, runCommands, stepTexts, viewBefore } from './runner.ts';

const HAN = /\p{Script=Han}/u;

describe('the lesson ids the page knows up front', () => {
  it('are the lessons of the course, in order', () => {
    expect(LESSON_IDS).toEqual(LESSONS.map((l) => l.id));
    expect(isLessonId('storage-chain')).toBe(true);
    expect(isLessonId('no-such-lesson')).toBe(false);
    expect(isLessonId(null)).toBe(false);
  });
});

describe('the course lessons', () => {
  it('has the basics and the ten lessons, with unique ids, each listed in the README', () => {
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(LESSONS.map((l) => l.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const id of ids) expect(readme, id).toContain(`\`${id}\``);
    expect(findLesson('basics')?.number).toBe(0);
    expect(findLesson('nope')).toBeUndefined();
  });

  describe.each(LESSONS.map((l) => [l.id, l] as const))('%s', (_id, lesson) => {
    it('has every text in English and in Chinese', () => {
      const texts = [lesson.title, lesson.summary, ...lesson.steps.flatMap(stepTexts)];
      const labels = new Set(lesson.steps.flatMap((s) => s.question?.choices.map((c) => c.label) ?? []));
      for (const text of texts) {
        expect(text.en.trim(), JSON.stringify(text)).not.toBe('');
        // A choice may be just a name (web-2); every sentence is written in Chinese.
        if (labels.has(text)) expect(text['zh-CN'].trim()).not.toBe('');
        else expect(text['zh-CN'], JSON.stringify(text)).toMatch(HAN);
        // Placeholders are filled the same way in both languages.
        expect([...text['zh-CN'].matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()).toEqual([...text.en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      }
      const stepIds = lesson.steps.map((s) => s.id);
      expect(new Set(stepIds).size).toBe(stepIds.length);
      for (const step of lesson.steps) {
        if (!step.question) continue;
        const choices = step.question.choices.map((c) => c.id);
        expect(new Set(choices).size, step.id).toBe(choices.length);
        expect(choices, step.id).toContain(step.question.expected);
      }
    });

    it('runs every step; each answer is what the engine shows', async () => {
      const driver = new EngineDriver();
      const problems: string[] = [];
      for (const step of lesson.steps) {
        driver.resetBudget();
        const before = viewBefore(step, driver.view());
        const { output, unexpected } = await runCommands(step, driver);
        problems.push(...unexpected.map((u) => `${step.id}: ${u}`));
        if (step.action) {
          const done = await driver.perform(step.action.command(before));
          if (!done.ok) problems.push(`${step.id}: action: ${done.message}`);
        }
        const outcome = await observe(step, driver, before, output).catch((err: unknown) => {
          problems.push(`${step.id}: ${String(err)}`);
          return undefined;
        });
        if (!outcome) break;
        if (step.question && outcome.answer !== step.question.expected) {
          problems.push(`${step.id}: the engine shows "${outcome.answer}", the lesson explains "${step.question.expected}"`);
        }
        for (const fact of step.facts ?? []) if (!fact.holds(outcome)) problems.push(`${step.id}: not so: ${fact.says}`);
      }
      expect(problems).toEqual([]);
    }, 180_000);
  });
});
