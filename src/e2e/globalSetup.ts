/**
 * The e2e project's global setup: one Vite dev server for every browser file, warmed once (modules
 * transformed, the dependency optimiser's one-time reload taken), and one folder the production
 * build is made into at most once (`buildOnce` in staticHost.ts) for the files that serve it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launch, SHARED_PORT, SHARED_ORIGIN, startServer, warm } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder `buildOnce` builds into (empty until a file asks for the build). */
    e2eBuildDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startServer(SHARED_PORT);
  const browser = await launch();
  try {
    await warm(browser, SHARED_ORIGIN);
  } finally {
    await browser.close();
  }
  const buildDir = await mkdtemp(join(tmpdir(), 'sts-build-'));
  project.provide('e2eBuildDir', buildDir);
  return async () => {
    await server.close();
    await rm(buildDir, { recursive: true, force: true });
  };
}
