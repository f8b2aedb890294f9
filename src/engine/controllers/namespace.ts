/**
 * The namespace controller (pkg/controller/namespace): a Terminating namespace has all its content
 * deleted; once nothing is left, its `kubernetes` finalizer is done and the namespace goes.
 */
import { allKinds } from '../model/kinds.ts';
import type { ControllerContext } from '../sim/context.ts';
import { objectKey } from '../sim/state.ts';

export function syncNamespace(ctx: ControllerContext, name: string): void {
  const ns = ctx.api.get('Namespace', undefined, name);
  if (!ns?.metadata.deletionTimestamp) return;
  let remaining = 0;
  for (const info of allKinds()) {
    if (!info.namespaced) continue;
    // list() hands out a snapshot array: deleting while iterating it is safe.
    for (const obj of ctx.api.list(info.kind, name)) {
      remaining++;
      if (!obj.metadata.deletionTimestamp) ctx.api.delete(info.kind, name, obj.metadata.name, { propagationPolicy: 'Background' });
    }
  }
  if (remaining === 0) ctx.api.remove('Namespace', objectKey(undefined, name));
}
