/**
 * Helpers for the NFS provisioner and real-manifest tests: fixture files, a bare provisioner pod,
 * NFS storage classes, and readers for claims, volumes and their events.
 */
import type { Cluster, ClusterEvent, K8sObject } from '../index.ts';

/** The course's NFS setup: RBAC, the provisioner Deployment and the class managed-nfs-storage. */
export const NFS_SETUP = ['nfs-rbac.yaml', 'nfs-provisioner.yaml', 'nfs-class.yaml'];

export const NFS_SERVER = '10.0.0.20';
export const NFS_PATH = '/srv/nfs/kubedata';
export const LEGACY_IMAGE = 'quay.io/external_storage/nfs-client-provisioner:latest';
export const SUBDIR_IMAGE = 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2';

export interface ProvisionerPodOptions {
  name?: string;
  image?: string;
  /** PROVISIONER_NAME; null leaves the variable out. */
  provisionerName?: string | null;
  server?: string | null;
  path?: string | null;
  nodeName?: string;
  namespace?: string;
}

/** A bare provisioner Pod (no Deployment), configured through its env like the real one. */
export function provisionerPodYaml(o: ProvisionerPodOptions = {}): string {
  const env: [string, string | null | undefined][] = [
    ['PROVISIONER_NAME', o.provisionerName === undefined ? 'fuseim.pri/ifs' : o.provisionerName],
    ['NFS_SERVER', o.server === undefined ? NFS_SERVER : o.server],
    ['NFS_PATH', o.path === undefined ? NFS_PATH : o.path],
  ];
  const envLines = env.filter(([, v]) => v !== null).map(([k, v]) => `    - name: ${k}\n      value: "${v ?? ''}"`);
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${o.name ?? 'nfs-client-provisioner'}
${o.namespace ? `  namespace: ${o.namespace}\n` : ''}  labels:
    app: nfs-client-provisioner
spec:
${o.nodeName ? `  nodeName: ${o.nodeName}\n` : ''}  containers:
  - name: nfs-client-provisioner
    image: ${o.image ?? LEGACY_IMAGE}
${envLines.length > 0 ? `    env:\n${envLines.join('\n')}\n` : ''}    volumeMounts:
    - name: nfs-client-root
      mountPath: /persistentvolumes
  volumes:
  - name: nfs-client-root
    nfs:
      server: ${o.server ?? NFS_SERVER}
      path: ${o.path ?? NFS_PATH}
`;
}

export interface NfsClassOptions {
  name?: string;
  provisioner?: string;
  reclaimPolicy?: string;
  bindingMode?: string;
  parameters?: Record<string, string>;
  mountOptions?: string[];
}

export function nfsClassYaml(o: NfsClassOptions = {}): string {
  const lines = [
    'apiVersion: storage.k8s.io/v1',
    'kind: StorageClass',
    'metadata:',
    `  name: ${o.name ?? 'managed-nfs-storage'}`,
    `provisioner: ${o.provisioner ?? 'fuseim.pri/ifs'}`,
  ];
  if (o.reclaimPolicy) lines.push(`reclaimPolicy: ${o.reclaimPolicy}`);
  if (o.bindingMode) lines.push(`volumeBindingMode: ${o.bindingMode}`);
  if (o.parameters) lines.push('parameters:', ...Object.entries(o.parameters).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`));
  if (o.mountOptions) lines.push('mountOptions:', ...o.mountOptions.map((m) => `- ${m}`));
  return `${lines.join('\n')}\n`;
}

export interface NfsClaimOptions {
  name: string;
  className?: string;
  accessModes?: string[];
  storage?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  selector?: Record<string, string>;
}

export function nfsClaimYaml(o: NfsClaimOptions): string {
  const meta: string[] = [`  name: ${o.name}`];
  if (o.labels) meta.push('  labels:', ...Object.entries(o.labels).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`));
  if (o.annotations) meta.push('  annotations:', ...Object.entries(o.annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`));
  const selector = o.selector ? `  selector:\n    matchLabels:\n${Object.entries(o.selector).map(([k, v]) => `      ${k}: ${v}\n`).join('')}` : '';
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
${meta.join('\n')}
spec:
  storageClassName: ${o.className ?? 'managed-nfs-storage'}
  accessModes: [${(o.accessModes ?? ['ReadWriteOnce']).join(', ')}]
${selector}  resources:
    requests:
      storage: ${o.storage ?? '1Gi'}
`;
}

/** A pod (nginx) mounting `claimName` at /usr/share/nginx/html, optionally pinned by nodeSelector. */
export function claimPodYaml(name: string, claimName: string, node?: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${node ? `  nodeSelector:\n    kubernetes.io/hostname: ${node}\n` : ''}  containers:
  - name: nginx
    image: registry.k8s.io/nginx-slim:0.24
    volumeMounts:
    - name: www
      mountPath: /usr/share/nginx/html
  volumes:
  - name: www
    persistentVolumeClaim:
      claimName: ${claimName}
`;
}

export interface ClaimView extends K8sObject {
  spec: { volumeName?: string; accessModes?: string[] };
  status: { phase?: string; capacity?: Record<string, string>; accessModes?: string[] };
}

export interface VolumeView extends K8sObject {
  spec: {
    nfs?: { server: string; path: string; readOnly?: boolean };
    hostPath?: { path: string };
    nodeAffinity?: unknown;
    accessModes?: string[];
    capacity?: Record<string, string>;
    persistentVolumeReclaimPolicy?: string;
    storageClassName?: string;
    mountOptions?: string[];
    claimRef?: { name?: string; namespace?: string; uid?: string };
  };
  status: { phase?: string };
}

export function claim(cluster: Cluster, name: string): ClaimView | undefined {
  return cluster.get('pvc', name) as ClaimView | undefined;
}

export function volumeOf(cluster: Cluster, claimName: string): VolumeView | undefined {
  const name = claim(cluster, claimName)?.spec.volumeName;
  return name ? (cluster.get('pv', name) as VolumeView | undefined) : undefined;
}

export interface EventWithSource extends ClusterEvent {
  source?: { component?: string; host?: string };
}

/** Events on one object, oldest first. */
export function eventsOn(cluster: Cluster, kind: string, name: string): EventWithSource[] {
  return cluster.events().filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name) as EventWithSource[];
}

export function reasonsOn(cluster: Cluster, kind: string, name: string): string[] {
  return eventsOn(cluster, kind, name).map((e) => e.reason);
}

/** The message the PV controller posts while a claim waits for an external provisioner. */
export function waitingMessage(provisioner: string): string {
  return `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
}

export function exec(cluster: Cluster, pod: string, script: string): { stdout: string; stderr: string; code: number } {
  const r = cluster.kubectl(`exec ${pod} -- sh -c '${script}'`);
  return { stdout: r.stdout, stderr: r.stderr, code: r.code };
}
