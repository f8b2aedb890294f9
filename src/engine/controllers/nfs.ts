/**
 * The NFS external provisioner the course installs: kubernetes-sigs/nfs-subdir-external-provisioner
 * (and its predecessor, external-storage's nfs-client-provisioner, whose classes name the
 * provisioner `fuseim.pri/ifs`). Both are ordinary pods running sig-storage-lib-external-provisioner's
 * ProvisionController: they provision only while such a pod runs. The pod is recognised by its
 * image; its env `PROVISIONER_NAME`, `NFS_SERVER` and `NFS_PATH` configure it (main() in
 * cmd/nfs-subdir-external-provisioner/provisioner.go exits when any of them is unset).
 *
 * A provisioned volume is a sub-directory of the export, `<NFS_PATH>/<namespace>-<claim>-<pv>`
 * (nfsProvisioner.Provision), reachable from every node: its PV has no node affinity, and the
 * files in it (`state.volumes[pvName]`) are the same for every pod that mounts it, wherever it runs.
 */
import type { Container, K8sObject, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';
import { objectKey } from '../sim/state.ts';

/** The name deploy/deployment.yaml and the Helm chart give the nfs-subdir provisioner. */
export const NFS_SUBDIR_PROVISIONER = 'k8s-sigs.io/nfs-subdir-external-provisioner';
/** The name the legacy nfs-client deployment (and the course) uses. */
export const LEGACY_NFS_PROVISIONER = 'fuseim.pri/ifs';

const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

const SUBDIR_IMAGE = /(^|\/)nfs-subdir-external-provisioner(:|@|$)/;
const CLIENT_IMAGE = /(^|\/)nfs-client-provisioner(:|@|$)/;

/** One running provisioner process (the leader, when several replicas run). */
export interface NfsProvisioner {
  /** PROVISIONER_NAME. */
  name: string;
  server: string;
  path: string;
  pod: Pod;
  /** nfs-subdir (pathPattern, onDelete) or the legacy nfs-client (archiveOnDelete only). */
  subdir: boolean;
  /** The event source: `<provisioner>_<hostname>_<uuid>` (NewProvisionController's component). */
  component: string;
}

interface ProvisionerConfig {
  name: string;
  server: string;
  path: string;
  subdir: boolean;
  container: Container;
}

function envValue(container: Container, name: string): string | undefined {
  const env = (container['env'] as { name?: string; value?: unknown }[] | undefined) ?? [];
  const entry = env.find((e) => e.name === name);
  return typeof entry?.value === 'string' ? entry.value : undefined;
}

/** What a pod's provisioner container is configured as, if the pod runs an NFS provisioner image. */
export function nfsProvisionerConfig(pod: Pod): ProvisionerConfig | undefined {
  for (const container of pod.spec.containers ?? []) {
    const image = container.image ?? '';
    const subdir = SUBDIR_IMAGE.test(image);
    if (!subdir && !CLIENT_IMAGE.test(image)) continue;
    // main(): glog.Fatal when NFS_SERVER, NFS_PATH or PROVISIONER_NAME is empty.
    const name = envValue(container, 'PROVISIONER_NAME');
    const server = envValue(container, 'NFS_SERVER');
    const path = envValue(container, 'NFS_PATH');
    if (!name || !server || !path) return undefined;
    return { name, server, path, subdir, container };
  }
  return undefined;
}

/** The provisioner process is up: the pod Running and Ready, its container running on a live node. */
function isServing(ctx: ControllerContext, pod: Pod): boolean {
  if (pod.metadata.deletionTimestamp || pod.status.phase !== 'Running') return false;
  if (!pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return false;
  const node = pod.spec.nodeName;
  if (!node || ctx.state.nodes[node]?.up === false) return false;
  const rt = ctx.state.pods[pod.metadata.uid ?? ''];
  return !rt || rt.stage === 'running';
}

/** A stable v4-shaped UUID per container start (uuid.NewUUID in NewProvisionController), from the pod uid. */
function processUuid(seed: string): string {
  let h = 0x811c9dc5;
  for (const ch of seed) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  let s = '';
  for (let i = 0; i < 4; i++) {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), h | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    s += ((t ^ (t >>> 14)) >>> 0).toString(16).padStart(8, '0');
  }
  s = `${s.slice(0, 12)}4${s.slice(13, 16)}${'89ab'[parseInt(s[16] ?? '0', 16) & 3]}${s.slice(17)}`;
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * The running provisioner for `provisionerName`, if any: any pod qualifies whatever owns it. With
 * several, leader election picks one; here the oldest (then by name) leads.
 */
export function runningNfsProvisioner(ctx: ControllerContext, provisionerName: string): NfsProvisioner | undefined {
  let best: { pod: Pod; config: ProvisionerConfig } | undefined;
  for (const pod of ctx.api.list('Pod') as Pod[]) {
    const config = nfsProvisionerConfig(pod);
    if (config?.name !== provisionerName || !isServing(ctx, pod)) continue;
    if (
      !best ||
      (pod.metadata.creationTimestamp ?? '') < (best.pod.metadata.creationTimestamp ?? '') ||
      ((pod.metadata.creationTimestamp ?? '') === (best.pod.metadata.creationTimestamp ?? '') && pod.metadata.name < best.pod.metadata.name)
    ) {
      best = { pod, config };
    }
  }
  if (!best) return undefined;
  const { pod, config } = best;
  const restarts = ctx.state.pods[pod.metadata.uid ?? '']?.containers.find((c) => c.name === config.container.name)?.restartCount ?? 0;
  const hostname = (pod.spec.hostname || pod.metadata.name).slice(0, 63);
  return {
    name: config.name,
    server: config.server,
    path: config.path,
    pod,
    subdir: config.subdir,
    component: `${config.name}_${hostname}_${processUuid(`${pod.metadata.uid ?? pod.metadata.name}/${restarts}`)}`,
  };
}

/** filepath.Join: joined with '/', cleaned (no empty or '.' parts, '..' resolved). */
function joinPath(...parts: string[]): string {
  const out: string[] = [];
  const absolute = parts[0]?.startsWith('/') ?? false;
  for (const part of parts.join('/').split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** pvcMetadata.stringParser: `${.PVC.name}`, `${.PVC.namespace}`, `${.PVC.labels.x}`, `${.PVC.annotations.x}`. */
function expandPathPattern(pattern: string, claim: PersistentVolumeClaim): string {
  return pattern.replace(/\$\{\.PVC\.((labels|annotations)\.(.*?)|.*?)\}/g, (_all, field: string, group: string | undefined, key: string | undefined) => {
    if (group === 'labels') return claim.metadata.labels?.[key ?? ''] ?? '';
    if (group === 'annotations') return claim.metadata.annotations?.[key ?? ''] ?? '';
    if (field === 'name') return claim.metadata.name;
    if (field === 'namespace') return claim.metadata.namespace ?? '';
    return '';
  });
}

/** shouldProvision: the claim asks for this provisioner, is unbound, and (WaitForFirstConsumer) has a node. */
function shouldProvision(claim: PersistentVolumeClaim, cls: StorageClass, name: string): boolean {
  if (claim.spec.volumeName || claim.metadata.deletionTimestamp) return false;
  const asked = claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER] ?? claim.metadata.annotations?.[ANN_BETA_STORAGE_PROVISIONER];
  if (asked !== name || cls.provisioner !== name) return false;
  if (cls.volumeBindingMode === 'WaitForFirstConsumer') return !!claim.metadata.annotations?.[ANN_SELECTED_NODE];
  return true;
}

/**
 * The provisioner noticing a claim handed to it (the PV controller's ExternalProvisioning): it
 * announces the provisioning and, a moment later, `finishNfsProvisioning` stores the volume.
 * Returns false when no provisioner for `cls` runs (the claim keeps waiting).
 */
export function startNfsProvisioning(ctx: ControllerContext, claim: PersistentVolumeClaim, cls: StorageClass): boolean {
  const provisioner = runningNfsProvisioner(ctx, cls.provisioner);
  if (!provisioner || !shouldProvision(claim, cls, provisioner.name)) return false;
  const key = objectKey(claim.metadata.namespace, claim.metadata.name);
  if (ctx.hasTimer('provisioner', key)) return true;
  // provisionClaimOperation: the event goes out before Provision() runs.
  ctx.api.recordEvent(
    claim,
    'Normal',
    'Provisioning',
    `External provisioner is provisioning volume for claim "${claim.metadata.namespace}/${claim.metadata.name}"`,
    provisioner.component,
    undefined,
    { throttleMs: ctx.state.options.timing.volumeResync }
  );
  ctx.schedule('provisioner', key, ctx.now + ctx.state.options.timing.provision);
  return true;
}

/** provisionClaimOperation + nfsProvisioner.Provision + StoreVolume, for the claim `key`. */
export function finishNfsProvisioning(ctx: ControllerContext, claim: PersistentVolumeClaim, cls: StorageClass): void {
  const provisioner = runningNfsProvisioner(ctx, cls.provisioner);
  if (!provisioner || !shouldProvision(claim, cls, provisioner.name)) return;
  const pvName = `pvc-${claim.metadata.uid ?? ''}`;
  if (ctx.api.get('PersistentVolume', undefined, pvName)) return;
  if (claim.spec.selector) {
    ctx.api.recordEvent(claim, 'Warning', 'ProvisioningFailed', 'claim Selector is not supported', provisioner.component, undefined, {
      throttleMs: ctx.state.options.timing.volumeResync,
    });
    return;
  }
  const namespace = claim.metadata.namespace ?? '';
  let path = joinPath(provisioner.path, [namespace, claim.metadata.name, pvName].join('-'));
  const pattern = cls.parameters?.['pathPattern'];
  if (provisioner.subdir && pattern !== undefined) {
    const custom = expandPathPattern(pattern, claim);
    if (custom !== '') path = joinPath(provisioner.path, custom);
  }
  const mountOptions = (cls as K8sObject)['mountOptions'];
  const pv: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: pvName, annotations: { [ANN_PROVISIONED_BY]: cls.provisioner } },
    spec: {
      accessModes: [...(claim.spec.accessModes ?? [])],
      capacity: { storage: claim.spec.resources?.requests?.['storage'] ?? '' },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: claim.metadata.name,
        namespace,
        resourceVersion: claim.metadata.resourceVersion ?? '',
        uid: claim.metadata.uid ?? '',
      },
      ...(Array.isArray(mountOptions) && mountOptions.length > 0 ? { mountOptions: [...(mountOptions as string[])] } : {}),
      nfs: { server: provisioner.server, path },
      persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
      storageClassName: cls.metadata.name,
    },
    status: {},
  };
  const created = ctx.api.create(pv, { trusted: true });
  if (!created.ok) {
    ctx.api.recordEvent(claim, 'Warning', 'ProvisioningFailed', created.error.message, provisioner.component, undefined, {
      throttleMs: ctx.state.options.timing.volumeResync,
    });
    return;
  }
  ctx.state.volumes[pvName] ??= {};
  ctx.api.recordEvent(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, provisioner.component);
}

