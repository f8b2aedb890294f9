import type { ControllerRevision, Json, StatefulSet } from '../../model/types.ts';
import { deepClone, deepFreeze, newControllerRef, sortedJson, utf8Bytes } from '../../model/util.ts';
import { safeEncodeString } from '../../sim/rng.ts';

/**
 * The JSON Go's encoding/json would produce for `value`: sorted keys (getPatch round-trips through a
 * map) and HTML-safe escaping of <, > and &.
 */
export function goJson(value: unknown): string {
  return sortedJson(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** FNV-1 (not 1a) 32-bit over the UTF-8 bytes of `text`, as Go's hash/fnv New32. */
export function fnv1_32(text: string): number {
  let hash = 2166136261;
  for (const byte of utf8Bytes(text)) {
    hash = Math.imul(hash, 16777619) >>> 0;
    hash = (hash ^ byte) >>> 0;
  }
  return hash >>> 0;
}


/** HashControllerRevision: FNV-1 over the data then the decimal collision count, safe-encoded. */
export function hashControllerRevision(data: Json, collisionCount: number | undefined): string {
  const text = goJson(data) + (collisionCount === undefined ? '' : String(collisionCount));
  return safeEncodeString(String(fnv1_32(text)));
}

/**
 * goJson of a revision's data, remembered per data object: stored objects are never mutated, and
 * every sync compares the set's template with every revision.
 */
const dataJson = new WeakMap<object, string>();
function dataGoJson(data: Json): string {
  if (data === null || typeof data !== 'object') return goJson(data);
  let json = dataJson.get(data);
  if (json === undefined) {
    json = goJson(data);
    dataJson.set(data, json);
  }
  return json;
}

/** getPatch per template object (a status write keeps the set's spec object); frozen, as it is shared. */
const patchCache = new WeakMap<object, Json>();

/** getPatch: the revision data, `{"spec":{"template":{"$patch":"replace",...template}}}`. */
export function getPatch(set: StatefulSet): Json {
  const template = deepClone(set.spec.template) as unknown as Record<string, Json>;
  const metadata = { ...(template['metadata'] as Record<string, Json> | undefined), creationTimestamp: null };
  return { spec: { template: { ...template, metadata, $patch: 'replace' } } };
}

/** hashControllerRevision per frozen data object and collision count (every sync asks for it). */
const hashes = new WeakMap<object, Map<number, string>>();
function revisionHash(data: Json, collisionCount: number): string {
  const key = data !== null && typeof data === 'object' ? data : undefined;
  let byCount = key ? hashes.get(key) : undefined;
  let hash = byCount?.get(collisionCount);
  if (hash !== undefined) return hash;
  hash = safeEncodeString(String(fnv1_32(dataGoJson(data) + String(collisionCount))));
  if (key) {
    if (!byCount) hashes.set(key, (byCount = new Map()));
    byCount.set(collisionCount, hash);
  }
  return hash;
}

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** newRevision: a ControllerRevision (not yet stored) for the set's current template. */
export function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const data = revisionData(set);
  const hash = revisionHash(data, collisionCount);
  const labels = { ...set.spec.template.metadata?.labels, 'controller.kubernetes.io/hash': hash };
  const meta: ControllerRevision['metadata'] = {
    name: controllerRevisionName(set.metadata.name, hash),
    labels,
    ownerReferences: [newControllerRef(set)],
  };
  if (set.metadata.namespace !== undefined) meta.namespace = set.metadata.namespace;
  if (set.metadata.annotations) meta.annotations = { ...set.metadata.annotations };
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta, data, revision };
}

/** The data newRevision stores for the set's template (getPatch), one frozen object per template. */
export function revisionData(set: StatefulSet): Json {
  let data = patchCache.get(set.spec.template);
  if (!data) {
    data = deepFreeze(getPatch(set));
    patchCache.set(set.spec.template, data);
  }
  return data;
}

/** ApplyRevision: the set with its template replaced by the revision's. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const key = revision.data !== null && typeof revision.data === 'object' ? revision.data : undefined;
  let template = key ? appliedTemplates.get(key) : undefined;
  if (!template) {
    const data = revision.data as { spec?: { template?: Record<string, unknown> } };
    const { $patch: _patch, ...copy } = deepClone(data.spec?.template ?? {});
    const metadata = { ...(copy['metadata'] as Record<string, unknown> | undefined) };
    delete metadata['creationTimestamp'];
    // Shared by every sync that applies this revision, so frozen: pods built from it copy what they change.
    template = deepFreeze({ ...copy, metadata } as StatefulSet['spec']['template']);
    if (key) appliedTemplates.set(key, template);
  }
  return { ...set, spec: { ...set.spec, template } };
}

const appliedTemplates = new WeakMap<object, StatefulSet['spec']['template']>();


/** EqualRevision: byte equality of the data. */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  return equalRevisionData(a, b.data);
}

/** EqualRevision against a candidate's data alone (the sync compares before it builds a candidate). */
export function equalRevisionData(a: ControllerRevision, data: Json): boolean {
  // The same object (a revision this session created from the set's frozen patch) is trivially equal.
  return a.data === data || dataGoJson(a.data) === dataGoJson(data);
}

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortControllerRevisions(revisions: readonly ControllerRevision[]): ControllerRevision[] {
  return [...revisions].sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
}

/** nextRevision: one more than the highest, 1 for the first. */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  const last = sorted[sorted.length - 1];
  return last ? last.revision + 1 : 1;
}
