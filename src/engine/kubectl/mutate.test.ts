import { describe, expect, test } from 'vitest';
import { createCluster, type Cluster } from '../cluster.ts';
import type { Pod, StatefulSet } from '../model/types.ts';
import { defaultExample } from '../test/fixtures.ts';

const files = { 'web.yaml': defaultExample({ replicas: 2 }) };

function run(c: Cluster, line: string, stdin?: string) {
  return c.kubectl(line, stdin === undefined ? { files } : { files, stdin });
}

function tutorial(): Cluster {
  const c = createCluster();
  expect(run(c, 'kubectl apply -f web.yaml').stdout).toBe('service/nginx created\nstatefulset.apps/web created\n');
  c.settle();
  return c;
}

describe('apply and create', () => {
  test('re-apply is unchanged, a change is configured, stdin and URLs work', () => {
    const c = tutorial();
    expect(run(c, 'apply -f https://k8s.io/examples/application/web/web.yaml')).toEqual({
      code: 0,
      stdout: 'service/nginx unchanged\nstatefulset.apps/web unchanged\n',
      stderr: '',
    });
    const more = defaultExample({ replicas: 3 });
    expect(run(c, 'apply -f -', more).stdout).toBe('service/nginx unchanged\nstatefulset.apps/web configured\n');
  });

  test('create of existing objects is AlreadyExists', () => {
    const c = tutorial();
    const r = run(c, 'create -f web.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (AlreadyExists): error when creating "web.yaml": services "nginx" already exists\n' +
        'Error from server (AlreadyExists): error when creating "web.yaml": statefulsets.apps "web" already exists\n'
    );
  });

  test('invalid objects are reported as kubectl prints them', () => {
    const c = createCluster();
    const bad = defaultExample().replace('    metadata:\n      labels:\n        app: nginx', '    metadata:\n      labels:\n        app: other');
    const r = run(c, 'apply -f -', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('service/nginx created\n');
    expect(r.stderr).toMatch(/^The StatefulSet "web" is invalid: /);
    expect(run(c, 'apply -f missing.yaml').stderr).toBe('error: the path "missing.yaml" does not exist\n');
  });
});

describe('delete', () => {
  test('by selector, by name, several names, orphan', () => {
    const c = tutorial();
    expect(run(c, 'kubectl delete pod -l app=nginx').stdout).toBe('pod "web-0" deleted from default namespace\npod "web-1" deleted from default namespace\n');
    c.settle();
    expect(run(c, 'kubectl delete pod -l app=nope')).toEqual({ code: 0, stdout: 'No resources found\n', stderr: '' });
    expect(run(c, 'kubectl delete pod web-9')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "web-9" not found\n' });
    expect(run(c, 'kubectl delete statefulset web --cascade=orphan').stdout).toBe('statefulset.apps "web" deleted from default namespace\n');
    c.settle();
    expect(c.list('pod').map((p) => p.metadata.name)).toEqual(['web-0', 'web-1']);
    expect(run(c, 'kubectl delete service nginx').stdout).toBe('service "nginx" deleted from default namespace\n');
    expect(run(c, 'kubectl delete pods web-0 web-1').stdout).toBe('pod "web-0" deleted from default namespace\npod "web-1" deleted from default namespace\n');
    c.settle();
    expect(run(c, 'kubectl delete pvc www-web-0 www-web-1').stdout).toBe(
      'persistentvolumeclaim "www-web-0" deleted from default namespace\npersistentvolumeclaim "www-web-1" deleted from default namespace\n'
    );
  });

  test('--force --grace-period=0 warns on stderr', () => {
    const c = tutorial();
    expect(run(c, 'kubectl delete pod web-0 --force --grace-period=0')).toEqual({
      code: 0,
      stdout: 'pod "web-0" force deleted from default namespace\n',
      stderr:
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    });
    expect(run(c, 'kubectl delete pod web-1 --force --grace-period=5').stderr).toBe('error: --force and --grace-period greater than 0 cannot be specified together\n');
    expect(run(c, 'kubectl delete pod web-1 --cascade=maybe').stderr).toBe('error: invalid cascade value (maybe). Must be "background", "foreground", or "orphan".\n');
  });

  test('delete -f and --all', () => {
    const c = tutorial();
    expect(run(c, 'delete -f web.yaml').stdout).toBe('service "nginx" deleted from default namespace\nstatefulset.apps "web" deleted from default namespace\n');
    c.settle();
    expect(run(c, 'delete pvc --all').stdout).toBe(
      'persistentvolumeclaim "www-web-0" deleted from default namespace\npersistentvolumeclaim "www-web-1" deleted from default namespace\n'
    );
  });
});

describe('scale, patch, set image', () => {
  test('the tutorial steps', () => {
    const c = tutorial();
    expect(run(c, 'kubectl scale sts web --replicas=5').stdout).toBe('statefulset.apps/web scaled\n');
    expect(run(c, 'kubectl scale sts/web --replicas 4').stdout).toBe('statefulset.apps/web scaled\n');
    expect(run(c, 'kubectl scale sts web').stderr).toBe('error: required flag(s) "replicas" not set\n');
    expect(run(c, `kubectl patch sts web -p '{"spec":{"replicas":3}}'`).stdout).toBe('statefulset.apps/web patched\n');
    expect(run(c, `kubectl patch sts web -p '{"spec":{"replicas":3}}'`).stdout).toBe('statefulset.apps/web patched (no change)\n');
    const json = `kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'`;
    expect(run(c, json).stdout).toBe('statefulset.apps/web patched\n');
    expect((c.get('sts', 'web') as StatefulSet).spec.template.spec.containers[0]?.image).toBe('registry.k8s.io/nginx-slim:0.24');
    expect(run(c, 'kubectl patch sts web --type=foo -p {}').stderr).toBe('error: --type must be one of [json merge strategic], not "foo"\n');
    expect(run(c, 'kubectl set image sts/web nginx=nginx:1.17').stdout).toBe('statefulset.apps/web image updated\n');
    expect(run(c, 'kubectl set image sts/web foo=nginx:1.17')).toEqual({ code: 1, stdout: '', stderr: 'error: unable to find container named "foo"\n' });
    expect(run(c, 'kubectl scale sts nope --replicas=1').stderr).toBe('Error from server (NotFound): statefulsets.apps "nope" not found\n');
  });

  test('OnDelete without rollingUpdate: null is rejected as on a real cluster', () => {
    const c = tutorial();
    const r = run(c, `kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate/);
    expect(run(c, `kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'`).stdout).toBe('statefulset.apps/web patched\n');
  });
});

describe('label, annotate, edit', () => {
  test('labels and annotations', () => {
    const c = tutorial();
    expect(run(c, 'kubectl label pod web-0 tier=frontend').stdout).toBe('pod/web-0 labeled\n');
    expect(run(c, 'kubectl label pod web-0 tier=frontend').stdout).toBe('pod/web-0 not labeled\n');
    expect(run(c, 'kubectl label pod web-0 tier=backend').stderr).toBe("error: 'tier' already has a value (frontend), and --overwrite is false\n");
    expect(run(c, 'kubectl label pods/web-0 tier=backend --overwrite').stdout).toBe('pod/web-0 labeled\n');
    expect(c.get('pod', 'web-0')?.metadata.labels?.['tier']).toBe('backend');
    expect(run(c, 'kubectl label pod web-0 tier-').stdout).toBe('pod/web-0 labeled\n');
    expect(c.get('pod', 'web-0')?.metadata.labels?.['tier']).toBeUndefined();
    expect(run(c, 'kubectl label pods -l app=nginx env=dev').stdout).toBe('pod/web-0 labeled\npod/web-1 labeled\n');
    expect(run(c, 'kubectl annotate sts web note=hello').stdout).toBe('statefulset.apps/web annotated\n');
    expect(c.get('sts', 'web')?.metadata.annotations?.['note']).toBe('hello');
  });

  test('edit needs the console editor', () => {
    const c = tutorial();
    const r = run(c, 'kubectl edit sts web');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: kubectl edit opens statefulset.apps\/web in an interactive editor/);
    expect(run(c, 'kubectl edit sts nope').stderr).toBe('Error from server (NotFound): statefulsets.apps "nope" not found\n');
  });
});

describe('nodes', () => {
  test('cordon, uncordon, drain', () => {
    const c = tutorial();
    expect(run(c, 'kubectl cordon node-1').stdout).toBe('node/node-1 cordoned\n');
    expect(run(c, 'kubectl cordon node-1').stdout).toBe('node/node-1 already cordoned\n');
    expect(run(c, 'kubectl uncordon node-1').stdout).toBe('node/node-1 uncordoned\n');
    expect(run(c, 'kubectl cordon node-9').stderr).toBe('Error from server (NotFound): nodes "node-9" not found\n');
    const pod = c.get('pod', 'web-0') as Pod;
    const node = pod.spec.nodeName ?? '';
    const r = run(c, `kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data --force`);
    expect(r.stdout).toBe(`node/${node} cordoned\nevicting pod default/web-0\npod/web-0 evicted\nnode/${node} drained\n`);
    expect((c.get('node', node) as unknown as { spec: { unschedulable?: boolean } }).spec.unschedulable).toBe(true);
    c.settle();
    // local-path volumes pin web-0 to its node: it waits there, unschedulable.
    expect((c.get('pod', 'web-0') as Pod).spec.nodeName).toBeUndefined();
    run(c, `kubectl uncordon ${node}`);
    c.settle();
    expect((c.get('pod', 'web-0') as Pod).spec.nodeName).toBe(node);
  });
});
