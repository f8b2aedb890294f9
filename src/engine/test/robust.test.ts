/**
 * Issue 9, engine side: every bad input is an error value in the apiserver's or kubectl's words, at
 * its line; a refused object changes nothing (allocators included); apply reports every object and
 * every error; snapshots are checked whole; pods' disks fill up like real ones.
 */
import { describe, expect, test } from 'vitest';
import { checkSnapshot, createCluster, restoreCluster, tryRestoreCluster, type Cluster } from '../index.ts';
import { defaultExample, NGINX_SERVICE } from './fixtures.ts';

const STS = (spec: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
${spec}  serviceName: nginx
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx
`;

function state(c: Cluster): string {
  return JSON.stringify(c.snapshot());
}

describe('errors are values, in the apiserver words, at their line', () => {
  const cases: { name: string; first?: string; yaml: string; message: string; line: number; column: number }[] = [
    {
      name: 'an empty name',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name:\n',
      message:
        'error when retrieving current configuration of:\nResource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\nName: "", Namespace: "default"\nfrom server for: "STDIN": resource name may not be empty',
      line: 4,
      column: 3,
    },
    {
      name: 'a Namespace with metadata: {}',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {}\n',
      message:
        'error when retrieving current configuration of:\nResource: "/v1, Resource=namespaces", GroupVersionKind: "/v1, Kind=Namespace"\nName: "", Namespace: ""\nfrom server for: "STDIN": resource name may not be empty',
      line: 3,
      column: 11,
    },
    {
      name: 'name: [2] (kubectl reads a non-string name as "")',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [2]\n',
      message:
        'error when retrieving current configuration of:\nResource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\nName: "", Namespace: "default"\nfrom server for: "STDIN": resource name may not be empty',
      line: 4,
      column: 9,
    },
    {
      name: 'a label that is not a string',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    tier: [a]\n',
      message:
        'Error from server (BadRequest): ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type string',
      line: 6,
      column: 11,
    },
    {
      name: 'a PVC with spec: 3',
      yaml: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: p\nspec: 3\n',
      message:
        'Error from server (BadRequest): PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: json: cannot unmarshal number into Go struct field PersistentVolumeClaim.spec of type v1.PersistentVolumeClaimSpec',
      line: 5,
      column: 7,
    },
    {
      name: 'a Service with spec: false',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec: false\n',
      message:
        'Error from server (BadRequest): Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field Service.spec of type v1.ServiceSpec',
      line: 5,
      column: 7,
    },
    {
      name: 're-applying a Service with ports: [80]',
      first: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [80]\n',
      message:
        'Error from server (BadRequest): Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number into Go struct field ServiceSpec.spec.ports of type v1.ServicePort',
      line: 6,
      column: 11,
    },
    {
      name: 'an unknown field (strict field validation, as kubectl asks by default)',
      yaml: STS('  replica: 3\n'),
      message: 'Error from server (BadRequest): StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"',
      line: 6,
      column: 12,
    },
    {
      name: 'an unknown field inside a list item',
      yaml: STS('').replace('image: nginx', 'image: nginx\n        imagePolicy: Always'),
      message:
        'Error from server (BadRequest): StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.template.spec.containers[0].imagePolicy"',
      line: 16,
      column: 22,
    },
    {
      name: 'a string where an int32 belongs',
      yaml: STS('  replicas: "3"\n'),
      message:
        'Error from server (BadRequest): StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32',
      line: 6,
      column: 13,
    },
    {
      name: 'a fraction where an int32 belongs',
      yaml: STS('  replicas: 1.5\n'),
      message:
        'Error from server (BadRequest): StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type int32',
      line: 6,
      column: 13,
    },
    {
      name: 'a boolean targetPort (IntOrString reads it with the standard library)',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: true\n',
      message: 'Error from server (BadRequest): Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go value of type int32',
      line: 8,
      column: 17,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cluster = createCluster();
      if (c.first) expect(cluster.apply(c.first).ok).toBe(true);
      const before = state(cluster);
      const result = cluster.apply(c.yaml);
      expect(result.ok).toBe(false);
      expect(result.objects).toEqual([]);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ message: c.message, document: 1, line: c.line, column: c.column });
      expect(state(cluster)).toBe(before);
    });
  }

  test('a null list item decodes to an empty one (the Go zero value): the set is stored, its pods fail validation', () => {
    // Upstream does not validate a StatefulSet's pod template (ValidatePodTemplateSpecForStatefulSet);
    // the controller's pod create is refused instead, as a FailedCreate event.
    const cluster = createCluster();
    const result = cluster.apply(STS('').replace('      - name: nginx\n        image: nginx\n', '      - null\n'));
    expect(result.ok).toBe(true);
    cluster.advance(5_000);
    expect(cluster.list('pods')).toEqual([]);
    const failed = cluster.events().find((e) => e.reason === 'FailedCreate');
    expect(failed?.message).toMatch(/create Pod web-0 in StatefulSet web failed error: The Pod "web-0" is invalid: .*spec\.containers\[0\]\.name: Required value/);
  });

  test('kubectl apply prints them with the file name, as kubectl does', () => {
    const cluster = createCluster();
    const out = cluster.kubectl('apply -f sts.yaml', { files: { 'sts.yaml': STS('  replica: 3\n') } });
    expect(out.stderr).toBe(
      'Error from server (BadRequest): error when creating "sts.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"\n'
    );
    const created = cluster.kubectl('create -f sts.yaml', { files: { 'sts.yaml': STS('  replica: 3\n') } });
    expect(created.stderr).toBe(
      'Error from server (BadRequest): error when creating "sts.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"\n'
    );
    const nameless = cluster.kubectl('apply -f cm.yaml', { files: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ""\n' } });
    expect(nameless.stderr).toContain('from server for: "cm.yaml": resource name may not be empty');
  });

  test('an unknown field on an existing object is refused, not reported as a forbidden spec change', () => {
    const cluster = createCluster();
    expect(cluster.apply(STS('  replicas: 1\n')).ok).toBe(true);
    const result = cluster.apply(STS('  replicas: 1\n  replica: 2\n'));
    expect(result.errors[0]?.message).toContain('strict decoding error: unknown field "spec.replica"');
    expect(result.errors[0]?.message).not.toContain('Forbidden');
  });

  test('a refused Service gives its ClusterIP back; a refused generateName gives its random draw back', () => {
    const cluster = createCluster();
    const before = state(cluster);
    const bad = cluster.apply('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 0\n');
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]?.message).toContain('spec.ports[0].port: Invalid value: 0');
    expect(state(cluster)).toBe(before);
    // The next good Service gets the address the refused one would have had.
    const fresh = createCluster();
    for (const c of [cluster, fresh]) expect(c.apply('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n').ok).toBe(true);
    expect(cluster.get('svc', 's')?.['spec']).toEqual(fresh.get('svc', 's')?.['spec']);
    const generated = cluster.kubectl('create -f p.yaml', { files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: p-\nspec:\n  containers: []\n' } });
    expect(generated.code).not.toBe(0);
    expect(state(cluster)).toBe(state(cluster));
  });

  test('non-throwing calls: bogus faults, kinds, patches and times are answered, not thrown', () => {
    const cluster = createCluster();
    cluster.apply(defaultExample());
    expect(cluster.inject(null as never)).toEqual({ ok: false, message: 'error: a fault is an object with a "type"' });
    expect(cluster.inject({ type: 'bogus' } as never).ok).toBe(false);
    expect(cluster.inject({ type: 'reject', verb: 'create', kind: 'pods', times: -1 }).ok).toBe(false);
    expect(cluster.patch('sts', 'web', '{not json', { type: 'merge' }).ok).toBe(false);
    expect(cluster.patch('sts', 'web', { spec: 3 }).ok).toBe(false);
    expect(cluster.patch('sts', 'web', { spec: { replica: 2 } })).toEqual({
      ok: false,
      message: 'Error from server (BadRequest): StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"',
    });
    expect(cluster.scale('sts', 'web', Number.NaN).ok).toBe(false);
    const now = cluster.now();
    cluster.advance(Number.NaN);
    expect(cluster.now()).toBe(now);
    expect(cluster.settle(Number.NaN)).toBeGreaterThanOrEqual(0);
    expect(cluster.settle(Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(30 * 24 * 3600 * 1000);
  });
});

describe('apply reports like kubectl', () => {
  test('each object is applied or refused on its own; the result lists both, in document order', () => {
    const cluster = createCluster();
    const yaml = `${NGINX_SERVICE}---\n${STS('  replica: 3\n')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n`;
    const result = cluster.apply(yaml);
    expect(result.ok).toBe(false);
    expect(result.objects.map((o) => `${o.kind}/${o.name} ${o.action}`)).toEqual(['Service/nginx created', 'ConfigMap/cfg created']);
    expect(result.errors.map((e) => [e.document, e.line])).toEqual([[2, 20]]);
    const out = cluster.kubectl('apply -f all.yaml', { files: { 'all.yaml': yaml } });
    expect(out.stdout).toBe('service/nginx unchanged\nconfigmap/cfg unchanged\n');
    expect(out.stderr).toContain('error when creating "all.yaml": StatefulSet in version "v1"');
  });

  test('a YAML syntax error anywhere applies nothing', () => {
    const cluster = createCluster();
    const before = state(cluster);
    const result = cluster.apply(`${NGINX_SERVICE}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n    labels: x\n`);
    expect(result.objects).toEqual([]);
    expect(result.errors[0]).toMatchObject({ line: 19, message: expect.stringMatching(/^error converting YAML to JSON: yaml: line 19: mapping values are not allowed in this context/) });
    expect(state(cluster)).toBe(before);
  });
});

function good(): Record<string, unknown> {
  const c = createCluster();
  c.apply(defaultExample());
  c.settle();
  return JSON.parse(JSON.stringify(c.snapshot()));
}

describe('snapshots you can trust', () => {
  const poisoned: [string, (s: Record<string, unknown>) => unknown, RegExp][] = [
    ['now: -1e308', (s) => ({ ...s, now: -1e308 }), /now is -1e\+308, outside/],
    ['timers: "x"', (s) => ({ ...s, timers: 'x' }), /timers must be a list/],
    ['a huge clock', (s) => ({ ...s, now: 1e300 }), /now is 1e\+300, outside/],
    ['a newer version', (s) => ({ ...s, format: 'statefulset-playground/cluster@2' }), /newer or unknown version/],
    ['not a snapshot', () => 'hello', /not a JSON object/],
    ['a cycle', (s) => Object.assign(s, { loop: s }), /contains itself/],
    ['an object that does not decode', (s) => { const o = s['objects'] as Record<string, Record<string, Record<string, unknown>>>; const svc = o['Service']?.['default/nginx'] as Record<string, unknown>; svc['spec'] = 3; return s; }, /does not decode: json: cannot unmarshal number/],
    ['a pod runtime on no node', (s) => { const pods = s['pods'] as Record<string, Record<string, unknown>>; const first = Object.values(pods)[0] as Record<string, unknown>; first['node'] = 'node-99'; return s; }, /names no node/],
    ['a timer of no component', (s) => ({ ...s, timers: [{ at: 1, seq: 1, kind: 'bogus', key: 'x' }] }), /not a component/],
  ];
  for (const [name, poison, message] of poisoned) {
    test(`refused: ${name}`, () => {
      const bad = poison(good());
      expect(checkSnapshot(bad)).toMatch(message);
      const tried = tryRestoreCluster(bad);
      expect(tried.ok).toBe(false);
      expect(() => restoreCluster(bad as never)).toThrow(message);
    });
  }

  test('a good snapshot passes, JSON round trip included (a pod waiting for nothing keeps waiting)', () => {
    expect(checkSnapshot(good())).toBeUndefined();
    const c = createCluster();
    c.apply(defaultExample());
    c.settle();
    const copy = restoreCluster(JSON.parse(JSON.stringify(c.snapshot())));
    for (const x of [c, copy]) x.advance(600_000);
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(c.snapshot()));
  });

  test('an orphan delete strips owner references in the same order in a restored cluster', () => {
    const c = createCluster({ seed: 3 });
    c.apply(defaultExample());
    c.settle();
    c.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:v2' }] } } } });
    c.settle();
    const copy = restoreCluster(JSON.parse(JSON.stringify(c.snapshot())));
    for (const x of [c, copy]) {
      expect(x.delete('sts', 'web', { cascade: 'orphan' }).ok).toBe(true);
      x.settle();
    }
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(c.snapshot()));
  });

  test('restore then continue equals continue, after an orphan delete and a node failure', () => {
    const c = createCluster({ seed: 5 });
    c.apply(defaultExample());
    c.settle();
    c.inject({ type: 'node', node: 'node-2', state: 'down' });
    c.advance(20_000);
    expect(c.delete('sts', 'web', { cascade: 'orphan' }).ok).toBe(true);
    const copy = restoreCluster(JSON.parse(JSON.stringify(c.snapshot())));
    for (const x of [c, copy]) {
      x.apply(defaultExample());
      x.advance(400_000);
      x.settle();
    }
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(c.snapshot()));
  });
});

describe('limits with real messages', () => {
  test('a request over the apiserver body limit is a 413, and changes nothing', () => {
    const c = createCluster();
    c.apply(defaultExample({ replicas: 1 }));
    const before = state(c);
    const big = 'x'.repeat(3 * 1024 * 1024);
    expect(c.patch('sts', 'web', { metadata: { annotations: { note: big } } })).toEqual({
      ok: false,
      message: 'Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728',
    });
    expect(state(c)).toBe(before);
  });

  test('a manifest over the playground limit, nesting past 200 levels and an alias bomb are refused quickly, at a line', () => {
    const c = createCluster();
    const huge = c.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "${'x'.repeat(1024 * 1024)}"\n`);
    expect(huge.errors[0]).toMatchObject({ message: expect.stringMatching(/^manifest is too large: it is over the limit of 1 MiB/), line: 1, column: 1 });
    const deep = c.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: ${'['.repeat(300)}${']'.repeat(300)}\n`);
    expect(deep.errors[0]?.message).toMatch(/nested too deeply/);
    expect(deep.errors[0]?.line).toBe(5);
    const lol = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bomb = c.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n${lol.join('\n')}\n`);
    expect(bomb.errors[0]?.message).toMatch(/excessive aliasing/);
    expect(bomb.errors[0]?.line).toBeGreaterThan(4);
  });

  test('a cat loop fills the volume and then fails with No space left on device', () => {
    const c = createCluster();
    c.apply(defaultExample({ replicas: 1 }));
    c.settle();
    const f = '/usr/share/nginx/html/big';
    c.kubectl(`exec web-0 -- sh -c "cat /etc/hosts > ${f}"`);
    let last = { code: 0, stdout: '', stderr: '' };
    for (let i = 0; i < 40 && last.code === 0; i++) last = c.kubectl(`exec web-0 -- sh -c "cat ${f} ${f} >> ${f}.2; cat ${f}.2 >> ${f}"`);
    expect(last.stderr).toBe('cat: write error: No space left on device\ncat: write error: No space left on device\ncommand terminated with exit code 1\n');
    expect(last.code).toBe(1);
    expect(JSON.stringify(c.snapshot()).length).toBeLessThan(3 * 1024 * 1024);
    const echo = c.kubectl(`exec web-0 -- sh -c "echo more >> ${f}"`);
    expect(echo.stderr).toBe('sh: write error: No space left on device\ncommand terminated with exit code 1\n');
    // Removing the file frees the space again.
    c.kubectl(`exec web-0 -- rm ${f} ${f}.2`);
    expect(c.kubectl(`exec web-0 -- sh -c "echo more >> ${f}"`)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
