/**
 * YamlEditor in a real browser (src/e2e/editor-harness.html): the monaco-yaml worker really runs
 * (guarding the createWebWorker shim in monacoSetup.ts), engine diagnostics become markers,
 * Ctrl+Enter applies, and nothing is fetched from another origin.
 */
// The `window.__*` hooks are the harness's contract with the test; their names mark them as test-only.
/* oxlint-disable no-underscore-dangle */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, SHARED_ORIGIN as ORIGIN, trackForeignRequests } from './browser.ts';

interface MarkerView {
  owner: string;
  message: string;
  severity: number;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** The hooks editor-harness.tsx puts on `window`. */
type HarnessWindow = Window & {
  __applyCount: number;
  __value(): string;
  __setValue(value: string): void;
  __setDiagnostics(diagnostics: { message: string; line?: number; column?: number }[]): void;
  __markers(): Promise<MarkerView[]>;
};

// Monaco's own severity values (MarkerSeverity.Error); the test must not import Monaco.
const ERROR = 8;

const HARNESS = `${ORIGIN}/src/e2e/editor-harness.html`;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
  await warmUp();
});

afterAll(async () => {
  await browser?.close();
});

const markers = (page: Page, owner: string) =>
  page
    .evaluate(() => (window as unknown as HarnessWindow).__markers())
    .then((all) => all.filter((m) => m.owner === owner).sort((a, b) => a.startLineNumber - b.startLineNumber));

/**
 * Vite's dev server finds the YAML worker's dependencies only when the worker first loads (its dep
 * scan does not follow `?worker` imports), then re-bundles them and reloads the page. A throwaway
 * page takes that reload, and waits for a schema marker, so the test page itself never reloads.
 */
async function warmUp(): Promise<void> {
  const page = await browser.newPage();
  try {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await page.goto(HARNESS);
        await page.locator('[data-editor-ready="true"]').waitFor({ timeout: 60_000 });
        await page.evaluate(() => (window as unknown as HarnessWindow).__setValue('kind: Nope\n'));
        for (const deadline = Date.now() + 20_000; Date.now() < deadline; await page.waitForTimeout(250)) {
          if ((await markers(page, 'yaml')).length > 0) return;
        }
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  } finally {
    await page.close();
  }
}

/** Hovers the first rendered token whose text is exactly `text` and returns the hover's text. */
async function hoverText(page: Page, text: string): Promise<string> {
  await page.locator('.view-lines span > span', { hasText: new RegExp(`^${text}$`) }).first().hover();
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
  await hover.waitFor({ timeout: 15_000 });
  return (await hover.textContent()) ?? '';
}

describe('YAML editor', () => {
  it('validates against the k8s-subset schema, shows engine diagnostics and applies on Ctrl+Enter, offline', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
    const foreign = trackForeignRequests(page, ORIGIN);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });

    await page.goto(HARNESS);
    await expect(page.title()).resolves.toBe('YamlEditor harness');
    await page.locator('[data-editor-ready="true"] .view-lines').waitFor({ timeout: 60_000 });
    const original = await page.evaluate(() => (window as unknown as HarnessWindow).__value());

    // Engine diagnostics arrive through props: from the column to the end of the line, line 1 by default.
    await page.evaluate(() =>
      (window as unknown as HarnessWindow).__setDiagnostics([
        { message: 'spec.serviceName: Service "nginx" is not headless', line: 21, column: 3 },
        { message: 'document 1: apply failed' },
      ])
    );
    await expect
      .poll(() => markers(page, 'playground'), { timeout: 10_000 })
      .toEqual([
        expect.objectContaining({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 'apiVersion: v1'.length + 1 }),
        expect.objectContaining({
          message: 'spec.serviceName: Service "nginx" is not headless',
          severity: ERROR,
          startLineNumber: 21,
          startColumn: 3,
          endLineNumber: 21,
          endColumn: '  serviceName: nginx'.length + 1,
        }),
      ]);

    // Type a kind the schema does not know over line 2 ("kind: Service").
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('kind: DaemonSet');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as HarnessWindow).__value()))
      .toBe(original.replace('kind: Service', 'kind: DaemonSet'));
    await expect
      .poll(() => markers(page, 'yaml'), { timeout: 30_000 })
      .toContainEqual(
        expect.objectContaining({
          startLineNumber: 2,
          message: expect.stringMatching(/^Value is not accepted\. Valid values: "StatefulSet", "Deployment"/),
        })
      );
    // yaml-language-server reports schema problems as warnings; engine diagnostics are errors.
    await page.locator('.squiggly-warning').first().waitFor();
    await expect(hoverText(page, 'DaemonSet')).resolves.toContain('Value is not accepted');
    await page.screenshot({ path: 'test-results/editor.png' });

    // Ctrl+Enter applies instead of inserting a line.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.evaluate(() => (window as unknown as HarnessWindow).__applyCount)).toBe(1);
    await expect(page.evaluate(() => (window as unknown as HarnessWindow).__value())).resolves.toBe(
      original.replace('kind: Service', 'kind: DaemonSet')
    );

    // A value set from outside reaches the model, and the valid manifest has no schema markers.
    await page.evaluate((text) => (window as unknown as HarnessWindow).__setValue(text), original);
    await expect.poll(() => markers(page, 'yaml'), { timeout: 30_000 }).toEqual([]);
    // Monaco renders spaces as U+00A0, which \s matches.
    await expect(page.locator('.view-lines').textContent()).resolves.toMatch(/^apiVersion:\sv1kind:\sService/);

    // Hover teaches the field from the schema's description.
    await page.mouse.move(0, 0);
    await expect(hoverText(page, 'podManagementPolicy')).resolves.toContain('OrderedReady');

    // Completion offers the schema's enum for the value of line 23 (podManagementPolicy).
    await page.locator('.monaco-editor .view-lines').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Home');
    for (let line = 1; line < 23; line++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    for (const _ of 'OrderedReady') await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget.visible .monaco-list-row');
    await suggestions.first().waitFor({ timeout: 15_000 });
    await expect.poll(() => suggestions.allTextContents()).toEqual(['OrderedReady', 'Parallel']);

    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows Monaco in Chinese and in the dark theme when asked to', async () => {
    const page = await browser.newPage();
    await page.goto(`${HARNESS}?lang=zh-CN&theme=dark`);
    await page.locator('[data-editor-ready="true"] .view-lines').click({ timeout: 60_000 });
    await expect(page.locator('.monaco-editor').first().getAttribute('class')).resolves.toContain('vs-dark');
    // The find widget's label comes from Monaco's own message table, which must load before Monaco.
    await page.keyboard.press('Control+f');
    const find = page.locator('.find-widget textarea, .find-widget input').first();
    await expect(find.getAttribute('aria-label')).resolves.toBe('查找');
    await page.close();
  });
});
