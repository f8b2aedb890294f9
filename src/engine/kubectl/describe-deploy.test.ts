/** kubectl describe for ReplicaSets, PDBs, ServiceAccounts, Secrets and RBAC (describe.go layouts). */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import type { K8sObject } from '../model/types.ts';
import { describePodDisruptionBudget } from './describe-apps.ts';
import { create, engineOf, podTemplate } from './deploy-fixtures.ts';
import type { KubectlContext } from './types.ts';

function text(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}

function ctxOf(c: Cluster): KubectlContext {
  const engine = engineOf(c);
  return { cluster: c, engine, api: engine.api, files: {} };
}

/** A bare ReplicaSet `frontend` (3 replicas) run to Ready by the ReplicaSet controller, at 60 s. */
function frontend(): Cluster {
  const c = createCluster();
  create(c, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'frontend', namespace: 'default', labels: { tier: 'frontend' } },
    spec: { replicas: 3, selector: { matchLabels: { tier: 'frontend' } }, template: podTemplate('guestbook', 'nginx:1.25', { tier: 'frontend' }) },
  });
  c.settle();
  c.advance(60_000 - c.now());
  return c;
}

describe('kubectl describe rs', () => {
  it('prints describeReplicaSet: selector, replicas, pod phases, the template and the controller events', () => {
    const out = frontend().kubectl('describe rs frontend');
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const lines = out.stdout.split('\n');
    expect(lines.slice(0, lines.indexOf('Events:')).join('\n')).toBe(
      [
        'Name:         frontend',
        'Namespace:    default',
        'Selector:     tier=frontend',
        'Labels:       tier=frontend',
        'Annotations:  <none>',
        'Replicas:     3 current / 3 desired',
        'Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed',
        'Pod Template:',
        '  Labels:  app=guestbook',
        '           tier=frontend',
        '  Containers:',
        '   nginx:',
        '    Image:         nginx:1.25',
        '    Port:          80/TCP',
        '    Host Port:     0/TCP',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
      ].join('\n')
    );
    expect(lines.slice(lines.indexOf('Events:'))).toEqual([
      'Events:',
      '  Type    Reason            Age   From                   Message',
      '  ----    ------            ----  ----                   -------',
      expect.stringMatching(/^ {2}Normal {2}SuccessfulCreate {2}60s {3}replicaset-controller {2}Created pod: frontend-[a-z0-9]{5}$/),
      expect.stringMatching(/Created pod: frontend-[a-z0-9]{5}$/),
      expect.stringMatching(/Created pod: frontend-[a-z0-9]{5}$/),
      '',
    ]);
  });

  it('names the owning ReplicaSet in describe pod', () => {
    const c = frontend();
    const pod = c.list('pod')[0] as K8sObject;
    const out = c.kubectl(`describe pod ${pod.metadata.name}`).stdout;
    // As kubectl prints it: the IPs block ends the aligned section, so the line is not padded further.
    expect(out).toContain('IPs:\n  IP:           10.244.');
    expect(out).toContain('\nControlled By:  ReplicaSet/frontend\nContainers:\n');
  });

  it('reports a missing replica set with the group-qualified resource', () => {
    expect(frontend().kubectl('describe rs nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): replicasets.apps "nope" not found\n' });
    expect(frontend().kubectl('describe deploy nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});

describe('kubectl describe pdb', () => {
  it('prints the bound that is set, the selector and the status counts', () => {
    const c = createCluster();
    const pdb = {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
      metadata: { name: 'zk-pdb', namespace: 'default', uid: 'u1' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'zk' } } },
      status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
    } as unknown as K8sObject;
    expect(describePodDisruptionBudget(ctxOf(c), pdb, { showEvents: true })).toBe(
      text(
        'Name:             zk-pdb',
        'Namespace:        default',
        'Max unavailable:  1',
        'Selector:         app=zk',
        'Status:',
        '    Allowed disruptions:  1',
        '    Current:              3',
        '    Desired:              2',
        '    Total:                3',
        'Events:                   <none>'
      )
    );
    const percent = { ...pdb, spec: { minAvailable: '50%' } } as unknown as K8sObject;
    expect(describePodDisruptionBudget(ctxOf(c), percent, { showEvents: false }).split('\n').slice(2, 4)).toEqual(['Min available:  50%', 'Selector:       <unset>']);
  });

  it('finds a stored budget by its short name', () => {
    const c = createCluster();
    create(c, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb', namespace: 'default' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
    const out = c.kubectl('describe pdb web-pdb');
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n').slice(0, 4)).toEqual(['Name:           web-pdb', 'Namespace:      default', 'Min available:  2', 'Selector:       app=web']);
  });
});

/** Two service accounts, an Opaque and a token Secret, a Role, a ClusterRole and a binding of each. */
function accounts(): Cluster {
  const c = createCluster();
  create(c, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'default' }, imagePullSecrets: [{ name: 'regcred' }, { name: 'mirror' }] });
  create(c, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'plain', namespace: 'default' } });
  create(c, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default', labels: { app: 'db' } }, type: 'Opaque', data: { username: 'YWRtaW4=', password: 'czNjcjN0IQ==' } });
  create(c, {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'builder-token', namespace: 'default', annotations: { 'kubernetes.io/service-account.name': 'builder' } },
    type: 'kubernetes.io/service-account-token', data: { token: 'ZXlKaGJHY2lPaUpT', 'ca.crt': 'LS0tLS1CRUdJTg==' },
  });
  create(c, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'default' },
    rules: [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'watch', 'list'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'], resourceNames: ['web', 'api'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] },
    ],
  });
  create(c, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'metrics' }, rules: [{ nonResourceURLs: ['/metrics', '/healthz'], verbs: ['get'] }] });
  create(c, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods', namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'builder', namespace: 'default' }],
  });
  create(c, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'metrics' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'metrics' },
    subjects: [{ kind: 'Group', name: 'system:monitoring', apiGroup: 'rbac.authorization.k8s.io' }],
  });
  return c;
}

