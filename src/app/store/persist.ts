/**
 * localStorage that never throws: blocked storage (sandboxed iframes, private modes) just means no
 * persistence. A full one is told apart (`trySave` says 'quota') so the page can say what it lost.
 */
const PREFIX = 'statefulset-playground:v1:';

/** The keys the page keeps: the YAML draft and the applied YAML are small and saved on their own. */
export const KEYS = { snapshot: 'cluster', yaml: 'yaml', draft: 'draft' } as const;

/**
 * A saved cluster larger than this (UTF-16 code units) is not attempted: browsers give an origin
 * about 5 MB, and the YAML and the console history must still fit beside it.
 */
export const MAX_SNAPSHOT_CHARS = 2_000_000;

/**
 * The work of one page: its cluster, YAML, draft, session record and console history. An embedded
 * playground keeps these apart from the full page's (and from embeds of other lessons or examples),
 * so a course page never overwrites what the learner left in the playground itself. Lesson progress
 * is the learner's wherever it was made, so it is shared.
 */
const SCOPED = new Set<string>([KEYS.snapshot, KEYS.yaml, KEYS.draft, 'session', 'console-history']);
let scope = '';

/** `embed:<lesson or example>` for an embedded page; '' (the default) for the full page. */
export function setScope(name: string): void {
  scope = name ? `${name}:` : '';
}

function storageKey(key: string): string {
  return SCOPED.has(key) ? PREFIX + scope + key : PREFIX + key;
}

type Backing = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

let backing: () => Backing | undefined = () => globalThis.localStorage;

/** Tests: persist into `storage` instead of the browser's (undefined: back to localStorage). */
export function setBacking(storage: Backing | undefined): void {
  backing = storage ? () => storage : () => globalThis.localStorage;
}

export function load(key: string): string | undefined {
  try {
    return backing()?.getItem(storageKey(key)) ?? undefined;
  } catch {
    return undefined;
  }
}

export type SaveOutcome = 'ok' | 'quota' | 'blocked';

/** DOMException QuotaExceededError (code 22), Firefox's NS_ERROR_DOM_QUOTA_REACHED (1014). */
function isQuota(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | undefined;
  return e?.name === 'QuotaExceededError' || e?.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e?.code === 22 || e?.code === 1014;
}

/** Saves, and says why not when the browser refused: storage full ('quota') or unavailable ('blocked'). */
export function trySave(key: string, value: string): SaveOutcome {
  try {
    const storage = backing();
    if (!storage) return 'blocked';
    storage.setItem(storageKey(key), value);
    return 'ok';
  } catch (err) {
    return isQuota(err) ? 'quota' : 'blocked';
  }
}

/** Returns false when the browser refused (blocked or full). */
export function save(key: string, value: string): boolean {
  return trySave(key, value) === 'ok';
}

export function remove(key: string): void {
  try {
    backing()?.removeItem(storageKey(key));
  } catch {
    // Nothing to do: storage is unavailable.
  }
}

export function storageAvailable(): boolean {
  try {
    const probe = `${PREFIX}probe`;
    const storage = backing();
    if (!storage) return false;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * Saves the cluster's snapshot, the YAML draft first: the draft is small and must survive whatever
 * happens to the snapshot. A snapshot that does not fit is removed (the one stored is from an
 * earlier moment and only takes the room the draft needs), and the outcome says so, for the page to tell.
 */
export function saveWork(draft: string, snapshotJson: string | undefined): { draft: SaveOutcome; snapshot: SaveOutcome } {
  let draftOutcome = trySave(KEYS.draft, draft);
  // undefined: too large to write out at all.
  const snapshot = snapshotJson === undefined || snapshotJson.length > MAX_SNAPSHOT_CHARS ? 'quota' : trySave(KEYS.snapshot, snapshotJson);
  if (snapshot !== 'ok') {
    remove(KEYS.snapshot);
    if (draftOutcome !== 'ok') draftOutcome = trySave(KEYS.draft, draft);
  }
  return { draft: draftOutcome, snapshot };
}

/** The saved snapshot, parsed; `error` when one is stored but cannot be read (it is then removed). */
export function loadSnapshot<T>(): { snapshot?: T; error?: string } {
  const text = load(KEYS.snapshot);
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a saved cluster');
    return { snapshot: value as T };
  } catch (err) {
    remove(KEYS.snapshot);
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
