/** Helpers shared by engine tests: typed views of objects and of the write log. */
import type { ApiServer } from '../api/server.ts';
import type { Cluster, K8sObject } from '../index.ts';

export interface PodLike extends K8sObject {
  spec: { nodeName?: string; hostname?: string; subdomain?: string; volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[]; containers: { name: string; image: string }[] };
  status: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
}

/**
 * The cluster's API server itself (a private member): its stored objects, not the copies the public
 * get and list hand out, for tests that check which objects are shared.
 */
export function apiOf(cluster: Cluster): ApiServer {
  return (cluster as unknown as { engine: { api: ApiServer } }).engine.api;
}

export function pod(cluster: Cluster, name: string, namespace = 'default'): PodLike | undefined {
  return cluster.get('pods', name, namespace) as PodLike | undefined;
}

export function podNames(cluster: Cluster, namespace = 'default'): string[] {
  return cluster.list('pods', namespace).map((p) => p.metadata.name);
}

export function isReady(p: PodLike | undefined): boolean {
  return !!p && p.status.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function stsStatus(cluster: Cluster, name = 'web'): Record<string, unknown> {
  return (cluster.get('sts', name)?.['status'] ?? {}) as Record<string, unknown>;
}

/** Names of `kind` objects in the order the API server saw `type` writes for them since `sinceMs`. */
export function writeOrder(cluster: Cluster, kind: string, type: 'ADDED' | 'DELETED', sinceMs = 0): string[] {
  return cluster
    .changes(sinceMs)
    .filter((c) => c.kind === kind && c.type === type)
    .map((c) => c.name);
}

/** Advances in small steps until `done()` holds (or `maxMs` passes); returns whether it held. */
export function advanceUntil(cluster: Cluster, done: () => boolean, maxMs = 600_000, stepMs = 250): boolean {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (done()) return true;
    cluster.advance(stepMs);
  }
  return done();
}

export function revisionOf(p: K8sObject | undefined): string {
  return p?.metadata.labels?.['controller-revision-hash'] ?? '';
}
