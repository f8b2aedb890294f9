/**
 * Helpers for the update / storage / DNS scenario tests (statefulset.md §10 D–F,
 * storage-dns-kubectl.md §6). Pure functions over the public engine API: no test framework here.
 */
import type { Change, Cluster, ClusterEvent, ClusterOptions, K8sObject } from '../index.ts';
import { defaultExample, type WebOptions } from './fixtures.ts';
import { advanceUntil, isReady, pod, revisionOf, type PodLike } from './harness.ts';

export interface ContainerStatusLike {
  name: string;
  ready: boolean;
  restartCount: number;
  state: { running?: { startedAt?: string }; waiting?: { reason?: string; message?: string }; terminated?: { reason?: string } };
}

export interface OwnerRefLike {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Applies the common setup (Service nginx + StatefulSet web) and waits until every replica is Ready. */
export function setupWeb(cluster: Cluster, o: WebOptions = {}): void {
  const result = cluster.apply(defaultExample(o));
  if (!result.ok) throw new Error(`setup failed: ${JSON.stringify(result.errors)}`);
  const replicas = o.replicas ?? 3;
  const name = o.name ?? 'web';
  const ok = advanceUntil(cluster, () => allReady(cluster, replicas, name) && stsSettled(cluster, name), 600_000, 500);
  if (!ok) throw new Error(`setup: ${name} did not reach ${replicas} Ready replicas`);
}

export function allReady(cluster: Cluster, replicas: number, name = 'web'): boolean {
  const pods = cluster.list('pods', 'default').filter((p) => p.metadata.name.startsWith(`${name}-`));
  return pods.length === replicas && pods.every((p) => isReady(p as PodLike) && !p.metadata.deletionTimestamp);
}

/** The set's status has caught up with its spec and all replicas are ready and on the update revision. */
export function stsSettled(cluster: Cluster, name = 'web'): boolean {
  const set = cluster.get('sts', name);
  if (!set) return false;
  const spec = set['spec'] as { replicas?: number };
  const st = set['status'] as Record<string, unknown>;
  const want = spec.replicas ?? 1;
  return (
    st['observedGeneration'] === set.metadata.generation &&
    (st['replicas'] ?? 0) === want &&
    (st['readyReplicas'] ?? 0) === want &&
    (st['updatedReplicas'] ?? 0) === want
  );
}

/** A point in virtual time after every write made so far (advances 1 ms): use it as a `changes()`/events cut. */
export function mark(cluster: Cluster): number {
  cluster.advance(1);
  return cluster.now();
}

export function patchImage(cluster: Cluster, image: string, name = 'web') {
  return cluster.patch('sts', name, { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } });
}

export function status(cluster: Cluster, name = 'web'): Record<string, number | string | undefined> {
  return (cluster.get('sts', name)?.['status'] ?? {}) as Record<string, number | string | undefined>;
}

export function uidOf(cluster: Cluster, kind: string, name: string): string {
  return cluster.get(kind, name)?.metadata.uid ?? '';
}

/** Pod name → revision label, for the set's pods. */
export function podRevisions(cluster: Cluster, name = 'web'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of cluster.list('pods', 'default')) if (p.metadata.name.startsWith(`${name}-`)) out[p.metadata.name] = revisionOf(p);
  return out;
}

export function imageOf(p: K8sObject | undefined): string {
  return (p as PodLike | undefined)?.spec.containers[0]?.image ?? '';
}

export interface RevisionInfo {
  name: string;
  revision: number;
  image: string;
}

export function revisions(cluster: Cluster): RevisionInfo[] {
  return cluster
    .list('controllerrevisions', 'default')
    .map((r) => {
      const data = r['data'] as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } };
      return { name: r.metadata.name, revision: r['revision'] as number, image: data.spec?.template?.spec?.containers?.[0]?.image ?? '' };
    })
    .sort((a, b) => a.revision - b.revision);
}

/**
 * Pod lifecycle writes since `sinceMs`, as a watch shows them: `create <pod>@<label>` (ADDED),
 * `delete <pod>` (deletionTimestamp first set, or removed at once), `gone <pod>` (DELETED).
 * `labels` maps revision names to short labels (A, B); unknown revisions print as-is.
 */
