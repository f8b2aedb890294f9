/**
 * Keys of the volume and protection queues carry a prefix saying what they name ("claim:ns/name",
 * "pv:name", "pvc:ns/name"). Each is made once per plain key and kept with the way back, so an
 * enqueue of a key seen before adds a string whose hash is already known, and the handler gets the
 * informer's own key instead of a slice that is hashed again by every lookup. Per engine; a key is
 * forgotten when its object is deleted, and when a sync of it finds no object (a key made again is
 * equal, so queues and timers holding the old string are unaffected).
 */
export class PrefixedKeys {
  private readonly prefix: string;
  private readonly byPlain = new Map<string, string>();
  private readonly byPrefixed = new Map<string, string>();

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** `${prefix}${key}`. */
  of(key: string): string {
    let prefixed = this.byPlain.get(key);
    if (prefixed === undefined) {
      prefixed = this.prefix + key;
      // Flattened once here rather than by the first hash of a queue set.
      prefixed.charCodeAt(0);
      this.byPlain.set(key, prefixed);
      this.byPrefixed.set(prefixed, key);
    }
    return prefixed;
  }

  /** The key `prefixed` was made from (a prefixed key this does not know is cut). */
  plain(prefixed: string): string {
    return this.byPrefixed.get(prefixed) ?? prefixed.slice(this.prefix.length);
  }

  /** How many keys are kept (for tests: the table follows the stored objects, not the session). */
  get size(): number {
    return this.byPlain.size;
  }

  forget(key: string): void {
    const prefixed = this.byPlain.get(key);
    if (prefixed === undefined) return;
    this.byPlain.delete(key);
    this.byPrefixed.delete(prefixed);
  }
}
