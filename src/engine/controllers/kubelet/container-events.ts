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
  return fieldPathOptions(pod, name)?.fieldPath;
}

/** recordContainerEvent: one event about container `name` of the pod, from the kubelet on `node`. */
export function recordContainerEvent(api: ApiServer, pod: Pod, node: string, name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
  api.recordEvent(pod, type, reason, message, KUBELET_COMPONENT, node, fieldPathOptions(pod, name) ?? NO_OPTIONS);
}

interface FieldPathOptions {
  readonly fieldPath: string;
}

const NO_OPTIONS = Object.freeze({});

/**
 * The event options naming the container's fieldPath, one frozen object per path (recordEvent only
 * reads them): the kubelet records four or more events per container, always about the same few names.
 */
function fieldPathOptions(pod: Pod, name: string): FieldPathOptions | undefined {
  if (declares(pod.spec.containers, name)) return kept(appPaths, 'spec.containers', name);
  if (declares(pod.spec.initContainers, name)) return kept(initPaths, 'spec.initContainers', name);
  const ephemeral = pod.spec['ephemeralContainers'] as { name?: string }[] | undefined;
  if (Array.isArray(ephemeral) && ephemeral.some((c) => c.name === name)) return kept(ephemeralPaths, 'spec.ephemeralContainers', name);
  return undefined;
}

function declares(containers: readonly { name: string }[] | undefined, name: string): boolean {
  if (!containers) return false;
  for (let i = 0; i < containers.length; i++) if ((containers[i] as { name: string }).name === name) return true;
  return false;
}

const appPaths = new Map<string, FieldPathOptions>();
const initPaths = new Map<string, FieldPathOptions>();
const ephemeralPaths = new Map<string, FieldPathOptions>();

/** `<field>{<name>}` as options, kept per name (cleared past a bound: a long session keeps few). */
function kept(paths: Map<string, FieldPathOptions>, field: string, name: string): FieldPathOptions {
  let options = paths.get(name);
  if (!options) {
    if (paths.size >= 256) paths.clear();
    options = Object.freeze({ fieldPath: `${field}{${name}}` });
    paths.set(name, options);
  }
  return options;
}
