/**
 * engineWorker.ts for the classic-script build: that bundle only runs where the page's origin is
 * opaque, where a worker from the page's URL is refused, so the engine always runs on the main thread.
 */
export function createEngineWorker(): Worker | undefined {
  return undefined;
}
