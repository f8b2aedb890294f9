/**
 * The endpoints controllers' last-change-trigger-time annotation (TriggerTimeTracker), the pod
 * updates that resync a Service (servicesToUpdateOnPodChange), and the Endpoints capacity (truncateEndpoints).
 */
import { describe, expect, it } from 'vitest';
import { createCluster, restoreCluster, type Change, type Cluster, type K8sObject } from '../index.ts';
import { endpointIndexOptions } from '../controllers/endpoint-index.ts';
import { servicesToUpdateOnPodChange, truncateEndpoints } from '../controllers/endpoints.ts';
import { withTriggerTime } from '../controllers/endpoint-trigger.ts';
import { withAnnotation } from '../model/util.ts';
import type { Pod, Service } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';
import { NGINX_SERVICE, webYaml } from './fixtures.ts';

const TRIGGER = 'endpoints.kubernetes.io/last-change-trigger-time';

const triggerOf = (o: K8sObject | undefined) => o?.metadata.annotations?.[TRIGGER];
const readyTime = (o: K8sObject) => (o as Pod).status.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;

function webCluster(replicas: number): Cluster {
  const c = createCluster({ nodes: 3, seed: 11 });
  const r = c.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas })}`);
  expect(r.errors).toEqual([]);
  return c;
}

/** The Endpoints writes of the change log with the pod writes that came before each (in the same instant or earlier). */
function endpointsWrites(changes: Change[]): { write: Change; podsBefore: Change[] }[] {
  const out: { write: Change; podsBefore: Change[] }[] = [];
  let pods: Change[] = [];
  for (const ch of changes) {
    if (ch.kind === 'Pod') pods.push(ch);
    if (ch.kind === 'Endpoints') {
      out.push({ write: ch, podsBefore: pods });
      pods = [];
    }
  }
  return out;
}

/** The Endpoints and EndpointSlice writes of a session that reselects, strips and recreates the Service. */
function reselectingSession(incremental: boolean): string[] {
  endpointIndexOptions.enabled = incremental;
  const c = webCluster(3);
  const steps: (() => void)[] = [
    () => c.patch('svc', 'nginx', { spec: { selector: { app: 'nginx', tier: 'none' } } }),
    () => c.patch('svc', 'nginx', { spec: { selector: { app: 'nginx' } } }),
    () => c.kubectl('label pod web-1 app=other --overwrite'),
    () => c.patch('svc', 'nginx', { spec: { selector: null } }),
    () => c.kubectl('label pod web-1 app=nginx --overwrite'),
    () => c.patch('svc', 'nginx', { spec: { selector: { app: 'nginx' } } }),
    () => c.delete('pod', 'web-2'),
    () => c.delete('svc', 'nginx'),
    () => c.apply(NGINX_SERVICE),
  ];
  for (const step of steps) {
    c.advance(2_500);
    step();
  }
  c.settle(600_000);
  const writes = c.changes(0).filter((ch) => ch.kind === 'Endpoints' || ch.kind === 'EndpointSlice');
  return writes.map((ch) => JSON.stringify([ch.time, ch.type, ch.kind, triggerOf(ch.object) ?? null, ch.object['subsets'] ?? ch.object['endpoints'] ?? null]));
}

describe('last-change-trigger-time', () => {
  it('the Endpoints object starts with the Service creationTimestamp, then takes the Ready transition that changed it', () => {
    const c = webCluster(3);
    c.settle(600_000);
    const writes = endpointsWrites(c.changes(0));
    const [first, ...rest] = writes;
    expect(first?.write.type).toBe('ADDED');
    expect(triggerOf(first?.write.object)).toBe(c.get('svc', 'nginx')?.metadata.creationTimestamp);
    expect(rest.length).toBeGreaterThan(3);
    for (const { write, podsBefore } of rest) {
      // Every pod write since the last Endpoints write moved at most its own Ready transition;
      // the annotation is the earliest that moved, never a time no pod shows.
      const times = podsBefore.map((p) => readyTime(p.object)).filter((t): t is string => t !== undefined);
      const value = triggerOf(write.object);
      if (value !== undefined) expect(times).toContain(value);
    }
    // The last write follows the last pod turning Ready: its transition time.
    const lastReady = c.changes(0).filter((ch) => ch.kind === 'Pod' && readyTime(ch.object) && (ch.object as Pod).status.conditions?.some((k) => k.type === 'Ready' && k.status === 'True'));
    expect(triggerOf(c.get('ep', 'nginx'))).toBe(readyTime(lastReady.at(-1)?.object as K8sObject));
  });

  it('every EndpointSlice a sync writes carries the same time as that sync’s Endpoints write', () => {
    const c = webCluster(4);
    c.settle(600_000);
    const byTime = new Map<number, Set<string | undefined>>();
    for (const ch of c.changes(0)) {
      if (ch.kind !== 'Endpoints' && ch.kind !== 'EndpointSlice') continue;
      const set = byTime.get(ch.time) ?? new Set();
      set.add(triggerOf(ch.object) ?? 'none');
      byTime.set(ch.time, set);
    }
    expect(byTime.size).toBeGreaterThan(4);
    for (const [time, values] of byTime) expect([...values], `writes at ${time} ms`).toHaveLength(1);
  });

  it('a pod being deleted changes the endpoints without a Ready transition: the annotation is cleared', () => {
    const c = webCluster(2);
    c.settle(600_000);
    expect(triggerOf(c.get('ep', 'nginx'))).toBeDefined();
    const since = c.now();
    c.delete('pod', 'web-1');
    c.advance(1);
    // The settle may end in the same instant as the last Ready write: look after the deletion's write.
    const changes = c.changes(since);
    const deletion = changes.findIndex((ch) => ch.kind === 'Pod' && ch.name === 'web-1' && ch.object.metadata.deletionTimestamp);
    const terminating = changes.slice(deletion).filter((ch) => ch.kind === 'Endpoints');
    expect(deletion).toBeGreaterThanOrEqual(0);
    expect(terminating.length).toBeGreaterThan(0);
    expect(triggerOf(terminating[0]?.object)).toBeUndefined();
    expect(c.get('ep', 'nginx')?.metadata.annotations ?? {}).toEqual({});
  });

  it('a restored cluster writes the same annotations as the original from then on', () => {
    for (const at of [800, 1_600, 3_000, 5_000, 9_000]) {
      const original = webCluster(3);
      original.advance(at);
      const restored = restoreCluster(original.snapshot());
      const since = original.now();
      original.settle(600_000);
      restored.settle(600_000);
      const annotations = (c: Cluster) => c.changes(since).filter((ch) => ch.kind === 'Endpoints' || ch.kind === 'EndpointSlice').map((ch) => `${ch.time} ${ch.kind} ${triggerOf(ch.object) ?? '-'}`);
      expect(annotations(restored), `restored at ${at} ms`).toEqual(annotations(original));
      expect(annotations(original).some((line) => !line.endsWith(' -'))).toBe(true);
    }
  });

  it('a Service reselected, stripped of its selector, given it back, deleted and made again: the incremental read writes what a full reread writes', () => {
    try {
      const incremental = reselectingSession(true);
      const full = reselectingSession(false);
      expect(incremental).toEqual(full);
      expect(incremental.filter((w) => w.includes('"2026-')).length).toBeGreaterThan(6);
    } finally {
      endpointIndexOptions.enabled = true;
    }
  });

  it('a snapshot from before the tracker restores as a controller restart: the next sync writes the Service creationTimestamp', () => {
    const c = webCluster(2);
    c.settle(600_000);
    const snap = c.snapshot() as unknown as Record<string, unknown>;
    delete snap['endpointTriggers'];
    const restored = restoreCluster(snap as never);
    restored.delete('pod', 'web-1');
    restored.advance(1);
    const write = restored.changes(restored.now() - 1).find((ch) => ch.kind === 'Endpoints');
    expect(triggerOf(write?.object)).toBe(restored.get('svc', 'nginx')?.metadata.creationTimestamp);
  });
});

function podWith(o: { labels?: Record<string, string>; ready?: boolean; ips?: string[]; deleting?: boolean; restarts?: number; hostname?: string }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', labels: o.labels ?? { app: 'nginx' }, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:01:00Z' } : {}) },
    spec: { containers: [{ name: 'nginx', image: 'nginx' }], hostname: o.hostname ?? 'web-0', subdomain: 'nginx' },
    status: {
      phase: 'Running',
      podIPs: (o.ips ?? ['10.244.1.2']).map((ip) => ({ ip })),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
      containerStatuses: [{ name: 'nginx', ready: o.ready !== false, restartCount: o.restarts ?? 0, image: 'nginx', imageID: '', state: {} }],
    },
  } as unknown as Pod;
}

const service = (name: string, app: string): Service =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app }, ports: [{ port: 80 }] } }) as Service;
const SERVICES: readonly Service[] = [service('nginx', 'nginx'), service('other', 'other')];
/** A context whose API server lists the two Services above (all servicesToUpdateOnPodChange reads). */
const serviceContext = { api: { list: (kind: string) => (kind === 'Service' ? SERVICES : []) }, state: {} } as unknown as ControllerContext;

describe('servicesToUpdateOnPodChange: which pod updates resync which Services (podEndpointsChanged)', () => {
  const base = podWith({});
  // What the informer hands over: the Services the pod is or was in.
  const given = ['default/nginx'];
  it.each([
    ['a restart count only', podWith({ restarts: 3 }), []],
    ['readiness lost', podWith({ ready: false }), given],
    ['a new IP', podWith({ ips: ['10.244.1.9'] }), given],
    ['a second IP', podWith({ ips: ['10.244.1.2', 'fd00::2'] }), given],
    ['deletion started', podWith({ deleting: true }), given],
    // Relabelled without an endpoint change: the Services it joined, then those it left.
    ['relabelled into another Service', podWith({ labels: { app: 'other' } }), ['default/other', 'default/nginx']],
    ['relabelled, every membership kept', podWith({ labels: { app: 'nginx', tier: 'web' } }), []],
    // (determineNeededServiceUpdates: a hostname change alone moves no membership.)
    ['another hostname', podWith({ hostname: 'web-9' }), []],
    ['relabelled and not ready: every Service it is or was in', podWith({ labels: { app: 'other' }, ready: false }), given],
  ] as const)('%s', (_label, next, expected) => {
    const resync = servicesToUpdateOnPodChange(serviceContext, base, next, given);
    expect(resync).toEqual(expected);
    // An endpoint change resyncs what the informer found, as it is.
    if (expected === given) expect(resync).toBe(given);
  });

  it('an update of a pod already being deleted always counts (two decoded times never compare equal)', () => {
    expect(servicesToUpdateOnPodChange(serviceContext, podWith({ deleting: true }), podWith({ deleting: true, restarts: 1 }), given)).toBe(given);
  });
});

const addresses = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${i}` }));

