/**
 * The VolumeRestrictions plugin (`pkg/scheduler/framework/plugins/volumerestrictions`), its
 * ReadWriteOncePod half: PreFilter (`readWriteOncePodPVCsForPod` + `calPreFilterState`) counts the
 * pod's ReadWriteOncePod claims that a pod in the snapshot already uses; Filter
 * (`satisfyReadWriteOncePod`) then rejects every node with Unschedulable, since the count is
 * cluster-wide. The disk-conflict half (GCE PD, EBS, RBD, iSCSI) has no volume types here.
 */
import type { PersistentVolumeClaim, Pod } from '../../model/types.ts';
import type { FilterStatus, Snapshot } from './plugins.ts';

export const ERR_READ_WRITE_ONCE_POD_CONFLICT =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

/** `calPreFilterState`: how many of the pod's ReadWriteOncePod claims a scheduled pod already uses. */
export function readWriteOncePodConflicts(pod: Pod, claims: PersistentVolumeClaim[], snap: Snapshot): number {
  const claimed = claims.filter((c) => (c.spec.accessModes ?? []).includes('ReadWriteOncePod'));
  // No ReadWriteOncePod claim (the usual case): nothing to look for.
  if (claimed.length === 0) return 0;
  const rwop = new Set(claimed.map((c) => c.metadata.name));
  const namespace = pod.metadata.namespace ?? 'default';
  const used = new Set<string>();
  // `StorageInfos().IsPVCUsedByPods`: any pod in the snapshot (bound or assumed) in the namespace.
  for (const info of snap.nodes)
    for (const other of info.pods) {
      if (other.metadata.uid === pod.metadata.uid || (other.metadata.namespace ?? 'default') !== namespace) continue;
      for (const v of other.spec.volumes ?? []) {
        const name = v.persistentVolumeClaim?.claimName;
        if (name && rwop.has(name)) used.add(name);
      }
    }
  return used.size;
}

/** `satisfyReadWriteOncePod`: preemption could free the claim, so the status is only Unschedulable. */
export function filterReadWriteOncePod(conflicts: number): FilterStatus | undefined {
  return conflicts > 0 ? { code: 'Unschedulable', reasons: [ERR_READ_WRITE_ONCE_POD_CONFLICT] } : undefined;
}
