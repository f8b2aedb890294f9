/**
 * The kubelet as v1.36 reports it: the image-pull back-off cycle (statuses and events over time),
 * the v1.35+ event wording with container field paths, serial pulls per node with the waiting time in
 * `Pulled`, seeded pull and termination times, containerd-style IDs, and the scheduler's binding as
 * one write.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, printPod, restoreCluster, type Cluster } from '../index.ts';
import type { Change } from '../sim/state.ts';

type Obj = Record<string, unknown>;

function pod(name: string, image: string, extra: Obj = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: { containers: [{ name: 'nginx', image }], ...extra },
  });
}

function apply(c: Cluster, ...docs: string[]): void {
  for (const d of docs) expect(c.apply(d).errors).toEqual([]);
}

interface EventWrite {
  time: number;
  type: string;
  reason: string;
  message: string;
  fieldPath: string | undefined;
}

/** Every write of an Event about `name` (a repeat is a write of the aggregated event), in order. */
function eventWrites(c: Cluster, name: string, since = 0): EventWrite[] {
  return c
    .changes(since)
    .filter((ch: Change) => ch.kind === 'Event' && (ch.object['involvedObject'] as { name?: string }).name === name)
    .map((ch) => {
      const o = ch.object as unknown as Obj & { involvedObject: { fieldPath?: string } };
      return { time: ch.time, type: String(o['type']), reason: String(o['reason']), message: String(o['message']), fieldPath: o.involvedObject.fieldPath };
    });
}

function statusOf(c: Cluster, name: string): string {
  const p = c.get('pods', name);
  if (!p) throw new Error(`no pod ${name}`);
  return printPod(p).status;
}

function containerStatus(c: Cluster, name: string): Obj & { state: Record<string, { reason?: string; message?: string }> } {
  const st = (c.get('pods', name)?.['status'] as { containerStatuses?: Obj[] } | undefined)?.containerStatuses?.[0];
  return (st ?? { state: {} }) as Obj & { state: Record<string, { reason?: string; message?: string }> };
}

/** Go's time.Duration text (`512ms`, `3.2s`, `1m4.5s`) in milliseconds. */
function goMs(text: string): number {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/([0-9.]+)(ms|h|m|s)/g)) ms += Number(n) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms'] ?? 0);
  return Math.round(ms);
}

const PULLED = /^Successfully pulled image "([^"]+)" in (\S+) \((\S+) including waiting\)\. Image size: \d+ bytes\.$/;

function pulled(c: Cluster, name: string): { took: number; total: number; time: number } {
  const e = eventWrites(c, name).find((w) => w.reason === 'Pulled');
  const m = e?.message.match(PULLED);
  if (!e || !m) throw new Error(`no Pulled event for ${name}`);
  return { took: goMs(m[2] ?? ''), total: goMs(m[3] ?? ''), time: e.time };
}

