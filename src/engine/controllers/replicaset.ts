/**
 * The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`).
 */
import type { K8sObject } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';

/** The informer handlers (addPod/updatePod/deletePod, addRS/updateRS/deleteRS): what to enqueue on a write. */
export function watchReplicaSets(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  void ctx;
  void obj;
  void old;
  void deleted;
}

/** `syncReplicaSet` for the ReplicaSet "namespace/name". */
export function syncReplicaSet(ctx: ControllerContext, key: string): void {
  void ctx;
  void key;
}
