/** The heartbeat's rules on a manual clock, and where a restart starts from. */
import { describe, expect, it } from 'vitest';
import { Heartbeat, planRestart, type RestartFrom } from './heartbeat.ts';

function rig(intervalMs = 1000, timeoutMs = 4000) {
  let now = 0;
  let tick: (() => void) | undefined;
  const log = { pings: 0, stuck: 0 };
  const beat = new Heartbeat({
    clock: { now: () => now, every: (_ms, fn) => ((tick = fn), () => (tick = undefined)) },
    intervalMs,
    timeoutMs,
    ping: () => (log.pings += 1),
    onStuck: () => (log.stuck += 1),
  });
  beat.start();
  /** Moves the clock in steps of `step` ms, ticking after each (as a regular timer would). */
  const run = (ms: number, step = intervalMs) => {
    for (let t = 0; t < ms; t += step) {
      now += step;
      tick?.();
    }
  };
  return { beat, log, run, jump: (ms: number) => ((now += ms), tick?.()) };
}

describe('heartbeat', () => {
  it('pings one at a time while the host answers, and never calls it stuck', () => {
    const r = rig();
    for (let i = 0; i < 30; i++) {
      r.run(1000);
      r.beat.alive();
    }
    expect(r.log.pings).toBe(30);
    expect(r.log.stuck).toBe(0);
  });

  it('a host that stops answering is stuck once the ping waited the timeout, and only once', () => {
    const r = rig(1000, 4000);
    r.run(1000);
    r.beat.alive();
    r.run(4000);
    expect(r.log.stuck).toBe(0);
    r.run(1000);
    expect(r.log.stuck).toBe(1);
    expect(r.beat.running).toBe(false);
    r.run(20_000);
    expect(r.log.stuck).toBe(1);
  });

  it('a quiet host that answers pings is alive, however long it is quiet otherwise', () => {
    const r = rig(1000, 3000);
    for (let i = 0; i < 100; i++) {
      r.run(1000);
      if (i % 2 === 0) r.beat.alive();
    }
    expect(r.log.stuck).toBe(0);
  });

  it('a late tick (the page was asleep or throttled) re-arms instead of judging', () => {
    const r = rig(1000, 4000);
    r.run(1000);
    // The page's timers slept a minute: the answer may be queued behind this tick.
    r.jump(60_000);
    expect(r.log.stuck).toBe(0);
    r.beat.alive();
    r.run(1000);
    expect(r.log.stuck).toBe(0);
    // Asleep again, and this time the host really is gone: noticed after the timeout of regular ticks.
    r.jump(60_000);
    r.run(3000);
    expect(r.log.stuck).toBe(0);
    r.run(1000);
    expect(r.log.stuck).toBe(1);
  });

  it('start after a restart forgets the old ping', () => {
    const r = rig(1000, 2000);
    r.run(3000);
    expect(r.log.stuck).toBe(1);
    r.beat.start();
    r.run(1000);
    r.beat.alive();
    r.run(1000);
    expect(r.log.stuck).toBe(1);
  });
});

describe('planRestart', () => {
  it.each<[string, number[], number, boolean, RestartFrom]>([
    ['first failure, with a snapshot', [], 100_000, true, 'snapshot'],
    ['first failure, no snapshot yet', [], 100_000, false, 'yaml'],
    ['again soon after a restart: the snapshot may be the cause', [90_000], 100_000, true, 'yaml'],
    ['again long after the last restart', [10_000], 100_000, true, 'snapshot'],
    ['a third time within a minute, soon after the second', [60_000, 80_000], 100_000, true, 'yaml'],
    ['a fourth time within a minute: give up', [50_000, 70_000, 90_000], 100_000, true, 'give-up'],
    ['old restarts no longer count', [1_000, 2_000, 3_000], 100_000, true, 'snapshot'],
  ])('%s', (_, history, now, hasSnapshot, expected) => {
    expect(planRestart(history, now, hasSnapshot)).toBe(expected);
  });
});
