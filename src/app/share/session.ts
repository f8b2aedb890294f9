/**
 * The session record kept beside the saved cluster, so a reload keeps its timeline and can still make
 * share links. A record that does not fit is dropped (the timeline then starts at the restored moment).
 */
import type { SessionRecord } from '../../worker/protocol.ts';
import * as persist from '../store/persist.ts';

const KEY = 'session';

export function saveSessionRecord(record: SessionRecord | undefined): void {
  if (!record) {
    persist.remove(KEY);
    return;
  }
  if (persist.trySave(KEY, JSON.stringify(record)) !== 'ok') persist.remove(KEY);
}

/** The record saved with the snapshot, if it reads as one (the worker checks it matches the snapshot). */
export function loadSessionRecord(): SessionRecord | undefined {
  const text = persist.load(KEY);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<SessionRecord>;
    if (typeof value.seed !== 'number' || typeof value.yaml !== 'string' || !Array.isArray(value.actions) || typeof value.end !== 'number') return undefined;
    return value as SessionRecord;
  } catch {
    return undefined;
  }
}
