/**
 * Container events as the kubelet records them (`kubeGenericRuntimeManager.recordContainerEvent`):
 * the involved object is the pod with a fieldPath naming the container
 * (`kubecontainer.GenerateContainerRef`), so `describe` prefixes `spec.containers{nginx}:` and
 * `get events -o wide` fills SUBOBJECT.
 */
import type { ApiServer } from '../../api/server.ts';
import type { Container, Pod } from '../../model/types.ts';

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
 * The reference options per container spec object, one map per list it is declared in: stored pod
 * specs are never mutated and a StatefulSet's pods share their template's containers, so one options
 * object (and one fieldPath string, kept by every event reference made from it) serves every event
 * about that container. A container is found by its name, so the object's name is the one asked for.
 */
const appRefs = new WeakMap<Container, ContainerRef>();
const initRefs = new WeakMap<Container, ContainerRef>();

function containerRef(pod: Pod, name: string): ContainerRef | undefined {
  const spec = pod.spec;
  const container = findNamed(spec.containers, name);
  if (container) return memoRef(appRefs, container, 'spec.containers');
  const init = findNamed(spec.initContainers, name);
  if (init) return memoRef(initRefs, init, 'spec.initContainers');
  const ephemeral = spec['ephemeralContainers'] as { name?: string }[] | undefined;
  if (Array.isArray(ephemeral) && ephemeral.some((c) => c.name === name)) return { fieldPath: `spec.ephemeralContainers{${name}}` };
  return undefined;
}

function findNamed(containers: readonly Container[] | undefined, name: string): Container | undefined {
  if (!containers) return undefined;
  for (const c of containers) if (c.name === name) return c;
  return undefined;
}

function memoRef(refs: WeakMap<Container, ContainerRef>, container: Container, list: string): ContainerRef {
  let ref = refs.get(container);
  if (!ref) refs.set(container, (ref = Object.freeze({ fieldPath: `${list}{${container.name}}` })));
  return ref;
}

const NO_REF = Object.freeze({});

/** recordContainerEvent: one event about container `name` of the pod, from the kubelet on `node`. */
export function recordContainerEvent(api: ApiServer, pod: Pod, node: string, name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
  api.recordEvent(pod, type, reason, message, KUBELET_COMPONENT, node, containerRef(pod, name) ?? NO_REF);
}
