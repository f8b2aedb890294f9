/**
 * StatefulPodControl (stateful_pod_control.go): the pod and claim writes of the StatefulSet
 * controller, each with its event, and the claim-retention checks they rest on.
 */
import type { StatusError } from '../../api/server.ts';
import type { K8sObject, PersistentVolumeClaim, Pod, StatefulSet } from '../../model/types.ts';
import { deepClone } from '../../model/util.ts';
import type { ControllerContext } from '../../sim/context.ts';
import { SyncError } from './sync-error.ts';
import { createBuiltClaim, createBuiltPod } from './trusted.ts';
import {
  buildClaim,
  claimNamesFor,
  claimTemplatesOf,
  getOrdinal,
  hasStaleOwnerRef,
  hasUnexpectedController,
  identityMatches,
  isClaimOwnerUpToDate,
  retentionPolicy,
  storageMatches,
  updateClaimOwnerRefForSetAndPod,
  updateIdentity,
  updateStorage,
} from './utils.ts';

const COMPONENT = 'statefulset-controller';

/** The event reasons per verb ("Successful<Verb>", "Failed<Verb>"), spelled once. */
const REASONS: Readonly<Record<PodVerb, { readonly ok: string; readonly failed: string }>> = {
  create: { ok: 'SuccessfulCreate', failed: 'FailedCreate' },
  update: { ok: 'SuccessfulUpdate', failed: 'FailedUpdate' },
  delete: { ok: 'SuccessfulDelete', failed: 'FailedDelete' },
};
type PodVerb = 'create' | 'update' | 'delete';

