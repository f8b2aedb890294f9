/** `kubectl get` for Deployments, ReplicaSets, PDBs, ServiceAccounts, Secrets and RBAC: kubectl v1.36's columns. */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import { create, deployment, replicaSet, setStatus } from './deploy-fixtures.ts';

function lines(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}

/** A Deployment `web` mid-rollout: revision 1 (nginx:1.24) scaled to 1, revision 2 (nginx:1.25) at 3. */
function rollingCluster(): Cluster {
  const c = createCluster();
  const d = create(c, deployment('web', 'nginx:1.25', 3, { 'deployment.kubernetes.io/revision': '2' }));
  c.advance(5_000);
  create(c, replicaSet(d, '5d9c8b7f6', 'nginx:1.24', 1, 1));
  c.advance(25_000);
  create(c, replicaSet(d, '7b8c9d6f4', 'nginx:1.25', 3, 2));
  setStatus(c, 'ReplicaSet', 'web-5d9c8b7f6', { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
  setStatus(c, 'ReplicaSet', 'web-7b8c9d6f4', { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
  setStatus(c, 'Deployment', 'web', {
    observedGeneration: 1, replicas: 4, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-7b8c9d6f4" is progressing.' },
    ],
  });
  c.advance(30_000);
  return c;
}

describe('kubectl get deployments and replicasets', () => {
  const cases: { line: string; stdout: string }[] = [
    {
      line: 'get deployments',
      stdout: lines('NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'web    3/3     3            3           60s'),
    },
    {
      line: 'get deploy web -o wide',
      stdout: lines(
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web    3/3     3            3           60s   nginx        nginx:1.25   app=web'
      ),
    },
    {
      line: 'get rs',
      stdout: lines(
        'NAME            DESIRED   CURRENT   READY   AGE',
        'web-5d9c8b7f6   1         1         1       55s',
        'web-7b8c9d6f4   3         3         2       30s'
      ),
    },
    {
      line: 'get replicasets.apps -o wide -l pod-template-hash=7b8c9d6f4',
      stdout: lines(
        'NAME            DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web-7b8c9d6f4   3         3         2       30s   nginx        nginx:1.25   app=web,pod-template-hash=7b8c9d6f4'
      ),
    },
    {
      line: 'get deploy,rs',
      stdout: lines(
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   3/3     3            3           60s',
        '',
        'NAME                            DESIRED   CURRENT   READY   AGE',
        'replicaset.apps/web-5d9c8b7f6   1         1         1       55s',
        'replicaset.apps/web-7b8c9d6f4   3         3         2       30s'
      ),
    },
    { line: 'get deploy -o name', stdout: lines('deployment.apps/web') },
    { line: 'get deployment web -o jsonpath={.status.updatedReplicas}', stdout: '3' },
  ];
  it.each(cases)('$line', ({ line, stdout }) => {
    const c = rollingCluster();
    expect(c.kubectl(line)).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('names a missing deployment as the API server does', () => {
    const c = rollingCluster();
    expect(c.kubectl('get deployment nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
    expect(c.kubectl('get rs/nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): replicasets.apps "nope" not found\n' });
    expect(c.kubectl('get deploy -n other')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in other namespace.\n' });
  });
});

describe('kubectl get all', () => {
  it('prints every served type of the all category with kind/name, a blank line between groups', () => {
    const c = rollingCluster();
    const out = c.kubectl('get all');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      lines(
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   60s',
        '',
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   3/3     3            3           60s',
        '',
        'NAME                            DESIRED   CURRENT   READY   AGE',
        'replicaset.apps/web-5d9c8b7f6   1         1         1       55s',
        'replicaset.apps/web-7b8c9d6f4   3         3         2       30s'
      )
    );
  });

  it('says no resources were found in an empty namespace', () => {
    const c = createCluster();
    expect(c.kubectl('get all -n other')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in other namespace.\n' });
  });
});

/** A PDB pair, a service account, a secret, and a Role bound to a user, a group and an account. */
function policyCluster(): Cluster {
  const c = createCluster();
  create(c, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb', namespace: 'default' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
  create(c, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'zk-pdb', namespace: 'default' }, spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'zk' } } } });
  setStatus(c, 'PodDisruptionBudget', 'web-pdb', { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 1 });
  create(c, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'default' }, secrets: [{ name: 'builder-token' }] });
  create(c, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, type: 'Opaque', data: { username: 'YWRtaW4=', password: 'czNjcjN0IQ==' } });
  create(c, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'default' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list'] }],
  });
  create(c, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods', namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'default' },
      { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
    ],
  });
  c.advance(90_000);
  return c;
}

describe('kubectl get for policy, accounts, secrets and RBAC', () => {

  const cases: { line: string; stdout: string }[] = [
    {
      line: 'get pdb',
      stdout: lines(
        'NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE',
        'web-pdb   2               N/A               1                     90s',
        'zk-pdb    N/A             50%               0                     90s'
      ),
    },
    { line: 'get sa builder', stdout: lines('NAME      SECRETS   AGE', 'builder   1         90s') },
    { line: 'get secrets', stdout: lines('NAME   TYPE     DATA   AGE', 'db     Opaque   2      90s') },
    { line: 'get roles', stdout: lines('NAME         CREATED AT', 'pod-reader   2026-01-01T00:00:00Z') },
    { line: 'get rolebinding', stdout: lines('NAME        ROLE              AGE', 'read-pods   Role/pod-reader   90s') },
    {
      line: 'get rolebindings.rbac.authorization.k8s.io -o wide',
      stdout: lines('NAME        ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS', 'read-pods   Role/pod-reader   90s   jane    devs     default/builder'),
    },
  ];
  it.each(cases)('$line', ({ line, stdout }) => {
    expect(policyCluster().kubectl(line)).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('lists cluster-scoped RBAC kinds without a namespace and reports their absence without one', () => {
    const c = createCluster();
    expect(c.kubectl('get clusterroles')).toEqual({ code: 0, stdout: '', stderr: 'No resources found\n' });
    create(c, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'view-nodes' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] });
    create(c, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'view-nodes' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view-nodes' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'kube-system' }],
    });
    c.advance(3_000);
    expect(c.kubectl('get clusterrole view-nodes').stdout).toBe(lines('NAME         CREATED AT', 'view-nodes   2026-01-01T00:00:00Z'));
    expect(c.kubectl('get clusterrolebinding -o wide').stdout).toBe(
      lines('NAME         ROLE                     AGE   USERS   GROUPS   SERVICEACCOUNTS', 'view-nodes   ClusterRole/view-nodes   3s                     kube-system/default')
    );
  });
});
