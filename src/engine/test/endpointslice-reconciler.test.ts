/**
 * How the EndpointSlice controller fills slices (k8s.io/endpointslice reconcileByPortMapping and
 * finalize): endpoints stay in the slice they are in, new ones are appended, emptied slices go, and
 * a Service with no endpoints keeps one placeholder slice.
 */
import { describe, expect, it } from 'vitest';
import { syncEndpoints } from '../controllers/endpoints.ts';
import { describeSliceMemo } from '../controllers/endpointslice-reconciler.ts';
import { Cluster, createCluster } from '../index.ts';
import type { EndpointSlice, Service } from '../model/types.ts';
import { Engine } from '../sim/engine.ts';
import { NGINX_SERVICE, webYaml } from './fixtures.ts';

const slicesOf = (c: Cluster, service = 'nginx') =>
  (c.list('EndpointSlice', 'default') as EndpointSlice[]).filter(
    (s) => s.metadata.labels?.['kubernetes.io/service-name'] === service
  );
const podsIn = (slice: EndpointSlice) => slice.endpoints.map((e) => e.targetRef?.name ?? '');
const sliceHolding = (c: Cluster, podName: string) => slicesOf(c).find((s) => podsIn(s).includes(podName));
/** Per slice name, its resourceVersion: what a test compares to tell which slices were written. */
const versions = (c: Cluster) =>
  new Map(slicesOf(c).map((s) => [s.metadata.name, s.metadata.resourceVersion]));
/** changes(since) includes writes at `since`: the last settle's own writes are at now(). */
const afterNow = (c: Cluster) => c.now() + 1;
const sliceWrites = (c: Cluster, since: number) => c.changes(since).filter((w) => w.kind === 'EndpointSlice');

/** `replicas` web pods made one at a time (OrderedReady), so each slice fills in ordinal order. */
function orderedCluster(replicas: number): Cluster {
  const c = createCluster({ nodes: 4, seed: 12 });
  c.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas, claims: false })}`);
  c.settle(3_600_000);
  return c;
}

const SERVICE_WITHOUT_PODS = `apiVersion: v1
kind: Service
metadata:
  name: lonely
spec:
  ports:
  - port: 80
    name: web
  selector:
    app: nobody
