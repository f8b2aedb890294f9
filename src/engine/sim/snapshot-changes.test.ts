/**
 * A snapshot's write history (`changes`): the engine writes none, but one that carries some is
 * either kept exactly as it was or refused whole with a sentence naming the entry and what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { checkSnapshot, createCluster, restoreCluster, tryRestoreCluster } from '../index.ts';
import type { Change } from './state.ts';
import { NGINX_SERVICE } from '../test/fixtures.ts';

type Rec = Record<string, unknown>;

/** A settled cluster's snapshot as plain JSON, with two writes of its own objects in `changes`. */
function snapshotWithChanges(): { snapshot: Rec; changes: Change[] } {
  const c = createCluster({ seed: 11 });
  c.apply(NGINX_SERVICE);
  c.settle();
  const snapshot = JSON.parse(JSON.stringify(c.snapshot())) as Rec;
  const objects = snapshot['objects'] as Record<string, Record<string, Rec>>;
  const namespace = objects['Namespace']?.['/default'] as Change['object'];
  const service = objects['Service']?.['default/nginx'] as Change['object'];
  const now = snapshot['now'] as number;
  const changes: Change[] = [
    { time: now, type: 'MODIFIED', kind: 'Namespace', name: 'default', object: namespace },
    { time: now, type: 'ADDED', kind: 'Service', name: 'nginx', namespace: 'default', object: service },
    { time: now + 5, type: 'DELETED', kind: 'Service', name: 'nginx', namespace: 'default', object: service },
  ];
  snapshot['changes'] = changes;
  return { snapshot: JSON.parse(JSON.stringify(snapshot)) as Rec, changes };
}

/** The snapshot with changes[i] replaced by what `edit` makes of a copy of it. */
function withChange(i: number, edit: (change: Rec) => unknown): Rec {
  const { snapshot } = snapshotWithChanges();
  const list = snapshot['changes'] as Rec[];
  list[i] = edit(structuredClone(list[i] as Rec)) as Rec;
  return snapshot;
}

function without(change: Rec, field: string): Rec {
  const { [field]: _gone, ...rest } = change;
  return rest;
}

describe('a snapshot with a write history', () => {
  it('restores a well-formed one and gives it back as it was', () => {
    const { snapshot, changes } = snapshotWithChanges();
    expect(checkSnapshot(snapshot)).toBeUndefined();
    const cluster = restoreCluster(snapshot as never);
    expect(cluster.changes()).toEqual(changes);
    expect(JSON.stringify(cluster.changes().map((c) => c.type))).toBe('["MODIFIED","ADDED","DELETED"]');
  });

  const malformed: [string, Rec, RegExp][] = [
    ['a null entry', withChange(0, () => null), /changes\[0\] must be an object, not null/],
    ['an entry that is a list', withChange(1, () => []), /changes\[1\] must be an object, not a list/],
    ['no time', withChange(0, (c) => without(c, 'time')), /changes\[0\]\.time must be a number/],
    ['a time as text', withChange(0, (c) => ({ ...c, time: '5' })), /changes\[0\]\.time must be a number, not "5"/],
    ['a negative time', withChange(0, (c) => ({ ...c, time: -1 })), /changes\[0\]\.time is -1, outside/],
    ['times out of order', withChange(1, (c) => ({ ...c, time: (c['time'] as number) + 100 })), /changes are not in time order at changes\[2\]/],
    ['an unknown type', withChange(1, (c) => ({ ...c, type: 'BOOKMARK' })), /changes\[1\]\.type is "BOOKMARK", not ADDED, MODIFIED or DELETED/],
    ['no type', withChange(1, (c) => without(c, 'type')), /changes\[1\]\.type is absent, not ADDED/],
    ['a kind that is a number', withChange(0, (c) => ({ ...c, kind: 3 })), /changes\[0\]\.kind must be a string, not 3/],
    ['an unknown kind', withChange(0, (c) => ({ ...c, kind: 'Widget' })), /changes\[0\]\.kind is an unknown kind "Widget"/],
    ['no object', withChange(2, (c) => without(c, 'object')), /changes\[2\]\.object must be an object/],
    ['an object without metadata', withChange(2, (c) => ({ ...c, object: { kind: 'Service' } })), /changes\[2\]\.object\.metadata must be an object/],
    ['an object without a name', withChange(0, (c) => ({ ...c, object: { metadata: { name: 7 } } })), /changes\[0\]\.object\.metadata\.name must be a string, not 7/],
    ['another name', withChange(1, (c) => ({ ...c, name: 'web' })), /changes\[1\]\.name is "web", but its object's is "nginx"/],
    ['no name', withChange(1, (c) => without(c, 'name')), /changes\[1\] has no name, but its object's is "nginx"/],
    ['another namespace', withChange(1, (c) => ({ ...c, namespace: 'kube-system' })), /changes\[1\]\.namespace is "kube-system", but its object's is "default"/],
    ['no namespace for a namespaced object', withChange(2, (c) => without(c, 'namespace')), /changes\[2\] has no namespace, but its object's is "default"/],
    ['a namespace for a cluster-scoped object', withChange(0, (c) => ({ ...c, namespace: 'default' })), /changes\[0\]\.namespace is "default", but its object has none/],
    ['a field no change has', withChange(0, (c) => ({ ...c, resourceVersion: '3' })), /changes\[0\] has a field "resourceVersion", which no change has/],
  ];
  it.each(malformed)('refuses %s, naming the entry', (_name, snapshot, message) => {
    const problem = checkSnapshot(snapshot);
    expect(problem).toMatch(/^not a usable StatefulSet Playground snapshot: /);
    expect(problem).toMatch(message);
    let tried: ReturnType<typeof tryRestoreCluster> | undefined;
    expect(() => (tried = tryRestoreCluster(snapshot))).not.toThrow();
    expect(tried).toEqual({ ok: false, message: problem });
    expect(() => restoreCluster(snapshot as never)).toThrow(message);
  });
});
