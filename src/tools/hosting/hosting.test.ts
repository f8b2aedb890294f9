import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CSP, CSP_DIRECTIVES, cspHeader } from './csp.ts';
import { precacheList, rewriteIndexHtml, serviceWorkerSource } from './html.ts';

// index.html as Vite 8 writes it with base './'.
const VITE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" type="image/svg+xml" href="./favicon.svg" />
    <title>StatefulSet Playground</title>
    <script type="module" crossorigin src="./assets/index-AbC.js"></script>
    <link rel="modulepreload" crossorigin href="./assets/vendor-XyZ.js">
    <link rel="stylesheet" crossorigin href="./assets/index-Def.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>`;

const FILES = { boot: './assets/boot-1.js', classic: './assets/classic-2.js', sw: './sw.js' };

describe('rewriteIndexHtml', () => {
  const { html, moduleEntry } = rewriteIndexHtml(VITE_HTML, FILES);

  it.each([
    ['no module script', /type="module"/],
    ['no modulepreload', /modulepreload/],
    ['no crossorigin attribute', /crossorigin/],
    ['no inline script', /<script(?![^>]*\ssrc=)[^>]*>/],
  ])('leaves %s', (_what, pattern) => {
    expect(html).not.toMatch(pattern);
  });

  it('loads everything through the boot script, which names both entries and the service worker', () => {
    expect(moduleEntry).toBe('./assets/index-AbC.js');
    expect(html).toContain(
      '<script defer src="./assets/boot-1.js" data-module="./assets/index-AbC.js" data-classic="./assets/classic-2.js" data-sw="./sw.js"></script>'
    );
    expect(html).toContain('<link rel="stylesheet" href="./assets/index-Def.css">');
  });

  it('puts the CSP meta element right after the charset, before anything it governs', () => {
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(meta).toBeGreaterThan(html.indexOf('<meta charset'));
    expect(meta).toBeLessThan(html.indexOf('<link'));
    expect(html).toContain(`content="${CSP}"`);
  });

  it.each([
    ['no module entry', VITE_HTML.replace(/<script type="module"[^>]*><\/script>/, '')],
    ['no charset', VITE_HTML.replace('<meta charset="UTF-8" />', '')],
  ])('refuses HTML with %s', (_what, input) => {
    expect(() => rewriteIndexHtml(input, FILES)).toThrow();
  });
});

const directive = (name: string) => CSP_DIRECTIVES.find(([n]) => n === name)?.[1];

describe('the Content-Security-Policy', () => {
  it.each([
    ['script-src', "'self'"],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['default-src', "'self'"],
  ])('%s is exactly %s', (name, value) => {
    expect(directive(name)).toBe(value);
  });

  it('never allows eval or inline scripts; only styles may be inline (for Monaco)', () => {
    expect(CSP).not.toContain('unsafe-eval');
    const inline = CSP_DIRECTIVES.filter(([, value]) => value.includes("'unsafe-inline'")).map(([name]) => name);
    expect(inline).toEqual(['style-src']);
  });

  it('keeps header-only directives out of the meta element, and the header carries frame-ancestors', () => {
    for (const name of ['frame-ancestors', 'report-uri', 'sandbox']) expect(CSP).not.toContain(name);
    expect(cspHeader()).toBe(`${CSP}; frame-ancestors *`);
    expect(cspHeader("'self' https://course.example")).toMatch(/frame-ancestors 'self' https:\/\/course\.example$/);
  });

  it('is the policy the README tells servers to send', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`Content-Security-Policy: ${cspHeader()}\n`);
  });
});

/** Runs the real service worker source with stand-ins for `self` and `caches`. */
function loadServiceWorker(files: string[], scriptUrl: string) {
  const template = readFileSync(new URL('./sw.js', import.meta.url), 'utf8');
  const listeners = new Map<string, (event: unknown) => void>();
  const matched: string[] = [];
  const cache = { match: (key: string) => (matched.push(key), Promise.resolve('hit')), addAll: () => Promise.resolve() };
  const self = { location: { href: scriptUrl }, addEventListener: (type: string, fn: (event: unknown) => void) => listeners.set(type, fn) };
  runInNewContext(serviceWorkerSource(template, 'v1', files), {
    self,
    caches: { open: () => Promise.resolve(cache), keys: () => Promise.resolve([]) },
    URL,
    Set,
    Promise,
    fetch: () => Promise.resolve('network'),
  });
  return {
    /** The cache key the worker answered the request from, or undefined when it let it through. */
    async handle(request: { url: string; method?: string; mode?: string }): Promise<string | undefined> {
      let answer: Promise<unknown> | undefined;
      listeners.get('fetch')?.({ request: { method: 'GET', mode: 'cors', ...request }, respondWith: (p: Promise<unknown>) => (answer = p) });
      if (!answer) return undefined;
      await answer;
      return matched.at(-1);
    },
  };
}

describe('the service worker', () => {
  const sw = loadServiceWorker(['index.html', 'assets/index-1.js', 'favicon.svg'], 'https://host.example/course/play/sw.js');

  it.each([
    ['a visit to the folder, with a query', { url: 'https://host.example/course/play/?embed=1&lang=zh-CN', mode: 'navigate' }, 'https://host.example/course/play/index.html'],
    ['index.html itself', { url: 'https://host.example/course/play/index.html?lang=en', mode: 'navigate' }, 'https://host.example/course/play/index.html'],
    ['a built script', { url: 'https://host.example/course/play/assets/index-1.js' }, 'https://host.example/course/play/assets/index-1.js'],
    ['a file of another folder', { url: 'https://host.example/other/assets/index-1.js' }, undefined],
    ['a file the build does not have', { url: 'https://host.example/course/play/assets/missing.js' }, undefined],
    ['another page of the folder', { url: 'https://host.example/course/play/other.html', mode: 'navigate' }, undefined],
    ['a POST', { url: 'https://host.example/course/play/index.html', method: 'POST' }, undefined],
    ['another origin', { url: 'https://cdn.example/course/play/assets/index-1.js' }, undefined],
  ])('%s', async (_what, request, key) => {
    expect(await sw.handle(request)).toBe(key);
  });

  it('keeps every file but itself, the classic bundle and dot files', () => {
    const built = ['.nojekyll', 'assets/classic-A.js', 'assets/index-B.js', 'favicon.svg', 'index.html', 'scripts/basics.sh', 'sw.js', 'x/.hidden/y.js'];
    expect(precacheList(built, 'assets/classic-A.js')).toEqual(['assets/index-B.js', 'favicon.svg', 'index.html', 'scripts/basics.sh']);
  });

  it('is written with its version and file list, whatever the file names hold', () => {
    const source = serviceWorkerSource("const VERSION = '__VERSION__';\nconst FILES = __FILES__;", 'abc', ['a$&b.js']);
    expect(source).toBe('const VERSION = "abc";\nconst FILES = ["a$&b.js"];');
    expect(() => serviceWorkerSource('no placeholders', 'abc', [])).toThrow();
  });
});
