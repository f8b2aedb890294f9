/** A thousand pods in the diagram: only what is on screen is drawn, and any pod can be reached and selected. */
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePort, launch, startServer } from './browser.ts';

const PORT = e2ePort(5191);
const ORIGIN = `http://127.0.0.1:${PORT}`;

const yaml = (replicas: number) => `apiVersion: v1
kind: Service
metadata: {name: nginx, labels: {app: nginx}}
spec: {ports: [{port: 80, name: web}], clusterIP: None, selector: {app: nginx}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: ${replicas}
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(PORT);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openWith(replicas: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('e2e-cleared')) {
      localStorage.clear();
      localStorage.setItem('statefulset-playground:v1:yaml', text);
      sessionStorage.setItem('e2e-cleared', '1');
    }
  }, yaml(replicas));
  await page.goto(`${ORIGIN}/?lang=en&speed=100`);
  await page.waitForFunction((n) => (document.querySelector('svg.diagram')?.getAttribute('aria-label') ?? '').includes(`of ${n} pods`), replicas, {
    timeout: 90_000,
    polling: 250,
  });
  return page;
}

describe('the diagram at 1,000 pods', () => {
  it('draws only the columns in view, and reaches web-999 with the pan control and selects it', { timeout: 180_000 }, async () => {
    const page = await openWith(1000);
    await page.locator('[data-pod="web-0"]').waitFor({ timeout: 60_000 });
    const drawn = await page.locator('[data-pod]').count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(40);
    expect(await page.locator('[data-pvc]').count()).toBeLessThan(40);
    expect(await page.locator('[data-pod="web-999"]').count()).toBe(0);
    // The pan slider: End goes to the far end, where web-999 is drawn (and web-0 no longer is).
    const pan = page.locator('[data-pan]');
    await pan.focus();
    await page.keyboard.press('End');
    const last = page.locator('[data-pod="web-999"]');
    await last.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-pod="web-0"]').count()).toBe(0);
    expect(await pan.getAttribute('aria-valuetext')).toMatch(/web-999 of 1000 pods/);
    // Selected from the keyboard (the card is a button): the cluster keeps changing around it, which a pointer click waits out.
    await last.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => last.getAttribute('aria-pressed')).toBe('true');
    // Home comes back to the start.
    await pan.focus();
    await page.keyboard.press('Home');
    await page.locator('[data-pod="web-0"]').waitFor({ timeout: 30_000 });
    await page.close();
  });

  it('goes to a pod by name: it is scrolled into view, drawn, selected and focused', { timeout: 180_000 }, async () => {
    const page = await openWith(1000);
    await page.locator('[data-find-pod]').fill('web-734', { timeout: 60_000 });
    await page.keyboard.press('Enter');
    const pod = page.locator('[data-pod="web-734"]');
    await pod.waitFor({ timeout: 30_000 });
    await expect.poll(() => pod.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-pod'))).toBe('web-734');
    const box = await pod.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 1440).toBe(true);
    // A name that is not there says so.
    await page.locator('[data-find-pod]').fill('web-5000', { timeout: 60_000 });
    await page.keyboard.press('Enter');
    await page.getByText('No pod named web-5000').waitFor({ timeout: 30_000 });
    await page.close();
  });
});
