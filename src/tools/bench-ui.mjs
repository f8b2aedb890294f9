// `npm run bench` (second half): the page's figures from a production build in Debian's Chromium.
// - initial JS (gzip) without the lazy editor chunk, against the 150 KB budget;
// - time from navigation to the first pods drawn;
// - frames per second while a 30-pod StatefulSet rolls at 10x speed;
// - bytes per second the worker sends the page while a settled 100-pod cluster idles (budget 2 KB/s).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const root = new URL('../..', import.meta.url).pathname;
const PORT = Number(process.env.BENCH_UI_PORT ?? 4187);
const ORIGIN = `http://127.0.0.1:${PORT}`;

await build({ root, logLevel: 'error' });
const dist = join(root, 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const initialGzip = initial.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);

const server = await preview({ root, logLevel: 'error', preview: { port: PORT, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const drawTimes = [];
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage();
  await page.goto(`${ORIGIN}/?lang=en&speed=1`);
  await page.locator('[data-pod="web-0"]').waitFor({ timeout: 30_000 });
  drawTimes.push(await page.evaluate(() => performance.now()));
  await page.close();
}

const manifest = `apiVersion: v1
kind: Service
metadata: {name: nginx, labels: {app: nginx}}
spec: {ports: [{port: 80, name: web}], clusterIP: None, selector: {app: nginx}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 30
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
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.addInitScript((yaml) => {
  localStorage.clear();
  localStorage.setItem('statefulset-playground:v1:yaml', yaml);
}, manifest);
await page.goto(`${ORIGIN}/?lang=en&speed=10`);
await page.locator('[data-pod="web-29"][data-ready="true"]').waitFor({ timeout: 60_000 });
await page.getByLabel('Image').fill('registry.k8s.io/nginx-slim:0.21');
await page.getByRole('button', { name: 'Update image' }).click();
const fps = await page.evaluate(
  () =>
    new Promise((resolve) => {
      let frames = 0;
      const start = performance.now();
      const tick = () => {
        frames += 1;
        if (performance.now() - start < 5000) requestAnimationFrame(tick);
        else resolve((frames * 1000) / (performance.now() - start));
      };
      requestAnimationFrame(tick);
    })
);
const rolled = await page.evaluate(() => new Set([...document.querySelectorAll('[data-pod]')].map((e) => e.getAttribute('data-revision'))).size);
await page.close();

// The wire: every message the worker posts, counted as its JSON length (a page-side wrapper around
// Worker, so the app needs no hook), while a settled 100-pod cluster idles at 1x and at 10x.
const idleBytes = [];
for (const speed of [1, 10]) {
  const idle = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
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
  }, manifest.replace('replicas: 30', 'replicas: 100').replace('terminationGracePeriodSeconds: 10', 'terminationGracePeriodSeconds: 0'));
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
console.log(`  frame rate while 30 pods roll at 10x: ${fps.toFixed(1)} fps (${rolled} revisions on screen during the rollout)`);
for (const { speed, rate, messages } of idleBytes) {
  console.log(`  worker → page while 100 settled pods idle at ${speed}x: ${(rate / 1024).toFixed(2)} KB/s in ${messages} messages over 10 s (budget 2 KB/s)`);
}
if (initialGzip > 150 * 1024) {
  console.log('  OVER BUDGET: initial JS');
  process.exitCode = 1;
}