describe('truncateEndpoints: at most 1,000 addresses, ready ones first', () => {
  it.each([
    ['1,000 in all: untouched', 600, 400, undefined],
    ['over with room for every ready address: not-ready ones are cut', 700, 400, [700, 300]],
    ['more ready addresses than fit: ready ones cut, not-ready ones dropped', 1200, 50, [1000, 0]],
  ] as const)('%s', (_label, ready, notReady, expected) => {
    const subsets = [{ addresses: addresses(ready, 'r'), notReadyAddresses: addresses(notReady, 'n'), ports: [{ port: 80 }] }];
    const cut = truncateEndpoints(subsets);
    if (!expected) {
      expect(cut).toBeUndefined();
      return;
    }
    const [subset] = cut ?? [];
    expect(((subset?.['addresses'] ?? []) as unknown[]).length).toBe(expected[0]);
    expect(((subset?.['notReadyAddresses'] ?? []) as unknown[]).length).toBe(expected[1]);
    // The first addresses of each list are kept, in their order.
    expect(((subset?.['addresses'] ?? []) as { ip: string }[])[0]?.ip).toBe('r.0');
  });
});

describe('withTriggerTime', () => {
  const T1 = '2026-01-01T00:00:01Z';
  const T2 = '2026-01-01T00:00:02Z';
  const cases: { name: string; annotations: Record<string, string> | undefined; time: string | undefined }[] = [
    { name: 'no annotations, a time', annotations: undefined, time: T1 },
    { name: 'no annotations, no time', annotations: undefined, time: undefined },
    { name: 'the trigger alone, another time', annotations: { [TRIGGER]: T1 }, time: T2 },
    { name: 'the trigger alone, the same time', annotations: { [TRIGGER]: T2 }, time: T2 },
    { name: 'the trigger alone, cleared', annotations: { [TRIGGER]: T1 }, time: undefined },
    { name: 'another annotation first, a time', annotations: { a: 'x', [TRIGGER]: T1 }, time: T2 },
    { name: 'another annotation after, a time', annotations: { [TRIGGER]: T1, b: 'y' }, time: T2 },
    { name: 'another annotation, cleared', annotations: { [TRIGGER]: T1, b: 'y' }, time: undefined },
    { name: 'another annotation only, a time', annotations: { b: 'y' }, time: T1 },
    { name: 'an empty map, a time', annotations: {}, time: T1 },
  ];
  it.each(cases)('$name: what withAnnotation gives, keys in the same order', ({ annotations, time }) => {
    const before = JSON.stringify(annotations);
    const got = withTriggerTime(annotations, time);
    expect(JSON.stringify(got)).toBe(JSON.stringify(withAnnotation(annotations, TRIGGER, time)));
    // The input is never changed (it is a stored object's).
    expect(JSON.stringify(annotations)).toBe(before);
  });

  it('hands the objects written with the trigger time alone one shared object per time', () => {
    const a = withTriggerTime(undefined, T1);
    expect(withTriggerTime({ [TRIGGER]: T2 }, T1)).toBe(a);
    expect(withTriggerTime(undefined, T2)).not.toBe(a);
    expect(withTriggerTime({ other: 'x' }, T1)).not.toBe(a);
  });
});
