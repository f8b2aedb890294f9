/**
 * Trusted creates (trusted.ts) against the API server's full create path: each template runs twice,
 * once with the controller's pods and claims sent trusted and once with every one decoded, copied,
 * defaulted and validated, and every stored object, write and event must be identical — key order
 * and `undefined` members included.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiServer, type WriteResult } from '../../api/server.ts';
import { createCluster } from '../../index.ts';
import type { K8sObject } from '../../model/types.ts';
import { NGINX_SERVICE } from '../../test/fixtures.ts';
import { trustedCreateOptions } from './trusted.ts';

const CLASSES = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: rancher.io/local-path
volumeBindingMode: Immediate
reclaimPolicy: Retain
`;

/** A set whose template exercises what defaulting and admission touch. */
function richSet(o: { name: string; replicas: number; policy: string; namespace?: string; extraPodSpec?: string; start?: number }): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${o.name}
${o.namespace ? `  namespace: ${o.namespace}\n` : ''}spec:
  serviceName: nginx
  replicas: ${o.replicas}
  podManagementPolicy: ${o.policy}
${o.start !== undefined ? `  ordinals:\n    start: ${o.start}\n` : ''}  selector:
    matchLabels:
      app: rich
  template:
    metadata:
      labels:
        app: rich
        tier: db
      annotations:
        note: "kept"
    spec:
${o.extraPodSpec ?? ''}      initContainers:
      - name: init
        image: busybox:1.36
        command: ["sh", "-c", "true"]
        resources:
          limits:
            cpu: 0.5
            memory: 64Mi
      containers:
      - name: db
        image: nginx
        ports:
        - containerPort: 80
        - containerPort: 8080
          protocol: UDP
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: PLAIN
          value: "x"
        resources:
          limits:
            cpu: 250m
            memory: 2048Mi
        readinessProbe:
          httpGet:
            port: 80
        livenessProbe:
          tcpSocket:
            port: 80
          periodSeconds: 5
        volumeMounts:
        - name: data
          mountPath: /data
        - name: logs
          mountPath: /logs
        - name: config
          mountPath: /etc/config
      - name: sidecar
        image: busybox:1.36
        command: ["sleep", "infinity"]
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 10
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels:
                  app: rich
      tolerations:
      - key: dedicated
        operator: Equal
        value: db
        effect: NoSchedule
      volumes:
      - name: config
        configMap:
          name: rich-config
          optional: true
      - name: scratch
        emptyDir: {}
      - name: data
        emptyDir: {}
  volumeClaimTemplates:
  - metadata:
      name: data
      labels:
        kind: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1024Mi
  - metadata:
      name: logs
    spec:
      storageClassName: fast
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 0.5Gi
`;
}

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: team
`;

const CASES: { name: string; yaml: string; trusted: boolean }[] = [
  { name: 'a Parallel set with init containers, probes, limits, env, affinity, tolerations and two claims', yaml: richSet({ name: 'rich', replicas: 6, policy: 'Parallel' }), trusted: true },
  { name: 'an OrderedReady set in another namespace, ordinals from 3', yaml: `${NAMESPACE}---\n${richSet({ name: 'rich', replicas: 3, policy: 'OrderedReady', namespace: 'team', start: 3 })}`, trusted: true },
  {
    name: 'no token automount, host network, a scheduling-free pod spec',
    yaml: richSet({ name: 'host', replicas: 4, policy: 'Parallel', extraPodSpec: '      automountServiceAccountToken: false\n      hostNetwork: true\n      terminationGracePeriodSeconds: -5\n      enableServiceLinks: false\n' }),
    trusted: true,
  },
  {
    name: 'a toleration of everything (admission still adds its own)',
    yaml: richSet({ name: 'tol', replicas: 3, policy: 'Parallel', extraPodSpec: '      serviceAccount: default\n      priority: 0\n' }).replace(
      '      - key: dedicated\n        operator: Equal\n        value: db\n        effect: NoSchedule\n',
      '      - operator: Exists\n'
    ),
    trusted: true,
  },
  // The longest pod names a set can have: 52 characters, then the highest ordinals (63 in all).
  { name: 'pod names at the 63-character limit', yaml: richSet({ name: 'n'.repeat(52), replicas: 3, policy: 'Parallel', start: 2_147_483_640 }), trusted: true },
  // Every pod is refused (the controller-revision-hash label is over 63 characters): nothing is trusted.
  { name: 'a set name too long for its revision label', yaml: richSet({ name: 'l'.repeat(60), replicas: 3, policy: 'Parallel' }), trusted: false },
];

/** JSON with `undefined` members visible, so a key that only one path keeps shows up. */
function strict(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v === undefined ? '<undefined>' : v));
}

/** The pods and claims the API server stored on create (the objects themselves, not copies). */
function storedCreates(create: { mock: { calls: [K8sObject, ...unknown[]][]; results: { type: string; value: unknown }[] } }): K8sObject[] {
  return create.mock.results.flatMap((r, i) => {
    const kind = create.mock.calls[i]?.[0].kind;
    const result = r.value as WriteResult | undefined;
    return (kind === 'Pod' || kind === 'PersistentVolumeClaim') && result?.ok ? [result.object] : [];
  });
}

function run(yaml: string, trusted: boolean): { observed: string; stored: K8sObject[]; trustedCreates: number } {
  trustedCreateOptions.enabled = trusted;
  const create = vi.spyOn(ApiServer.prototype, 'create');
  try {
    const cluster = createCluster({ nodes: 3, seed: 11 });
    expect(cluster.apply(`${NGINX_SERVICE}---\n${CLASSES}---\n${yaml}`).errors).toEqual([]);
    cluster.settle(600_000);
    const trustedCreates = create.mock.calls.filter(([obj, opts]) => opts?.trusted && (obj.kind === 'Pod' || obj.kind === 'PersistentVolumeClaim')).length;
    return { observed: JSON.stringify([cluster.changes(0), cluster.events(), cluster.snapshot()]), stored: storedCreates(create as never), trustedCreates };
  } finally {
    create.mockRestore();
  }
}

describe('trusted creates of the pods and claims a StatefulSet builds', () => {
  afterEach(() => {
    trustedCreateOptions.enabled = true;
  });

  it.each(CASES)('$name: the same objects, writes and events as the full create path', ({ yaml, trusted }) => {
    const full = run(yaml, false);
    const fast = run(yaml, true);
    expect(full.trustedCreates).toBe(0);
    if (trusted) expect(fast.trustedCreates).toBeGreaterThan(0);
    else expect(fast.trustedCreates).toBe(0);
    expect(fast.stored.length).toBeGreaterThan(0);
    expect(strict(fast.stored)).toBe(strict(full.stored));
    expect(fast.observed).toBe(full.observed);
  });

  it('the template parts pods share are frozen', () => {
    const { stored } = run(richSet({ name: 'rich', replicas: 3, policy: 'Parallel' }), true);
    const [a, b] = stored.filter((o) => o.kind === 'Pod').slice(1).map((p) => (p['spec'] as { affinity?: object }).affinity);
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