describe('image pull back-off', () => {
  const NOT_FOUND =
    'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:broken": failed to resolve reference "docker.io/library/nginx:broken": docker.io/library/nginx:broken: not found';

  it('cycles ErrImagePull and ImagePullBackOff with the kubelet events, pulls again after 10 s, 20 s, 40 s …', () => {
    const c = createCluster({ nodes: 1, seed: 7 });
    apply(c, pod('bad', 'nginx:broken'));
    const trail: string[] = [];
    for (let t = 0; t < 200_000; t += 250) {
      const s = statusOf(c, 'bad');
      if (trail.at(-1) !== s) trail.push(s);
      c.advance(250);
    }
    expect(trail.slice(0, 6)).toEqual(['Pending', 'ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff']);

    const writes = eventWrites(c, 'bad').filter((w) => w.reason !== 'Scheduled');
    // The first cycle, in order, exactly as the kubelet words it.
    expect(writes.slice(0, 5).map((w) => `${w.type} ${w.reason}: ${w.message}`)).toEqual([
      'Normal Pulling: Pulling image "nginx:broken"',
      `Warning Failed: Failed to pull image "nginx:broken": ${NOT_FOUND}`,
      'Warning Failed: Error: ErrImagePull',
      'Normal BackOff: Back-off pulling image "nginx:broken"',
      'Warning Failed: Error: ImagePullBackOff',
    ]);
    expect(new Set(writes.map((w) => w.fieldPath))).toEqual(new Set(['spec.containers{nginx}']));

    // Each pull starts once the back-off window since the previous failure is over (at the next
    // pod worker sync: 10–15 s apart), and the window doubles.
    const pulls = writes.filter((w) => w.reason === 'Pulling').map((w) => w.time);
    const failures = writes.filter((w) => w.message.startsWith('Failed to pull image')).map((w) => w.time);
    expect(pulls.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < Math.min(pulls.length, 5); i++) {
      const window = 10_000 * 2 ** (i - 1);
      const gap = (pulls[i] ?? 0) - (failures[i - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(window);
      expect(gap).toBeLessThan(window + 15_001);
    }
    // Between pulls the kubelet keeps reporting the back-off at its syncs.
    const backOffs = writes.filter((w) => w.reason === 'BackOff').length;
    expect(backOffs).toBeGreaterThan(pulls.length);
  });

  it('reports the waiting reasons with the pull error, and describe prefixes the field path', () => {
    const c = createCluster({ nodes: 1, seed: 3 });
    apply(c, pod('bad', 'nginx:broken'));
    const seen: Record<string, string | undefined> = {};
    for (let t = 0; t < 40_000 && Object.keys(seen).length < 2; t += 100) {
      const waiting = containerStatus(c, 'bad').state['waiting'];
      if (waiting?.reason === 'ErrImagePull' || waiting?.reason === 'ImagePullBackOff') seen[waiting.reason] = waiting.message;
      c.advance(100);
    }
    expect(seen).toEqual({
      ErrImagePull: NOT_FOUND,
      ImagePullBackOff: `Back-off pulling image "nginx:broken": ErrImagePull: ${NOT_FOUND}`,
    });
    const out = c.kubectl('describe pod bad').stdout;
    expect(out).toMatch(/ {2}Normal {3}BackOff +\S+( \(x\d+ over \S+\))? +kubelet +spec\.containers\{nginx\}: Back-off pulling image "nginx:broken"\n/);
    expect(out).toMatch(/ {2}Warning {2}Failed +\S+( \(x\d+ over \S+\))? +kubelet +spec\.containers\{nginx\}: Error: ImagePullBackOff\n/);
  });

  it('caps the window at 300 s', () => {
    const c = createCluster({ nodes: 1, seed: 11 });
    apply(c, pod('bad', 'nginx:broken'));
    // The change log keeps only the last 5–10 min: collect the event writes as time goes by.
    const writes: EventWrite[] = [];
    for (let t = 0; t < 40 * 60_000; t += 60_000) {
      const since = c.now();
      c.advance(60_000);
      writes.push(...eventWrites(c, 'bad', since).filter((w) => w.time > since));
    }
    const pulls = writes.filter((w) => w.reason === 'Pulling').map((w) => w.time);
    const failures = writes.filter((w) => w.message.startsWith('Failed to pull image')).map((w) => w.time);
    const lastGap = (pulls.at(-1) ?? 0) - (failures.at(-2) ?? 0);
    expect(lastGap).toBeGreaterThanOrEqual(300_000);
    expect(lastGap).toBeLessThan(315_001);
  });

  it('refuses to pull under imagePullPolicy Never', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'never' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'Never' }] } }));
    c.advance(5000);
    expect(statusOf(c, 'never')).toBe('ErrImageNeverPull');
    expect(eventWrites(c, 'never').map((w) => `${w.reason}: ${w.message}`)).toContain('ErrImageNeverPull: Container image "nginx:1.27" is not present with pull policy of Never');
  });
});

describe('kubelet events', () => {
  it('use the v1.35+ wording and name the container in involvedObject.fieldPath', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, pod('a', 'nginx:1.27'));
    c.settle();
    apply(c, pod('b', 'nginx:1.27'));
    c.settle();
    const a = eventWrites(c, 'a');
    expect(a.map((w) => [w.reason, w.fieldPath])).toEqual([
      ['Scheduled', undefined],
      ['Pulling', 'spec.containers{nginx}'],
      ['Pulled', 'spec.containers{nginx}'],
      ['Created', 'spec.containers{nginx}'],
      ['Started', 'spec.containers{nginx}'],
    ]);
    expect(a.map((w) => w.message).slice(1)).toEqual([
      'Pulling image "nginx:1.27"',
      expect.stringMatching(PULLED),
      'Container created',
      'Container started',
    ]);
    // The node has the image now: the second pod does not pull.
    expect(eventWrites(c, 'b').map((w) => w.message).slice(1, 2)).toEqual(['Container image "nginx:1.27" already present on machine and can be accessed by the pod']);

    c.kubectl('delete pod a --wait=false');
    c.settle();
    const killing = eventWrites(c, 'a').find((w) => w.reason === 'Killing');
    expect(killing).toMatchObject({ message: 'Stopping container nginx', fieldPath: 'spec.containers{nginx}' });

    const wide = c.kubectl('get events -o wide').stdout.split('\n');
    expect(wide[0]).toMatch(/ SUBOBJECT +SOURCE /);
    expect(wide.find((l) => l.includes('Container started') && l.includes('pod/b'))).toMatch(/ pod\/b +spec\.containers\{nginx\} +kubelet, node-1 +Container started/);
  });
});

