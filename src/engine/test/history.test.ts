/**
 * Bounded history (issue 8): Events expire one --event-ttl after their latest write, the change log
 * is compacted as the apiserver's etcd compactor does, and snapshots follow the live cluster.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, restoreCluster, type Cluster } from '../index.ts';
import { Engine } from '../sim/engine.ts';
import { COMPACTION_INTERVAL_MS, EVENT_TTL_MS } from '../sim/state.ts';
import { NGINX_SERVICE, webYaml } from './fixtures.ts';

const MIN = 60_000;

function webCluster(replicas: number): Cluster {
  const c = createCluster({ seed: 3 });
  c.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas, policy: 'Parallel' })}`);
  c.settle();
  return c;
}

/** One fault a minute, in turn: a pod deleted, a crash, readiness failing, readiness back. */
function churn(c: Cluster, fromMinute: number, minutes: number, replicas: number): void {
  for (let m = fromMinute; m < fromMinute + minutes; m++) {
    const pod = `web-${(m * 7) % replicas}`;
    if (m % 4 === 0) c.delete('pod', pod);
    else if (m % 4 === 1) c.inject({ type: 'crash', pod });
    else if (m % 4 === 2) c.inject({ type: 'readiness', pod, ready: false });
    else c.inject({ type: 'readiness', pod: `web-${((m - 1) * 7) % replicas}`, ready: true });
    c.advance(MIN);
  }
}

function rvOf(change: { object: { metadata: { resourceVersion?: string } } }): number {
  return Number(change.object.metadata.resourceVersion);
}

/** An engine and an object to record events about (the default Namespace). */
function engineWithPod(): { engine: Engine; pod: Parameters<Engine['api']['recordEvent']>[0] } {
  const engine = new Engine(createCluster({ seed: 1 }).snapshot());
  const pod = engine.api.get('Namespace', undefined, 'default');
  if (!pod) throw new Error('no namespace');
  return { engine, pod };
}

const reasons = (engine: Engine) => engine.api.eventsInOrder().map(({ event }) => `${String(event['reason'])}×${String(event['count'])}`);

describe('event TTL', () => {

  it('removes an event one TTL after its latest write, with a DELETED write at that instant', () => {
    const { engine, pod } = engineWithPod();
    engine.advanceTo(1000);
    engine.api.recordEvent(pod, 'Normal', 'Once', 'only once', 'test');
    engine.advanceTo(1000 + EVENT_TTL_MS - 1);
    expect(reasons(engine)).toEqual(['Once×1']);
    engine.advanceTo(1000 + EVENT_TTL_MS);
    expect(reasons(engine)).toEqual([]);
    const deleted = engine.api.changesSince(0).filter((c) => c.kind === 'Event' && c.type === 'DELETED');
    expect(deleted.map((c) => c.time)).toEqual([1000 + EVENT_TTL_MS]);
  });

  it('an aggregated repeat renews the lease; once expired, the next occurrence starts a new event', () => {
    const { engine, pod } = engineWithPod();
    engine.api.recordEvent(pod, 'Warning', 'Again', 'repeats', 'test');
    engine.api.recordEvent(pod, 'Normal', 'Other', 'once', 'test');
    engine.advanceTo(40 * MIN);
    engine.api.recordEvent(pod, 'Warning', 'Again', 'repeats', 'test');
    engine.advanceTo(70 * MIN);
    // "Other" ran out at 60 min; "Again" was written again at 40 min, so it lives until 100 min.
    expect(reasons(engine)).toEqual(['Again×2']);
    engine.advanceTo(40 * MIN + EVENT_TTL_MS);
    expect(reasons(engine)).toEqual([]);
    engine.api.recordEvent(pod, 'Warning', 'Again', 'repeats', 'test');
    expect(reasons(engine)).toEqual(['Again×1']);
  });

  it('events() holds about one hour of events however long the cluster runs', () => {
    const c = webCluster(10);
    churn(c, 1, 60, 10);
    const hourOne = c.events().length;
    churn(c, 61, 180, 10);
    const events = c.events();
    expect(hourOne).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(hourOne * 1.2);
    for (const e of events) expect(c.now() - e.time).toBeLessThan(EVENT_TTL_MS);
  });
});

