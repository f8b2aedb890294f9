/**
 * The build's last step, as pure functions (plugin.ts does the file work): index.html loads the app
 * through one classic boot script, and the service worker gets the list of files to keep.
 */
import { CSP } from './csp.ts';

export interface BootFiles {
  /** Paths relative to index.html. */
  boot: string;
  classic: string;
  sw: string;
}

const MODULE_ENTRY = /<script type="module"[^>]*?\ssrc="([^"]+)"[^>]*><\/script>\s*/;
const MODULE_PRELOAD = /<link rel="modulepreload"[^>]*>\s*/g;
const CROSSORIGIN = /(<link\b[^>]*?)\s+crossorigin(?:="[^"]*")?/g;
const CHARSET = /<meta charset="[^"]*"\s*\/?>/i;

const escapeAttr = (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * Rewrites Vite's index.html for any static host, sandboxed iframes included:
 * - the module entry (and its modulepreload links) go: a document with an opaque origin would fetch
 *   them in CORS mode and fail; the classic boot script starts the module entry or the classic bundle;
 * - `crossorigin` leaves the stylesheet links for the same reason (a plain request works everywhere);
 * - the Content-Security-Policy meta element comes first, before anything it governs.
 * Returns the module entry's path too. Throws when the HTML has no module entry (a broken build).
 */
export function rewriteIndexHtml(html: string, files: BootFiles, csp = CSP): { html: string; moduleEntry: string } {
  const entry = MODULE_ENTRY.exec(html);
  if (!entry?.[1]) throw new Error('index.html has no <script type="module" src> entry to replace');
  const moduleEntry = entry[1];
  if (!CHARSET.test(html)) throw new Error('index.html has no <meta charset> to place the CSP after');
  const boot =
    `<script defer src="${escapeAttr(files.boot)}" data-module="${escapeAttr(moduleEntry)}"` +
    ` data-classic="${escapeAttr(files.classic)}" data-sw="${escapeAttr(files.sw)}"></script>\n  `;
  const out = html
    .replace(MODULE_ENTRY, '')
    .replace(MODULE_PRELOAD, '')
    .replace(CROSSORIGIN, '$1')
    .replace(CHARSET, (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}" />`)
    .replace('</head>', `  ${boot}</head>`);
  return { html: out, moduleEntry };
}

/**
 * What the service worker keeps: every file of the build but itself and the classic bundle (only
 * opaque-origin documents load it, and they cannot have a service worker), and no dot files
 * (public/.nojekyll): many servers refuse them, and one refusal fails the whole install.
 */
export function precacheList(files: readonly string[], classic: string): string[] {
  return files.filter((file) => file !== 'sw.js' && file !== classic && !file.split('/').some((part) => part.startsWith('.')));
}

/**
 * The service worker's source: the template with its version (changes whenever any file does, so
 * browsers install the new build) and the files to precache, relative to the worker's folder.
 */
export function serviceWorkerSource(template: string, version: string, files: readonly string[]): string {
  if (!template.includes('__VERSION__') || !template.includes('__FILES__')) throw new Error('service worker template lacks its placeholders');
  // Function replacers: a `$` in a file name must not read as a replacement pattern.
  return template.replace("'__VERSION__'", () => JSON.stringify(version)).replace('__FILES__', () => JSON.stringify(files));
}
