import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/types.ts';
import type { Change } from '../sim/state.ts';
import { ChangeLog, newChange } from './change-log.ts';

const TYPES: Change['type'][] = ['ADDED', 'MODIFIED', 'DELETED'];

function object(i: number): K8sObject {
  const metadata = i % 3 === 0 ? { name: `n${i}`, resourceVersion: String(i + 1) } : { name: `n${i}`, namespace: 'default', resourceVersion: String(i + 1) };
  return { apiVersion: 'v1', kind: i % 2 ? 'Pod' : 'Node', metadata } as K8sObject;
}

/** Writes at times 0, 0.5, 1, … (two a millisecond), checked against a plain array of Change records. */
function fill(count: number): { log: ChangeLog; plain: Change[] } {
  const log = new ChangeLog();
  const plain: Change[] = [];
  for (let i = 0; i < count; i++) {
    const o = object(i);
    const type = TYPES[i % 3] as Change['type'];
    log.push(i / 2, type, o.kind, o);
    plain.push(newChange(i / 2, type, o.kind, o));
  }
  return { log, plain };
}

describe('ChangeLog', () => {
  it.each([
    { count: 0, drops: [0] },
    { count: 5, drops: [2, 3] },
    { count: 1024, drops: [1024] },
    { count: 3000, drops: [1023, 1, 1500, 10] },
    { count: 5000, drops: [4999, 5] },
  ])('keeps $count writes as a plain log would after dropping $drops', ({ count, drops }) => {
    const { log, plain } = fill(count);
    expect(log.changesFrom(0)).toEqual(plain);
    for (const n of drops) {
      log.dropFirst(n);
      plain.splice(0, n);
      expect(log.length).toBe(plain.length);
      expect(JSON.stringify(log.changesFrom(0))).toBe(JSON.stringify(plain));
      for (const t of [-1, 0, 100.25, 700, 2499.5, 1e9]) {
        const first = plain.findIndex((c) => c.time >= t);
        expect(log.firstAtOrAfter(t)).toBe(first < 0 ? plain.length : first);
      }
      if (plain.length > 0) {
        expect(log.objectAt(plain.length - 1)).toBe(plain.at(-1)?.object);
        expect(log.timeAt(0)).toBe(plain[0]?.time);
      }
    }
    // Writes after a compaction land after the retained ones.
    const o = object(count);
    log.push(count, 'MODIFIED', o.kind, o);
    plain.push(newChange(count, 'MODIFIED', o.kind, o));
    expect(log.changesFrom(Math.max(0, plain.length - 3))).toEqual(plain.slice(Math.max(0, plain.length - 3)));
  });

  it('agrees with a plain array through a random interleaving of writes and compactions across chunks', () => {
    // mulberry32 with a fixed seed: the same interleaving on every run.
    let seed = 20_261_205;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const below = (n: number): number => Math.floor(random() * n);
    const log = new ChangeLog();
    const plain: Change[] = [];
    let written = 0;
    let time = 0;
    let chunksCrossed = 0;
    for (let step = 0; step < 300; step++) {
      if (random() < 0.55) {
        // A burst of writes, up to well past a chunk; times repeat (several writes a millisecond).
        for (let n = below(1500); n > 0; n--) {
          const o = object(written);
          const type = TYPES[below(3)] as Change['type'];
          time += below(3) / 2;
          log.push(time, type, o.kind, o);
          plain.push(newChange(time, type, o.kind, o));
          if (++written % 1024 === 0) chunksCrossed++;
        }
      } else {
        const n = below(2 * plain.length + 2);
        log.dropFirst(n);
        plain.splice(0, n);
      }
      expect(log.length).toBe(plain.length);
      for (let probe = 0; probe < 4 && plain.length > 0; probe++) {
        const i = below(plain.length);
        expect(log.timeAt(i)).toBe(plain[i]?.time);
        expect(log.objectAt(i)).toBe(plain[i]?.object);
        const t = below(Math.ceil(time) + 2) - 1 + below(2) / 2;
        const first = plain.findIndex((c) => c.time >= t);
        expect(log.firstAtOrAfter(t)).toBe(first < 0 ? plain.length : first);
      }
      const from = below(plain.length + 3);
      expect(log.changesFrom(from)).toEqual(plain.slice(from));
    }
    expect(chunksCrossed).toBeGreaterThan(50);
  });

  it('refuses a change of unknown type rather than keeping it as another', () => {
    const log = new ChangeLog();
    const o = object(1);
    expect(() => log.push(0, 'BOOKMARK' as Change['type'], o.kind, o)).toThrow('a change of unknown type "BOOKMARK"');
    expect(log.length).toBe(0);
    log.push(0, 'DELETED', o.kind, o);
    expect(log.changesFrom(0)).toEqual([newChange(0, 'DELETED', o.kind, o)]);
  });

  it('gives namespace after object, and only for a namespaced object', () => {
    const { log } = fill(2);
    expect(log.changesFrom(0).map((c) => Object.keys(c).join())).toEqual(['time,type,kind,name,object', 'time,type,kind,name,object,namespace']);
  });
});
