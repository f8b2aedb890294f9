/**
 * Storage controllers: the PV controller (pkg/controller/volume/persistentvolume/pv_controller.go),
 * the rancher.io/local-path external provisioner, and the pvc-protection / pv-protection
 * finalizer controllers. The NFS provisioners, which run as pods, live in nfs.ts.
 */
import { defaultStorageClass } from '../api/server.ts';
import { selectorMatches } from '../model/labels.ts';
import { parseQuantity } from '../model/quantity.ts';
import type { K8sObject, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../model/types.ts';
import { boundedMemo, deepClone, deepFreeze, shallowCopy } from '../model/util.ts';
import type { ControllerContext } from '../sim/context.ts';
import { type ClusterState, objectKey, splitObjectKey } from '../sim/state.ts';
import { deleteNfsVolume, finishNfsProvisioning, isNfsProvisioned, startNfsProvisioning } from './nfs.ts';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
const PV_CONTROLLER = 'persistentvolume-controller';
const PROVISIONER_SOURCE = `${LOCAL_PATH_PROVISIONER}_local-path-provisioner-7dc846544d-x7kqt_9e7b3c1a-2f4d-4c8e-a6b5-3d1f0e9c8b7a`;

const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

const ACCESS_MODE_ORDER = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** GetPersistentVolumeClaimClass: the beta annotation wins, then the field, else "". */
export function claimClass(claim: PersistentVolumeClaim): string {
  const ann = claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (ann !== undefined) return ann;
  return claim.spec.storageClassName ?? '';
}

export function volumeClass(pv: PersistentVolume): string {
  const ann = pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (ann !== undefined) return ann;
  return pv.spec.storageClassName ?? '';
}

function requestBytes(claim: PersistentVolumeClaim): number {
  return storageBytes(claim.spec.resources?.requests?.['storage']);
}

function capacityBytes(pv: PersistentVolume): number {
  return storageBytes(pv.spec.capacity?.['storage']);
}

/** A storage size in bytes (0 when unset or unparsable); the text's value remembered (a workload's claims ask the same size). */
function storageBytes(quantity: unknown): number {
  return typeof quantity === 'string' ? storageTextBytes(quantity) : (parseQuantity(quantity) ?? 0);
}
const storageTextBytes = boundedMemo((text) => parseQuantity(text) ?? 0);

/** IsVolumeBoundToClaim: claimRef names this claim (and, if it has a uid, the same uid). */
export function isVolumeBoundToClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

function nodeAffinityMatches(pv: PersistentVolume, nodeLabels: Record<string, string>): boolean {
  const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  return terms.some((term) =>
    (term.matchExpressions ?? []).every((expr) => {
      const value = nodeLabels[expr.key];
      switch (expr.operator) {
        case 'In':
          return value !== undefined && (expr.values ?? []).includes(value);
        case 'NotIn':
          return value === undefined || !(expr.values ?? []).includes(value);
        case 'Exists':
          return value !== undefined;
        case 'DoesNotExist':
          return value === undefined;
        default:
          return false;
      }
    })
  );
}

export function volumeFitsNode(pv: PersistentVolume, node: K8sObject | undefined): boolean {
  return nodeAffinityMatches(pv, node?.metadata.labels ?? {});
}

/** A PV's access modes, each once, in ACCESS_MODE_ORDER (an unknown mode first): its group's key. */
function modeGroup(pv: PersistentVolume): string[] {
  const modes = pv.spec.accessModes ?? [];
  if (modes.length === 1) return modes;
  return [...new Set(modes)].sort((a, b) => ACCESS_MODE_ORDER.indexOf(a) - ACCESS_MODE_ORDER.indexOf(b));
}

/**
 * Whether `modes` has every mode of `wanted`. An indexed loop: a claim built from a template shares
 * its frozen list, which Array.prototype.every walks many times slower.
 */
function coversModes(modes: readonly string[], wanted: readonly string[]): boolean {
  for (let i = 0; i < wanted.length; i++) if (!modes.includes(wanted[i] as string)) return false;
  return true;
}

interface MatchOptions {
  delayBinding: boolean;
  node?: K8sObject;
  excluded?: Set<string>;
}

/**
 * findBestMatchForClaim + FindMatchingVolume: groups of PVs whose access modes cover the claim's,
 * fewest modes first; in a group, a PV pre-bound to the claim wins at once, else the smallest
 * Available PV of the same class and selector. With `node`, the scheduler's path (node affinity).
 */
export function findMatchingVolume(volumes: PersistentVolume[], claim: PersistentVolumeClaim, opts: MatchOptions): PersistentVolume | undefined {
  // Most syncs have no candidate at all (provisioned volumes are pre-bound to their claim).
  if (volumes.length === 0) return undefined;
  const wanted = claim.spec.accessModes ?? [];
  // The groups by mode key: the first one in locals, a map only once a second key shows up (most
  // calls see one volume, pre-bound to the claim). Indexed loops: no iterator results.
  let firstKey = '';
  let first: PersistentVolume[] | undefined;
  let groups: Map<string, PersistentVolume[]> | undefined;
  for (let v = 0; v < volumes.length; v++) {
    const pv = volumes[v] as PersistentVolume;
    // Volumes reserved for other claims never match; skipping them first keeps this cheap.
    if (pv.spec.claimRef && !isVolumeBoundToClaim(pv, claim)) continue;
    const modes = modeGroup(pv);
    if (!coversModes(modes, wanted)) continue;
    const key = modes.join(',');
    if (!first) {
      firstKey = key;
      first = [pv];
    } else if (!groups && key === firstKey) first.push(pv);
    else {
      groups ??= new Map([[firstKey, first]]);
      const group = groups.get(key);
      if (group) group.push(pv);
      else groups.set(key, [pv]);
    }
  }
  if (!first) return undefined;
  // One group (nearly every call) needs no ordering.
  if (!groups) return matchInGroup(first, claim, opts) ?? undefined;
  const ordered = orderedGroups(groups);
  for (let g = 0; g < ordered.length; g++) {
    const match = matchInGroup(ordered[g] as PersistentVolume[], claim, opts);
    // A volume, or null (the claim's pre-bound volume does not fit the node): no later group is tried.
    if (match !== undefined) return match ?? undefined;
  }
  return undefined;
}

/** The groups of PVs by mode key, fewest access modes first (then by key). */
function orderedGroups(groups: Map<string, PersistentVolume[]>): PersistentVolume[][] {
  return [...groups.entries()].sort((a, b) => a[0].split(',').length - b[0].split(',').length || (a[0] < b[0] ? -1 : 1)).map((e) => e[1]);
}

/**
 * FindMatchingVolume within one group (sorted here, oldest first): the PV pre-bound to the claim, or
 * else the smallest that fits; `null` when the pre-bound PV does not fit the node (the search ends
 * there, with no volume), undefined when the group has no match (the next group is tried).
 */
function matchInGroup(group: PersistentVolume[], claim: PersistentVolumeClaim, opts: MatchOptions): PersistentVolume | null | undefined {
  const request = requestBytes(claim);
  const cls = claimClass(claim);
  const claimMode = claim.spec.volumeMode ?? 'Filesystem';
  let best: PersistentVolume | undefined;
  const sorted =
    group.length === 1
      ? group
      : group.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  for (let i = 0; i < sorted.length; i++) {
    const pv = sorted[i] as PersistentVolume;
    if (opts.excluded?.has(pv.metadata.name)) continue;
    if (pv.spec.claimRef && !isVolumeBoundToClaim(pv, claim)) continue;
    if (capacityBytes(pv) < request) continue;
    if ((pv.spec.volumeMode ?? 'Filesystem') !== claimMode) continue;
    if (pv.metadata.deletionTimestamp) continue;
    const fitsNode = !opts.node || volumeFitsNode(pv, opts.node);
    if (pv.spec.claimRef && isVolumeBoundToClaim(pv, claim)) return fitsNode ? pv : null;
    if (opts.delayBinding && !opts.node) continue;
    if (pv.status.phase !== 'Available') continue;
    if (claim.spec.selector && !selectorMatches(claim.spec.selector, pv.metadata.labels)) continue;
    if (volumeClass(pv) !== cls) continue;
    if (!fitsNode) continue;
    if (!best || capacityBytes(pv) < capacityBytes(best)) best = pv;
  }
  return best;
}

/** The PV controller's events repeat per periodic resync, not per write (EventCorrelator + resync). */
function claimEvent(ctx: ControllerContext, claim: K8sObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
  ctx.api.recordEvent(claim, type, reason, message, PV_CONTROLLER, undefined, { throttleMs: ctx.state.options.timing.volumeResync });
}

function getClass(ctx: ControllerContext, name: string): StorageClass | undefined {
  return name ? (ctx.api.get('StorageClass', undefined, name) as StorageClass | undefined) : undefined;
}

/** Pods in the claim's namespace that mount it. */
export function podsUsingClaim(ctx: ControllerContext, claim: K8sObject): Pod[] {
  const pods: Pod[] = [];
  const namespace = claim.metadata.namespace;
  for (const key of ctx.claimUsers(namespace, claim.metadata.name)) {
    // The users are pods of the claim's namespace, by storage key.
    const pod = ctx.api.getByKey('Pod', key) as Pod | undefined;
    if (pod) pods.push(pod);
  }
  return pods;
}

/** syncClaim: one pass of the PV controller over a claim. */
export function syncClaim(ctx: ControllerContext, key: string): void {
  const claim = ctx.api.getByKey('PersistentVolumeClaim', key) as PersistentVolumeClaim | undefined;
  if (!claim) return;
  if (claim.metadata.annotations?.[ANN_BIND_COMPLETED] !== 'yes') syncUnboundClaim(ctx, claim, key);
  else syncBoundClaim(ctx, claim);
}

/** findMatchingVolume's options for the PV controller, one object each (read, never kept). */
const DELAY_BINDING = Object.freeze({ delayBinding: true });
const BIND_IMMEDIATELY = Object.freeze({ delayBinding: false });

/** The claim's sync when not yet bound; `key` is its "namespace/name". */
function syncUnboundClaim(ctx: ControllerContext, claim: PersistentVolumeClaim, key: string): void {
  if (!claim.spec.volumeName) {
    const volumes = ctx.candidateVolumes([key]);
    // Read once: nothing this sync writes before provisionClaim changes a StorageClass (or this claim object).
    const className = claimClass(claim);
    const cls = getClass(ctx, className);
    const delayBinding = cls?.volumeBindingMode === 'WaitForFirstConsumer';
    const volume = findMatchingVolume(volumes, claim, delayBinding ? DELAY_BINDING : BIND_IMMEDIATELY);
    if (volume) {
      bind(ctx, volume, claim);
      return;
    }
    // assignDefaultStorageClass (retroactive default, GA v1.28): only a nil class.
    if (claim.spec.storageClassName == null && claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] === undefined) {
      const def = defaultStorageClass(ctx.api.list('StorageClass'));
      if (def) {
        ctx.api.update({ ...claim, spec: { ...claim.spec, storageClassName: def } }, { trusted: true });
        return;
      }
    }
    const selectedNode = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (delayBinding && !selectedNode) {
      const waiting = podsUsingClaim(ctx, claim).filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp);
      if (waiting.length > 0) {
        const names = waiting.map((p) => p.metadata.name).join(',');
        claimEvent(ctx, claim, 'Normal', 'WaitForPodScheduled', `waiting for pod${waiting.length > 1 ? 's' : ''} ${names} to be scheduled`);
      } else {
        claimEvent(ctx, claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      }
    } else if (className !== '') {
      provisionClaim(ctx, claim, cls, key);
    } else {
      claimEvent(ctx, claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    }
    scheduleResync(ctx, key);
    return;
  }
  const volume = ctx.api.get('PersistentVolume', undefined, claim.spec.volumeName) as PersistentVolume | undefined;
  if (!volume) {
    scheduleResync(ctx, key);
    return;
  }
  if (!volume.spec.claimRef) {
    const reason = checkVolumeSatisfyClaim(volume, claim);
    if (reason) {
      claimEvent(ctx, claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volume.metadata.name}": ${reason}`);
      scheduleResync(ctx, key);
      return;
    }
    bind(ctx, volume, claim);
  } else if (isVolumeBoundToClaim(volume, claim)) {
    bind(ctx, volume, claim);
  } else {
    claimEvent(ctx, claim, 'Warning', 'FailedBinding', `volume "${volume.metadata.name}" already bound to a different claim.`);
    scheduleResync(ctx, key);
  }
}

function checkVolumeSatisfyClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (capacityBytes(volume) < requestBytes(claim)) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if ((volume.spec.volumeMode ?? 'Filesystem') !== (claim.spec.volumeMode ?? 'Filesystem')) return 'incompatible volumeMode';
  const modes = volume.spec.accessModes ?? [];
  if (!(claim.spec.accessModes ?? []).every((m) => modes.includes(m))) return 'incompatible accessMode';
  return undefined;
}

