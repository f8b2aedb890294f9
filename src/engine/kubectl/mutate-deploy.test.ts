/** kubectl create deployment/sa/ns/secret, scale for workloads, rollout pause/resume/restart errors, api-resources. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index.ts';
import { podTemplate, create } from './deploy-fixtures.ts';

interface Step {
  line: string;
  code: number;
  stdout: string;
  stderr: string;
}

function ok(line: string, stdout: string): Step {
  return { line, code: 0, stdout: `${stdout}\n`, stderr: '' };
}

function err(line: string, stderr: string): Step {
  return { line, code: 1, stdout: '', stderr: `${stderr}\n` };
}

describe('kubectl create deployment', () => {
  it('builds the object as kubectl does and the API server defaults it', () => {
    const c = createCluster();
    expect(c.kubectl('create deployment web --image=registry.k8s.io/nginx-slim:0.24 --replicas=3 --port=80')).toEqual({
      code: 0, stdout: 'deployment.apps/web created\n', stderr: '',
    });
    const d = c.get('deployment', 'web') as unknown as {
      metadata: { labels: Record<string, string> };
      spec: { replicas: number; selector: unknown; strategy: { type: string }; template: { metadata: { labels: Record<string, string> }; spec: { containers: Record<string, unknown>[] } } };
    };
    expect(d.metadata.labels).toEqual({ app: 'web' });
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(d.spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(d.spec.strategy.type).toBe('RollingUpdate');
    const [container] = d.spec.template.spec.containers;
    expect(container).toMatchObject({ name: 'nginx-slim', image: 'registry.k8s.io/nginx-slim:0.24', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} });
  });

  it('names containers from the image, uniquifies names with dots, and passes a command after --', () => {
    const c = createCluster();
    expect(c.kubectl('create deploy py --image=python:3.12-slim -- python -m http.server').code).toBe(0);
    const py = c.get('deploy', 'py') as unknown as { spec: { replicas: number; template: { spec: { containers: { name: string; command?: string[]; ports?: unknown }[] } } } };
    expect(py.spec.replicas).toBe(1);
    expect(py.spec.template.spec.containers[0]).toMatchObject({ name: 'python', command: ['python', '-m', 'http.server'] });
    expect(py.spec.template.spec.containers[0]?.ports).toBeUndefined();
    expect(c.kubectl('create deployment multi --image=busybox --image=quay.io/my_org/img.v2@sha256:abc').code).toBe(0);
    const names = (c.get('deploy', 'multi') as unknown as { spec: { template: { spec: { containers: { name: string }[] } } } }).spec.template.spec.containers.map((x) => x.name);
    expect(names[0]).toBe('busybox');
    expect(names[1]).toMatch(/^img-v2-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  const errors: Step[] = [
    err('create deployment web', 'error: required flag(s) "image" not set'),
    err('create deployment --image=nginx', "error: NAME is required\nSee 'kubectl create deployment -h' for help and examples"),
    err('create deployment a --image=nginx --image=busybox -- sleep 1', 'error: cannot specify multiple --image options and command'),
    err('create deployment a --image=nginx --replicas=two', 'error: invalid argument "two" for "-r, --replicas" flag: strconv.ParseInt: parsing "two": invalid syntax'),
  ];
  it.each(errors)('$line', (step) => {
    const c = createCluster();
    expect(c.kubectl(step.line)).toEqual({ code: step.code, stdout: step.stdout, stderr: step.stderr });
  });

  it('refuses a second deployment of the same name', () => {
    const c = createCluster();
    expect(c.kubectl('create deployment web --image=nginx').code).toBe(0);
    expect(c.kubectl('create deployment web --image=nginx')).toEqual({ code: 1, stdout: '', stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n' });
  });
});

describe('kubectl create serviceaccount, namespace and secret generic', () => {
  it('creates each and words a clash as kubectl does', () => {
    const c = createCluster();
    const steps: Step[] = [
      ok('create sa builder', 'serviceaccount/builder created'),
      err('create serviceaccount builder', 'error: failed to create serviceaccount: serviceaccounts "builder" already exists'),
      ok('create ns team-a', 'namespace/team-a created'),
      err('create namespace team-a', 'Error from server (AlreadyExists): namespaces "team-a" already exists'),
      ok('create secret generic db --from-literal=username=admin --from-literal=password=s3cr3t!', 'secret/db created'),
      { line: 'get secret db -o jsonpath={.data.password}', code: 0, stdout: 'czNjcjN0IQ==', stderr: '' },
      err('create secret generic db2 --from-literal=a=1 --from-literal=a=2', 'error: cannot add key a, another key by that name already exists'),
      err('create secret generic db3 --from-literal=novalue', 'error: invalid literal source novalue, expected key=value'),
    ];
    for (const step of steps) expect({ line: step.line, ...c.kubectl(step.line) }).toEqual(step);
  });
});

describe('kubectl scale for Deployments and ReplicaSets', () => {
  it('scales a ReplicaSet through the scale subresource and the controller follows', () => {
    const c = createCluster();
    create(c, {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'frontend', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { tier: 'frontend' } }, template: podTemplate('guestbook', 'nginx:1.25', { tier: 'frontend' }) },
    });
    c.settle();
    expect(c.kubectl('scale rs frontend --replicas=4')).toEqual({ code: 0, stdout: 'replicaset.apps/frontend scaled\n', stderr: '' });
    c.settle();
    expect(c.kubectl('get rs frontend').stdout.split('\n')[1]).toMatch(/^frontend {3}4 {9}4 {9}4 /);
    expect(c.kubectl('scale replicaset/frontend --replicas=2 --current-replicas=3')).toEqual({ code: 1, stdout: '', stderr: 'error: Expected replicas to be 3, was 4\n' });
    expect(c.kubectl('scale rs/nope --replicas=1')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): replicasets.apps "nope" not found\n' });
  });

  it('scales a Deployment and updates its image', () => {
    const c = createCluster();
    c.kubectl('create deployment web --image=nginx:1.24 --replicas=2');
    expect(c.kubectl('scale deployment/web --replicas=5')).toEqual({ code: 0, stdout: 'deployment.apps/web scaled\n', stderr: '' });
    expect((c.get('deploy', 'web') as unknown as { spec: { replicas: number } }).spec.replicas).toBe(5);
    expect(c.kubectl('set image deployment/web nginx=nginx:1.25')).toEqual({ code: 0, stdout: 'deployment.apps/web image updated\n', stderr: '' });
    expect(c.kubectl('get deploy web -o jsonpath={.spec.template.spec.containers[0].image}').stdout).toBe('nginx:1.25');
    expect(c.kubectl('set image deploy/web php=php:8')).toEqual({ code: 1, stdout: '', stderr: 'error: unable to find container named "php"\n' });
  });
});

describe('kubectl rollout pause, resume and restart', () => {
  it('pauses and resumes only Deployments, with kubectl\'s refusals', () => {
    const c = createCluster();
    c.kubectl('create deployment web --image=nginx:1.24');
    const steps: Step[] = [
      ok('rollout pause deployment/web', 'deployment.apps/web paused'),
      err('rollout pause deploy web', 'error: deployments.apps "web" is already paused'),
      err('rollout restart deploy/web', 'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)'),
      ok('rollout resume deploy/web', 'deployment.apps/web resumed'),
      err('rollout resume deploy/web', 'error: deployments.apps "web" is not paused'),
      err('rollout pause svc/kubernetes', 'error: services "kubernetes" pausing is not supported'),
      err('rollout resume svc/kubernetes', 'error: services "kubernetes" resuming is not supported'),
      err('rollout restart svc/kubernetes', 'error: services "kubernetes" restarting is not supported'),
      err('rollout pause deploy/nope', 'Error from server (NotFound): deployments.apps "nope" not found'),
      err('rollout status svc/kubernetes', 'error: no status viewer has been implemented for Service'),
      err('rollout history svc/kubernetes', 'error: error retrieving history for "Service", no visitor method exists for { Service}'),
    ];
    for (const step of steps) expect({ line: step.line, ...c.kubectl(step.line) }).toEqual(step);
    expect((c.get('deploy', 'web') as unknown as { spec: { paused?: boolean } }).spec.paused).toBeUndefined();
  });

  it('restarts by stamping the pod template, once per second', () => {
    const c = createCluster();
    c.kubectl('create deployment web --image=nginx:1.24');
    c.advance(1_500);
    expect(c.kubectl('rollout restart deploy/web')).toEqual({ code: 0, stdout: 'deployment.apps/web restarted\n', stderr: '' });
    expect(c.kubectl('get deploy web -o jsonpath={.spec.template.metadata.annotations}').stdout).toBe('{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:01Z"}');
    expect(c.kubectl('rollout restart deploy/web').stderr).toBe(
      'error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another\n'
    );
  });
});

describe('kubectl api-resources', () => {
  it('lists the served kinds by group, then name, with short names', () => {
    const out = createCluster().kubectl('api-resources');
    expect(out.code).toBe(0);
    const rows = out.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('NAME                     SHORTNAMES   APIVERSION                     NAMESPACED   KIND');
    expect(rows).toContain('deployments              deploy       apps/v1                        true         Deployment');
    expect(rows).toContain('poddisruptionbudgets     pdb          policy/v1                      true         PodDisruptionBudget');
    expect(rows).toContain('secrets                               v1                             true         Secret');
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual([
      'NAME', 'configmaps', 'endpoints', 'events', 'namespaces', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'pods', 'secrets',
      'serviceaccounts', 'services', 'controllerrevisions', 'deployments', 'replicasets', 'statefulsets', 'endpointslices',
      'poddisruptionbudgets', 'clusterrolebindings', 'clusterroles', 'rolebindings', 'roles', 'storageclasses',
    ]);
  });

  it('filters by scope and group, and prints names', () => {
    const c = createCluster();
    expect(c.kubectl('api-resources -o name --api-group=apps').stdout).toBe('controllerrevisions.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n');
    const cluster = c.kubectl('api-resources --namespaced=false --no-headers').stdout.trimEnd().split('\n').map((r) => r.split(/\s+/)[0]);
    expect(cluster).toEqual(['namespaces', 'nodes', 'persistentvolumes', 'clusterrolebindings', 'clusterroles', 'storageclasses']);
  });
});
