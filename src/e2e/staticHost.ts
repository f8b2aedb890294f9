/**
 * For the hosting tests: the production build, made once per run into a temporary folder, and a tiny
 * static file server like any plain host (no CORS headers, nothing but files and content types).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { build } from 'vite';
import { inject } from 'vitest';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.sh': 'text/plain; charset=utf-8',
};

/**
 * `vite build` with the project's config, made once per test run into the global setup's folder and
 * shared by the files that serve it (they only read it); returns the folder.
 */
export async function buildOnce(): Promise<string> {
  const outDir = inject('e2eBuildDir');
  // Files run one at a time: the first that asks builds, the others find index.html there.
  if (await stat(join(outDir, 'index.html')).catch(() => undefined)) return outDir;
  await build({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
  return outDir;
}

export interface StaticHost {
  origin: string;
  close(): Promise<void>;
}

export interface StaticHostOptions {
  port: number;
  /** URL path prefix (ending in '/') → folder served under it. */
  mounts?: Record<string, string>;
  /** URL path → an HTML page served as is. */
  pages?: Record<string, string>;
  /** Extra headers on every file response (e.g. a Content-Security-Policy). */
  headers?: Record<string, string>;
}

/** Serves files on 127.0.0.1:`port`; a folder URL serves its index.html. */
export async function startStaticHost(options: StaticHostOptions): Promise<StaticHost> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const page = options.pages?.[path];
      if (page !== undefined) {
        res.writeHead(200, { 'content-type': TYPES['.html'] ?? 'text/html' });
        res.end(page);
        return;
      }
      for (const [prefix, dir] of Object.entries(options.mounts ?? {})) {
        if (!path.startsWith(prefix)) continue;
        let file = normalize(join(dir, path.slice(prefix.length)));
        if (file !== dir && !file.startsWith(dir + sep)) break;
        const info = await stat(file).catch(() => undefined);
        if (info?.isDirectory()) file = join(file, 'index.html');
        const found = info && (await stat(file).catch(() => undefined))?.isFile();
        if (!found) break;
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...options.headers });
        createReadStream(file).pipe(res);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${options.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
