/**
 * API-server defaulting for the kinds the simulator stores. Mirrors the upstream defaulting functions
 * (`pkg/apis/*\/v1/defaults.go`, `SetDefaults_*`), the few registry strategy steps that change an
 * object on the way in (`PrepareForCreate`, `dropDisabledFields`, Service `normalizeClusterIPs` and
 * `patchAllocatedValues`) and the admission plugins every cluster runs on pods (`DefaultTolerationSeconds`,
 * `Priority`, `ServiceAccount`). Pure: no clock, no randomness; never throws on malformed input — a field
 * of the wrong type is left alone for validation to report.
 */

import type { Json, K8sObject } from '../model/types.ts';
import { canonicalQuantity } from '../model/quantity.ts';

/** What the API server needs to know about the cluster it serves. */
export interface ApiContext {
  /** Feature gates with a visible API effect. v1.36 default: `MaxUnavailableStatefulSet` off. */
  featureGates: { MaxUnavailableStatefulSet: boolean };
}

/** Kinds whose objects live outside namespaces; `applyDefaults` clears `metadata.namespace` on them. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
]);

/** The two tolerations the `DefaultTolerationSeconds` admission plugin adds to every pod (300 s). */
const NOT_READY_TOLERATION = {
  key: 'node.kubernetes.io/not-ready',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
const UNREACHABLE_TOLERATION = {
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Absent in the Go sense: missing, `null`, or the empty string for string fields. */
export function unsetString(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

export function unset(v: unknown): boolean {
  return v === undefined || v === null;
}

/** Deep copy of plain JSON data (functions, symbols and `undefined` members are dropped). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = cloneJson(v);
    }
    return out as T;
  }
  return value;
}

/** Returns `obj[key]` when it is a plain object, creating an empty one when the field is unset. */
export function ensureObj(obj: Obj, key: string): Obj | undefined {
  const v = obj[key];
  if (unset(v)) {
    const created: Obj = {};
    obj[key] = created;
    return created;
  }
  return isObj(v) ? v : undefined;
}

export function eachObj(list: unknown, fn: (item: Obj) => void): void {
  if (!Array.isArray(list)) return;
  for (const item of list) if (isObj(item)) fn(item);
}

// ---------------------------------------------------------------------------------------------
// Images

/** Path components of a docker reference (distribution/reference `pathComponent`). */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * The tag `parsers.ParseImageName` reports for an image reference: `latest` when the reference has
 * neither tag nor digest, `''` when it is unparsable or pinned by digest only.
 */
export function imageTag(image: string): string {
  if (image.length === 0 || image !== image.trim()) return '';
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/.test(digest)) return '';
  }
  let tag = '';
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return '';
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  // A first component with a dot, a port or `localhost` is a registry host; otherwise it is a path.
  const hasDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const pathParts = hasDomain ? parts.slice(1) : parts;
  if (hasDomain && !/^[A-Za-z0-9.-]+(?::[0-9]+)?$/.test(first)) return '';
  if (pathParts.length === 0 || !pathParts.every((p) => PATH_COMPONENT.test(p))) return '';
  if (tag === '' && digest === '') return 'latest';
  return tag;
}

// ---------------------------------------------------------------------------------------------
// Pod spec

/** `SetDefaults_HTTPGetAction`: path `/`, scheme `HTTP`. */
function defaultHandler(handler: unknown): void {
  if (!isObj(handler)) return;
  const httpGet = handler['httpGet'];
  if (isObj(httpGet)) {
    if (unsetString(httpGet['path'])) httpGet['path'] = '/';
    if (unsetString(httpGet['scheme'])) httpGet['scheme'] = 'HTTP';
  }
}

/** `SetDefaults_Probe` (only when the probe exists) plus its handler's defaults. */
function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  if (unset(probe['timeoutSeconds']) || probe['timeoutSeconds'] === 0) probe['timeoutSeconds'] = 1;
  if (unset(probe['periodSeconds']) || probe['periodSeconds'] === 0) probe['periodSeconds'] = 10;
  if (unset(probe['successThreshold']) || probe['successThreshold'] === 0) probe['successThreshold'] = 1;
  if (unset(probe['failureThreshold']) || probe['failureThreshold'] === 0) probe['failureThreshold'] = 3;
  defaultHandler(probe);
}