/** True when `pv` was provisioned by an NFS provisioner (whatever its name). */
export function isNfsProvisioned(pv: PersistentVolume): boolean {
  return !!pv.metadata.annotations?.[ANN_PROVISIONED_BY] && !!pv.spec['nfs'];
}

/**
 * The provisioner's deleteVolumeOperation for a Released volume with Delete policy: the directory is
 * removed, kept (onDelete: retain) or renamed `archived-…` (archiveOnDelete, default true), then the
 * PV object is deleted. Returns false while no provisioner runs (the PV stays Released, as
 * pv_controller leaves external deleters alone).
 */
export function deleteNfsVolume(ctx: ControllerContext, pv: PersistentVolume): boolean {
  const name = pv.metadata.annotations?.[ANN_PROVISIONED_BY] ?? '';
  const provisioner = runningNfsProvisioner(ctx, name);
  if (!provisioner) return false;
  // Whatever happens to the directory on the server, no PV refers to it any more: its files go
  // with the volume (the engine does not model the export's own tree).
  delete ctx.state.volumes[pv.metadata.name];
  ctx.api.delete('PersistentVolume', undefined, pv.metadata.name);
  return true;
}

/**
 * Informer hook: a provisioner pod that starts or stops serving (Ready, deleted, its node back)
 * makes the claims waiting for it, and the volumes waiting to be deleted by it, look again — as a
 * freshly started ProvisionController lists every claim and volume.
 */
