/**
 * The service account controller (`pkg/controller/serviceaccount/serviceaccounts_controller.go`):
 * every active namespace has a ServiceAccount "default".
 */
import type { K8sObject } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';

/** The informer handlers (namespaceAdded, serviceAccountDeleted): what to enqueue on a write. */
export function watchServiceAccounts(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  void ctx;
  void obj;
  void old;
  void deleted;
}

/** `syncNamespace` for the namespace `key`: creates the missing ServiceAccounts. */
export function syncServiceAccounts(ctx: ControllerContext, key: string): void {
  void ctx;
  void key;
}
