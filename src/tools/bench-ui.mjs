// `npm run bench` (second half): the page's figures from a production build in Debian's Chromium.
// - initial JS (gzip) without the lazy editor chunk, against the 150 KB budget;
// - time from navigation to the first pods drawn;
// - frames per second and the longest long task while a 30- and a 300-pod Parallel StatefulSet roll at 10x;
// - 1,000 pods: time to the first pod drawn and to all Ready, then scrolling to the far end (fps, long tasks);
// - bytes per second the worker sends the page while a settled 100-pod cluster idles (budget 2 KB/s).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const root = new URL('../..', import.meta.url).pathname;
const PORT = 4187 + (Number(process.env.E2E_PORT_OFFSET) || 0);
const ORIGIN = `http://127.0.0.1:${PORT}`;

await build({ root, logLevel: 'error' });
const dist = join(root, 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
// What a normal visit loads first: the boot script and the module entry it names (not the classic
// bundle, which only opaque-origin sandboxes load).
const initial = [...html.matchAll(/(?:src|data-module)="\.?\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const initialGzip = initial.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);

const server = await preview({ root, logLevel: 'error', preview: { port: PORT, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// Without the service worker, whose one-time download of the whole build would run beside the measurements.
const newPage = (options = {}) => browser.newPage({ serviceWorkers: 'block', ...options });

const drawTimes = [];
for (let i = 0; i < 3; i++) {
  const page = await newPage();
  await page.goto(`${ORIGIN}/?lang=en&speed=1`);
  await page.locator('[data-pod="web-0"]').waitFor({ timeout: 30_000 });
  drawTimes.push(await page.evaluate(() => performance.now()));
  await page.close();
}

const manifest = (replicas) => `apiVersion: v1
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
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

/** A page with `replicas` pods of a Parallel StatefulSet in its saved YAML, and a long-task recorder. */
async function openWith(replicas, speed) {
  const page = await newPage({ viewport: { width: 1440, height: 1000 } });
  await page.addInitScript((yaml) => {
    localStorage.clear();
    localStorage.setItem('statefulset-playground:v1:yaml', yaml);
    window.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.benchLongTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  }, manifest(replicas));
  await page.goto(`${ORIGIN}/?lang=en&speed=${speed}`);
  return page;
}

const allReady = (page, want) =>
  page.waitForFunction((n) => (document.querySelector('svg.diagram')?.getAttribute('aria-label') ?? '').includes(`: ${n} of ${n} pods`), want, { timeout: 180_000, polling: 250 });

/** Frames per second over `ms`, and the longest long task in that time. */
const measure = (page, duration, mode) =>
  page.evaluate(
    ([ms, during]) =>
      new Promise((resolve) => {
        window.benchLongTasks = [];
        let frames = 0;
        const start = performance.now();
        const el = document.getElementById('diagram');
        const tick = () => {
          frames += 1;
          if (during === 'scroll' && el) el.scrollLeft += 120;
          if (performance.now() - start < ms) requestAnimationFrame(tick);
          else resolve({ fps: (frames * 1000) / (performance.now() - start), longest: Math.max(0, ...window.benchLongTasks) });
        };
        requestAnimationFrame(tick);
      }),
    [duration, mode]
  );

const svgFacts = (page) =>
  page.evaluate(() => {
    const svg = document.querySelector('svg.diagram');
    return { width: Number(svg?.getAttribute('width') ?? 0), elements: svg?.querySelectorAll('*').length ?? 0 };
  });

async function rollout(replicas) {
  const page = await openWith(replicas, 10);
  await allReady(page, replicas);
  const idle = await svgFacts(page);
  await page.getByLabel('Image').fill('registry.k8s.io/nginx-slim:0.21');
  await page.getByRole('button', { name: 'Update image' }).click();
  const m = await measure(page, 5000, 'idle');
  const rolled = await page.evaluate(() => new Set([...document.querySelectorAll('[data-pod]')].map((e) => e.getAttribute('data-revision'))).size);
  await page.close();
  return { ...m, rolled, ...idle };
}

const roll30 = await rollout(30);
const roll300 = [];
for (let i = 0; i < 3; i++) roll300.push(await rollout(300));

// 1,000 pods (more than the default nodes hold, so some stay Pending): time to the first pod drawn and
// to all 1,000 in the picture, then scrolling to the far end.
const big = [];
for (let i = 0; i < 2; i++) {
  const page = await openWith(1000, 10);
  await page.locator('[data-pod]').first().waitFor({ timeout: 60_000 });
  const firstDraw = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => (document.querySelector('svg.diagram')?.getAttribute('aria-label') ?? '').includes(' of 1000 pods'), null, { timeout: 180_000, polling: 250 });
  const readyAt = await page.evaluate(() => performance.now());
  const facts = await svgFacts(page);
  const scroll = await measure(page, 3000, 'scroll');
  const t0 = Date.now();
  await page.evaluate(() => {
    const el = document.getElementById('diagram');
    if (el) el.scrollLeft = el.scrollWidth;
  });
  const reached = await page
    .locator('[data-pod="web-999"]')
    .waitFor({ timeout: 5000 })
    .then(() => Date.now() - t0)
    .catch(() => -1);
  big.push({ firstDraw, readyAt, ...facts, ...scroll, reached });
  await page.close();
}

// The wire: every message the worker posts, counted as its JSON length (a page-side wrapper around
// Worker, so the app needs no hook), while a settled 100-pod cluster idles at 1x and at 10x.
const idleBytes = [];
for (const speed of [1, 10]) {
  const idle = await newPage({ viewport: { width: 1440, height: 1000 } });
  await idle.addInitScript((yaml) => {
    localStorage.clear();
    localStorage.setItem('statefulset-playground:v1:yaml', yaml);
    const stats = { bytes: 0, messages: 0 };
    globalThis.wireStats = stats;
    const Base = globalThis.Worker;
    globalThis.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (event) => {
          stats.bytes += JSON.stringify(event.data)?.length ?? 0;
          stats.messages += 1;
        });
      }
    };
  }, manifest(100).replace('terminationGracePeriodSeconds: 10', 'terminationGracePeriodSeconds: 0'));
  // Settle at 100x (100 Parallel pods with their claims), then idle at the measured speed.
  await idle.goto(`${ORIGIN}/?lang=en&speed=100`);
  await idle.locator('[data-pod="web-0"][data-ready="true"]').waitFor({ timeout: 60_000 });
  await idle.waitForTimeout(8000);
  await idle.locator('select').filter({ has: idle.locator('option[value="100"]') }).selectOption(String(speed));
  await idle.waitForTimeout(2000);
  const start = await idle.evaluate(() => ({ ...globalThis.wireStats, t: performance.now() }));
  await idle.waitForTimeout(10_000);
  const end = await idle.evaluate(() => ({ ...globalThis.wireStats, t: performance.now() }));
  idleBytes.push({ speed, rate: ((end.bytes - start.bytes) * 1000) / (end.t - start.t), messages: end.messages - start.messages });
  await idle.close();
}

await browser.close();
await new Promise((resolve) => server.httpServer.close(resolve));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('\nPage (production build, headless Chromium, software rendering):');
console.log(`  initial JS: ${(initialGzip / 1024).toFixed(1)} KB gzip in ${initial.length} file(s) (budget 150 KB; the editor loads lazily)`);
console.log(`  pods drawn after load: ${median(drawTimes).toFixed(0)} ms (median of ${drawTimes.length}; budget 1,500 ms)`);
console.log(`  frame rate while 30 pods roll at 10x: ${roll30.fps.toFixed(1)} fps, longest long task ${roll30.longest.toFixed(0)} ms (${roll30.rolled} revisions on screen)`);
const fmt = (r) => `${r.fps.toFixed(1)} fps, longest long task ${r.longest.toFixed(0)} ms, svg ${r.width} px / ${r.elements} elements`;
for (const r of roll300) console.log(`  300 pods roll at 10x: ${fmt(r)} (${r.rolled} revisions on screen)`);
console.log(`  300-pod rollout median: ${median(roll300.map((r) => r.fps)).toFixed(1)} fps (target >= 50), longest long task ${Math.max(...roll300.map((r) => r.longest)).toFixed(0)} ms (target <= 100)`);
for (const b of big)
  console.log(
    `  1,000 pods: first pod drawn ${b.firstDraw.toFixed(0)} ms, all 1,000 in the picture ${b.readyAt.toFixed(0)} ms; scrolling: ${fmt(b)}; web-999 drawn ${b.reached >= 0 ? `${b.reached} ms after a jump to the end` : 'never (not reachable)'}`
  );
for (const { speed, rate, messages } of idleBytes) {
  console.log(`  worker → page while 100 settled pods idle at ${speed}x: ${(rate / 1024).toFixed(2)} KB/s in ${messages} messages over 10 s (budget 2 KB/s)`);
}
if (initialGzip > 150 * 1024) {
  console.log('  OVER BUDGET: initial JS');
  process.exitCode = 1;
}