export function watchNfsProvisioners(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  if (obj.kind !== 'Pod') return;
  const now = nfsProvisionerConfig(obj as Pod);
  // The config reads only the containers: a write that keeps the stored array (most do) has the same one.
  const before = old ? ((old as Pod).spec.containers === (obj as Pod).spec.containers ? now : nfsProvisionerConfig(old as Pod)) : undefined;
  if (!now && !before) return;
  const servingNow = !deleted && !!now && isServing(ctx, obj as Pod);
  const servedBefore = !!old && !!before && isServing(ctx, old as Pod);
  if (servingNow === servedBefore && now?.name === before?.name) return;
  const names = new Set([now?.name, before?.name].filter((n): n is string => !!n));
  for (const claim of ctx.api.list('PersistentVolumeClaim') as PersistentVolumeClaim[]) {
    if (claim.status.phase === 'Bound') continue;
    const asked = claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER] ?? claim.metadata.annotations?.[ANN_BETA_STORAGE_PROVISIONER];
    if (asked === undefined || names.has(asked)) ctx.enqueue('volume', `claim:${objectKey(claim.metadata.namespace, claim.metadata.name)}`);
  }
  for (const pv of ctx.api.list('PersistentVolume') as PersistentVolume[]) {
    if (names.has(pv.metadata.annotations?.[ANN_PROVISIONED_BY] ?? '') && pv.status.phase === 'Released') ctx.enqueue('volume', `pv:${pv.metadata.name}`);
  }
}
