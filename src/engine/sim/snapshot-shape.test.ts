/**
 * A snapshot's stored objects must have what every stored object of their kind has (a spec and a
 * status, a workload's selector and pod template, a pod spec's containers): one that lacks it is
 * refused whole, with a sentence naming the object and the part, instead of a restore that fails
 * inside the engine (the fuzzer's poisoned snapshots found a Pod without a spec).
 */
import { describe, expect, it } from 'vitest';
import { checkSnapshot, createCluster, tryRestoreCluster } from '../index.ts';
import { NGINX_SERVICE, webYaml } from '../test/fixtures.ts';

type Rec = Record<string, unknown>;

function settledSnapshot(): Rec {
  const c = createCluster({ nodes: 2, seed: 4 });
  c.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 1, policy: 'Parallel' })}`);
  c.settle();
  return JSON.parse(JSON.stringify(c.snapshot())) as Rec;
}

/** The snapshot with the object `kind` / `key` edited in place by `edit`. */
function withObject(kind: string, key: string, edit: (obj: Rec) => void): Rec {
  const snapshot = settledSnapshot();
  const obj = (snapshot['objects'] as Record<string, Record<string, Rec>>)[kind]?.[key];
  if (!obj) throw new Error(`no ${kind} ${key} in the snapshot`);
  edit(obj);
  return snapshot;
}

const sub = (obj: Rec, field: string): Rec => obj[field] as Rec;

describe('a snapshot whose stored objects lack a part every stored object has', () => {
  it('accepts the snapshot as written', () => {
    expect(checkSnapshot(settledSnapshot())).toBeUndefined();
  });

  const cases: [string, Rec, string][] = [
    ['a Pod without a spec', withObject('Pod', 'default/web-0', (o) => delete o['spec']), 'objects.Pod["default/web-0"].spec must be an object, not absent'],
    ['a Pod without a status', withObject('Pod', 'default/web-0', (o) => delete o['status']), 'objects.Pod["default/web-0"].status must be an object, not absent'],
    ['a Pod without containers', withObject('Pod', 'default/web-0', (o) => delete sub(o, 'spec')['containers']), 'objects.Pod["default/web-0"].spec.containers must be a list, not absent'],
    ['a Pod with no container', withObject('Pod', 'default/web-0', (o) => (sub(o, 'spec')['containers'] = [])), 'objects.Pod["default/web-0"].spec.containers is empty, which no stored object has'],
    ['a claim without a spec', withObject('PersistentVolumeClaim', 'default/www-web-0', (o) => delete o['spec']), 'objects.PersistentVolumeClaim["default/www-web-0"].spec must be an object, not absent'],
    ['a StatefulSet without a template', withObject('StatefulSet', 'default/web', (o) => delete sub(o, 'spec')['template']), 'objects.StatefulSet["default/web"].spec.template must be an object, not absent'],
    ['a StatefulSet without a selector', withObject('StatefulSet', 'default/web', (o) => delete sub(o, 'spec')['selector']), 'objects.StatefulSet["default/web"].spec.selector must be an object, not absent'],
    ['a Service without a spec', withObject('Service', 'default/nginx', (o) => delete o['spec']), 'objects.Service["default/nginx"].spec must be an object, not absent'],
  ];
  it.each(cases)('refuses %s, naming it', (_label, snapshot, message) => {
    const problem = checkSnapshot(snapshot);
    expect(problem).toContain(message);
    const restored = tryRestoreCluster(snapshot);
    expect(restored.ok).toBe(false);
  });
});