/** The `Pulled` messages of six pods with six images on three nodes. */
function pulledMessages(seed: number): string[] {
  const c = createCluster({ nodes: 3, seed });
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  apply(c, ...names.map((n, i) => pod(n, `nginx:1.2${i}`)));
  c.settle();
  return names.map((n) => eventWrites(c, n).find((w) => w.reason === 'Pulled')?.message ?? '');
}

describe('image pulls on one node', () => {
  it('run one at a time: the second pull counts the wait for the first', () => {
    const c = createCluster({ nodes: 1, seed: 5 });
    apply(c, pod('first', 'nginx:1.27'), pod('second', 'redis:7.2'));
    c.settle();
    const one = pulled(c, 'first');
    const two = pulled(c, 'second');
    expect(one.total).toBe(one.took);
    expect(two.total).toBeGreaterThan(two.took);
    // It waited for (nearly all of) the first pull.
    expect(two.total - two.took).toBeGreaterThan(one.took - 100);
    expect(two.time).toBeGreaterThanOrEqual(one.time + two.took);
  });

  it('on different nodes run side by side', () => {
    const c = createCluster({ nodes: 2, seed: 5 });
    apply(c, pod('first', 'nginx:1.27', { nodeName: 'node-1' }), pod('second', 'redis:7.2', { nodeName: 'node-2' }));
    c.settle();
    expect(pulled(c, 'second').total).toBe(pulled(c, 'second').took);
  });

  it('take varied, seeded times: the same seed repeats them, another seed changes them', () => {
    const once = pulledMessages(21);
    expect(pulledMessages(21)).toEqual(once);
    expect(new Set(once.map((m) => m.match(PULLED)?.[2])).size).toBeGreaterThan(3);
    expect(pulledMessages(22)).not.toEqual(once);
  });
});

describe('container runtime identifiers', () => {
  it('containerd container IDs have 64 hex digits, new for each restart; imageIDs are digests of the image', () => {
    const c = createCluster({ nodes: 2, seed: 2 });
    apply(c, pod('x', 'registry.k8s.io/nginx-slim:0.21'), pod('y', 'registry.k8s.io/nginx-slim:0.21'));
    c.settle();
    const x = containerStatus(c, 'x');
    const y = containerStatus(c, 'y');
    expect(x['containerID']).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(x['imageID']).toMatch(/^registry\.k8s\.io\/nginx-slim@sha256:[0-9a-f]{64}$/);
    expect(y['imageID']).toBe(x['imageID']);
    expect(y['containerID']).not.toBe(x['containerID']);
    const before = x['containerID'];
    expect(c.inject({ type: 'crash', pod: 'x' }).ok).toBe(true);
    c.settle();
    expect(containerStatus(c, 'x')['containerID']).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(containerStatus(c, 'x')['containerID']).not.toBe(before);
    apply(c, pod('z', 'nginx'));
    c.settle();
    expect(containerStatus(c, 'z')['imageID']).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  });
});

describe('termination', () => {
  it('takes a seeded, varied time per pod, bounded by the grace period', () => {
    const c = createCluster({ nodes: 2, seed: 4 });
    const names = ['p0', 'p1', 'p2', 'p3'];
    apply(c, ...names.map((n) => pod(n, 'nginx:1.27')));
    c.settle();
    const start = c.now();
    for (const n of names) c.kubectl(`delete pod ${n} --wait=false`);
    c.settle();
    const gone = c
      .changes(start)
      .filter((ch) => ch.kind === 'Pod' && ch.type === 'DELETED')
      .map((ch) => ch.time - start);
    expect(gone).toHaveLength(4);
    expect(new Set(gone).size).toBeGreaterThan(1);
    for (const t of gone) expect(t).toBeLessThan(30_000);
  });
});

describe('scheduler binding', () => {
  it('sets nodeName and the PodScheduled condition in one write', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    apply(c, pod('p', 'nginx:1.27'));
    c.settle();
    const writes = c.changes(0).filter((ch) => ch.kind === 'Pod' && ch.name === 'p');
    const bound = writes.findIndex((ch) => !!(ch.object['spec'] as { nodeName?: string }).nodeName);
    expect(bound).toBe(1);
    const boundStatus = writes[bound]?.object['status'] as { conditions?: { type: string; status: string }[] } | undefined;
    const conditions = boundStatus?.conditions ?? [];
    expect(conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
    // The write before it is the creation: the watch shows two Pending rows, not three.
    expect(writes.slice(0, bound + 1).map((ch) => ch.type)).toEqual(['ADDED', 'MODIFIED']);
  });
});

describe('fixing the image', () => {
  it('a pod in image back-off pulls the new image at once when its spec changes', () => {
    const c = createCluster({ nodes: 1, seed: 6 });
    apply(c, pod('p', 'nginx:broken'));
    c.advance(5000);
    expect(statusOf(c, 'p')).toBe('ImagePullBackOff');
    const r = c.kubectl('set image pod/p nginx=nginx:1.27');
    expect(r.code).toBe(0);
    c.advance(100);
    const since = c.now() - 100;
    expect(eventWrites(c, 'p', since).map((w) => w.message)).toContain('Pulling image "nginx:1.27"');
    c.settle();
    expect(statusOf(c, 'p')).toBe('Running');
  });
});