export function recordPodEvent(ctx: ControllerContext, verb: PodVerb, set: StatefulSet, pod: Pod, error?: string): void {
  if (error === undefined) {
    ctx.api.recordEvent(set, 'Normal', REASONS[verb].ok, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
  } else {
    ctx.api.recordEvent(set, 'Warning', REASONS[verb].failed, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${error}`, COMPONENT);
  }
}

function recordClaimEvent(ctx: ControllerContext, verb: PodVerb, set: StatefulSet, pod: Pod, claim: K8sObject, error?: string): void {
  if (error === undefined) {
    ctx.api.recordEvent(
      set,
      'Normal',
      REASONS[verb].ok,
      `${verb} Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`,
      COMPONENT
    );
  } else {
    ctx.api.recordEvent(
      set,
      'Warning',
      REASONS[verb].failed,
      `${verb} Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${error}`,
      COMPONENT
    );
  }
}

/** createPersistentVolumeClaims: create missing claims; a claim being deleted is an error. */
function createPersistentVolumeClaims(ctx: ControllerContext, set: StatefulSet, pod: Pod): string | undefined {
  let errors: string[] | undefined;
  const entries = claimTemplatesOf(set);
  if (entries.length === 0) return undefined;
  // getPersistentVolumeClaims builds every claim; only a missing one is needed as an object.
  const names = claimNamesFor(set, getOrdinal(pod));
  for (const entry of entries) {
    const name = names[entry.at] ?? '';
    const existing = ctx.api.get('PersistentVolumeClaim', set.metadata.namespace ?? entry.metadata?.namespace, name);
    if (!existing) {
      const claim = buildClaim(set, entry, name);
      const result = createBuiltClaim(ctx, set, entry.template, claim);
      if (!result.ok) (errors ??= []).push(`failed to create PVC ${name}: ${result.error.message}`);
      if (result.ok || result.error.reason !== 'AlreadyExists') recordClaimEvent(ctx, 'create', set, pod, claim, result.ok ? undefined : result.error.message);
    } else if (existing.metadata.deletionTimestamp) {
      (errors ??= []).push(`pvc ${name} is being deleted`);
    }
  }
  return errors === undefined ? undefined : errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

/** CreateStatefulPod: claims first, then the pod, then claim owner refs, then the event. */
export function createStatefulPod(ctx: ControllerContext, set: StatefulSet, pod: Pod): SyncError | undefined {
  const claimError = createPersistentVolumeClaims(ctx, set, pod);
  if (claimError) {
    recordPodEvent(ctx, 'create', set, pod, claimError);
    return new SyncError(claimError);
  }
  const result = createBuiltPod(ctx, set, pod);
  if (!result.ok && result.error.reason === 'AlreadyExists') return new SyncError(result.error.message);
  const claimRefError = updatePodClaimForRetentionPolicy(ctx, set, result.ok ? result.object : pod);
  if (claimRefError) {
    recordPodEvent(ctx, 'update', set, pod, claimRefError.message);
    return claimRefError;
  }
  recordPodEvent(ctx, 'create', set, pod, result.ok ? undefined : result.error.message);
  return result.ok ? undefined : new SyncError(result.error.message);
}

/** createMissingPersistentVolumeClaims (pending pods): recreate claims, then fix their refs. */
export function createMissingPersistentVolumeClaims(ctx: ControllerContext, set: StatefulSet, pod: Pod): SyncError | undefined {
  const err = createPersistentVolumeClaims(ctx, set, pod);
  if (err) return new SyncError(err);
  return updatePodClaimForRetentionPolicy(ctx, set, pod);
}

export function deleteStatefulPod(ctx: ControllerContext, set: StatefulSet, pod: Pod): StatusError | undefined {
  const result = ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
  recordPodEvent(ctx, 'delete', set, pod, result.ok ? undefined : result.error.message);
  return result.ok ? undefined : result.error;
}

/** UpdateStatefulPod: repair identity/storage/claim refs and write the pod if anything was off. */
export function updateStatefulPod(ctx: ControllerContext, set: StatefulSet, pod: Pod): SyncError | undefined {
  let consistent = true;
  if (!identityMatches(set, pod)) {
    updateIdentity(set, pod);
    consistent = false;
  }
  if (!storageMatches(set, pod)) {
    updateStorage(set, pod);
    consistent = false;
    const err = createPersistentVolumeClaims(ctx, set, pod);
    if (err) {
      recordPodEvent(ctx, 'update', set, pod, err);
      return new SyncError(err);
    }
  }
  if (!claimsMatchRetentionPolicy(ctx, set, pod)) {
    const err = updatePodClaimForRetentionPolicy(ctx, set, pod);
    if (err) {
      recordPodEvent(ctx, 'update', set, pod, err.message);
      return err;
    }
    consistent = false;
  }
  if (consistent) return undefined;
  const current = ctx.api.get('Pod', pod.metadata.namespace, pod.metadata.name);
  const result = ctx.api.update({ ...pod, metadata: { ...pod.metadata, resourceVersion: current?.metadata.resourceVersion ?? '' } });
  recordPodEvent(ctx, 'update', set, pod, result.ok ? undefined : result.error.message);
  return result.ok ? undefined : new SyncError(result.error.message);
}

/** The names of the pod's claims, one per claim template (getPersistentVolumeClaimName, shared). */
export function podClaimNames(set: StatefulSet, pod: Pod): readonly string[] {
  return claimNamesFor(set, getOrdinal(pod));
}

export function getClaim(ctx: ControllerContext, set: StatefulSet, name: string): PersistentVolumeClaim | undefined {
  return ctx.api.get('PersistentVolumeClaim', set.metadata.namespace, name) as PersistentVolumeClaim | undefined;
}

/** ClaimsMatchRetentionPolicy: every existing claim of the pod has the owner refs the policy wants. */
export function claimsMatchRetentionPolicy(ctx: ControllerContext, set: StatefulSet, pod: Pod): boolean {
  for (const name of podClaimNames(set, pod)) {
    const claim = getClaim(ctx, set, name);
    if (claim && !isClaimOwnerUpToDate(claim, set, pod)) return false;
  }
  return true;
}

/** PodClaimIsStale: with whenScaled=Delete, a claim still owned by an earlier pod of this name. */
export function podClaimIsStale(ctx: ControllerContext, set: StatefulSet, pod: Pod): boolean {
  if (retentionPolicy(set).whenScaled !== 'Delete') return false;
  for (const name of podClaimNames(set, pod)) {
    const claim = getClaim(ctx, set, name);
    if (claim && hasStaleOwnerRef(claim, pod)) return true;
  }
  return false;
}

/** UpdatePodClaimForRetentionPolicy: fix claim owner refs; warn about a foreign controller. */
export function updatePodClaimForRetentionPolicy(ctx: ControllerContext, set: StatefulSet, pod: Pod): SyncError | undefined {
  for (const name of podClaimNames(set, pod)) {
    const claim = getClaim(ctx, set, name);
    if (!claim) continue;
    if (hasUnexpectedController(claim, set, pod)) {
      ctx.api.recordEvent(
        set,
        'Warning',
        'ConflictingController',
        `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
        COMPONENT
      );
    }
    if (isClaimOwnerUpToDate(claim, set, pod)) continue;
    const copy = deepClone(claim);
    if (hasUnexpectedController(claim, set, pod)) {
      copy.metadata.ownerReferences = (copy.metadata.ownerReferences ?? []).filter(
        (r) => r.uid !== set.metadata.uid && r.uid !== pod.metadata.uid
      );
    } else if (!updateClaimOwnerRefForSetAndPod(copy, set, pod)) continue;
    const result = ctx.api.update(copy, { trusted: true });
    if (!result.ok) return new SyncError(`could not update claim ${name} for delete policy ownerRefs: ${result.error.message}`);
  }
  return undefined;
}