/** A bound claim whose volume is gone or taken: Lost, once. */
function markLost(ctx: ControllerContext, claim: PersistentVolumeClaim, reason: string, message: string): void {
  if (claim.status.phase === 'Lost') return;
  ctx.api.updateStatus({ ...claim, status: { ...claim.status, phase: 'Lost' } });
  ctx.api.recordEvent(claim, 'Warning', reason, message, PV_CONTROLLER);
}

function syncBoundClaim(ctx: ControllerContext, claim: PersistentVolumeClaim): void {
  if (!claim.spec.volumeName) return markLost(ctx, claim, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
  const volume = ctx.api.get('PersistentVolume', undefined, claim.spec.volumeName) as PersistentVolume | undefined;
  if (!volume) return markLost(ctx, claim, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  if (!volume.spec.claimRef || (volume.spec.claimRef.uid && volume.spec.claimRef.uid !== claim.metadata.uid)) {
    return markLost(ctx, claim, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }
  if (claim.status.phase !== 'Bound' || volume.status.phase !== 'Bound') {
    bind(ctx, volume, claim);
    return;
  }
  // The external resizer: a grown request (admitted only for expandable classes) grows the volume.
  const requested = claim.spec.resources?.requests?.['storage'];
  const current = claim.status.capacity?.['storage'];
  // The same text is the same size: nothing to parse (the usual case).
  if (requested !== undefined && requested === current) return;
  if (requestBytes(claim) > storageBytes(current)) {
    const storage = requested ?? '';
    const grown = ctx.api.update({ ...volume, spec: { ...volume.spec, capacity: { ...volume.spec.capacity, storage } } }, { trusted: true });
    if (grown.ok) ctx.api.updateStatus({ ...claim, status: { ...claim.status, capacity: { ...claim.status.capacity, storage } } });
  }
}

/** GetBindVolumeToClaim: the volume with a claimRef to `claim`, marked as bound by the controller. */
export function reserveVolume(pv: PersistentVolume, claim: PersistentVolumeClaim): PersistentVolume {
  // Copies that gain members are built by assignment (see bind).
  const annotations: Record<string, string> = shallowCopy(pv.metadata.annotations);
  annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
  const claimRef = {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace ?? '',
    name: claim.metadata.name,
    uid: claim.metadata.uid ?? '',
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion ?? '',
  };
  const spec = shallowCopy(pv.spec);
  spec.claimRef = claimRef;
  return { ...pv, metadata: { ...pv.metadata, annotations }, spec };
}

/** bind: claimRef on the PV, PV Bound, volumeName on the claim, claim Bound with the PV's size. */
function bind(ctx: ControllerContext, volume: PersistentVolume, claim: PersistentVolumeClaim): void {
  let pv = volume;
  if (!isVolumeBoundToClaim(pv, claim) || !pv.spec.claimRef?.uid) {
    const r = ctx.api.update(reserveVolume(pv, claim), { trusted: true, owned: true });
    if (!r.ok) return;
    pv = r.object;
  }
  if (pv.status.phase !== 'Bound') {
    const r = ctx.api.updateStatus({ ...pv, status: { ...pv.status, phase: 'Bound' } });
    if (!r.ok) return;
    pv = r.object;
  }
  let pvc = claim;
  if (pvc.spec.volumeName !== pv.metadata.name || pvc.metadata.annotations?.[ANN_BIND_COMPLETED] !== 'yes') {
    // The copies that gain members are built by assignment (shallowCopy: V8 adds a member to an object
    // made by spreading on a far slower path); same keys, same order as the spread literals.
    const annotations: Record<string, string> = shallowCopy(pvc.metadata.annotations);
    annotations[ANN_BIND_COMPLETED] = 'yes';
    if (pvc.spec.volumeName !== pv.metadata.name) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
    const spec = shallowCopy(pvc.spec);
    spec.volumeName = pv.metadata.name;
    const r = ctx.api.update({ ...pvc, metadata: { ...pvc.metadata, annotations }, spec }, { trusted: true, owned: true });
    if (!r.ok) return;
    pvc = r.object;
  }
  // `{...status, phase, accessModes, capacity}` by assignment; the volume's access modes and capacity
  // as they are (stored objects are never mutated): the claim's status shares them, no copies.
  const status = shallowCopy(pvc.status);
  status.phase = 'Bound';
  status.accessModes = pv.spec.accessModes ?? [];
  status.capacity = pv.spec.capacity ?? {};
  ctx.api.updateStatus({ ...pvc, status });
}

/**
 * What one cluster's storage controllers make once and then share, kept per cluster (a WeakMap on
 * its state): the maps grow with the cluster's sizes, nodes and provisioners, and go with it when it
 * is dropped instead of staying in module state.
 */
interface StorageShares {
  /** The ExternalProvisioning event's text per provisioner name (externalProvisioningMessage). */
  readonly messages: Map<string, string>;
  /** `{storage}` per size (storageCapacity). */
  readonly capacities: Map<string, Record<string, string>>;
  /** The node affinity per node name (hostnameAffinity). */
  readonly affinities: Map<string, NonNullable<PersistentVolume['spec']['nodeAffinity']>>;
}

const storageShares = new WeakMap<ClusterState, StorageShares>();

function sharesOf(ctx: ControllerContext): StorageShares {
  let shares = storageShares.get(ctx.state);
  if (!shares) storageShares.set(ctx.state, (shares = { messages: new Map(), capacities: new Map(), affinities: new Map() }));
  return shares;
}

/**
 * The ExternalProvisioning event's text per provisioner name, made once: every sync of a claim
 * waiting for its volume repeats it (the event index then finds it by a string whose hash is kept).
 */
function externalProvisioningMessage(ctx: ControllerContext, provisioner: string): string {
  const messages = sharesOf(ctx).messages;
  let message = messages.get(provisioner);
  if (message === undefined) {
    message = `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
    messages.set(provisioner, message);
  }
  return message;
}

/**
 * Whether every access mode is ReadWriteOnce or ReadWriteOncePod. An indexed loop: a claim built
 * from a template shares its frozen list, which Array.prototype.some walks many times slower.
 */
function onlyNodeLocalModes(modes: readonly string[] | undefined): boolean {
  if (!modes) return true;
  for (let i = 0; i < modes.length; i++) if (modes[i] !== 'ReadWriteOnce' && modes[i] !== 'ReadWriteOncePod') return false;
  return true;
}

/** provisionClaim: hand the claim to its class's (external) provisioner. */
function provisionClaim(ctx: ControllerContext, claim: PersistentVolumeClaim, cls: StorageClass | undefined, key: string): void {
  if (!cls) {
    claimEvent(ctx, claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${claimClass(claim)}" not found`);
    return;
  }
  let current = claim;
  if (current.metadata.annotations?.[ANN_STORAGE_PROVISIONER] !== cls.provisioner) {
    // Built by assignment, as `{...annotations, [ANN_STORAGE_PROVISIONER]: …, [ANN_BETA_STORAGE_PROVISIONER]: …}` (see bind).
    const annotations: Record<string, string> = shallowCopy(current.metadata.annotations);
    annotations[ANN_STORAGE_PROVISIONER] = cls.provisioner;
    annotations[ANN_BETA_STORAGE_PROVISIONER] = cls.provisioner;
    const r = ctx.api.update({ ...current, metadata: { ...current.metadata, annotations } }, { trusted: true, owned: true });
    if (!r.ok) return;
    current = r.object;
  }
  claimEvent(ctx, current, 'Normal', 'ExternalProvisioning', externalProvisioningMessage(ctx, cls.provisioner));
  if (cls.provisioner === LOCAL_PATH_PROVISIONER) {
    // local-path only makes node-local directories: ReadWriteOnce (or ReadWriteOncePod) only.
    if (!onlyNodeLocalModes(current.spec.accessModes)) {
      ctx.api.recordEvent(
        current,
        'Warning',
        'ProvisioningFailed',
        `failed to provision volume with StorageClass "${cls.metadata.name}": Only support ReadWriteOnce access mode`,
        PROVISIONER_SOURCE,
        undefined,
        { throttleMs: ctx.state.options.timing.volumeResync }
      );
      return;
    }
    if (!ctx.hasTimer('provisioner', key)) {
      ctx.api.recordEvent(
        current,
        'Normal',
        'Provisioning',
        `External provisioner is provisioning volume for claim "${current.metadata.namespace}/${current.metadata.name}"`,
        PROVISIONER_SOURCE
      );
      ctx.schedule('provisioner', key, ctx.now + ctx.state.options.timing.provision);
    }
    return;
  }
  // Any other name: served only while a provisioner pod for it runs (nfs.ts); else the claim waits.
  startNfsProvisioning(ctx, current, cls);
}

/** A periodic resync of claim `key` ("namespace/name"), unless one is pending. */
function scheduleResync(ctx: ControllerContext, key: string): void {
  const timerKey = `claim:${key}`;
  if (ctx.hasTimer('volume', timerKey)) return;
  ctx.schedule('volume', timerKey, ctx.now + ctx.state.options.timing.volumeResync, true);
}

/** A provisioner's work for claim `key` (a 'provisioner' timer) is done: store its volume. */
export function runProvisioner(ctx: ControllerContext, key: string): void {
  const claim = ctx.api.getByKey('PersistentVolumeClaim', key) as PersistentVolumeClaim | undefined;
  if (!claim || claim.spec.volumeName || claim.metadata.deletionTimestamp) return;
  const cls = getClass(ctx, claimClass(claim));
  if (!cls) return;
  if (cls.provisioner === LOCAL_PATH_PROVISIONER) provisionLocalPath(ctx, claim, cls);
  else finishNfsProvisioning(ctx, claim, cls);
}

/** The local-path provisioner finishing: a node-pinned hostPath PV, pre-bound to the claim. */
function provisionLocalPath(ctx: ControllerContext, claim: PersistentVolumeClaim, cls: StorageClass): void {
  const namespace = claim.metadata.namespace ?? '';
  const name = claim.metadata.name;
  const node = claim.metadata.annotations?.[ANN_SELECTED_NODE];
  const pvName = `pvc-${claim.metadata.uid}`;
  if (ctx.api.get('PersistentVolume', undefined, pvName)) return;
  const pv: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: pvName,
      annotations: { [ANN_PROVISIONED_BY]: LOCAL_PATH_PROVISIONER, 'local.path.provisioner/selected-node': node ?? '' },
    },
    spec: {
      // The claim's list as it is, and one capacity object per size (stored objects are never mutated).
      accessModes: claim.spec.accessModes ?? ['ReadWriteOnce'],
      capacity: storageCapacity(ctx, claim.spec.resources?.requests?.['storage'] ?? '1Gi'),
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: claim.metadata.name,
        namespace: claim.metadata.namespace ?? '',
        resourceVersion: claim.metadata.resourceVersion ?? '',
        uid: claim.metadata.uid ?? '',
      },
      hostPath: { path: `/var/local-path-provisioner/${pvName}_${namespace}_${name}`, type: 'DirectoryOrCreate' },
      persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
      storageClassName: cls.metadata.name,
      volumeMode: claim.spec.volumeMode ?? 'Filesystem',
    },
    status: {},
  };
  if (!node) delete pv.metadata.annotations?.['local.path.provisioner/selected-node'];
  else pv.spec.nodeAffinity = hostnameAffinity(ctx, node);
  const created = ctx.api.create(pv, { trusted: true });
  if (!created.ok) return;
  ctx.state.volumes[pvName] = {};
  ctx.api.recordEvent(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, PROVISIONER_SOURCE);
}

