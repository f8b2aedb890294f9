// Screenshot helper (not committed). Usage: node .shoot.mjs [tag]
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
const tag = process.argv[2] ?? 'x';
const only = process.argv[3];
const PORT = 5445;
const server = await createServer({ configFile: new URL('./vite.config.ts', import.meta.url).pathname, server: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const O = `http://127.0.0.1:${PORT}`;
const shots = [
  ['1440', 1440, 900, ''],
  ['1280', 1280, 720, ''],
  ['1280p', 1280, 720, '&present=1'],
  ['phone', 390, 844, ''],
  ['events', 1280, 720, '&tab=events'],
];
for (const lang of ['en', 'zh-CN']) {
  for (const [name, w, h, extra] of shots) {
    if (only && !name.startsWith(only)) continue;
    const page = await browser.newPage({ viewport: { width: w, height: h }, reducedMotion: 'reduce' });
    await page.goto(`${O}/?lang=${lang}&speed=100${extra}`);
    await page.locator('[data-pod="web-2"]').waitFor({ timeout: 90000 });
    await page.waitForTimeout(2500);
    if (name === 'events') {
      await page.locator('[role=tab]').nth(1).click();
      await page.locator('.tabpanel').scrollIntoViewIfNeeded();
    }
    const sw = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    console.log(lang, name, 'scrollWidth', sw);
    await page.screenshot({ path: `/tmp/shots-present/${tag}-${lang}-${name}.png`, fullPage: name === 'phone' || name === 'events', timeout: 120000, animations: 'disabled' });
    await page.close();
  }
  if (!only || only === 'iframe') {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await page.setContent(`<body style="margin:0"><iframe src="${O}/?embed=1&lang=${lang}&speed=100" style="width:800px;height:600px;border:1px solid #000"></iframe></body>`);
    const f = page.frames()[1];
    await f.locator('[data-pod="web-2"]').waitFor({ timeout: 90000 });
    await page.waitForTimeout(2500);
    await page.screenshot({ path: `/tmp/shots-present/${tag}-${lang}-iframe.png`, timeout: 120000 });
    await page.close();
  }
}
await browser.close();
await server.close();
