/**
 * Container events as the kubelet records them (`kubeGenericRuntimeManager.recordContainerEvent`):
 * the involved object is the pod with a fieldPath naming the container
 * (`kubecontainer.GenerateContainerRef`), so `describe` prefixes `spec.containers{nginx}:` and
 * `get events -o wide` fills SUBOBJECT.
 */
import type { ApiServer } from '../../api/server.ts';
import type { Pod } from '../../model/types.ts';

export const KUBELET_COMPONENT = 'kubelet';

/** GenerateContainerRef → fieldPath.FieldPath: where the container is declared in the pod spec. */
export function containerFieldPath(pod: Pod, name: string): string | undefined {
  if (pod.spec.containers.some((c) => c.name === name)) return `spec.containers{${name}}`;
  if ((pod.spec.initContainers ?? []).some((c) => c.name === name)) return `spec.initContainers{${name}}`;
  const ephemeral = pod.spec['ephemeralContainers'] as { name?: string }[] | undefined;
  if (Array.isArray(ephemeral) && ephemeral.some((c) => c.name === name)) return `spec.ephemeralContainers{${name}}`;
  return undefined;
}

/** recordContainerEvent: one event about container `name` of the pod, from the kubelet on `node`. */
export function recordContainerEvent(api: ApiServer, pod: Pod, node: string, name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
  const fieldPath = containerFieldPath(pod, name);
  api.recordEvent(pod, type, reason, message, KUBELET_COMPONENT, node, fieldPath ? { fieldPath } : {});
}
