/**
 * Starts the engine's module worker, or says it cannot: a document with an opaque origin (an iframe
 * sandboxed without allow-same-origin) may not start a worker from the page's own URL, so it is not
 * even tried there and the main-thread host takes over.
 *
 * The classic-script build (src/tools/hosting/plugin.ts) swaps this file for engineWorker.classic.ts,
 * so that bundle carries no worker at all.
 */
export function createEngineWorker(): Worker | undefined {
  if (globalThis.origin === 'null') return undefined;
  return new Worker(new URL('../../worker/sim.worker.ts', import.meta.url), { type: 'module' });
}
