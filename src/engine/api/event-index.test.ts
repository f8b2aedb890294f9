import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/types.ts';
import { EventIndex, eventParts } from './event-index.ts';

type Parts = [string, string, string, string, string, string, string, string, string];

/** A stored Event with these parts, filed under `key` ("namespace/name"); empty parts left out as the recorder leaves them. */
function eventOf(parts: Parts, key: string): K8sObject {
  const [kind, name, uid, fieldPath, type, reason, message, component, host] = parts;
  const [namespace = '', eventName = ''] = key.split('/');
  const involvedObject: Record<string, string> = { kind, name, uid };
  if (fieldPath) involvedObject['fieldPath'] = fieldPath;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName, namespace },
    involvedObject,
    type,
    reason,
    message,
    source: host ? { component, host } : { component },
  };
}

/** The key ("namespace/name") of the event the index leads to. */
const keyOf = (ev: K8sObject | undefined) => (ev ? `${ev.metadata.namespace}/${ev.metadata.name}` : undefined);

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

/**
 * The parts of the i-th event about one pod: two events per message (they differ in their reason),
 * so a message shared inside a uid's list and in its map's arrays is covered too.
 */
const partsOf = (i: number): Parts => ['Pod', 'web-0', 'uid-a', '', 'Normal', i % 2 ? 'Pulled' : 'Pulling', `step ${Math.floor(i / 2)}`, 'kubelet', 'node-1'];

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
        index.set(eventOf(parts, key));
        model.set(joined(parts), key);
      } else if (op < 0.6) {
        const found = index.find(...parts);
        if (found) index.replace(found, eventOf(parts, key));
        else index.add(eventOf(parts, key));
        model.set(joined(parts), key);
      } else if (op < 0.8) {
        index.deleteIf(eventOf(parts, `default/other-${step}`), key);
        if (model.get(joined(parts)) === key) model.delete(joined(parts));
      }
      expect(keyOf(index.find(...parts))).toBe(model.get(joined(parts)));
    }
    for (let i = 0; i < 500; i++) {
      const parts = randomParts();
      expect(keyOf(index.find(...parts))).toBe(model.get(joined(parts)));
    }
  });

  it.each([3, 8, 9, 30])('answers for a uid with %i events, filed as a short list or by message, as they are added, replaced and deleted', (count) => {
    const index = new EventIndex();
    for (let i = 0; i < count; i++) {
      expect(index.find(...partsOf(i))).toBeUndefined();
      index.add(eventOf(partsOf(i), `default/ev-${i}`));
    }
    for (let i = 0; i < count; i++) expect(keyOf(index.find(...partsOf(i)))).toBe(`default/ev-${i}`);
    for (let i = 0; i < count; i += 3) index.set(eventOf(partsOf(i), `default/again-${i}`));
    for (let i = 0; i < count; i++) expect(keyOf(index.find(...partsOf(i)))).toBe(i % 3 ? `default/ev-${i}` : `default/again-${i}`);
    for (let i = 0; i < count; i++) index.deleteIf(eventOf(partsOf(i), 'x'), i % 3 ? `default/ev-${i}` : `default/again-${i}`);
    for (let i = 0; i < count; i++) expect(index.find(...partsOf(i))).toBeUndefined();
    index.add(eventOf(partsOf(0), 'default/last'));
    expect(keyOf(index.find(...partsOf(0)))).toBe('default/last');
  });

  it('tells apart events that differ in any one part', () => {
    const base: Parts = ['Pod', 'web-0', 'uid-a', 'spec.containers{nginx}', 'Normal', 'Pulled', 'pulled', 'kubelet', 'node-1'];
    const index = new EventIndex();
    index.set(eventOf(base, 'default/base'));
    for (let i = 0; i < base.length; i++) {
      const other = [...base] as Parts;
      other[i] = `${other[i]}-changed`;
      expect(index.find(...other)).toBeUndefined();
      index.set(eventOf(other, `default/other-${i}`));
      expect(keyOf(index.find(...other))).toBe(`default/other-${i}`);
    }
    expect(keyOf(index.find(...base))).toBe('default/base');
    index.deleteIf(eventOf(base, 'default/base'), 'default/not-this-one');
    expect(keyOf(index.find(...base))).toBe('default/base');
    index.deleteIf(eventOf(base, 'default/base'), 'default/base');
    expect(index.find(...base)).toBeUndefined();
  });

  it('keeps the parts an event had when indexed, whatever its later versions say', () => {
    const parts: Parts = ['Pod', 'web-0', 'uid-a', '', 'Normal', 'Pulled', 'pulled', 'kubelet', 'node-1'];
    const index = new EventIndex();
    const indexed = eventOf(parts, 'default/first');
    index.add(indexed);
    const edited = { ...indexed, message: 'edited by hand' };
    expect(eventParts(edited)[6]).toBe('edited by hand');
    expect(index.find(...parts)).toBe(indexed);
    index.deleteIf(edited, 'default/first');
    expect(index.find(...parts)).toBe(indexed);
    index.deleteIf(eventOf(parts, 'default/first'), 'default/first');
    expect(index.find(...parts)).toBeUndefined();
  });
});
