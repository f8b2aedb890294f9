/**
 * What the kubelet reads from Secrets and ConfigMaps for a pod:
 * - volumes (`pkg/volume/secret`, `pkg/volume/configmap`, `pkg/volume/projected`): set up before the
 *   sandbox starts; a missing object (not `optional`) fails `MountVolume.SetUp` and the pod waits in
 *   ContainerCreating, retrying with a growing back-off;
 * - environment (`kubelet_pods.go` makeEnvironmentVariables): resolved when a container is created;
 *   a missing object or key (not `optional`) is a CreateContainerConfigError.
 * `kubectl exec` sees the env recorded when the container was created (`recordContainerEnv`) and
 * the volume files as they are now (the kubelet's periodic sync refreshes them). The kubelet calls in through the hold*
 * functions, a few lines in its lifecycle.
 */
import { encodeBase64, secretValueText, utf8Encode } from '../api/core-extra.ts';
import type { ApiServer } from '../api/server.ts';
import type { Container, ContainerStatus, K8sObject, Pod, Volume } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';
import type { PodRuntime } from '../sim/state.ts';
import { fromRfc3339 } from '../sim/time.ts';
import { recordContainerEvent } from './kubelet/container-events.ts';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A Secret's or ConfigMap's entries as the container sees them (decoded text). */
function entriesOf(source: K8sObject): Record<string, string> {
  const out: Record<string, string> = {};
  if (source.kind === 'Secret') {
    for (const [k, v] of Object.entries(obj(source['data']) ?? {})) out[k] = secretValueText(v);
  } else {
    for (const [k, v] of Object.entries(obj(source['binaryData']) ?? {})) out[k] = secretValueText(v);
    for (const [k, v] of Object.entries(obj(source['data']) ?? {})) out[k] = str(v);
  }
  return out;
}

function lookup(api: ApiServer, kind: 'Secret' | 'ConfigMap', namespace: string, name: string): K8sObject | undefined {
  return api.get(kind, namespace, name);
}

function missing(kind: 'Secret' | 'ConfigMap', name: string): string {
  return `${kind === 'Secret' ? 'secret' : 'configmap'} "${name}" not found`;
}

// ---------------------------------------------------------------------------------------------
// Environment

/** The value of a `fieldRef` (the downward API fields a pod may read). */
function fieldValue(pod: Pod, path: string): string {
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return str(pod.spec['serviceAccountName']);
    case 'status.podIP':
      return pod.status.podIP ?? '';
    case 'status.hostIP':
      return pod.status.hostIP ?? '';
    default: {
      const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2] ?? ''] ?? '';
      return '';
    }
  }
}