describe('change log compaction', () => {
  it('keeps between one and two compaction intervals of writes, and says where it starts', () => {
    const c = webCluster(3);
    expect(c.compactedBefore()).toBe(0);
    const seen = new Map<number, number>();
    for (let m = 0; m < 23; m++) {
      for (const ch of c.changes(0)) seen.set(rvOf(ch), ch.time);
      churn(c, m, 1, 3);
    }
    const bound = c.compactedBefore();
    expect(bound).toBe(Math.floor(c.now() / COMPACTION_INTERVAL_MS - 1) * COMPACTION_INTERVAL_MS);
    expect(c.now() - bound).toBeGreaterThanOrEqual(COMPACTION_INTERVAL_MS);
    const retained = c.changes(0);
    expect(retained[0]?.time).toBeGreaterThanOrEqual(bound);
    // Nothing at or after the bound is lost: every write seen earlier from then on is still there.
    const kept = new Set(retained.map(rvOf));
    const expected = [...seen].filter(([, time]) => time >= bound).map(([rv]) => rv);
    expect(expected.length).toBeGreaterThan(0);
    for (const rv of expected) expect(kept.has(rv)).toBe(true);
    // Revisions stay contiguous in what is retained.
    retained.forEach((ch, i) => i > 0 && expect(rvOf(ch)).toBe(rvOf(retained[i - 1] as (typeof retained)[number]) + 1));
  });

  it('a kubectl watch that keeps up sees every write; one that falls behind the window gets 410 Expired', () => {
    const c = webCluster(3);
    const live = c.kubectlWatch('get pods -w');
    const late = c.kubectlWatch('get pods -w');
    if (!live || !late) throw new Error('no watch');
    let streamed = '';
    for (let m = 0; m < 12; m++) {
      churn(c, m, 1, 3);
      streamed += live.poll();
    }
    expect(streamed).not.toContain('Expired');
    expect(streamed.split('\n').filter((l) => l.startsWith('web-0')).length).toBeGreaterThan(3);
    const out = late.poll();
    expect(out).toMatch(/^Error from server \(Expired\): too old resource version: \d+ \(\d+\)\n$/);
    expect(late.poll()).toBe('');
  });
});

describe('snapshots follow the live cluster', () => {
  it('a snapshot after hours of churn is no bigger than after the first hour', () => {
    const c = webCluster(10);
    churn(c, 1, 60, 10);
    const hourOne = JSON.stringify(c.snapshot()).length;
    churn(c, 61, 240, 10);
    const snapshot = c.snapshot();
    expect(snapshot.changes).toEqual([]);
    expect(JSON.stringify(snapshot).length).toBeLessThanOrEqual(hourOne * 1.5);
  });

  it('a restore after compaction and expiry behaves as the original from then on', () => {
    const original = webCluster(5);
    churn(original, 1, 90, 5);
    const copy = restoreCluster(JSON.parse(JSON.stringify(original.snapshot())));
    // The restored log starts after the snapshot: a caller can tell it lacks the earlier writes.
    expect(copy.compactedBefore()).toBe(original.now() + 1);
    expect(copy.changes(0)).toEqual([]);
    churn(original, 91, 75, 5);
    churn(copy, 91, 75, 5);
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(original.snapshot()));
    expect(copy.events()).toEqual(original.events());
    expect(copy.compactedBefore()).toBe(original.compactedBefore());
    expect(copy.changes(copy.compactedBefore())).toEqual(original.changes(original.compactedBefore()));
    expect(copy.kubectl('get events').stdout).toBe(original.kubectl('get events').stdout);
  });
});
