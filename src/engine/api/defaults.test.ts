import { describe, expect, it } from 'vitest';
import type { Json, K8sObject } from '../model/types.ts';
import { applyDefaults, compareQuantity, defaultPodSpec, imageTag, parseQuantity, type ApiContext } from './defaults.ts';
import { createCluster } from '../index.ts';

const GATE_OFF: ApiContext = { featureGates: { MaxUnavailableStatefulSet: false } };
const GATE_ON: ApiContext = { featureGates: { MaxUnavailableStatefulSet: true } };

function obj(kind: string, rest: Record<string, unknown>, meta: Record<string, unknown> = {}): K8sObject {
  return { apiVersion: 'v1', kind, metadata: { name: 'x', ...meta }, ...rest };
}

function sts(spec: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
      ...spec,
    },
  };
}

function specOf(o: K8sObject): Record<string, unknown> {
  return o['spec'] as Record<string, unknown>;
}

describe('defaultPodSpec', () => {
  it('produces exactly the defaulted template of the revision hash vector (statefulset.md §3.1)', () => {
    // The vector's spec minus `$patch` and `metadata.creationTimestamp`, which the revision code adds.
    const vector = JSON.parse(
      '{"containers":[{"image":"test","imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}'
    ) as Json;
    expect(defaultPodSpec({ containers: [{ name: 'test', image: 'test' }] })).toEqual(vector);
  });

  it('defaults the StatefulSet template to the vector too, leaving template metadata alone', () => {
    const set = applyDefaults(
      sts({
        selector: { matchLabels: { app: 'foo' } },
        template: {
          metadata: { labels: { app: 'foo' }, annotations: { test: 'value' } },
          spec: { containers: [{ name: 'test', image: 'test' }] },
        },
      }),
      GATE_OFF
    );
    expect(specOf(set)['template']).toEqual({
      metadata: { annotations: { test: 'value' }, labels: { app: 'foo' } },
      spec: {
        containers: [
          {
            image: 'test',
            imagePullPolicy: 'Always',
            name: 'test',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    });
  });

  it('does not mutate its input', () => {
    const input = { containers: [{ name: 'a', image: 'nginx' }] };
    defaultPodSpec(input);
    expect(input).toEqual({ containers: [{ name: 'a', image: 'nginx' }] });
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.k8s.io/nginx-slim:0.8', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'],
    ['', 'IfNotPresent'],
  ])('imagePullPolicy for %j is %s', (image, policy) => {
    const spec = defaultPodSpec({ containers: [{ name: 'c', image }] }) as { containers: { imagePullPolicy: string }[] };
    expect(spec.containers[0]?.imagePullPolicy).toBe(policy);
  });

  it('keeps an explicit imagePullPolicy and other set fields', () => {
    const out = defaultPodSpec({
      containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never' }],
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 5,
      dnsPolicy: 'Default',
      schedulerName: 'other',
      securityContext: { runAsUser: 1000 },
    });
    expect(out).toEqual({
      containers: [
        {
          name: 'c',
          image: 'nginx',
          imagePullPolicy: 'Never',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 5,
      dnsPolicy: 'Default',
      schedulerName: 'other',
      securityContext: { runAsUser: 1000 },
    });
  });

  it('fills probes only where a probe exists (SetDefaults_Probe, SetDefaults_HTTPGetAction)', () => {
    const out = defaultPodSpec({
      containers: [
        {
          name: 'c',
          image: 'nginx:1',
          ports: [{ containerPort: 80 }],
          readinessProbe: { httpGet: { port: 80 } },
          livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
        },
      ],
    }) as { containers: Record<string, unknown>[] };
    const c = out.containers[0] ?? {};
    expect(c['ports']).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c['readinessProbe']).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c['livenessProbe']).toEqual({
      tcpSocket: { port: 80 },
      timeoutSeconds: 1,
      periodSeconds: 5,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect('startupProbe' in c).toBe(false);
  });

  it('defaults volumes (emptyDir when no source, file modes 420)', () => {
    const out = defaultPodSpec({
      containers: [],
      volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }, { name: 'data', persistentVolumeClaim: { claimName: 'd' } }],
    }) as { volumes: unknown[] };
    expect(out.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'data', persistentVolumeClaim: { claimName: 'd' } },
    ]);
  });

  it('returns non-objects unchanged and never throws on wrong types', () => {
    expect(defaultPodSpec(null)).toBe(null);
    expect(defaultPodSpec('x')).toBe('x');
    expect(defaultPodSpec({ containers: 'nope', restartPolicy: 5 })).toEqual({
      containers: 'nope',
      restartPolicy: 5,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    });
  });
});

