/**
 * The ServiceAccount admission plugin on pod create (`plugin/pkg/admission/serviceaccount/admission.go`):
 * the pod's service account must exist, and unless automounting is switched off (pod first, then
 * service account) every container and init container mounts the projected `kube-api-access-<5>`
 * volume at /var/run/secrets/kubernetes.io/serviceaccount.
 */
import type { Container, K8sObject, Pod, Volume } from '../model/types.ts';
import { appended, deepClone, deepFreeze, shallowCopy } from '../model/util.ts';
import { randomSuffix } from '../sim/rng.ts';

export const SERVICE_ACCOUNT_VOLUME_NAME = 'kube-api-access';
export const DEFAULT_API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds. */
const TOKEN_EXPIRATION_SECONDS = 3607;
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * `Admit`: mutates `pod` in place (its spec must already be a private copy; containers are copied
 * before they change). Returns the Forbidden message when the service account is missing.
 */
export function admitServiceAccount(
  pod: Pod,
  lookup: (namespace: string, name: string) => K8sObject | undefined,
  rng: { rng: number }
): string | undefined {
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return undefined;
  const namespace = pod.metadata.namespace ?? 'default';
  if (typeof pod.spec.serviceAccountName !== 'string' || pod.spec.serviceAccountName === '') pod.spec.serviceAccountName = 'default';
  const name = pod.spec.serviceAccountName as string;
  let sa = lookup(namespace, name);
  // getServiceAccount retries the "default" account for a while: the controller creates it moments
  // after its namespace. Here the controller has not run yet only within one apply, so assume it.
  if (!sa && name === 'default') sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
  if (!sa) return `pods "${admissionName(pod)}" is forbidden: error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`;
  if (shouldAutomount(sa, pod)) mountServiceAccountToken(pod, rng);
  if (!Array.isArray(pod.spec['imagePullSecrets']) || (pod.spec['imagePullSecrets'] as unknown[]).length === 0) {
    const secrets = sa['imagePullSecrets'];
    if (Array.isArray(secrets) && secrets.length > 0) pod.spec['imagePullSecrets'] = deepClone(secrets);
  }
  return undefined;
}

/**
 * admission.NewForbidden's name: admission runs before the name is generated, so a pod made from
 * generateName (a ReplicaSet's) is named by its prefix, `web-7c5b8f6d4-`.
 */
function admissionName(pod: Pod): string {
  const { name, generateName } = pod.metadata;
  if (generateName && name.length === generateName.length + 5 && name.startsWith(generateName)) return generateName;
  return name;
}

/** shouldAutomount: the pod's preference wins, then the service account's, then true. */
function shouldAutomount(sa: K8sObject, pod: Pod): boolean {
  const fromPod = pod.spec['automountServiceAccountToken'];
  if (typeof fromPod === 'boolean') return fromPod;
  const fromSa = sa['automountServiceAccountToken'];
  if (typeof fromSa === 'boolean') return fromSa;
  return true;
}

/** mountServiceAccountToken. */
function mountServiceAccountToken(pod: Pod, rng: { rng: number }): void {
  const volumes = pod.spec.volumes ?? [];
  // Mutating admission runs before validation: a volume may still lack its name (Go reads "").
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(`${SERVICE_ACCOUNT_VOLUME_NAME}-`));
  const volumeName = existing?.name ?? `${SERVICE_ACCOUNT_VOLUME_NAME}-${randomSuffix(rng, 5)}`;
  let needsTokenVolume = false;
  const addMount = (list: Container[]): Container[] =>
    list.map((c) => {
      if ((c.volumeMounts ?? []).some((m) => m.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) return c;
      needsTokenVolume = true;
      // Arrays of the exact length (appended), kept by every version of the pod (see addFinalizer in server.ts).
      // Copied by assignment (shallowCopy): a container without mounts gains the key.
      const copy = shallowCopy(c);
      copy.volumeMounts = appended(c.volumeMounts ?? [], { name: volumeName, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH });
      return copy;
    });
  if (pod.spec.initContainers) pod.spec.initContainers = addMount(pod.spec.initContainers);
  pod.spec.containers = addMount(pod.spec.containers ?? []);
  if (!existing && needsTokenVolume) pod.spec.volumes = appended(volumes, tokenVolume(volumeName));
}

/** createVolume / TokenVolumeSource. The source is the same for every pod: one frozen copy is shared (stored objects are never mutated). */
function tokenVolume(name: string): Volume {
  return { name, projected: TOKEN_SOURCE };
}

const TOKEN_SOURCE = deepFreeze({
  sources: [
    { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ],
  defaultMode: 420,
}) as NonNullable<Volume['projected']>;

