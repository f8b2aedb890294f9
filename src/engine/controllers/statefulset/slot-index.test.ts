/** The slot index's rolling-update frontier, status counts and non-quiet slots against brute-force scans, after random slot writes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster.ts';
import type { Pod } from '../../model/types.ts';
import type { ClusterState } from '../../sim/state.ts';
import { defaultExample, webYaml } from '../../test/fixtures.ts';
import { dropSlotIndex, noteSetClaim, peekSlotIndex, SlotIndex } from './slot-index.ts';

function pod(ordinal: number, revision: string, ready: boolean, terminating: boolean, created = true): Pod {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${ordinal}`, namespace: 'default', labels: { 'controller-revision-hash': revision } },
    spec: { containers: [] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
  if (terminating) p.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  if (!created) p.status = {};
  return p;
}

/** The lowest slot from which every slot holds a pod at `revision`, Ready and not terminating. */
function bruteForce(index: SlotIndex, revision: number): number {
  let from = index.pods.length;
  while (from > 0 && index.pods[from - 1] && index.revision[from - 1] === revision && !index.terminating[from - 1] && index.ready[from - 1]) from--;
  return from;
}

const write = fc.record({
  slot: fc.integer({ min: 0, max: 9 }),
  gone: fc.boolean(),
  revision: fc.constantFrom('a', 'b'),
  ready: fc.boolean(),
  terminating: fc.boolean(),
});

describe('SlotIndex.settledTop', () => {
  it('agrees with a scan from the top after every write, for each revision asked', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 80 }), fc.array(fc.constantFrom('a', 'b'), { minLength: 1, maxLength: 80 }), (writes, asks) => {
        const index = new SlotIndex('test', 10);
        writes.forEach((w, n) => {
          const key = `default/web-${w.slot}`;
          if (w.gone) index.put(key, undefined, 'none');
          else index.put(key, pod(w.slot, w.revision, w.ready, w.terminating), { slot: w.slot });
          const revision = index.revisionId(asks[n % asks.length] as string);
          expect(index.settledTop(revision)).toBe(bruteForce(index, revision));
        });
      }),
      { numRuns: 300, seed: 13 }
    );
  });
});

describe('SlotIndex status counts and loud slots', () => {
  const countedWrite = fc.record({
    slot: fc.integer({ min: 0, max: 9 }),
    gone: fc.boolean(),
    revision: fc.constantFrom('a', 'b', 'c'),
    ready: fc.boolean(),
    terminating: fc.boolean(),
    created: fc.boolean(),
    quietPass: fc.boolean(),
  });

  it('keeps created, Ready and per-revision live counts and the non-quiet slots equal to a scan', () => {
    fc.assert(
      fc.property(fc.array(countedWrite, { maxLength: 80 }), (writes) => {
        const index = new SlotIndex('test', 10);
        let scope = 0;
        for (const w of writes) {
          const key = `default/web-${w.slot}`;
          if (w.gone) index.put(key, undefined, 'none');
          else index.put(key, pod(w.slot, w.revision, w.ready, w.terminating, w.created), { slot: w.slot });
          // A quiet pass: only Ready pods are quiet; a new scope now and then revisits every slot.
          if (w.quietPass) index.refreshQuiet(w.created ? scope : ++scope, (p) => p.status.conditions?.[0]?.status === 'True');
          let created = 0;
          let ready = 0;
          const live = new Map<number, number>();
          const loud: number[] = [];
          for (let i = 0; i < 10; i++) {
            if (index.created[i]) {
              created++;
              const id = index.revision[i] as number;
              if (!index.terminating[i]) live.set(id, (live.get(id) ?? 0) + 1);
            }
            if (index.ready[i]) ready++;
            if (!index.quiet[i]) loud.push(i);
          }
          expect(index.createdCount).toBe(created);
          expect(index.readyCount).toBe(ready);
          for (const name of ['a', 'b', 'c']) {
            const id = index.revisionId(name);
            expect(index.liveAt(id)).toBe(live.get(id) ?? 0);
          }
          expect(index.loudSlots()).toEqual(loud);
        }
      }),
      { numRuns: 300, seed: 17 }
    );
  });
});

