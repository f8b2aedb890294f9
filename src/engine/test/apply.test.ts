/** kubectl-apply semantics and bad input through the public contract: a clear error, nothing changed. */
import { describe, expect, it } from 'vitest';
import { createCluster, MAX_PODS } from '../index.ts';
import { defaultExample, NGINX_SERVICE, webYaml } from './fixtures.ts';

function fresh() {
  const cluster = createCluster();
  return { cluster, writes: () => cluster.changes().length };
}

describe('apply: created, configured, unchanged', () => {
  it('reports each object as kubectl apply would', () => {
    const { cluster } = fresh();
    expect(cluster.apply(defaultExample()).objects.map((o) => `${o.kind}/${o.name} ${o.action}`)).toEqual([
      'Service/nginx created',
      'StatefulSet/web created',
    ]);
    expect(cluster.apply(defaultExample()).objects.map((o) => o.action)).toEqual(['unchanged', 'unchanged']);
    const third = cluster.apply(defaultExample({ replicas: 5 }));
    expect(third.objects.map((o) => o.action)).toEqual(['unchanged', 'configured']);
    expect((cluster.get('sts', 'web')?.['spec'] as { replicas?: number } | undefined)?.replicas).toBe(5);
    expect(cluster.get('sts', 'web')?.metadata.generation).toBe(2);
  });

  it('removing a label from the manifest removes it; labels others added stay', () => {
    const { cluster } = fresh();
    const withLabel = NGINX_SERVICE.replace('  labels:\n    app: nginx', '  labels:\n    app: nginx\n    tier: web');
    cluster.apply(withLabel);
    cluster.patch('svc', 'nginx', { metadata: { labels: { owner: 'ops' } } });
    cluster.apply(NGINX_SERVICE);
    expect(cluster.get('svc', 'nginx')?.metadata.labels).toEqual({ app: 'nginx', owner: 'ops' });
  });
});

describe('bad input: a clear message with its place, and nothing changes', () => {
  const cases: { name: string; yaml: string; message: RegExp; line?: number }[] = [
    {
      name: 'a YAML syntax error in the second document applies nothing',
      yaml: `${NGINX_SERVICE}---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n spec: {}\n`,
      message: /yaml: line \d+/,
      line: 19,
    },
    {
      name: 'an invalid StatefulSet names the field and its line',
      yaml: webYaml({ replicas: -1 }),
      message: /^The StatefulSet "web" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/,
      line: 7,
    },
    {
      name: 'a selector that does not match the template labels',
      yaml: webYaml().replace('    matchLabels:\n      app: nginx', '    matchLabels:\n      app: other'),
      message: /`selector` does not match template `labels`/,
    },
    {
      name: 'an unknown kind',
      yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\n',
      message: /no matches for kind "DaemonSet" in version "apps\/v1"/,
      line: 2,
    },
    { name: 'a document without kind', yaml: 'apiVersion: v1\nmetadata:\n  name: x\n', message: /kind not set/ },
    {
      name: 'an alias bomb',
      yaml: ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n'),
      message: /alias/i,
    },
    {
      name: 'a huge number for replicas',
      yaml: webYaml().replace('replicas: 3', 'replicas: 1e400'),
      message: /spec\.replicas/,
    },
    {
      name: 'more replicas than the playground runs',
      yaml: webYaml({ replicas: MAX_PODS + 1 }),
      message: new RegExp(`${MAX_PODS}`),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, writes } = fresh();
      const before = writes();
      const result = cluster.apply(c.yaml);
      expect(result.ok).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
      expect(result.errors[0]?.message).toMatch(c.message);
      if (c.line !== undefined) expect(result.errors[0]?.line).toBe(c.line);
      expect(result.errors[0]?.line).toBeGreaterThan(0);
      expect(writes()).toBe(before);
      expect(cluster.list('sts')).toEqual([]);
    });
  }

  it('__proto__ keys never reach Object.prototype', () => {
    const { cluster } = fresh();
    cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    __proto__: {polluted: "yes"}\ndata:\n  __proto__: x\n');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a StatefulSet whose name leaves no room for pod labels fails at pod creation, as upstream', () => {
    const { cluster } = fresh();
    const name = 'w'.repeat(60);
    const result = cluster.apply(webYaml({ name, replicas: 1 }));
    expect(result.ok).toBe(true);
    cluster.settle(30_000);
    expect(cluster.list('pods')).toEqual([]);
    const failed = cluster.events().find((e) => e.reason === 'FailedCreate');
    expect(failed?.message).toContain(`create Pod ${name}-0 in StatefulSet ${name} failed error:`);
    expect(failed?.message).toMatch(/63/);
  });

  it('immutable fields: changing serviceName is refused with the upstream message', () => {
    const { cluster } = fresh();
    cluster.apply(defaultExample());
    const result = cluster.apply(webYaml().replace('serviceName: "nginx"', 'serviceName: "other"'));
    expect(result.ok).toBe(false);
    expect(result.errors[0]?.message).toContain(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    );
  });
});