/** `SetDefaults_Container` and the defaults generated for its members (ports, probes, env, lifecycle). */
function defaultContainer(c: Obj): void {
  if (unsetString(c['imagePullPolicy'])) {
    const image = typeof c['image'] === 'string' ? c['image'] : '';
    c['imagePullPolicy'] = imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  // `resources` is a struct, not a pointer, so it always serialises, as `{}` when empty.
  if (unset(c['resources'])) c['resources'] = {};
  canonicalizeResources(c['resources']);
  if (unsetString(c['terminationMessagePath'])) c['terminationMessagePath'] = '/dev/termination-log';
  if (unsetString(c['terminationMessagePolicy'])) c['terminationMessagePolicy'] = 'File';
  eachObj(c['ports'], (p) => {
    if (unsetString(p['protocol'])) p['protocol'] = 'TCP';
  });
  defaultProbe(c['livenessProbe']);
  defaultProbe(c['readinessProbe']);
  defaultProbe(c['startupProbe']);
  const lifecycle = c['lifecycle'];
  if (isObj(lifecycle)) {
    defaultHandler(lifecycle['postStart']);
    defaultHandler(lifecycle['preStop']);
  }
  eachObj(c['env'], (e) => {
    const valueFrom = e['valueFrom'];
    if (isObj(valueFrom) && isObj(valueFrom['fieldRef']) && unsetString(valueFrom['fieldRef']['apiVersion'])) {
      valueFrom['fieldRef']['apiVersion'] = 'v1';
    }
  });
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
] as const;

/** Names of the pod volume source members, in upstream declaration order. */
export const POD_VOLUME_SOURCES: readonly string[] = VOLUME_SOURCES;

/** `SetDefaults_Volume` and the file-mode defaults of secret, configMap, downwardAPI and projected volumes. */
function defaultVolume(v: Obj): void {
  if (VOLUME_SOURCES.every((s) => unset(v[s]))) v['emptyDir'] = {};
  for (const src of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const s = v[src];
    if (isObj(s) && unset(s['defaultMode'])) s['defaultMode'] = 420;
  }
  const projected = v['projected'];
  if (isObj(projected)) {
    eachObj(projected['sources'], (s) => {
      const token = s['serviceAccountToken'];
      if (isObj(token) && unset(token['expirationSeconds'])) token['expirationSeconds'] = 3600;
    });
  }
  const image = v['image'];
  if (isObj(image) && unsetString(image['pullPolicy'])) {
    const ref = typeof image['reference'] === 'string' ? image['reference'] : '';
    image['pullPolicy'] = imageTag(ref) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  // The generated defaulters reach an ephemeral volume's claim template too.
  const template = isObj(v['ephemeral']) ? v['ephemeral']['volumeClaimTemplate'] : undefined;
  if (isObj(template) && isObj(template['spec'])) defaultPVCSpec(template['spec']);
}

/**
 * Defaults a pod spec as the API server does for pods and pod templates: `SetDefaults_PodSpec`
 * (dnsPolicy, restartPolicy, securityContext, terminationGracePeriodSeconds, schedulerName),
 * `SetDefaults_Container` for containers and init containers, `SetDefaults_Probe`,
 * `SetDefaults_HTTPGetAction`, container port protocols and `SetDefaults_Volume`. It does not apply
 * the pod-only `SetDefaults_Pod` (enableServiceLinks and friends), so the result is exactly what a
 * ControllerRevision stores for a template. Returns a defaulted deep copy; non-objects come back as copies.
 */
export function defaultPodSpec(spec: Json): Json {
  const out = cloneJson(spec);
  if (!isObj(out)) return out;
  defaultPodSpecInPlace(out);
  return out;
}

export function defaultPodSpecInPlace(spec: Obj): void {
  if (unsetString(spec['dnsPolicy'])) spec['dnsPolicy'] = 'ClusterFirst';
  if (unsetString(spec['restartPolicy'])) spec['restartPolicy'] = 'Always';
  if (unset(spec['securityContext'])) spec['securityContext'] = {};
  if (unset(spec['terminationGracePeriodSeconds'])) spec['terminationGracePeriodSeconds'] = 30;
  if (unsetString(spec['schedulerName'])) spec['schedulerName'] = 'default-scheduler';
  eachObj(spec['containers'], defaultContainer);
  eachObj(spec['initContainers'], defaultContainer);
  eachObj(spec['ephemeralContainers'], defaultContainer);
  eachObj(spec['volumes'], defaultVolume);
}

/** `SetDefaults_Pod`: requests copied from limits, enableServiceLinks, host-network ports. */
function defaultPodOnly(spec: Obj): void {
  for (const list of ['containers', 'initContainers']) {
    eachObj(spec[list], (c) => {
      const res = c['resources'];
      if (!isObj(res) || !isObj(res['limits'])) return;
      const requests = ensureObj(res, 'requests');
      if (!requests) return;
      for (const [k, v] of Object.entries(res['limits'])) {
        if (!(k in requests)) requests[k] = cloneJson(v);
      }
    });
  }
  if (unset(spec['enableServiceLinks'])) spec['enableServiceLinks'] = true;
  if (spec['hostNetwork'] === true) {
    for (const list of ['containers', 'initContainers']) {
      eachObj(spec[list], (c) => {
        eachObj(c['ports'], (p) => {
          if (unset(p['hostPort']) || p['hostPort'] === 0) p['hostPort'] = p['containerPort'];
        });
      });
    }
  }
}

/** `DefaultTolerationSeconds` admission: tolerate not-ready and unreachable nodes for 300 s. */
function addDefaultTolerations(spec: Obj): void {
  const existing = spec['tolerations'];
  if (!unset(existing) && !Array.isArray(existing)) return;
  const list: unknown[] = Array.isArray(existing) ? existing : [];
  const tolerates = (key: string): boolean =>
    list.some(
      (t) =>
        isObj(t) &&
        (t['key'] === key || unsetString(t['key'])) &&
        (t['effect'] === 'NoExecute' || unsetString(t['effect']))
    );
  const add: unknown[] = [];
  if (!tolerates(NOT_READY_TOLERATION.key)) add.push({ ...NOT_READY_TOLERATION });
  if (!tolerates(UNREACHABLE_TOLERATION.key)) add.push({ ...UNREACHABLE_TOLERATION });
  if (add.length > 0) spec['tolerations'] = [...list, ...add];
}

// ---------------------------------------------------------------------------------------------
// Quantities

/** An exact rational value of a resource quantity: `num / den`, den > 0. */
export interface QuantityValue {
  num: bigint;
  den: bigint;
}

const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/**
 * Parses a resource quantity (`resource.ParseQuantity`): a signed decimal number and an optional
 * binary (`Ki`…`Ei`), decimal (`n`…`E`) or exponent (`e3`) suffix. JSON numbers are accepted as their
 * decimal text. Returns the exact value or the upstream error text.
 */
export function parseQuantity(input: unknown): { value: QuantityValue } | { error: string } {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { error: QUANTITY_FORMAT_ERROR };
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return { error: QUANTITY_FORMAT_ERROR };
  }
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!m || text.length === 0) return { error: QUANTITY_FORMAT_ERROR };
  const sign = m[1] === '-' ? -1n : 1n;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  const suffix = m[4] ?? '';
  if (whole.length === 0 && frac.length === 0) return { error: QUANTITY_FORMAT_ERROR };
  let num = BigInt((whole || '0') + frac) * sign;
  let den = 10n ** BigInt(frac.length);
  if (suffix in BINARY_SUFFIX) {
    num *= 2n ** BigInt(BINARY_SUFFIX[suffix] ?? 0);
  } else if (suffix in DECIMAL_SUFFIX) {
    const exp = DECIMAL_SUFFIX[suffix] ?? 0;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  } else {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!e) {
      return /^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)
        ? { error: QUANTITY_SUFFIX_ERROR }
        : { error: QUANTITY_FORMAT_ERROR };
    }
    const exp = Number(e[1]);
    if (Math.abs(exp) > 400) return { error: QUANTITY_SUFFIX_ERROR };
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  return { value: { num, den } };
}

