/** `kubectl get` for Deployments, ReplicaSets, PDBs, ServiceAccounts, Secrets and RBAC: kubectl v1.36's columns. */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import type { K8sObject } from '../model/types.ts';
import { create, deployment, podTemplate, setStatus } from './deploy-fixtures.ts';
import { tableFor } from './get-columns.ts';
import { TabWriter } from './table.ts';

function lines(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}

/** Cells of one printer row laid out by kubectl's tab writer, header first. */
function render(kind: string, objects: K8sObject[], now: number, wide = false): string {
  const table = tableFor(kind);
  const keep = table.columns.map((col) => wide || !col.wide);
  const rows = [table.columns.filter((_, i) => keep[i]).map((col) => col.name), ...objects.map((o) => table.row(o, now).filter((_, i) => keep[i]))];
  return new TabWriter().flush(rows);
}

/** A Deployment mid-rollout as the API returns it: 4 pods, 3 of them updated and 3 available. */
const ROLLING: K8sObject = {
  ...(deployment('web', 'nginx:1.25', 3, { 'deployment.kubernetes.io/revision': '2' }) as unknown as K8sObject),
  metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web' } },
  status: { observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 },
};

describe('printDeployment', () => {
  it('shows READY as ready/desired, UP-TO-DATE and AVAILABLE, and wide containers, images and selector', () => {
    expect(render('Deployment', [ROLLING], 60_000)).toBe(lines('NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'web    3/3     3            3           60s'));
    expect(render('Deployment', [ROLLING], 60_000, true)).toBe(
      lines(
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web    3/3     3            3           60s   nginx        nginx:1.25   app=web'
      )
    );
  });

  it('prints zeros for a Deployment no controller has reported on, and an expression selector sorted by key', () => {
    const bare = { ...ROLLING, status: {}, spec: { ...(ROLLING['spec'] as object), selector: { matchLabels: { tier: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] } } };
    expect(render('Deployment', [bare as K8sObject], 5_000, true)).toBe(
      lines(
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web    0/3     0            0           5s    nginx        nginx:1.25   env in (dev,prod),tier=web'
      )
    );
  });
});

/** A bare ReplicaSet (no owner) at 3 replicas, run by the ReplicaSet controller until settled, at 60 s. */
function replicaSetCluster(): Cluster {
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

describe('kubectl get replicasets', () => {
  const cases: { line: string; stdout: string }[] = [
    { line: 'get rs', stdout: lines('NAME       DESIRED   CURRENT   READY   AGE', 'frontend   3         3         3       60s') },
    {
      line: 'get replicasets.apps -o wide -l tier=frontend',
      stdout: lines(
        'NAME       DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR',
        'frontend   3         3         3       60s   nginx        nginx:1.25   tier=frontend'
      ),
    },
    { line: 'get replicaset frontend -o name', stdout: lines('replicaset.apps/frontend') },
    { line: 'get rs/frontend -o jsonpath={.status.readyReplicas}', stdout: '3' },
  ];
  it.each(cases)('$line', ({ line, stdout }) => {
    expect(replicaSetCluster().kubectl(line)).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('names a missing deployment or replica set as the API server does', () => {
    const c = replicaSetCluster();
    expect(c.kubectl('get deployment nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
    expect(c.kubectl('get rs/nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): replicasets.apps "nope" not found\n' });
    expect(c.kubectl('get deploy -n other')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in other namespace.\n' });
  });
});

describe('kubectl get all', () => {
  it('prints every served type of the all category with kind/name, a blank line between groups', () => {
    const c = replicaSetCluster();
    const out = c.kubectl('get all');
    expect(out.code).toBe(0);
    const groups = out.stdout.split('\n\n');
    expect(groups).toHaveLength(3);
    const pods = (groups[0] ?? '').split('\n');
    expect(pods[0]).toBe('NAME                 READY   STATUS    RESTARTS   AGE');
    expect(pods.slice(1)).toEqual([
      expect.stringMatching(/^pod\/frontend-[a-z0-9]{5} {3}1\/1 {5}Running {3}0 {10}60s$/),
      expect.stringMatching(/^pod\/frontend-[a-z0-9]{5} /),
      expect.stringMatching(/^pod\/frontend-[a-z0-9]{5} /),
    ]);
    expect(groups.slice(1).join('\n\n')).toBe(
      lines(
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   60s',
        '',
        'NAME                       DESIRED   CURRENT   READY   AGE',
        'replicaset.apps/frontend   3         3         3       60s'
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
