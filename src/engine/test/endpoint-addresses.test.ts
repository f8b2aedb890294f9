/**
 * The legacy Endpoints list edit (endpoint-addresses.ts) against sorting afresh: random lists,
 * random leaving addresses and arrivals (IPs drawn from a few values so that arrivals share places
 * and IPs tie, broken by uid).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAddresses, editSorted, type Address } from '../controllers/endpoint-addresses.ts';

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
