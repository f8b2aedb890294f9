import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { NGINX_SERVICE, webYaml } from '../test/fixtures.ts';
import type { Timer } from './state.ts';

/** The timer list as the engine keeps it: strictly ordered by (at, seq), nothing due at or before `now`. */
function expectPendingOnly(timers: readonly Timer[], now: number): void {
  for (let i = 0; i < timers.length; i++) {
    const t = timers[i] as Timer;
    expect(t.at).toBeGreaterThan(now);
    const prev = timers[i - 1];
    if (prev) expect(prev.at < t.at || (prev.at === t.at && prev.seq < t.seq)).toBe(true);
  }
}

describe('Engine timers', () => {
  it.each([
    ['steps of 13 ms', 13],
    ['steps of 250 ms', 250],
    ['steps of 2.5 s', 2_500],
  ])('after every advance (%s) the list holds only pending timers, in order, and a snapshot carries the same', (_title, step) => {
    const cluster = createCluster({ nodes: 3, seed: 11 });
    cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 6, policy: 'Parallel' })}`);
    let seen = 0;
    for (let t = 0; t < 12_000; t += step) {
      cluster.advance(step);
      const snapshot = cluster.snapshot();
      expectPendingOnly(snapshot.timers, cluster.now());
      seen += snapshot.timers.length;
    }
    expect(seen).toBeGreaterThan(0);
    expect(cluster.get('sts', 'web')?.['status']).toMatchObject({ readyReplicas: 6 });
  });
});
