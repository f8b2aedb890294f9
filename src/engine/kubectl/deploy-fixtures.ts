/**
 * Test fixtures for the kubectl tests of Deployments and the kinds around them: objects written
 * through the API server exactly as upstream stores them (spec defaulted, status as the controllers
 * report it), so printers can be checked whether or not a controller runs.
 */
import type { Cluster } from '../cluster.ts';
import type { K8sObject } from '../model/types.ts';
import { newControllerRef } from '../model/util.ts';
import type { Engine } from '../sim/engine.ts';

/** The engine behind a cluster (tests only). */
export function engineOf(c: Cluster): Engine {
  return (c as unknown as { engine: Engine }).engine;
}

function must(result: { ok: true; object: K8sObject } | { ok: false; error: { message: string } }): K8sObject {
  if (!result.ok) throw new Error(result.error.message);
  return result.object;
}

/** Creates an object through the API server and returns what was stored. */
export function create(c: Cluster, obj: Record<string, unknown>): K8sObject {
  const created = must(engineOf(c).api.create(obj as unknown as K8sObject));
  return created;
}

/** Writes the status subresource (the controller's part of the object). */
export function setStatus(c: Cluster, kind: string, name: string, status: Record<string, unknown>, namespace = 'default'): K8sObject {
  const api = engineOf(c).api;
  const current = api.get(kind, namespace, name);
  if (!current) throw new Error(`${kind} ${name} not found`);
  return must(api.updateStatus({ ...current, status }));
}

export function podTemplate(app: string, image: string, extraLabels: Record<string, string> = {}): Record<string, unknown> {
  return {
    metadata: { labels: { app, ...extraLabels } },
    spec: {
      containers: [{ name: 'nginx', image, ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
  };
}

/** A Deployment as `kubectl create deployment web --image=… --replicas=N` leaves it after defaulting. */
export function deployment(name: string, image: string, replicas: number, annotations: Record<string, string> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name }, annotations },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: podTemplate(name, image),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
}

/** A ReplicaSet the Deployment controller would create for one revision of its template. */
export function replicaSet(owner: K8sObject, hash: string, image: string, replicas: number, revision: number): Record<string, unknown> {
  const app = owner.metadata.name;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${app}-${hash}`,
      namespace: 'default',
      labels: { app, 'pod-template-hash': hash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + 1),
        'deployment.kubernetes.io/revision': String(revision),
      },
      ownerReferences: [newControllerRef(owner)],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app, 'pod-template-hash': hash } },
      template: podTemplate(app, image, { 'pod-template-hash': hash }),
    },
  };
}
