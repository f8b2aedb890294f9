import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { staticHosting } from './src/tools/hosting/plugin.ts';

// One config for the dev server, the build and both test projects (unit in Node, e2e in Chromium).
export default defineConfig({
  // Relative URLs everywhere: the build runs from any folder of any static host (README, "Hosting").
  base: './',
  plugins: [react(), staticHosting()],
  resolve: {
    alias: [
      // monaco-yaml 5.5.1's worker (via monaco-worker-manager 2.0.1) imports this pre-0.56 deep path,
      // which monaco-editor 0.57's exports map no longer serves; point it at the same file's new name.
      {
        find: /^monaco-editor\/esm\/vs\/editor\/editor\.worker\.js$/,
        replacement: 'monaco-editor/editor/editor.worker.js',
      },
    ],
  },
  worker: { format: 'es' },
  // Pre-bundled up front: otherwise the dev server discovers it when the YAML worker first starts and
  // reloads every open page.
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts'],
          // A hang guard, not a speed check: on a loaded 2-core machine a whole-cluster property test
          // can take several seconds (speed is measured by `npm run bench`, never here).
          testTimeout: 30_000,
          benchmark: { include: ['src/**/*.bench.ts'] },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['src/e2e/**/*.e2e.ts'],
          // One warmed dev server (and at most one production build) for all the browser files.
          globalSetup: ['src/e2e/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
