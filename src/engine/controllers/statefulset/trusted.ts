/**
 * Trusted creates of the pods and claims the StatefulSet controller builds (issue 8: no re-validation
 * or deep copy of objects the controllers build themselves; everything a user sends keeps the API
 * server's guarantees).
 *
 * A pod the controller builds is the set's template plus a few per-ordinal fields (name, pod-name /
 * pod-index labels, hostname, the claim volumes); a claim is its template plus its name. So the API
 * server's decoding and defaulting are run once per template (a "prototype"), and the first object
 * built from it goes through the whole create path (validation included). Once that one was stored,
 * later objects from the same prototype are sent pre-defaulted with `{trusted: true}` when their
 * per-ordinal fields are plainly valid; admission still runs. Anything else (a new template, a first
 * create that failed, a name validation might refuse) takes the full path, so refusals stay exact.
 *
 * Sharing: a trusted create stores the prototype's nested parts (containers, probes, resources …)
 * in every pod. The prototype is deep-frozen, and what admission writes (the pod's spec and status,
 * its containers when the service account token is mounted, the claim's spec and status, metadata)
 * is always a fresh per-object copy here or in admission, so nothing writes into shared structure.
 */
import { dropNulls } from '../../api/decode.ts';
import type { WriteResult } from '../../api/server.ts';
import { defaultObject } from '../../api/strategy.ts';
import { isDNS1123Label, isDNS1123Subdomain } from '../../api/validation.ts';
import type { K8sObject, PersistentVolumeClaim, Pod, StatefulSet } from '../../model/types.ts';
import { deepClone, deepFreeze, shallowCopy } from '../../model/util.ts';
import type { ControllerContext } from '../../sim/context.ts';

/** Switch for tests: off, every pod and claim takes the API server's full create path. */
export const trustedCreateOptions = { enabled: true };

interface Prototype<T extends Pod | PersistentVolumeClaim> {
  /**
   * What else the built object depends on besides its template (set identity, service name, revision,
   * claim templates or selector, gates), compared part by part (no key string built per create).
   */
  readonly ownerParts: readonly unknown[];
  /**
   * The spec of the template's object as the API server defaults it (the rest of that object is the
   * built one's). Its values are deep-frozen; its top level is not, because V8 copies a frozen object
   * by spreading several times slower, and every trusted object starts from a copy of it.
   * Undefined: never trust.
   */
  readonly spec: T['spec'] | undefined;
  /** An object built from this prototype went through the full create path and was stored. */
  verified: boolean;
}

/** Per pod template object (revisions.ts shares one frozen template per revision). */
const podPrototypes = new WeakMap<object, Prototype<Pod>>();
/** Per claim template object (an element of spec.volumeClaimTemplates). */
const claimPrototypes = new WeakMap<object, Prototype<PersistentVolumeClaim>>();

/** The create path of `ApiServer.create` before admission: decode (nulls), copy, default. */
function defaultedCopy<T extends K8sObject>(ctx: ControllerContext, obj: T): T {
  return defaultObject(deepClone(dropNulls(obj)), { featureGates: ctx.state.options.featureGates }) as T;
}

function store<T extends Pod | PersistentVolumeClaim>(cache: WeakMap<object, Prototype<T>>, template: object, ownerParts: readonly unknown[], defaulted: T | undefined): Prototype<T> {
  const spec = defaulted ? ({ ...deepFreeze(defaulted).spec } as T['spec']) : undefined;
  const proto: Prototype<T> = { ownerParts, spec, verified: false };
  cache.set(template, proto);
  return proto;
}

/** The number of leading pod volumes that name the ordinal's claims (updateStorage puts them first). */
function claimVolumeCount(set: StatefulSet): number {
  const templates = set.spec.volumeClaimTemplates;
  if (!templates) return 0;
  let count = claimVolumeCounts.get(templates);
  if (count === undefined) {
    count = new Set(templates.map((t) => t.metadata?.name ?? '')).size;
    claimVolumeCounts.set(templates, count);
  }
  return count;
}

/** Per volumeClaimTemplates array (never mutated in storage): its number of distinct names. */
const claimVolumeCounts = new WeakMap<object, number>();

/** The pod to send trusted: the prototype's defaulted spec with this pod's hostname and claim volumes. */
function assemblePod(defaultedSpec: Pod['spec'], pod: Pod, claimVolumes: number): Pod {
  const volumes = defaultedSpec.volumes ?? [];
  let merged = volumes;
  if (claimVolumes > 0) {
    // The pod's own claim volumes, then the prototype's others. The list is stored: it is built at
    // its exact length (a list grown by push keeps spare room), without slices of either list.
    const own = pod.spec.volumes ?? [];
    const claimCount = Math.min(claimVolumes, own.length);
    const otherCount = Math.max(volumes.length - claimVolumes, 0);
    merged = Array(claimCount + otherCount);
    for (let i = 0; i < claimCount; i++) merged[i] = own[i] as (typeof volumes)[number];
    for (let i = 0; i < otherCount; i++) merged[claimCount + i] = volumes[claimVolumes + i] as (typeof volumes)[number];
  }
  // By assignment (shallowCopy), as `{ ...defaultedSpec, volumes }`: admission adds keys to this spec
  // in place (the create is `owned`), and a key added to a spread-made object takes V8's slow path.
  const spec = shallowCopy(defaultedSpec);
  spec.volumes = merged;
  if (pod.spec.hostname !== undefined) spec.hostname = pod.spec.hostname;
  return { ...pod, spec, status: {} };
}