`;

describe('EndpointSlice placement (reconcileByPortMapping)', () => {
  it.each([
    { pod: 'web-1', why: 'a low ordinal that name order puts early' },
    { pod: 'web-10', why: 'a name that sorts between web-1 and web-2' },
  ])('a pod that goes and comes back is appended at the end of its slice ($why)', ({ pod }) => {
    const c = orderedCluster(12);
    const [slice] = slicesOf(c);
    expect(slicesOf(c)).toHaveLength(1);
    const before = podsIn(slice as EndpointSlice);
    // Made one by one: the slice lists them in the order they got an IP, which is ordinal order.
    expect(before).toEqual(Array.from({ length: 12 }, (_, i) => `web-${i}`));
    c.delete('pod', pod);
    c.settle(3_600_000);
    const after = slicesOf(c);
    expect(after.map((s) => s.metadata.name)).toEqual([slice?.metadata.name]);
    expect(podsIn(after[0] as EndpointSlice)).toEqual([...before.filter((n) => n !== pod), pod]);
  });

  it('250 pods make three slices; deleting a pod of the first rewrites only that slice', () => {
    const c = orderedCluster(250);
    const slices = slicesOf(c);
    expect(slices.map((s) => s.endpoints.length).toSorted((a, b) => a - b)).toEqual([50, 100, 100]);
    const first = sliceHolding(c, 'web-5') as EndpointSlice;
    expect(podsIn(first)).toEqual(Array.from({ length: 100 }, (_, i) => `web-${i}`));
    const before = versions(c);
    const since = afterNow(c);
    c.delete('pod', 'web-5');
    c.settle(3_600_000);
    const writes = sliceWrites(c, since);
    // Terminating, removed, back: three writes, all to the first slice.
    expect(writes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(writes.map((w) => `${w.type} ${w.name}`))).toEqual(
      new Set([`MODIFIED ${first.metadata.name}`])
    );
    const after = versions(c);
    for (const [name, rv] of before) if (name !== first.metadata.name) expect(after.get(name), name).toBe(rv);
    // The pod rejoined the slice it left, at its end; the full slices keep their sizes.
    expect(sliceHolding(c, 'web-5')?.metadata.name).toBe(first.metadata.name);
    expect(podsIn(sliceHolding(c, 'web-5') as EndpointSlice).at(-1)).toBe('web-5');
  });

  it('a readiness change is written in place: same slice, same position, no other slice touched', () => {
    const c = orderedCluster(150);
    const holder = sliceHolding(c, 'web-42') as EndpointSlice;
    const position = podsIn(holder).indexOf('web-42');
    const before = versions(c);
    const since = afterNow(c);
    c.inject({ type: 'readiness', pod: 'web-42', ready: false });
    c.advance(60_000);
    const now = sliceHolding(c, 'web-42') as EndpointSlice;
    expect(now.metadata.name).toBe(holder.metadata.name);
    expect(podsIn(now)).toEqual(podsIn(holder));
    expect(now.endpoints[position]?.conditions.ready).toBe(false);
    expect(new Set(sliceWrites(c, since).map((w) => w.name))).toEqual(new Set([holder.metadata.name]));
    for (const [name, rv] of before)
      if (name !== holder.metadata.name) expect(versions(c).get(name), name).toBe(rv);
  });

  it.each([
    { from: 150, to: 100, left: [100], why: 'the second slice empties and is deleted' },
    { from: 150, to: 120, left: [100, 20], why: 'the second slice shrinks in place' },
  ])('scaling $from → $to: $why', ({ from, to, left }) => {
    const c = orderedCluster(from);
    const names = slicesOf(c).map((s) => s.metadata.name);
    const firstName = sliceHolding(c, 'web-0')?.metadata.name;
    const since = afterNow(c);
    c.scale('sts', 'web', to);
    c.settle(3_600_000);
    const after = slicesOf(c);
    expect(after.map((s) => s.endpoints.length).toSorted((a, b) => b - a)).toEqual(left);
    // Every remaining slice is one of the old ones; the first slice was never written.
    for (const s of after) expect(names).toContain(s.metadata.name);
    expect(sliceWrites(c, since).filter((w) => w.name === firstName)).toEqual([]);
    const deleted = sliceWrites(c, since).filter((w) => w.type === 'DELETED');
    expect(deleted).toHaveLength(names.length - after.length);
  });

  it('a Service no pod matches keeps one placeholder slice: no endpoints, no ports', () => {
    const c = createCluster({ nodes: 2, seed: 3 });
    c.apply(SERVICE_WITHOUT_PODS);
    c.settle();
    const slices = slicesOf(c, 'lonely');
    expect(slices).toHaveLength(1);
    expect(slices[0]?.endpoints).toEqual([]);
    expect(slices[0]?.ports).toEqual([]);
    expect(slices[0]?.metadata.generateName).toBe('lonely-');
    // Syncing again keeps the very same placeholder (placeholderSliceCompare).
    const rv = slices[0]?.metadata.resourceVersion;
    c.patch('svc', 'lonely', { metadata: { annotations: { touched: 'yes' } } });
    c.settle();
    expect(slicesOf(c, 'lonely').map((s) => s.metadata.resourceVersion)).toEqual([rv]);
    const row =
      c
        .kubectl('get endpointslices')
        .stdout.split('\n')
        .find((l) => l.startsWith('lonely-')) ?? '';
    expect(row.split(/\s+/).slice(1, 4)).toEqual(['IPv4', '<unset>', '<unset>']);
  });

  it('scaling to zero turns one slice into the placeholder and deletes the rest', () => {
    const c = orderedCluster(150);
    const names = slicesOf(c).map((s) => s.metadata.name);
    expect(names).toHaveLength(2);
    c.scale('sts', 'web', 0);
    c.settle(3_600_000);
    const after = slicesOf(c);
    expect(after).toHaveLength(1);
    expect(names).toContain(after[0]?.metadata.name);
    expect(after[0]?.endpoints).toEqual([]);
    expect(after[0]?.ports).toEqual([]);
    // Scaling back up fills the placeholder (recycled by name) with the port back.
    c.scale('sts', 'web', 2);
    c.settle(3_600_000);
    const again = slicesOf(c);
    expect(again.map((s) => s.metadata.name)).toEqual([after[0]?.metadata.name]);
    expect(podsIn(again[0] as EndpointSlice)).toEqual(['web-0', 'web-1']);
    expect(again[0]?.ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP' }]);
  });

  it('a slice deleted by hand is made again with its endpoints; the others stay as they are', () => {
    const c = orderedCluster(150);
    const second = sliceHolding(c, 'web-120') as EndpointSlice;
    const firstName = sliceHolding(c, 'web-0')?.metadata.name ?? '';
    const firstVersion = versions(c).get(firstName);
    c.delete('endpointslice', second.metadata.name);
    c.advance(10_000);
    const after = slicesOf(c);
    expect(after.map((s) => s.endpoints.length).toSorted((a, b) => b - a)).toEqual([100, 50]);
    expect(after.map((s) => s.metadata.name)).not.toContain(second.metadata.name);
    // Made again from the pods, in pod-name order (the simulation's stand-in for upstream's map order).
    const remade = sliceHolding(c, 'web-120') as EndpointSlice;
    expect(podsIn(remade)).toEqual(podsIn(second).toSorted((a, b) => a.localeCompare(b)));
    expect(versions(c).get(firstName)).toBe(firstVersion);
  });
});

/** A settled 3-pod set behind the nginx Service, on an engine the test reaches into. */
function settledWeb(): { engine: Engine; c: Cluster } {
  const engine = new Engine(JSON.parse(JSON.stringify(createCluster({ nodes: 4, seed: 12 }).snapshot())));
  const c = new Cluster(engine);
  c.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 3, claims: false })}`);
  c.settle(3_600_000);
  return { engine, c };
}