describe('applyDefaults: StatefulSet (SetDefaults_StatefulSet, statefulset.md §6.1)', () => {
  it('fills the SS-50 defaults', () => {
    const spec = specOf(applyDefaults(sts({}), GATE_OFF));
    expect(spec['podManagementPolicy']).toBe('OrderedReady');
    expect(spec['updateStrategy']).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(spec['replicas']).toBe(1);
    expect(spec['revisionHistoryLimit']).toBe(10);
    expect(spec['persistentVolumeClaimRetentionPolicy']).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect('minReadySeconds' in spec).toBe(false);
  });

  it('adds maxUnavailable 1 when the gate is on', () => {
    const spec = specOf(applyDefaults(sts({}), GATE_ON));
    expect(spec['updateStrategy']).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } });
  });

  it('leaves rollingUpdate nil when type RollingUpdate is explicit (§3.2 quirk)', () => {
    const spec = specOf(applyDefaults(sts({ updateStrategy: { type: 'RollingUpdate' } }), GATE_ON));
    expect(spec['updateStrategy']).toEqual({ type: 'RollingUpdate' });
  });

  it('does not add rollingUpdate for OnDelete', () => {
    const spec = specOf(applyDefaults(sts({ updateStrategy: { type: 'OnDelete' } }), GATE_OFF));
    expect(spec['updateStrategy']).toEqual({ type: 'OnDelete' });
  });

  it('fills an empty retention field only', () => {
    const spec = specOf(applyDefaults(sts({ persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } }), GATE_OFF));
    expect(spec['persistentVolumeClaimRetentionPolicy']).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  it('drops maxUnavailable on create when the gate is off (dropDisabledFields)', () => {
    const spec = specOf(
      applyDefaults(sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 3 } } }), GATE_OFF)
    );
    expect(spec['updateStrategy']).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
  });

  it('keeps maxUnavailable on update when the stored object already had it', () => {
    const old = sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } });
    const next = sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 3 } } });
    expect(specOf(applyDefaults(next, GATE_OFF, old))['updateStrategy']).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0, maxUnavailable: 3 },
    });
    const oldWithout = sts({});
    expect(specOf(applyDefaults(next, GATE_OFF, oldWithout))['updateStrategy']).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0 },
    });
  });

  it('defaults claim templates: volumeMode Filesystem and status.phase Pending', () => {
    const spec = specOf(
      applyDefaults(
        sts({ volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }),
        GATE_OFF
      )
    );
    expect(spec['volumeClaimTemplates']).toEqual([
      {
        metadata: { name: 'www' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ]);
  });

  it('is idempotent and does not mutate its input', () => {
    const input = sts({ replicas: 3 });
    const snapshot = JSON.stringify(input);
    const once = applyDefaults(input, GATE_ON);
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(applyDefaults(once, GATE_ON)).toEqual(once);
  });
});

