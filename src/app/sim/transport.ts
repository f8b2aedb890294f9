/**
 * Where the simulation host runs: a module worker if the browser allows one, else the same host on
 * the main thread through a MessageChannel (sandboxed iframes). Either can be ended and started again.
 */
import { PROTOCOL_VERSION, type Port, type UiToSim } from '../../worker/protocol.ts';
import { createEngineWorker } from './engineWorker.ts';

export interface Transport {
  port: Port;
  /** True for the main-thread host. */
  inline: boolean;
  /** Ends the host for good (the worker is terminated, the inline host stops ticking). */
  kill(): void;
}

/** How long a new worker has to answer before the page gives up on workers (a slow one still counts). */
const WORKER_START_MS = 4000;

/**
 * A worker that answered a ping, or undefined when workers are blocked here. `onDead` is called when
 * the running worker fails later (an `error` event: it threw while loading or ran out of memory).
 */
export async function spawnWorker(onDead: () => void): Promise<Transport | undefined> {
  let worker: Worker;
  try {
    const created = createEngineWorker();
    if (!created) return undefined;
    worker = created;
  } catch {
    // SecurityError in sandboxed iframes without allow-same-origin.
    return undefined;
  }
  let started = false;
  const ok = await new Promise<boolean>((resolve) => {
    // A worker that cannot load (CSP, origin null) fails asynchronously: fall back then too.
    worker.addEventListener('error', () => (started ? onDead() : resolve(false)));
    const reqId = -1;
    const answered = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; reqId?: unknown } | undefined;
      if (data?.type === 'pong' && data.reqId === reqId) resolve(true);
    };
    worker.addEventListener('message', answered);
    worker.postMessage({ type: 'ping', v: PROTOCOL_VERSION, reqId } satisfies UiToSim);
    setTimeout(() => resolve(true), WORKER_START_MS);
  });
  if (!ok) {
    worker.terminate();
    return undefined;
  }
  started = true;
  return { port: worker as unknown as Port, inline: false, kill: () => worker.terminate() };
}

/** The host on the main thread: the engine module loads only when this is needed. */
export async function spawnInline(): Promise<Transport> {
  const { createSimHost } = await import('../../worker/host.ts');
  const channel = new MessageChannel();
  const host = createSimHost(channel.port1 as unknown as Port);
  channel.port1.start();
  channel.port2.start();
  return {
    port: channel.port2 as unknown as Port,
    inline: true,
    kill: () => {
      host.dispose();
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** A worker if possible, else the main thread. */
export async function spawn(onDead: () => void): Promise<Transport> {
  return (await spawnWorker(onDead)) ?? spawnInline();
}