/** Runs the nginx Service's endpoints sync with every EndpointSlice write throwing; it must throw. */
function syncWithFailingSliceWrites(engine: Engine): void {
  const update = engine.api.update.bind(engine.api);
  engine.api.update = (object, opts) => {
    if (object.kind === 'EndpointSlice') throw new Error('write failed');
    return update(object, opts);
  };
  try {
    expect(() => syncEndpoints(engine.context, 'default/nginx')).toThrow('write failed');
  } finally {
    engine.api.update = update;
  }
}

describe('the reconciler memory when a sync throws', () => {
  it('is dropped, so that the next sync compares every slice and writes what the failed one did not', () => {
    const { engine, c } = settledWeb();
    const ctx = engine.context;
    const svc = engine.api.get('Service', 'default', 'nginx') as Service;
    expect(describeSliceMemo(ctx, svc, 'default/nginx')).toBeDefined();
    const terminating = () => sliceHolding(c, 'web-1')?.endpoints.find((e) => e.targetRef?.name === 'web-1')?.conditions.terminating;
    // A graceful delete: web-1 stays published, terminating; its Service's sync is not run yet.
    engine.api.delete('Pod', 'default', 'web-1');
    expect(terminating()).toBe(false);
    // The sync edits the memory for web-1's slice, then its write throws.
    syncWithFailingSliceWrites(engine);
    expect(terminating()).toBe(false);
    // The index has handed web-1's change over already: only a full comparison sees the slice is stale.
    syncEndpoints(ctx, 'default/nginx');
    expect(terminating()).toBe(true);
    const memo = describeSliceMemo(ctx, svc, 'default/nginx');
    expect(memo?.kept).toBe(memo?.rebuilt);
  });

  it('leaves the legacy Endpoints to be built afresh, so a terminating pod still leaves them', () => {
    const { engine, c } = settledWeb();
    const ip = (c.get('pod', 'web-1')?.['status'] as { podIP?: string } | undefined)?.podIP;
    expect(ip).toBeTruthy();
    const listed = () => JSON.stringify(c.get('endpoints', 'nginx')?.['subsets'] ?? []).includes(`"${ip}"`);
    expect(listed()).toBe(true);
    engine.api.delete('Pod', 'default', 'web-1');
    syncWithFailingSliceWrites(engine);
    expect(listed()).toBe(true);
    // ShouldPodBeInEndpoints: a terminating pod leaves a Service that does not publish not-ready addresses.
    syncEndpoints(engine.context, 'default/nginx');
    expect(listed()).toBe(false);
  });
});
