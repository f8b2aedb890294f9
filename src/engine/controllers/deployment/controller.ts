/**
 * The Deployment controller (`pkg/controller/deployment/deployment_controller.go`).
 */
import type { K8sObject } from '../../model/types.ts';
import type { ControllerContext } from '../../sim/context.ts';

/** The informer handlers (addDeployment, addReplicaSet, deletePod, …): what to enqueue on a write. */
export function watchDeployments(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  void ctx;
  void obj;
  void old;
  void deleted;
}

/** `syncDeployment` for the Deployment "namespace/name". */
export function syncDeployment(ctx: ControllerContext, key: string): void {
  void ctx;
  void key;
}
