/**
 * The disruption controller (`pkg/controller/disruption/disruption.go`): PodDisruptionBudget status.
 */
import type { K8sObject } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';

/** The informer handlers (addPod/updatePod/deletePod, addDB/updateDB): what to enqueue on a write. */
export function watchDisruptions(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  void ctx;
  void obj;
  void old;
  void deleted;
}

/** `sync` for the PodDisruptionBudget "namespace/name". */
export function syncDisruption(ctx: ControllerContext, key: string): void {
  void ctx;
  void key;
}
