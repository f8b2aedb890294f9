import { describe, expect, it } from 'vitest';
import { EventIndex } from './event-index.ts';

type Parts = [string, string, string, string, string, string, string, string, string];

/** The correlator's key as one string, the way the index was kept before: the reference model. */
const joined = (p: Parts) => p.join('\u0000');

/** A small seeded generator, so a failure replays. */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('EventIndex', () => {
  it('answers as one map keyed by all parts joined, through sets, re-sets and conditional deletes', () => {
    const next = generator(7);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const randomParts = (): Parts => [
      pick(['Pod', 'StatefulSet']),
      pick(['web-0', 'web-1']),
      pick(['uid-a', 'uid-b', '']),
      pick(['', 'spec.containers{nginx}']),
      pick(['Normal', 'Warning']),
      pick(['Pulled', 'Started']),
      pick(['started', 'pulled image', '']),
      pick(['kubelet', 'statefulset-controller']),
      pick(['', 'node-1']),
    ];
    const index = new EventIndex();
    const model = new Map<string, string>();
    for (let step = 0; step < 3000; step++) {
      const parts = randomParts();
      const key = `default/event-${Math.floor(next() * 40)}`;
      const op = next();
      if (op < 0.4) {
        index.set(...parts, key);
        model.set(joined(parts), key);
      } else if (op < 0.6) {
        const found = index.find(...parts);
        if (found) found.key = key;
        else index.add(...parts, key);
        model.set(joined(parts), key);
      } else if (op < 0.8) {
        index.deleteIf(...parts, key);
        if (model.get(joined(parts)) === key) model.delete(joined(parts));
      }
      expect(index.find(...parts)?.key).toBe(model.get(joined(parts)));
    }
    for (let i = 0; i < 500; i++) {
      const parts = randomParts();
      expect(index.find(...parts)?.key).toBe(model.get(joined(parts)));
    }
  });

  it('tells apart events that differ in any one part', () => {
    const base: Parts = ['Pod', 'web-0', 'uid-a', 'spec.containers{nginx}', 'Normal', 'Pulled', 'pulled', 'kubelet', 'node-1'];
    const index = new EventIndex();
    index.set(...base, 'default/base');
    for (let i = 0; i < base.length; i++) {
      const other = [...base] as Parts;
      other[i] = `${other[i]}-changed`;
      expect(index.find(...other)).toBeUndefined();
      index.set(...other, `default/other-${i}`);
      expect(index.find(...other)?.key).toBe(`default/other-${i}`);
    }
    expect(index.find(...base)?.key).toBe('default/base');
    index.deleteIf(...base, 'default/not-this-one');
    expect(index.find(...base)?.key).toBe('default/base');
    index.deleteIf(...base, 'default/base');
    expect(index.find(...base)).toBeUndefined();
  });
});
