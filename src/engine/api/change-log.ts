/**
 * The change log: every write the apiserver made, oldest first, as a watch shows them (etcd's
 * retained history; ApiServer compacts it as etcd's compactor does).
 *
 * Why columns and not the Change records themselves: the log keeps 5-10 minutes of virtual history,
 * so nearly every record (26,000 in a 1,000-pod rollout) lived through the run, and the scavenger
 * copied and promoted each one. A write is kept as its time, type, kind and stored object in
 * fixed-size chunks (no per-write object, no array regrown and copied as the log grows), and a Change
 * is made when a reader asks for it: `newChange` of the same parts, so it is the record the write
 * was. Stored objects are never mutated, so the name and namespace read from the object then are the
 * ones it had when written.
 */
import type { K8sObject } from '../model/types.ts';
import type { Change } from '../sim/state.ts';

/** Writes per chunk: a chunk's arrays are allocated once, at their full length. */
const CHUNK = 1024;

const TYPES: readonly Change['type'][] = ['ADDED', 'MODIFIED', 'DELETED'];

/**
 * A type's index in TYPES. An unknown type is a caller's bug (checkSnapshot refuses a snapshot whose
 * changes carry one): it throws rather than being kept as some other type.
 */
function typeIndex(type: Change['type']): number {
  if (type === 'ADDED') return 0;
  if (type === 'MODIFIED') return 1;
  if (type === 'DELETED') return 2;
  throw new TypeError(`a change of unknown type ${JSON.stringify(type)}`);
}

interface Chunk {
  readonly times: Float64Array;
  /** Index into TYPES. */
  readonly types: Uint8Array;
  /** Index into the log's kindNames: a typed array lives outside the JS heap, so the scavenger never copies it. */
  readonly kinds: Uint16Array;
  readonly objects: K8sObject[];
}

/**
 * A change record: `namespace` (after `object`, where it has always come) only for a namespaced
 * object. Each shape is one literal: a member added after the literal lands in a separate
 * property array, an extra object in every record.
 */
export function newChange(time: number, type: Change['type'], kind: string, object: K8sObject): Change {
  const { name, namespace } = object.metadata;
  return namespace === undefined ? { time, type, kind, name, object } : { time, type, kind, name, object, namespace };
}

export class ChangeLog {
  private chunks: Chunk[] = [];
  /** The kinds written so far, by their index in the chunks' `kinds`. */
  private readonly kindNames: string[] = [];
  private readonly kindIds = new Map<string, number>();
  /** Where the oldest retained write sits in chunks[0]. */
  private head = 0;
  /** How many writes are retained (see length). */
  private count = 0;

  /** How many writes are retained: the indexes timeAt and objectAt take run from 0 to length - 1. */
  get length(): number {
    return this.count;
  }

  push(time: number, type: Change['type'], kind: string, object: K8sObject): void {
    const at = this.head + this.count;
    const index = at % CHUNK;
    let chunk = this.chunks[(at - index) / CHUNK];
    if (!chunk) {
      chunk = { times: new Float64Array(CHUNK), types: new Uint8Array(CHUNK), kinds: new Uint16Array(CHUNK), objects: Array<K8sObject>(CHUNK) };
      this.chunks.push(chunk);
    }
    chunk.times[index] = time;
    chunk.types[index] = typeIndex(type);
    chunk.kinds[index] = this.kindId(kind);
    chunk.objects[index] = object;
    this.count++;
  }

  /**
   * The virtual time of the i-th retained write (oldest first), for 0 <= i < length. Unchecked:
   * outside that range it answers a stale value or throws.
   */
  timeAt(i: number): number {
    const at = this.head + i;
    return (this.chunks[Math.floor(at / CHUNK)] as Chunk).times[at % CHUNK] as number;
  }

  /**
   * The object the i-th retained write stored (for a deletion, the last version with its new
   * resourceVersion), 0 <= i < length (unchecked, as timeAt).
   */
  objectAt(i: number): K8sObject {
    const at = this.head + i;
    return (this.chunks[Math.floor(at / CHUNK)] as Chunk).objects[at % CHUNK] as K8sObject;
  }

  /**
   * The retained writes from the `from`-th on (0 <= from; none when from >= length), as Change
   * records: a new array of exactly that many.
   */
  changesFrom(from: number): Change[] {
    const n = Math.max(0, this.count - from);
    const out = Array<Change>(n);
    for (let i = 0; i < n; i++) {
      const at = this.head + from + i;
      const chunk = this.chunks[Math.floor(at / CHUNK)] as Chunk;
      const index = at % CHUNK;
      out[i] = newChange(chunk.times[index] as number, TYPES[chunk.types[index] as number] as Change['type'], this.kindNames[chunk.kinds[index] as number] as string, chunk.objects[index] as K8sObject);
    }
    return out;
  }

  private kindId(kind: string): number {
    let id = this.kindIds.get(kind);
    if (id === undefined) {
      id = this.kindNames.length;
      this.kindNames.push(kind);
      this.kindIds.set(kind, id);
    }
    return id;
  }

  /** Forgets the `n` oldest writes (compaction); a chunk whose writes are all gone is let go. */
  dropFirst(n: number): void {
    const dropped = Math.min(n, this.count);
    this.count -= dropped;
    this.head += dropped;
    const spent = Math.floor(this.head / CHUNK);
    if (spent > 0) {
      this.chunks = this.chunks.slice(spent);
      this.head -= spent * CHUNK;
    }
    // What stays in the first chunk before head is kept alive by it until the chunk goes: clear it.
    const first = this.chunks[0];
    if (first) first.objects.fill(undefined as never, 0, this.head);
  }

  /** Index of the first retained write with `time >= t` (the log is in time order). */
  firstAtOrAfter(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