/** The claim to send trusted: this claim's metadata, a private copy of the defaulted spec (admission writes into it). */
function assembleClaim(defaultedSpec: PersistentVolumeClaim['spec'], claim: PersistentVolumeClaim): PersistentVolumeClaim {
  // The built claim has no status, and admission adds the default storageClassName to the spec: both
  // are copies made by assignment, which take added properties fast (see shallowCopy).
  const assembled = shallowCopy(claim);
  assembled.spec = shallowCopy(defaultedSpec);
  assembled.status = {};
  return assembled;
}

/**
 * The pod prototype for `pod` built from `set` (the set whose template built it). Built once: the
 * pod is defaulted as the API server would, and the assembly of a trusted pod from that result is
 * checked to give the same object, key order included, before anything is trusted.
 */
function podPrototype(ctx: ControllerContext, set: StatefulSet, pod: Pod): Prototype<Pod> {
  const t = set.spec;
  const { namespace, name, uid } = set.metadata;
  const revision = pod.metadata.labels?.['controller-revision-hash'] ?? '';
  const gates = ctx.state.options.featureGates;
  const cached = podPrototypes.get(t.template);
  const p = cached?.ownerParts;
  if (cached && p && p[0] === namespace && p[1] === name && p[2] === uid && p[3] === t.serviceName && p[4] === revision && p[5] === t.volumeClaimTemplates && p[6] === gates) {
    return cached;
  }
  const defaulted = defaultedCopy(ctx, pod);
  const assembled = assemblePod(defaulted.spec, pod, claimVolumeCount(set));
  const same = sameJson(assembled.metadata, defaulted.metadata) && sameJson(assembled.spec, defaulted.spec) && sameKeys(assembled, defaulted);
  return store(podPrototypes, t.template, [namespace, name, uid, t.serviceName, revision, t.volumeClaimTemplates, gates], same ? defaulted : undefined);
}

function claimPrototype(ctx: ControllerContext, set: StatefulSet, template: object, claim: PersistentVolumeClaim): Prototype<PersistentVolumeClaim> {
  const { namespace, name } = set.metadata;
  const gates = ctx.state.options.featureGates;
  const cached = claimPrototypes.get(template);
  const p = cached?.ownerParts;
  if (cached && p && p[0] === namespace && p[1] === name && p[2] === set.spec.selector && p[3] === gates) return cached;
  const defaulted = defaultedCopy(ctx, claim);
  const assembled = assembleClaim(defaulted.spec, claim);
  const same = sameJson(assembled.metadata, defaulted.metadata) && sameJson(assembled.spec, defaulted.spec) && sameKeys(assembled, defaulted);
  return store(claimPrototypes, template, [namespace, name, set.spec.selector, gates], same ? defaulted : undefined);
}

/**
 * Creates a pod the controller built from `set` (newStatefulSetPod). The per-ordinal fields that
 * validation reads are the name (a DNS subdomain), the hostname (a DNS label) and the pod-name label
 * (a label value, ≤ 63): a name that is a DNS label satisfies all three.
 */
export function createBuiltPod(ctx: ControllerContext, set: StatefulSet, pod: Pod): WriteResult<Pod> {
  if (!trustedCreateOptions.enabled) return ctx.api.create(pod);
  const proto = podPrototype(ctx, set, pod);
  if (proto.spec && proto.verified && pod.spec.hostname === pod.metadata.name && isDNS1123Label(pod.metadata.name).length === 0) {
    return ctx.api.create(assemblePod(proto.spec, pod, claimVolumeCount(set)), { trusted: true, owned: true });
  }
  const result = ctx.api.create(pod);
  if (result.ok) proto.verified = true;
  return result;
}

/** Creates a claim the controller built from claim template `template` of `set` (getPersistentVolumeClaims). */
export function createBuiltClaim(ctx: ControllerContext, set: StatefulSet, template: object, claim: PersistentVolumeClaim): WriteResult<PersistentVolumeClaim> {
  if (!trustedCreateOptions.enabled) return ctx.api.create(claim);
  const proto = claimPrototype(ctx, set, template, claim);
  if (proto.spec && proto.verified && isDNS1123Subdomain(claim.metadata.name).length === 0) {
    return ctx.api.create(assembleClaim(proto.spec, claim), { trusted: true, owned: true });
  }
  const result = ctx.api.create(claim);
  if (result.ok) proto.verified = true;
  return result;
}

/** Equal as stored JSON is, key order included (it shows in snapshots and kubectl output). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  return ak.every((k, i) => k === bk[i] && sameJson(ao[k], bo[k]));
}

function sameKeys(a: object, b: object): boolean {
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return ak.length === bk.length && ak.every((k, i) => k === bk[i]);
}