export function podLifecycle(cluster: Cluster, sinceMs: number, labels: Record<string, string> = {}, prefix = 'web-'): string[] {
  const out: string[] = [];
  const deleting = new Set<string>();
  for (const c of cluster.changes(sinceMs)) {
    if (c.kind !== 'Pod' || !c.name.startsWith(prefix)) continue;
    const uid = c.object.metadata.uid ?? '';
    if (c.type === 'ADDED') {
      const rev = revisionOf(c.object);
      out.push(`create ${c.name}@${labels[rev] ?? rev}`);
    } else if (c.type === 'MODIFIED') {
      if (c.object.metadata.deletionTimestamp && !deleting.has(uid)) {
        deleting.add(uid);
        out.push(`delete ${c.name}`);
      }
    } else {
      if (!deleting.has(uid)) out.push(`delete ${c.name}`);
      deleting.add(uid);
      out.push(`gone ${c.name}`);
    }
  }
  return out;
}

/** The changes since `sinceMs` as `[time, label]` pairs (same labels as podLifecycle). */
export function podLifecycleTimed(cluster: Cluster, sinceMs: number, labels: Record<string, string> = {}, prefix = 'web-'): [number, string][] {
  const out: [number, string][] = [];
  const deleting = new Set<string>();
  for (const c of cluster.changes(sinceMs)) {
    if (c.kind !== 'Pod' || !c.name.startsWith(prefix)) continue;
    const uid = c.object.metadata.uid ?? '';
    if (c.type === 'ADDED') out.push([c.time, `create ${c.name}@${labels[revisionOf(c.object)] ?? revisionOf(c.object)}`]);
    else if (c.type === 'MODIFIED') {
      if (c.object.metadata.deletionTimestamp && !deleting.has(uid)) {
        deleting.add(uid);
        out.push([c.time, `delete ${c.name}`]);
      }
    } else {
      if (!deleting.has(uid)) out.push([c.time, `delete ${c.name}`]);
      deleting.add(uid);
      out.push([c.time, `gone ${c.name}`]);
    }
  }
  return out;
}

/** Index in `changes` of the first change matching `pred`, or -1. */
export function findChange(changes: Change[], pred: (c: Change) => boolean): number {
  return changes.findIndex(pred);
}

/** The last version of object `kind/name` written at or before index `i` of `changes`. */
export function objectAt(changes: Change[], i: number, kind: string, name: string): K8sObject | undefined {
  for (let j = i; j >= 0; j--) {
    const c = changes[j];
    if (c && c.kind === kind && c.name === name) return c.type === 'DELETED' ? undefined : c.object;
  }
  return undefined;
}

export function readyIn(p: K8sObject | undefined): boolean {
  return isReady(p as PodLike | undefined);
}

export function eventsSince(cluster: Cluster, sinceMs: number, filter: (e: ClusterEvent) => boolean = () => true): ClusterEvent[] {
  return cluster.events().filter((e) => e.time >= sinceMs && filter(e));
}

/** StatefulSet controller events (reason + message) since `sinceMs`. */
export function stsEvents(cluster: Cluster, sinceMs: number, name = 'web'): string[] {
  return eventsSince(cluster, sinceMs, (e) => e.involvedObject.kind === 'StatefulSet' && e.involvedObject.name === name).map((e) => `${e.reason}: ${e.message}`);
}

/** Events recorded on one object (by kind and name). */
export function eventsFor(cluster: Cluster, kind: string, name: string): ClusterEvent[] {
  return cluster.events().filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);
}

export function containerStatus(cluster: Cluster, name: string): ContainerStatusLike | undefined {
  const p = cluster.get('pods', name);
  const statuses = (p?.['status'] as { containerStatuses?: ContainerStatusLike[] } | undefined)?.containerStatuses;
  return statuses?.[0];
}

export function isContainerRunning(cluster: Cluster, name: string): boolean {
  return containerStatus(cluster, name)?.state.running !== undefined;
}

export function ownerRefs(obj: K8sObject | undefined): OwnerRefLike[] {
  return (obj?.metadata.ownerReferences ?? []) as OwnerRefLike[];
}

export function volumeNameOf(cluster: Cluster, claim: string): string | undefined {
  return (cluster.get('pvc', claim)?.['spec'] as { volumeName?: string } | undefined)?.volumeName;
}

export function claimNames(cluster: Cluster): string[] {
  return cluster.list('pvc', 'default').map((c) => c.metadata.name);
}

export function phaseOf(obj: K8sObject | undefined): string | undefined {
  return (obj?.['status'] as { phase?: string } | undefined)?.phase;
}