/** `$(VAR)` references to variables defined earlier (expansion.MappingFuncFor); `$$` escapes. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return name !== undefined && Object.hasOwn(env, name) ? (env[name] ?? '') : whole;
  });
}

/** makeEnvironmentVariables for one container: envFrom first, then env in order. */
export function containerEnv(api: ApiServer, pod: Pod, container: Container): { env: Record<string, string> } | { error: string } {
  const namespace = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const raw of Array.isArray(container['envFrom']) ? (container['envFrom'] as unknown[]) : []) {
    const from = obj(raw);
    if (!from) continue;
    const prefix = str(from['prefix']);
    for (const kind of ['ConfigMap', 'Secret'] as const) {
      const ref = obj(from[kind === 'ConfigMap' ? 'configMapRef' : 'secretRef']);
      if (!ref) continue;
      const source = lookup(api, kind, namespace, str(ref['name']));
      if (!source) {
        if (ref['optional'] === true) continue;
        return { error: missing(kind, str(ref['name'])) };
      }
      for (const [k, v] of Object.entries(entriesOf(source))) env[prefix + k] = v;
    }
  }
  for (const raw of Array.isArray(container['env']) ? (container['env'] as unknown[]) : []) {
    const e = obj(raw);
    if (!e) continue;
    const name = str(e['name']);
    if (typeof e['value'] === 'string') {
      env[name] = expand(e['value'], env);
      continue;
    }
    const from = obj(e['valueFrom']);
    if (!from) {
      env[name] = '';
      continue;
    }
    const field = obj(from['fieldRef']);
    if (field) {
      env[name] = fieldValue(pod, str(field['fieldPath']));
      continue;
    }
    for (const kind of ['ConfigMap', 'Secret'] as const) {
      const ref = obj(from[kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef']);
      if (!ref) continue;
      const optional = ref['optional'] === true;
      const source = lookup(api, kind, namespace, str(ref['name']));
      if (!source) {
        if (optional) break;
        return { error: missing(kind, str(ref['name'])) };
      }
      const entries = entriesOf(source);
      const key = str(ref['key']);
      if (!Object.hasOwn(entries, key)) {
        if (optional) break;
        return { error: `couldn't find key ${key} in ${kind} ${namespace}/${str(ref['name'])}` };
      }
      env[name] = entries[key] ?? '';
    }
  }
  return { env };
}

// ---------------------------------------------------------------------------------------------
// Volumes

function b64url(text: string): string {
  return encodeBase64(utf8Encode(text)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A made-up bound service account token (a JWT shape; nothing verifies it). */
function serviceAccountToken(pod: Pod): string {
  const ns = pod.metadata.namespace ?? 'default';
  const sa = str(pod.spec['serviceAccountName']) || 'default';
  const header = b64url('{"alg":"RS256","kid":"playground"}');
  const payload = b64url(
    JSON.stringify({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      iss: 'https://kubernetes.default.svc.cluster.local',
      'kubernetes.io': { namespace: ns, pod: { name: pod.metadata.name, uid: pod.metadata.uid ?? '' }, serviceaccount: { name: sa } },
      sub: `system:serviceaccount:${ns}:${sa}`,
    })
  );
  return `${header}.${payload}.c2ltdWxhdGVk`;
}

/** Files from `items` (key → path) or every key; a listed key that is missing is an error unless optional. */
function project(kind: 'Secret' | 'ConfigMap', entries: Record<string, string>, items: unknown, optional: boolean): { files: Record<string, string> } | { error: string } {
  const files: Record<string, string> = {};
  if (!Array.isArray(items) || items.length === 0) return { files: { ...entries } };
  for (const raw of items) {
    const item = obj(raw);
    if (!item) continue;
    const key = str(item['key']);
    if (!Object.hasOwn(entries, key)) {
      if (optional) continue;
      return { error: kind === 'Secret' ? `references non-existent secret key: ${key}` : `configmap references non-existent config key: ${key}` };
    }
    files[str(item['path']) || key] = entries[key] ?? '';
  }
  return { files };
}

function sourceFiles(api: ApiServer, kind: 'Secret' | 'ConfigMap', namespace: string, name: string, items: unknown, optional: boolean): { files: Record<string, string> } | { error: string } {
  const source = lookup(api, kind, namespace, name);
  if (!source) return optional ? { files: {} } : { error: missing(kind, name) };
  return project(kind, entriesOf(source), items, optional);
}

/**
 * The files a secret, configMap, projected or downwardAPI volume holds (relative paths), or the
 * SetUp error; undefined for other volume types.
 */
export function volumeFiles(api: ApiServer, pod: Pod, volume: Volume): { files: Record<string, string> } | { error: string } | undefined {
  return setUpVolume(api, pod, volume);
}

/** The volume plugins' SetUp: the files. */
function setUpVolume(api: ApiServer, pod: Pod, volume: Volume): { files: Record<string, string> } | { error: string } | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  const secret = obj(volume['secret']);
  if (secret) return sourceFiles(api, 'Secret', namespace, str(secret['secretName']), secret['items'], secret['optional'] === true);
  const cm = obj(volume['configMap']);
  if (cm) return sourceFiles(api, 'ConfigMap', namespace, str(cm['name']), cm['items'], cm['optional'] === true);
  const downward = obj(volume['downwardAPI']);
  if (downward) return { files: downwardFiles(pod, downward['items']) };
  const projected = obj(volume['projected']);
  if (!projected) return undefined;
  const files: Record<string, string> = {};
  for (const raw of Array.isArray(projected['sources']) ? projected['sources'] : []) {
    const source = obj(raw);
    if (!source) continue;
    const s = obj(source['secret']);
    const c = obj(source['configMap']);
    const d = obj(source['downwardAPI']);
    const token = obj(source['serviceAccountToken']);
    let part: { files: Record<string, string> } | { error: string } = { files: {} };
    if (s) part = sourceFiles(api, 'Secret', namespace, str(s['name']), s['items'], s['optional'] === true);
    else if (c) part = sourceFiles(api, 'ConfigMap', namespace, str(c['name']), c['items'], c['optional'] === true);
    else if (d) part = { files: downwardFiles(pod, d['items']) };
    else if (token) part = { files: { [str(token['path']) || 'token']: serviceAccountToken(pod) } };
    if ('error' in part) return part;
    Object.assign(files, part.files);
  }
  return { files };
}

/**
 * setUpVolume's error alone, without building files: WaitForAttachAndMount only needs what failed,
 * and only a missing Secret or ConfigMap, or a listed key it lacks, can fail (downward API items and
 * service account tokens never do). The same checks in the same order, so the same first error.
 */
export function volumeSetUpError(api: ApiServer, pod: Pod, volume: Volume): string | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  const secret = obj(volume['secret']);
  if (secret) return sourceError(api, 'Secret', namespace, str(secret['secretName']), secret['items'], secret['optional'] === true);
  const cm = obj(volume['configMap']);
  if (cm) return sourceError(api, 'ConfigMap', namespace, str(cm['name']), cm['items'], cm['optional'] === true);
  if (obj(volume['downwardAPI'])) return undefined;
  const projected = obj(volume['projected']);
  if (!projected) return undefined;
  const sources: unknown = projected['sources'];
  if (!Array.isArray(sources)) return undefined;
  // Indexed loops here and in sourceError: every pod's volumes are checked at each sync (no iterator results).
  for (let i = 0; i < sources.length; i++) {
    const source = obj(sources[i]);
    if (!source) continue;
    const s = obj(source['secret']);
    const c = s ? undefined : obj(source['configMap']);
    const error = s
      ? sourceError(api, 'Secret', namespace, str(s['name']), s['items'], s['optional'] === true)
      : c
        ? sourceError(api, 'ConfigMap', namespace, str(c['name']), c['items'], c['optional'] === true)
        : undefined;
    if (error !== undefined) return error;
  }
  return undefined;
}

/** sourceFiles' error alone: the object is missing, or a listed key is not among its entries. */
function sourceError(api: ApiServer, kind: 'Secret' | 'ConfigMap', namespace: string, name: string, items: unknown, optional: boolean): string | undefined {
  const source = lookup(api, kind, namespace, name);
  if (!source) return optional ? undefined : missing(kind, name);
  if (!Array.isArray(items) || items.length === 0) return undefined;
  for (let i = 0; i < items.length; i++) {
    const item = obj(items[i]);
    if (!item) continue;
    const key = str(item['key']);
    if (hasEntry(source, key) || optional) continue;
    return kind === 'Secret' ? `references non-existent secret key: ${key}` : `configmap references non-existent config key: ${key}`;
  }
  return undefined;
}

/**
 * Whether entriesOf(source) has `key`: an enumerable own member of `data` (or, for a ConfigMap,
 * `binaryData`). `__proto__` never is one (assigning it a string to a plain object adds nothing).
 */
function hasEntry(source: K8sObject, key: string): boolean {
  if (key === '__proto__') return false;
  const data = obj(source['data']);
  if (data && Object.prototype.propertyIsEnumerable.call(data, key)) return true;
  if (source.kind === 'Secret') return false;
  const binary = obj(source['binaryData']);
  return !!binary && Object.prototype.propertyIsEnumerable.call(binary, key);
}

function downwardFiles(pod: Pod, items: unknown): Record<string, string> {
  const files: Record<string, string> = {};
  for (const raw of Array.isArray(items) ? items : []) {
    const item = obj(raw);
    const field = obj(item?.['fieldRef']);
    if (item && field) files[str(item['path'])] = fieldValue(pod, str(field['fieldPath']));
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// The kubelet's hooks

const COMPONENT = 'kubelet';
const MAX_RETRY_MS = 122_000;

/** The kubelet's retry back-off: doubling from 1 s since the pod was created, at most 2m2s. */
function retryDelay(pod: Pod, now: number): number {
  const created = fromRfc3339(pod.metadata.creationTimestamp);
  const elapsed = Number.isFinite(created) ? now - created : 0;
  return Math.min(Math.max(1000, elapsed), MAX_RETRY_MS);
}

/**
 * WaitForAttachAndMount: true (and the retry scheduled in `rt.due`) while a volume cannot be set up;
 * each failed attempt is a FailedMount event.
 */
export function holdForVolumes(ctx: ControllerContext, pod: Pod, rt: PodRuntime): boolean {
  const volumes = pod.spec.volumes;
  if (!volumes) return false;
  let unmounted = 0;
  // An indexed loop and a count: nothing made for a pod whose volumes all mount (nearly every sync).
  for (let i = 0; i < volumes.length; i++) {
    const volume = volumes[i] as Volume;
    const error = volumeSetUpError(ctx.api, pod, volume);
    if (error === undefined) continue;
    unmounted++;
    ctx.api.recordEvent(pod, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${volume.name}" : ${error}`, COMPONENT, rt.node);
  }
  if (unmounted === 0) return false;
  // WaitForAttachAndMount then times out (2m3s); since v1.28 the kubelet records no event for a
  // wait that was merely interrupted, so the old "Unable to attach or mount volumes" never shows.
  rt.due = ctx.now + retryDelay(pod, ctx.now);
  return true;
}

/**
 * Whether the container reads no environment from anywhere (no `env`, no `envFrom`): its
 * makeEnvironmentVariables is then empty and cannot fail, so nothing needs resolving.
 */
export function readsNoEnv(container: Container): boolean {
  return !Array.isArray(container['envFrom']) && !Array.isArray(container['env']);
}

/** The first container whose configuration cannot be generated, and why. */
export function containerConfigError(api: ApiServer, pod: Pod): { container: string; error: string } | undefined {
  return firstConfigError(api, pod, pod.spec.initContainers) ?? firstConfigError(api, pod, pod.spec.containers);
}

function firstConfigError(api: ApiServer, pod: Pod, containers: readonly Container[] | undefined): { container: string; error: string } | undefined {
  for (const c of containers ?? []) {
    if (readsNoEnv(c)) continue;
    const result = containerEnv(api, pod, c);
    if ('error' in result) return { container: c.name, error: result.error };
  }
  return undefined;
}

/** generateContainerConfig before "Created": true (retry scheduled) while it fails (event `Failed`). */
export function holdForConfig(ctx: ControllerContext, pod: Pod, rt: PodRuntime): boolean {
  const problem = containerConfigError(ctx.api, pod);
  if (!problem) return false;
  recordContainerEvent(ctx.api, pod, rt.node, problem.container, 'Warning', 'Failed', `Error: ${problem.error}`);
  rt.due = ctx.now + retryDelay(pod, ctx.now);
  return true;
}

/** The environment of a container that reads none: one frozen object for every such container. */
const NO_ENV: Record<string, string> = Object.freeze({});

/**
 * The environment fixed at container creation (`generateContainerConfig`): later edits to the Secrets
 * and ConfigMaps it came from reach the container only when it is created again (a restart).
 */
export function recordContainerEnv(api: ApiServer, pod: Pod, rt: PodRuntime, names?: readonly string[]): void {
  for (const crt of rt.containers) {
    if (names && !names.includes(crt.name)) continue;
    const spec = pod.spec.containers.find((c) => c.name === crt.name);
    if (!spec) continue;
    if (readsNoEnv(spec)) {
      crt.env = NO_ENV;
      continue;
    }
    const result = containerEnv(api, pod, spec);
    if ('env' in result) crt.env = result.env;
  }
}

/** The environment a running container sees: the one recorded at its creation, else resolved now. */
export function runningContainerEnv(api: ApiServer, pod: Pod, rt: PodRuntime | undefined, container: Container): Record<string, string> | undefined {
  const recorded = rt?.containers.find((c) => c.name === container.name)?.env;
  if (recorded) return { ...recorded };
  const resolved = containerEnv(api, pod, container);
  return 'env' in resolved ? resolved.env : undefined;
}

/** A container held at creation shows `CreateContainerConfigError` with the reason as its message. */
export function markConfigErrors(api: ApiServer, pod: Pod, rt: PodRuntime, statuses: ContainerStatus[]): void {
  if (rt.stage !== 'creating') return;
  for (const status of statuses) {
    const c = pod.spec.containers.find((x) => x.name === status.name);
    if (!c || readsNoEnv(c)) continue;
    const result = containerEnv(api, pod, c);
    if ('error' in result) status.state = { waiting: { reason: 'CreateContainerConfigError', message: result.error } };
  }
}
