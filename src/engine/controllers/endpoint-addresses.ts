/**
 * The legacy Endpoints controller's address lists (a subset's addresses and notReadyAddresses) in
 * RepackSubsets' order, and the edit that keeps one such list sorted after a few addresses left and
 * entered, without sorting it again (issue 8: a sync after one pod write costs one copy of a list).
 */

export type Address = Record<string, unknown>;

/** Addresses in RepackSubsets' order: a new array per stored object (never changed after). */
export type SortedAddresses = readonly Address[];

/** What moved in one legacy list: addresses out and in (none in both). */
export interface SideChange {
  readonly gone: ReadonlySet<Address>;
  readonly added: readonly Address[];
}

/**
 * endpoints.LessEndpointAddress (SortSubsets' addrsByIPAndUID, which RepackSubsets ends with): the
 * IP's text byte by byte (IPs are ASCII, so UTF-16 order is byte order), then the target's uid; an
 * address without a target first.
 */
export function compareAddresses(a: Address, b: Address): number {
  const ipA = String(a['ip'] ?? '');
  const ipB = String(b['ip'] ?? '');
  if (ipA !== ipB) return ipA < ipB ? -1 : 1;
  const uidA = (a['targetRef'] as { uid?: string } | undefined)?.uid ?? '';
  const uidB = (b['targetRef'] as { uid?: string } | undefined)?.uid ?? '';
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

/** Where `address` goes in `items` (after any equal one). */
function insertionPoint(items: SortedAddresses, address: Address): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareAddresses(items[mid] as Address, address) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One legacy list in RepackSubsets' order: the list last built with what `change` says left taken
 * out and what entered put in (binary search by key), so one pod's change costs a copy of the list
 * and no sort. `before` itself when nothing moved; undefined when the edit is not small (or not as
 * expected: a leaving address must be the very object listed), for the caller to sort afresh.
 */
export function editSorted(before: SortedAddresses, change: SideChange): SortedAddresses | undefined {
  const { gone, added } = change;
  if (gone.size + added.length > before.length / 4 + 8) return undefined;
  if (gone.size + added.length === 0) return before;
  // Where each leaving address sits, and where each arrival goes: after every listed address that
  // sorts with or before it, arrivals of one key in the order given.
  const removed: number[] = [];
  for (const a of gone) {
    const at = insertionPoint(before, a) - 1;
    if (before[at] !== a) return undefined;
    removed.push(at);
  }
  if (removed.length > 1) removed.sort((x, y) => x - y);
  const arrivals = added.length > 1 ? added.toSorted(compareAddresses) : added;
  const points = arrivals.map((a) => insertionPoint(before, a));
  // The usual sync moves one address, or swaps one for one in the same place: one native copy at
  // the new size. (At one place the arrivals go in front of the address there, which may be leaving.)
  if (removed.length + arrivals.length === 1) {
    return removed.length === 1 ? before.toSpliced(removed[0] as number, 1) : before.toSpliced(points[0] as number, 0, arrivals[0] as Address);
  }
  const [only] = removed;
  if (removed.length === 1 && arrivals.length === 1 && (points[0] === only || points[0] === (only as number) + 1)) {
    return before.with(only as number, arrivals[0] as Address);
  }
  // Else one copy (the stored object keeps the old one): the leaving addresses taken out from the
  // end, then each arrival put in from the front, at its place less what left before it and plus
  // the arrivals put in front of it. The copy grows at most once, when more arrive than leave.
  const items = before.slice();
  for (let r = removed.length - 1; r >= 0; r--) items.splice(removed[r] as number, 1);
  let left = 0;
  for (let a = 0; a < arrivals.length; a++) {
    const point = points[a] as number;
    while (left < removed.length && (removed[left] as number) < point) left++;
    items.splice(point - left + a, 0, arrivals[a] as Address);
  }
  return items;
}