/** `{storage}` for a provisioned volume's capacity, one frozen object per size. */
function storageCapacity(ctx: ControllerContext, storage: string): Record<string, string> {
  const capacities = sharesOf(ctx).capacities;
  let capacity = capacities.get(storage);
  if (!capacity) {
    capacity = Object.freeze({ storage });
    capacities.set(storage, capacity);
  }
  return capacity;
}

/**
 * The node affinity pinning a local-path volume to `node`, one frozen object per node name shared by
 * every volume provisioned there (stored objects are never mutated).
 */
function hostnameAffinity(ctx: ControllerContext, node: string): NonNullable<PersistentVolume['spec']['nodeAffinity']> {
  const hostnameAffinities = sharesOf(ctx).affinities;
  let affinity = hostnameAffinities.get(node);
  if (!affinity) {
    affinity = deepFreeze({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } });
    hostnameAffinities.set(node, affinity);
  }
  return affinity;
}


/** The volume with status.phase `phase`: written when it differs, else `pv` itself (also when the write fails). */
function setVolumePhase(ctx: ControllerContext, pv: PersistentVolume, phase: string): PersistentVolume {
  if (pv.status.phase === phase) return pv;
  const r = ctx.api.updateStatus({ ...pv, status: { ...pv.status, phase } });
  return r.ok ? r.object : pv;
}