export function readyCondition(obj: K8sObject | undefined): string | undefined {
  const conditions = (obj?.['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
  return conditions?.find((c) => c.type === 'Ready')?.status;
}

export function nodeOf(cluster: Cluster, podName: string): string {
  return pod(cluster, podName)?.spec.nodeName ?? '';
}

export function podIP(cluster: Cluster, podName: string): string {
  return pod(cluster, podName)?.status.podIP ?? '';
}

/** 1-based number of the first line of `yaml` that `test` accepts (0 when none does). */
export function lineOf(yaml: string, test: (line: string) => boolean, after = 0): number {
  const lines = yaml.split('\n');
  for (let i = after; i < lines.length; i++) if (test(lines[i] ?? '')) return i + 1;
  return 0;
}

/** A cluster option object with the maxUnavailable gate on. */
export const GATE_ON: ClusterOptions = { featureGates: { MaxUnavailableStatefulSet: true } };

/** A standalone pod using claim `claim`. */
export function podWithClaim(name: string, claim: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    role: consumer
spec:
  containers:
  - name: app
    image: nginx:v1
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: ${claim}
`;
}

export interface ClaimOptions {
  name: string;
  storage?: string;
  /** undefined: field omitted; '' : explicit empty class. */
  storageClassName?: string;
  accessModes?: string[];
  selector?: Record<string, string>;
  volumeName?: string;
}

export function claimYaml(o: ClaimOptions): string {
  const lines = ['apiVersion: v1', 'kind: PersistentVolumeClaim', 'metadata:', `  name: ${o.name}`, 'spec:'];
  lines.push(`  accessModes: [${(o.accessModes ?? ['ReadWriteOnce']).map((m) => `"${m}"`).join(', ')}]`);
  if (o.storageClassName !== undefined) lines.push(`  storageClassName: "${o.storageClassName}"`);
  if (o.volumeName) lines.push(`  volumeName: ${o.volumeName}`);
  if (o.selector) {
    lines.push('  selector:', '    matchLabels:');
    for (const [k, v] of Object.entries(o.selector)) lines.push(`      ${k}: ${v}`);
  }
  lines.push('  resources:', '    requests:', `      storage: ${o.storage ?? '1Gi'}`);
  return `${lines.join('\n')}\n`;
}

export interface VolumeOptions {
  name: string;
  storage: string;
  storageClassName?: string;
  accessModes?: string[];
  labels?: Record<string, string>;
  reclaimPolicy?: string;
  claimRef?: { namespace: string; name: string };
  volumeMode?: 'Filesystem' | 'Block';
}

export function volumeYaml(o: VolumeOptions): string {
  const lines = ['apiVersion: v1', 'kind: PersistentVolume', 'metadata:', `  name: ${o.name}`];
  if (o.labels) {
    lines.push('  labels:');
    for (const [k, v] of Object.entries(o.labels)) lines.push(`    ${k}: ${v}`);
  }
  lines.push('spec:', '  capacity:', `    storage: ${o.storage}`);
  lines.push(`  accessModes: [${(o.accessModes ?? ['ReadWriteOnce']).map((m) => `"${m}"`).join(', ')}]`);
  if (o.storageClassName !== undefined) lines.push(`  storageClassName: "${o.storageClassName}"`);
  if (o.reclaimPolicy) lines.push(`  persistentVolumeReclaimPolicy: ${o.reclaimPolicy}`);
  if (o.volumeMode) lines.push(`  volumeMode: ${o.volumeMode}`);
  if (o.claimRef) lines.push('  claimRef:', `    namespace: ${o.claimRef.namespace}`, `    name: ${o.claimRef.name}`);
  lines.push('  hostPath:', `    path: /mnt/${o.name}`);
  return `${lines.join('\n')}\n`;
}

export function storageClassYaml(name: string, o: { provisioner?: string; bindingMode?: string; reclaimPolicy?: string; isDefault?: boolean } = {}): string {
  const lines = ['apiVersion: storage.k8s.io/v1', 'kind: StorageClass', 'metadata:', `  name: ${name}`];
  if (o.isDefault) lines.push('  annotations:', '    storageclass.kubernetes.io/is-default-class: "true"');
  lines.push(`provisioner: ${o.provisioner ?? 'rancher.io/local-path'}`);
  if (o.bindingMode) lines.push(`volumeBindingMode: ${o.bindingMode}`);
  if (o.reclaimPolicy) lines.push(`reclaimPolicy: ${o.reclaimPolicy}`);
  return `${lines.join('\n')}\n`;
}