describe('snapshots', () => {
  it('carry the pull queue and the image back-off: a restored cluster goes on exactly as the original', () => {
    const c = createCluster({ nodes: 1, seed: 8 });
    apply(c, pod('bad', 'nginx:broken'), pod('one', 'nginx:1.27'), pod('two', 'redis:7.2'));
    c.advance(2500);
    const copy = restoreCluster(JSON.parse(JSON.stringify(c.snapshot())));
    c.advance(90_000);
    copy.advance(90_000);
    const since = c.now() - 90_000;
    const messages = (k: Cluster) => k.changes(since).filter((ch) => ch.kind === 'Event').map((ch) => `${ch.time} ${String(ch.object['message'])}`);
    expect(messages(copy)).toEqual(messages(c));
    expect(messages(c).some((m) => m.includes('including waiting'))).toBe(true);
  });
});

describe('pods with several containers', () => {
  it('start them in order: each image, then Created and Started, every event naming its container', () => {
    const c = createCluster({ nodes: 1, seed: 9 });
    apply(
      c,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'duo' },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox:1.36' }] },
      })
    );
    c.settle();
    expect(eventWrites(c, 'duo').slice(1).map((w) => `${w.reason} ${w.fieldPath}`)).toEqual([
      'Pulling spec.containers{web}',
      'Pulled spec.containers{web}',
      'Created spec.containers{web}',
      'Started spec.containers{web}',
      'Pulling spec.containers{log}',
      'Pulled spec.containers{log}',
      'Created spec.containers{log}',
      'Started spec.containers{log}',
    ]);
    expect(statusOf(c, 'duo')).toBe('Running');
    expect(printPod(c.get('pods', 'duo') ?? { apiVersion: 'v1', kind: 'Pod', metadata: { name: '' } }).ready).toBe('2/2');
  });

  it('report the back-off on the container whose image does not pull', () => {
    const c = createCluster({ nodes: 1, seed: 9 });
    apply(
      c,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'duo' },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox:broken' }] },
      })
    );
    c.advance(20_000);
    const status = c.get('pods', 'duo')?.['status'] as { containerStatuses: { name: string; state: { waiting?: { reason?: string } } }[] } | undefined;
    const statuses = status?.containerStatuses ?? [];
    expect(statuses.find((s) => s.name === 'log')?.state.waiting?.reason).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    expect(eventWrites(c, 'duo').filter((w) => w.reason === 'BackOff').map((w) => w.fieldPath)).toContain('spec.containers{log}');
  });
});

describe('container IDs after a crash', () => {
  it('name the exited container in the status, its terminated state and lastState', () => {
    const c = createCluster({ nodes: 1, seed: 12 });
    apply(c, pod('x', 'nginx:1.27'));
    c.settle();
    const first = containerStatus(c, 'x')['containerID'];
    expect(c.inject({ type: 'crash', pod: 'x' }).ok).toBe(true);
    const crashed = containerStatus(c, 'x') as Obj & { state: { terminated?: { containerID?: string } } };
    expect(crashed['containerID']).toBe(first);
    expect(crashed.state.terminated?.containerID).toBe(first);
    c.settle();
    const again = containerStatus(c, 'x') as unknown as Obj & { lastState: { terminated?: { containerID?: string } } };
    expect(again['containerID']).not.toBe(first);
    expect(again.lastState.terminated?.containerID).toBe(first);
  });
});

describe('restarts', () => {
  it.each([
    ['IfNotPresent', 'nginx:1.27', ['Pulled: Container image "nginx:1.27" already present on machine and can be accessed by the pod', 'Created: Container created', 'Started: Container started']],
    ['Always', 'nginx', ['Pulling: Pulling image "nginx"', expect.stringMatching(/^Pulled: Successfully pulled image "nginx" in \d+ms \(\d+ms including waiting\)\. Image size: \d+ bytes\.$/), 'Created: Container created', 'Started: Container started']],
  ])('with pull policy %s go through the image step again', (_policy, image, expected) => {
    const c = createCluster({ nodes: 1, seed: 13 });
    apply(c, pod('r', image as string));
    c.settle();
    const since = c.now();
    expect(c.inject({ type: 'crash', pod: 'r' }).ok).toBe(true);
    c.settle();
    expect(eventWrites(c, 'r', since).filter((w) => w.time > since).map((w) => `${w.reason}: ${w.message}`)).toEqual(expected);
    expect(statusOf(c, 'r')).toBe('Running');
  });
});
