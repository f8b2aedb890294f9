/**
 * The endpoints controllers' pod index (endpoint-index.ts) against the full sync's answer: after
 * any batch of pod writes noted between two calls (arrivals, departures, rewrites, in any order),
 * the index lists exactly the published pods sorted by name, each beside its own derivation, and
 * reports as added exactly the derivations new to the list.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noteServicePod, publishedPods } from '../controllers/endpoint-index.ts';
import type { Pod } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';

const SERVICE = 'default/nginx';

function pod(name: string, version: number, published: boolean): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { version: String(version) } },
    spec: { containers: [] },
    status: published ? { podIP: `10.0.0.${version % 250}` } : {},
  } as Pod;
}

/** A fake context over a map of stored pods (by storage key), which the test edits between calls. */
function fakeContext(stored: Map<string, Pod>): ControllerContext {
  return {
    state: {},
    api: {
      list: () => [...stored.values()],
      getByKey: (_kind: string, key: string) => stored.get(key),
    },
  } as unknown as ControllerContext;
}

const published = (p: Pod) => p.status.podIP !== undefined;
const derive = (p: Pod, previous: { pod: Pod } | undefined) => (previous?.pod === p ? previous : { pod: p });

/** One write: the pod `name` stored anew (published or not) or deleted. */
const write = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/),
  op: fc.constantFrom('publish', 'hide', 'delete'),
});

describe('publishedPods after a batch of writes', () => {
  it('lists the published pods in name order, each beside its own derivation', () => {
    fc.assert(
      fc.property(fc.array(fc.array(write, { maxLength: 60 }), { minLength: 1, maxLength: 6 }), (batches) => {
        const stored = new Map<string, Pod>();
        const ctx = fakeContext(stored);
        let version = 0;
        // The first call builds the index from a full list.
        publishedPods(ctx, SERVICE, 'default', 'sig', published, derive);
        for (const batch of batches) {
          for (const { name, op } of batch) {
            const key = `default/${name}`;
            if (op === 'delete') stored.delete(key);
            else stored.set(key, pod(name, ++version, op === 'publish'));
            noteServicePod(ctx.state, SERVICE, key);
          }
          const before = new Set(publishedPods(ctx, SERVICE, 'default', 'sig', published, derive).derived);
          const view = publishedPods(ctx, SERVICE, 'default', 'sig', published, derive);
          const expected = [...stored.values()].filter(published).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
          expect(view.pods.map((p) => p.metadata.name)).toEqual(expected.map((p) => p.metadata.name));
          expect(view.pods).toEqual(expected);
          view.derived.forEach((d, i) => expect(d.pod).toBe(view.pods[i]));
          // A call with nothing noted changes nothing.
          expect(new Set(view.derived)).toEqual(before);
        }
      }),
      { numRuns: 200, seed: 11 }
    );
  });

  it('reports exactly the derivations that entered and left', () => {
    fc.assert(
      fc.property(fc.array(write, { minLength: 1, maxLength: 80 }), fc.array(write, { minLength: 1, maxLength: 80 }), (first, second) => {
        const stored = new Map<string, Pod>();
        const ctx = fakeContext(stored);
        let version = 0;
        publishedPods(ctx, SERVICE, 'default', 'sig', published, derive);
        const apply = (batch: typeof first) => {
          for (const { name, op } of batch) {
            const key = `default/${name}`;
            if (op === 'delete') stored.delete(key);
            else stored.set(key, pod(name, ++version, op === 'publish'));
            noteServicePod(ctx.state, SERVICE, key);
          }
        };
        apply(first);
        const old = new Set(publishedPods(ctx, SERVICE, 'default', 'sig', published, derive).derived);
        apply(second);
        const view = publishedPods(ctx, SERVICE, 'default', 'sig', published, derive);
        const now = new Set(view.derived);
        const changes = view.changes;
        expect(changes).toBeDefined();
        expect(new Set(changes?.added)).toEqual(new Set([...now].filter((d) => !old.has(d))));
        expect(new Set(changes?.removed)).toEqual(new Set([...old].filter((d) => !now.has(d))));
      }),
      { numRuns: 200, seed: 12 }
    );
  });
});