describe('kubectl-style operations', () => {
  it('scale, patch and delete answer with kubectl lines', () => {
    const { cluster } = fresh();
    cluster.apply(defaultExample());
    expect(cluster.scale('sts', 'web', 5)).toEqual({ ok: true, message: 'statefulset.apps/web scaled' });
    expect(cluster.scale('sts', 'nope', 5)).toEqual({ ok: false, message: 'Error from server (NotFound): statefulsets.apps "nope" not found' });
    expect(cluster.patch('sts', 'web', { spec: { replicas: 5 } }).message).toBe('statefulset.apps/web patched (no change)');
    expect(cluster.patch('sts', 'web', '[{"op":"replace","path":"/spec/replicas","value":2}]', { type: 'json' }).message).toBe('statefulset.apps/web patched');
    expect(cluster.delete('pod', 'web-9')).toEqual({ ok: false, message: 'Error from server (NotFound): pods "web-9" not found' });
    expect(cluster.delete('frobs', 'x').message).toBe('error: the server doesn\'t have a resource type "frobs"');
    expect(cluster.delete('pod', 'web-0', { force: true, gracePeriodSeconds: 5 }).message).toBe(
      'error: --force and --grace-period greater than 0 cannot be specified together'
    );
  });

  it('kubectl() answers unknown commands as kubectl does', () => {
    const { cluster } = fresh();
    expect(cluster.kubectl('kubectl gte pods')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n',
    });
    expect(cluster.kubectl('frobnicate').stderr).toBe('error: unknown command "frobnicate" for "kubectl"\n');
    expect(cluster.kubectl("get pods 'unterminated").stderr).toContain('unexpected EOF');
  });
});

describe('namespaces', () => {
  it('deleting a namespace empties it (pods terminate, claims and their volumes go) before it disappears', () => {
    const { cluster } = fresh();
    expect(cluster.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n').ok).toBe(true);
    expect(cluster.apply(defaultExample({ replicas: 2 }), { namespace: 'demo' }).ok).toBe(true);
    cluster.settle();
    expect(cluster.list('pods', 'demo').map((p) => p.metadata.name)).toEqual(['web-0', 'web-1']);
    expect(cluster.list('pv')).toHaveLength(2);
    expect(cluster.delete('ns', 'demo')).toEqual({ ok: true, message: 'namespace "demo" deleted' });
    expect((cluster.get('ns', 'demo')?.['status'] as { phase?: string } | undefined)?.phase).toBe('Terminating');
    const refused = cluster.apply(NGINX_SERVICE, { namespace: 'demo' });
    expect(refused.errors[0]?.message).toContain('unable to create new content in namespace demo because it is being terminated');
    cluster.settle();
    expect(cluster.get('ns', 'demo')).toBeUndefined();
    expect(cluster.list('pods', 'demo')).toEqual([]);
    expect(cluster.list('pvc', 'demo')).toEqual([]);
    expect(cluster.list('pv')).toEqual([]);
  });

  it('the system namespaces cannot be deleted', () => {
    const { cluster } = fresh();
    expect(cluster.delete('ns', 'default')).toEqual({
      ok: false,
      message: 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted',
    });
  });
});
