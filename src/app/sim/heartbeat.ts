/**
 * Noticing a dead or stuck simulation host, and deciding how to start it again. Pure: the clock and
 * the timer are passed in, so the rules are tested in Node without a browser or a real worker.
 */

export interface HeartbeatClock {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

export interface HeartbeatOptions {
  clock: HeartbeatClock;
  /** How often a ping goes out when none is waiting. */
  intervalMs: number;
  /** How long a ping may wait for an answer (any message from the host) before the host is stuck. */
  timeoutMs: number;
  ping(): void;
  onStuck(): void;
}

/**
 * One ping at a time: the host answers it (or sends anything else) and the next goes a tick later.
 * Only an unanswered ping counts, never a quiet host; and a tick that came late (the page itself was
 * busy, or its timers were throttled in a background tab) re-arms instead of judging, because the
 * answer may still be queued behind it.
 */
export class Heartbeat {
  private waitingSince: number | undefined;
  private lastTick: number;
  private stopTimer: (() => void) | undefined;
  private readonly opts: HeartbeatOptions;

  constructor(opts: HeartbeatOptions) {
    this.opts = opts;
    this.lastTick = opts.clock.now();
  }

  start(): void {
    this.stop();
    this.waitingSince = undefined;
    this.lastTick = this.opts.clock.now();
    this.stopTimer = this.opts.clock.every(this.opts.intervalMs, () => this.tick());
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = undefined;
  }

  get running(): boolean {
    return this.stopTimer !== undefined;
  }

  /** The host said something: it is alive. */
  alive(): void {
    this.waitingSince = undefined;
  }

  tick(): void {
    const now = this.opts.clock.now();
    const late = now - this.lastTick > this.opts.intervalMs * 2;
    this.lastTick = now;
    if (this.waitingSince !== undefined && !late) {
      if (now - this.waitingSince < this.opts.timeoutMs) return;
      this.stop();
      this.opts.onStuck();
      return;
    }
    if (this.waitingSince !== undefined && late) {
      // Judge from now on: the page, not the host, may have been the one asleep.
      this.waitingSince = now;
      return;
    }
    this.waitingSince = now;
    this.opts.ping();
  }
}

/** Where a restarted host starts from. */
export type RestartFrom = 'snapshot' | 'yaml' | 'give-up';

export interface RestartPolicy {
  /** Restarts counted within this window. */
  windowMs: number;
  /** At most this many restarts within the window; one more and the page stops trying. */
  maxRestarts: number;
  /** A restart this soon after the previous one does not trust the snapshot again: it may be the cause. */
  snapshotCooldownMs: number;
}

export const DEFAULT_POLICY: RestartPolicy = { windowMs: 60_000, maxRestarts: 3, snapshotCooldownMs: 30_000 };

/**
 * Decides the next restart from the times of the earlier ones (oldest first): from the last good
 * snapshot normally, from the YAML when the snapshot was just tried and the host died again, and not
 * at all when it keeps dying (the page then says so and offers a reload).
 */
export function planRestart(history: readonly number[], now: number, hasSnapshot: boolean, policy: RestartPolicy = DEFAULT_POLICY): RestartFrom {
  const recent = history.filter((t) => now - t < policy.windowMs);
  if (recent.length >= policy.maxRestarts) return 'give-up';
  const last = recent.at(-1);
  if (!hasSnapshot || (last !== undefined && now - last < policy.snapshotCooldownMs)) return 'yaml';
  return 'snapshot';
}
