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

  it('prints the object kubectl would send for --dry-run=client -o yaml, and creates nothing', () => {
    const c = createCluster();
    expect(c.kubectl('create deployment web --image=nginx --dry-run=client -o yaml')).toEqual({
      code: 0,
      stdout: [
        'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  labels:', '    app: web', '  name: web', 'spec:', '  replicas: 1', '  selector:',
        '    matchLabels:', '      app: web', '  strategy: {}', '  template:', '    metadata:', '      labels:', '        app: web', '    spec:',
        '      containers:', '      - image: nginx', '        name: nginx', '        resources: {}', 'status: {}', '',
      ].join('\n'),
      stderr: '',
    });
    expect(c.kubectl('create deploy web --image=nginx --dry-run=client')).toEqual({ code: 0, stdout: 'deployment.apps/web created (dry run)\n', stderr: '' });
    expect(c.kubectl('create deploy web --image=nginx -n team --dry-run=client -o jsonpath={.metadata.namespace}').stderr).toBe(
      'error: unable to match a printer suitable for the output format "jsonpath={.metadata.namespace}", allowed formats are: json,name,yaml\n'
    );
    expect(JSON.parse(c.kubectl('create deploy web --image=nginx -n team --dry-run=client -o json').stdout)).toMatchObject({ metadata: { name: 'web', namespace: 'team' } });
    // Server dry run: defaulted by the API server, not stored.
    const server = c.kubectl('create deploy web --image=nginx --dry-run=server -o yaml').stdout;
    expect(server).toContain('  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate\n');
    expect(server).toContain('  namespace: default\n');
    expect(c.kubectl('create deploy web --image=nginx --dry-run=server')).toEqual({ code: 0, stdout: 'deployment.apps/web created (server dry run)\n', stderr: '' });
    expect(c.kubectl('create deploy web --image=nginx --dry-run=maybe')).toEqual({ code: 1, stdout: '', stderr: 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n' });
    expect(c.kubectl('get deploy')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    expect(c.kubectl('create sa builder -o name')).toEqual({ code: 0, stdout: 'serviceaccount/builder\n', stderr: '' });
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

describe('kubectl expose', () => {
  it('makes a Service from a Deployment\'s selector, labels and container ports', () => {
    const c = createCluster();
    c.kubectl('create deployment web --image=nginx --port=80 --replicas=2');
    expect(c.kubectl('expose deployment web --dry-run=client -o yaml').stdout).toBe(
      [
        'apiVersion: v1', 'kind: Service', 'metadata:', '  labels:', '    app: web', '  name: web', 'spec:', '  ports:', '  - port: 80', '    protocol: TCP',
        '    targetPort: 80', '  selector:', '    app: web', 'status:', '  loadBalancer: {}', '',
      ].join('\n')
    );
    expect(c.kubectl('expose deployment web')).toEqual({ code: 0, stdout: 'service/web exposed\n', stderr: '' });
    expect(c.kubectl('expose deployment web')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (AlreadyExists): services "web" already exists\n' });
    c.settle();
    // The Service selects the Deployment's pods.
    expect(c.kubectl('describe svc web').stdout).toMatch(/\nEndpoints: +10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80\n/);
  });

  it('needs a port when the pods declare none, and takes the name, target port and type from flags', () => {
    const c = createCluster();
    c.kubectl('create deployment api --image=nginx');
    expect(c.kubectl('expose deploy api')).toEqual({ code: 1, stdout: '', stderr: "error: couldn't find port via --port flag or introspection\n" });
    expect(c.kubectl('expose deploy/api --port=8080 --target-port=80 --name=api-svc -o name')).toEqual({ code: 0, stdout: 'service/api-svc\n', stderr: '' });
    expect(c.kubectl('get svc api-svc -o jsonpath={.spec.ports[0].port}:{.spec.ports[0].targetPort}:{.spec.selector.app}').stdout).toBe('8080:80:api');
    expect(c.kubectl('expose deploy nope --port=80')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});

describe('kubectl create configmap, pdb, role, clusterrole and bindings', () => {
  it('builds each object from flags, with kubectl\'s validation messages', () => {
    const c = createCluster();
    const steps: Step[] = [
      ok('create pdb web-pdb --selector=app=web --min-available=2', 'poddisruptionbudget.policy/web-pdb created'),
      err('create pdb x --selector=app=web', 'error: one of min-available or max-unavailable must be specified'),
      err('create pdb x --min-available=1', 'error: a selector must be specified'),
      err('create pdb x --selector=app=web --min-available=1 --max-unavailable=1', 'error: min-available and max-unavailable cannot be both specified'),
      err('create pdb x --selector=app=web --max-unavailable=one', 'error: invalid format specified for max-unavailable'),
      ok('create role pod-reader --verb=get,list,watch --resource=pods,rs,pods/log', 'role.rbac.authorization.k8s.io/pod-reader created'),
      err('create role pod-reader --verb=get --resource=pods', 'Error from server (AlreadyExists): roles.rbac.authorization.k8s.io "pod-reader" already exists'),
      err('create role x --resource=pods', 'error: at least one verb must be specified'),
      err('create role x --verb=get', 'error: at least one resource must be specified'),
      err('create role x --verb=bind --resource=pods', "error: can not perform 'bind' on 'pods' in group ''"),
      ok('create clusterrole metrics --verb=get --non-resource-url=/metrics,/healthz', 'clusterrole.rbac.authorization.k8s.io/metrics created'),
      err('create clusterrole x --verb=get', 'error: one of resource or nonResourceURL must be specified'),
      err('create clusterrole x --verb=get --non-resource-url=metrics', 'error: nonResourceURL should start with /'),
      ok('create rolebinding read-pods --role=pod-reader --user=jane --serviceaccount=default:builder', 'rolebinding.rbac.authorization.k8s.io/read-pods created'),
      err('create rolebinding x --user=jane', 'error: exactly one of clusterrole or role must be specified'),
      err('create rolebinding x --role=a --serviceaccount=builder', 'error: serviceaccount must be <namespace>:<name>'),
      err('create clusterrolebinding x --user=jane', 'error: required flag(s) "clusterrole" not set'),
      ok('create clusterrolebinding metrics --clusterrole=metrics --group=system:monitoring', 'clusterrolebinding.rbac.authorization.k8s.io/metrics created'),
      ok('create configmap cfg --from-literal=a=1 --from-literal=b=two', 'configmap/cfg created'),
      err('create cm cfg2 --from-literal=a=1 --from-literal=a=2', 'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "cfg2"'),
    ];
    for (const step of steps) expect({ line: step.line, ...c.kubectl(step.line) }).toEqual(step);
    expect(c.kubectl('get pdb web-pdb -o jsonpath={.spec}').stdout).toBe('{"minAvailable":2,"selector":{"matchLabels":{"app":"web"}}}');
    expect(c.kubectl('get role pod-reader -o jsonpath={.rules}').stdout).toBe(
      '[{"apiGroups":[""],"resources":["pods","pods/log"],"verbs":["get","list","watch"]},{"apiGroups":["apps"],"resources":["replicasets"],"verbs":["get","list","watch"]}]'
    );
    expect(c.kubectl('get rolebinding read-pods -o wide').stdout).toMatch(/\nread-pods {3}Role\/pod-reader {3}0s {4}jane {4}\s+default\/builder\n$/);
    expect(c.kubectl('get cm cfg -o jsonpath={.data.b}').stdout).toBe('two');
  });

  it('warns about a verb that is not standard and prints the rules for a client dry run', () => {
    const c = createCluster();
    const r = c.kubectl('create role x --verb=fly --resource=deployments --dry-run=client -o yaml');
    expect(r.stderr).toBe("Warning: 'fly' is not a standard resource verb\n");
    expect(r.stdout).toBe(
      ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: Role', 'metadata:', '  name: x', 'rules:', '- apiGroups:', '  - apps', '  resources:', '  - deployments', '  verbs:', '  - fly', ''].join('\n')
    );
  });
});