/** Compares two quantities: negative when a < b, 0 when equal, positive when a > b. */
export function compareQuantity(a: QuantityValue, b: QuantityValue): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function quantityOf(v: unknown): QuantityValue | undefined {
  const q = parseQuantity(v);
  return 'value' in q ? q.value : undefined;
}

/**
 * `qos.ComputePodQOS`: BestEffort, Guaranteed or Burstable from the cpu/memory requests and limits
 * of the containers and init containers, or from pod-level `spec.resources` when set (PodLevelResources,
 * on by default in v1.36). A missing request counts as its limit, as `SetDefaults_Pod` makes it, so
 * pods written without defaulting (trusted controller writes) get the class a defaulted pod gets.
 */
export function podQOS(spec: Obj): string {
  const requests = new Map<string, QuantityValue>();
  const limits = new Map<string, QuantityValue>();
  let isGuaranteed = true;
  const zero: QuantityValue = { num: 0n, den: 1n };
  const add = (m: Map<string, QuantityValue>, k: string, q: QuantityValue): void => {
    const prev = m.get(k);
    m.set(k, prev ? { num: prev.num * q.den + q.num * prev.den, den: prev.den * q.den } : q);
  };
  /** processResourceList for one requests/limits pair; returns how many of cpu and memory have a positive limit. */
  const process = (res: Obj): number => {
    const lim = isObj(res['limits']) ? res['limits'] : {};
    const req = { ...lim, ...(isObj(res['requests']) ? res['requests'] : {}) };
    for (const name of ['cpu', 'memory']) {
      const r = quantityOf(req[name]);
      if (r && compareQuantity(r, zero) > 0) add(requests, name, r);
    }
    let limitsFound = 0;
    for (const name of ['cpu', 'memory']) {
      const l = quantityOf(lim[name]);
      if (l && compareQuantity(l, zero) > 0) {
        limitsFound++;
        add(limits, name, l);
      }
    }
    return limitsFound;
  };
  const podLevel = spec['resources'];
  if (isObj(podLevel) && (isObj(podLevel['requests']) || isObj(podLevel['limits']))) {
    if (process(podLevel) < 2) isGuaranteed = false;
  } else {
    const all: Obj[] = [];
    eachObj(spec['containers'], (c) => all.push(c));
    eachObj(spec['initContainers'], (c) => all.push(c));
    for (const c of all) {
      if (process(isObj(c['resources']) ? c['resources'] : {}) < 2) isGuaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [k, r] of requests) {
      const l = limits.get(k);
      if (!l || compareQuantity(l, r) !== 0) {
        isGuaranteed = false;
        break;
      }
    }
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

// ---------------------------------------------------------------------------------------------
// Per kind

export function specOf(o: Obj): Obj | undefined {
  return ensureObj(o, 'spec');
}

/** `SetDefaults_PersistentVolumeClaimSpec` (volumeMode) and quantities in their canonical form. */
function defaultPVCSpec(spec: Obj): void {
  if (unset(spec['volumeMode'])) spec['volumeMode'] = 'Filesystem';
  canonicalizeResources(spec['resources']);
}

/**
 * Quantities come back from the API server in canonical form (a Quantity decodes, then encodes as
 * `CanonicalizeBytes` writes it): `cpu: 0.5` is stored as `500m`, `2048Mi` as `2Gi`. Text that is
 * not a quantity is left for validation to report.
 */
function canonicalizeResources(res: unknown): void {
  if (!isObj(res)) return;
  for (const list of ['requests', 'limits']) {
    const m = res[list];
    if (!isObj(m)) continue;
    for (const [k, v] of Object.entries(m)) {
      const canonical = canonicalQuantity(v);
      if (canonical !== undefined) m[k] = canonical;
    }
  }
}

/** `SetDefaults_PersistentVolumeClaim`: status.phase Pending. */
function defaultPVCStatus(o: Obj): void {
  const status = ensureObj(o, 'status');
  if (status && unsetString(status['phase'])) status['phase'] = 'Pending';
}

function maxUnavailableInUse(old: K8sObject | undefined): boolean {
  if (!old) return false;
  const spec = old['spec'];
  if (!isObj(spec)) return false;
  const strategy = spec['updateStrategy'];
  if (!isObj(strategy)) return false;
  const ru = strategy['rollingUpdate'];
  return isObj(ru) && !unset(ru['maxUnavailable']);
}

/**
 * `SetDefaults_StatefulSet` (apps/v1) plus the generated defaults of its pod template and claim
 * templates, then `dropStatefulSetDisabledFields`.
 */
function defaultStatefulSet(o: Obj, ctx: ApiContext, old: K8sObject | undefined): void {
  const spec = specOf(o);
  if (!spec) return;
  if (unsetString(spec['podManagementPolicy'])) spec['podManagementPolicy'] = 'OrderedReady';
  const strategy = ensureObj(spec, 'updateStrategy');
  if (strategy) {
    if (unsetString(strategy['type'])) {
      strategy['type'] = 'RollingUpdate';
      if (unset(strategy['rollingUpdate'])) strategy['rollingUpdate'] = {};
    }
    const ru = strategy['rollingUpdate'];
    if (strategy['type'] === 'RollingUpdate' && isObj(ru)) {
      if (unset(ru['partition'])) ru['partition'] = 0;
      if (ctx.featureGates.MaxUnavailableStatefulSet && unset(ru['maxUnavailable'])) ru['maxUnavailable'] = 1;
    }
  }
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    if (unsetString(retention['whenDeleted'])) retention['whenDeleted'] = 'Retain';
    if (unsetString(retention['whenScaled'])) retention['whenScaled'] = 'Retain';
  }
  if (unset(spec['replicas'])) spec['replicas'] = 1;
  if (unset(spec['revisionHistoryLimit'])) spec['revisionHistoryLimit'] = 10;
  const template = spec['template'];
  if (isObj(template)) {
    const podSpec = ensureObj(template, 'spec');
    if (podSpec) defaultPodSpecInPlace(podSpec);
  }
  eachObj(spec['volumeClaimTemplates'], (vct) => {
    const vspec = ensureObj(vct, 'spec');
    if (vspec) defaultPVCSpec(vspec);
    defaultPVCStatus(vct);
  });
  dropStatefulSetDisabledFields(spec, ctx, old);
}

/**
 * `dropStatefulSetDisabledFields`: with `MaxUnavailableStatefulSet` off, `rollingUpdate.maxUnavailable`
 * is dropped unless the stored object already uses it (so an update keeps it).
 */
function dropStatefulSetDisabledFields(spec: Obj, ctx: ApiContext, old: K8sObject | undefined): void {
  if (ctx.featureGates.MaxUnavailableStatefulSet || maxUnavailableInUse(old)) return;
  const strategy = spec['updateStrategy'];
  if (!isObj(strategy)) return;
  const ru = strategy['rollingUpdate'];
  if (isObj(ru) && 'maxUnavailable' in ru) delete ru['maxUnavailable'];
}

/** Pod defaults, the pod strategy's create-time steps and the admission plugins that mutate pods. */
function defaultPod(o: Obj, old: K8sObject | undefined): void {
  const spec = specOf(o);
  if (!spec) return;
  defaultPodSpecInPlace(spec);
  defaultPodOnly(spec);
  if (!old) {
    // Pod strategy: a negative grace period is treated as 1 (KEP follow-up of PR #115606).
    const grace = spec['terminationGracePeriodSeconds'];
    if (typeof grace === 'number' && grace < 0) spec['terminationGracePeriodSeconds'] = 1;
    // `Priority` admission with no priorityClassName, `ServiceAccount` admission.
    if (unsetString(spec['priorityClassName'])) {
      if (unset(spec['priority'])) spec['priority'] = 0;
      if (unsetString(spec['preemptionPolicy'])) spec['preemptionPolicy'] = 'PreemptLowerPriority';
    }
    if (unsetString(spec['serviceAccountName'])) {
      spec['serviceAccountName'] = typeof spec['serviceAccount'] === 'string' && spec['serviceAccount'] !== ''
        ? spec['serviceAccount']
        : 'default';
    }
    if (unsetString(spec['serviceAccount'])) spec['serviceAccount'] = spec['serviceAccountName'];
    // Pod strategy `PrepareForCreate`: a new pod starts Pending with its QoS class.
    const status = ensureObj(o, 'status');
    if (status) {
      if (unsetString(status['phase'])) status['phase'] = 'Pending';
      if (unsetString(status['qosClass'])) status['qosClass'] = podQOS(spec);
    }
  }
  addDefaultTolerations(spec);
}

/** `SetDefaults_PersistentVolume`. */
function defaultPV(o: Obj): void {
  const spec = specOf(o);
  if (spec) {
    if (unsetString(spec['persistentVolumeReclaimPolicy'])) spec['persistentVolumeReclaimPolicy'] = 'Retain';
    if (unset(spec['volumeMode'])) spec['volumeMode'] = 'Filesystem';
    const cap = spec['capacity'];
    if (isObj(cap)) {
      for (const [k, v] of Object.entries(cap)) if (typeof v === 'number' && Number.isFinite(v)) cap[k] = String(v);
    }
  }
  const status = ensureObj(o, 'status');
  if (status && unsetString(status['phase'])) status['phase'] = 'Pending';
}

/** `SetDefaults_StorageClass` (storage/v1). */
function defaultStorageClass(o: Obj): void {
  if (unsetString(o['reclaimPolicy'])) o['reclaimPolicy'] = 'Delete';
  if (unsetString(o['volumeBindingMode'])) o['volumeBindingMode'] = 'Immediate';
}

function needsClusterIP(spec: Obj): boolean {
  return spec['type'] !== 'ExternalName';
}

function sameStrings(a: unknown, b: unknown): boolean {
  const la = Array.isArray(a) ? a : [];
  const lb = Array.isArray(b) ? b : [];
  return la.length === lb.length && la.every((v, i) => v === lb[i]);
}

/**
 * `SetDefaults_Service` plus the Service registry's `patchAllocatedValues`, `normalizeClusterIPs` and
 * single-stack IP family defaults. Allocating a ClusterIP for a new Service is left to the caller: when
 * `spec.clusterIP` is empty after defaulting, allocate one and set both `clusterIP` and `clusterIPs`.
 */
function defaultService(o: Obj, old: K8sObject | undefined): void {
  const spec = specOf(o);
  if (!spec) return;
  if (unsetString(spec['sessionAffinity'])) spec['sessionAffinity'] = 'None';
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const cfg = spec['sessionAffinityConfig'];
    const ok = isObj(cfg) && isObj(cfg['clientIP']) && !unset(cfg['clientIP']['timeoutSeconds']);
    if (!ok) spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (unsetString(spec['type'])) spec['type'] = 'ClusterIP';
  eachObj(spec['ports'], (p) => {
    if (unsetString(p['protocol'])) p['protocol'] = 'TCP';
    if (unset(p['targetPort']) || p['targetPort'] === 0 || p['targetPort'] === '') p['targetPort'] = p['port'];
  });
  const type = spec['type'];
  if ((type === 'NodePort' || type === 'LoadBalancer') && unsetString(spec['externalTrafficPolicy'])) {
    spec['externalTrafficPolicy'] = 'Cluster';
  }
  if ((type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') && unset(spec['internalTrafficPolicy'])) {
    spec['internalTrafficPolicy'] = 'Cluster';
  }
  if (type === 'LoadBalancer' && unset(spec['allocateLoadBalancerNodePorts'])) {
    spec['allocateLoadBalancerNodePorts'] = true;
  }
  const oldSpec = old && isObj(old['spec']) ? old['spec'] : undefined;
  if (oldSpec && needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    // patchAllocatedValues: a client that omitted the allocated fields keeps them.
    if (unsetString(spec['clusterIP']) && typeof oldSpec['clusterIP'] === 'string') {
      spec['clusterIP'] = oldSpec['clusterIP'];
      if (unset(spec['clusterIPs']) && Array.isArray(oldSpec['clusterIPs'])) {
        spec['clusterIPs'] = cloneJson(oldSpec['clusterIPs']);
      }
    }
    // normalizeClusterIPs (update).
    const oldIPs = oldSpec['clusterIPs'];
    if (Array.isArray(oldIPs) && oldIPs.length > 0 && unset(spec['clusterIPs']) && oldSpec['clusterIP'] === spec['clusterIP']) {
      spec['clusterIPs'] = cloneJson(oldIPs);
    }
    if (oldSpec['clusterIP'] !== spec['clusterIP']) {
      if (!unsetString(oldSpec['clusterIP']) && unsetString(spec['clusterIP'])) {
        if (sameStrings(oldSpec['clusterIPs'], spec['clusterIPs'])) delete spec['clusterIPs'];
      } else if (sameStrings(oldSpec['clusterIPs'], spec['clusterIPs']) && typeof spec['clusterIP'] === 'string') {
        spec['clusterIPs'] = [spec['clusterIP']];
      }
    }
    if (unset(spec['ipFamilies']) && Array.isArray(oldSpec['ipFamilies'])) spec['ipFamilies'] = cloneJson(oldSpec['ipFamilies']);
    if (unset(spec['ipFamilyPolicy']) && typeof oldSpec['ipFamilyPolicy'] === 'string') {
      spec['ipFamilyPolicy'] = oldSpec['ipFamilyPolicy'];
    }
  } else if (typeof spec['clusterIP'] === 'string' && spec['clusterIP'] !== '' && unset(spec['clusterIPs'])) {
    // normalizeClusterIPs (create): an old-style client set only the singular field.
    spec['clusterIPs'] = [spec['clusterIP']];
  }
  if (needsClusterIP(spec)) {
    if (unset(spec['ipFamilyPolicy'])) spec['ipFamilyPolicy'] = 'SingleStack';
    if (unset(spec['ipFamilies'])) spec['ipFamilies'] = ['IPv4'];
  }
}

/** `SetDefaults_Namespace`, `SetDefaults_NamespaceStatus` and the namespace strategy's finalizer. */
function defaultNamespace(o: Obj, old: K8sObject | undefined): void {
  const meta = o['metadata'];
  if (isObj(meta) && typeof meta['name'] === 'string' && meta['name'] !== '') {
    const labels = ensureObj(meta, 'labels');
    if (labels) labels['kubernetes.io/metadata.name'] = meta['name'];
  }
  if (!old) {
    const spec = specOf(o);
    if (spec && unset(spec['finalizers'])) spec['finalizers'] = ['kubernetes'];
  }
  const status = ensureObj(o, 'status');
  if (status && unsetString(status['phase'])) status['phase'] = 'Active';
}

/** `SetDefaults_NodeStatus`: allocatable defaults to capacity. */
function defaultNode(o: Obj): void {
  const status = o['status'];
  if (isObj(status) && unset(status['allocatable']) && isObj(status['capacity'])) {
    status['allocatable'] = cloneJson(status['capacity']);
  }
}

/** `SetDefaults_Endpoints`: port protocol TCP. */
function defaultEndpoints(o: Obj): void {
  eachObj(o['subsets'], (s) => {
    eachObj(s['ports'], (p) => {
      if (unsetString(p['protocol'])) p['protocol'] = 'TCP';
    });
  });
}

/** `SetDefaults_EndpointPort` (discovery/v1): name `""`, protocol TCP. */
function defaultEndpointSlice(o: Obj): void {
  eachObj(o['ports'], (p) => {
    if (unset(p['name'])) p['name'] = '';
    if (unset(p['protocol'])) p['protocol'] = 'TCP';
  });
}

/**
 * Returns a defaulted deep copy, as the API server's decoding and defaulting (`SetDefaults_*`) do on
 * create and update, followed by the registry steps that rewrite input (`dropDisabledFields`, Service
 * IP normalisation, pod admission defaults). Pass the stored object as `old` on update: it keeps
 * `maxUnavailable` when the old StatefulSet used it, carries a Service's allocated IPs over and marks
 * the call as an update (create-only steps such as pod status and namespace finalizers are skipped).
 * Cluster-scoped kinds get `metadata.namespace` removed. Unknown kinds are only copied. Never throws.
 */
export function applyDefaults(obj: K8sObject, ctx: ApiContext, old?: K8sObject): K8sObject {
  const out = cloneJson(obj);
  if (!isObj(out)) return out;
  const o = out as Obj;
  const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
  const meta = o['metadata'];
  if (CLUSTER_SCOPED_KINDS.has(kind) && isObj(meta) && 'namespace' in meta) delete meta['namespace'];
  switch (kind) {
    case 'StatefulSet':
      defaultStatefulSet(o, ctx, old);
      break;
    case 'Pod':
      defaultPod(o, old);
      break;
    case 'PersistentVolumeClaim': {
      const spec = specOf(o);
      if (spec) defaultPVCSpec(spec);
      defaultPVCStatus(o);
      break;
    }
    case 'PersistentVolume':
      defaultPV(o);
      break;
    case 'StorageClass':
      defaultStorageClass(o);
      break;
    case 'Service':
      defaultService(o, old);
      break;
    case 'Namespace':
      defaultNamespace(o, old);
      break;
    case 'Node':
      defaultNode(o);
      break;
    case 'Endpoints':
      defaultEndpoints(o);
      break;
    case 'EndpointSlice':
      defaultEndpointSlice(o);
      break;
    default:
      break;
  }
  return out;
}