describe('applyDefaults: other kinds', () => {
  it('Pod: spec defaults, SetDefaults_Pod, admission defaults and create-time status', () => {
    const pod = applyDefaults(
      obj('Pod', { spec: { containers: [{ name: 'c', image: 'nginx:1', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } }, { namespace: 'default' }),
      GATE_OFF
    );
    expect(pod['spec']).toEqual({
      containers: [
        {
          name: 'c',
          image: 'nginx:1',
          imagePullPolicy: 'IfNotPresent',
          resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    expect(pod['status']).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
  });

  it.each([
    [{}, 'BestEffort'],
    [{ requests: { cpu: '100m' } }, 'Burstable'],
    [{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } }, 'Burstable'],
    [{ limits: { cpu: '1', memory: '1Gi' } }, 'Guaranteed'],
  ])('Pod QoS class for resources %j is %s', (resources, qos) => {
    const pod = applyDefaults(obj('Pod', { spec: { containers: [{ name: 'c', image: 'i', resources }] } }), GATE_OFF);
    expect((pod['status'] as Record<string, unknown>)['qosClass']).toBe(qos);
  });

  it('Pod: a toleration for everything suppresses the default tolerations; a negative grace period becomes 1', () => {
    const pod = applyDefaults(
      obj('Pod', { spec: { containers: [], terminationGracePeriodSeconds: -5, tolerations: [{ operator: 'Exists' }] } }),
      GATE_OFF
    );
    const spec = pod['spec'] as Record<string, unknown>;
    expect(spec['tolerations']).toEqual([{ operator: 'Exists' }]);
    expect(spec['terminationGracePeriodSeconds']).toBe(1);
  });

  it('Pod: on update the status and create-only admission fields are not touched', () => {
    const old = applyDefaults(obj('Pod', { spec: { containers: [{ name: 'c', image: 'i' }] } }), GATE_OFF);
    const next = applyDefaults(obj('Pod', { spec: { containers: [{ name: 'c', image: 'i' }] }, status: { phase: 'Running' } }), GATE_OFF, old);
    expect(next['status']).toEqual({ phase: 'Running' });
    expect('serviceAccountName' in (next['spec'] as Record<string, unknown>)).toBe(false);
  });

  it('PersistentVolumeClaim: volumeMode Filesystem, status.phase Pending', () => {
    const pvc = applyDefaults(obj('PersistentVolumeClaim', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 1 } } } }), GATE_OFF);
    expect(pvc['spec']).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1' } }, volumeMode: 'Filesystem' });
    expect(pvc['status']).toEqual({ phase: 'Pending' });
  });

  it('PersistentVolume: reclaim policy Retain, volumeMode Filesystem, status.phase Pending, namespace cleared', () => {
    const pv = applyDefaults(obj('PersistentVolume', { spec: { capacity: { storage: '1Gi' }, hostPath: { path: '/d' } } }, { namespace: 'default' }), GATE_OFF);
    expect(pv['spec']).toEqual({
      capacity: { storage: '1Gi' },
      hostPath: { path: '/d' },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(pv['status']).toEqual({ phase: 'Pending' });
    expect(pv.metadata).toEqual({ name: 'x' });
  });

  it('StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate', () => {
    const sc = applyDefaults({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'x.io/p' }, GATE_OFF);
    expect(sc).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      provisioner: 'x.io/p',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
  });

  it('Service: type, session affinity, port protocol and targetPort, IP families, traffic policy', () => {
    const svc = applyDefaults(obj('Service', { spec: { selector: { app: 'nginx' }, ports: [{ port: 80 }] } }), GATE_OFF);
    expect(svc['spec']).toEqual({
      selector: { app: 'nginx' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('Service: a headless Service gets clusterIPs ["None"]; NodePort gets externalTrafficPolicy', () => {
    const headless = applyDefaults(obj('Service', { spec: { clusterIP: 'None', ports: [{ port: 80, name: 'web' }] } }), GATE_OFF);
    expect((headless['spec'] as Record<string, unknown>)['clusterIPs']).toEqual(['None']);
    const np = applyDefaults(obj('Service', { spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] } }), GATE_OFF);
    const spec = np['spec'] as Record<string, unknown>;
    expect(spec['externalTrafficPolicy']).toBe('Cluster');
    expect(spec['ports']).toEqual([{ port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });

  it('Service: an update that omits the allocated ClusterIP keeps it', () => {
    const old = applyDefaults(obj('Service', { spec: { clusterIP: '10.96.0.20', ports: [{ port: 80 }] } }), GATE_OFF);
    const next = applyDefaults(obj('Service', { spec: { ports: [{ port: 81 }] } }), GATE_OFF, old);
    const spec = next['spec'] as Record<string, unknown>;
    expect(spec['clusterIP']).toBe('10.96.0.20');
    expect(spec['clusterIPs']).toEqual(['10.96.0.20']);
  });

  it('Namespace: name label, finalizer and Active phase', () => {
    const ns = applyDefaults(obj('Namespace', {}, { name: 'team-a' }), GATE_OFF);
    expect(ns).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('Endpoints and EndpointSlice ports default to TCP', () => {
    const ep = applyDefaults(obj('Endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }), GATE_OFF);
    expect(ep['subsets']).toEqual([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
    const es = applyDefaults(obj('EndpointSlice', { addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] }), GATE_OFF);
    expect(es['ports']).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
  });

  it('copies unknown kinds unchanged and survives garbage', () => {
    const cm = obj('ConfigMap', { data: { a: 'b' } });
    expect(applyDefaults(cm, GATE_OFF)).toEqual(cm);
    const broken = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: 'nope' } as K8sObject;
    expect(applyDefaults(broken, GATE_OFF)).toEqual(broken);
  });
});

describe('quantities', () => {
  it.each([
    ['1Gi', '1024Mi', 0],
    ['1G', '1Gi', -1],
    ['500m', '0.5', 0],
    ['2', '1.5', 1],
    ['1e3', '1k', 0],
  ])('%s compared with %s is %i', (a, b, sign) => {
    const qa = parseQuantity(a);
    const qb = parseQuantity(b);
    if (!('value' in qa) || !('value' in qb)) throw new Error('unparsable');
    expect(Math.sign(compareQuantity(qa.value, qb.value))).toBe(sign);
  });

  it.each([
    ['1mi', "unable to parse quantity's suffix"],
    ['1GB', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['abc', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ])('%j does not parse: %s', (text, error) => {
    expect(parseQuantity(text)).toEqual({ error });
  });

  it('reads image tags like parsers.ParseImageName', () => {
    expect(imageTag('nginx')).toBe('latest');
    expect(imageTag('nginx:1.25')).toBe('1.25');
    expect(imageTag('docker.io/library/nginx:stable')).toBe('stable');
  });
});

describe('DefaultTolerationSeconds on pods the API server stores', () => {
  const NOT_READY = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const UNREACHABLE = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  it.each([
    ['a toleration with no key tolerates both', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
    ['no key, NoExecute: both covered', [{ operator: 'Exists', effect: 'NoExecute' }], [{ operator: 'Exists', effect: 'NoExecute' }]],
    ['no key but NoSchedule only: both added', [{ operator: 'Exists', effect: 'NoSchedule' }], [{ operator: 'Exists', effect: 'NoSchedule' }, NOT_READY, UNREACHABLE]],
    ['its own not-ready toleration kept, unreachable added', [{ ...NOT_READY, tolerationSeconds: 60 }], [{ ...NOT_READY, tolerationSeconds: 60 }, UNREACHABLE]],
    ['none: both added', [], [NOT_READY, UNREACHABLE]],
  ])('%s', (_name, given, stored) => {
    const cluster = createCluster();
    const result = cluster.apply(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  tolerations: ${JSON.stringify(given)}\n  containers: [{name: c, image: 'nginx:1.27'}]\n`);
    expect(result.errors).toEqual([]);
    expect((cluster.get('pod', 'p')?.['spec'] as { tolerations?: unknown } | undefined)?.tolerations).toEqual(stored);
  });
});
