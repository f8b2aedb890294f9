/**
 * Container events as the kubelet records them (`kubeGenericRuntimeManager.recordContainerEvent`):
 * the involved object is the pod with a fieldPath naming the container
 * (`kubecontainer.GenerateContainerRef`), so `describe` prefixes `spec.containers{nginx}:` and
 * `get events -o wide` fills SUBOBJECT.
 */
import type { ApiServer } from '../../api/server.ts';
import type { Container, Pod } from '../../model/types.ts';
import { boundedMemo } from '../../model/util.ts';

export const KUBELET_COMPONENT = 'kubelet';

/** GenerateContainerRef → fieldPath.FieldPath: where the container is declared in the pod spec. */
export function containerFieldPath(pod: Pod, name: string): string | undefined {
  return containerRef(pod, name)?.fieldPath;
}

/** The recordEvent options naming one container: `{ fieldPath }`. */
interface ContainerRef {
  readonly fieldPath: string;
}

/**
 * The reference options per container name, one map per list a container is declared in: the
 * fieldPath names only the list and the name, so one options object (and one fieldPath string, kept
 * by every event reference made from it) serves every event about that container of every pod of a
 * workload. Frozen, as the API server keeps what it is handed; cleared past a bound.
 */
const appRef = boundedMemo((name): ContainerRef => Object.freeze({ fieldPath: `spec.containers{${name}}` }));
const initRef = boundedMemo((name): ContainerRef => Object.freeze({ fieldPath: `spec.initContainers{${name}}` }));

function containerRef(pod: Pod, name: string): ContainerRef | undefined {
  const spec = pod.spec;
  if (declares(spec.containers, name)) return appRef(name);
  if (declares(spec.initContainers, name)) return initRef(name);
  const ephemeral = spec['ephemeralContainers'] as { name?: string }[] | undefined;
  if (Array.isArray(ephemeral) && ephemeral.some((c) => c.name === name)) return { fieldPath: `spec.ephemeralContainers{${name}}` };
  return undefined;
}

function declares(containers: readonly Container[] | undefined, name: string): boolean {
  if (!containers) return false;
  for (const c of containers) if (c.name === name) return true;
  return false;
}

const NO_REF = Object.freeze({});

/** recordContainerEvent: one event about container `name` of the pod, from the kubelet on `node`. */
export function recordContainerEvent(api: ApiServer, pod: Pod, node: string, name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
  api.recordEvent(pod, type, reason, message, KUBELET_COMPONENT, node, containerRef(pod, name) ?? NO_REF);
}
