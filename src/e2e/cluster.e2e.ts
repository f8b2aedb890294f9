/**
 * The cluster around the StatefulSet, in Debian's Chromium: a Deployment beside a StatefulSet (what a
 * deleted pod comes back as), scaling and rolling back a Deployment from the controls, and
 * screenshots of the new examples in both languages at several sizes (saved under /tmp/shots/).
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../app/i18n/index.ts';
import { allReady, editorScrollbarsHidden, openPage, useBrowser } from './browser.ts';

const SHOTS = '/tmp/shots';
const DEPLOY_POD = /^nginx-deploy-[a-z0-9]{6,10}-[a-z0-9]{5}$/;

const browser = useBrowser();

const open = (query: string, viewport = { width: 1440, height: 1000 }): Promise<Page> => openPage(browser(), query, { viewport, reducedMotion: true });

const deployPods = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[data-owner^="ReplicaSet/nginx-deploy-"]')].map((e) => ({ name: e.getAttribute('data-pod') ?? '', ready: e.getAttribute('data-ready') === 'true', rs: e.getAttribute('data-owner') ?? '' })));

async function readyDeployPods(page: Page, count: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-owner^="ReplicaSet/nginx-deploy-"][data-ready="true"]').length === n && document.querySelectorAll('[data-owner^="ReplicaSet/nginx-deploy-"]').length === n,
    count,
    { timeout }
  );
}

describe('a Deployment beside the StatefulSet', () => {
  it('a deleted Deployment pod comes back under a new random name, a StatefulSet pod under its own', async () => {
    const page = await open('?lang=en&speed=50&example=deployment-vs-statefulset');
    await allReady(page, ['web-0', 'web-1', 'web-2']);
    await readyDeployPods(page, 3);
    expect(await page.locator('[data-deploy="nginx-deploy"]').count()).toBe(1);
    expect(await page.locator('[data-pvc="shared-html"]').count()).toBe(1);
    const before = await deployPods(page);
    for (const p of before) expect(p.name).toMatch(DEPLOY_POD);
    const victim = before[0]?.name ?? '';
    await page.locator(`[data-pod="${victim}"]`).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator(`[data-pod="${victim}"]`).waitFor({ state: 'detached', timeout: 45_000 });
    await readyDeployPods(page, 3);
    const after = (await deployPods(page)).map((p) => p.name);
    expect(after).not.toContain(victim);
    for (const name of after) expect(name).toMatch(DEPLOY_POD);

    const uid = await page.locator('[data-pod="web-1"]').getAttribute('data-uid');
    await page.locator('[data-pod="web-1"]').click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForFunction((old) => {
      const el = document.querySelector('[data-pod="web-1"][data-ready="true"]');
      return !!el && el.getAttribute('data-uid') !== old;
    }, uid, { timeout: 60_000 });
    expect(await page.locator('[data-pod^="web-"]').count()).toBe(3);
    // The claim follows the ordinal: the same www-web-1, still one per StatefulSet pod.
    expect(await page.locator('[data-pvc="www-web-1"]').count()).toBe(1);
    await page.locator('[data-hint="identityLesson"]').waitFor();
    await page.close();
  });

  it('scales a Deployment picked as the target', async () => {
    const page = await open('?lang=en&speed=50&example=deployment-vs-statefulset');
    await readyDeployPods(page, 3);
    await page.getByLabel('Act on').selectOption('Deployment/nginx-deploy');
    await page.locator('[data-deploy-controls="nginx-deploy"]').getByRole('button', { name: 'Scale up', exact: true }).click();
    await readyDeployPods(page, 4);
    await page.locator('[data-deploy-controls="nginx-deploy"]').getByRole('button', { name: 'Scale down', exact: true }).click();
    await page.locator('[data-deploy-controls="nginx-deploy"]').getByRole('button', { name: 'Scale down', exact: true }).click();
    await readyDeployPods(page, 2);
    // The StatefulSet was not touched.
    expect(await page.locator('[data-pod^="web-"]').count()).toBe(3);
    await page.close();
  });

  it('rolls a Deployment out and back to an earlier ReplicaSet revision from the controls', async () => {
    const page = await open('?lang=en&speed=50&example=deployment-vs-statefulset');
    await readyDeployPods(page, 3);
    const [first] = await deployPods(page);
    const oldRs = first?.rs.replace('ReplicaSet/', '') ?? '';
    await page.getByLabel('Act on').selectOption('Deployment/nginx-deploy');
    const controls = page.locator('[data-deploy-controls="nginx-deploy"]');
    await controls.getByLabel('Image').fill('registry.k8s.io/nginx-slim:0.21');
    await controls.getByRole('button', { name: 'Update image' }).click();
    await page.locator('[data-rs][data-revision="2"][data-current="true"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction((rs) => {
      const pods = [...document.querySelectorAll('[data-owner^="ReplicaSet/nginx-deploy-"]')];
      return pods.length === 3 && pods.every((p) => p.getAttribute('data-ready') === 'true' && p.getAttribute('data-owner') !== `ReplicaSet/${rs}`);
    }, oldRs, { timeout: 60_000 });
    await controls.getByRole('button', { name: 'Roll back nginx-deploy to revision 1' }).click();
    // Rolling back re-uses the first ReplicaSet, which becomes revision 3.
    await page.locator(`[data-rs="${oldRs}"][data-revision="3"][data-current="true"]`).waitFor({ timeout: 30_000 });
    await page.waitForFunction((rs) => {
      const pods = [...document.querySelectorAll('[data-owner^="ReplicaSet/nginx-deploy-"]')];
      return pods.length === 3 && pods.every((p) => p.getAttribute('data-ready') === 'true' && p.getAttribute('data-owner') === `ReplicaSet/${rs}`);
    }, oldRs, { timeout: 60_000 });
    await page.close();
  });
});

describe('the missing class lesson', () => {
  it('offers installing the NFS provisioner, after which the Pending claims bind', async () => {
    const page = await open('?lang=en&speed=50&example=missing-class');
    await page.locator('[data-hint="missingClass"]').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Install the NFS provisioner (managed-nfs-storage)' }).click();
    await page.locator('[data-deploy="nfs-client-provisioner"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-pvc="www-web-0"][data-phase="Bound"]').waitFor({ timeout: 60_000 });
    await allReady(page, ['web-0', 'web-1']);
    expect(await page.locator('[data-storageclass="managed-nfs-storage"]').count()).toBe(1);
    await page.close();
  });
});

/** The sizes of the full page, one page resized through them; then the embed in an 800×600 frame. */
const PAGE_SIZES = [
  { id: '1440', viewport: { width: 1440, height: 900 } },
  { id: '1280', viewport: { width: 1280, height: 720 } },
  { id: 'phone-390', viewport: { width: 390, height: 844 } },
];
const EMBED_SIZES = [{ id: 'embed-800', viewport: { width: 800, height: 600 } }];

