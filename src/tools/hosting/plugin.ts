/**
 * `staticHosting()`: makes `vite build` output that runs from any folder of any static host, inside
 * an iframe sandboxed with allow-scripts only, under a strict CSP, and offline after one visit.
 *
 * After Vite has written the usual module build (relative base './'), it
 * 1. builds the classic bundle: the same app from src/app/main.tsx as one IIFE script, with the engine
 *    on the main thread and the plain editor (engineWorker.classic.ts, PlainEditor.tsx swapped in),
 *    for documents with an opaque origin, which cannot load module scripts from a host without CORS;
 * 2. writes the boot script and rewrites index.html to load everything through it (html.ts);
 * 3. writes sw.js, the service worker that precaches every other file of the build.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, type Plugin, type ResolvedConfig, type Rollup } from 'vite';
import { precacheList, rewriteIndexHtml, serviceWorkerSource } from './html.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Modules the classic bundle replaces: [the module as the app imports it, its classic stand-in]. */
const CLASSIC_SWAPS: readonly (readonly [string, string])[] = [
  ['src/app/sim/engineWorker.ts', 'src/app/sim/engineWorker.classic.ts'],
  ['src/app/editor/YamlEditor.tsx', 'src/app/editor/PlainEditor.tsx'],
];

const EMPTY_CSS = '\0sts-classic-empty-css';

/** The classic build's own plugin: the swaps, and no CSS (index.html links the module build's). */
function classicSwaps(root: string): Plugin {
  const swaps = new Map(CLASSIC_SWAPS.map(([from, to]) => [resolve(root, from), resolve(root, to)]));
  return {
    name: 'sts:classic-swaps',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (/\.css(\?|$)/.test(source)) return EMPTY_CSS;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const swap = resolved && swaps.get(resolved.id);
      return swap ?? null;
    },
    load(id) {
      return id === EMPTY_CSS ? 'export {};' : null;
    },
  };
}

/** Builds the classic bundle into `outDir/assets` and returns its path relative to outDir. */
async function buildClassic(root: string, outDir: string, mode: string): Promise<string> {
  const result = await build({
    configFile: false,
    root,
    base: './',
    mode,
    logLevel: 'warn',
    publicDir: false,
    plugins: [react(), classicSwaps(root)],
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 2048,
      rolldownOptions: {
        // The preload helper and simClient's preload calls name import.meta, which an IIFE lacks; every
        // dynamic import is inlined here, so nothing is preloaded and the empty object it gets is fine.
        checks: { emptyImportMeta: false },
        input: { classic: resolve(root, 'src/app/main.tsx') },
        output: { format: 'iife', entryFileNames: 'assets/[name]-[hash].js', codeSplitting: false },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const entry = outputs.flatMap((o) => o.output).find((file) => file.type === 'chunk' && file.isEntry);
  if (!entry) throw new Error('the classic build produced no entry script');
  return entry.fileName;
}

/** Every file under `dir`, as '/'-separated paths relative to it, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

async function hashFiles(dir: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(join(dir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

export function staticHosting(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'sts:static-hosting',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async writeBundle(options) {
      const outDir = options.dir ?? resolve(config.root, config.build.outDir);
      const classic = await buildClassic(config.root, outDir, config.mode);

      const bootSource = await readFile(join(here, 'boot.js'), 'utf8');
      const boot = `assets/boot-${createHash('sha256').update(bootSource).digest('hex').slice(0, 8)}.js`;
      await writeFile(join(outDir, boot), bootSource);

      const indexPath = join(outDir, 'index.html');
      const { html } = rewriteIndexHtml(await readFile(indexPath, 'utf8'), { boot: `./${boot}`, classic: `./${classic}`, sw: './sw.js' });
      await writeFile(indexPath, html);

      const files = precacheList(await listFiles(outDir), classic);
      const template = await readFile(join(here, 'sw.js'), 'utf8');
      await writeFile(join(outDir, 'sw.js'), serviceWorkerSource(template, await hashFiles(outDir, files), files));
    },
  };
}