describe('kubectl describe sa, secret, role and bindings', () => {

  const cases: { line: string; stdout: string }[] = [
    {
      line: 'describe sa builder',
      stdout: text(
        'Name:                builder',
        'Namespace:           default',
        'Labels:              <none>',
        'Annotations:         <none>',
        'Image pull secrets:  regcred',
        '                     mirror',
        'Events:              <none>'
      ),
    },
    {
      line: 'describe serviceaccount plain',
      stdout: text('Name:                plain', 'Namespace:           default', 'Labels:              <none>', 'Annotations:         <none>', 'Image pull secrets:  <none>', 'Events:              <none>'),
    },
    {
      line: 'describe secret db',
      stdout: text('Name:         db', 'Namespace:    default', 'Labels:       app=db', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====', 'password:  7 bytes', 'username:  5 bytes'),
    },
    {
      line: 'describe secrets builder-token',
      stdout: text(
        'Name:         builder-token',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  kubernetes.io/service-account.name: builder',
        '',
        'Type:  kubernetes.io/service-account-token',
        '',
        'Data',
        '====',
        'ca.crt:  10 bytes',
        'token:   eyJhbGciOiJS'
      ),
    },
    {
      line: 'describe role pod-reader',
      stdout: text(
        'Name:         pod-reader',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources         Non-Resource URLs  Resource Names  Verbs',
        '  ---------         -----------------  --------------  -----',
        '  pods/log          []                 []              [get watch list]',
        '  pods              []                 []              [get watch list]',
        '  deployments.apps  []                 [api]           [get]',
        '  deployments.apps  []                 [web]           [get]',
        '  deployments.apps  []                 []              [list]'
      ),
    },
    {
      line: 'describe clusterrole metrics',
      stdout: text(
        'Name:         metrics',
        'Labels:       <none>',
        'Annotations:  <none>',
        'PolicyRule:',
        '  Resources  Non-Resource URLs  Resource Names  Verbs',
        '  ---------  -----------------  --------------  -----',
        '             [/healthz]         []              [get]',
        '             [/metrics]         []              [get]'
      ),
    },
    {
      line: 'describe rolebinding read-pods',
      stdout: text(
        'Name:         read-pods',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Role:',
        '  Kind:  Role',
        '  Name:  pod-reader',
        'Subjects:',
        '  Kind            Name     Namespace',
        '  ----            ----     ---------',
        '  User            jane     ',
        '  ServiceAccount  builder  default'
      ),
    },
    {
      line: 'describe clusterrolebinding metrics',
      stdout: text(
        'Name:         metrics',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Role:',
        '  Kind:  ClusterRole',
        '  Name:  metrics',
        'Subjects:',
        '  Kind   Name               Namespace',
        '  ----   ----               ---------',
        '  Group  system:monitoring  '
      ),
    },
  ];
  it.each(cases)('$line', ({ line, stdout }) => {
    expect(accounts().kubectl(line)).toEqual({ code: 0, stdout, stderr: '' });
  });
});
