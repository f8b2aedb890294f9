/**
 * The cluster around the StatefulSet, in Debian's Chromium: a Deployment beside a StatefulSet (what a
 * deleted pod comes back as), scaling and rolling back a Deployment from the controls, and
 * screenshots of the new examples in both languages at several sizes (saved under /tmp/shots/).
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePort, startWarm } from './browser.ts';

const PORT = e2ePort(5187);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SHOTS = '/tmp/shots';
const DEPLOY_POD = /^nginx-deploy-[a-z0-9]{6,10}-[a-z0-9]{5}$/;

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startWarm(PORT));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(query: string, viewport = { width: 1440, height: 1000 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e-cleared')) {
      localStorage.clear();
      sessionStorage.setItem('e2e-cleared', '1');
    }
  });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${ORIGIN}/${query}`);
  return page;
}

const deployPods = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[data-owner^="ReplicaSet/nginx-deploy-"]')].map((e) => ({ name: e.getAttribute('data-pod') ?? '', ready: e.getAttribute('data-ready') === 'true', rs: e.getAttribute('data-owner') ?? '' })));

async function readyDeployPods(page: Page, count: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-owner^="ReplicaSet/nginx-deploy-"][data-ready="true"]').length === n && document.querySelectorAll('[data-owner^="ReplicaSet/nginx-deploy-"]').length === n,
    count,
    { timeout }
  );
}

async function allReady(page: Page, names: string[]): Promise<void> {
  for (const name of names) await page.locator(`[data-pod="${name}"][data-ready="true"]`).waitFor({ timeout: 60_000 });
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

const SIZES = [
  { id: '1440', viewport: { width: 1440, height: 900 }, query: '' },
  { id: '1280', viewport: { width: 1280, height: 720 }, query: '' },
  { id: 'embed-800', viewport: { width: 800, height: 600 }, query: '&embed=1' },
  { id: 'phone-390', viewport: { width: 390, height: 844 }, query: '' },
];

/**
 * Waits until the picture stops changing: the same pods, diagram size and pod states over two looks
 * 400 ms apart (the examples run at 100×, so this is as soon as the cluster has settled enough).
 */
async function settledPicture(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const holder = window as unknown as { stablePicture?: string };
      const svg = document.querySelector('svg.diagram');
      const pods = [...document.querySelectorAll('[data-pod]')].map((el) => `${el.getAttribute('data-pod')}:${el.getAttribute('data-phase')}:${el.getAttribute('data-ready')}`);
      const picture = `${svg?.getAttribute('width')}x${svg?.getAttribute('height')}|${pods.join(',')}`;
      const same = holder.stablePicture === picture;
      holder.stablePicture = picture;
      return same;
    },
    undefined,
    { polling: 400, timeout: 30_000 }
  );
}

describe('screenshots of the new examples', () => {
  it.each(['deployment-vs-statefulset', 'nfs', 'zookeeper', 'mysql', 'web-parallel'])('%s, en and zh-CN, at four sizes, with nothing drawn past the right edge unannounced', async (example) => {
    mkdirSync(SHOTS, { recursive: true });
    for (const lang of ['en', 'zh-CN']) {
      for (const size of SIZES) {
        const page = await open(`?lang=${lang}&speed=100&example=${example}${size.query}`, size.viewport);
        await page.locator('[data-pod]').first().waitFor({ timeout: 60_000 });
        await settledPicture(page);
        await page.screenshot({ path: `${SHOTS}/${example}-${lang}-${size.id}.png` });
        const fit = await page.evaluate(() => {
          const scroller = document.querySelector('.diagram-scroll');
          return { overflow: !!scroller && scroller.scrollWidth > scroller.clientWidth + 1, hint: !!document.querySelector('.scroll-hint'), page: document.documentElement.scrollWidth <= window.innerWidth + 1 };
        });
        expect(fit.page).toBe(true);
        expect(fit.overflow).toBe(fit.hint);
        // Three workloads (provisioner, Deployment, StatefulSet) wrap rather than run off at 1280×720.
        if (size.id !== 'phone-390') expect(fit.overflow).toBe(false);
        await page.close();
      }
    }
  }, 240_000);
});
