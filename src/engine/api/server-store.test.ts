import { describe, expect, it } from 'vitest';
import { createCluster } from '../cluster.ts';
import type { K8sObject } from '../model/types.ts';
import { ApiServer, type WriteResult } from './server.ts';

function freshServer(): ApiServer {
  const state = structuredClone(createCluster({ nodes: 2, seed: 4 }).snapshot());
  return new ApiServer(state, () => {});
}

function configMap(name: string, namespace: string, value: string): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { value } } as K8sObject;
}

/** Every stored object is what get() answers for its storage key, and nothing else is found. */
function expectGetMatchesStorage(api: ApiServer): void {
  for (const [kind, bucket] of Object.entries(api.snapshotState().objects)) {
    for (const [key, obj] of Object.entries(bucket)) {
      const slash = key.indexOf('/');
      expect(api.get(kind, key.slice(0, slash) || undefined, key.slice(slash + 1))).toBe(obj);
    }
  }
}

describe('ApiServer storage', () => {
  it('get() finds exactly the stored objects through creates, updates and deletes', () => {
    const api = freshServer();
    expectGetMatchesStorage(api);
    for (let i = 0; i < 5; i++) expect(api.create(configMap(`cm-${i}`, 'default', 'a'), { trusted: true }).ok).toBe(true);
    expect(api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } } as K8sObject).ok).toBe(true);
    expect(api.create(configMap('cm-0', 'other', 'b'), { trusted: true }).ok).toBe(true);
    const stored = api.get('ConfigMap', 'default', 'cm-1') as K8sObject;
    expect(api.update({ ...stored, data: { value: 'changed' } } as K8sObject, { trusted: true }).ok).toBe(true);
    expect(api.delete('ConfigMap', 'default', 'cm-2').ok).toBe(true);
    expectGetMatchesStorage(api);
    expect(api.get('ConfigMap', 'default', 'cm-2')).toBeUndefined();
    expect(api.get('ConfigMap', 'other', 'cm-0')?.['data']).toEqual({ value: 'b' });
    expect(api.get('ConfigMap', 'default', 'cm-1')?.['data']).toEqual({ value: 'changed' });
    // A server built on the same state (a restore) answers the same.
    const restored = new ApiServer(api.snapshotState(), () => {});
    expectGetMatchesStorage(restored);
  });

  it('never changes a list it has handed out; later lists show the update in place', () => {
    const api = freshServer();
    for (let i = 0; i < 4; i++) api.create(configMap(`cm-${i}`, 'default', 'a'), { trusted: true });
    const all = api.list('ConfigMap');
    const inDefault = api.list('ConfigMap', 'default');
    const allBefore = [...all];
    const defaultBefore = [...inDefault];
    for (const value of ['b', 'c']) {
      const current = api.get('ConfigMap', 'default', 'cm-2') as K8sObject;
      api.update({ ...current, data: { value } } as K8sObject, { trusted: true });
    }
    expect(all).toEqual(allBefore);
    expect(inDefault).toEqual(defaultBefore);
    const after = api.list('ConfigMap', 'default');
    expect(after.map((o) => o.metadata.name)).toEqual(defaultBefore.map((o) => o.metadata.name));
    expect(after.find((o) => o.metadata.name === 'cm-2')?.['data']).toEqual({ value: 'c' });
    expect(api.list('ConfigMap')).toEqual(Object.values(api.snapshotState().objects['ConfigMap'] ?? {}));
  });

  it('reads back as the plain record a snapshot carries: storage order, a re-created key last, an emptied kind kept', () => {
    const api = freshServer();
    // The same writes applied to a plain record, the way storage kept them before it was a store.
    const model = JSON.parse(JSON.stringify(api.snapshotState().objects)) as Record<string, Record<string, K8sObject>>;
    const put = (result: WriteResult) => {
      if (!result.ok) throw new Error(result.error.message);
      const obj = result.object;
      (model[obj.kind] ??= {})[`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`] = obj;
    };
    for (const name of ['b', 'a', 'c']) put(api.create(configMap(name, 'default', name), { trusted: true }));
    api.delete('ConfigMap', 'default', 'b');
    delete model['ConfigMap']?.['default/b'];
    put(api.create(configMap('b', 'default', 'again'), { trusted: true }));
    const a = api.get('ConfigMap', 'default', 'a') as K8sObject;
    put(api.update({ ...a, data: { value: 'changed' } } as K8sObject, { trusted: true }));
    api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } } as K8sObject, { trusted: true });
    api.delete('Secret', 'default', 's');
    model['Secret'] = {};
    expect(JSON.stringify(api.snapshotState().objects)).toBe(JSON.stringify(model));
    expect(Object.keys(api.snapshotState().objects['ConfigMap'] ?? {}).slice(-3)).toEqual(['default/a', 'default/c', 'default/b']);
    expect(api.list('ConfigMap', 'default').map((o) => o.metadata.name).slice(-3)).toEqual(['a', 'c', 'b']);
  });

  it('keeps the event order through a restore: one entry per stored event, the snapshot\'s own entries given back as they were', () => {
    const api = freshServer();
    const cm = api.create(configMap('cm', 'default', 'a'), { trusted: true });
    if (!cm.ok) throw new Error(cm.error.message);
    api.recordEvent(cm.object, 'Normal', 'First', 'first', 'test');
    api.recordEvent(cm.object, 'Normal', 'Second', 'second', 'test');
    api.recordEvent(cm.object, 'Normal', 'First', 'first', 'test');
    const events = api.eventsInOrder();
    expect(events.map((e) => e.event['reason'])).toEqual(['First', 'Second']);
    const state = api.snapshotState();
    expect(state.eventOrder.map((e) => e.key)).toEqual(events.map((e) => `default/${e.event.metadata.name}`));
    // A hand-edited order: an entry for an event gone, the first event named twice, a member of its own.
    const [first, second] = state.eventOrder as [{ key: string; time: number }, { key: string; time: number }];
    const edited = { ...state, eventOrder: [{ key: 'default/gone.1', time: 1 }, { ...first }, { ...second, note: 'kept' }, { ...first, time: 2 }] };
    const restored = new ApiServer(structuredClone(edited), () => {});
    expect(restored.eventsInOrder().map((e) => [e.event['reason'], e.time])).toEqual([
      ['Second', second.time],
      ['First', 2],
    ]);
    expect(restored.snapshotState().eventOrder).toEqual([{ ...second, note: 'kept' }, { ...first, time: 2 }]);
    // Written again, an event keeps its place and its entry takes the new time.
    restored.state.now += 5_000;
    const current = restored.get('ConfigMap', 'default', 'cm') as K8sObject;
    restored.recordEvent(current, 'Normal', 'Second', 'second', 'test');
    restored.recordEvent(current, 'Normal', 'Third', 'third', 'test');
    const now = restored.state.now;
    expect(restored.snapshotState().eventOrder.map((e) => ({ ...e, key: e.key.split('.')[0] }))).toEqual([
      { key: 'default/cm', time: now, note: 'kept' },
      { key: 'default/cm', time: 2 },
      { key: 'default/cm', time: now },
    ]);
    expect(restored.eventsInOrder().map((e) => [e.event['reason'], e.event['count']])).toEqual([
      ['Second', 2],
      ['First', 2],
      ['Third', 1],
    ]);
  });
});