/**
 * Waits until the picture stops changing: the same language, pods, diagram size and pod states over
 * two looks 400 ms apart (the examples run at 100×, so this is as soon as the cluster has settled
 * enough). The first look never counts as the second: what the last wait saw is forgotten first.
 */
async function settledPicture(page: Page): Promise<void> {
  await page.evaluate(() => {
    delete (window as unknown as { stablePicture?: string }).stablePicture;
  });
  await page.waitForFunction(
    () => {
      const holder = window as unknown as { stablePicture?: string };
      const svg = document.querySelector('svg.diagram');
      const pods = [...document.querySelectorAll('[data-pod]')].map((el) => `${el.getAttribute('data-pod')}:${el.getAttribute('data-phase')}:${el.getAttribute('data-ready')}`);
      const picture = `${document.documentElement.lang}|${svg?.getAttribute('width')}x${svg?.getAttribute('height')}|${pods.join(',')}`;
      const same = holder.stablePicture === picture;
      holder.stablePicture = picture;
      return same;
    },
    undefined,
    { polling: 400, timeout: 30_000 }
  );
}

/** Switches the page's language with the header's control, as a reader would. */
async function switchLanguage(page: Page, to: Lang): Promise<void> {
  await page.locator('.app-header select').filter({ has: page.locator(`option[value="${to}"]`) }).selectOption(to);
  await page.waitForFunction((lang) => document.documentElement.lang === lang, to);
}

describe('screenshots of the new examples', () => {
  it.each(['deployment-vs-statefulset', 'nfs', 'zookeeper', 'mysql', 'web-parallel'])('%s, en and zh-CN, at four sizes, with nothing drawn past the right edge unannounced', async (example) => {
    mkdirSync(SHOTS, { recursive: true });
    // One page for the full page's three sizes and one for the embed, each shown in English, then in
    // Chinese through the language control.
    for (const [sizes, query] of [
      [PAGE_SIZES, ''],
      [EMBED_SIZES, '&embed=1'],
    ] as const) {
      const first = sizes[0] ?? PAGE_SIZES[0];
      const page = await open(`?lang=en&speed=100&example=${example}${query}`, first?.viewport);
      await page.locator('[data-pod]').first().waitFor({ timeout: 60_000 });
      for (const lang of ['en', 'zh-CN'] as const) {
        if (lang !== 'en') await switchLanguage(page, lang);
        for (const size of sizes) {
          await page.setViewportSize(size.viewport);
          await settledPicture(page);
          await editorScrollbarsHidden(page);
          await page.screenshot({ path: `${SHOTS}/${example}-${lang}-${size.id}.png`, animations: 'disabled' });
          const fit = await page.evaluate(() => {
            const scroller = document.querySelector('.diagram-scroll');
            return { overflow: !!scroller && scroller.scrollWidth > scroller.clientWidth + 1, hint: !!document.querySelector('.scroll-hint'), page: document.documentElement.scrollWidth <= window.innerWidth + 1 };
          });
          expect(fit.page, `${example} ${lang} ${size.id}`).toBe(true);
          expect(fit.overflow, `${example} ${lang} ${size.id}`).toBe(fit.hint);
          // Three workloads (provisioner, Deployment, StatefulSet) wrap rather than run off at 1280×720.
          if (size.id !== 'phone-390') expect(fit.overflow, `${example} ${lang} ${size.id}`).toBe(false);
        }
      }
      await page.close();
    }
  }, 240_000);
});