/** syncVolume: phase bookkeeping and reclaim (Retain keeps Released, Delete removes). */
export function syncVolume(ctx: ControllerContext, name: string): void {
  const pv = ctx.api.get('PersistentVolume', undefined, name) as PersistentVolume | undefined;
  if (!pv) return;
  const ref = pv.spec.claimRef;
  if (!ref || !ref.uid) {
    setVolumePhase(ctx, pv, 'Available');
    return;
  }
  const claim = ctx.api.get('PersistentVolumeClaim', ref.namespace, ref.name ?? '') as PersistentVolumeClaim | undefined;
  if (!claim || claim.metadata.uid !== ref.uid) {
    if (pv.status.phase === 'Released' || pv.status.phase === 'Failed') {
      if (pv.spec.persistentVolumeReclaimPolicy === 'Delete' && !pv.metadata.deletionTimestamp) reclaimDelete(ctx, pv);
      return;
    }
    const released = setVolumePhase(ctx, pv, 'Released');
    reclaim(ctx, released);
    return;
  }
  if (!claim.spec.volumeName) {
    ctx.enqueue('volume', `claim:${objectKey(claim.metadata.namespace, claim.metadata.name)}`);
    return;
  }
  if (claim.spec.volumeName === pv.metadata.name) {
    setVolumePhase(ctx, pv, 'Bound');
    return;
  }
  // The claim is bound to another volume.
  if (pv.metadata.annotations?.[ANN_PROVISIONED_BY] && pv.spec.persistentVolumeReclaimPolicy === 'Delete') {
    reclaim(ctx, setVolumePhase(ctx, pv, 'Released'));
    return;
  }
  const spec = deepClone(pv.spec);
  if (pv.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] === 'yes') spec.claimRef = null;
  else if (spec.claimRef) delete spec.claimRef.uid;
  if (spec.claimRef === null) delete spec.claimRef;
  const r = ctx.api.update({ ...pv, spec }, { trusted: true });
  if (r.ok) ctx.api.updateStatus({ ...r.object, status: { ...r.object.status, phase: 'Available' } });
}

