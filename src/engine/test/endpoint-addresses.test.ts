/**
 * The legacy Endpoints list edit (endpoint-addresses.ts) against sorting afresh: random lists,
 * random leaving addresses and arrivals (IPs drawn from a few values so that arrivals share places
 * and IPs tie, broken by uid); and the one-record edit against legacyChanges with editSorted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAddresses, editOneRecord, editSorted, legacyChanges, sideOf, type Address, type LegacyRecord } from '../controllers/endpoint-addresses.ts';

const address = (ip: string, uid: string | undefined): Address =>
  Object.freeze(uid === undefined ? { ip } : { ip, nodeName: 'node-1', targetRef: { kind: 'Pod', name: `p-${uid}`, namespace: 'default', uid } });

/** Distinct (ip, uid) pairs: the ones listed, the ones arriving, and which listed ones leave. */
const scenario = fc
  .uniqueArray(fc.tuple(fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.10', '10.0.1.3', '10.0.0.9'), fc.option(fc.integer({ min: 0, max: 40 }).map(String), { nil: undefined })), {
    selector: ([ip, uid]) => `${ip}/${uid ?? '-'}`,
    maxLength: 40,
  })
  .chain((pairs) =>
    fc.record({
      pairs: fc.constant(pairs),
      arriving: fc.array(fc.boolean(), { minLength: pairs.length, maxLength: pairs.length }),
      leaving: fc.array(fc.boolean(), { minLength: pairs.length, maxLength: pairs.length }),
    })
  );

describe('editSorted', () => {
  it('gives the sorted list of what stays and what arrives, or undefined for a large edit', () => {
    fc.assert(
      fc.property(scenario, ({ pairs, arriving, leaving }) => {
        const all = pairs.map(([ip, uid]) => address(ip, uid));
        const listed = all.filter((_, i) => !arriving[i]).sort(compareAddresses);
        const added = all.filter((_, i) => arriving[i]);
        const gone = new Set(listed.filter((a) => leaving[all.indexOf(a)]));
        const before = Object.freeze([...listed]);
        const edited = editSorted(before, { gone: [...gone], added });
        expect(before).toEqual(listed);
        const expected = [...listed.filter((a) => !gone.has(a)), ...added].sort(compareAddresses);
        if (gone.size + added.length > before.length / 4 + 8) expect(edited).toBeUndefined();
        else {
          expect(edited).toBeDefined();
          // The very address objects, in order.
          expect(edited?.length).toBe(expected.length);
          // (Walked by the expected list: a hole left in the edit would show as undefined.)
          expected.forEach((a, i) => expect(edited?.[i]).toBe(a));
          if (gone.size + added.length === 0) expect(edited).toBe(before);
        }
      }),
      { numRuns: 2000, seed: 41 }
    );
  });

  it('refuses a leaving address that is not the listed object (an equal copy)', () => {
    const listed = [address('10.0.0.1', '1'), address('10.0.0.2', '2')];
    expect(editSorted(listed, { gone: [address('10.0.0.2', '2')], added: [] })).toBeUndefined();
    expect(editSorted(listed, { gone: [listed[1] as Address], added: [] })).toEqual([listed[0]]);
    // Named twice among the leaving ones (a caller's slip): sorted afresh rather than a short list.
    const three = [...listed, address('10.0.0.3', '3')];
    expect(editSorted(three, { gone: [three[1] as Address, three[1] as Address], added: [address('10.0.0.4', '4')] })).toBeUndefined();
  });
});

/** A published pod's legacy record: an address (drawn from a few IPs and uids) and its state. */
const record = fc.record({
  ip: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.10', '10.0.1.3'),
  uid: fc.integer({ min: 0, max: 5 }).map(String),
  ready: fc.boolean(),
  terminating: fc.boolean(),
});

describe('editOneRecord', () => {
  it('edits each list as editSorted does with legacyChanges, for one record out and one in at most', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(record, { selector: (r) => `${r.ip}/${r.uid}`, maxLength: 12 }),
        fc.nat(),
        // What enters: nothing, the leaving pod's very address in another state, or a new address.
        fc.constantFrom('none', 'same address', 'new address'),
        record,
        fc.boolean(),
        fc.boolean(),
        (drawn, pick, entering, fresh, leaves, publishNotReady) => {
          const records: LegacyRecord[] = drawn.map((r) => ({ address: address(r.ip, r.uid), ready: r.ready, terminating: r.terminating }));
          const listOf = (side: 'ready' | 'notReady') => Object.freeze(records.filter((r) => sideOf(r, publishNotReady) === side).map((r) => r.address).sort(compareAddresses));
          const out = leaves && records.length > 0 ? records[pick % records.length] : undefined;
          const into: LegacyRecord | undefined =
            entering === 'none'
              ? undefined
              : { address: entering === 'same address' && out ? out.address : address(fresh.ip, `new-${fresh.uid}`), ready: fresh.ready, terminating: fresh.terminating };
          const changes = legacyChanges({ removed: out ? [out] : [], added: into ? [into] : [] }, publishNotReady);
          for (const side of ['ready', 'notReady'] as const) {
            const before = listOf(side);
            const general = editSorted(before, changes[side]);
            const one = editOneRecord(before, side, out, into, publishNotReady);
            if (general === before) expect(one).toBe(before);
            else if (general === undefined) expect(one).toBeUndefined();
            else {
              expect(one?.length).toBe(general.length);
              general.forEach((a, i) => expect(one?.[i]).toBe(a));
            }
          }
        }
      ),
      { numRuns: 3000, seed: 5 }
    );
  });
});