describe('SlotIndex.refresh', () => {
  const versionWrite = fc.record({
    slot: fc.integer({ min: 0, max: 5 }),
    gone: fc.boolean(),
    // A new version of the stored pod keeps its labels and owner references (a status write or binding).
    sameLabels: fc.boolean(),
    revision: fc.constantFrom('a', 'b'),
    ready: fc.boolean(),
    terminating: fc.boolean(),
    created: fc.boolean(),
    ask: fc.constantFrom('a', 'b'),
  });

  it('leaves the index as put with a fresh classification does, after every write', () => {
    fc.assert(
      fc.property(fc.array(versionWrite, { maxLength: 60 }), (writes) => {
        const viaPut = new SlotIndex('test', 6);
        const viaRefresh = new SlotIndex('test', 6);
        let classified = 0;
        const classify = (p: Pod): { slot: number } => {
          classified++;
          return { slot: Number(p.metadata.name.slice('web-'.length)) };
        };
        for (const w of writes) {
          const key = `web-${w.slot}`;
          const stored = viaPut.pods[w.slot];
          let next: Pod | undefined;
          if (!w.gone) {
            next = pod(w.slot, w.revision, w.ready, w.terminating, w.created);
            if (w.sameLabels && stored?.metadata.labels) next.metadata.labels = stored.metadata.labels;
          }
          viaPut.put(key, next, next ? classify(next) : 'none');
          const before = classified;
          viaRefresh.refresh(key, next, classify);
          // A removal needs none; a new version of a slotted pod skips it.
          expect(classified === before).toBe(!next || (w.sameLabels && !!stored));
          const asked = viaPut.revisionId(w.ask);
          expect(viaRefresh.revisionId(w.ask)).toBe(asked);
          expect(viaRefresh.settledTop(asked)).toBe(viaPut.settledTop(asked));
          expect(viaRefresh.settledTop(asked)).toBe(bruteForce(viaRefresh, asked));
          expect(viaRefresh.pods).toEqual(viaPut.pods);
          for (const field of ['created', 'ready', 'terminating', 'revision', 'quiet'] as const) expect([...viaRefresh[field]]).toEqual([...viaPut[field]]);
          expect(viaRefresh.loudSlots()).toEqual(viaPut.loudSlots());
          expect([...viaRefresh.stale].sort()).toEqual([...viaPut.stale].sort());
          expect(viaRefresh.createdCount).toBe(viaPut.createdCount);
          expect(viaRefresh.readyCount).toBe(viaPut.readyCount);
          for (const name of ['a', 'b']) {
            const id = viaPut.revisionId(name);
            expect(viaRefresh.revisionId(name)).toBe(id);
            expect(viaRefresh.liveAt(id)).toBe(viaPut.liveAt(id));
          }
        }
      }),
      { numRuns: 300, seed: 19 }
    );
  });
});

describe('dropSlotIndex', () => {
  it('forgets only the set it names, however often it is called', () => {
    // Two Parallel sets (only those keep an index).
    const c = createCluster({ seed: 2 });
    expect(c.apply(`${defaultExample({ replicas: 2, policy: 'Parallel' })}---\n${webYaml({ name: 'db', replicas: 2, policy: 'Parallel' })}`).ok).toBe(true);
    c.settle();
    const state = (c as unknown as { engine: { state: ClusterState } }).engine.state;
    const db = peekSlotIndex(state, 'default/db');
    expect(db).toBeDefined();
    expect(peekSlotIndex(state, 'default/web')).toBeDefined();
    dropSlotIndex(state, 'default/web');
    dropSlotIndex(state, 'default/web');
    dropSlotIndex(state, 'default/none');
    expect(peekSlotIndex(state, 'default/web')).toBeUndefined();
    expect(peekSlotIndex(state, 'default/db')).toBe(db);
    // The set left is still reached by claim writes (its place in the list noteSetClaim walks is kept).
    db?.stale.clear();
    noteSetClaim(state, 'default', 'www-db-1');
    expect([...(db?.stale ?? [])]).toEqual([1]);
  });
});