const claim = (): K8sObject =>
  ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }) as K8sObject;
const service = (): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }) as K8sObject;

describe('trusted creates and the caller spec', () => {
  it.each([
    { kind: 'PersistentVolumeClaim', build: claim, admitted: 'storageClassName' },
    { kind: 'Service', build: service, admitted: 'clusterIP' },
  ])('admission sets $admitted in a copy of a $kind spec it was not handed (owned), in the same place', ({ build, admitted }) => {
    const input = build();
    const before = structuredClone(input);
    const shared = freshServer().create(input, { trusted: true });
    const handedOver = build();
    const owned = freshServer().create(handedOver, { trusted: true, owned: true });
    if (!shared.ok || !owned.ok) throw new Error('create refused');
    // The caller's spec is as it was; the stored one has the admitted field.
    expect(input).toEqual(before);
    expect(shared.object['spec']).not.toBe(input['spec']);
    expect(Object.keys(shared.object['spec'] as object)).toContain(admitted);
    // An owned spec is stored as handed over; both stored objects are the same, key order included.
    expect(owned.object['spec']).toBe(handedOver['spec']);
    expect(JSON.stringify(shared.object)).toBe(JSON.stringify(owned.object));
  });
});

const podWith = (name: string, resources: object): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx', resources }] } }) as K8sObject;
const qos = (result: WriteResult): unknown => (result.ok ? (result.object['status'] as { qosClass?: string }).qosClass : result.error.message);

describe('the QoS class of a created pod', () => {
  it.each([
    [{}, 'BestEffort'],
    [{ requests: { cpu: '100m' } }, 'Burstable'],
    [{ limits: { cpu: '1', memory: '1Gi' } }, 'Guaranteed'],
  ])('is the same for a trusted create (shared resources, worked out once) and a plain one: %j → %s', (resources, expected) => {
    const api = freshServer();
    // Trusted pods sharing one resources object, as a StatefulSet's pods share their template's.
    expect(qos(api.create(podWith('t-0', resources), { trusted: true }))).toBe(expected);
    expect(qos(api.create(podWith('t-1', resources), { trusted: true }))).toBe(expected);
    expect(qos(api.create(podWith('plain', structuredClone(resources))))).toBe(expected);
  });
});
