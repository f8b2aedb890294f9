/**
 * What a stored cluster snapshot is, before the host is asked to restore it: one this version
 * writes, one a newer version of the playground wrote (kept, never overwritten), or something else.
 */

/** The engine's `ClusterState.format` is `statefulset-playground/cluster@N`; this page reads N ≤ this. */
export const SNAPSHOT_FORMAT_VERSION = 1;

const FORMAT = /^statefulset-playground\/cluster@(\d+)$/;

export type SnapshotKind = 'current' | 'newer' | 'foreign';

export function classifySnapshot(value: unknown): SnapshotKind {
  const format = typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
  const match = typeof format === 'string' ? FORMAT.exec(format) : null;
  if (!match) return 'foreign';
  return Number(match[1]) > SNAPSHOT_FORMAT_VERSION ? 'newer' : 'current';
}
