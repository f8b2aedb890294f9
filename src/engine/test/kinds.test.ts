/**
 * The kinds real manifests carry besides the StatefulSet: ServiceAccount (controller and admission),
 * Secret (encoding, validation, use in pods), RBAC (validation only) and removed API versions.
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64, utf8Encode } from '../api/core-extra.ts';
import { createCluster, restoreCluster, type Cluster, type K8sObject } from '../index.ts';
import { webYaml } from './fixtures.ts';

interface PodView extends K8sObject {
  spec: {
    serviceAccountName?: string;
    containers: { name: string; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }[];
    initContainers?: { name: string; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }[];
    volumes?: { name: string; [k: string]: unknown }[];
  };
  status: { phase?: string; containerStatuses?: { state: { waiting?: { reason?: string; message?: string }; running?: unknown } }[] };
}

function podOf(c: Cluster, name: string, ns = 'default'): PodView {
  const p = c.get('pod', name, ns);
  if (!p) throw new Error(`no pod ${name}`);
  return p as PodView;
}

function run(c: Cluster, line: string, files: Record<string, string> = {}) {
  return c.kubectl(line, { files });
}

const SA_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

function podYaml(name: string, extra = '', containerExtra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${extra}  containers:
  - name: c
    image: busybox:1.28
${containerExtra}`;
}

describe('ServiceAccount controller and root CA publisher', () => {
  it('gives every namespace, old and new, a default ServiceAccount and kube-root-ca.crt', () => {
    const c = createCluster();
    const system = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
    expect(c.list('sa').map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(system.map((ns) => `${ns}/default`));
    expect(c.list('cm').map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(system.map((ns) => `${ns}/kube-root-ca.crt`));
    c.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n');
    expect(c.get('sa', 'default', 'team')?.metadata.uid).toBeTruthy();
    const ca = c.get('cm', 'kube-root-ca.crt', 'team') as K8sObject;
    expect(String((ca['data'] as Record<string, string>)['ca.crt'])).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(ca.metadata.annotations?.['kubernetes.io/description']).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);
  });

  it('recreates a deleted default ServiceAccount and kube-root-ca.crt, but not in a terminating namespace', () => {
    const c = createCluster();
    const before = c.get('sa', 'default')?.metadata.uid;
    expect(run(c, 'kubectl delete sa default').stdout).toBe('serviceaccount "default" deleted from default namespace\n');
    const after = c.get('sa', 'default')?.metadata.uid;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    run(c, 'kubectl delete cm kube-root-ca.crt');
    expect(c.get('cm', 'kube-root-ca.crt')).toBeDefined();
    c.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: gone\n');
    run(c, 'kubectl delete ns gone');
    c.settle();
    expect(c.get('ns', 'gone')).toBeUndefined();
    expect(c.list('sa', 'gone')).toEqual([]);
  });

  it('fills in what a snapshot from before this controller lacks, and writes nothing otherwise', () => {
    const c = createCluster();
    const current = restoreCluster(c.snapshot());
    const writes = current.changes().length;
    current.advance(0);
    expect(current.changes()).toHaveLength(writes);
    const old = c.snapshot();
    delete old.objects['ServiceAccount'];
    delete old.objects['ConfigMap'];
    const restored = restoreCluster(old);
    restored.advance(0);
    expect(restored.list('sa')).toHaveLength(4);
    expect(restored.get('cm', 'kube-root-ca.crt', 'kube-system')).toBeDefined();
  });

  it('validates ServiceAccounts like any named object', () => {
    const c = createCluster();
    const r = c.apply('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: Bad_Name\n');
    expect(r.errors[0]?.message).toMatch(/^The ServiceAccount "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });
});

describe('ServiceAccount admission', () => {
  it('adds the projected kube-api-access volume and a read-only mount to every container and init container', () => {
    const c = createCluster();
    const yaml = podYaml('p', '  initContainers:\n  - name: init\n    image: busybox:1.28\n');
    expect(c.apply(yaml).ok).toBe(true);
    const p = podOf(c, 'p');
    expect(p.spec.serviceAccountName).toBe('default');
    const volumes = p.spec.volumes ?? [];
    expect(volumes).toHaveLength(1);
    const volume = volumes[0] as { name: string };
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    // Field for field as TokenVolumeSource builds it, in the API's field order.
    expect(JSON.stringify(volume)).toBe(
      JSON.stringify({
        name: volume.name,
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
          defaultMode: 420,
        },
      })
    );
    const mount = { name: volume.name, readOnly: true, mountPath: SA_PATH };
    expect(p.spec.containers[0]?.volumeMounts).toEqual([mount]);
    expect(p.spec.initContainers?.[0]?.volumeMounts).toEqual([mount]);
    expect(JSON.stringify(p.spec.containers[0]?.volumeMounts?.[0])).toBe(JSON.stringify(mount));
  });

  it.each([
    { what: 'the pod opts out', podExtra: '  automountServiceAccountToken: false\n', saAutomount: undefined, mounted: false },
    { what: 'the service account opts out', podExtra: '  serviceAccountName: quiet\n', saAutomount: false, mounted: false },
    { what: 'the pod opts in over its account', podExtra: '  serviceAccountName: quiet\n  automountServiceAccountToken: true\n', saAutomount: false, mounted: true },
    { what: 'a named account leaves it on', podExtra: '  serviceAccountName: quiet\n', saAutomount: undefined, mounted: true },
  ])('automount: $what', ({ podExtra, saAutomount, mounted }) => {
    const c = createCluster();
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: quiet\n${saAutomount === undefined ? '' : `automountServiceAccountToken: ${saAutomount}\n`}`;
    expect(c.apply(sa).ok).toBe(true);
    expect(c.apply(podYaml('p', podExtra)).ok).toBe(true);
    const p = podOf(c, 'p');
    expect((p.spec.volumes ?? []).some((v) => v.name.startsWith('kube-api-access-'))).toBe(mounted);
    expect(p.spec.containers[0]?.volumeMounts?.some((m) => m.mountPath === SA_PATH) ?? false).toBe(mounted);
  });

  it('leaves a container that already mounts the token path alone and reuses an existing kube-api-access volume', () => {
    const c = createCluster();
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: mine
    image: busybox:1.28
    volumeMounts:
    - name: kube-api-access-mine1
      mountPath: ${SA_PATH}
  - name: other
    image: busybox:1.28
  volumes:
  - name: kube-api-access-mine1
    emptyDir: {}
`;
    expect(c.apply(yaml).ok).toBe(true);
    const p = podOf(c, 'p');
    expect(p.spec.volumes?.map((v) => v.name)).toEqual(['kube-api-access-mine1']);
    expect(p.spec.containers[0]?.volumeMounts).toHaveLength(1);
    expect(p.spec.containers[1]?.volumeMounts).toEqual([{ name: 'kube-api-access-mine1', readOnly: true, mountPath: SA_PATH }]);
  });

  it('rejects a pod naming a missing service account, with the plugin words', () => {
    const c = createCluster();
    const r = run(c, 'kubectl apply -f pod.yaml', { 'pod.yaml': podYaml('x', '  serviceAccountName: foo\n') });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (Forbidden): error when creating "pod.yaml": pods "x" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found\n'
    );
  });

  it('names a generateName pod by its prefix, as admission sees it before the name exists', () => {
    const c = createCluster();
    const r = run(c, 'kubectl create -f pod.yaml', { 'pod.yaml': podYaml('x', '  serviceAccountName: foo\n').replace('  name: x\n', '  generateName: worker-\n') });
    expect(r.stderr).toBe(
      'Error from server (Forbidden): error when creating "pod.yaml": pods "worker-" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found\n'
    );
  });

  it('runs for controller-created pods too (StatefulSet pods get the volume)', () => {
    const c = createCluster();
    c.apply(webYaml({ replicas: 1 }));
    c.settle();
    const p = podOf(c, 'web-0');
    expect(p.spec.volumes?.map((v) => v.name.replace(/-[a-z0-9]{5}$/, '-xxxxx'))).toEqual(['www', 'kube-api-access-xxxxx']);
    expect(p.spec.containers[0]?.volumeMounts?.map((m) => m.mountPath)).toEqual(['/usr/share/nginx/html', SA_PATH]);
    expect(run(c, 'kubectl exec web-0 -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace').stdout).toBe('default');
  });
});

describe('base64 as Go reads and writes it', () => {
  it.each([
    ['aGVsbG8=', 'hello'],
    ['aGVs\nbG8=', 'hello'],
    ['', ''],
    ['YQ==', 'a'],
  ])('decodes %j', (input, text) => {
    const out = decodeBase64(input);
    expect('bytes' in out && String.fromCharCode(...out.bytes)).toBe(text);
  });

  it.each([
    ['hello', 4],
    ['abc', 0],
    ['a$bc', 1],
    ['YQ=', 3],
    ['YQ==YQ==', 4],
    ['=abc', 0],
  ])('rejects %j at byte %i', (input, at) => {
    expect(decodeBase64(input)).toEqual({ errorAt: at });
  });

  it('encodes UTF-8 text', () => {
    expect(encodeBase64(utf8Encode('s3cr3t'))).toBe('czNjcjN0');
    expect(encodeBase64(utf8Encode('é'))).toBe('w6k=');
  });
});

const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n${body}`;

describe('Secret', () => {

  it('folds stringData into base64 data, defaults the type to Opaque and drops stringData', () => {
    const c = createCluster();
    expect(c.apply(secret('stringData:\n  password: s3cr3t\n  user: override\ndata:\n  user: YWRtaW4=\n  note: |\n    aGVs\n    bG8=\n')).ok).toBe(true);
    const s = c.get('secret', 's') as K8sObject;
    expect(s['type']).toBe('Opaque');
    expect(s['stringData']).toBeUndefined();
    expect(JSON.stringify(s['data'])).toBe(JSON.stringify({ note: 'aGVsbG8=', password: 'czNjcjN0', user: 'b3ZlcnJpZGU=' }));
  });

  it.each([
    { body: 'data:\n  password: hello\n', message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4' },
    { body: 'data:\n  password: "a$bc"\n', message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 1' },
    {
      body: 'stringData:\n  port: 5432\n',
      message: 'Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.stringData of type string',
    },
  ])('rejects undecodable data: $message', ({ body, message }) => {
    const c = createCluster();
    const r = run(c, 'kubectl apply -f s.yaml', { 's.yaml': secret(body) });
    expect(r).toEqual({ code: 1, stdout: '', stderr: `Error from server (BadRequest): error when creating "s.yaml": ${message}\n` });
  });

  it.each([
    { body: 'type: kubernetes.io/tls\ndata:\n  tls.crt: YQ==\n', error: 'The Secret "s" is invalid: data[tls.key]: Required value' },
    {
      body: 'type: kubernetes.io/basic-auth\n',
      error: 'The Secret "s" is invalid: [data[username]: Required value, data[password]: Required value]',
    },
    { body: 'type: kubernetes.io/basic-auth\nstringData:\n  password: x\n', error: undefined },
    { body: 'type: kubernetes.io/dockerconfigjson\n', error: 'The Secret "s" is invalid: data[.dockerconfigjson]: Required value' },
    {
      body: 'type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: nope\n',
      error: `The Secret "s" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character 'o' looking for beginning of value`,
    },
    { body: 'type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: \'{"auths":{}}\'\n', error: undefined },
    {
      body: 'type: kubernetes.io/service-account-token\n',
      error: 'The Secret "s" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
    },
    { body: 'stringData:\n  "bad key": x\n', error: 'The Secret "s" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters' },
  ])('validates type $body', ({ body, error }) => {
    const c = createCluster();
    const r = c.apply(secret(body));
    if (error === undefined) expect(r.errors).toEqual([]);
    else expect(r.errors[0]?.message.startsWith(error)).toBe(true);
  });

  it('keeps an immutable Secret and its type as they are', () => {
    const c = createCluster();
    expect(c.apply(secret('immutable: true\nstringData:\n  a: one\n')).ok).toBe(true);
    const changed = c.apply(secret('immutable: true\nstringData:\n  a: two\n'));
    expect(changed.errors[0]?.message).toBe('The Secret "s" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    const retyped = c.patch('secret', 's', { type: 'kubernetes.io/tls', immutable: true });
    expect(retyped.message).toMatch(/^The Secret "s" is invalid: \[type: Invalid value: "kubernetes\.io\/tls": field is immutable/);
  });
});

describe('Secrets and ConfigMaps in pods', () => {
  const envPod = podYaml(
    'envpod',
    '',
    '    env:\n    - name: PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: app\n          key: password\n    - name: GREETING\n      value: hi-$(PASSWORD)\n    - name: MODE\n      valueFrom:\n        configMapKeyRef:\n          name: settings\n          key: mode\n          optional: true\n    envFrom:\n    - secretRef:\n        name: app\n      prefix: APP_\n'
  );
  const volPod = podYaml(
    'volpod',
    '  volumes:\n  - name: creds\n    secret:\n      secretName: app\n',
    '    volumeMounts:\n    - name: creds\n      mountPath: /etc/secret\n'
  );
  const appSecret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  password: hunter2\n';

  it('holds a pod in CreateContainerConfigError (env) or ContainerCreating with FailedMount (volume) until the Secret exists', () => {
    const c = createCluster();
    expect(c.apply(`${envPod}---\n${volPod}`).ok).toBe(true);
    c.advance(30_000);
    const env = podOf(c, 'envpod');
    expect(env.status.phase).toBe('Pending');
    expect(env.status.containerStatuses?.[0]?.state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "app" not found' });
    const vol = podOf(c, 'volpod');
    expect(vol.status.containerStatuses?.[0]?.state.waiting).toEqual({ reason: 'ContainerCreating' });
    const events = c.events();
    expect(events.some((e) => e.involvedObject.name === 'envpod' && e.type === 'Warning' && e.reason === 'Failed' && e.message === 'Error: secret "app" not found')).toBe(true);
    const mount = events.find((e) => e.involvedObject.name === 'volpod' && e.reason === 'FailedMount');
    expect(mount?.message).toBe('MountVolume.SetUp failed for volume "creds" : secret "app" not found');
    expect(mount?.count).toBeGreaterThan(2);
    // Past podAttachAndMountTimeout the kubelet (v1.28+) stays silent about the interrupted wait.
    c.advance(250_000);
    expect(c.events().filter((e) => e.involvedObject.name === 'volpod' && e.reason === 'FailedMount').map((e) => e.message)).toEqual([
      'MountVolume.SetUp failed for volume "creds" : secret "app" not found',
    ]);
    expect(run(c, 'kubectl get pods').stdout).toMatch(/envpod +0\/1 +CreateContainerConfigError/);

    c.apply(appSecret);
    c.advance(130_000);
    expect(podOf(c, 'envpod').status.phase).toBe('Running');
    expect(podOf(c, 'volpod').status.phase).toBe('Running');
    expect(run(c, 'kubectl exec envpod -- printenv PASSWORD').stdout).toBe('hunter2\n');
    expect(run(c, 'kubectl exec envpod -- sh -c "echo $GREETING $APP_password"').stdout).toBe('hi-hunter2 hunter2\n');
    expect(run(c, 'kubectl exec envpod -- env').stdout).not.toContain('MODE=');
    expect(run(c, 'kubectl exec volpod -- cat /etc/secret/password').stdout).toBe('hunter2');
  });

  it('fixes env when the container is created: a Secret edit reaches files, but env only after a restart', () => {
    const c = createCluster();
    c.apply(appSecret);
    c.apply(`${envPod}---\n${volPod}`);
    c.advance(30_000);
    expect(podOf(c, 'envpod').status.phase).toBe('Running');
    c.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  password: swordfish\n');
    c.advance(5_000);
    expect(run(c, 'kubectl exec volpod -- cat /etc/secret/password').stdout).toBe('swordfish');
    expect(run(c, 'kubectl exec envpod -- printenv PASSWORD').stdout).toBe('hunter2\n');
    expect(run(c, 'kubectl exec envpod -- sh -c "echo $GREETING $APP_password"').stdout).toBe('hi-hunter2 hunter2\n');
    // The resolved env is kubelet state, so it survives a snapshot round trip.
    const copy = restoreCluster(JSON.parse(JSON.stringify(c.snapshot())) as ReturnType<typeof c.snapshot>);
    expect(run(copy, 'kubectl exec envpod -- printenv PASSWORD').stdout).toBe('hunter2\n');
    // A restarted container is created again and reads the Secret anew.
    expect(c.inject({ type: 'crash', pod: 'envpod' }).ok).toBe(true);
    c.advance(30_000);
    expect((podOf(c, 'envpod').status.containerStatuses?.[0] as { restartCount?: number } | undefined)?.restartCount).toBe(1);
    expect(run(c, 'kubectl exec envpod -- printenv PASSWORD').stdout).toBe('swordfish\n');
    expect(run(copy, 'kubectl exec envpod -- printenv PASSWORD').stdout).toBe('hunter2\n');
  });

  it('names the missing key, and honours optional', () => {
    const c = createCluster();
    c.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  user: me\n');
    c.apply(envPod);
    c.advance(20_000);
    expect(podOf(c, 'envpod').status.containerStatuses?.[0]?.state.waiting?.message).toBe("couldn't find key password in Secret default/app");
    const optional = podYaml('opt', '  volumes:\n  - name: v\n    secret:\n      secretName: nope\n      optional: true\n', '    volumeMounts:\n    - name: v\n      mountPath: /v\n');
    c.apply(optional);
    c.advance(20_000);
    expect(podOf(c, 'opt').status.phase).toBe('Running');
  });

  it('treats ConfigMap env and volumes the same way', () => {
    const c = createCluster();
    c.apply(podYaml('cm', '  volumes:\n  - name: conf\n    configMap:\n      name: settings\n', '    volumeMounts:\n    - name: conf\n      mountPath: /conf\n'));
    c.advance(10_000);
    expect(c.events().find((e) => e.involvedObject.name === 'cm' && e.reason === 'FailedMount')?.message).toBe(
      'MountVolume.SetUp failed for volume "conf" : configmap "settings" not found'
    );
    c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n');
    c.advance(130_000);
    expect(podOf(c, 'cm').status.phase).toBe('Running');
    expect(run(c, 'kubectl exec cm -- cat /conf/mode').stdout).toBe('fast');
  });
});

const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n${rules}`;

const binding = (kind: string, roleRef: string, subjects: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\nroleRef:\n${roleRef}subjects:\n${subjects}`;

describe('RBAC kinds', () => {

  it.each([
    { yaml: role('- apiGroups: [""]\n  resources: [pods]\n'), error: 'The Role "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value' },
    {
      yaml: role('- verbs: [get]\n'),
      error:
        'The Role "r" is invalid: [rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[0].resources: Required value: resource rules must supply at least one resource]',
    },
    {
      yaml: role('- verbs: [get]\n  nonResourceURLs: [/healthz]\n'),
      error: 'The Role "r" is invalid: rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    },
    { yaml: role('- verbs: [get]\n  apiGroups: [""]\n  resources: [pods]\n'), error: undefined },
    {
      yaml: binding('RoleBinding', '  kind: Role\n  name: r\n', '- kind: Robot\n  name: x\n'),
      error: 'The RoleBinding "b" is invalid: subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    },
    {
      yaml: binding('ClusterRoleBinding', '  kind: Role\n  name: r\n', '- kind: ServiceAccount\n  name: default\n'),
      error:
        'The ClusterRoleBinding "b" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value]',
    },
    { yaml: binding('RoleBinding', '  kind: ClusterRole\n  name: view\n', '- kind: ServiceAccount\n  name: default\n'), error: undefined },
  ])('validates $yaml', ({ yaml, error }) => {
    const c = createCluster();
    const r = c.apply(yaml);
    if (error === undefined) expect(r.errors).toEqual([]);
    else expect(r.errors[0]?.message).toBe(error);
  });

  it('defaults the roleRef and User/Group subject api groups, lists the kinds, and keeps roleRef immutable', () => {
    const c = createCluster();
    expect(c.apply(binding('RoleBinding', '  kind: Role\n  name: r\n', '- kind: User\n  name: jane\n- kind: ServiceAccount\n  name: default\n')).ok).toBe(true);
    const b = c.get('rolebinding', 'b') as K8sObject;
    expect(b['roleRef']).toEqual({ kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
    expect(b['subjects']).toEqual([
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'default' },
    ]);
    expect(run(c, 'kubectl get rolebindings -o name').stdout).toBe('rolebinding.rbac.authorization.k8s.io/b\n');
    const changed = c.apply(binding('RoleBinding', '  kind: ClusterRole\n  name: view\n', '- kind: User\n  name: jane\n'));
    expect(changed.errors[0]?.message).toBe(
      'The RoleBinding "b" is invalid: roleRef: Invalid value: {"APIGroup":"rbac.authorization.k8s.io","Kind":"ClusterRole","Name":"view"}: cannot change roleRef'
    );
    const cr = c.apply('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: pod-reader\nrules:\n- verbs: [get, list]\n  nonResourceURLs: [/metrics]\n');
    expect(cr.errors).toEqual([]);
    expect(c.get('clusterrole', 'pod-reader')?.metadata.namespace).toBeUndefined();
  });
});

describe('removed API versions', () => {
  it.each([
    ['policy/v1beta1', 'PodDisruptionBudget', 'zk-pdb', ' (hint: PodDisruptionBudget is served as policy/v1)'],
    ['extensions/v1beta1', 'Deployment', 'web', ' (hint: Deployment is served as apps/v1)'],
    ['apps/v1beta1', 'StatefulSet', 'web', ' (hint: StatefulSet is served as apps/v1)'],
    ['apps/v1beta2', 'ReplicaSet', 'web', ' (hint: ReplicaSet is served as apps/v1)'],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRoleBinding', 'crb', ' (hint: ClusterRoleBinding is served as rbac.authorization.k8s.io/v1)'],
    ['apps/v1beta2', 'DaemonSet', 'ds', ' (DaemonSet is not part of this StatefulSet playground)'],
  ])('%s %s gets kubectl\'s mapping error from apply and create', (apiVersion, kind, name, hint) => {
    const c = createCluster();
    for (const verb of ['apply', 'create']) {
      const r = run(c, `kubectl ${verb} -f m.yaml`, { 'm.yaml': `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n` });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `error: resource mapping not found for name: "${name}" namespace: "" from "m.yaml": no matches for kind "${kind}" in version "${apiVersion}"${hint}\nensure CRDs are installed first\n`
      );
    }
  });
});