function reclaim(ctx: ControllerContext, pv: PersistentVolume): void {
  const policy = pv.spec.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Retain') return;
  if (policy === 'Delete') {
    reclaimDelete(ctx, pv);
    return;
  }
  ctx.api.updateStatus({ ...pv, status: { ...pv.status, phase: 'Failed', message: 'Volume has unrecognized PersistentVolumeReclaimPolicy' } });
  ctx.api.recordEvent(pv, 'Warning', 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy', PV_CONTROLLER);
}

/** deleteVolumeOperation: the provisioner removes the storage, then the PV object goes. */
function reclaimDelete(ctx: ControllerContext, pv: PersistentVolume): void {
  const provisioner = pv.metadata.annotations?.[ANN_PROVISIONED_BY];
  if (provisioner && provisioner !== LOCAL_PATH_PROVISIONER && !provisioner.startsWith('kubernetes.io/')) {
    // findDeletablePlugin: an external provisioner's volume is left to it, nothing reported; of
    // those, only the NFS provisioners run here (while their pod does).
    if (isNfsProvisioned(pv)) deleteNfsVolume(ctx, pv);
    return;
  }
  if (provisioner !== LOCAL_PATH_PROVISIONER) {
    const message = provisioner
      ? `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`
      : `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`;
    if (pv.status.phase !== 'Failed') {
      ctx.api.updateStatus({ ...pv, status: { ...pv.status, phase: 'Failed', message } });
      ctx.api.recordEvent(pv, 'Warning', 'VolumeFailedDelete', message, PV_CONTROLLER);
    }
    return;
  }
  delete ctx.state.volumes[pv.metadata.name];
  ctx.api.delete('PersistentVolume', undefined, pv.metadata.name);
}

/** pvc-protection: drop the finalizer of a deleted claim once no scheduled, running pod uses it. */
export function syncClaimProtection(ctx: ControllerContext, key: string): void {
  const { namespace, name } = splitObjectKey(key);
  const claim = ctx.api.get('PersistentVolumeClaim', namespace, name);
  if (!claim?.metadata.deletionTimestamp || !claim.metadata.finalizers?.includes('kubernetes.io/pvc-protection')) return;
  const inUse = podsUsingClaim(ctx, claim).some(
    (pod) => !!pod.spec.nodeName && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed'
  );
  if (inUse) return;
  const finalizers = claim.metadata.finalizers.filter((f) => f !== 'kubernetes.io/pvc-protection');
  ctx.api.update({ ...claim, metadata: { ...claim.metadata, finalizers } }, { trusted: true });
}

/** pv-protection: drop the finalizer of a deleted PV once it is not Bound. */
export function syncVolumeProtection(ctx: ControllerContext, name: string): void {
  const pv = ctx.api.get('PersistentVolume', undefined, name) as PersistentVolume | undefined;
  if (!pv?.metadata.deletionTimestamp || !pv.metadata.finalizers?.includes('kubernetes.io/pv-protection')) return;
  if (pv.status.phase === 'Bound') return;
  const finalizers = pv.metadata.finalizers.filter((f) => f !== 'kubernetes.io/pv-protection');
  ctx.api.update({ ...pv, metadata: { ...pv.metadata, finalizers } }, { trusted: true });
}
