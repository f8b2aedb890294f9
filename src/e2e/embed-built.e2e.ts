/**
 * The host API from the build, served from a sub-folder of one origin and embedded by a course page
 * on another: the page includes the client (embed.js) from the playground's host, the playground
 * lists the course page in `?origin=`. Also with an opaque origin (sandbox="allow-scripts"), and
 * without the allowlist (then a foreign host gets nothing and its messages are ignored).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { buildOnce, startStaticHost, type StaticHost } from './staticHost.ts';
import { e2ePort } from './browser.ts';

const APP_PORT = e2ePort(5362);
const COURSE_PORT = e2ePort(5363);
const APP = `http://127.0.0.1:${APP_PORT}/courses/k8s/playground/`;
const COURSE = `http://localhost:${COURSE_PORT}`;
const SLOW = 180_000;

let dir: string | undefined;
let app: StaticHost;
let course: StaticHost;
let browser: Browser;

const page = (sandbox: string, query: string) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>课程</title>
<p>第 6 课：有序部署</p>
<iframe id="pg" sandbox="${sandbox}" width="900" height="600" src="${APP}?embed=1&lang=zh-CN&speed=25&height=auto${query}"></iframe>
<script src="${APP}embed.js"></script>`;

beforeAll(async () => {
  dir = await buildOnce();
  app = await startStaticHost({ port: APP_PORT, mounts: { '/courses/k8s/playground/': dir } });
  course = await startStaticHost({
    port: COURSE_PORT,
    pages: {
      '/allowed.html': page('allow-scripts allow-same-origin', `&origin=${encodeURIComponent(COURSE)}`),
      '/opaque.html': page('allow-scripts', `&origin=${encodeURIComponent(COURSE)}`),
      '/foreign.html': page('allow-scripts allow-same-origin', ''),
    },
  });
  browser = await launch();
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await course?.close();
});

declare global {
  interface Window {
    got: { type: string; [k: string]: unknown }[];
  }
}

/** Attaches the client to the frame and records every message it hands on. */
async function attach(p: Page): Promise<void> {
  await p.evaluate(() => {
    window.got = [];
    const pg = globalThis.StsPlayground.attach(document.getElementById('pg') as HTMLIFrameElement, { autoHeight: true });
    pg.on('*', (m) => window.got.push(m as never));
    (window as unknown as { pg: typeof pg }).pg = pg;
  });
}

const received = (p: Page, type: string) => p.evaluate((t) => window.got.filter((m) => m.type === t), type);

describe('the built playground embedded by a page on another origin', () => {
  for (const [name, path] of [
    ['allow-scripts allow-same-origin', '/allowed.html'],
    ['allow-scripts only (opaque origin)', '/opaque.html'],
  ] as const) {
    it(
      `${name}: the client loads YAML, runs kubectl, seeks, and receives state, events and sizes`,
      async () => {
        const p = await browser.newPage({ viewport: { width: 1000, height: 800 } });
        await p.goto(`${COURSE}${path}`);
        await attach(p);
        await p.evaluate(() => {
          const pg = (window as unknown as { pg: import('../../public/embed.d.ts').Playground }).pg;
          pg.load('apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n');
          pg.play();
        });
        await p.waitForFunction(() => window.got.some((m) => m.type === 'state' && (m.pods as { ready: boolean }[]).filter((x) => x.ready).length === 2), undefined, { timeout: 60_000 });
        expect((await received(p, 'ready')).length).toBeGreaterThanOrEqual(1);
        expect((await received(p, 'event')).some((e) => e.reason === 'SuccessfulCreate' && String(e.message).includes('db-1'))).toBe(true);
        await p.evaluate(() => (window as unknown as { pg: { kubectl(c: string): void } }).pg.kubectl('kubectl get sts db'));
        await p.waitForFunction(() => window.got.some((m) => m.type === 'kubectl-result'), undefined, { timeout: 30_000 });
        expect(String((await received(p, 'kubectl-result'))[0]?.stdout)).toMatch(/db\s+2\/2/);
        const states = (await received(p, 'state')).length;
        await p.evaluate(() => (window as unknown as { pg: { seek(t: number): void } }).pg.seek(1000));
        await p.waitForFunction((n) => window.got.filter((m) => m.type === 'state').length > n, states, { timeout: 30_000 });
        const last = (await received(p, 'state')).at(-1) as unknown as { time: number; pods: { ready: boolean }[] };
        expect(last.time).toBeLessThanOrEqual(1000);
        expect(last.pods.filter((x) => x.ready).length).toBeLessThan(2);
        // The frame has the height of the last size message (read together: another may come any time).
        const [lastSize, style] = await p.evaluate(() => [window.got.filter((m) => m.type === 'size').at(-1)?.height, (document.getElementById('pg') as HTMLIFrameElement).style.height]);
        expect(Number(lastSize)).toBeGreaterThan(200);
        expect(style).toBe(`${String(lastSize)}px`);
        expect(await received(p, 'error')).toEqual([]);
        await p.close();
      },
      SLOW
    );
  }

  it(
    'without ?origin= a page on another origin gets nothing, and what it sends is ignored',
    async () => {
      const p = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      await p.goto(`${COURSE}/foreign.html`);
      await attach(p);
      const frame = p.frameLocator('#pg');
      await frame.locator('[data-pod]').first().waitFor({ timeout: 60_000 });
      // The client's `hello` may have been ignored already (counted); then the client queues until a
      // `ready` that never comes here, so post by hand and see the count go up.
      const before = Number((await frame.locator('html').getAttribute('data-host-ignored')) ?? 0);
      await p.evaluate(() => (document.getElementById('pg') as HTMLIFrameElement).contentWindow?.postMessage({ source: 'sts-playground', v: 1, type: 'pause' }, '*'));
      await frame.locator(`html[data-host-ignored="${before + 1}"]`).waitFor({ state: 'attached', timeout: 10_000 });
      expect(await p.evaluate(() => window.got)).toEqual([]);
      await p.close();
    },
    SLOW
  );
});
