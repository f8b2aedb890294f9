/**
 * The garbage collector (pkg/controller/garbagecollector): dependents whose owners are all gone are
 * deleted in the background; `orphan` strips owner references; `foregroundDeletion` waits for the
 * blocking dependents to go before the owner is removed.
 */
import { resolveKind } from '../model/kinds.ts';
import type { K8sObject, OwnerReference } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';

/** Reverse index owner uid → dependent "Kind|namespace/name" keys, kept by the engine on every write. */
export type OwnerIndex = Map<string, Set<string>>;

export function dependentKey(obj: K8sObject): string {
  return `${obj.kind}|${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

function getDependent(ctx: ControllerContext, key: string): K8sObject | undefined {
  const [kind = '', rest = ''] = key.split('|');
  const slash = rest.indexOf('/');
  return ctx.api.get(kind, rest.slice(0, slash), rest.slice(slash + 1));
}

function ownerAlive(ctx: ControllerContext, dependent: K8sObject, uid: string, kind: string, name: string): boolean {
  const info = resolveKind(kind);
  if (!info) return false;
  const owner = ctx.api.get(info.kind, info.namespaced ? dependent.metadata.namespace : undefined, name);
  return !!owner && owner.metadata.uid === uid;
}

/** attemptToDeleteItem for every dependent of `ownerUid` (called when an owner changes or goes). */
export function processOwner(ctx: ControllerContext, index: OwnerIndex, ownerUid: string, owner: K8sObject | undefined): void {
  // Sorted, so the order of the writes below does not depend on how the index was built: a cluster
  // restored from a snapshot (index rebuilt kind by kind) writes exactly as the original does.
  const dependents = [...(index.get(ownerUid) ?? [])].sort();
  if (owner?.metadata.deletionTimestamp) {
    const finalizers = owner.metadata.finalizers ?? [];
    if (finalizers.includes('orphan')) {
      for (const key of dependents) {
        const dep = getDependent(ctx, key);
        if (!dep) continue;
        const refs = (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
        const meta = { ...dep.metadata, ownerReferences: refs };
        if (refs.length === 0) delete (meta as Partial<typeof meta>).ownerReferences;
        ctx.api.update({ ...dep, metadata: meta }, { trusted: true });
      }
      removeFinalizer(ctx, owner, 'orphan');
      return;
    }
    if (finalizers.includes('foregroundDeletion')) {
      let blocking = 0;
      for (const key of dependents) {
        const dep = getDependent(ctx, key);
        if (!dep) continue;
        const ref = dep.metadata.ownerReferences?.find((r) => r.uid === ownerUid);
        if (ref?.blockOwnerDeletion) blocking++;
        if (!dep.metadata.deletionTimestamp) ctx.api.delete(dep.kind, dep.metadata.namespace, dep.metadata.name, { propagationPolicy: 'Foreground' });
      }
      if (blocking === 0) removeFinalizer(ctx, owner, 'foregroundDeletion');
      return;
    }
    return;
  }
  if (owner) return;
  for (const key of dependents) {
    const dep = getDependent(ctx, key);
    if (!dep) continue;
    const refs = dep.metadata.ownerReferences ?? [];
    const alive = refs.filter((r) => r.uid !== ownerUid && ownerAlive(ctx, dep, r.uid, r.kind, r.name));
    if (alive.length > 0) {
      const dangling = refs.filter((r) => r.uid === ownerUid || !ownerAlive(ctx, dep, r.uid, r.kind, r.name));
      if (dangling.length > 0) ctx.api.update({ ...dep, metadata: { ...dep.metadata, ownerReferences: alive } }, { trusted: true });
      continue;
    }
    if (!dep.metadata.deletionTimestamp) ctx.api.delete(dep.kind, dep.metadata.namespace, dep.metadata.name, { propagationPolicy: 'Background' });
  }
}

function removeFinalizer(ctx: ControllerContext, obj: K8sObject, finalizer: string): void {
  const fresh = ctx.api.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
  if (!fresh) return;
  const finalizers = (fresh.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  ctx.api.update({ ...fresh, metadata: { ...fresh.metadata, finalizers } }, { trusted: true });
}

/** Keeps the reverse owner index in step with one write. */
export function indexOwners(index: OwnerIndex, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  // Most writes keep the stored owner references (the same array): nothing to move. Membership is
  // all that counts, as processOwner sorts the dependents it reads.
  if (!deleted && old && old.metadata.ownerReferences === obj.metadata.ownerReferences) return;
  const key = dependentKey(obj);
  // Indexed loops: every write with new owner references passes here (a for-of here made iterator results).
  const before = old?.metadata.ownerReferences;
  if (before) for (let i = 0; i < before.length; i++) index.get((before[i] as OwnerReference).uid)?.delete(key);
  if (deleted) return;
  const refs = obj.metadata.ownerReferences;
  if (!refs) return;
  for (let i = 0; i < refs.length; i++) {
    const uid = (refs[i] as OwnerReference).uid;
    let set = index.get(uid);
    if (!set) index.set(uid, (set = new Set()));
    set.add(key);
  }
}
