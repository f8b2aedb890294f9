/**
 * policy/v1 PodDisruptionBudget: defaults and validation (`pkg/apis/policy/validation`:
 * ValidatePodDisruptionBudget / ValidatePodDisruptionBudgetSpec). policy/v1 defaults nothing in the
 * spec (policy/v1beta1 defaulted minAvailable to 1; that version is no longer served).
 */
import type { FieldError, K8sObject } from '../model/types.ts';
import {
  Errors,
  child,
  goStruct,
  intOrString,
  invalid,
  isObj,
  isValidPercent,
  nameIsDNSSubdomain,
  nonNegative,
  notSupported,
  readObj,
  readStr,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validation.ts';

export const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'] as const;

export function defaultPolicy(obj: K8sObject, old: K8sObject | undefined): void {
  if (obj['spec'] === undefined || obj['spec'] === null) obj['spec'] = {};
  // podDisruptionBudgetStrategy.PrepareForCreate: the status starts empty (its counters at zero).
  if (!old) obj['status'] = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
}

export function validatePolicyCreate(obj: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  validateSpec(obj['spec'], 'spec', errs);
  return errs.list;
}

export function validatePolicyUpdate(obj: K8sObject, old: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMetaUpdate(obj, old, errs);
  validateSpec(obj['spec'], 'spec', errs);
  return errs.list;
}

/** ValidatePodDisruptionBudgetSpec. */
function validateSpec(raw: unknown, path: string, errs: Errors): void {
  const spec = readObj(raw, path, errs) ?? {};
  const minPath = child(path, 'minAvailable');
  const maxPath = child(path, 'maxUnavailable');
  const min = intOrString(spec['minAvailable'], minPath, errs);
  const max = intOrString(spec['maxUnavailable'], maxPath, errs);
  const selector = readObj(spec['selector'], child(path, 'selector'), errs);
  const policy = readStr(spec['unhealthyPodEvictionPolicy'], child(path, 'unhealthyPodEvictionPolicy'), errs);
  let renderedSelector: unknown = null;
  const selectorErrs = new Errors();
  if (selector) renderedSelector = validateLabelSelector(selector, child(path, 'selector'), selectorErrs).info.rendered;
  if (min !== undefined && max !== undefined) {
    // The internal policy.PodDisruptionBudgetSpec, fields in declaration order.
    const rendered = goStruct(['MinAvailable', min], ['Selector', renderedSelector], ['MaxUnavailable', max], ['UnhealthyPodEvictionPolicy', policy ?? null]);
    errs.add(invalid(path, rendered, 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (min !== undefined) validatePositiveIntOrPercent(min, minPath, errs);
  if (max !== undefined) validatePositiveIntOrPercent(max, maxPath, errs);
  errs.add(...selectorErrs.list);
  if (policy !== undefined && !(UNHEALTHY_POD_EVICTION_POLICIES as readonly string[]).includes(policy)) {
    errs.add(notSupported(child(path, 'unhealthyPodEvictionPolicy'), policy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
}

/** appsvalidation.ValidatePositiveIntOrPercent and IsNotMoreThan100Percent. */
function validatePositiveIntOrPercent(v: number | string, path: string, errs: Errors): void {
  if (typeof v === 'string') {
    for (const msg of isValidPercent(v)) errs.add(invalid(path, v, msg));
    const pct = /^[0-9]+%$/.test(v) ? Number(v.slice(0, -1)) : undefined;
    if (pct !== undefined && pct > 100) errs.add(invalid(path, v, 'must not be greater than 100%'));
  } else nonNegative(v, path, errs);
}

/** The PDB spec fields the disruption controller and eviction read. */
export interface PdbSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: Record<string, unknown> | null;
  unhealthyPodEvictionPolicy?: string;
}

export function pdbSpec(obj: K8sObject): PdbSpec {
  return isObj(obj['spec']) ? (obj['spec'] as PdbSpec) : {};
}
