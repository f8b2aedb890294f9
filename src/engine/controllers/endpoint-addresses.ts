/**
 * The legacy Endpoints controller's address lists (a subset's addresses and notReadyAddresses) in
 * RepackSubsets' order: which addresses left and entered each list, from the published records that
 * left and entered (legacyChanges), and the edit that keeps one such list sorted after a few moved,
 * without sorting it again (issue 8: a sync after one pod write costs one copy of a list).
 */
import { NONE, plus } from './endpoint-index.ts';

export type Address = Record<string, unknown>;

/** Addresses in RepackSubsets' order: a new array per stored object (never changed after). */
export type SortedAddresses = readonly Address[];

/** What moved in one legacy list: addresses out and in (none in both, none twice). */
export interface SideChange {
  readonly gone: readonly Address[];
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

/** Where the very object `address` is listed in `items` (-1: it is not, where its key says). */
function listedAt(items: SortedAddresses, address: Address): number {
  const at = insertionPoint(items, address) - 1;
  return items[at] === address ? at : -1;
}

/**
 * One legacy list in RepackSubsets' order: the list last built with what `change` says left taken
 * out and what entered put in (binary search by key), so one pod's change costs a copy of the list
 * and no sort. `before` itself when nothing moved; undefined when the edit is not small (or not as
 * expected: a leaving address must be the very object listed), for the caller to sort afresh.
 */
export function editSorted(before: SortedAddresses, change: SideChange): SortedAddresses | undefined {
  const { gone, added } = change;
  if (gone.length <= 1 && added.length <= 1) return editOne(before, gone[0], added[0]);
  if (gone.length + added.length > before.length / 4 + 8) return undefined;
  return merged(before, gone, added);
}

/**
 * editSorted for at most one address out (`gone`) and one in (`added`), as a sync after one pod
 * write moves them: one copy of the list, `before` itself when nothing moved. An address in or out,
 * or one replaced at its place, is one native copy (toSpliced, with); one out at one place and one
 * in at another is a copy with the addresses between shifted by one. (Where the arrival's place is
 * the leaving address's, or just after it, the arrival takes that place.)
 */
export function editOne(before: SortedAddresses, gone: Address | undefined, added: Address | undefined): SortedAddresses | undefined {
  if (!gone) return added ? before.toSpliced(insertionPoint(before, added), 0, added) : before;
  const at = listedAt(before, gone);
  if (at < 0) return undefined;
  if (!added) return before.toSpliced(at, 1);
  const point = insertionPoint(before, added);
  if (point === at || point === at + 1) return before.with(at, added);
  // Out at one place and in at another (a pod replaced under a new IP): a copy of the same length,
  // the addresses between the two places shifted by one (by a loop: copyWithin is the generic
  // builtin, many times slower).
  const items = before.slice();
  if (point > at) {
    for (let i = at; i < point - 1; i++) items[i] = before[i + 1] as Address;
    items[point - 1] = added;
  } else {
    for (let i = at; i > point; i--) items[i] = before[i - 1] as Address;
    items[point] = added;
  }
  return items;
}

/**
 * editSorted's general case in one pass: each arrival goes after every listed address that sorts
 * with or before it (arrivals of one key in the order given), into a list of the new length.
 */
function merged(before: SortedAddresses, gone: readonly Address[], added: readonly Address[]): SortedAddresses | undefined {
  const removed: number[] = [];
  for (const address of gone) {
    const at = listedAt(before, address);
    if (at < 0) return undefined;
    removed.push(at);
  }
  if (removed.length > 1) removed.sort((x, y) => x - y);
  const arrivals = added.length > 1 ? added.toSorted(compareAddresses) : added;
  const length = before.length - removed.length + arrivals.length;
  const items = Array<Address>(length);
  let out = 0;
  let r = 0;
  let a = 0;
  // Where the next arrival goes: in front of before[point].
  let point = arrivalPoint(before, arrivals, a);
  for (let i = 0; i <= before.length; i++) {
    while (point <= i) {
      items[out++] = arrivals[a++] as Address;
      point = arrivalPoint(before, arrivals, a);
    }
    if (i === before.length) break;
    if (r < removed.length && removed[r] === i) r++;
    else items[out++] = before[i] as Address;
  }
  // An address listed twice among those leaving leaves a slot unfilled: sort afresh.
  return out === length && r === removed.length ? items : undefined;
}

/** Where arrivals[a] goes in `before` (past the end when there is none left). */
function arrivalPoint(before: SortedAddresses, arrivals: readonly Address[], a: number): number {
  return a < arrivals.length ? insertionPoint(before, arrivals[a] as Address) : before.length + 1;
}

/** What a legacy list takes from a published pod: its address, and whether it is ready or terminating. */
export interface LegacyRecord {
  readonly address: Address;
  /** isReady(pod): listed under addresses, else notReadyAddresses. */
  readonly ready: boolean;
  readonly terminating: boolean;
}

export type LegacySide = 'ready' | 'notReady';

/** addEndpointSubset's split: which legacy list a published pod's address goes in (terminating dropped). */
export function sideOf(part: LegacyRecord, publishNotReady: boolean): LegacySide | undefined {
  if (part.terminating && !publishNotReady) return undefined;
  return publishNotReady || part.ready ? 'ready' : 'notReady';
}

/** What moved in one legacy list, as legacyChanges collects it (NONE, or lists plus made). */
interface Moves {
  gone: readonly Address[];
  added: readonly Address[];
}

/**
 * The addresses that left and entered each legacy list, from the records that left and entered
 * the published list (an unchanged pod keeps its record, so only these can move an address).
 */
export function legacyChanges(
  records: { readonly removed: readonly LegacyRecord[]; readonly added: readonly LegacyRecord[] },
  publishNotReady: boolean
): Record<LegacySide, Moves> {
  const changes: Record<LegacySide, Moves> = { ready: { gone: NONE, added: NONE }, notReady: { gone: NONE, added: NONE } };
  const { removed, added } = records;
  for (let i = 0; i < removed.length; i++) {
    const part = removed[i] as LegacyRecord;
    const side = sideOf(part, publishNotReady);
    if (side) changes[side].gone = plus(changes[side].gone, part.address);
  }
  // A record on both sides (a pod re-derived with its address and list kept) cancels out.
  for (let i = 0; i < added.length; i++) {
    const part = added[i] as LegacyRecord;
    const side = sideOf(part, publishNotReady);
    if (!side) continue;
    const moves = changes[side];
    const at = moves.gone.indexOf(part.address);
    // (Found in it, the list is one plus made, not NONE.)
    if (at >= 0) (moves.gone as Address[]).splice(at, 1);
    else moves.added = plus(moves.added, part.address);
  }
  return changes;
}

/**
 * editSorted(before, legacyChanges(...)[side]) for at most one record out (`out`) and one in
 * (`into`), as a sync after one pod write moves them, without legacyChanges' lists (the same rule:
 * a record on both sides whose address stays in the same list cancels out).
 */
export function editOneRecord(
  before: SortedAddresses,
  side: LegacySide,
  out: LegacyRecord | undefined,
  into: LegacyRecord | undefined,
  publishNotReady: boolean
): SortedAddresses | undefined {
  const outSide = out && sideOf(out, publishNotReady);
  const inSide = into && sideOf(into, publishNotReady);
  if (out && into && out.address === into.address && outSide === inSide) return before;
  return editOne(before, outSide === side ? out?.address : undefined, inSide === side ? into?.address : undefined);
}
